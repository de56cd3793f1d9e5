// The sign-off gate (seed 1d) and publication: the checklist computed from stored facts (definition
// approvals, the data audit, the version's run and back-test, the register's decisions, overrides
// and quota approvals, the workspace's approver titles), the human steps that feed it, the gate as
// it stood at sign-off and at publication (recorded, with its evidence), and publishing a
// signed-off version as the quota of record, never over another published plan's months for the
// same reps unless it says it supersedes that plan.

import { rolePlan } from '../../core/plan/defaults.ts';
import {
  gateDifferences,
  monthsKept,
  planOverlaps,
  signOffChecklist,
  supersessionProblem,
  titleName,
} from '../../core/workflow/index.ts';
import type {
  PlanOverlap,
  PlanSpan,
  SignOffChecklist,
  SignOffFacts,
} from '../../core/workflow/index.ts';
import { listImports, workflow } from '../../db/index.ts';
import type { LeaderTitle, Queryable, RecordedGateItem } from '../../db/index.ts';
import { auditCountsInWorker } from '../audit-service.ts';
import { quotasChanged } from './attainment-cache.ts';
import { registerDecisions, withDecisions } from './assumptions.ts';
import { listDefinitions } from './definitions.ts';
import { WorkflowError } from './errors.ts';
import { evaluatePlanText, requirePlan, requireVersion } from './plan-versions.ts';
import type { EvaluatedPlan, WorkflowContext } from './plan-versions.ts';
import { signOffPolicyOf } from './policy.ts';

/** The gate as it stood when a version was signed off or published. */
export interface GateRecordView {
  event: 'signed_off' | 'published';
  by: string;
  title: string | null;
  at: string;
  approverTitles: string[];
  ready: boolean;
  items: RecordedGateItem[];
}

export interface SignOffStatus {
  planId: number;
  version: number;
  /** The approver titles in force today. */
  approverTitles: string[];
  /** Today's checklist, computed from the data and the records. */
  checklist: SignOffChecklist;
  signedOff: { by: string; at: string } | null;
  published: boolean;
  /** This version's quota approvals and back-test override, oldest first. */
  approvals: { by: string; title: string | null; at: string; note: string | null }[];
  override: { by: string; at: string; reason: string } | null;
  /** The gate as recorded at sign-off and at publication. */
  records: GateRecordView[];
  /** Items whose state, sentence or evidence today differ from the newest record. */
  differences: string[];
  /** Published plans this version's months and reps overlap (empty once it is published). */
  overlaps: PlanOverlap[];
}

async function evaluateVersion(
  context: WorkflowContext,
  planId: number,
  version: number,
): Promise<EvaluatedPlan> {
  const row = await requireVersion(context, planId, version);
  return evaluatePlanText(context.workspace, row.planYaml, `plan ${planId} v${version}`);
}

/** The workspace's latest import in words: what the data-clean item was judged on. */
async function dataInWords(context: WorkflowContext, asOf: string | null): Promise<string> {
  const imports = await listImports(context.workspace.database, context.workspace.id);
  const last = imports.filter((i) => i.counts !== null).at(-1);
  const when = asOf === null ? '' : `, data as of ${asOf}`;
  if (last === undefined) return `No import recorded${when}`;
  const at = (last.finishedAt ?? last.startedAt).slice(0, 10);
  return `Latest import #${last.id} by ${last.importedBy} on ${at}${when}`;
}

/** What the gate is judged on besides the stored facts: the version's run and the data. */
interface Judged {
  evaluated: EvaluatedPlan;
  /** The latest import in words (read before any transaction: PGlite runs one at a time). */
  data: string;
  /** The data-quality audit's counts (on the compute worker, before any transaction too). */
  audit: { errorCount: number; warningCount: number };
}

async function judged(context: WorkflowContext, planId: number, version: number): Promise<Judged> {
  const evaluated = await evaluateVersion(context, planId, version);
  const data = await dataInWords(context, evaluated.prepared.dataAsOf);
  const audit = await auditCountsInWorker(context.workspace);
  return { evaluated, data, audit };
}

/**
 * The facts of the gate, read through `db` (the transaction that acts on them, or the
 * database); the version's run, back-test and data come from `judged`.
 */
