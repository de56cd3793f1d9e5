// Reads and writes of the planning workflow tables (workflow-schema.ts). Functions take either the
// database or an open transaction, so a service can put several writes and their audit entries in
// one transaction: all of them land, or none.

import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Placeholder, SQL } from 'drizzle-orm';
import { users } from './auth-schema.ts';
import type { AppDatabase } from './open-database.ts';
import { creditSplits, deals, reps, workspaces } from './schema.ts';
import {
  assumptionTransitions,
  auditLog,
  creditDisputes,
  definitionApprovals,
  definitionTerms,
  memberships,
  planVersions,
  plans,
  publishedQuotas,
  quotaAdjustments,
  quotasOfRecord,
  roleGrants,
  signoffGateRecords,
  signoffPolicies,
  signoffRecords,
} from './workflow-schema.ts';
import type {
  GateEvent,
  GrantState,
  LeaderTitle,
  MemberRole,
  RecordedGateItem,
  SignoffKind,
  StoredVersionResults,
  TransitionSource,
} from './workflow-schema.ts';

/** The database or a transaction of it. */
export type Queryable = AppDatabase | Parameters<Parameters<AppDatabase['transaction']>[0]>[0];

export type MembershipRow = typeof memberships.$inferSelect;
export type PlanRow = typeof plans.$inferSelect;
export type PlanVersionRow = typeof planVersions.$inferSelect;
export type DefinitionTermRow = typeof definitionTerms.$inferSelect;
export type DefinitionApprovalRow = typeof definitionApprovals.$inferSelect;
export type SignoffRow = typeof signoffRecords.$inferSelect;
export type QuotaOfRecordRow = typeof quotasOfRecord.$inferSelect;
export type AdjustmentRow = typeof quotaAdjustments.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type TransitionRow = typeof assumptionTransitions.$inferSelect;
export type GateRecordRow = typeof signoffGateRecords.$inferSelect;
export type RoleGrantRow = typeof roleGrants.$inferSelect;
export type DisputeRow = typeof creditDisputes.$inferSelect;

/**
 * Serialises the governance writes of a workspace (approvals, register decisions, sign-off,
 * publication, definitions, the policy, role grants) until the transaction ends: each of them
 * reads the facts it judges and writes inside the lock, so two of them never both act on what
 * the other is changing (two approvals of one title, two overlapping publications, a reopen
 * landing during a sign-off). A transaction-level advisory lock: released at commit or rollback.
 */
