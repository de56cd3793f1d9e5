// Plan versions run on a workspace's dataset: a version's results as stored, the v0 draft, one
// rep's explanation, a preview of edits, the back-test and the scenarios. Functions of the dataset
// and the plan text alone (no database), so the server runs them on its compute worker
// (job-runner.ts) and nothing it answers meanwhile waits for them.

import { latestDataDate } from '../../core/audit/index.ts';
import { backtestPlan } from '../../core/backtest/backtest.ts';
import type { BacktestResult, Bucket } from '../../core/backtest/backtest.ts';
import { explainWeights, noHistoryReason } from '../../core/engine/index.ts';
import type { RepExplanation, WeightExplanation } from '../../core/engine/index.ts';
import type { Issue } from '../../core/issue.ts';
import type { Dataset, IsoDate } from '../../core/model.ts';
import { draftPlan, DraftPlanError } from '../../core/plan/draft.ts';
import type { WeightComponent } from '../../core/plan/types.ts';
import { buildSimulationModel, PRESETS } from '../../core/simulation/index.ts';
import type { Levers, ScenarioResult } from '../../core/simulation/index.ts';
import type { StoredVersionResults } from '../../db/index.ts';
import { withSimulationDefaults, writePlanYaml } from '../../io/plan/write-plan-file.ts';
import { preparePlanWith } from '../plan-service.ts';
import type { PreparedPlan } from '../plan-service.ts';
import { scenariosOf } from '../simulate-service.ts';
import { runSimulation } from '../simulation-runner.ts';
import { WorkflowError } from './errors.ts';

/** A plan run as it comes back from the worker: everything but the dataset it ran on. */
export interface PreparedRun extends Omit<PreparedPlan, 'dataset'> {
  /** The date the data was extracted (the workspace's as-of, else its latest date), if any. */
  dataAsOf: IsoDate | null;
}

export interface EvaluatedPlan {
  prepared: PreparedRun;
  results: StoredVersionResults;
}

/** A stored plan text run on the dataset; an invalid text is refused (WorkflowError 'invalid'). */
export async function preparedOn(
  dataset: Dataset,
  text: string,
  name: string,
): Promise<PreparedPlan> {
  const read = await preparePlanWith(dataset.settings, name, { kind: 'text', text }, () => dataset);
  if (!read.ok) throw new WorkflowError('invalid', `${name} is not a valid plan`, read.issues);
  return read.value;
}

/** What a version's run produced, as stored with it (the back-test unless the run is blocked). */
export function resultsOf(prepared: PreparedPlan): StoredVersionResults {
  const { plan, run, dataset } = prepared;
  const backtest = run.blocked ? null : backtestPlan(dataset, plan, run.history, run.allocation);
  const sellers = new Map(run.history.sellers.map((s) => [s.id, s]));
  return {
    methodology: run.allocation.methodology,
    currency: plan.currency,
    basis: dataset.settings.basis,
    quotas: run.allocation.reps.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      pool: r.pool,
      managerId: r.managerId,
      territoryId: r.territoryId,
      segment: r.segment,
      startDate: r.startDate,
      planned: r.planned,
      quota: r.quota,
      monthly: [...r.monthly],
      effective: [...r.effective],
      noHistory: noHistoryReason(r, sellers.get(r.id), run.allocation.fit.months),
    })),
    totalQuota: run.allocation.reps.reduce((sum, r) => sum + r.quota, 0),
    checks: run.checks.checks.map((c) => ({
      code: c.code,
      title: c.title,
      severity: c.severity,
      status: c.status,
      summary: c.summary,
    })),
    assumptions: run.assumptions.entries.map((e) => ({
      key: e.key,
      label: e.label,
      value: e.value,
      status: e.status,
      confirmedBy: e.confirmedBy,
      confirmedAt: e.confirmedAt,
      affects: e.affects,
      reps: e.reps.length,
    })),
    backtest:
      backtest === null
        ? null
        : {
            shareAttaining: backtest.shareAttaining,
            verdict: backtest.verdict,
            verdictText: backtest.verdictText,
            inSample: backtest.inSample,
            kStar:
              backtest.kStar !== null && Number.isFinite(backtest.kStar) ? backtest.kStar : null,
            targetAtKStar: backtest.targetAtKStar,
          },
    blocked: run.blocked,
    issues: prepared.issues.map((i: Issue) => ({
      code: i.code,
      severity: i.severity,
      message: i.message,
    })),
  };
}