async function gateFacts(
  context: WorkflowContext,
  db: Queryable,
  planId: number,
  version: number,
  { evaluated, data, audit }: Judged,
): Promise<{ facts: SignOffFacts; records: workflow.SignoffRow[] }> {
  const { approverTitles } = await signOffPolicyOf(context, db);
  const prepared = withDecisions(evaluated.prepared, await registerDecisions(db, planId), version);
  const definitions = await listDefinitions(context, db);
  const records = await workflow.listSignoffsOfPlan(db, planId);
  const mine = records.filter((r) => r.version === version);
  const override = mine.filter((r) => r.kind === 'backtest_override').at(-1) ?? null;
  const backtest = evaluated.results.backtest;
  const facts: SignOffFacts = {
    version,
    policy: { approverTitles },
    definitions: definitions.map((d) => ({
      key: d.key,
      term: d.term,
      revision: d.revision,
      approvals: d.approvals.map((a) => ({ by: a.by, title: a.title, at: a.at })),
    })),
    audit: { errors: audit.errorCount, warnings: audit.warningCount, data },
    plan: prepared.plan,
    run: { checks: prepared.run.checks, assumptions: prepared.run.assumptions.entries },
    backtest:
      backtest === null
        ? null
        : {
            verdict: backtest.verdict as 'pass' | 'review' | 'fail',
            shareAttaining: backtest.shareAttaining,
          },
    backtestOverride:
      override === null
        ? null
        : { by: override.by, at: override.at.toISOString(), reason: override.reason ?? '' },
    quotaApprovals: records
      .filter((r) => r.kind === 'quotas_approved')
      .map((r) => ({ by: r.by, title: r.title ?? '', at: r.at.toISOString(), version: r.version })),
  };
  return { facts, records };
}

/** The span of a version for the overlap check: its calendar and the reps it gives a quota. */
function spanOf(planId: number, name: string, evaluated: EvaluatedPlan): PlanSpan {
  const { plan, run } = evaluated.prepared;
  return {
    planId,
    name,
    start: plan.start,
    months: plan.months,
    reps: run.allocation.reps.map((r) => r.id),
  };
}

/** The other published plans, each with its calendar (as it stands) and its quota carriers. */
async function publishedSpans(
  db: Queryable,
  workspaceId: string,
  except: number,
): Promise<(PlanSpan & { supersededBy: number | null })[]> {
  const plans = await workflow.listPlans(db, workspaceId);
  const spans: (PlanSpan & { supersededBy: number | null })[] = [];
  for (const p of plans) {
    if (
      p.id === except ||
      p.publishedVersion === null ||
      p.periodStart === null ||
      p.months === null
    ) {
      continue;
    }
    spans.push({
      planId: p.id,
      name: p.name,
      start: p.periodStart,
      months: p.months,
      reps: await workflow.quotaCarrierIds(db, p.id),
      supersededBy: p.supersededBy,
    });
  }
  return spans;
}

function recordView(r: workflow.GateRecordRow): GateRecordView {
  return {
    event: r.event,
    by: r.by,
    title: r.title,
    at: r.at.toISOString(),
    approverTitles: r.approverTitles,
    ready: r.ready,
    items: r.items,
  };
}

/** The checklist of one version computed now, beside the gate as it was recorded. */
export async function signOffStatus(
  context: WorkflowContext,
  planId: number,
  version: number,
): Promise<SignOffStatus> {
  const plan = await requirePlan(context, planId);
  const inputs = await judged(context, planId, version);
  const { evaluated } = inputs;
  const db = context.workspace.database.db;
  const { facts, records } = await gateFacts(context, db, planId, version, inputs);
  const checklist = signOffChecklist(facts);
  const mine = records.filter((r) => r.version === version);
  const signed = mine.find((r) => r.kind === 'signed_off') ?? null;
  const override = mine.filter((r) => r.kind === 'backtest_override').at(-1) ?? null;
  const gates = (await workflow.listGateRecords(db, planId, version)).map(recordView);
  const newest = gates.at(-1);
  const published = plan.publishedVersion === version;
  const overlaps =
    plan.publishedVersion !== null
      ? []
      : planOverlaps(
          spanOf(planId, plan.name, evaluated),
          await publishedSpans(db, context.workspace.id, planId),
        );
  return {
    planId,
    version,
    approverTitles: [...facts.policy.approverTitles],
    checklist,
    signedOff: signed === null ? null : { by: signed.by, at: signed.at.toISOString() },
    published,
    approvals: mine
      .filter((r) => r.kind === 'quotas_approved')
      .map((r) => ({ by: r.by, title: r.title, at: r.at.toISOString(), note: r.reason })),
    override:
      override === null
        ? null
        : { by: override.by, at: override.at.toISOString(), reason: override.reason ?? '' },
    records: gates,
    differences:
      newest === undefined ? [] : gateDifferences(newest.items as never, checklist.items),
    overlaps,
  };
}

