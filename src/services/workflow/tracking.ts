// After publication: attainment of any period for the reps in the caller's scope (METHOD §9),
// ramp tracking of new hires, the bookings refresh from the workspace's deals, and mid-period
// adjustments (requested, approved or rejected, prorated on their effective date).

import {
  periodCount,
  prorateChange,
  structuralChanges,
  trackAttainment,
  trackRamps,
} from '../../core/tracking/index.ts';
import type {
  PeriodSpec,
  RampTracking,
  StructuralChange,
  TrackingReport,
} from '../../core/tracking/index.ts';
import { diffInputs, diffQuotas } from '../../core/workflow/index.ts';
import type { InputChange, QuotaDiff } from '../../core/workflow/index.ts';
import { workflow } from '../../db/index.ts';
import type { RepScope } from '../../db/index.ts';
import { cachedView, quotasChanged } from './attainment-cache.ts';
import { WorkflowError } from './errors.ts';
import { evaluatePlanText, requirePlan, requireVersion, today } from './plan-versions.ts';
import type { WorkflowContext } from './plan-versions.ts';
import { bookingsAsOf } from './signoff.ts';

/** What publication fixed about a plan. */
export interface PublishedPlan {
  publishedVersion: number;
  planStart: string;
  months: number;
  indicators: { green: number; red: number };
}

/**
 * What publication fixed about a plan, read once per change of the quotas of record: the
 * attainment reads, the server's busiest route, skip the plan row. Kept in the attainment views'
 * change-aware cache, because a later plan that supersedes this one shortens its calendar, and
 * that write (of quotas_of_record, in the same transaction) notifies every server.
 */
export async function requirePublished(
  context: WorkflowContext,
  planId: number,
): Promise<PublishedPlan> {
  const { database, id: workspaceId } = context.workspace;
  return cachedView(
    database,
    `published-plan\n${workspaceId}\n${planId}`,
    () => 1,
    async () => {
      const plan = await requirePlan(context, planId);
      if (
        plan.publishedVersion === null ||
        plan.periodStart === null ||
        plan.months === null ||
        plan.indicators === null
      ) {
        throw new WorkflowError('not-found', `plan ${planId} has no published quotas yet`);
      }
      return {
        publishedVersion: plan.publishedVersion,
        planStart: plan.periodStart,
        months: plan.months,
        indicators: plan.indicators,
      };
    },
  );
}

export interface QuotaOfRecord {
  repId: string;
  name: string;
  role: string;
  managerId: string | null;
  territoryId: string | null;
  segment: string;
  carriesQuota: boolean;
  annual: number;
  monthly: number[];
  bookings: number[];
  bookingsAsOf: string | null;
}

function quotaJson(r: workflow.QuotaOfRecordRow): QuotaOfRecord {
  return {
    repId: r.repId,
    name: r.name,
    role: r.role,
    managerId: r.managerId,
    territoryId: r.territoryId,
    segment: r.segment,
    carriesQuota: r.carriesQuota,
    annual: r.monthly.reduce((a, b) => a + b, 0),
    monthly: r.monthly,
    bookings: r.bookings,
    bookingsAsOf: r.bookingsAsOf,
  };
}

/** The quotas of record the scope may see. */
export async function quotasInScope(
  context: WorkflowContext,
  planId: number,
  scope: RepScope,
): Promise<QuotaOfRecord[]> {
  await requirePublished(context, planId);
  const rows = await workflow.quotasOfRecordInScope(context.workspace.database.db, planId, scope);
  return rows.map(quotaJson);
}

export interface AttainmentView {
  planId: number;
  currency: string;
  basis: 'amount' | 'count';
  /** The plan's calendar, so clients can offer its months and quarters. */
  planStart: string;
  months: number;
  /** The plan's indicator thresholds (fractions: green above, red below). */
  thresholds: { green: number; red: number };
  report: TrackingReport;
  ramps: RampTracking[];
}

/** Narrowing of an attainment view to one territory or segment ('' = reps without one). */
export interface AttainmentFilter {
  territory?: string | undefined;
  segment?: string | undefined;
}

