// Plans as a line of immutable versions (the seed's v0 → v1 → … loop): v0 drafted from the data
// with every input ASSUMED, each edit a new version named after the one it edits (optimistic
// locking), every version run through the engine and the back-test when saved. Confirmations are
// not versions: they are register decisions (assumptions.ts). Plan names are unique.

import { isUniqueViolation, workflow } from '../../db/index.ts';
import type { StoredVersionResults } from '../../db/index.ts';
import { editPlanText, PlanEditError, setConfirmations } from '../../io/plan/edit-plan-text.ts';
import type { PlanEdit } from '../../io/plan/edit-plan-text.ts';
import { runJob } from '../job-runner.ts';
import type { Workspace } from '../workspace.ts';
import { workspaceData } from '../workspace-data.ts';
import type { EvaluatedPlan } from './plan-runs.ts';
import { WorkflowError } from './errors.ts';
import type { Actor } from './errors.ts';

export interface WorkflowContext {
  workspace: Workspace;
  actor: Actor;
  /** The clock (confirmation dates, audit times); tests pass a fixed one. */
  now?: () => Date;
}

export function today(context: WorkflowContext): string {
  return (context.now?.() ?? new Date()).toISOString().slice(0, 10);
}

/** The name a stored plan text goes by in messages (there is no file). */
function sourceName(planId: number | null, version: number): string {
  return planId === null ? `plan v${version}` : `plan ${planId} v${version}`;
}

export type { EvaluatedPlan } from './plan-runs.ts';

/**
 * Runs a plan text on the workspace (the engine and the back-test) on the compute worker:
 * refused (WorkflowError 'invalid') when the text is invalid. The run comes back without the
 * dataset it ran on.
 */
export async function evaluatePlanText(
  workspace: Workspace,
  text: string,
  name: string,
): Promise<EvaluatedPlan> {
  return runJob('compute', 'evaluate', { text, name }, await workspaceData(workspace), name);
}

function plainInputs(prepared: EvaluatedPlan['prepared']): Record<string, unknown> {
  return JSON.parse(JSON.stringify(prepared.file)) as Record<string, unknown>;
}

/** The `confirmed:` path that confirms `key` in a plan file's inputs (itself or a parent), or null. */
function confirmingPath(confirmed: Readonly<Record<string, unknown>>, key: string): string | null {
  for (let path = key; ; path = path.slice(0, path.lastIndexOf('.'))) {
    if (Object.hasOwn(confirmed, path)) return path;
    if (!path.includes('.')) return null;
  }
}

/**
 * The `confirmed:` entries of a new plan text that the text inherited from its base version but
 * whose input now has another value: a confirmation is of a value, so they go (the input is
 * ASSUMED again until someone confirms the new value). Entries the new text adds stay: its
 * author confirms what they wrote.
 */
function lapsedConfirmations(base: workflow.PlanVersionRow, next: EvaluatedPlan): string[] {
  const baseConfirmed = (base.inputs.confirmed ?? {}) as Record<string, unknown>;
  const nextConfirmed = (plainInputs(next.prepared).confirmed ?? {}) as Record<string, unknown>;
  const before = new Map(base.results.assumptions.map((a) => [a.key, a.value]));
  const paths = new Set<string>();
  for (const entry of next.results.assumptions) {
    if (entry.status !== 'CONFIRMED') continue;
    const was = before.get(entry.key);
    if (was === undefined || was === entry.value) continue;
    const path = confirmingPath(nextConfirmed, entry.key);
    if (path !== null && Object.hasOwn(baseConfirmed, path)) paths.add(path);
  }
  return [...paths].sort();
}

function confirmedKeys(inputs: Record<string, unknown>): Map<string, string> {
  const confirmed = (inputs.confirmed ?? {}) as Record<string, { by?: string }>;
  return new Map(Object.entries(confirmed).map(([k, v]) => [k, v.by ?? '']));
}