export async function lockGovernance(db: Queryable, workspaceId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(74230514, hashtext(${workspaceId}))`);
}

// ---------------------------------------------------------------------------------------------
// Memberships

/** A user's membership; `forUpdate` locks it until the transaction ends (inside one only). */
export async function getMembership(
  db: Queryable,
  workspaceId: string,
  userId: string,
  options: { forUpdate?: boolean } = {},
): Promise<MembershipRow | null> {
  const query = db
    .select()
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  const rows = await (options.forUpdate === true ? query.for('update') : query);
  return rows[0] ?? null;
}

export async function membershipsOfUser(db: Queryable, userId: string): Promise<MembershipRow[]> {
  return db.select().from(memberships).where(eq(memberships.userId, userId));
}

export async function listMemberships(
  db: Queryable,
  workspaceId: string,
): Promise<MembershipRow[]> {
  return db
    .select()
    .from(memberships)
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt), asc(memberships.userId));
}

export async function upsertMembership(
  db: Queryable,
  row: {
    workspaceId: string;
    userId: string;
    role: MemberRole;
    title: LeaderTitle | null;
    repId: string | null;
  },
): Promise<MembershipRow> {
  const [saved] = await db
    .insert(memberships)
    .values(row)
    .onConflictDoUpdate({
      target: [memberships.workspaceId, memberships.userId],
      set: { role: row.role, title: row.title, repId: row.repId },
    })
    .returning();
  if (saved === undefined) throw new Error('membership was not saved');
  return saved;
}

/**
 * Inserts a new workspace (basis amount, no as-of yet); false when one with that id exists, which
 * is left as it is.
 */
export async function insertWorkspace(
  db: Queryable,
  row: { id: string; name: string; currency: string },
): Promise<boolean> {
  const inserted = await db
    .insert(workspaces)
    .values({ ...row, basis: 'amount' })
    .onConflictDoNothing()
    .returning({ id: workspaces.id });
  return inserted.length > 0;
}

/** Removes a membership; whether there was one. */
export async function deleteMembership(
  db: Queryable,
  workspaceId: string,
  userId: string,
): Promise<boolean> {
  const rows = await db
    .delete(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .returning({ userId: memberships.userId });
  return rows.length > 0;
}

/** How many admins the workspace has (read under the governance lock by member changes). */
export async function countAdmins(db: Queryable, workspaceId: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'admin')));
  return rows[0]?.n ?? 0;
}

export async function listMembersWithUsers(
  db: Queryable,
  workspaceId: string,
): Promise<
  {
    userId: string;
    email: string;
    name: string;
    role: MemberRole;
    title: LeaderTitle | null;
    repId: string | null;
  }[]
> {
  return db
    .select({
      userId: memberships.userId,
      email: users.email,
      name: users.name,
      role: memberships.role,
      title: memberships.title,
      repId: memberships.repId,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt), asc(users.email));
}

export async function listRoster(
  db: Queryable,
  workspaceId: string,
): Promise<{ id: string; name: string; role: string; managerId: string | null }[]> {
  return db
    .select({ id: reps.id, name: reps.name, role: reps.role, managerId: reps.managerId })
    .from(reps)
    .where(eq(reps.workspaceId, workspaceId))
    .orderBy(asc(reps.id));
}

export async function findUserIdByEmail(db: Queryable, email: string): Promise<string | null> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return rows[0]?.id ?? null;
}

/** The rep of the workspace whose e-mail matches, ignoring case; null when none or several. */
export async function findRepIdByEmail(
  db: Queryable,
  workspaceId: string,
  email: string,
): Promise<string | null> {
  const rows = await db
    .select({ id: reps.id })
    .from(reps)
    .where(and(eq(reps.workspaceId, workspaceId), sql`lower(${reps.email}) = lower(${email})`))
    .limit(2);
  return rows.length === 1 ? (rows[0]?.id ?? null) : null;
}

// ---------------------------------------------------------------------------------------------
// Audit log

export interface AuditEntry {
  workspaceId: string;
  userId: string | null;
  userEmail: string;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export async function appendAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    workspaceId: entry.workspaceId,
    userId: entry.userId,
    userEmail: entry.userEmail,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
  });
}

/** What the audit log can be narrowed to (each optional; all of them apply together). */
export interface AuditFilter {
  limit: number;
  beforeId?: number | undefined;
  entity?: string | undefined;
  /** Who acted, or the member the entry is about: an e-mail, compared without case. */
  person?: string | undefined;
  /**
   * Entries of one plan: the plan itself, its versions and register decisions (entity ids
   * `planId` or `planId:…`), and its adjustments and credit disputes (looked up by id).
   */
  planId?: number | undefined;
  /** An action ('adjustment.approve') or a family of them ('adjustment': every adjustment.*). */
  action?: string | undefined;
}

/** Newest first; `beforeId` pages back. */
export async function listAudit(
  db: Queryable,
  workspaceId: string,
  options: AuditFilter,
): Promise<AuditRow[]> {
  const where = [eq(auditLog.workspaceId, workspaceId)];
  if (options.beforeId !== undefined) where.push(lt(auditLog.id, options.beforeId));
  if (options.entity !== undefined) where.push(eq(auditLog.entity, options.entity));
  if (options.person !== undefined) {
    const person = options.person.trim().toLowerCase();
    where.push(
      sql`(lower(${auditLog.userEmail}) = ${person} or (${auditLog.entity} = 'member' and lower(${auditLog.entityId}) = ${person}))`,
    );
  }
  if (options.action !== undefined) {
    where.push(
      sql`(${auditLog.action} = ${options.action} or starts_with(${auditLog.action}, ${`${options.action}.`}))`,
    );
  }
  if (options.planId !== undefined) {
    const plan = String(options.planId);
    where.push(sql`(
      (${auditLog.entity} in ('plan', 'plan-version', 'assumption')
        and (${auditLog.entityId} = ${plan} or starts_with(${auditLog.entityId}, ${`${plan}:`})))
      or (${auditLog.entity} = 'adjustment' and ${auditLog.entityId} in
        (select id::text from quota_adjustments where plan_id = ${options.planId}))
      or (${auditLog.entity} = 'credit-dispute' and ${auditLog.entityId} in
        (select id::text from credit_disputes where plan_id = ${options.planId})))`);
  }
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(options.limit);
}

// ---------------------------------------------------------------------------------------------
// Plans and versions

export async function insertPlan(
  db: Queryable,
  row: { workspaceId: string; name: string; createdBy: string },
): Promise<PlanRow> {
  const [saved] = await db
    .insert(plans)
    .values({ ...row, latestVersion: 0 })
    .returning();
  if (saved === undefined) throw new Error('plan was not saved');
  return saved;
}

export async function getPlan(
  db: Queryable,
  workspaceId: string,
  planId: number,
): Promise<PlanRow | null> {
  const rows = await db
    .select()
    .from(plans)
    .where(and(eq(plans.workspaceId, workspaceId), eq(plans.id, planId)));
  return rows[0] ?? null;
}

/** The plan of the workspace with this name (case and surrounding spaces ignored), or null. */
export async function findPlanByName(
  db: Queryable,
  workspaceId: string,
  name: string,
): Promise<PlanRow | null> {
  const rows = await db
    .select()
    .from(plans)
    .where(
      and(
        eq(plans.workspaceId, workspaceId),
        sql`lower(btrim(${plans.name})) = lower(btrim(${name}))`,
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/**
 * A plan, locked until the transaction ends (inside one only): a step that checks the plan's
 * state before it records something (a sign-off) holds it, so an edit (claimNextVersion) or a
 * publication of the same plan waits for it, and it for them.
 */
export async function lockPlan(
  tx: Queryable,
  workspaceId: string,
  planId: number,
): Promise<PlanRow | null> {
  const rows = await tx
    .select()
    .from(plans)
    .where(and(eq(plans.workspaceId, workspaceId), eq(plans.id, planId)))
    .for('update');
  return rows[0] ?? null;
}

export async function listPlans(db: Queryable, workspaceId: string): Promise<PlanRow[]> {
  return db.select().from(plans).where(eq(plans.workspaceId, workspaceId)).orderBy(asc(plans.id));
}

/**
 * Moves the plan's newest version number from `expected` to `expected + 1`. Null when another
 * writer got there first (the row no longer says `expected`): the optimistic lock.
 */
export async function claimNextVersion(
  db: Queryable,
  planId: number,
  expected: number,
): Promise<number | null> {
  const rows = await db
    .update(plans)
    .set({ latestVersion: sql`${plans.latestVersion} + 1` })
    // A published plan takes no more versions: its changes are adjustments.
    .where(
      and(eq(plans.id, planId), eq(plans.latestVersion, expected), isNull(plans.publishedVersion)),
    )
    .returning({ latestVersion: plans.latestVersion });
  return rows[0]?.latestVersion ?? null;
}

export async function insertVersion(
  db: Queryable,
  row: {
    planId: number;
    version: number;
    planYaml: string;
    inputs: Record<string, unknown>;
    results: StoredVersionResults;
    parentVersion: number | null;
    note: string;
    createdBy: string;
  },
): Promise<PlanVersionRow> {
  const [saved] = await db.insert(planVersions).values(row).returning();
  if (saved === undefined) throw new Error('plan version was not saved');
  return saved;
}

export async function getVersion(
  db: Queryable,
  planId: number,
  version: number,
): Promise<PlanVersionRow | null> {
  const rows = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.version, version)));
  return rows[0] ?? null;
}

export interface VersionListing {
  version: number;
  parentVersion: number | null;
  note: string;
  createdAt: Date;
  createdBy: string;
}

export async function listVersions(db: Queryable, planId: number): Promise<VersionListing[]> {
  return db
    .select({
      version: planVersions.version,
      parentVersion: planVersions.parentVersion,
      note: planVersions.note,
      createdAt: planVersions.createdAt,
      createdBy: planVersions.createdBy,
    })
    .from(planVersions)
    .where(eq(planVersions.planId, planId))
    .orderBy(asc(planVersions.version));
}

export async function markPublished(
  db: Queryable,
  planId: number,
  version: number,
  tracking: {
    periodStart: string;
    months: number;
    indicators: { green: number; red: number };
    supersedes: number[] | null;
  },
): Promise<boolean> {
  const rows = await db
    .update(plans)
    .set({ publishedVersion: version, publishedAt: new Date(), ...tracking })
    .where(and(eq(plans.id, planId), sql`${plans.publishedVersion} is null`))
    .returning({ id: plans.id });
  return rows.length > 0;
}

/**
 * Ends a published plan where a later one starts: its tracking calendar and every quota-of-record
 * row keep their first `months` months only (published_quotas keeps what was published). False
 * when the plan was superseded already.
 */
export async function supersedePlan(
  db: Queryable,
  planId: number,
  change: { by: number; from: string; months: number },
): Promise<boolean> {
  const rows = await db
    .update(plans)
    .set({ supersededBy: change.by, supersededFrom: change.from, months: change.months })
    .where(and(eq(plans.id, planId), isNull(plans.supersededBy)))
    .returning({ id: plans.id });
  if (rows.length === 0) return false;
  await db
    .update(quotasOfRecord)
    .set({
      monthly: sql`${quotasOfRecord.monthly}[1:${change.months}::int]`,
      bookings: sql`${quotasOfRecord.bookings}[1:${change.months}::int]`,
    })
    .where(eq(quotasOfRecord.planId, planId));
  return true;
}

/** The reps holding a quota of record in a plan. */
export async function quotaCarrierIds(db: Queryable, planId: number): Promise<string[]> {
  const rows = await db
    .select({ repId: quotasOfRecord.repId })
    .from(quotasOfRecord)
    .where(and(eq(quotasOfRecord.planId, planId), eq(quotasOfRecord.carriesQuota, true)))
    .orderBy(asc(quotasOfRecord.repId));
  return rows.map((r) => r.repId);
}

export async function insertTransitions(
  db: Queryable,
  rows: {
    planId: number;
    version: number;
    key: string;
    fromStatus: string;
    toStatus: string;
    by: string;
    userId?: string | null;
    note: string | null;
    source?: TransitionSource;
    label?: string | null;
    value?: string | null;
  }[],
): Promise<void> {
  if (rows.length > 0) await db.insert(assumptionTransitions).values(rows);
}

export async function listTransitions(db: Queryable, planId: number): Promise<TransitionRow[]> {
  return db
    .select()
    .from(assumptionTransitions)
    .where(eq(assumptionTransitions.planId, planId))
    .orderBy(asc(assumptionTransitions.id));
}

/** The register's decisions of a plan (not the plan-file changes), oldest first. */
export async function listRegisterDecisions(
  db: Queryable,
  planId: number,
): Promise<TransitionRow[]> {
  return db
    .select()
    .from(assumptionTransitions)
    .where(
      and(eq(assumptionTransitions.planId, planId), eq(assumptionTransitions.source, 'register')),
    )
    .orderBy(asc(assumptionTransitions.id));
}

// ---------------------------------------------------------------------------------------------
// Definition Alignment

export async function listDefinitionTerms(
  db: Queryable,
  workspaceId: string,
): Promise<DefinitionTermRow[]> {
  return db
    .select()
    .from(definitionTerms)
    .where(eq(definitionTerms.workspaceId, workspaceId))
    .orderBy(asc(definitionTerms.position));
}

export async function insertDefinitionTerms(
  db: Queryable,
  rows: (typeof definitionTerms.$inferInsert)[],
): Promise<void> {
  if (rows.length > 0) await db.insert(definitionTerms).values(rows).onConflictDoNothing();
}

/** One term, locked until the transaction ends (inside one only): its edit reads it here. */
export async function lockDefinitionTerm(
  tx: Queryable,
  workspaceId: string,
  key: string,
): Promise<DefinitionTermRow | null> {
  const rows = await tx
    .select()
    .from(definitionTerms)
    .where(and(eq(definitionTerms.workspaceId, workspaceId), eq(definitionTerms.key, key)))
    .for('update');
  return rows[0] ?? null;
}

export async function updateDefinitionTerm(
  db: Queryable,
  workspaceId: string,
  key: string,
  patch: { term: string; definition: string; updatedBy: string },
): Promise<DefinitionTermRow | null> {
  const rows = await db
    .update(definitionTerms)
    .set({
      term: patch.term,
      definition: patch.definition,
      updatedBy: patch.updatedBy,
      updatedAt: new Date(),
      revision: sql`${definitionTerms.revision} + 1`,
    })
    .where(and(eq(definitionTerms.workspaceId, workspaceId), eq(definitionTerms.key, key)))
    .returning();
  return rows[0] ?? null;
}

export async function listDefinitionApprovals(
  db: Queryable,
  workspaceId: string,
): Promise<DefinitionApprovalRow[]> {
  return db
    .select()
    .from(definitionApprovals)
    .where(eq(definitionApprovals.workspaceId, workspaceId))
    .orderBy(asc(definitionApprovals.at));
}

/** False when the title had already approved that revision. */
export async function insertDefinitionApproval(
  db: Queryable,
  row: { workspaceId: string; key: string; revision: number; title: LeaderTitle; by: string },
): Promise<boolean> {
  const rows = await db
    .insert(definitionApprovals)
    .values(row)
    .onConflictDoNothing()
    .returning({ key: definitionApprovals.key });
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Sign-off

export async function insertSignoff(
  db: Queryable,
  row: {
    planId: number;
    version: number;
    kind: SignoffKind;
    by: string;
    userId: string | null;
    title: string | null;
    reason: string | null;
  },
): Promise<SignoffRow> {
  const [saved] = await db.insert(signoffRecords).values(row).returning();
  if (saved === undefined) throw new Error('sign-off record was not saved');
  return saved;
}

export async function listSignoffs(
  db: Queryable,
  planId: number,
  version: number,
): Promise<SignoffRow[]> {
  return db
    .select()
    .from(signoffRecords)
    .where(and(eq(signoffRecords.planId, planId), eq(signoffRecords.version, version)))
    .orderBy(asc(signoffRecords.id));
}

export async function listSignoffsOfPlan(db: Queryable, planId: number): Promise<SignoffRow[]> {
  return db
    .select()
    .from(signoffRecords)
    .where(eq(signoffRecords.planId, planId))
    .orderBy(asc(signoffRecords.id));
}

export async function insertGateRecord(
  db: Queryable,
  row: {
    planId: number;
    version: number;
    event: GateEvent;
    by: string;
    userId: string | null;
    title: string | null;
    approverTitles: string[];
    ready: boolean;
    items: RecordedGateItem[];
  },
): Promise<GateRecordRow> {
  const [saved] = await db.insert(signoffGateRecords).values(row).returning();
  if (saved === undefined) throw new Error('gate record was not saved');
  return saved;
}

export async function listGateRecords(
  db: Queryable,
  planId: number,
  version: number,
): Promise<GateRecordRow[]> {
  return db
    .select()
    .from(signoffGateRecords)
    .where(and(eq(signoffGateRecords.planId, planId), eq(signoffGateRecords.version, version)))
    .orderBy(asc(signoffGateRecords.id));
}

export async function getSignoffPolicy(
  db: Queryable,
  workspaceId: string,
): Promise<typeof signoffPolicies.$inferSelect | null> {
  const rows = await db
    .select()
    .from(signoffPolicies)
    .where(eq(signoffPolicies.workspaceId, workspaceId));
  return rows[0] ?? null;
}

export async function saveSignoffPolicy(
  db: Queryable,
  row: { workspaceId: string; approverTitles: LeaderTitle[]; updatedBy: string },
): Promise<void> {
  await db
    .insert(signoffPolicies)
    .values(row)
    .onConflictDoUpdate({
      target: signoffPolicies.workspaceId,
      set: { approverTitles: row.approverTitles, updatedBy: row.updatedBy, updatedAt: new Date() },
    });
}

// ---------------------------------------------------------------------------------------------
// Role grants (separation of duties)

export async function insertRoleGrant(
  db: Queryable,
  row: {
    workspaceId: string;
    userId: string;
    email: string;
    role: MemberRole;
    title: LeaderTitle | null;
    repId: string | null;
    requestedBy: string;
    requestedByUserId: string | null;
  },
): Promise<RoleGrantRow> {
  const [saved] = await db
    .insert(roleGrants)
    .values({ ...row, state: 'pending' })
    .returning();
  if (saved === undefined) throw new Error('role grant was not saved');
  return saved;
}

export async function listRoleGrants(
  db: Queryable,
  workspaceId: string,
  state?: GrantState,
): Promise<RoleGrantRow[]> {
  const where = [eq(roleGrants.workspaceId, workspaceId)];
  if (state !== undefined) where.push(eq(roleGrants.state, state));
  return db
    .select()
    .from(roleGrants)
    .where(and(...where))
    .orderBy(asc(roleGrants.id));
}

export async function getRoleGrant(
  db: Queryable,
  workspaceId: string,
  id: number,
): Promise<RoleGrantRow | null> {
  const rows = await db
    .select()
    .from(roleGrants)
    .where(and(eq(roleGrants.workspaceId, workspaceId), eq(roleGrants.id, id)));
  return rows[0] ?? null;
}

/** Decides a pending grant; false when it was decided already. */
export async function decideRoleGrant(
  db: Queryable,
  id: number,
  decision: {
    state: 'approved' | 'rejected';
    by: string;
    userId: string | null;
    note: string | null;
  },
): Promise<boolean> {
  const rows = await db
    .update(roleGrants)
    .set({
      state: decision.state,
      decidedBy: decision.by,
      decidedByUserId: decision.userId,
      decidedAt: new Date(),
      note: decision.note,
    })
    .where(and(eq(roleGrants.id, id), eq(roleGrants.state, 'pending')))
    .returning({ id: roleGrants.id });
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Published quotas, quotas of record, adjustments

const INSERT_BATCH = 1000;

export async function insertPublishedQuotas(
  db: Queryable,
  rows: (typeof publishedQuotas.$inferInsert)[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db.insert(publishedQuotas).values(rows.slice(i, i + INSERT_BATCH));
  }
}

export async function insertQuotasOfRecord(
  db: Queryable,
  rows: (typeof quotasOfRecord.$inferInsert)[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db.insert(quotasOfRecord).values(rows.slice(i, i + INSERT_BATCH));
  }
}

export async function countPublishedQuotas(db: Queryable, planId: number): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(publishedQuotas)
    .where(eq(publishedQuotas.planId, planId));
  return rows[0]?.n ?? 0;
}

/** Which reps a request may see: everyone, a manager's whole subtree, or one rep. */
export type RepScope =
  { kind: 'all' } | { kind: 'subtree'; managerId: string } | { kind: 'self'; repId: string };

/**
 * The quota-of-record rows in scope. The subtree is walked in SQL (recursive over manager_id),
 * so a manager's team is read without loading the organisation.
 */
export async function quotasOfRecordInScope(
  db: Queryable,
  planId: number,
  scope: RepScope,
): Promise<QuotaOfRecordRow[]> {
  if (scope.kind === 'all') {
    return db
      .select()
      .from(quotasOfRecord)
      .where(eq(quotasOfRecord.planId, planId))
      .orderBy(asc(quotasOfRecord.repId));
  }
  if (scope.kind === 'self') {
    return db
      .select()
      .from(quotasOfRecord)
      .where(and(eq(quotasOfRecord.planId, planId), eq(quotasOfRecord.repId, scope.repId)));
  }
  return teamQuery(db).execute({ planId, managerId: scope.managerId });
}

/**
 * A manager's team in one statement: the team's ids are a subquery, not a round trip of their
 * own. As an array they are computed once and looked up by primary key; `in (subquery)` let the
 * planner, which cannot tell how big a subtree is, hash-join the plan's whole organisation
 * (1 ms at 5,000 reps). Prepared once per database handle: team attainment is the server's
 * busiest read, and building the query (drizzle) and planning it (Postgres, per call for
 * unprepared statements) cost more than running it.
 */
function prepareTeamQuery(db: Queryable) {
  const planId = sql.placeholder('planId');
  const managerId = sql.placeholder('managerId');
  return db
    .select()
    .from(quotasOfRecord)
    .where(
      and(
        eq(quotasOfRecord.planId, planId),
        sql`${quotasOfRecord.repId} = any(array(${subtreeQuery(planId, managerId)}))`,
      ),
    )
    .orderBy(asc(quotasOfRecord.repId))
    .prepare('quotas_of_record_team');
}

const teamQueries = new WeakMap<Queryable, ReturnType<typeof prepareTeamQuery>>();

function teamQuery(db: Queryable): ReturnType<typeof prepareTeamQuery> {
  let prepared = teamQueries.get(db);
  if (prepared === undefined) {
    prepared = prepareTeamQuery(db);
    teamQueries.set(db, prepared);
  }
  return prepared;
}

/** The manager and everyone below them as a SQL query of one column, rep_id. */
function subtreeQuery(planId: number | Placeholder, managerId: string | Placeholder): SQL {
  return sql`
    with recursive team(rep_id) as (
      select ${managerId}::text
      union
      select q.rep_id from quotas_of_record q join team t on q.manager_id = t.rep_id
      where q.plan_id = ${planId}
    )
    select rep_id from team`;
}

/** The manager and everyone below them (cycle-safe: UNION drops repeated ids). */
export async function subtreeRepIds(
  db: Queryable,
  planId: number,
  managerId: string,
): Promise<string[]> {
  const result = await db.execute<{ rep_id: string }>(subtreeQuery(planId, managerId));
  // postgres.js returns the rows as an array, PGlite as { rows }.
  const rows: readonly { rep_id: string }[] = Array.isArray(result)
    ? (result as { rep_id: string }[])
    : (result as { rows: { rep_id: string }[] }).rows;
  return rows.map((r) => r.rep_id);
}

/**
 * One rep's quota of record, locked until the transaction ends (SELECT … FOR UPDATE): a change
 * computed from it and written back cannot be overwritten by a concurrent one computed from the
 * same row, which waits here and then reads the result of the first. Inside a transaction only.
 */
export async function lockQuotaOfRecord(
  tx: Queryable,
  planId: number,
  repId: string,
): Promise<QuotaOfRecordRow | null> {
  const rows = await tx
    .select()
    .from(quotasOfRecord)
    .where(and(eq(quotasOfRecord.planId, planId), eq(quotasOfRecord.repId, repId)))
    .for('update');
  return rows[0] ?? null;
}

export async function updateQuotaOfRecord(
  db: Queryable,
  planId: number,
  repId: string,
  monthly: number[],
): Promise<void> {
  await db
    .update(quotasOfRecord)
    .set({ monthly })
    .where(and(eq(quotasOfRecord.planId, planId), eq(quotasOfRecord.repId, repId)));
}

export async function updateBookings(
  db: Queryable,
  planId: number,
  rows: { repId: string; bookings: number[] }[],
  asOf: string,
): Promise<void> {
  for (const row of rows) {
    await db
      .update(quotasOfRecord)
      .set({ bookings: row.bookings, bookingsAsOf: asOf })
      .where(and(eq(quotasOfRecord.planId, planId), eq(quotasOfRecord.repId, row.repId)));
  }
}

export async function insertAdjustment(
  db: Queryable,
  row: typeof quotaAdjustments.$inferInsert,
): Promise<AdjustmentRow> {
  const [saved] = await db.insert(quotaAdjustments).values(row).returning();
  if (saved === undefined) throw new Error('adjustment was not saved');
  return saved;
}

export async function getAdjustment(
  db: Queryable,
  planId: number,
  id: number,
): Promise<AdjustmentRow | null> {
  const rows = await db
    .select()
    .from(quotaAdjustments)
    .where(and(eq(quotaAdjustments.planId, planId), eq(quotaAdjustments.id, id)));
  return rows[0] ?? null;
}

export async function listAdjustments(
  db: Queryable,
  planId: number,
  repIds: readonly string[] | null,
): Promise<AdjustmentRow[]> {
  const where = [eq(quotaAdjustments.planId, planId)];
  if (repIds !== null) {
    if (repIds.length === 0) return [];
    where.push(inArray(quotaAdjustments.repId, [...repIds]));
  }
  return db
    .select()
    .from(quotaAdjustments)
    .where(and(...where))
    .orderBy(asc(quotaAdjustments.id));
}

/** Decides a pending adjustment; false when it was not pending any more. */
export async function decideAdjustment(
  db: Queryable,
  id: number,
  decision: { state: 'approved' | 'rejected'; by: string; note: string | null },
): Promise<boolean> {
  const rows = await db
    .update(quotaAdjustments)
    .set({
      state: decision.state,
      decidedBy: decision.by,
      decidedAt: new Date(),
      decisionNote: decision.note,
    })
    .where(and(eq(quotaAdjustments.id, id), eq(quotaAdjustments.state, 'pending')))
    .returning({ id: quotaAdjustments.id });
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Credited deals and credit disputes

/**
 * Won deals that closed from `from` to `to` (ISO dates, inclusive) and are the rep's: owned by
 * them or split to them; with every split of those deals (a split's credit depends on all of
 * the deal's shares). `dealId` narrows to one deal.
 */
export async function wonDealsOfRep(
  db: Queryable,
  workspaceId: string,
  repId: string,
  from: string,
  to: string,
  dealId?: string,
): Promise<{
  deals: {
    id: string;
    name: string | null;
    accountId: string | null;
    ownerId: string | null;
    amount: number | null;
    type: (typeof deals.$inferSelect)['type'];
    closeDate: string;
  }[];
  splits: { dealId: string; repId: string; share: number }[];
}> {
  const mine = sql`(${deals.ownerId} = ${repId} or exists (select 1 from ${creditSplits} s
    where s.workspace_id = ${deals.workspaceId} and s.deal_id = ${deals.id} and s.rep_id = ${repId}))`;
  const where = [
    eq(deals.workspaceId, workspaceId),
    eq(deals.status, 'won'),
    sql`${deals.closeDate} between ${from} and ${to}`,
    mine,
  ];
  if (dealId !== undefined) where.push(eq(deals.id, dealId));
  const rows = await db
    .select({
      id: deals.id,
      name: deals.name,
      accountId: deals.accountId,
      ownerId: deals.ownerId,
      amount: deals.amount,
      type: deals.type,
      closeDate: deals.closeDate,
    })
    .from(deals)
    .where(and(...where))
    .orderBy(asc(deals.closeDate), asc(deals.id));
  const found = rows.flatMap((r) =>
    r.closeDate === null ? [] : [{ ...r, closeDate: r.closeDate }],
  );
  if (found.length === 0) return { deals: [], splits: [] };
  const splits = await db
    .select({ dealId: creditSplits.dealId, repId: creditSplits.repId, share: creditSplits.share })
    .from(creditSplits)
    .where(
      and(
        eq(creditSplits.workspaceId, workspaceId),
        inArray(
          creditSplits.dealId,
          found.map((d) => d.id),
        ),
      ),
    )
    .orderBy(asc(creditSplits.dealId), asc(creditSplits.repId));
  return { deals: found, splits };
}

export async function insertDispute(
  db: Queryable,
  row: { planId: number; repId: string; dealId: string; reason: string; raisedBy: string },
): Promise<DisputeRow> {
  const [saved] = await db
    .insert(creditDisputes)
    .values({ ...row, state: 'open' })
    .returning();
  if (saved === undefined) throw new Error('dispute was not saved');
  return saved;
}

/** The plan's disputes of the reps given (null = all), newest first. */
export async function listDisputes(
  db: Queryable,
  planId: number,
  repIds: readonly string[] | null,
): Promise<DisputeRow[]> {
  const where = [eq(creditDisputes.planId, planId)];
  if (repIds !== null) {
    if (repIds.length === 0) return [];
    where.push(inArray(creditDisputes.repId, [...repIds]));
  }
  return db
    .select()
    .from(creditDisputes)
    .where(and(...where))
    .orderBy(desc(creditDisputes.id));
}

export async function getDispute(
  db: Queryable,
  planId: number,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<DisputeRow | null> {
  const query = db
    .select()
    .from(creditDisputes)
    .where(and(eq(creditDisputes.planId, planId), eq(creditDisputes.id, id)));
  const rows = await (options.forUpdate === true ? query.for('update') : query);
  return rows[0] ?? null;
}

/** Resolves an open dispute; false when it was not open any more. */
export async function resolveDispute(
  db: Queryable,
  id: number,
  decision: { state: 'accepted' | 'rejected'; by: string; note: string | null },
): Promise<boolean> {
  const rows = await db
    .update(creditDisputes)
    .set({
      state: decision.state,
      resolvedBy: decision.by,
      resolvedAt: sql`now()`,
      resolutionNote: decision.note,
    })
    .where(and(eq(creditDisputes.id, id), eq(creditDisputes.state, 'open')))
    .returning({ id: creditDisputes.id });
  return rows.length > 0;
}
