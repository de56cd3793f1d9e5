// The deals behind a rep's bookings figure on a published plan, and credit disputes: a rep
// objects to the credit of one of their deals; a manager of theirs or a leader accepts it with a
// note (the correction is made in the CRM and arrives with the next import) or rejects it. Every
// dispute and resolution is audited in its transaction.

import { AE_ROLE, DEFAULT_ROLES } from '../../core/plan/defaults.ts';
import type { DealType } from '../../core/model.ts';
import { creditedDeals, periodCount, resolvePeriod } from '../../core/tracking/index.ts';
import type { CreditedDeal, PeriodSpec } from '../../core/tracking/index.ts';
import { workflow } from '../../db/index.ts';
import { WorkflowError } from './errors.ts';
import { requireVersion, today } from './plan-versions.ts';
import type { WorkflowContext } from './plan-versions.ts';
import { requirePublished } from './tracking.ts';

/** The deal types and measure of a role in a plan file's inputs (a role it leaves out: defaults). */
function roleRules(
  inputs: Record<string, unknown>,
  role: string,
): { counts: readonly DealType[]; measure: string } {
  const roles = (inputs.roles ?? {}) as Record<string, { counts?: DealType[]; measure?: string }>;
  const base = DEFAULT_ROLES[role] ?? AE_ROLE;
  const file = roles[role];
  return { counts: file?.counts ?? base.counts, measure: file?.measure ?? base.measure };
}

export interface CreditedDealsView {
  planId: number;
  repId: string;
  name: string;
  period: { kind: PeriodSpec['kind']; index: number; label: string; from: string; to: string };
  /** What the rep's quota measures: the list is of bookings (won deals) either way. */
  measure: string;
  counts: DealType[];
  deals: CreditedDeal[];
  /** The credited amounts of the list added up, and the bookings figure of the dashboard. */
  total: number;
  bookings: number;
  bookingsAsOf: string | null;
}

async function quotaLine(context: WorkflowContext, planId: number, repId: string) {
  const [row] = await workflow.quotasOfRecordInScope(context.workspace.database.db, planId, {
    kind: 'self',
    repId,
  });
  if (row === undefined) throw new WorkflowError('not-found', `no rep ${repId} in this plan`);
  return row;
}

/** The won deals credited to a rep in one period of a published plan, with share and credit. */
export async function creditedDealsOf(
  context: WorkflowContext,
  planId: number,
  repId: string,
  period: PeriodSpec,
): Promise<CreditedDealsView> {
  const published = await requirePublished(context, planId);
  const calendar = { planStart: published.planStart, months: published.months };
  const count = periodCount(calendar, period.kind);
  if (period.index >= count) {
    const message = `index: ${period.kind} ${period.index} is outside plan ${planId}, which has ${count} (0 to ${count - 1})`;
    throw new WorkflowError('invalid', message, [
      { code: 'period-outside-plan', severity: 'error', message, expected: `0 to ${count - 1}` },
    ]);
  }
  const line = await quotaLine(context, planId, repId);
  const version = await requireVersion(context, planId, published.publishedVersion);
  const rules = roleRules(version.inputs, line.role);
  const resolved = resolvePeriod(calendar, period, today(context));
  const { workspace } = context;
  const found = await workflow.wonDealsOfRep(
    workspace.database.db,
    workspace.id,
    repId,
    resolved.from,
    resolved.to,
  );
  const rows = creditedDeals({
    repId,
    deals: found.deals,
    splits: found.splits,
    counts: rules.counts,
    basis: workspace.settings.basis,
  });
  let bookings = 0;
  for (let m = resolved.firstMonth; m <= resolved.lastMonth; m++) bookings += line.bookings[m] ?? 0;
  return {
    planId,
    repId,
    name: line.name,
    period: {
      kind: period.kind,
      index: period.index,
      label: resolved.label,
      from: resolved.from,
      to: resolved.to,
    },
    measure: rules.measure,
    counts: [...rules.counts],
    deals: rows,
    total: rows.reduce((sum, d) => sum + d.credited, 0),
    bookings,
    bookingsAsOf: line.bookingsAsOf,
  };
}

