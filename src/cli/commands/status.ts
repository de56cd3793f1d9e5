// `quotaplan status`: what the workspace holds and its import history.

import type { Command } from 'commander';
import { formatAsOf } from '../../core/as-of.ts';
import { addDbOption, checkChoice, json, writeOut } from '../options.ts';
import { formatCount, renderTable } from '../render.ts';

export function registerStatus(program: Command): void {
  const command = program
    .command('status')
    .description(
      'Show the workspace: where it lives, its settings, record counts and import history.',
    );
  addDbOption(command)
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { db?: string; format: string }) => {
      const { workspaceStatus } = await import('../../services/status-service.ts');
      checkChoice(command, 'format', options.format, ['table', 'json']);
      const status = await workspaceStatus({ env: process.env, db: options.db });
      if (options.format === 'json') {
        writeOut(json(status));
        return;
      }
      let out = `Workspace at ${status.location}\n`;
      out += `currency ${status.settings.currency}, basis ${status.settings.basis}\n`;
      out += `as of ${status.asOf === null ? '(no date in the data yet)' : formatAsOf(status.asOf)}\n\n`;
      out += renderTable(
        [{ header: 'records' }, { header: 'count', align: 'right' }],
        Object.entries(status.counts).map(([entity, n]) => [entity, formatCount(n)]),
      );
      if (status.imports.length > 0) {
        out +=
          '\n' +
          renderTable(
            [
              { header: 'import' },
              { header: 'when' },
              { header: 'by' },
              { header: 'preset' },
              { header: 'files' },
            ],
            status.imports.map((i) => [
              `#${i.id}`,
              i.startedAt,
              i.importedBy,
              i.preset,
              i.files.map((f) => `${f.name} (${formatCount(f.accepted)})`).join(', '),
            ]),
          );
      }
      writeOut(out);
    });
}
