// `quotaplan docs`: the documentation package of a plan, from its real numbers: methodology,
// Definition Alignment Document, one quota letter per rep, talking points per team, rep FAQ,
// RevOps runbook, quarterly review agenda and maintenance schedule. Exit 1 when the plan is
// refused or blocked.

import type { Command } from 'commander';
import { DOCS_FORMATS, type DocsFormat } from '../../services/docs-formats.ts';
import { addDbOption, checkChoice, writeErr, writeOut } from '../options.ts';
import { renderIssues } from '../render.ts';

interface DocsCommandOptions {
  db?: string;
  out: string;
  format: string;
  trackAt?: string;
}

export function registerDocs(program: Command): void {
  const command = program
    .command('docs')
    .description(
      'Write the documentation package: methodology, Definition Alignment Document, a quota letter per rep, talking points per team, FAQ, runbook, review agenda, maintenance schedule.',
    )
    .argument('<plan-file>', 'the YAML plan file');
  addDbOption(command)
    .requiredOption('--out <dir>', 'the folder to write the package into (created)')
    .option(
      '--format <format>',
      'pdf (one PDF per document, team and rep letter, and quota-package.pdf), html (with index.html) or md (with the charts as SVG)',
      'pdf',
    )
    .option('--track-at <text>', 'where reps track their attainment, as the letters and FAQ say it')
    .action(async (planFile: string, options: DocsCommandOptions) => {
      const { writeDocsPackage } = await import('../../services/docs-service.ts');
      checkChoice(command, 'format', options.format, DOCS_FORMATS);
      const result = await writeDocsPackage({
        env: process.env,
        db: options.db,
        planPath: planFile,
        out: options.out,
        format: options.format as DocsFormat,
        trackingPlace: options.trackAt,
        generatedOn: new Date().toISOString().slice(0, 10),
      });
      if (!result.ok) {
        const n = result.issues.length;
        writeErr(
          `Documentation refused: ${n} problem${n === 1 ? '' : 's'}.\n${renderIssues(result.issues)}`,
        );
        process.exitCode = 1;
        return;
      }
      const r = result.value;
      writeOut(
        `Wrote ${r.files.length} files to ${r.dir}: the plan's documents, talking points for ${r.teams} team${r.teams === 1 ? '' : 's'} and ${r.letters} quota letter${r.letters === 1 ? '' : 's'}.\n`,
      );
    });
}
