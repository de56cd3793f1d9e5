// The reads the HTTP server needs beside the use cases: memberships, plan lists, the audit log,
// a manager's team. The server reaches the database only through services; these are the thin ones.

import { listImports, workflow } from '../../db/index.ts';
import type { Database, ImportSummary, Queryable, RepScope } from '../../db/index.ts';
import type { Workspace } from '../workspace.ts';
import { WorkflowError } from './errors.ts';
import { requirePlan } from './plan-versions.ts';
import { needsSecondPerson, requestRoleGrant } from './role-grants.ts';
import type { WorkflowContext } from './plan-versions.ts';

export type { LeaderTitle, MemberRole, RepScope } from '../../db/index.ts';
export { LEADER_TITLES, MEMBER_ROLES } from '../../db/index.ts';
export type PlanRow = workflow.PlanRow;
export type MembershipRow = workflow.MembershipRow;

export function membershipOf(
  database: Database,
  workspaceId: string,
  userId: string,
): Promise<MembershipRow | null> {
  return workflow.getMembership(database.db, workspaceId, userId);
}

export function membershipsOfUser(database: Database, userId: string): Promise<MembershipRow[]> {
  return workflow.membershipsOfUser(database.db, userId);
}

export function plansOf(workspace: Workspace): Promise<PlanRow[]> {
  return workflow.listPlans(workspace.database.db, workspace.id);
}

export interface TrackingPlan {
  id: number;
  name: string;
  publishedVersion: number;
  publishedAt: string | null;
  periodStart: string;
  months: number;
  supersededBy: number | null;
  supersededFrom: string | null;
}

/**
 * The published plans people track, the default first: plans in force before plans a later one
 * superseded, then the latest start, then the latest publication. A plan superseded from its
 * first month has nothing left to track and is left out.
 */
