// `quotaplan simulate`: Monte Carlo scenarios of the plan year (METHOD §8), side by side with the
// plan: P(team ≥ target), team bookings p10/p50/p90, expected share attaining, P(attain) per rep.

import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { Levers, ScenarioResult } from '../../core/simulation/index.ts';
import { toUnits, unitsText } from '../../services/report-formats.ts';
import type { SimulateResult } from '../../services/simulate-service.ts';
import { addDbOption, checkChoice, json, writeErr, writeOut } from '../options.ts';
import {
  amountFormatter,
  formatCount,
  formatPercent,
  renderIssues,
  renderTable,
} from '../render.ts';

interface SimulateOptions {
  db?: string;
  scenario: string;
  trials?: string;
  seed?: string;
  workers?: string;
  format: string;
}

const FORMATS = ['table', 'json'] as const;
/** Reps shown in the table; the rest are in --format json. */
export const REP_ROWS = 30;
/** A run shows a progress bar once it has taken this long (and stderr is a terminal). */
const PROGRESS_AFTER_MS = 1000;

/** A progress bar on stderr for runs that take more than a second, when stderr is a terminal. */
function progressReporter(): {
  onProgress: (done: number, total: number) => void;
  stop: () => void;
} {
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    onProgress(done, total) {
      if (!process.stderr.isTTY) return;
      if (bar === null) {
        if (Date.now() - started < PROGRESS_AFTER_MS) return;
        bar = new cliProgress.SingleBar(
          {
            format: 'simulate [{bar}] {percentage}% | {value}/{total} trials',
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}

/** A whole number option, or exit 1 naming the option and the value. */
export function wholeNumber(
  command: Command,
  option: string,
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) {
    command.error(`error: option '--${option}' must be a whole number (got "${value}")`, {
      exitCode: 1,
    });
  }
  return Number(value);
}

function leversJson(l: Levers): object {
  return {
    win_rate_points: l.winRatePoints,
    deal_size_multiplier: l.dealSizeMultiplier,
    attrition: l.attrition,
    extra_ramp_months: l.extraRampMonths,
    extra_hires: l.extraHires,
  };
}

function scenarioJson(s: ScenarioResult): object {
  return {
    scenario: s.scenario,
    levers: leversJson(s.levers),
    trials: s.trials,
    seed: s.seed,
    target: toUnits(s.target),
    p_team_at_target: s.pTeamAtTarget,
    mean_team: toUnits(s.meanTeam),
    p10: toUnits(s.p10),
    p50: toUnits(s.p50),
    p90: toUnits(s.p90),
    expected_share_attaining: s.expectedShareAttaining,
    notes: s.notes,
    reps: s.reps.map((r) => ({
      rep_id: r.repId,
      rep_name: r.repName,
      quota: toUnits(r.quota),
      p_attain: r.pAttain,
      mean_bookings: toUnits(r.meanBookings),
    })),
  };
}

/** The result as JSON: snake_case keys, money in currency units with up to two decimals. */
export function simulationToJson(r: SimulateResult): object {
  return {
    _units: unitsText(r.basis, r.currency),
    plan: r.plan,
    currency: r.currency,
    basis: r.basis,
    start: r.start,
    months: r.months,
    trials: r.trials,
    seed: r.seed,
    target: toUnits(r.target),
    quota: toUnits(r.quota),
    capacity: toUnits(r.capacity),
    reps: r.reps,
    scenarios: r.scenarios.map(scenarioJson),
  };
}

function leversText(l: Levers): string {
  const points = Math.round(l.winRatePoints * 100);
  return [
    `win rate ${points >= 0 ? '+' : ''}${points} pts`,
    `deal size ×${l.dealSizeMultiplier}`,
    `attrition ${formatPercent(l.attrition)}`,
    ...(l.extraRampMonths > 0 ? [`ramp +${l.extraRampMonths} months`] : []),
    ...(l.extraHires > 0 ? [`${l.extraHires} extra hires`] : []),
  ].join(', ');
}

export function renderSimulation(r: SimulateResult): string {
  const amount = amountFormatter(r.basis, r.currency);
  const s = r.scenarios;
  const none = '—';
  let out = `${r.plan}: simulation of ${r.start.slice(0, 7)}..${r.lastMonth} (${r.months} months), ${formatCount(r.trials)} trials per scenario, seed ${r.seed}, ${r.workers} worker${r.workers === 1 ? '' : 's'}\n\n`;
  out += renderTable(
    [
      { header: '' },
      { header: 'plan', align: 'right' },
      ...s.map((x) => ({ header: x.scenario, align: 'right' as const })),
    ],
    [
      ['Target', amount(r.target), ...s.map((x) => amount(x.target))],
      ['Σ quotas', amount(r.quota), ...s.map(() => none)],
      ['P(team ≥ target)', none, ...s.map((x) => formatPercent(x.pTeamAtTarget))],
      ['Team bookings p10', none, ...s.map((x) => amount(x.p10))],
      ['Team bookings p50', none, ...s.map((x) => amount(x.p50))],
      ['Team bookings p90', none, ...s.map((x) => amount(x.p90))],
      [
        'Mean team bookings',
        `${amount(r.capacity)} (capacity)`,
        ...s.map((x) => amount(x.meanTeam)),
      ],
      ['Expected share attaining', none, ...s.map((x) => formatPercent(x.expectedShareAttaining))],
    ],
  );
  out += '\nLevers\n' + s.map((x) => `  ${x.scenario}: ${leversText(x.levers)}`).join('\n') + '\n';
  const notes = [...new Set(s.flatMap((x) => x.notes.map((n) => `${x.scenario}: ${n}`)))];
  if (notes.length > 0) out += `\nNotes:\n${notes.map((n) => `  - ${n}`).join('\n')}\n`;

  const first = s[0];
  if (first !== undefined) {
    const rows = first.reps
      .map((rep, i) => ({ rep, i }))
      .filter(({ rep }) => rep.quota > 0)
      .sort((a, b) => (a.rep.repId < b.rep.repId ? -1 : a.rep.repId > b.rep.repId ? 1 : 0));
    out +=
      '\nP(attain) per rep\n' +
      renderTable(
        [
          { header: 'rep' },
          { header: 'quota', align: 'right' },
          ...s.map((x) => ({ header: x.scenario, align: 'right' as const })),
        ],
        rows
          .slice(0, REP_ROWS)
          .map(({ rep, i }) => [
            rep.repName === rep.repId ? rep.repId : `${rep.repName} (${rep.repId})`,
            amount(rep.quota),
            ...s.map((x) => formatPercent(x.reps[i]?.pAttain ?? 0)),
          ]),
      );
    if (rows.length > REP_ROWS) out += `… ${rows.length - REP_ROWS} more in --format json\n`;
  }
  return out;
}

export function registerSimulate(program: Command): void {
  const command = program
    .command('simulate')
    .description(
      'Simulate the plan year (Monte Carlo, seeded): P(team ≥ target), team bookings p10/p50/p90, expected share attaining and P(attain) per rep, per scenario beside the plan.',
    )
    .argument('<plan-file>', 'the YAML plan file');
  addDbOption(command)
    .option(
      '--scenario <name>',
      "worst, expected, best, all (the presets and the plan's custom scenarios), or a custom scenario's name",
      'all',
    )
    .option('--trials <n>', "trials per scenario (default: the plan's simulation.trials, 2000)")
    .option('--seed <s>', "seed of the random draws (default: the plan's seed)")
    .option('--workers <n>', 'worker threads (default: the cores, at most 4; 1 = none)')
    .option(
      '--format <format>',
      'table, or json (snake_case keys; money in currency units with up to two decimals)',
      'table',
    )
    .action(async (planFile: string, options: SimulateOptions) => {
      const { runSimulationFile } = await import('../../services/simulate-service.ts');
      checkChoice(command, 'format', options.format, FORMATS);
      const trials = wholeNumber(command, 'trials', options.trials);
      const seed = wholeNumber(command, 'seed', options.seed);
      const workers = wholeNumber(command, 'workers', options.workers);
      const progress = progressReporter();
      let result;
      try {
        result = await runSimulationFile({
          env: process.env,
          db: options.db,
          planPath: planFile,
          scenario: options.scenario,
          trials,
          seed,
          workers,
          progress: progress.onProgress,
        });
      } finally {
        progress.stop();
      }
      if (!result.ok) {
        const n = result.issues.length;
        writeErr(
          `Simulation refused: ${n} problem${n === 1 ? '' : 's'}.\n${renderIssues(result.issues)}`,
        );
        process.exitCode = 1;
        return;
      }
      writeOut(
        options.format === 'json'
          ? json(simulationToJson(result.value))
          : renderSimulation(result.value),
      );
    });
}
