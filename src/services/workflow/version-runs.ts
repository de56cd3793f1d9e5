// Re-running a stored version for the planning workspace: one rep's explanation (the derivation
// and its sentences), a preview of edits (quotas recomputed, nothing saved, no back-test), the
// full back-test of the version (METHOD §7) and its scenarios side by side (METHOD §8).

import { backtestPlan } from '../../core/backtest/backtest.ts';
import type { BacktestResult, Bucket } from '../../core/backtest/backtest.ts';
import { explainWeights } from '../../core/engine/index.ts';
import type { RepExplanation, WeightExplanation } from '../../core/engine/index.ts';
import { buildSimulationModel } from '../../core/simulation/index.ts';
import type { ScenarioResult } from '../../core/simulation/index.ts';
import type { Dataset } from '../../core/model.ts';
import type { WeightComponent } from '../../core/plan/types.ts';
import { listImports, loadDataset } from '../../db/index.ts';
import type { Database } from '../../db/index.ts';
import { editPlanText, PlanEditError } from '../../io/plan/edit-plan-text.ts';
import type { PlanEdit } from '../../io/plan/edit-plan-text.ts';
import { preparePlanRun } from '../plan-service.ts';
import { scenariosOf } from '../simulate-service.ts';
import { runSimulation } from '../simulation-runner.ts';
import type { PreparedPlan } from '../plan-service.ts';
import { WorkflowError } from './errors.ts';
import { requireVersion } from './plan-versions.ts';
import type { WorkflowContext } from './plan-versions.ts';

/**
 * The datasets of workspaces, kept between previews: loading a 1,000-rep workspace takes longer
 * than the rest of a preview, and RevOps previews many times a minute. An entry is used only while
 * the workspace's imports and settings are what they were when it was loaded (imports are the only
 * writes of the data), so a new import or another server instance's import is seen at once.
 */
const datasets = new WeakMap<Database, Map<string, { stamp: string; dataset: Dataset }>>();

/**
 * What the workspace's data is at this moment, as text: it changes with every import (the only
 * writes of the data) and with the workspace's settings, so a cache keyed by it never serves
 * numbers of older data.
 */
export async function dataStamp(context: WorkflowContext): Promise<string> {
  const { database, id, settings } = context.workspace;
  const imports = await listImports(database, id);
  const last = imports.at(-1);
  return JSON.stringify([imports.length, last?.id, last?.status, last?.finishedAt, settings]);
}

async function currentDataset(context: WorkflowContext): Promise<Dataset> {
  const { database, id } = context.workspace;
  const stamp = await dataStamp(context);
  const cache = datasets.get(database) ?? new Map<string, { stamp: string; dataset: Dataset }>();
  datasets.set(database, cache);
  const hit = cache.get(id);
  if (hit?.stamp === stamp) return hit.dataset;
  const dataset = await loadDataset(database, id);
  cache.set(id, { stamp, dataset });
  return dataset;
}

/** Runs a plan text without the back-test (what an explanation or a preview needs). */
async function runText(context: WorkflowContext, text: string, name: string) {
  const read = await preparePlanRun(
    context.workspace,
    name,
    { kind: 'text', text },
    await currentDataset(context),
  );
  if (!read.ok) throw new WorkflowError('invalid', `${name} is not a valid plan`, read.issues);
  return read.value;
}

/** A stored version run on the workspace's current data (no back-test). */
export async function preparedVersion(
  context: WorkflowContext,
  planId: number,
  version: number,
): Promise<PreparedPlan> {
  const row = await requireVersion(context, planId, version);
  return runText(context, row.planYaml, `plan ${planId} v${version}`);
}

/** How one rep's quota of a version came about; 404 for a rep the version does not have. */
export async function explainVersionRep(
  context: WorkflowContext,
  planId: number,
  version: number,
  repId: string,
): Promise<RepExplanation> {
  const row = await requireVersion(context, planId, version);
  const prepared = await runText(context, row.planYaml, `plan ${planId} v${version}`);
  const found = prepared.run.explanations.find((e) => e.repId === repId);
  if (found === undefined) {
    throw new WorkflowError(
      'not-found',
      `version ${version} of plan ${planId} has no rep ${repId}`,
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
  checks: { code: string; title: string; status: string; summary: string }[];
  issues: { code: string; severity: string; message: string }[];
}

function previewOf(
  planId: number,
  version: number,
  prepared: PreparedPlan,
  before: ReadonlyMap<string, number>,
): VersionPreview {
  const reps = prepared.run.allocation.reps;
  return {
    planId,
    version,
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

/**
 * The quotas a version would have with `edits` applied (key paths as in the plan file), next to
 * the version's own, and the territory weights they give; no edits: the version as it stands
 * (what the editor shows before the first keystroke). Nothing is stored. Invalid edits or an invalid result are refused (422).
 */
export async function previewVersionEdits(
  context: WorkflowContext,
  planId: number,
  version: number,
  edits: PlanEdit[],
): Promise<VersionPreview> {
  const row = await requireVersion(context, planId, version);
  let text: string;
  try {
    text = editPlanText(row.planYaml, edits);
  } catch (error) {
    if (!(error instanceof PlanEditError)) throw error;
    throw new WorkflowError('invalid', error.message, [
      { code: 'plan-edit-invalid', severity: 'error', message: error.message },
    ]);
  }
  const prepared = await runText(context, text, `plan ${planId} v${version} (preview)`);
  const before = new Map(row.results.quotas.map((q) => [q.id, q.quota]));
  return previewOf(planId, version, prepared, before);
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

/** The back-test of a stored version: refused (422) when the version is blocked. */
export async function backtestVersion(
  context: WorkflowContext,
  planId: number,
  version: number,
): Promise<VersionBacktest> {
  const row = await requireVersion(context, planId, version);
  const prepared = await runText(context, row.planYaml, `plan ${planId} v${version}`);
  const { plan, dataset, run } = prepared;
  if (run.blocked) {
    throw new WorkflowError(
      'invalid',
      `version ${version} of plan ${planId} is blocked: its quotas cannot be back-tested`,
      prepared.issues.filter((i) => i.severity === 'error'),
    );
  }
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

/** At most this many trials per scenario on the server: a page waits for the answer. */
export const MAX_SERVER_TRIALS = 20_000;

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
 * Every scenario of a stored version (the presets worst, expected, best and the plan's own),
 * simulated on worker threads with the plan's seed: the same version gives the same answer.
 */
export async function simulateVersion(
  context: WorkflowContext,
  planId: number,
  version: number,
  trials?: number,
): Promise<VersionScenarios> {
  const row = await requireVersion(context, planId, version);
  const prepared = await runText(context, row.planYaml, `plan ${planId} v${version}`);
  const { plan, run } = prepared;
  if (run.blocked) {
    throw new WorkflowError(
      'invalid',
      `version ${version} of plan ${planId} is blocked: its quotas cannot be simulated`,
      prepared.issues.filter((i) => i.severity === 'error'),
    );
  }
  const n = Math.min(trials ?? plan.trials, MAX_SERVER_TRIALS);
  const chosen = scenariosOf('all', plan.scenarios);
  if (!chosen.ok)
    throw new Error(`the scenarios of plan ${planId} v${version}: ${chosen.expected}`);
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
    planId,
    version,
    trials: n,
    seed: plan.seed,
    target: a.target,
    quota: a.quota,
    capacity: a.capacity,
    scenarios: results,
  };
}