/** A version's run and results, without the dataset (which stays where it is). */
export async function evaluateOn(
  dataset: Dataset,
  input: { text: string; name: string },
): Promise<EvaluatedPlan> {
  const full = await preparedOn(dataset, input.text, input.name);
  const results = resultsOf(full);
  const { plan, file, text, run, issues } = full;
  const dataAsOf = dataset.settings.asOf ?? latestDataDate(dataset);
  return { prepared: { plan, file, text, run, issues, dataAsOf }, results };
}

/** The text of v0 drafted from the data (every input ASSUMED); refused without dated data. */
export function draftOn(
  dataset: Dataset,
  options: { name?: string | undefined; asOf?: string | undefined },
): string {
  try {
    const draft = draftPlan(dataset, options.asOf === undefined ? {} : { asOf: options.asOf });
    const file = options.name === undefined ? draft.file : { ...draft.file, name: options.name };
    return writePlanYaml(withSimulationDefaults(file), draft.notes);
  } catch (error) {
    if (!(error instanceof DraftPlanError)) throw error;
    throw new WorkflowError('invalid', error.message, [
      {
        code: 'no-dated-data',
        severity: 'error',
        message: error.message,
        expected: 'imported deals with dates',
      },
    ]);
  }
}

/** How one rep's quota of a version came about; not found for a rep the version does not have. */
export async function explainOn(
  dataset: Dataset,
  input: { text: string; name: string; planId: number; version: number; repId: string },
): Promise<RepExplanation> {
  const prepared = await preparedOn(dataset, input.text, input.name);
  const found = prepared.run.explanations.find((e) => e.repId === input.repId);
  if (found === undefined) {
    throw new WorkflowError(
      'not-found',
      `version ${input.version} of plan ${input.planId} has no rep ${input.repId}`,
    );
  }
  return found;
}

export interface VersionPreview {
  planId: number;
  version: number;
  quotas: { id: string; name: string; quota: number; before: number | null }[];
  totalQuota: number;
  /** Every territory's weight under the edits: components, index, computed, override, used. */
  weights: WeightExplanation[];
  /** Weight components the index left out, with the reason (e.g. no account has a territory). */
  missingComponents: { component: WeightComponent; reason: string }[];
  blocked: boolean;
  /**
   * The bookings pool under the edits: the target T, the reps' bottom-up capacity C (which growth
   * scales), the gap T − C and the ambition T ÷ C (null without capacity). Under a fixed target
   * growth moves these and not the quotas, so the editor shows them beside the quotas.
   */
  pool: { target: number; capacity: number; gap: number; ambition: number | null };
  checks: { code: string; title: string; status: string; summary: string }[];
  issues: { code: string; severity: string; message: string }[];
}

/** The quotas and weights of an edited plan text, next to the version's own (`before`). */
export async function previewOn(
  dataset: Dataset,
  input: {
    text: string;
    name: string;
    planId: number;
    version: number;
    before: [string, number][];
  },
): Promise<VersionPreview> {
  const prepared = await preparedOn(dataset, input.text, input.name);
  const before = new Map(input.before);
  const reps = prepared.run.allocation.reps;
  return {
    planId: input.planId,
    version: input.version,
    quotas: reps.map((r) => ({
      id: r.id,
      name: r.name,
      quota: r.quota,
      before: before.get(r.id) ?? null,
    })),
    totalQuota: reps.reduce((sum, r) => sum + r.quota, 0),
    weights: explainWeights(prepared.run.allocation),
    missingComponents: prepared.run.allocation.weights.missing.map((m) => ({
      component: m.component,
      reason: m.reason,
    })),
    blocked: prepared.run.blocked,
    pool: poolOf(prepared.run.allocation),
    checks: prepared.run.checks.checks.map((c) => ({
      code: c.code,
      title: c.title,
      status: c.status,
      summary: c.summary,
    })),
    issues: prepared.issues.map((i) => ({
      code: i.code,
      severity: i.severity,
      message: i.message,
    })),
  };
}

