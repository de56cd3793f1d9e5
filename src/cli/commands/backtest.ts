// `quotaplan backtest`: replays a plan on the year before it (METHOD §7) and prints the share of
// reps who would have attained, the verdict, the calibration and the distribution.

import type { Command } from 'commander';
import type { BacktestResult } from '../../core/backtest/backtest.ts';
import type { BacktestRunResult } from '../../services/backtest-service.ts';
import { backtestToJson } from '../../services/report-formats.ts';
import { addDbOption, checkChoice, json, writeErr, writeOut } from '../options.ts';
import { amountFormatter, formatPercent, renderIssues, renderTable, textBar } from '../render.ts';

interface BacktestOptions {
  db?: string;
  format: string;
}

const FORMATS = ['table', 'json'] as const;

/** A window of dates as its months: 2017-01..2017-12. */
function months(window: { from: string; to: string }): string {
  return `${window.from.slice(0, 7)}..${window.to.slice(0, 7)}`;
}

/** The one line the plan summary shows: share, verdict, in/out of sample, k* and T*. */
export function backtestLine(b: BacktestResult, amount: (cents: number) => string): string {
  const sample = b.inSample ? 'in sample' : 'out of sample';
  const calibration =
    b.kStar === null || !Number.isFinite(b.kStar) || b.targetAtKStar === null
      ? 'k* undefined'
      : `k* ${b.kStar.toFixed(2)}, T* ${amount(b.targetAtKStar)}`;
  return `${formatPercent(b.shareAttaining)} of reps would have attained on ${months(b.testWindow)} (${b.verdict}, ${sample}); ${calibration}`;
}

function renderBuckets(b: BacktestResult['buckets']): string {
  const width = Math.max(...b.map((x) => x.label.length));
  return (
    b
      .map(
        (x) =>
          `  ${x.label.padEnd(width)}  ${String(x.reps).padStart(4)}  ${formatPercent(x.share).padStart(6)}  ${textBar(x.share)}`,
      )
      .join('\n') + '\n'
  );
}

function renderGroups(title: string, groups: BacktestResult['bySegment']): string {
  return (
    `\n${title}\n` +
    renderTable(
      [
        { header: title.toLowerCase().replace('by ', '') },
        { header: 'reps', align: 'right' },
        { header: 'attaining', align: 'right' },
        ...(groups[0]?.buckets ?? []).map((x) => ({ header: x.label, align: 'right' as const })),
      ],
      groups.map((g) => [
        g.label,
        String(g.reps),
        formatPercent(g.shareAttaining),
        ...g.buckets.map((x) => String(x.reps)),
      ]),
    )
  );
}

export function renderBacktest(result: BacktestRunResult): string {
  const b = result.backtest;
  const amount = amountFormatter(result.basis, result.currency);
  const lines: string[] = [];
  lines.push(
    `${b.plan}: back-test on ${months(b.testWindow)}, ${b.inSample ? 'IN SAMPLE' : 'out of sample'} (learnt from ${months(b.fitWindow)}, ${b.fitWindow.months} months)`,
    '',
    `Verdict      ${b.verdict.toUpperCase()}: ${b.verdictText}`,
    `Reps         ${b.reps} with a quota in the test year`,
    `Ambition     k = target ÷ capacity = ${Number.isFinite(b.ambition) ? b.ambition.toFixed(2) : '—'}: test-year target ${amount(b.testTarget)} on capacity ${amount(b.testCapacity)}`,
  );
  if (b.kStar !== null && Number.isFinite(b.kStar) && b.targetAtKStar !== null) {
    lines.push(
      `Calibration  k* = ${b.kStar.toFixed(2)}: three reps in four would have attained with a target of ${amount(b.targetAtKStar)} (T*; the plan's is ${amount(b.planTarget)})`,
    );
  } else {
    lines.push('Calibration  k* undefined: too few reps with capacity in the test year');
  }
  let out = lines.join('\n') + '\n';
  if (b.notes.length > 0) out += `\nNotes:\n${b.notes.map((n) => `  - ${n}`).join('\n')}\n`;
  if (b.issues.length > 0) out += `\nIssues:\n${renderIssues(b.issues)}`;
  out += `\nAttainment (reps, share)\n${renderBuckets(b.buckets)}`;
  if (b.bySegment.length > 0) out += renderGroups('By segment', b.bySegment);
  if (b.byTerritory.length > 0) out += renderGroups('By territory', b.byTerritory);
  if (b.quarters.length > 0) {
    out +=
      '\nQuarters\n' +
      renderTable(
        [
          { header: 'quarter' },
          { header: 'months' },
          { header: 'reps', align: 'right' },
          { header: 'attaining', align: 'right' },
        ],
        b.quarters.map((q) => [
          q.label,
          months(q),
          String(q.reps),
          formatPercent(q.shareAttaining),
        ]),
      );
  }
  out +=
    '\nPer rep\n' +
    renderTable(
      [
        { header: 'rep' },
        { header: 'segment' },
        { header: 'territory' },
        { header: 'quota', align: 'right' },
        { header: 'bookings', align: 'right' },
        { header: 'attainment', align: 'right' },
      ],
      b.perRep.map((r) => [
        r.repName,
        r.segment,
        r.territoryName ?? r.territoryId ?? '',
        amount(r.quota),
        amount(r.bookings),
        formatPercent(r.attainment),
      ]),
    );
  return out;
}

export function registerBacktest(program: Command): void {
  const command = program
    .command('backtest')
    .description(
      'Back-test a plan: replay its method on the year before it and show the share of reps who would have attained, the verdict, and the target at which three in four would have (k*, T*).',
    )
    .argument('<plan-file>', 'the YAML plan file');
  addDbOption(command)
    .option(
      '--format <format>',
      'table, or json (snake_case keys; money in currency units with up to two decimals)',
      'table',
    )
    .action(async (planFile: string, options: BacktestOptions) => {
      const { runBacktestFile } = await import('../../services/backtest-service.ts');
      checkChoice(command, 'format', options.format, FORMATS);
      const result = await runBacktestFile({
        env: process.env,
        db: options.db,
        planPath: planFile,
      });
      if (!result.ok) {
        const n = result.issues.length;
        writeErr(
          `Back-test refused: ${n} problem${n === 1 ? '' : 's'}.\n${renderIssues(result.issues)}`,
        );
        process.exitCode = 1;
        return;
      }
      const value = result.value;
      writeOut(
        options.format === 'json'
          ? json(backtestToJson(value.backtest, value.basis, value.currency))
          : renderBacktest(value),
      );
    });
}
