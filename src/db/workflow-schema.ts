// Drizzle schema of the planning workflow: who may do what in a workspace (and approver roles
// waiting for a second person), plans and their immutable versions, the assumption register's
// decisions, the Definition Alignment terms and their approvals, the sign-off policy, records and
// gate snapshots, published quotas, adjustments, attainment data and the audit log. Users,
// sessions and credentials are in auth-schema.ts.

import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { LEADER_TITLES, MEMBER_ROLES } from '../core/workflow/members.ts';
import type { LeaderTitle, MemberRole } from '../core/workflow/members.ts';
import { users } from './auth-schema.ts';
import { workspaces } from './schema.ts';

export { LEADER_TITLES, MEMBER_ROLES } from '../core/workflow/members.ts';
export type { LeaderTitle, MemberRole } from '../core/workflow/members.ts';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

function inList(values: readonly string[]) {
  return sql.raw(values.map((v) => `'${v}'`).join(', '));
}

/** A user's role in one workspace; managers and reps are linked to their rep record by email. */
export const memberships = pgTable(
  'memberships',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<MemberRole>().notNull(),
    title: text('title').$type<LeaderTitle>(),
    /** The rep record (reps.id or a planned hire's id) this user is; null for admins and leaders. */
    repId: text('rep_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'memberships_pkey', columns: [t.workspaceId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
    check('memberships_role_check', sql`${t.role} in (${inList(MEMBER_ROLES)})`),
    check(
      'memberships_title_check',
      sql`${t.title} is null or (${t.role} = 'leader' and ${t.title} in (${inList(LEADER_TITLES)}))`,
    ),
    check(
      'memberships_rep_check',
      sql`${t.role} not in ('manager', 'rep') or ${t.repId} is not null`,
    ),
  ],
);

export const PLAN_STATES = ['draft', 'signed_off', 'published'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

/** A plan: a line of versions of which at most one is published (the quota of record). */
export const plans = pgTable(
  'plans',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Number of the newest version; edits must name it (optimistic locking). */
    latestVersion: integer('latest_version').notNull(),
    publishedVersion: integer('published_version'),
    publishedAt: timestamptz('published_at'),
    /** Set at publication, for tracking: the plan's first day, months and RAG thresholds. */
    periodStart: date('period_start', { mode: 'string' }),
    months: integer('months'),
    indicators: jsonb('indicators').$type<{ green: number; red: number }>(),
    /** The published plans this one replaced from its first month (set at publication). */
    supersedes: jsonb('supersedes').$type<number[]>(),
    /** Set on a plan a later one superseded: that plan, and the first month it no longer holds. */
    supersededBy: integer('superseded_by'),
    supersededFrom: date('superseded_from', { mode: 'string' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    index('plans_workspace_idx').on(t.workspaceId, t.id),
    // Two plans of a workspace never share a name (case and surrounding spaces ignored).
    uniqueIndex('plans_workspace_name_key').on(t.workspaceId, sql`lower(btrim(${t.name}))`),
  ],
);

/**
 * What a version's run produced, kept so lists, diffs and the sign-off gate need no re-run. The
 * plan text reproduces everything else (explanations, simulations) on demand.
 */
export interface StoredVersionResults {
  methodology: string;
  currency: string;
  basis: 'amount' | 'count';
  /** Per rep: annual quota and monthly quotas (cents, or hundredths of a deal for counts). */
  quotas: {
    id: string;
    name: string;
    role: string;
    pool: string;
    managerId: string | null;
    territoryId: string | null;
    segment: string;
    startDate: string | null;
    planned: boolean;
    quota: number;
    monthly: number[];
    /** Effective (ramped, prorated) fraction of each plan month. */
    effective: number[];
    /**
     * Why the quota rests on no record of the rep's own (no won or lost deal in the history), or
     * null; missing on versions saved before it was recorded.
     */
    noHistory?: string | null;
  }[];
  totalQuota: number;
  checks: { code: string; title: string; severity: string; status: string; summary: string }[];
  assumptions: {
    key: string;
    label: string;
    value: string;
    status: 'ASSUMED' | 'CONFIRMED';
    confirmedBy: string | null;
    confirmedAt: string | null;
    affects: 'quotas' | 'checks';
    reps: number;
  }[];
  backtest: {
    shareAttaining: number;
    verdict: string;
    verdictText: string;
    inSample: boolean;
    kStar: number | null;
    targetAtKStar: number | null;
  } | null;
  blocked: boolean;
  issues: { code: string; severity: string; message: string }[];
}

/** Immutable: a trigger in the migration refuses updates and deletes. */
export const planVersions = pgTable(
  'plan_versions',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    version: integer('version').notNull(),
    /** The plan file as written (YAML), the source of truth of the version. */
    planYaml: text('plan_yaml').notNull(),
    /** The parsed plan file, for diffs. */
    inputs: jsonb('inputs').$type<Record<string, unknown>>().notNull(),
    results: jsonb('results').$type<StoredVersionResults>().notNull(),
    parentVersion: integer('parent_version'),
    note: text('note').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ name: 'plan_versions_pkey', columns: [t.planId, t.version] })],
);