export interface DisputeView {
  id: number;
  planId: number;
  repId: string;
  dealId: string;
  reason: string;
  state: 'open' | 'accepted' | 'rejected';
  raisedBy: string;
  raisedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

function disputeView(r: workflow.DisputeRow): DisputeView {
  return {
    id: r.id,
    planId: r.planId,
    repId: r.repId,
    dealId: r.dealId,
    reason: r.reason,
    state: r.state,
    raisedBy: r.raisedBy,
    raisedAt: r.raisedAt.toISOString(),
    resolvedBy: r.resolvedBy,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    resolutionNote: r.resolutionNote,
  };
}

/** The plan's disputes of the reps given (null = everyone's), newest first. */
export async function disputesOf(
  context: WorkflowContext,
  planId: number,
  repIds: readonly string[] | null,
): Promise<DisputeView[]> {
  await requirePublished(context, planId);
  const rows = await workflow.listDisputes(context.workspace.database.db, planId, repIds);
  return rows.map(disputeView);
}

/**
 * A rep disputes the credit of one of their won deals in the plan's period (owned or split to
 * them); one open dispute per deal.
 */
export async function raiseDispute(
  context: WorkflowContext,
  planId: number,
  repId: string,
  request: { dealId: string; reason: string },
): Promise<DisputeView> {
  const published = await requirePublished(context, planId);
  await quotaLine(context, planId, repId);
  const calendar = { planStart: published.planStart, months: published.months };
  const whole = resolvePeriod(calendar, { kind: 'year', index: 0 }, today(context));
  const { workspace, actor } = context;
  const found = await workflow.wonDealsOfRep(
    workspace.database.db,
    workspace.id,
    repId,
    whole.from,
    whole.to,
    request.dealId,
  );
  if (found.deals.length === 0) {
    throw new WorkflowError(
      'not-found',
      `deal ${request.dealId} is not a won deal of yours in this plan (${whole.from} to ${whole.to})`,
    );
  }
  return workspace.database.db.transaction(async (tx) => {
    // Serialised per workspace, so two clicks do not open the same dispute twice.
    await workflow.lockGovernance(tx, workspace.id);
    const open = (await workflow.listDisputes(tx, planId, [repId])).find(
      (d) => d.dealId === request.dealId && d.state === 'open',
    );
    if (open !== undefined) {
      throw new WorkflowError(
        'conflict',
        `deal ${request.dealId} has an open dispute already (dispute ${open.id})`,
      );
    }
    const saved = await workflow.insertDispute(tx, {
      planId,
      repId,
      dealId: request.dealId,
      reason: request.reason,
      raisedBy: actor.email,
    });
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'dispute.raise',
      entity: 'credit-dispute',
      entityId: String(saved.id),
      after: { planId, repId, dealId: request.dealId, state: 'open' },
      reason: request.reason,
    });
    return disputeView(saved);
  });
}

/** Accepts (with a note saying what will be corrected) or rejects an open dispute. */
export async function resolveDispute(
  context: WorkflowContext,
  planId: number,
  id: number,
  decision: { accept: boolean; note: string | null },
  /** Whether the caller may resolve this rep's disputes (their scope, not their own). */
  mayResolve: (repId: string) => Promise<boolean>,
): Promise<DisputeView> {
  await requirePublished(context, planId);
  const note = decision.note?.trim() ?? '';
  if (decision.accept && note === '') {
    const message = 'note: say what will be corrected when you accept a dispute';
    throw new WorkflowError('invalid', message, [
      { code: 'dispute-note-missing', severity: 'error', message, expected: 'a note' },
    ]);
  }
  const { workspace, actor } = context;
  const current = await workflow.getDispute(workspace.database.db, planId, id);
  if (current === null || !(await mayResolve(current.repId))) {
    throw new WorkflowError('not-found', `no dispute ${id} in plan ${planId}`);
  }
  return workspace.database.db.transaction(async (tx) => {
    const row = await workflow.getDispute(tx, planId, id, { forUpdate: true });
    if (row === null) throw new WorkflowError('not-found', `no dispute ${id} in plan ${planId}`);
    const state = decision.accept ? 'accepted' : 'rejected';
    if (!(await workflow.resolveDispute(tx, id, { state, by: actor.email, note: note || null }))) {
      throw new WorkflowError(
        'conflict',
        `dispute ${id} was ${row.state} by ${row.resolvedBy ?? 'someone'} already`,
      );
    }
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: decision.accept ? 'dispute.accept' : 'dispute.reject',
      entity: 'credit-dispute',
      entityId: String(id),
      before: { state: row.state },
      after: { planId, repId: row.repId, dealId: row.dealId, state },
      reason: note || null,
    });
    const updated = await workflow.getDispute(tx, planId, id);
    return disputeView(updated ?? row);
  });
}
