// Adding people: a user who signs in with a password (or later by OIDC, linked on the e-mail) and
// their role in a workspace. Used by the members route and by `quotaplan user add`.

import type { Issue } from '../core/issue.ts';
import { repIdByEmail, saveMembership, userIdByEmail } from '../services/workflow/queries.ts';
import type { LeaderTitle, MemberRole } from '../services/workflow/queries.ts';
import { WorkflowError } from '../services/workflow/errors.ts';
import type { Actor } from '../services/workflow/errors.ts';
import type { Workspace } from '../services/workspace.ts';
import { createPasswordUser, InvalidUserInputError } from './auth/index.ts';
import type { QuotaplanAuth } from './auth/index.ts';

export interface NewMember {
  email: string;
  name: string;
  /** Needed for a new user; an existing user keeps their password. */
  password: string | null;
  role: MemberRole;
  title: LeaderTitle | null;
  /** The rep record of a manager or rep; found by the e-mail among the reps when null. */
  repId: string | null;
}

function invalid(message: string, expected: string): WorkflowError {
  const issue: Issue = { code: 'member-invalid', severity: 'error', message, expected };
  return new WorkflowError('invalid', message, [issue]);
}

/**
 * Creates the user if needed and sets their membership; returns the user id and linked rep. An
 * approver role asked for by a signed-in admin waits for a leader's approval: `pendingGrant`
 * names the request and the membership is unchanged until then (separation of duties).
 */
export async function addMember(
  auth: QuotaplanAuth,
  workspace: Workspace,
  actor: Actor,
  member: NewMember,
): Promise<{
  userId: string;
  repId: string | null;
  created: boolean;
  pendingGrant: number | null;
}> {
  if (member.title !== null && member.role !== 'leader') {
    throw invalid(`a title (${member.title}) is only for leaders`, 'no title, or role leader');
  }
  let repId = member.repId;
  if (member.role === 'manager' || member.role === 'rep') {
    repId ??= await repIdByEmail(workspace, member.email);
    if (repId === null) {
      throw invalid(
        `no rep in the workspace has the e-mail ${member.email}`,
        'the rep id of this person (--rep), or a rep record with this e-mail',
      );
    }
  } else {
    repId = null;
  }
  let userId = await userIdByEmail(workspace.database, member.email);
  let created = false;
  if (userId === null) {
    if (member.password === null) {
      throw invalid(`${member.email} has no user yet`, 'a password for the new user');
    }
    try {
      const user = await createPasswordUser(auth, {
        email: member.email,
        name: member.name,
        password: member.password,
      });
      userId = user.userId;
      created = true;
    } catch (error) {
      if (error instanceof InvalidUserInputError) throw invalid(error.message, 'a valid value');
      throw error;
    }
  }
  const { pendingGrant } = await saveMembership(workspace, actor, {
    userId,
    email: member.email.trim().toLowerCase(),
    role: member.role,
    title: member.title,
    repId,
  });
  return { userId, repId, created, pendingGrant };
}