export async function trackingPlansOf(workspace: Workspace): Promise<TrackingPlan[]> {
  const plans = await plansOf(workspace);
  return plans
    .flatMap((p) =>
      p.publishedVersion === null || p.periodStart === null || p.months === null || p.months <= 0
        ? []
        : [
            {
              id: p.id,
              name: p.name,
              publishedVersion: p.publishedVersion,
              publishedAt: p.publishedAt?.toISOString() ?? null,
              periodStart: p.periodStart,
              months: p.months,
              supersededBy: p.supersededBy,
              supersededFrom: p.supersededFrom,
            },
          ],
    )
    .sort(
      (a, b) =>
        Number(a.supersededBy !== null) - Number(b.supersededBy !== null) ||
        b.periodStart.localeCompare(a.periodStart) ||
        (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') ||
        b.id - a.id,
    );
}

export async function planWithVersions(
  context: WorkflowContext,
  planId: number,
): Promise<{ plan: PlanRow; versions: workflow.VersionListing[] }> {
  const plan = await requirePlan(context, planId);
  const versions = await workflow.listVersions(context.workspace.database.db, planId);
  return { plan, versions };
}

export async function transitionsOf(
  context: WorkflowContext,
  planId: number,
): Promise<workflow.TransitionRow[]> {
  await requirePlan(context, planId);
  return workflow.listTransitions(context.workspace.database.db, planId);
}

export function auditLogOf(
  workspace: Workspace,
  options: workflow.AuditFilter,
): Promise<workflow.AuditRow[]> {
  return workflow.listAudit(workspace.database.db, workspace.id, options);
}

export function importsOf(workspace: Workspace): Promise<ImportSummary[]> {
  return listImports(workspace.database, workspace.id);
}

/** Records an action in the audit log outside a use case's own transaction. */
export function recordAudit(
  context: WorkflowContext,
  entry: Omit<workflow.AuditEntry, 'workspaceId' | 'userId' | 'userEmail'>,
): Promise<void> {
  return workflow.appendAudit(context.workspace.database.db, {
    ...entry,
    workspaceId: context.workspace.id,
    userId: context.actor.userId,
    userEmail: context.actor.email,
  });
}

/**
 * The rep ids of a scope on a plan (null = everyone). A manager's team is walked only on a plan
 * of this workspace: on any other plan it is the manager alone, so that a plan of another
 * workspace answers exactly like one that does not exist.
 */
export async function repIdsOfScope(
  workspace: Workspace,
  planId: number,
  scope: RepScope,
): Promise<string[] | null> {
  if (scope.kind === 'all') return null;
  if (scope.kind === 'self') return [scope.repId];
  const { db } = workspace.database;
  if ((await workflow.getPlan(db, workspace.id, planId)) === null) return [scope.managerId];
  return workflow.subtreeRepIds(db, planId, scope.managerId);
}

/** Whether `repId` is visible in `scope` on the plan. */
export async function scopeContains(
  workspace: Workspace,
  planId: number,
  scope: RepScope,
  repId: string,
): Promise<boolean> {
  const ids = await repIdsOfScope(workspace, planId, scope);
  return ids === null || ids.includes(repId);
}

export interface MemberWithUser {
  userId: string;
  email: string;
  name: string;
  role: MembershipRow['role'];
  title: MembershipRow['title'];
  repId: string | null;
}

/** The workspace's members with their user's e-mail and name, in the order they were added. */
export async function membersOf(workspace: Workspace): Promise<MemberWithUser[]> {
  return workflow.listMembersWithUsers(workspace.database.db, workspace.id);
}

/** The user id of an e-mail (lower-cased as stored), or null. */
export function userIdByEmail(database: Database, email: string): Promise<string | null> {
  return workflow.findUserIdByEmail(database.db, email.trim().toLowerCase());
}

/** The rep record whose e-mail matches (case-insensitive), for linking a user to their rep. */
export function repIdByEmail(workspace: Workspace, email: string): Promise<string | null> {
  return workflow.findRepIdByEmail(workspace.database.db, workspace.id, email);
}

/**
 * Adds a member or changes their role, with an audit entry. Giving someone the leader role (or
 * another leader title) over the API only records a request that an existing leader must approve
 * (role-grants.ts): the result names it, and the membership is unchanged until then.
 */
export async function saveMembership(
  workspace: Workspace,
  actor: { userId: string | null; email: string },
  member: {
    userId: string;
    email: string;
    role: MembershipRow['role'];
    title: MembershipRow['title'];
    repId: string | null;
  },
  /** A transaction to join (inTransactionWithAuth: with the user's creation); else its own. */
  within?: Queryable,
): Promise<{ pendingGrant: number | null }> {
  const save = async (tx: Queryable): Promise<{ pendingGrant: number | null }> => {
    await workflow.lockGovernance(tx, workspace.id);
    // Locked, so that of two changes of one member at once the second's "before" is the first's
    // result (a member being added has no row to lock: the insert's conflict check decides).
    const before = await workflow.getMembership(tx, workspace.id, member.userId, {
      forUpdate: true,
    });
    if (before?.role === 'admin' && member.role !== 'admin') {
      await refuseLastAdmin(tx, workspace.id, member.email, 'change the role of');
    }
    if (needsSecondPerson(actor, before, member)) {
      const grant = await requestRoleGrant(tx, workspace.id, actor, member, before);
      return { pendingGrant: grant.id };
    }
    await workflow.upsertMembership(tx, {
      workspaceId: workspace.id,
      userId: member.userId,
      role: member.role,
      title: member.title,
      repId: member.repId,
    });
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: before === null ? 'member.add' : 'member.change',
      entity: 'member',
      entityId: member.email,
      before:
        before === null ? null : { role: before.role, title: before.title, repId: before.repId },
      after: { role: member.role, title: member.title, repId: member.repId },
    });
    return { pendingGrant: null };
  };
  if (within !== undefined) return save(within);
  return workspace.database.db.transaction(save);
}

/**
 * Refuses a change that would leave the workspace without an admin (nobody could then add people,
 * import or publish over the API). Called under the governance lock, so two admins demoting each
 * other at once cannot both pass.
 */
export async function refuseLastAdmin(
  tx: Queryable,
  workspaceId: string,
  email: string,
  what: string,
): Promise<void> {
  if ((await workflow.countAdmins(tx, workspaceId)) <= 1) {
    const message = `${email} is the workspace's last admin: add another admin before you ${what} them`;
    throw new WorkflowError('conflict', message, [
      { code: 'last-admin', severity: 'error', message, expected: 'another admin first' },
    ]);
  }
}

/** The workspace's roster: id, name, role and manager of every rep record. */
export function repsWithManagers(
  workspace: Workspace,
): Promise<{ id: string; name: string; role: string; managerId: string | null }[]> {
  return workflow.listRoster(workspace.database.db, workspace.id);
}
