// `quotaplan init-plan`: writes the commented v0 plan file from the workspace data, every input
// ASSUMED, for a person to review and confirm.

import type { Command } from 'commander';
import { addDbOption, writeErr, writeOut } from '../options.ts';
import { renderIssues } from '../render.ts';

interface InitPlanOptions {
  db?: string;
  out: string;
  asOf?: string;
  force?: boolean;
}

export function registerInitPlan(program: Command): void {
  const command = program
    .command('init-plan')
    .description(
      'Write a commented v0 plan file from the workspace data: last 12 months flat, METHOD.md defaults, every input ASSUMED.',
    );
  addDbOption(command)
    .requiredOption('--out <file>', 'where to write the plan file (YAML)')
    .option(
      '--as-of <date>',
      'as-of date (default: the workspace as-of date, else the latest date in the data)',
    )
    .option('--force', 'overwrite the file if it exists')
    .action(async (options: InitPlanOptions) => {
      const { initPlan } = await import('../../services/plan-service.ts');
      const result = await initPlan({
        env: process.env,
        db: options.db,
        out: options.out,
        asOf: options.asOf,
        force: options.force,
      });
      if (!result.ok) {
        writeErr(`No plan written:\n${renderIssues(result.issues)}`);
        process.exitCode = 1;
        return;
      }
      const { file, notes, path } = result.value;
      let out = `Wrote ${path}: "${file.name}", ${file.months} months from ${file.start}, data as of ${file.as_of}.\n`;
      if (notes.target !== undefined) out += `  target: ${notes.target}\n`;
      out += `  roles: ${Object.keys(file.roles).join(', ')}\n`;
      out += `Every input is ASSUMED until listed under confirmed: in the file.\n`;
      out += `Next: review ${path}, then quotaplan plan ${path} --out plan-output\n`;
      writeOut(out);
    });
}