export const TRANSITION_SOURCES = ['plan_file', 'register'] as const;
export type TransitionSource = (typeof TRANSITION_SOURCES)[number];

/**
 * ASSUMED → CONFIRMED (or back) of one input. `register`: a person's decision about the value
 * shown (`value`, `label`) on `version`, kept beside the immutable versions (the register merges
 * it into every later version while the value stays); `plan_file`: a version whose `confirmed:`
 * changed (plan files written by hand), recorded for the history. Append only.
 */
export const assumptionTransitions = pgTable(
  'assumption_transitions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    version: integer('version').notNull(),
    key: text('key').notNull(),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    by: text('by').notNull(),
    userId: text('user_id'),
    at: timestamptz('at').notNull().defaultNow(),
    note: text('note'),
    source: text('source').$type<TransitionSource>().notNull().default('plan_file'),
    /** The input's name and value in words as the person saw them (register decisions). */
    label: text('label'),
    value: text('value'),
  },
  (t) => [
    index('assumption_transitions_plan_idx').on(t.planId, t.key),
    check(
      'assumption_transitions_source_check',
      sql`${t.source} in (${inList(TRANSITION_SOURCES)})`,
    ),
  ],
);

/** The workspace's Definition Alignment terms; an edit raises the revision. */
export const definitionTerms = pgTable(
  'definition_terms',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    term: text('term').notNull(),
    definition: text('definition').notNull(),
    revision: integer('revision').notNull(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ name: 'definition_terms_pkey', columns: [t.workspaceId, t.key] })],
);

/** An approval of one revision of a term by a leader title. */
export const definitionApprovals = pgTable(
  'definition_approvals',
  {
    workspaceId: text('workspace_id').notNull(),
    key: text('key').notNull(),
    revision: integer('revision').notNull(),
    title: text('title').$type<LeaderTitle>().notNull(),
    by: text('by').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({
      name: 'definition_approvals_pkey',
      columns: [t.workspaceId, t.key, t.revision, t.title],
    }),
  ],
);

export const SIGNOFF_KINDS = ['backtest_override', 'quotas_approved', 'signed_off'] as const;
export type SignoffKind = (typeof SIGNOFF_KINDS)[number];

/** The sign-off checklist's human steps for one version. Append only. */
export const signoffRecords = pgTable(
  'signoff_records',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    version: integer('version').notNull(),
    kind: text('kind').$type<SignoffKind>().notNull(),
    by: text('by').notNull(),
    userId: text('user_id'),
    title: text('title'),
    reason: text('reason'),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [
    index('signoff_records_version_idx').on(t.planId, t.version),
    check('signoff_records_kind_check', sql`${t.kind} in (${inList(SIGNOFF_KINDS)})`),
  ],
);

/** Who must approve in a workspace: the leader titles (two at least), each a different person. */
export const signoffPolicies = pgTable('signoff_policies', {
  workspaceId: text('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  approverTitles: jsonb('approver_titles').$type<LeaderTitle[]>().notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

export const GATE_EVENTS = ['signed_off', 'published'] as const;
export type GateEvent = (typeof GATE_EVENTS)[number];

/** One checklist item as it stood: state, sentence and evidence. */
export interface RecordedGateItem {
  id: string;
  label: string;
  state: 'passed' | 'overridden' | 'open';
  passed: boolean;
  detail: string;
  evidence: string[];
  overridden?: { by: string; at: string; reason: string };
}

/**
 * The sign-off gate as it stood when a version was signed off and when it was published: every
 * item with its evidence, the policy, who and when. Immutable (a trigger refuses changes).
 */
export const signoffGateRecords = pgTable(
  'signoff_gate_records',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    version: integer('version').notNull(),
    event: text('event').$type<GateEvent>().notNull(),
    by: text('by').notNull(),
    userId: text('user_id'),
    title: text('title'),
    at: timestamptz('at').notNull().defaultNow(),
    approverTitles: jsonb('approver_titles').$type<string[]>().notNull(),
    ready: boolean('ready').notNull(),
    items: jsonb('items').$type<RecordedGateItem[]>().notNull(),
  },
  (t) => [
    uniqueIndex('signoff_gate_records_event_key').on(t.planId, t.version, t.event),
    check('signoff_gate_records_event_check', sql`${t.event} in (${inList(GATE_EVENTS)})`),
  ],
);

export const GRANT_STATES = ['pending', 'approved', 'rejected'] as const;
export type GrantState = (typeof GRANT_STATES)[number];

/**
 * An approver role (a leader title) an admin asked to give someone: it takes effect only when an
 * existing leader, another person than the admin and the grantee, approves it (separation of
 * duties). Grants made by an operator (`quotaplan user add`, the demo set-up) need none.
 */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role').$type<MemberRole>().notNull(),
    title: text('title').$type<LeaderTitle>(),
    repId: text('rep_id'),
    state: text('state').$type<GrantState>().notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedByUserId: text('requested_by_user_id'),
    requestedAt: timestamptz('requested_at').notNull().defaultNow(),
    decidedBy: text('decided_by'),
    decidedByUserId: text('decided_by_user_id'),
    decidedAt: timestamptz('decided_at'),
    note: text('note'),
  },
  (t) => [
    index('role_grants_workspace_idx').on(t.workspaceId, t.state),
    check('role_grants_state_check', sql`${t.state} in (${inList(GRANT_STATES)})`),
  ],
);

