// Re-running a stored version for the planning workspace: one rep's explanation (the derivation
// and its sentences), a preview of edits (quotas recomputed, nothing saved, no back-test), the
// full back-test of the version (METHOD §7) and its scenarios side by side (METHOD §8). Each runs
// on the compute worker (job-runner.ts), which keeps the workspace's dataset between runs: RevOps
// previews many times a minute, and loading a 1,000-rep workspace takes longer than the run.
// Each answer comes back written as JSON, for the route to send as it is.

import type { AssumptionRegister } from '../../core/engine/assumptions.ts';
import type { RepExplanation } from '../../core/engine/index.ts';
import { editPlanText, PlanEditError } from '../../io/plan/edit-plan-text.ts';
import type { PlanEdit } from '../../io/plan/edit-plan-text.ts';
import { runJob } from '../job-runner.ts';
import type { JsonText } from '../json-text.ts';
import { dataStamp as workspaceStamp, workspaceData } from '../workspace-data.ts';
import { WorkflowError } from './errors.ts';
import { requireVersion } from './plan-versions.ts';
import type { WorkflowContext } from './plan-versions.ts';
import type {
  CustomScenario,
  VersionBacktest,
  VersionPreview,
  VersionScenarios,
} from './plan-runs.ts';
import type { Levers } from '../../core/simulation/index.ts';

export type { BucketView, VersionBacktest, VersionPreview, VersionScenarios } from './plan-runs.ts';

/**
 * What the workspace's data is at this moment, as text: it changes with every import and with
 * the workspace's settings, so a cache keyed by it never serves numbers of older data.
 */
export function dataStamp(context: WorkflowContext): Promise<string> {
  return workspaceStamp(context.workspace);
}

/** The assumption register of a stored version run on the workspace's current data. */
export async function preparedVersion(
  context: WorkflowContext,
  planId: number,
  version: number,
): Promise<{ run: { assumptions: AssumptionRegister } }> {
  const row = await requireVersion(context, planId, version);
  const name = `plan ${planId} v${version}`;
  const assumptions = await runJob(
    'compute',
    'assumptions',
    { text: row.planYaml, name },
    await workspaceData(context.workspace),
    `the register of ${name}`,
  );
  return { run: { assumptions } };
}

/** How one rep's quota of a version came about; 404 for a rep the version does not have. */
export async function explainVersionRep(
  context: WorkflowContext,
  planId: number,
  version: number,
  repId: string,
): Promise<JsonText<RepExplanation>> {
  const row = await requireVersion(context, planId, version);
  const name = `plan ${planId} v${version}`;
  return runJob(
    'compute',
    'explain',
    { text: row.planYaml, name, planId, version, repId },
    await workspaceData(context.workspace),
    `the explanation of ${repId} in ${name}`,
  );
}

/**
 * The quotas a version would have with `edits` applied (key paths as in the plan file), next to
 * the version's own, and the territory weights they give; no edits: the version as it stands
 * (what the editor shows before the first keystroke). Nothing is stored. Invalid edits or an
 * invalid result are refused (422).
 */
export async function previewVersionEdits(
  context: WorkflowContext,
  planId: number,
  version: number,
  edits: PlanEdit[],
): Promise<JsonText<VersionPreview>> {
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
  const name = `plan ${planId} v${version} (preview)`;
  return runJob(
    'compute',
    'preview',
    { text, name, planId, version, before: row.results.quotas.map((q) => [q.id, q.quota]) },
    await workspaceData(context.workspace),
    `the preview of ${name}`,
  );
}

/** The back-test of a stored version: refused (422) when the version is blocked. */
export async function backtestVersion(
  context: WorkflowContext,
  planId: number,
  version: number,
): Promise<JsonText<VersionBacktest>> {
  const row = await requireVersion(context, planId, version);
  const name = `plan ${planId} v${version}`;
  return runJob(
    'compute',
    'backtest',
    { text: row.planYaml, name, planId, version },
    await workspaceData(context.workspace),
    `the back-test of ${name}`,
  );
}

/** At most this many trials per scenario on the server: a page waits for the answer. */
export const MAX_SERVER_TRIALS = 20_000;

/**
 * Every scenario of a stored version (the presets worst, expected, best and the plan's own),
 * simulated on worker threads with the plan's seed: the same version gives the same answer.
 */
export async function simulateVersion(
  context: WorkflowContext,
  planId: number,
  version: number,
  trials?: number,
): Promise<JsonText<VersionScenarios>> {
  const row = await requireVersion(context, planId, version);
  const name = `plan ${planId} v${version}`;
  return runJob(
    'compute',
    'scenarios',
    { text: row.planYaml, name, planId, version, trials, maxTrials: MAX_SERVER_TRIALS },
    await workspaceData(context.workspace),
    `the scenarios of ${name}`,
  );
}

/** What a custom scenario changes: the plan's inputs (any left out stay) and the levers. */
export interface CustomScenarioRequest {
  /** Fractions (0.1 = 10 %), and the company target in currency units (or deals). */
  growth?: number | undefined;
  topDownShare?: number | undefined;
  overAssignment?: number | undefined;
  target?: number | undefined;
  levers: Levers;
  trials?: number | undefined;
}

/**
 * A custom scenario of a stored version beside the version itself (nothing is saved): the
 * version's inputs changed as asked, simulated under the scenario's levers, against the version
 * under the expected levers. Invalid changes are refused (422) naming the plan key.
 */
export async function simulateCustomScenario(
  context: WorkflowContext,
  planId: number,
  version: number,
  request: CustomScenarioRequest,
): Promise<JsonText<CustomScenario>> {
  const row = await requireVersion(context, planId, version);
  const edits: PlanEdit[] = [];
  if (request.growth !== undefined) {
    edits.push({ path: ['methodology', 'growth'], value: request.growth });
  }
  if (request.topDownShare !== undefined) {
    edits.push({ path: ['methodology', 'top_down_share'], value: request.topDownShare });
  }
  if (request.overAssignment !== undefined) {
    edits.push({ path: ['methodology', 'over_assignment'], value: request.overAssignment });
  }
  if (request.target !== undefined) edits.push({ path: ['target'], value: request.target });
  let editedText: string;
  try {
    editedText = editPlanText(row.planYaml, edits);
  } catch (error) {
    if (!(error instanceof PlanEditError)) throw error;
    throw new WorkflowError('invalid', error.message, [
      { code: 'plan-edit-invalid', severity: 'error', message: error.message },
    ]);
  }
  const name = `plan ${planId} v${version}`;
  return runJob(
    'compute',
    'customScenario',
    {
      text: row.planYaml,
      editedText,
      name,
      planId,
      version,
      levers: request.levers,
      trials: request.trials,
      maxTrials: MAX_SERVER_TRIALS,
    },
    await workspaceData(context.workspace),
    `the custom scenario of ${name}`,
  );
}
