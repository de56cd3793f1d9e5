// `quotaplan import`: CRM export files into the workspace, all or nothing.

import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { formatAsOf } from '../../core/as-of.ts';
import type { ImportPreview, ImportSummary } from '../../services/import-service.ts';
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
  dryRun?: boolean;
  acceptAuditErrors?: string;
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

/** What a dry run found: what the import would change, and what would stop it. */
export function renderPreview(preview: ImportPreview): string {
  let out = `Dry run (preset ${preview.preset ?? '?'}): nothing was written.\n\n`;
  if (preview.effect !== null) {
    out += renderTable(
      [
        { header: 'entity' },
        { header: 'new', align: 'right' },
        { header: 'updated', align: 'right' },
        { header: 'unchanged', align: 'right' },
      ],
      Object.entries(preview.effect.changes)
        .filter(([, c]) => c.new + c.updated + c.unchanged > 0)
        .map(([entity, c]) => [
          entity,
          formatCount(c.new),
          formatCount(c.updated),
          formatCount(c.unchanged),
        ]),
    );
    const { before, after } = preview.effect.history;
    const span = (w: { from: string | null; to: string | null }): string =>
      w.from === null ? 'none' : `${w.from} to ${w.to ?? '?'}`;
    out += `\nHistory (close dates): ${span(before)} -> ${span(after)}\n`;
    const roster = preview.effect.roster;
    out += `Roster: ${formatCount(roster.before)} -> ${formatCount(roster.after)} reps`;
    out +=
      roster.added.length > 0
        ? ` (new: ${roster.added.slice(0, 10).join(', ')}${roster.added.length > 10 ? ', …' : ''})\n`
        : '\n';
  }
  for (const [entity, fields] of Object.entries(preview.untouched)) {
    out += `Not touched (no column): ${entity}: ${fields.join(', ')}\n`;
  }
  if (preview.unrelated) {
    out +=
      '\nWARNING: these files share no record id and no deal owner with this workspace: they look like another company\u2019s data. Import them into a new workspace (another --db) instead.\n';
  }
  if (preview.blocking.length > 0) {
    out += `\nData-quality errors (they block the import; --accept-audit-errors "<reason>" imports anyway):\n`;
    for (const f of preview.blocking) out += `  ${f.title} (${f.code}): ${formatCount(f.count)}\n`;
  }
  if (preview.errorCount > 0) {
    out += `\n${formatCount(preview.errorCount)} problems: the import would be refused\n${renderIssues(preview.errors, 20)}`;
  }
  if (preview.notices.length > 0) out += `\nNotes:\n${renderIssues(preview.notices, 50)}`;
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
    .option(
      '--dry-run',
      'show what the import would change (new, updated, unchanged; history window; roster) and write nothing',
    )
    .option(
      '--accept-audit-errors <reason>',
      'import despite data-quality errors (a deal owner not in the roster…); the reason is audited',
    )
    .option('--format <format>', 'table or json', 'table')
    .addHelpText(
      'after',
      '\nUndo the latest import (its records removed, those it replaced put back, audited):\n  quotaplan import undo <import-id> [--db …]\n',
    )
    .action(async (paths: string[], options: ImportOptions) => {
      const service = await import('../../services/import-service.ts');
      const { importFiles } = service;
      checkChoice(command, 'format', options.format, ['table', 'json']);
      if (paths[0] === 'undo') {
        const id = Number(paths[1]);
        if (paths.length !== 2 || !Number.isInteger(id) || id < 1 || id > 2_147_483_647) {
          writeErr(
            'Usage: quotaplan import undo <import-id> (the id that import and status show)\n',
          );
          process.exitCode = 1;
          return;
        }
        const { WorkflowError } = await import('../../services/workflow/errors.ts');
        try {
          const undone = await service.undoImportCommand({
            env: process.env,
            db: options.db,
            importId: id,
            actor: { userId: null, email: process.env.USER ?? 'cli' },
          });
          writeOut(
            options.format === 'json'
              ? json({ ok: true, ...undone })
              : `Import #${id} undone: ${formatCount(undone.removed)} records removed, ${formatCount(undone.restored)} put back as they were.\n`,
          );
        } catch (error) {
          if (!(error instanceof WorkflowError)) throw error;
          writeErr(`Undo refused: ${error.message}\n`);
          process.exitCode = 1;
        }
        return;
      }
      if (options.dryRun === true) {
        const preview = await service.previewImportFiles({
          paths,
          env: process.env,
          db: options.db,
          preset: options.preset,
          mappingPath: options.mapping,
          dateFormat: options.dateFormat,
          locale: options.locale,
          currency: options.currency,
          asOf: options.asOf,
          importedBy: process.env.USER ?? 'cli',
        });
        if (!preview.ok) {
          writeErr(`Import refused: ${renderIssues(preview.issues, 20)}`);
          process.exitCode = 1;
          return;
        }
        writeOut(
          options.format === 'json'
            ? json({ ok: true, dryRun: true, ...preview.value })
            : renderPreview(preview.value),
        );
        if (!preview.value.ready) process.exitCode = 1;
        return;
      }
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
        acceptAuditErrors:
          options.acceptAuditErrors === undefined
            ? undefined
            : { reason: options.acceptAuditErrors },
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
          if (outcome.auditBlocked === true) {
            writeErr(
              'These are data-quality errors: fix them, or import anyway with --accept-audit-errors "<reason>" (audited).\n',
            );
          } else if (outcome.issues.some((i) => i.location?.row !== undefined)) {
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