function assertNotPublished(plan: workflow.PlanRow): void {
  if (plan.publishedVersion !== null) {
    throw new WorkflowError(
      'conflict',
      `plan ${plan.id} was published (version ${plan.publishedVersion}); change quotas through adjustments`,
    );
  }
}

/** The plan row read under the governance lock: it exists and is not published. */
async function lockedPlan(
  context: WorkflowContext,
  tx: Queryable,
  planId: number,
): Promise<workflow.PlanRow> {
  await workflow.lockGovernance(tx, context.workspace.id);
  const plan = await workflow.getPlan(tx, context.workspace.id, planId);
  if (plan === null) throw new WorkflowError('not-found', `there is no plan ${planId}`);
  assertNotPublished(plan);
  return plan;
}

/** Approvals and overrides close when a version is signed off: the gate was judged on them. */
function assertNotSignedOff(records: readonly workflow.SignoffRow[], version: number): void {
  const signed = records.find((r) => r.version === version && r.kind === 'signed_off');
  if (signed !== undefined) {
    throw new WorkflowError(
      'conflict',
      `version ${version} was signed off by ${signed.by} on ${signed.at.toISOString().slice(0, 10)}; its approvals are closed`,
    );
  }
}

function approverNames(titles: readonly string[]): string {
  return titles.map(titleName).join(' and ');
}

/** The caller's title must be one of the policy's approver titles. */
async function requireApprover(
  context: WorkflowContext,
  title: LeaderTitle | null,
  what: string,
): Promise<LeaderTitle> {
  const { approverTitles } = await signOffPolicyOf(context);
  if (title === null || !approverTitles.includes(title)) {
    throw new WorkflowError(
      'forbidden',
      `${what} by this workspace's approvers (${approverNames(approverTitles)}); your title is ${title === null ? 'none' : titleName(title)}`,
    );
  }
  return title;
}

async function audit(
  context: WorkflowContext,
  tx: Queryable,
  entry: {
    action: string;
    entity: string;
    entityId: string;
    before?: unknown;
    after?: unknown;
    reason?: string | null;
  },
): Promise<void> {
  await workflow.appendAudit(tx, {
    workspaceId: context.workspace.id,
    userId: context.actor.userId,
    userEmail: context.actor.email,
    ...entry,
  });
}

/**
 * A leader's written decision to accept a back-test outside the band. It counts only once an
 * approver other than the overrider has approved the quotas (core/workflow/signoff.ts), and it is
 * shown as an override, never as a pass.
 */
export async function overrideBacktest(
  context: WorkflowContext,
  planId: number,
  version: number,
  title: LeaderTitle | null,
  reason: string,
): Promise<SignOffStatus> {
  if (title === null) {
    throw new WorkflowError('forbidden', 'a back-test is overridden by a leader with a title');
  }
  if (reason.trim().length < 10) {
    throw new WorkflowError(
      'invalid',
      'an override needs a written reason of at least 10 characters',
    );
  }
  await requirePlan(context, planId);
  const evaluated = await evaluateVersion(context, planId, version);
  const { workspace } = context;
  await workspace.database.db.transaction(async (tx) => {
    await lockedPlan(context, tx, planId);
    assertNotSignedOff(await workflow.listSignoffsOfPlan(tx, planId), version);
    const verdict = evaluated.results.backtest?.verdict;
    if (verdict === 'pass') {
      throw new WorkflowError(
        'conflict',
        `the back-test of version ${version} is inside the band: there is nothing to override`,
      );
    }
    await workflow.insertSignoff(tx, {
      planId,
      version,
      kind: 'backtest_override',
      by: context.actor.email,
      userId: context.actor.userId,
      title,
      reason: reason.trim(),
    });
    await audit(context, tx, {
      action: 'signoff.backtest_override',
      entity: 'plan-version',
      entityId: `${planId}:v${version}`,
      after: { kind: 'backtest_override', title, verdict: verdict ?? null },
      reason: reason.trim(),
    });
  });
  return signOffStatus(context, planId, version);
}