/**
 * Attainment of one period for the scope: its reps, and the roll-ups of its managers, territories,
 * segments and the whole scope. `asOf` defaults to the date the bookings were refreshed to. A
 * territory or segment filter keeps only those quota lines, so every roll-up is of them alone.
 */
export async function attainment(
  context: WorkflowContext,
  planId: number,
  scope: RepScope,
  period: PeriodSpec,
  asOf?: string,
  filter: AttainmentFilter = {},
): Promise<AttainmentView> {
  const { database, id, settings } = context.workspace;
  // Everything the view depends on besides the quotas of record (whose changes empty the cache):
  // today's date matters while no bookings refresh has dated the rows.
  const key = JSON.stringify([
    id,
    planId,
    scope,
    period,
    asOf ?? null,
    filter.territory ?? null,
    filter.segment ?? null,
    settings.currency,
    settings.basis,
    today(context),
  ]);
  return cachedView(
    database,
    key,
    (view) => view.report.reps.length + 1,
    () => computeAttainment(context, planId, scope, period, asOf, filter),
  );
}

async function computeAttainment(
  context: WorkflowContext,
  planId: number,
  scope: RepScope,
  period: PeriodSpec,
  asOf: string | undefined,
  filter: AttainmentFilter,
): Promise<AttainmentView> {
  const published = await requirePublished(context, planId);
  const count = periodCount(
    { planStart: published.planStart, months: published.months },
    period.kind,
  );
  if (period.index >= count) {
    const message = `index: ${period.kind} ${period.index} is outside plan ${planId}, which has ${count} (0 to ${count - 1})`;
    throw new WorkflowError('invalid', message, [
      {
        code: 'period-outside-plan',
        severity: 'error',
        message,
        expected: `an index from 0 to ${count - 1}`,
      },
    ]);
  }
  const rows = await workflow.quotasOfRecordInScope(context.workspace.database.db, planId, scope);
  const { territory, segment } = filter;
  const lines = rows.filter(
    (r) =>
      r.carriesQuota &&
      (territory === undefined || (r.territoryId ?? '') === territory) &&
      (segment === undefined || r.segment === segment),
  );
  // The latest refresh: refreshBookings rewrites only the quota carriers' rows, so the rows of
  // managers without a quota keep the date of publication (and sort first in many teams).
  const refreshed = rows
    .map((r) => r.bookingsAsOf)
    .filter((d): d is string => d !== null)
    .reduce<string | null>((latest, d) => (latest === null || d > latest ? d : latest), null);
  const when = asOf ?? refreshed ?? today(context);
  const bookings = Object.fromEntries(lines.map((r) => [r.repId, r.bookings]));
  const calendar = { planStart: published.planStart, months: published.months };
  const report = trackAttainment({
    ...calendar,
    quotas: lines.map((r) => ({
      repId: r.repId,
      name: r.name,
      managerId: r.managerId,
      territoryId: r.territoryId,
      segment: r.segment === '' ? null : r.segment,
      monthly: r.monthly,
    })),
    org: rows
      .filter((r) => !r.carriesQuota)
      .map((r) => ({ id: r.repId, name: r.name, managerId: r.managerId })),
    bookings,
    asOf: when,
    period,
    thresholds: published.indicators,
  });
  const hires = lines.filter(
    (r) =>
      r.startDate !== null &&
      r.ramp.some((f) => f < 1) &&
      r.startDate >= addMonths(published.planStart, -r.ramp.length),
  );
  const ramps = trackRamps({
    ...calendar,
    reps: hires.map((r) => ({
      repId: r.repId,
      name: r.name,
      startDate: r.startDate ?? published.planStart,
      ramp: r.ramp,
      monthly: r.monthly,
    })),
    bookings,
    asOf: when,
  });
  return {
    planId,
    currency: context.workspace.settings.currency,
    basis: context.workspace.settings.basis,
    planStart: published.planStart,
    months: published.months,
    thresholds: published.indicators,
    report,
    ramps,
  };
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/**
 * Recomputes every rep's credited bookings per plan month from the workspace's deals (after an
 * import), with the published version's counting rules.
 */
export async function refreshBookings(
  context: WorkflowContext,
  planId: number,
): Promise<{ reps: number; asOf: string }> {
  const { publishedVersion, months } = await requirePublished(context, planId);
  const version = await requireVersion(context, planId, publishedVersion);
  const { prepared } = await evaluatePlanText(
    context.workspace,
    version.planYaml,
    `plan ${planId}`,
  );
  const history = prepared.run.history;
  const asOf = bookingsAsOf(prepared);
  // A superseded plan keeps only its months before the plan that replaced it.
  const rows = history.sellers.map((s) => ({
    repId: s.id,
    bookings: Array.from(s.actual, (v) => Math.round(v)).slice(0, months),
  }));
  const { workspace, actor } = context;
  await workspace.database.db.transaction(async (tx) => {
    await workflow.updateBookings(tx, planId, rows, asOf);
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'bookings.refresh',
      entity: 'plan',
      entityId: String(planId),
      after: { reps: rows.length, asOf },
    });
  });
  quotasChanged(workspace.database);
  return { reps: rows.length, asOf };
}

