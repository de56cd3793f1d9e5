// Separation of duties for approver roles (issue 13.4): an admin signed in to the server cannot
// make anyone a leader (the role that approves definitions, quotas, overrides, adjustments and
// signs off) on their own. The grant waits until an existing leader with a title, another person
// than the admin who asked and the person it is for, approves it. Operators with the server's
// shell (`quotaplan user add`, the demo set-up) grant directly: they hold the database anyway.

import { titleName } from '../../core/workflow/index.ts';
import { workflow } from '../../db/index.ts';
import type { LeaderTitle, MemberRole, Queryable } from '../../db/index.ts';
import { WorkflowError } from './errors.ts';
import type { Actor } from './errors.ts';
import type { WorkflowContext } from './plan-versions.ts';

/** Whether a membership change gives someone the leader role or another leader title. */
export function grantsApproverRole(
  before: Pick<workflow.MembershipRow, 'role' | 'title'> | null,
  after: { role: MemberRole; title: LeaderTitle | null },
): boolean {
  if (after.role !== 'leader') return false;
  return before === null || before.role !== 'leader' || before.title !== after.title;
}

/**
 * Whether a change by `actor` must wait for a second person: a person signed in over the API
 * (the CLI and the demo set-up have no user id) giving an approver role.
 */
export function needsSecondPerson(
  actor: Actor,
  before: Pick<workflow.MembershipRow, 'role' | 'title'> | null,
  after: { role: MemberRole; title: LeaderTitle | null },
): boolean {
  return actor.userId !== null && grantsApproverRole(before, after);
}

export interface RoleGrantView {
  id: number;
  email: string;
  role: MemberRole;
  title: LeaderTitle | null;
  state: 'pending' | 'approved' | 'rejected';
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
}

function grantView(g: workflow.RoleGrantRow): RoleGrantView {
  return {
    id: g.id,
    email: g.email,
    role: g.role,
    title: g.title,
    state: g.state,
    requestedBy: g.requestedBy,
    requestedAt: g.requestedAt.toISOString(),
    decidedBy: g.decidedBy,
    decidedAt: g.decidedAt?.toISOString() ?? null,
    note: g.note,
  };
}

/** Records the request (in the caller's transaction, under the governance lock). */
export async function requestRoleGrant(
  tx: Queryable,
  workspaceId: string,
  actor: Actor,
  member: {
    userId: string;
    email: string;
    role: MemberRole;
    title: LeaderTitle | null;
    repId: string | null;
  },
  before: Pick<workflow.MembershipRow, 'role' | 'title' | 'repId'> | null,
): Promise<workflow.RoleGrantRow> {
  const pending = await workflow.listRoleGrants(tx, workspaceId, 'pending');
  const same = pending.find((g) => g.userId === member.userId);
  if (same !== undefined) {
    throw new WorkflowError(
      'conflict',
      `${member.email} has a role change waiting for a leader's approval already (grant ${same.id})`,
    );
  }
  const grant = await workflow.insertRoleGrant(tx, {
    workspaceId,
    ...member,
    requestedBy: actor.email,
    requestedByUserId: actor.userId,
  });
  await workflow.appendAudit(tx, {
    workspaceId,
    userId: actor.userId,
    userEmail: actor.email,
    action: 'member.grant_request',
    entity: 'member',
    entityId: member.email,
    before:
      before === null ? null : { role: before.role, title: before.title, repId: before.repId },
    after: { grant: grant.id, role: member.role, title: member.title, state: 'pending' },
  });
  return grant;
}

/** The workspace's approver-role grants, newest first (pending ones first of all). */
export async function roleGrantsOf(context: WorkflowContext): Promise<RoleGrantView[]> {
  const rows = await workflow.listRoleGrants(context.workspace.database.db, context.workspace.id);
  return rows
    .map(grantView)
    .sort((a, b) => Number(b.state === 'pending') - Number(a.state === 'pending') || b.id - a.id);
}

/**
 * An existing leader with a title approves or rejects a grant; not the admin who asked for it
 * and not the person it is for. Approving applies the membership; both are audited.
 */
export async function decideRoleGrant(
  context: WorkflowContext,
  grantId: number,
  decision: { approve: boolean; note: string | null },
  deciderTitle: LeaderTitle | null,
): Promise<RoleGrantView> {
  const { workspace, actor } = context;
  if (deciderTitle === null) {
    throw new WorkflowError(
      'forbidden',
      'an approver role is granted by an existing leader with a title (VP Sales, CRO or Finance)',
    );
  }
  return workspace.database.db.transaction(async (tx) => {
    await workflow.lockGovernance(tx, workspace.id);
    const grant = await workflow.getRoleGrant(tx, workspace.id, grantId);
    if (grant === null) throw new WorkflowError('not-found', `there is no role grant ${grantId}`);
    if (grant.state !== 'pending') {
      throw new WorkflowError(
        'conflict',
        `grant ${grantId} was ${grant.state} by ${grant.decidedBy ?? 'someone'} already`,
      );
    }
    if (actor.userId !== null && actor.userId === grant.userId) {
      throw new WorkflowError('forbidden', 'nobody approves a role for themselves');
    }
    if (
      (actor.userId !== null && actor.userId === grant.requestedByUserId) ||
      actor.email === grant.requestedBy
    ) {
      throw new WorkflowError(
        'forbidden',
        'the person who asked for a role cannot also approve it',
      );
    }
    const state = decision.approve ? 'approved' : 'rejected';
    const decided = await workflow.decideRoleGrant(tx, grantId, {
      state,
      by: actor.email,
      userId: actor.userId,
      note: decision.note,
    });
    if (!decided) throw new WorkflowError('conflict', `grant ${grantId} was decided already`);
    const before = await workflow.getMembership(tx, workspace.id, grant.userId);
    if (decision.approve) {
      await workflow.upsertMembership(tx, {
        workspaceId: workspace.id,
        userId: grant.userId,
        role: grant.role,
        title: grant.title,
        repId: grant.repId,
      });
    }
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: decision.approve ? 'member.grant_approve' : 'member.grant_reject',
      entity: 'member',
      entityId: grant.email,
      before:
        before === null ? null : { role: before.role, title: before.title, repId: before.repId },
      after: {
        grant: grantId,
        role: grant.role,
        title: grant.title,
        requestedBy: grant.requestedBy,
        decidedAs: titleName(deciderTitle),
      },
      reason: decision.note,
    });
    const after = await workflow.getRoleGrant(tx, workspace.id, grantId);
    return grantView(after ?? grant);
  });
}