/**
 * An approver approves the individual quotas of a version: each approver title once per
 * version, each by a different person, and not after the version is signed off.
 */
export async function approveQuotas(
  context: WorkflowContext,
  planId: number,
  version: number,
  title: LeaderTitle | null,
  note: string | null,
): Promise<SignOffStatus> {
  const approver = await requireApprover(context, title, 'quotas are approved');
  await requireVersion(context, planId, version);
  const { actor } = context;
  await context.workspace.database.db.transaction(async (tx) => {
    await lockedPlan(context, tx, planId);
    const records = await workflow.listSignoffsOfPlan(tx, planId);
    assertNotSignedOff(records, version);
    const approvals = records.filter((r) => r.version === version && r.kind === 'quotas_approved');
    const sameTitle = approvals.find((r) => r.title === approver);
    if (sameTitle !== undefined) {
      throw new WorkflowError(
        'conflict',
        `the ${titleName(approver)} approved version ${version} already (${sameTitle.by})`,
      );
    }
    const samePerson = approvals.find((r) => r.by === actor.email);
    if (samePerson !== undefined) {
      throw new WorkflowError(
        'conflict',
        `you approved version ${version} already, as ${titleName(samePerson.title ?? '')}; each approver title needs a different person`,
      );
    }
    await workflow.insertSignoff(tx, {
      planId,
      version,
      kind: 'quotas_approved',
      by: actor.email,
      userId: actor.userId,
      title: approver,
      reason: note,
    });
    await audit(context, tx, {
      action: 'signoff.quotas_approved',
      entity: 'plan-version',
      entityId: `${planId}:v${version}`,
      after: { kind: 'quotas_approved', title: approver },
      reason: note,
    });
  });
  return signOffStatus(context, planId, version);
}

function openItemsError(checklist: SignOffChecklist, what: string): WorkflowError {
  const open = checklist.items.filter((i) => !i.passed);
  return new WorkflowError(
    'precondition-failed',
    `${what}: ${open.length} checklist item(s) are open: ${open.map((i) => i.detail).join(' ')}`,
    open.map((i) => ({ code: `signoff-${i.id}`, severity: 'error', message: i.detail })),
  );
}

function recordedItems(checklist: SignOffChecklist): RecordedGateItem[] {
  return checklist.items.map((i) => ({
    id: i.id,
    label: i.label,
    state: i.state,
    passed: i.passed,
    detail: i.detail,
    evidence: [...i.evidence],
    ...(i.overridden === undefined ? {} : { overridden: { ...i.overridden } }),
  }));
}

/**
 * Signs a version off (an approver): refused while any checklist item is open. The checklist is
 * judged under the governance lock on the facts read there, and recorded with its evidence.
 */
export async function signOff(
  context: WorkflowContext,
  planId: number,
  version: number,
  title: LeaderTitle | null,
): Promise<SignOffStatus> {
  const signer = await requireApprover(context, title, 'versions are signed off');
  await requirePlan(context, planId);
  const inputs = await judged(context, planId, version);
  const { actor } = context;
  await context.workspace.database.db.transaction(async (tx) => {
    const plan = await lockedPlan(context, tx, planId);
    if (version !== plan.latestVersion) {
      throw new WorkflowError(
        'stale-version',
        `only the newest version (${plan.latestVersion}) can be signed off; this is version ${version}`,
      );
    }
    const { facts, records } = await gateFacts(context, tx, planId, version, inputs);
    if (records.some((r) => r.version === version && r.kind === 'signed_off')) {
      throw new WorkflowError('conflict', `version ${version} is already signed off`);
    }
    const checklist = signOffChecklist(facts);
    if (!checklist.ready)
      throw openItemsError(checklist, `version ${version} cannot be signed off`);
    await workflow.insertSignoff(tx, {
      planId,
      version,
      kind: 'signed_off',
      by: actor.email,
      userId: actor.userId,
      title: signer,
      reason: null,
    });
    await workflow.insertGateRecord(tx, {
      planId,
      version,
      event: 'signed_off',
      by: actor.email,
      userId: actor.userId,
      title: signer,
      approverTitles: [...facts.policy.approverTitles],
      ready: true,
      items: recordedItems(checklist),
    });
    await audit(context, tx, {
      action: 'signoff.signed_off',
      entity: 'plan-version',
      entityId: `${planId}:v${version}`,
      after: {
        kind: 'signed_off',
        title: signer,
        items: checklist.items.map((i) => ({ id: i.id, state: i.state })),
      },
    });
  });
  return signOffStatus(context, planId, version);
}