/** Quotas as published: immutable (a trigger refuses updates and deletes). */
export const publishedQuotas = pgTable(
  'published_quotas',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    version: integer('version').notNull(),
    repId: text('rep_id').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    quota: bigint('quota', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'published_quotas_pkey', columns: [t.planId, t.repId, t.month] })],
);

/**
 * The quota of record per rep: published quotas with approved adjustments applied, plus what
 * scope checks and roll-ups need (manager, territory, segment), so dashboards read one table.
 */
export const quotasOfRecord = pgTable(
  'quotas_of_record',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    repId: text('rep_id').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    managerId: text('manager_id'),
    territoryId: text('territory_id'),
    segment: text('segment').notNull(),
    /** False for people in the reporting lines without a quota (managers): zeros below. */
    carriesQuota: boolean('carries_quota').notNull(),
    /** Monthly quotas from the plan's first month, cents (hundredths of a deal for counts). */
    monthly: bigint('monthly', { mode: 'number' }).array().notNull(),
    /** Credited bookings per plan month, refreshed from the workspace's deals. */
    bookings: bigint('bookings', { mode: 'number' }).array().notNull(),
    bookingsAsOf: date('bookings_as_of', { mode: 'string' }),
    /** The role's ramp schedule (fractions of full quota by tenure month), for ramp tracking. */
    ramp: jsonb('ramp').$type<number[]>().notNull(),
    startDate: date('start_date', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ name: 'quotas_of_record_pkey', columns: [t.planId, t.repId] }),
    index('quotas_of_record_manager_idx').on(t.planId, t.managerId),
  ],
);

export const ADJUSTMENT_STATES = ['pending', 'approved', 'rejected'] as const;
export type AdjustmentState = (typeof ADJUSTMENT_STATES)[number];

/** A mid-period change of a published quota (METHOD §9), prorated on its effective date. */
export const quotaAdjustments = pgTable(
  'quota_adjustments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    repId: text('rep_id').notNull(),
    kind: text('kind').notNull(),
    effective: date('effective', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    /** Monthly quotas before, the new full-month values, and the prorated result. */
    before: bigint('before', { mode: 'number' }).array().notNull(),
    newMonthly: bigint('new_monthly', { mode: 'number' }).array().notNull(),
    result: bigint('result', { mode: 'number' }).array().notNull(),
    state: text('state').$type<AdjustmentState>().notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamptz('requested_at').notNull().defaultNow(),
    decidedBy: text('decided_by'),
    decidedAt: timestamptz('decided_at'),
    decisionNote: text('decision_note'),
  },
  (t) => [
    index('quota_adjustments_plan_idx').on(t.planId, t.repId),
    check('quota_adjustments_state_check', sql`${t.state} in (${inList(ADJUSTMENT_STATES)})`),
  ],
);

export const DISPUTE_STATES = ['open', 'accepted', 'rejected'] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];

/**
 * A rep's objection to the credit of one of their deals on a published plan (the deal missing
 * from their bookings, the wrong share of a split, the wrong month), resolved by a manager of
 * theirs or a leader: accepted with a note (the correction happens in the CRM and the next
 * import) or rejected.
 */
export const creditDisputes = pgTable(
  'credit_disputes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    repId: text('rep_id').notNull(),
    dealId: text('deal_id').notNull(),
    reason: text('reason').notNull(),
    state: text('state').$type<DisputeState>().notNull(),
    raisedBy: text('raised_by').notNull(),
    raisedAt: timestamptz('raised_at').notNull().defaultNow(),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamptz('resolved_at'),
    resolutionNote: text('resolution_note'),
  },
  (t) => [
    index('credit_disputes_plan_idx').on(t.planId, t.repId),
    check('credit_disputes_state_check', sql`${t.state} in (${inList(DISPUTE_STATES)})`),
  ],
);

/** Every import, edit, confirmation, approval, publication and adjustment. Append only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
    /** The user's id and email at the time (kept even if the user is removed later). */
    userId: text('user_id'),
    userEmail: text('user_email').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
  },
  (t) => [index('audit_log_workspace_idx').on(t.workspaceId, t.id)],
);
