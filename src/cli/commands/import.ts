// `quotaplan import`: CRM export files into the workspace, all or nothing.

import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { formatAsOf } from '../../core/as-of.ts';
import type { ImportSummary } from '../../services/import-service.ts';
import { addDbOption, checkChoice, json, writeErr, writeOut } from '../options.ts';
import { formatCount, renderIssues, renderTable } from '../render.ts';

interface ImportOptions {
  preset?: string;
  mapping?: string;
  db?: string;
  dateFormat?: string;
  locale?: string;
  currency?: string;
  skipInvalid?: boolean;
  rejects?: string;
  asOf?: string;
  format: string;
}

/** A progress bar on stderr for files past 10,000 rows, when stderr is a terminal. */
function progressReporter(): {
  onProgress: (p: { file: string; rows: number; bytesRead: number; sizeBytes: number }) => void;
  stop: () => void;
} {
  let bar: cliProgress.SingleBar | null = null;
  let current = '';
  return {
    onProgress(p) {
      if (!process.stderr.isTTY || p.rows < 10_000) return;
      if (bar === null || current !== p.file) {
        bar?.stop();
        current = p.file;
        bar = new cliProgress.SingleBar(
          {
            format: `${p.file} [{bar}] {percentage}% | {rows} rows`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.sizeBytes, p.bytesRead, { rows: formatCount(p.rows) });
      }
      bar.update(p.bytesRead, { rows: formatCount(p.rows) });
    },
    stop() {
      bar?.stop();
    },
  };
}

function renderSummary(summary: ImportSummary): string {
  let out = `Imported into ${summary.location} (preset ${summary.preset}, currency ${summary.currency}, import #${summary.importId})\n\n`;
  out += renderTable(
    [
      { header: 'file' },
      { header: 'entity' },
      { header: 'rows', align: 'right' },
      { header: 'imported', align: 'right' },
      { header: 'rejected', align: 'right' },
    ],
    summary.files.map((f) => [
      f.name,
      f.entity ?? '(ignored)',
      formatCount(f.rows),
      formatCount(f.accepted),
      formatCount(f.rejected),
    ]),
  );
  const counts = Object.entries(summary.counts)
    .filter(([, c]) => c.inserted + c.updated > 0)
    .map(
      ([entity, c]) =>
        `${entity}: ${formatCount(c.inserted)} new, ${formatCount(c.updated)} updated`,
    );
  if (counts.length > 0) out += `\n${counts.join('; ')}\n`;
  if (summary.asOf !== null) out += `Data as of ${formatAsOf(summary.asOf)}\n`;
  if (summary.notices.length > 0) out += `\nNotes:\n${renderIssues(summary.notices, 50)}`;
  if (summary.rejectsPath !== null) {
    out += `\n${formatCount(summary.rejected)} rejected rows written to ${summary.rejectsPath}\n`;
  }
  out += '\nNext: quotaplan audit, then quotaplan baseline --by rep\n';
  return out;
}

export function registerImport(program: Command): void {
  const command = program
    .command('import')
    .description(
      'Import CRM exports (CSV or XLSX) into the workspace. All or nothing: any bad row aborts the import with nothing written, unless --skip-invalid.',
    )
    .argument('<path...>', 'files to import (a preset recognises its files by their headers)')
    .option(
      '--preset <name>',
      'maven, salesforce, hubspot, olist or generic (default: detected from the headers)',
    )
    .option(
      '--mapping <file>',
      'YAML mapping of source columns and values to the model (see examples/mapping-reference.yaml)',
    );
  addDbOption(command)
    .option(
      '--date-format <format>',
      'ISO, MDY (M/D/YYYY) or DMY (D/M/YYYY, D.M.YYYY); required when dates are ambiguous',
    )
    .option('--locale <tag>', 'number format of amounts, e.g. de-DE for 1.234,56 (default en-US)')
    .option(
      '--currency <code>',
      'workspace currency, set when the workspace is created (default USD)',
    )
    .option('--skip-invalid', 'import the valid rows and write the others to --rejects')
    .option(
      '--rejects <file>',
      'CSV file for rejected rows and their reasons (with --skip-invalid)',
    )
    .option('--as-of <date>', 'date the data was extracted (default: the latest date in the data)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (paths: string[], options: ImportOptions) => {
      const { importFiles } = await import('../../services/import-service.ts');
      checkChoice(command, 'format', options.format, ['table', 'json']);
      const progress = progressReporter();
      const outcome = await importFiles({
        paths,
        env: process.env,
        db: options.db,
        preset: options.preset,
        mappingPath: options.mapping,
        dateFormat: options.dateFormat,
        locale: options.locale,
        currency: options.currency,
        skipInvalid: options.skipInvalid,
        rejectsPath: options.rejects,
        asOf: options.asOf,
        importedBy: process.env.USER ?? 'cli',
        onProgress: progress.onProgress,
      });
      progress.stop();
      if (!outcome.ok) {
        if (options.format === 'json') {
          writeOut(
            json({
              ok: false,
              errors: outcome.issues,
              files: outcome.files,
              notices: outcome.notices,
            }),
          );
        } else {
          writeErr(
            `Import refused: ${formatCount(outcome.issues.length)} problem${outcome.issues.length === 1 ? '' : 's'}; nothing was written.\n`,
          );
          writeErr(renderIssues(outcome.issues, 20));
          if (outcome.issues.some((i) => i.location?.row !== undefined)) {
            writeErr(
              'Fix the rows, or use --skip-invalid --rejects FILE to import the valid rows only.\n',
            );
          }
        }
        process.exitCode = 1;
        return;
      }
      writeOut(
        options.format === 'json'
          ? json({ ok: true, ...outcome.value })
          : renderSummary(outcome.value),
      );
    });
}