function poolOf(allocation: PreparedPlan['run']['allocation']): VersionPreview['pool'] {
  const { target, capacity } = allocation;
  return {
    target,
    capacity,
    gap: target - capacity,
    ambition: capacity > 0 ? target / capacity : null,
  };
}

/** A bucket as JSON: the open top bucket's bound is null (JSON has no Infinity). */
export interface BucketView extends Omit<Bucket, 'max'> {
  max: number | null;
}

export interface VersionBacktest extends Omit<
  BacktestResult,
  'buckets' | 'bySegment' | 'byTerritory' | 'kStar' | 'issues' | 'perRep'
> {
  kStar: number | null;
  buckets: BucketView[];
  bySegment: (Omit<BacktestResult['bySegment'][number], 'buckets'> & { buckets: BucketView[] })[];
  byTerritory: (Omit<BacktestResult['byTerritory'][number], 'buckets'> & {
    buckets: BucketView[];
  })[];
  perRep: {
    repId: string;
    repName: string;
    segment: string;
    territoryName: string | null;
    quota: number;
    bookings: number;
    attainment: number;
  }[];
  issues: { code: string; severity: string; message: string }[];
}

function bucketsView(buckets: readonly Bucket[]): BucketView[] {
  return buckets.map((b) => ({ ...b, max: Number.isFinite(b.max) ? b.max : null }));
}

/** A run that is blocked cannot be back-tested or simulated (422). */
function usable(
  prepared: PreparedPlan,
  input: { planId: number; version: number },
  what: string,
): PreparedPlan {
  if (prepared.run.blocked) {
    throw new WorkflowError(
      'invalid',
      `version ${input.version} of plan ${input.planId} is blocked: its quotas cannot be ${what}`,
      prepared.issues.filter((i) => i.severity === 'error'),
    );
  }
  return prepared;
}

/** The back-test of a plan text (METHOD §7). */
export async function backtestOn(
  dataset: Dataset,
  input: { text: string; name: string; planId: number; version: number },
): Promise<VersionBacktest> {
  const prepared = usable(await preparedOn(dataset, input.text, input.name), input, 'back-tested');
  const { plan, run } = prepared;
  const result = backtestPlan(dataset, plan, run.history, run.allocation);
  return {
    ...result,
    kStar: result.kStar !== null && Number.isFinite(result.kStar) ? result.kStar : null,
    buckets: bucketsView(result.buckets),
    bySegment: result.bySegment.map((g) => ({ ...g, buckets: bucketsView(g.buckets) })),
    byTerritory: result.byTerritory.map((g) => ({ ...g, buckets: bucketsView(g.buckets) })),
    perRep: result.perRep.map((r) => ({
      repId: r.repId,
      repName: r.repName,
      segment: r.segment,
      territoryName: r.territoryName,
      quota: r.quota,
      bookings: r.bookings,
      attainment: r.attainment,
    })),
    issues: result.issues.map((i) => ({ code: i.code, severity: i.severity, message: i.message })),
  };
}

export interface VersionScenarios {
  planId: number;
  version: number;
  trials: number;
  seed: number;
  /** The plan's bookings target, Σ quotas and bottom-up capacity, cents. */
  target: number;
  quota: number;
  capacity: number;
  scenarios: ScenarioResult[];
}

/**
 * Every scenario of a plan text (the presets worst, expected, best and the plan's own) with
 * `trials` trials each (default the plan's, at most `maxTrials`), on the simulation's own worker
 * threads, with the plan's seed: the same text gives the same answer.
 */