// ---------------------------------------------------------------------------------------------
// Version diff

export interface VersionDiff {
  from: number;
  to: number;
  inputs: InputChange[];
  quotas: QuotaDiff;
}

export async function diffVersions(
  context: WorkflowContext,
  planId: number,
  from: number,
  to: number,
): Promise<VersionDiff> {
  const a = await requireVersion(context, planId, from);
  const b = await requireVersion(context, planId, to);
  return {
    from,
    to,
    inputs: diffInputs(a.inputs, b.inputs),
    quotas: diffQuotas(a.results.quotas, b.results.quotas),
  };
}

// ---------------------------------------------------------------------------------------------
// Adjustments

export interface AdjustmentView {
  id: number;
  repId: string;
  kind: string;
  effective: string;
  reason: string;
  before: number[];
  newMonthly: number[];
  result: number[];
  state: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

function adjustmentJson(r: workflow.AdjustmentRow): AdjustmentView {
  return {
    id: r.id,
    repId: r.repId,
    kind: r.kind,
    effective: r.effective,
    reason: r.reason,
    before: r.before,
    newMonthly: r.newMonthly,
    result: r.result,
    state: r.state,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
  };
}

export const ADJUSTMENT_KINDS = ['territory-move', 'leave', 'relief', 'other'] as const;

/**
 * Requests a change of one rep's quota: from `effective` on, the monthly quota becomes
 * `newMonthly` (the new full-month values); the month containing `effective` is prorated.
 */
export async function requestAdjustment(
  context: WorkflowContext,
  planId: number,
  request: {
    repId: string;
    kind: (typeof ADJUSTMENT_KINDS)[number];
    effective: string;
    reason: string;
    newMonthly: number[];
  },
): Promise<AdjustmentView> {
  const published = await requirePublished(context, planId);
  const db = context.workspace.database.db;
  const [row] = await workflow.quotasOfRecordInScope(db, planId, {
    kind: 'self',
    repId: request.repId,
  });
  if (row?.carriesQuota !== true) {
    throw new WorkflowError('not-found', `no rep ${request.repId} with a quota in this plan`);
  }
  if (
    request.newMonthly.length !== published.months ||
    request.newMonthly.some((v) => !Number.isInteger(v) || v < 0)
  ) {
    throw new WorkflowError(
      'invalid',
      `newMonthly must hold ${published.months} whole, non-negative amounts in cents`,
    );
  }
  const prorated = prorateChange({
    planStart: published.planStart,
    months: published.months,
    before: row.monthly,
    after: request.newMonthly,
    effective: request.effective,
  });
  if (!prorated.ok)
    throw new WorkflowError(
      'invalid',
      prorated.issues[0]?.message ?? 'invalid date',
      prorated.issues,
    );
  const { workspace, actor } = context;
  return workspace.database.db.transaction(async (tx) => {
    const saved = await workflow.insertAdjustment(tx, {
      planId,
      repId: request.repId,
      kind: request.kind,
      effective: request.effective,
      reason: request.reason,
      before: row.monthly,
      newMonthly: request.newMonthly,
      result: prorated.value,
      state: 'pending',
      requestedBy: actor.email,
    });
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'adjustment.request',
      entity: 'adjustment',
      entityId: String(saved.id),
      before: { repId: request.repId, monthly: row.monthly },
      after: { effective: request.effective, result: prorated.value },
      reason: request.reason,
    });
    return adjustmentJson(saved);
  });
}