/** v0 of a new plan, drafted from the workspace data with every input ASSUMED. */
export async function createDraftPlan(
  context: WorkflowContext,
  options: { name?: string | undefined; asOf?: string | undefined } = {},
): Promise<{ planId: number; version: number }> {
  const { workspace } = context;
  const text = await runJob(
    'compute',
    'draft',
    options,
    await workspaceData(workspace),
    'the draft of a plan',
  );
  const { prepared, results } = await evaluatePlanText(workspace, text, sourceName(null, 0));
  const name = prepared.plan.name.trim();
  const taken = await workflow.findPlanByName(workspace.database.db, workspace.id, name);
  if (taken !== null) throw nameTaken(name, taken.id);
  try {
    return await insertDraft(context, name, text, prepared, results);
  } catch (error) {
    // Two drafts of one name at once: the unique index decides, the loser gets the same 409.
    if (!isUniqueViolation(error, 'plans_workspace_name_key')) throw error;
    const winner = await workflow.findPlanByName(workspace.database.db, workspace.id, name);
    throw nameTaken(name, winner?.id ?? null);
  }
}

function nameTaken(name: string, planId: number | null): WorkflowError {
  return new WorkflowError(
    'conflict',
    `a plan named "${name}" exists already${planId === null ? '' : ` (plan ${planId})`}; choose another name`,
    [
      {
        code: 'plan-name-taken',
        severity: 'error',
        message: `a plan named "${name}" exists already`,
        expected: 'a name no other plan of the workspace has (case is ignored)',
      },
    ],
  );
}

async function insertDraft(
  context: WorkflowContext,
  name: string,
  text: string,
  prepared: EvaluatedPlan['prepared'],
  results: StoredVersionResults,
): Promise<{ planId: number; version: number }> {
  const { workspace, actor } = context;
  return workspace.database.db.transaction(async (tx) => {
    const plan = await workflow.insertPlan(tx, {
      workspaceId: workspace.id,
      name,
      createdBy: actor.email,
    });
    await workflow.insertVersion(tx, {
      planId: plan.id,
      version: 0,
      planYaml: text,
      inputs: plainInputs(prepared),
      results,
      parentVersion: null,
      note: 'v0 drafted from the data; every input ASSUMED',
      createdBy: actor.email,
    });
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'plan.create',
      entity: 'plan',
      entityId: String(plan.id),
      after: { name: plan.name, version: 0, totalQuota: results.totalQuota },
    });
    return { planId: plan.id, version: 0 };
  });
}

export async function requirePlan(
  context: WorkflowContext,
  planId: number,
): Promise<workflow.PlanRow> {
  const plan = await workflow.getPlan(context.workspace.database.db, context.workspace.id, planId);
  if (plan === null) throw new WorkflowError('not-found', `there is no plan ${planId}`);
  return plan;
}

export async function requireVersion(
  context: WorkflowContext,
  planId: number,
  version: number,
): Promise<workflow.PlanVersionRow> {
  await requirePlan(context, planId);
  const row = await workflow.getVersion(context.workspace.database.db, planId, version);
  if (row === null)
    throw new WorkflowError('not-found', `plan ${planId} has no version ${version}`);
  return row;
}

export interface SaveVersionRequest {
  planId: number;
  /** The version the edit was made on; it must still be the newest. */
  baseVersion: number;
  /** The whole new plan text, or edits applied to the base version's text. */
  change: { kind: 'text'; text: string } | { kind: 'edits'; edits: PlanEdit[] };
  note: string;
}

export interface SavedVersion {
  planId: number;
  version: number;
  results: StoredVersionResults;
}

function staleError(planId: number, base: number, latest: number): WorkflowError {
  return new WorkflowError(
    'stale-version',
    `plan ${planId} is at version ${latest}; this edit was made on version ${base}. Reload and edit again.`,
  );
}

/** A published plan is the quota of record: it takes no new version (issue 5, METHOD §9). */
function publishedError(planId: number, published: number): WorkflowError {
  return new WorkflowError(
    'conflict',
    `plan ${planId} is published: v${published} is the quota of record and takes no new version; change a rep's quota with an adjustment, or draft a new plan`,
  );
}

