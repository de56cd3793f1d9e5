// Changing a member's role and removing a member (RevOps over the API). A role change goes through
// saveMembership, so an approver role still waits for a leader (role-grants.ts); neither may leave
// the workspace without an admin, and both are audited in their transaction.

import { workflow } from '../../db/index.ts';
import { WorkflowError } from './errors.ts';
import type { WorkflowContext } from './plan-versions.ts';
import { refuseLastAdmin, saveMembership } from './queries.ts';
import type { LeaderTitle, MemberRole } from './queries.ts';

async function requireMember(context: WorkflowContext, userId: string) {
  const members = await workflow.listMembersWithUsers(
    context.workspace.database.db,
    context.workspace.id,
  );
  const member = members.find((m) => m.userId === userId);
  if (member === undefined) throw new WorkflowError('not-found', `no member ${userId}`);
  return member;
}

function invalid(message: string, expected: string): WorkflowError {
  return new WorkflowError('invalid', message, [
    { code: 'member-invalid', severity: 'error', message, expected },
  ]);
}

/**
 * Changes a member's role (and title, rep record). Giving an approver role answers the pending
 * grant instead of changing the membership; demoting the last admin is refused (409).
 */
export async function changeMemberRole(
  context: WorkflowContext,
  userId: string,
  change: { role: MemberRole; title: LeaderTitle | null; repId: string | null },
): Promise<{ userId: string; repId: string | null; pendingGrant: number | null }> {
  const member = await requireMember(context, userId);
  if (change.title !== null && change.role !== 'leader') {
    throw invalid(`a title (${change.title}) is only for leaders`, 'no title, or role leader');
  }
  let repId = change.repId;
  if (change.role === 'manager' || change.role === 'rep') {
    repId ??=
      member.repId ??
      (await workflow.findRepIdByEmail(
        context.workspace.database.db,
        context.workspace.id,
        member.email,
      ));
    if (repId === null) {
      throw invalid(
        `repId: a ${change.role} needs a rep record, and no rep has the e-mail ${member.email}`,
        'the rep id of this person',
      );
    }
  } else {
    repId = null;
  }
  const { pendingGrant } = await saveMembership(context.workspace, context.actor, {
    userId,
    email: member.email,
    role: change.role,
    title: change.title,
    repId,
  });
  return { userId, repId, pendingGrant };
}

/**
 * Removes a member from the workspace (their user stays, for other workspaces and the audit
 * trail). Refused for the last admin; a grant waiting for them is withdrawn with it.
 */
export async function removeMember(context: WorkflowContext, userId: string): Promise<void> {
  const { workspace, actor } = context;
  await workspace.database.db.transaction(async (tx) => {
    await workflow.lockGovernance(tx, workspace.id);
    const before = await workflow.getMembership(tx, workspace.id, userId, { forUpdate: true });
    if (before === null) throw new WorkflowError('not-found', `no member ${userId}`);
    const members = await workflow.listMembersWithUsers(tx, workspace.id);
    const email = members.find((m) => m.userId === userId)?.email ?? userId;
    if (before.role === 'admin') await refuseLastAdmin(tx, workspace.id, email, 'remove');
    const pending = await workflow.listRoleGrants(tx, workspace.id, 'pending');
    for (const grant of pending.filter((g) => g.userId === userId)) {
      await workflow.decideRoleGrant(tx, grant.id, {
        state: 'rejected',
        by: actor.email,
        userId: actor.userId,
        note: 'withdrawn: the member was removed',
      });
    }
    await workflow.deleteMembership(tx, workspace.id, userId);
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'member.remove',
      entity: 'member',
      entityId: email,
      before: { role: before.role, title: before.title, repId: before.repId },
      after: null,
    });
  });
}