export async function listAdjustments(
  context: WorkflowContext,
  planId: number,
  repIds: readonly string[] | null,
): Promise<{ adjustments: AdjustmentView[]; structural: StructuralChange[] }> {
  const published = await requirePublished(context, planId);
  const rows = await workflow.listAdjustments(context.workspace.database.db, planId, repIds);
  const approved = rows.filter((r) => r.state === 'approved');
  const structural = structuralChanges(
    approved.map((r) => ({ repId: r.repId, effective: r.effective })),
    { planStart: published.planStart, months: published.months, kind: 'quarter' },
  );
  return { adjustments: rows.map(adjustmentJson), structural };
}

/** Approves (the quota of record changes) or rejects a pending adjustment. */
export async function decideAdjustment(
  context: WorkflowContext,
  planId: number,
  id: number,
  decision: { approve: boolean; note: string | null },
): Promise<AdjustmentView> {
  // Read before the transaction: PGlite has one connection, which the transaction holds.
  const plan = await requirePublished(context, planId);
  const { workspace, actor } = context;
  const decided = await workspace.database.db.transaction(async (tx) => {
    const row = await workflow.getAdjustment(tx, planId, id);
    if (row === null) throw new WorkflowError('not-found', `no adjustment ${id} in plan ${planId}`);
    const decided = await workflow.decideAdjustment(tx, id, {
      state: decision.approve ? 'approved' : 'rejected',
      by: actor.email,
      note: decision.note,
    });
    if (!decided) throw new WorkflowError('conflict', `adjustment ${id} was already ${row.state}`);
    if (decision.approve) {
      // Locked until commit: an approval of another adjustment of this rep running at the same
      // time waits here and then prorates against this one's result, so neither is lost.
      const current = await workflow.lockQuotaOfRecord(tx, planId, row.repId);
      if (current === null) throw new WorkflowError('not-found', `no rep ${row.repId}`);
      // Re-prorate against the quota as it is now: an earlier approval may have changed it.
      const prorated = prorateChange({
        planStart: plan.planStart,
        months: plan.months,
        before: current.monthly,
        after: row.newMonthly,
        effective: row.effective,
      });
      if (!prorated.ok)
        throw new WorkflowError(
          'invalid',
          prorated.issues[0]?.message ?? 'invalid',
          prorated.issues,
        );
      await workflow.updateQuotaOfRecord(tx, planId, row.repId, prorated.value);
      await workflow.appendAudit(tx, {
        workspaceId: workspace.id,
        userId: actor.userId,
        userEmail: actor.email,
        action: 'adjustment.approve',
        entity: 'adjustment',
        entityId: String(id),
        before: { repId: row.repId, monthly: current.monthly },
        after: { repId: row.repId, monthly: prorated.value },
        reason: decision.note,
      });
    } else {
      await workflow.appendAudit(tx, {
        workspaceId: workspace.id,
        userId: actor.userId,
        userEmail: actor.email,
        action: 'adjustment.reject',
        entity: 'adjustment',
        entityId: String(id),
        reason: decision.note,
      });
    }
    const updated = await workflow.getAdjustment(tx, planId, id);
    if (updated === null) throw new WorkflowError('not-found', `no adjustment ${id}`);
    return adjustmentJson(updated);
  });
  if (decision.approve) quotasChanged(workspace.database);
  return decided;
}