/**
 * The date credited bookings are known up to: when the data was extracted (the workspace's as-of,
 * else its latest date), not the plan's as-of. A plan drafted on older data (as-of 30 June, plan
 * from July) is tracked on the bookings its months really hold.
 */
export function bookingsAsOf(prepared: EvaluatedPlan['prepared']): string {
  return prepared.dataAsOf ?? prepared.run.history.asOf;
}

/** The published and of-record rows of a version. */
function quotaRows(planId: number, version: number, evaluated: EvaluatedPlan) {
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
  return { published, ofRecord, reps: reps.length };
}

function overlapError(plan: workflow.PlanRow, overlaps: readonly PlanOverlap[]): WorkflowError {
  const words = overlaps.map(
    (o) =>
      `'${o.name}' (plan ${o.planId}) holds quotas of record for ${o.reps.length} of the same reps in ${o.label}`,
  );
  return new WorkflowError(
    'conflict',
    `'${plan.name}' overlaps published plans: ${words.join('; ')}. Publish it with supersedes naming them to end them where it starts, or change its months or reps.`,
    overlaps.map((o) => ({
      code: 'plan-overlap',
      severity: 'error',
      message: `'${o.name}' (plan ${o.planId}) holds quotas of record for ${o.reps.length} of the same reps in ${o.label}`,
      expected: `supersedes: [${o.planId}] to end '${o.name}' where this plan starts`,
      location: { entity: 'plan', id: String(o.planId) },
    })),
  );
}

export interface PublishOptions {
  /** Published plans this one replaces from its first month (they must overlap it). */
  supersedes?: readonly number[] | undefined;
}

/**
 * Publishes a signed-off version: its quotas become the quota of record (immutable rows), with
 * the reporting lines and the credited bookings so far for tracking. Refused while the gate,
 * recomputed now, is not ready; refused when another published plan holds quotas of record for
 * any of its reps in any of its months, unless `supersedes` names that plan: it then ends where
 * this one starts. A plan is published once; the gate is recorded as it stood.
 */
