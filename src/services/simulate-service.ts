// The simulate use case: reads a plan file, runs it on the workspace and simulates the year of
// the plan under one scenario or all of them (METHOD §8), on worker threads.

import { fail, ok, type Issue, type Result } from '../core/issue.ts';
import type { Basis, Cents } from '../core/model.ts';
import type { Plan } from '../core/plan/types.ts';
import {
  buildSimulationModel,
  PRESETS,
  type Levers,
  type ScenarioResult,
} from '../core/simulation/index.ts';
import { MAX_TRIALS } from '../contracts/plan-file.ts';
import { blockedPlanIssues, preparePlanRun } from './plan-service.ts';
import { defaultWorkers, runSimulation } from './simulation-runner.ts';
import { withWorkspace, type WorkspaceRequest } from './workspace.ts';

/** The preset scenarios, in the order the comparison shows them. */
export const PRESET_NAMES = ['worst', 'expected', 'best'] as const;

export interface SimulateRequest extends WorkspaceRequest {
  planPath: string;
  /** worst, expected, best, all (the presets and every custom scenario), or a custom name. */
  scenario: string;
  /** Override the plan's simulation.trials and seed. */
  trials?: number | undefined;
  seed?: number | undefined;
  /** Worker threads (default min(available parallelism, 4)); 1 runs without workers. */
  workers?: number | undefined;
  /** Trials done so far of all scenarios, of their total. */
  progress?: ((done: number, total: number) => void) | undefined;
}

export interface SimulateResult {
  plan: string;
  basis: Basis;
  currency: string;
  start: string;
  months: number;
  /** The plan's last month, YYYY-MM. */
  lastMonth: string;
  trials: number;
  seed: number;
  /** Worker threads used (1 = none). */
  workers: number;
  /** The plan's bookings target and Σ quotas (the target with over-assignment), cents. */
  target: Cents;
  quota: Cents;
  /** The plan's bottom-up capacity of the bookings pool: what it expects the team to book. */
  capacity: number;
  /** Reps with a bookings quota. */
  reps: number;
  scenarios: ScenarioResult[];
  location: string;
}

/** The scenarios a --scenario value names, or why it names none. */
export function scenariosOf(
  name: string,
  custom: Readonly<Record<string, Levers>>,
): { ok: true; scenarios: { name: string; levers: Levers }[] } | { ok: false; expected: string } {
  const presets = PRESET_NAMES.map((n) => ({ name: n, levers: PRESETS[n] }));
  const customs = Object.entries(custom)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([n, levers]) => ({ name: n, levers }));
  if (name === 'all') return { ok: true, scenarios: [...presets, ...customs] };
  const found = [...presets, ...customs].find((s) => s.name === name);
  if (found !== undefined) return { ok: true, scenarios: [found] };
  const names = [...PRESET_NAMES, 'all', ...customs.map((s) => s.name)];
  return {
    ok: false,
    expected: `one of ${names.join(', ')}${customs.length === 0 ? ' (the plan defines no custom scenarios under scenarios:)' : ''}`,
  };
}

function optionProblem(option: string, value: number, expected: string): Issue {
  return {
    code: 'invalid-option',
    severity: 'error',
    message: `--${option} ${value} is not accepted`,
    expected,
  };
}

export async function runSimulationFile(request: SimulateRequest): Promise<Result<SimulateResult>> {
  const { trials, seed, workers } = request;
  if (trials !== undefined && !(Number.isInteger(trials) && trials >= 1 && trials <= MAX_TRIALS)) {
    return fail(
      optionProblem(
        'trials',
        trials,
        `a whole number from 1 to ${MAX_TRIALS.toLocaleString('en-US')}`,
      ),
    );
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    return fail(optionProblem('seed', seed, 'a whole number'));
  }
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 64)) {
    return fail(optionProblem('workers', workers, 'a whole number from 1 to 64'));
  }
  return withWorkspace(request, async (workspace) => {
    const prepared = await preparePlanRun(workspace, request.planPath);
    if (!prepared.ok) return prepared;
    const blocked = blockedPlanIssues(prepared.value, request.planPath);
    if (blocked !== null) return fail(...blocked);
    const { run } = prepared.value;
    const plan: Plan = {
      ...prepared.value.plan,
      trials: trials ?? prepared.value.plan.trials,
      seed: seed ?? prepared.value.plan.seed,
    };
    const chosen = scenariosOf(request.scenario, plan.scenarios);
    if (!chosen.ok) {
      return fail({
        code: 'unknown-scenario',
        severity: 'error',
        message: `--scenario "${request.scenario}" names no scenario of this plan`,
        expected: chosen.expected,
        location: { file: request.planPath },
      });
    }
    const total = plan.trials * chosen.scenarios.length;
    const results: ScenarioResult[] = [];
    for (const [index, scenario] of chosen.scenarios.entries()) {
      const model = buildSimulationModel(plan, run.history, run.allocation, scenario);
      const before = index * plan.trials;
      results.push(
        await runSimulation(model, plan.trials, {
          workers,
          progress: (done) => request.progress?.(before + done, total),
        }),
      );
    }
    const a = run.allocation;
    return ok({
      plan: plan.name,
      basis: workspace.settings.basis,
      currency: workspace.settings.currency,
      start: a.start,
      months: a.months,
      lastMonth: a.monthLabels.at(-1) ?? a.start.slice(0, 7),
      trials: plan.trials,
      seed: plan.seed,
      workers: workers ?? defaultWorkers(),
      target: a.target,
      quota: a.quota,
      capacity: a.capacity,
      reps: results[0]?.reps.filter((r) => r.quota > 0).length ?? 0,
      scenarios: results,
      location: workspace.location,
    });
  });
}