/**
 * Stores a new version made from `baseVersion`; refuses a stale base (409), a published plan
 * (409) or an invalid plan.
 */
export async function saveVersion(
  context: WorkflowContext,
  request: SaveVersionRequest,
): Promise<SavedVersion> {
  const { workspace, actor } = context;
  const plan = await requirePlan(context, request.planId);
  if (plan.publishedVersion !== null) throw publishedError(plan.id, plan.publishedVersion);
  if (plan.latestVersion !== request.baseVersion) {
    throw staleError(plan.id, request.baseVersion, plan.latestVersion);
  }
  const base = await requireVersion(context, plan.id, request.baseVersion);
  let text: string;
  if (request.change.kind === 'text') {
    text = request.change.text;
  } else {
    try {
      text = editPlanText(base.planYaml, request.change.edits);
    } catch (error) {
      if (!(error instanceof PlanEditError)) throw error;
      throw new WorkflowError('invalid', error.message, [
        { code: 'plan-edit-invalid', severity: 'error', message: error.message },
      ]);
    }
  }
  const next = request.baseVersion + 1;
  let evaluated = await evaluatePlanText(workspace, text, sourceName(plan.id, next));
  const lapsed = lapsedConfirmations(base, evaluated);
  if (lapsed.length > 0) {
    text = setConfirmations(text, lapsed, null);
    evaluated = await evaluatePlanText(workspace, text, sourceName(plan.id, next));
  }
  const { prepared, results } = evaluated;
  const inputs = plainInputs(prepared);
  const before = confirmedKeys(base.inputs);
  const after = confirmedKeys(inputs);
  const transitions = [
    ...[...after.keys()]
      .filter((k) => !before.has(k))
      .map((key) => ({ key, fromStatus: 'ASSUMED', toStatus: 'CONFIRMED' })),
    ...[...before.keys()]
      .filter((k) => !after.has(k))
      .map((key) => ({ key, fromStatus: 'CONFIRMED', toStatus: 'ASSUMED' })),
  ];
  return workspace.database.db.transaction(async (tx) => {
    const claimed = await workflow.claimNextVersion(tx, plan.id, request.baseVersion);
    if (claimed === null) {
      const now = await workflow.getPlan(tx, workspace.id, plan.id);
      if (now?.publishedVersion != null) throw publishedError(plan.id, now.publishedVersion);
      throw staleError(plan.id, request.baseVersion, now?.latestVersion ?? -1);
    }
    await workflow.insertVersion(tx, {
      planId: plan.id,
      version: claimed,
      planYaml: text,
      inputs,
      results,
      parentVersion: request.baseVersion,
      note: request.note,
      createdBy: actor.email,
    });
    await workflow.insertTransitions(
      tx,
      transitions.map((t) => ({
        ...t,
        planId: plan.id,
        version: claimed,
        by: actor.email,
        note: request.note,
      })),
    );
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'plan.edit',
      entity: 'plan',
      entityId: String(plan.id),
      before: { version: request.baseVersion, totalQuota: base.results.totalQuota },
      after: {
        version: claimed,
        totalQuota: results.totalQuota,
        edits: request.change.kind === 'edits' ? request.change.edits : 'whole text',
      },
      reason: request.note,
    });
    for (const t of transitions) {
      await workflow.appendAudit(tx, {
        workspaceId: workspace.id,
        userId: actor.userId,
        userEmail: actor.email,
        action: t.toStatus === 'CONFIRMED' ? 'assumption.confirm' : 'assumption.reopen',
        entity: 'assumption',
        entityId: `${plan.id}:${t.key}`,
        before: { status: t.fromStatus, version: request.baseVersion },
        after: { status: t.toStatus, version: claimed },
        reason: request.note,
      });
    }
    return { planId: plan.id, version: claimed, results };
  });
}
