// The assumption register of a version as it stands today: every input with its value, ASSUMED or
// CONFIRMED, and the decisions people make about it one input at a time. A decision names the
// value the person was shown and is stored beside the immutable versions (no new version of the
// quotas): it holds for its version and the later ones while the value stays (core/workflow/
// register.ts). Decisions close when the version is signed off, or is not the newest, or the
// plan is published.

import { applyRegisterDecisions } from '../../core/workflow/index.ts';
import type { RegisterDecision } from '../../core/workflow/index.ts';
import type { AssumptionEntry, AssumptionRegister } from '../../core/engine/assumptions.ts';
import { workflow } from '../../db/index.ts';
import type { Queryable } from '../../db/index.ts';
import { WorkflowError } from './errors.ts';
import { requirePlan, requireVersion } from './plan-versions.ts';
import type { WorkflowContext } from './plan-versions.ts';
import { preparedVersion } from './version-runs.ts';

import { withDecisions } from './with-decisions.ts';

export { withDecisions };

export interface RegisterEntryView {
  key: string;
  label: string;
  value: string;
  status: 'ASSUMED' | 'CONFIRMED';
  confirmedBy: string | null;
  confirmedAt: string | null;
  affects: 'quotas' | 'checks';
  /** How many reps' quotas depend on it directly. */
  reps: number;
}

export interface RegisterView {
  planId: number;
  version: number;
  entries: RegisterEntryView[];
  assumed: number;
  confirmed: number;
  /** Whether inputs of this version may be confirmed or reopened now; if not, why. */
  open: boolean;
  closedReason: string | null;
}

/** The plan's register decisions, oldest first, as the core applies them. */
export async function registerDecisions(
  db: Queryable,
  planId: number,
): Promise<RegisterDecision[]> {
  const rows = await workflow.listRegisterDecisions(db, planId);
  return rows.map((r) => ({
    key: r.key,
    version: r.version,
    status: r.toStatus === 'CONFIRMED' ? 'CONFIRMED' : 'ASSUMED',
    value: r.value ?? '',
    by: r.by,
    at: r.at.toISOString(),
  }));
}

/** Why the register of a version takes no decision now, or null. */
async function closedReason(
  db: Queryable,
  plan: workflow.PlanRow,
  version: number,
): Promise<string | null> {
  if (plan.publishedVersion !== null) {
    return `The plan is published (v${plan.publishedVersion}): its inputs stay as they were signed off.`;
  }
  if (version !== plan.latestVersion) {
    return `Only the newest version (v${plan.latestVersion}) takes confirmations.`;
  }
  const records = await workflow.listSignoffs(db, plan.id, version);
  const signed = records.find((r) => r.kind === 'signed_off');
  if (signed !== undefined) {
    return `v${version} is signed off: its register is closed. A change needs a new version.`;
  }
  return null;
}

function entryView(e: AssumptionEntry): RegisterEntryView {
  return {
    key: e.key,
    label: e.label,
    value: e.value,
    status: e.status,
    confirmedBy: e.confirmedBy,
    confirmedAt: e.confirmedAt,
    affects: e.affects,
    reps: e.reps.length,
  };
}

/** The register of a version with every decision made so far (`run`: the version's run, if at hand). */
export async function versionRegister(
  context: WorkflowContext,
  planId: number,
  version: number,
  run?: { run: { assumptions: AssumptionRegister } },
): Promise<RegisterView> {
  const plan = await requirePlan(context, planId);
  await requireVersion(context, planId, version);
  const db = context.workspace.database.db;
  const prepared = withDecisions(
    run ?? (await preparedVersion(context, planId, version)),
    await registerDecisions(db, planId),
    version,
  );
  const reason = await closedReason(db, plan, version);
  const { entries, assumed, confirmed } = prepared.run.assumptions;
  return {
    planId,
    version,
    entries: entries.map(entryView),
    assumed,
    confirmed,
    open: reason === null,
    closedReason: reason,
  };
}

export interface AssumptionDecisionRequest {
  planId: number;
  version: number;
  key: string;
  /** The value the person was shown, in words as the register gives it. */
  value: string;
  status: 'CONFIRMED' | 'ASSUMED';
  note?: string | undefined;
}

/**
 * Confirms one input at the value shown (or reopens it): recorded in the register, no new
 * version. Refused when the value shown is no longer the value (409), when the input already has
 * that status (409), when the version is signed off, published or not the newest (409).
 */
export async function decideAssumption(
  context: WorkflowContext,
  request: AssumptionDecisionRequest,
): Promise<RegisterView> {
  const { workspace, actor } = context;
  const { planId, version, key } = request;
  await requireVersion(context, planId, version);
  const prepared = await preparedVersion(context, planId, version);
  const raw = prepared.run.assumptions.entries.find((e) => e.key === key);
  if (raw === undefined) {
    throw new WorkflowError('invalid', `"${key}" is not an input of version ${version}`, [
      {
        code: 'assumption-unknown',
        severity: 'error',
        message: `"${key}" is not an input of version ${version}`,
        expected: 'a key of the assumption register, like "target" or "roles.AE.ramp"',
      },
    ]);
  }
  if (raw.value !== request.value) {
    throw new WorkflowError(
      'conflict',
      `the value of "${raw.label}" is ${raw.value} now, not ${request.value}: review it again`,
    );
  }
  const confirming = request.status === 'CONFIRMED';
  await workspace.database.db.transaction(async (tx) => {
    await workflow.lockGovernance(tx, workspace.id);
    const plan = await workflow.getPlan(tx, workspace.id, planId);
    if (plan === null) throw new WorkflowError('not-found', `there is no plan ${planId}`);
    if (plan.publishedVersion === null && version !== plan.latestVersion) {
      throw new WorkflowError(
        'stale-version',
        `plan ${planId} is at version ${plan.latestVersion}; confirm the inputs of the newest version`,
      );
    }
    const reason = await closedReason(tx, plan, version);
    if (reason !== null) throw new WorkflowError('conflict', reason);
    const [entry] = applyRegisterDecisions([raw], await registerDecisions(tx, planId), version);
    const before = entry ?? raw;
    if (before.status === request.status) {
      throw new WorkflowError(
        'conflict',
        before.status === 'CONFIRMED'
          ? `"${raw.label}" is confirmed already${before.confirmedBy === null ? '' : ` by ${before.confirmedBy}`}`
          : `"${raw.label}" is ASSUMED already`,
      );
    }
    const note = request.note ?? null;
    await workflow.insertTransitions(tx, [
      {
        planId,
        version,
        key,
        fromStatus: before.status,
        toStatus: request.status,
        by: actor.email,
        userId: actor.userId,
        note,
        source: 'register',
        label: raw.label,
        value: raw.value,
      },
    ]);
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: confirming ? 'assumption.confirm' : 'assumption.reopen',
      entity: 'assumption',
      entityId: `${planId}:${key}`,
      before: { status: before.status, version },
      after: { status: request.status, version, input: raw.label, value: raw.value },
      reason: note,
    });
  });
  return versionRegister(context, planId, version, prepared);
}