export async function scenariosOn(
  dataset: Dataset,
  input: {
    text: string;
    name: string;
    planId: number;
    version: number;
    trials: number | undefined;
    maxTrials: number;
  },
): Promise<VersionScenarios> {
  const prepared = usable(await preparedOn(dataset, input.text, input.name), input, 'simulated');
  const { plan, run } = prepared;
  const n = Math.min(input.trials ?? plan.trials, input.maxTrials);
  const chosen = scenariosOf('all', plan.scenarios);
  if (!chosen.ok) throw new Error(`the scenarios of ${input.name}: ${chosen.expected}`);
  const results: ScenarioResult[] = [];
  for (const scenario of chosen.scenarios) {
    const model = buildSimulationModel(
      { ...plan, trials: n },
      run.history,
      run.allocation,
      scenario,
    );
    results.push(await runSimulation(model, n));
  }
  const a = run.allocation;
  return {
    planId: input.planId,
    version: input.version,
    trials: n,
    seed: plan.seed,
    target: a.target,
    quota: a.quota,
    capacity: a.capacity,
    scenarios: results,
  };
}

/** One side of a custom scenario: the plan's numbers and its simulation (reps apart). */
export interface ScenarioSide {
  /** The bookings target, Σ quotas and bottom-up capacity, cents. */
  target: number;
  quota: number;
  capacity: number;
  result: Omit<ScenarioResult, 'reps'>;
}

/** A custom scenario beside the plan: its levers and inputs against the version's expected case. */
export interface CustomScenario {
  planId: number;
  version: number;
  trials: number;
  seed: number;
  plan: ScenarioSide;
  custom: ScenarioSide;
  /** Every rep of either side: quota and chance of attaining, in the plan and in the scenario. */
  reps: {
    repId: string;
    repName: string;
    planQuota: number | null;
    customQuota: number | null;
    planPAttain: number | null;
    customPAttain: number | null;
  }[];
}

/**
 * A custom scenario (METHOD §8) beside the plan: the version as it is under the `expected`
 * levers, and the version with the scenario's edits (growth, top-down share, over-assignment,
 * target) under the scenario's own levers, each with `trials` trials and the plan's seed.
 */
export async function customScenarioOn(
  dataset: Dataset,
  input: {
    text: string;
    editedText: string;
    name: string;
    planId: number;
    version: number;
    levers: Levers;
    trials: number | undefined;
    maxTrials: number;
  },
): Promise<CustomScenario> {
  const base = usable(await preparedOn(dataset, input.text, input.name), input, 'simulated');
  const edited = usable(
    await preparedOn(dataset, input.editedText, `${input.name} (scenario)`),
    input,
    'simulated',
  );
  const n = Math.min(input.trials ?? base.plan.trials, input.maxTrials);
  const simulate = async (prepared: PreparedPlan, name: string, levers: Levers) => {
    const { plan, run } = prepared;
    const model = buildSimulationModel({ ...plan, trials: n }, run.history, run.allocation, {
      name,
      levers,
    });
    const result = await runSimulation(model, n);
    const { reps, ...rest } = result;
    const side: ScenarioSide = {
      target: run.allocation.target,
      quota: run.allocation.quota,
      capacity: run.allocation.capacity,
      result: rest,
    };
    return { side, reps };
  };
  const planRun = await simulate(base, 'expected', PRESETS.expected);
  const customRun = await simulate(edited, 'custom', input.levers);
  const rows = new Map<string, CustomScenario['reps'][number]>();
  const row = (repId: string, repName: string) => {
    let found = rows.get(repId);
    if (found === undefined) {
      found = {
        repId,
        repName,
        planQuota: null,
        customQuota: null,
        planPAttain: null,
        customPAttain: null,
      };
      rows.set(repId, found);
    }
    return found;
  };
  for (const r of planRun.reps) {
    const entry = row(r.repId, r.repName);
    entry.planQuota = r.quota;
    entry.planPAttain = r.pAttain;
  }
  for (const r of customRun.reps) {
    const entry = row(r.repId, r.repName);
    entry.customQuota = r.quota;
    entry.customPAttain = r.pAttain;
  }
  return {
    planId: input.planId,
    version: input.version,
    trials: n,
    seed: base.plan.seed,
    plan: planRun.side,
    custom: customRun.side,
    reps: [...rows.values()],
  };
}
