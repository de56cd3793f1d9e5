// The sign-off gate (seed 1d) and publication: the checklist computed from stored facts (definition
// approvals, the data audit, the version's run and back-test, overrides and quota approvals), the
// human steps that feed it, and publishing a signed-off version as the quota of record.

import { latestDataDate } from '../../core/audit/index.ts';
import { rolePlan } from '../../core/plan/defaults.ts';
import { signOffChecklist } from '../../core/workflow/index.ts';
import type { SignOffChecklist } from '../../core/workflow/index.ts';
import { workflow } from '../../db/index.ts';
import type { LeaderTitle } from '../../db/index.ts';
import { auditWorkspace } from '../audit-service.ts';
import { listDefinitions } from './definitions.ts';
import { quotasChanged } from './attainment-cache.ts';
import { WorkflowError } from './errors.ts';
import { evaluatePlanText, requirePlan, requireVersion } from './plan-versions.ts';
import type { EvaluatedPlan, WorkflowContext } from './plan-versions.ts';

export interface SignOffStatus {
  planId: number;
  version: number;
  checklist: SignOffChecklist;
  signedOff: { by: string; at: string } | null;
  published: boolean;
}

async function evaluateVersion(
  context: WorkflowContext,
  planId: number,
  version: number,
): Promise<EvaluatedPlan> {
  const row = await requireVersion(context, planId, version);
  return evaluatePlanText(context.workspace, row.planYaml, `plan ${planId} v${version}`);
}

/** The checklist of one version, computed now from what is stored. */
export async function signOffStatus(
  context: WorkflowContext,
  planId: number,
  version: number,
): Promise<SignOffStatus> {
  const plan = await requirePlan(context, planId);
  const { prepared, results } = await evaluateVersion(context, planId, version);
  const db = context.workspace.database.db;
  const definitions = await listDefinitions(context);
  const audit = await auditWorkspace(context.workspace);
  const records = await workflow.listSignoffsOfPlan(db, planId);
  const mine = records.filter((r) => r.version === version);
  const override = mine.filter((r) => r.kind === 'backtest_override').at(-1) ?? null;
  const signed = mine.find((r) => r.kind === 'signed_off') ?? null;
  const checklist = signOffChecklist({
    version,
    definitions: definitions.map((d) => ({
      key: d.key,
      term: d.term,
      approvals: d.approvals.map((a) => ({ by: a.by, title: a.title, at: a.at })),
    })),
    audit: { errors: audit.errorCount },
    plan: prepared.plan,
    run: { checks: prepared.run.checks, assumptions: prepared.run.assumptions.entries },
    backtest:
      results.backtest === null
        ? null
        : {
            verdict: results.backtest.verdict as 'pass' | 'review' | 'fail',
            shareAttaining: results.backtest.shareAttaining,
          },
    backtestOverride:
      override === null
        ? null
        : { by: override.by, at: override.at.toISOString(), reason: override.reason ?? '' },
    quotaApprovals: records
      .filter((r) => r.kind === 'quotas_approved')
      .map((r) => ({ by: r.by, title: r.title ?? '', at: r.at.toISOString(), version: r.version })),
  });
  return {
    planId,
    version,
    checklist,
    signedOff: signed === null ? null : { by: signed.by, at: signed.at.toISOString() },
    published: plan.publishedVersion === version,
  };
}

async function record(
  context: WorkflowContext,
  planId: number,
  version: number,
  kind: 'backtest_override' | 'quotas_approved' | 'signed_off',
  title: LeaderTitle | null,
  reason: string | null,
): Promise<void> {
  const { workspace, actor } = context;
  await workspace.database.db.transaction(async (tx) => {
    // Checked again with the plan locked: what the caller checked before (the plan not
    // published; for a sign-off, the newest version, not signed off yet) may have changed since,
    // by a publication, an edit or another leader's sign-off at the same time.
    const plan = await workflow.lockPlan(tx, workspace.id, planId);
    if (plan === null) throw new WorkflowError('not-found', `there is no plan ${planId}`);
    assertNotPublished(plan);
    if (kind === 'signed_off') {
      if (plan.latestVersion !== version) {
        throw new WorkflowError(
          'stale-version',
          `only the newest version (${plan.latestVersion}) can be signed off; this is version ${version}`,
        );
      }
      const records = await workflow.listSignoffs(tx, planId, version);
      if (records.some((r) => r.kind === 'signed_off')) {
        throw new WorkflowError('conflict', `version ${version} is already signed off`);
      }
    }
    await workflow.insertSignoff(tx, { planId, version, kind, by: actor.email, title, reason });
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: `signoff.${kind}`,
      entity: 'plan-version',
      entityId: `${planId}:v${version}`,
      after: { kind, title },
      reason,
    });
  });
}

function assertNotPublished(plan: workflow.PlanRow): void {
  if (plan.publishedVersion !== null) {
    throw new WorkflowError(
      'conflict',
      `plan ${plan.id} was published (version ${plan.publishedVersion}); change quotas through adjustments`,
    );
  }
}

/** A leader's written decision to accept a back-test outside the band. */
export async function overrideBacktest(
  context: WorkflowContext,
  planId: number,
  version: number,
  title: LeaderTitle | null,
  reason: string,
): Promise<SignOffStatus> {
  assertNotPublished(await requirePlan(context, planId));
  await requireVersion(context, planId, version);
  if (reason.trim().length < 10) {
    throw new WorkflowError(
      'invalid',
      'an override needs a written reason of at least 10 characters',
    );
  }
  await record(context, planId, version, 'backtest_override', title, reason.trim());
  return signOffStatus(context, planId, version);
}

