// `quotaplan plan`: runs a plan file on the workspace, writes quotas.csv and the JSON reports,
// and prints the summary a planner reads first, with the back-test's line (exit 1 when the plan
// is refused or blocked; a failing back-test verdict is information, not a failure).

import type { Command } from 'commander';
import { NO_SEGMENT } from '../../core/engine/cohorts.ts';
import type { PlanRunResult } from '../../services/plan-service.ts';
import { backtestLine } from './backtest.ts';
import { addDbOption, checkChoice, json, writeErr, writeOut } from '../options.ts';
import { amountFormatter, renderIssues, renderTable } from '../render.ts';

interface PlanOptions {
  db?: string;
  out?: string;
  format: string;
}

const FORMATS = ['summary', 'table', 'json'] as const;

function planAmounts(result: PlanRunResult): (value: number) => string {
  return amountFormatter(result.summary.basis, result.summary.currency);
}

export function renderSummary(result: PlanRunResult): string {
  const s = result.summary;
  const amount = planAmounts(result);
  const lines: string[] = [];
  const last = result.run.allocation.monthLabels.at(-1) ?? s.start.slice(0, 7);
  lines.push(
    `${s.name}: ${s.methodology}, ${s.start.slice(0, 7)}..${last} (${s.months} months)`,
    `Data as of ${s.asOf} (${s.asOfNote})`,
    '',
  );
  lines.push(`Target       ${amount(s.target)}`);
  if (s.quota !== s.target) {
    lines.push(`Quotas       ${amount(s.quota)} (the target with over-assignment)`);
  }
  lines.push(`Capacity     ${amount(s.capacity)} bottom-up`);
  if (s.gap > 0) {
    const heads =
      s.headcountToClose === null
        ? ''
        : `; about ${s.headcountToClose.toFixed(1)} fully ramped reps would close it`;
    lines.push(
      `Gap          ${amount(s.gap)} short${heads} (meet it with headcount, coverage or investment, not seller burden)`,
    );
  } else {
    lines.push(`Gap          none: capacity exceeds the target by ${amount(-s.gap)}`);
  }
  lines.push(
    `Reps         ${s.reps} with quota${s.plannedHires > 0 ? ` (${s.plannedHires} planned hire${s.plannedHires === 1 ? '' : 's'})` : ''}`,
  );
  lines.push(
    `Assumptions  ${s.assumptions.open} still ASSUMED, ${s.assumptions.confirmed} CONFIRMED; ${s.assumptions.repsOnAssumptions} reps' quotas depend on an assumption`,
  );
  for (const entry of s.assumptions.top) {
    lines.push(`  - ${entry.key}: ${entry.label} = ${entry.value}`);
  }
  if (s.assumptions.open > s.assumptions.top.length) {
    lines.push(`  … and ${s.assumptions.open - s.assumptions.top.length} more (assumptions.json)`);
  }
  if (s.failedChecks.length === 0) {
    lines.push('Checks       all passed');
  } else {
    lines.push(`Checks       ${s.failedChecks.length} not passed:`);
    for (const check of s.failedChecks) {
      lines.push(`  - ${check.title} (${check.status}): ${check.summary}`);
    }
  }
  if (result.backtest === null) {
    lines.push('Back-test    not run: the plan is blocked');
  } else {
    lines.push(`Back-test    ${backtestLine(result.backtest, amount)}`);
  }
  const current = result.run.currentMethodology;
  if (current !== null) {
    lines.push('Current quotas (the quotas in force, against this proposal):');
    for (const finding of current.findings) lines.push(`  - ${finding}`);
  }
  let out = lines.join('\n') + '\n';
  if (s.issues.length > 0) {
    const serious = s.issues.some((i) => i.severity !== 'info');
    out += `${serious ? 'Issues' : 'Notes'}:\n${renderIssues(s.issues)}`;
  }
  if (result.written.length > 0) out += `Wrote ${result.written.join(', ')}\n`;
  if (s.blocked) out += 'The plan is blocked: fix the errors above before sign-off.\n';
  return out;
}

function renderQuotaTable(result: PlanRunResult): string {
  const amount = planAmounts(result);
  const a = result.run.allocation;
  return renderTable(
    [
      { header: 'rep' },
      { header: 'segment' },
      { header: 'territory' },
      { header: 'annual quota', align: 'right' },
      ...a.quarterLabels.map((q) => ({ header: q, align: 'right' as const })),
    ],
    a.reps.map((rep) => [
      rep.name,
      rep.segment === NO_SEGMENT ? '—' : rep.segment,
      rep.territoryName ?? rep.territoryId ?? '',
      amount(rep.quota),
      ...rep.quarters.map(amount),
    ]),
  );
}

export function registerPlan(program: Command): void {
  const command = program
    .command('plan')
    .description(
      'Run a plan file on the workspace: quotas per rep and month, checks, explanations and the assumption register.',
    )
    .argument('<plan-file>', 'the YAML plan file (quotaplan init-plan writes a first one)');
  addDbOption(command)
    .option(
      '--out <dir>',
      'folder for quotas.csv, checks.json, explain.json, assumptions.json and backtest.json (created)',
    )
    .option(
      '--format <format>',
      'summary, table (summary and the quota table) or json (one object, money in cents)',
      'summary',
    )
    .action(async (planFile: string, options: PlanOptions) => {
      const { runPlanFile } = await import('../../services/plan-service.ts');
      checkChoice(command, 'format', options.format, FORMATS);
      const result = await runPlanFile({
        env: process.env,
        db: options.db,
        planPath: planFile,
        outDir: options.out,
      });
      if (!result.ok) {
        const n = result.issues.length;
        writeErr(
          `Plan refused: ${n} problem${n === 1 ? '' : 's'}.\n${renderIssues(result.issues)}`,
        );
        process.exitCode = 1;
        return;
      }
      const value = result.value;
      if (options.format === 'json') {
        const a = value.run.allocation;
        writeOut(
          json({
            _units:
              value.summary.basis === 'count'
                ? 'quantities in hundredths of a won deal'
                : `money in integer cents of ${value.summary.currency}`,
            ...value.summary,
            written: value.written,
            backtest:
              value.backtest === null
                ? null
                : {
                    shareAttaining: value.backtest.shareAttaining,
                    verdict: value.backtest.verdict,
                    verdictText: value.backtest.verdictText,
                    inSample: value.backtest.inSample,
                    kStar: value.backtest.kStar,
                    targetAtKStar: value.backtest.targetAtKStar,
                  },
            monthLabels: a.monthLabels,
            quotas: a.reps.map((rep) => ({
              repId: rep.id,
              repName: rep.name,
              role: rep.role,
              segment: rep.segment,
              territory: rep.territoryId,
              manager: rep.managerId,
              startDate: rep.startDate,
              annualQuota: rep.quota,
              monthly: rep.monthly,
              quarters: rep.quarters,
            })),
          }),
        );
      } else {
        let out = renderSummary(value);
        if (options.format === 'table') out += '\n' + renderQuotaTable(value);
        writeOut(out);
      }
      if (value.summary.blocked) process.exitCode = 1;
    });
}
