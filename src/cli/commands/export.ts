// `quotaplan export xlsx`: the quota model workbook of a plan (every quota a live formula of its
// inputs), with the back-test and the simulated scenarios. Exit 1 when the plan is refused or
// blocked.

import type { Command } from 'commander';
import { addDbOption, writeErr, writeOut } from '../options.ts';
import { renderIssues } from '../render.ts';
import { wholeNumber } from './simulate.ts';

interface ExportXlsxOptions {
  db?: string;
  out: string;
  scenarios: boolean;
  trials?: string;
  workers?: string;
}

export function registerExport(program: Command): void {
  const group = program
    .command('export')
    .description(
      'Export a plan as a file for people to work with (export xlsx: the quota model workbook).',
    );
  const command = group
    .command('xlsx')
    .description(
      'Write the quota model workbook: Inputs, Baseline, Territory weights, Ramp & capacity, Allocation (live formulas), Back-test, Scenarios, Checks, Assumptions.',
    )
    .argument('<plan-file>', 'the YAML plan file');
  addDbOption(command)
    .requiredOption('--out <file.xlsx>', 'the workbook to write (its folder is created)')
    .option('--no-scenarios', 'skip the Monte Carlo scenarios (the Scenarios sheet says so)')
    .option('--trials <n>', "trials per scenario (default: the plan's simulation.trials)")
    .option('--workers <n>', 'worker threads of the simulation (default: the cores, at most 4)')
    .action(async (planFile: string, options: ExportXlsxOptions) => {
      const { exportWorkbookFile } = await import('../../services/export-service.ts');
      const result = await exportWorkbookFile({
        env: process.env,
        db: options.db,
        planPath: planFile,
        out: options.out,
        scenarios: options.scenarios,
        trials: wholeNumber(command, 'trials', options.trials),
        workers: wholeNumber(command, 'workers', options.workers),
        generatedOn: new Date().toISOString().slice(0, 10),
      });
      if (!result.ok) {
        const n = result.issues.length;
        writeErr(
          `Export refused: ${n} problem${n === 1 ? '' : 's'}.\n${renderIssues(result.issues)}`,
        );
        process.exitCode = 1;
        return;
      }
      const r = result.value;
      writeOut(
        `Wrote ${r.path} (${Math.round(r.bytes / 1024).toLocaleString('en-US')} KB): ${r.reps} reps, ${r.scenarios === 0 ? 'no scenarios' : `${r.scenarios} scenarios`}. Change Target, Alpha, Growth, OverAssignment or RoundingUnit on the Inputs sheet and every quota recalculates.\n`,
      );
    });
}