/** A leader approves the individual quotas of a version. */
export async function approveQuotas(
  context: WorkflowContext,
  planId: number,
  version: number,
  title: LeaderTitle | null,
  note: string | null,
): Promise<SignOffStatus> {
  assertNotPublished(await requirePlan(context, planId));
  if (title === null) {
    throw new WorkflowError(
      'forbidden',
      'quotas are approved by a leader with a title (VP Sales, CRO or Finance)',
    );
  }
  await requireVersion(context, planId, version);
  await record(context, planId, version, 'quotas_approved', title, note);
  return signOffStatus(context, planId, version);
}

/** Signs a version off; refused while any checklist item is open. */
export async function signOff(
  context: WorkflowContext,
  planId: number,
  version: number,
  title: LeaderTitle | null,
): Promise<SignOffStatus> {
  const plan = await requirePlan(context, planId);
  assertNotPublished(plan);
  if (version !== plan.latestVersion) {
    throw new WorkflowError(
      'stale-version',
      `only the newest version (${plan.latestVersion}) can be signed off; this is version ${version}`,
    );
  }
  const status = await signOffStatus(context, planId, version);
  if (status.signedOff !== null) {
    throw new WorkflowError('conflict', `version ${version} is already signed off`);
  }
  const open = status.checklist.items.filter((i) => !i.passed);
  if (open.length > 0) {
    throw new WorkflowError(
      'precondition-failed',
      `${open.length} checklist item(s) are open: ${open.map((i) => i.detail).join(' ')}`,
      open.map((i) => ({ code: `signoff-${i.id}`, severity: 'error', message: i.detail })),
    );
  }
  await record(context, planId, version, 'signed_off', title, null);
  return signOffStatus(context, planId, version);
}

/**
 * Publishes a signed-off version: its quotas become the quota of record (immutable rows), with
 * the reporting lines and the credited bookings so far for tracking. A plan is published once.
 */
export async function publishVersion(
  context: WorkflowContext,
  planId: number,
  version: number,
): Promise<{ planId: number; version: number; reps: number }> {
  const plan = await requirePlan(context, planId);
  assertNotPublished(plan);
  const signed = (await workflow.listSignoffs(context.workspace.database.db, planId, version)).some(
    (r) => r.kind === 'signed_off',
  );
  if (!signed) {
    throw new WorkflowError('precondition-failed', `version ${version} is not signed off`);
  }
  const evaluated = await evaluateVersion(context, planId, version);
  return writeQuotaOfRecord(context, planId, version, evaluated);
}

/**
 * The date credited bookings are known up to: when the data was extracted (the workspace's as-of,
 * else its latest date), not the plan's as-of. A plan drafted on older data (as-of 30 June, plan
 * from July) is tracked on the bookings its months really hold.
 */
export function bookingsAsOf(prepared: EvaluatedPlan['prepared']): string {
  const { dataset, run } = prepared;
  return dataset.settings.asOf ?? latestDataDate(dataset) ?? run.history.asOf;
}

/** Writes the published and of-record rows of a version (publishVersion after its checks). */
export async function writeQuotaOfRecord(
  context: WorkflowContext,
  planId: number,
  version: number,
  evaluated: EvaluatedPlan,
): Promise<{ planId: number; version: number; reps: number }> {
  const { workspace, actor } = context;
  const { plan, run } = evaluated.prepared;
  const start = plan.start;
  const months = plan.months;
  const monthDates = Array.from({ length: months }, (_, m) => {
    const d = new Date(`${start}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + m);
    return d.toISOString().slice(0, 10);
  });
  const actualOf = new Map(run.history.sellers.map((s) => [s.id, s.actual]));
  const bookingsOf = (id: string): number[] => {
    const actual = actualOf.get(id);
    return Array.from({ length: months }, (_, m) => Math.round(actual?.[m] ?? 0));
  };
  const asOf = bookingsAsOf(evaluated.prepared);
  const reps = run.allocation.reps;
  const withQuota = new Set(reps.map((r) => r.id));
  const published = reps.flatMap((r) =>
    r.monthly.map((quota, m) => ({
      planId,
      version,
      repId: r.id,
      month: monthDates[m] ?? start,
      quota,
    })),
  );
  const ofRecord = reps.map((r) => ({
    planId,
    repId: r.id,
    name: r.name,
    role: r.role,
    managerId: r.managerId,
    territoryId: r.territoryId,
    segment: r.segment,
    carriesQuota: true,
    monthly: [...r.monthly],
    bookings: bookingsOf(r.id),
    bookingsAsOf: asOf,
    ramp: [...rolePlan(plan, r.role).ramp],
    startDate: r.startDate,
  }));
  // People in the reporting lines without a quota (managers), so roll-ups reach through them.
  for (const [id, managerId] of run.history.managerOf) {
    if (withQuota.has(id)) continue;
    ofRecord.push({
      planId,
      repId: id,
      name: run.history.personNames.get(id) ?? id,
      role: 'MGR',
      managerId,
      territoryId: null,
      segment: '',
      carriesQuota: false,
      monthly: new Array<number>(months).fill(0),
      bookings: new Array<number>(months).fill(0),
      bookingsAsOf: asOf,
      ramp: [],
      startDate: null,
    });
  }
  await workspace.database.db.transaction(async (tx) => {
    const marked = await workflow.markPublished(tx, planId, version, {
      periodStart: start,
      months,
      indicators: plan.checks.indicators,
    });
    if (!marked) throw new WorkflowError('conflict', `plan ${planId} is already published`);
    await workflow.insertPublishedQuotas(tx, published);
    await workflow.insertQuotasOfRecord(tx, ofRecord);
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'plan.publish',
      entity: 'plan',
      entityId: String(planId),
      after: { version, reps: reps.length, totalQuota: evaluated.results.totalQuota },
    });
  });
  quotasChanged(workspace.database);
  return { planId, version, reps: reps.length };
}