export async function publishVersion(
  context: WorkflowContext,
  planId: number,
  version: number,
  options: PublishOptions = {},
): Promise<{ planId: number; version: number; reps: number; superseded: number[] }> {
  await requirePlan(context, planId);
  const inputs = await judged(context, planId, version);
  const { evaluated } = inputs;
  const rows = quotaRows(planId, version, evaluated);
  const supersedes = [...new Set(options.supersedes ?? [])].sort((a, b) => a - b);
  const { workspace, actor } = context;
  const { plan: file } = evaluated.prepared;
  await workspace.database.db.transaction(async (tx) => {
    const plan = await lockedPlan(context, tx, planId);
    const { facts, records } = await gateFacts(context, tx, planId, version, inputs);
    if (!records.some((r) => r.version === version && r.kind === 'signed_off')) {
      throw new WorkflowError('precondition-failed', `version ${version} is not signed off`);
    }
    const checklist = signOffChecklist(facts);
    if (!checklist.ready) throw openItemsError(checklist, `version ${version} cannot be published`);
    const others = await publishedSpans(tx, workspace.id, planId);
    const overlaps = planOverlaps(spanOf(planId, plan.name, evaluated), others);
    const unresolved = overlaps.filter((o) => !supersedes.includes(o.planId));
    if (unresolved.length > 0) throw overlapError(plan, unresolved);
    const stray = supersedes.filter((id) => !overlaps.some((o) => o.planId === id));
    if (stray.length > 0) {
      const message = `supersedes names plan ${stray.join(', ')}, which this plan does not overlap: only a published plan holding quotas for the same reps in the same months can be superseded`;
      throw new WorkflowError('invalid', message, [
        {
          code: 'supersedes-invalid',
          severity: 'error',
          message,
          expected:
            overlaps.length === 0
              ? 'no supersedes'
              : `one of ${overlaps.map((o) => o.planId).join(', ')}`,
        },
      ]);
    }
    const replaced: { span: (typeof others)[number]; kept: number }[] = [];
    for (const id of supersedes) {
      const span = others.find((o) => o.planId === id);
      if (span === undefined) continue;
      if (span.supersededBy !== null) {
        throw new WorkflowError(
          'conflict',
          `'${span.name}' (plan ${id}) was superseded by plan ${span.supersededBy} already`,
        );
      }
      const problem = supersessionProblem(span, {
        name: plan.name,
        start: file.start,
        months: file.months,
      });
      if (problem !== null) throw new WorkflowError('conflict', problem);
      replaced.push({ span, kept: monthsKept(span, { start: file.start }) });
    }
    const marked = await workflow.markPublished(tx, planId, version, {
      periodStart: file.start,
      months: file.months,
      indicators: file.checks.indicators,
      supersedes: supersedes.length === 0 ? null : supersedes,
    });
    if (!marked) throw new WorkflowError('conflict', `plan ${planId} is already published`);
    await workflow.insertPublishedQuotas(tx, rows.published);
    await workflow.insertQuotasOfRecord(tx, rows.ofRecord);
    for (const { span, kept } of replaced) {
      const done = await workflow.supersedePlan(tx, span.planId, {
        by: planId,
        from: file.start,
        months: kept,
      });
      if (!done) {
        throw new WorkflowError(
          'conflict',
          `'${span.name}' (plan ${span.planId}) was superseded already`,
        );
      }
      await audit(context, tx, {
        action: 'plan.supersede',
        entity: 'plan',
        entityId: String(span.planId),
        before: { periodStart: span.start, months: span.months },
        after: { supersededBy: planId, from: file.start, months: kept },
      });
    }
    await workflow.insertGateRecord(tx, {
      planId,
      version,
      event: 'published',
      by: actor.email,
      userId: actor.userId,
      title: null,
      approverTitles: [...facts.policy.approverTitles],
      ready: true,
      items: recordedItems(checklist),
    });
    await audit(context, tx, {
      action: 'plan.publish',
      entity: 'plan',
      entityId: String(planId),
      after: {
        version,
        reps: rows.reps,
        totalQuota: evaluated.results.totalQuota,
        supersedes,
      },
    });
  });
  quotasChanged(workspace.database);
  return { planId, version, reps: rows.reps, superseded: supersedes };
}

/**
 * Writes a version as the quota of record without the gate, the overlap check or a gate record:
 * for benchmarks that measure tracking on synthetic organisations, never for the app (the demo
 * and the server publish through publishVersion).
 */
export async function writeQuotaOfRecord(
  context: WorkflowContext,
  planId: number,
  version: number,
  evaluated: EvaluatedPlan,
): Promise<{ planId: number; version: number; reps: number }> {
  const { workspace, actor } = context;
  const { plan } = evaluated.prepared;
  const rows = quotaRows(planId, version, evaluated);
  await workspace.database.db.transaction(async (tx) => {
    const marked = await workflow.markPublished(tx, planId, version, {
      periodStart: plan.start,
      months: plan.months,
      indicators: plan.checks.indicators,
      supersedes: null,
    });
    if (!marked) throw new WorkflowError('conflict', `plan ${planId} is already published`);
    await workflow.insertPublishedQuotas(tx, rows.published);
    await workflow.insertQuotasOfRecord(tx, rows.ofRecord);
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'plan.publish',
      entity: 'plan',
      entityId: String(planId),
      after: { version, reps: rows.reps, totalQuota: evaluated.results.totalQuota, gate: 'none' },
    });
  });
  quotasChanged(workspace.database);
  return { planId, version, reps: rows.reps };
}
