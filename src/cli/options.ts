// Options shared by several commands, and the small conversions every command needs.

import type { Command } from 'commander';

export const DB_HELP =
  'workspace database: a folder (PGlite), memory:, or postgres://… (default: $QUOTAPLAN_DB, $DATABASE_URL, ./.quotaplan/db)';

export function addDbOption(command: Command): Command {
  return command.option('--db <dir|url>', DB_HELP);
}

export const FORMATS_TABLE_JSON_CSV = ['table', 'json', 'csv'] as const;

/** Validates a --format value against the allowed ones, exiting with a clear message otherwise. */
export function checkChoice(
  command: Command,
  option: string,
  value: string,
  allowed: readonly string[],
): void {
  if (!allowed.includes(value)) {
    command.error(
      `error: option '--${option}' must be one of ${allowed.join(', ')} (got "${value}")`,
      {
        exitCode: 1,
      },
    );
  }
}

export function writeOut(text: string): void {
  process.stdout.write(text);
}

export function writeErr(text: string): void {
  process.stderr.write(text);
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
