// Adding people: a user who signs in with a password (or later by OIDC, linked on the e-mail) and
// their role in a workspace. Used by the members route and by `quotaplan user add`.

import type { Issue } from '../core/issue.ts';
import { repIdByEmail, saveMembership, userIdByEmail } from '../services/workflow/queries.ts';
import type { LeaderTitle, MemberRole } from '../services/workflow/queries.ts';
import { WorkflowError } from '../services/workflow/errors.ts';
import type { Actor } from '../services/workflow/errors.ts';
import { inTransactionWithAuth } from '../services/auth-storage.ts';
import type { Workspace } from '../services/workspace.ts';
import {
  insertPasswordUser,
  InvalidUserInputError,
  preparePasswordUser,
  UserExistsError,
} from './auth/index.ts';
import type { PreparedPasswordUser, QuotaplanAuth } from './auth/index.ts';

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
  const existing = await userIdByEmail(workspace.database, member.email);
  let prepared: PreparedPasswordUser | null = null;
  if (existing === null) {
    if (member.password === null) {
      throw invalid(`${member.email} has no user yet`, 'a password for the new user');
    }
    try {
      // Checked and hashed before the transaction (hashing takes a while).
      prepared = await preparePasswordUser(auth, {
        email: member.email,
        name: member.name,
        password: member.password,
      });
    } catch (error) {
      if (error instanceof InvalidUserInputError) throw invalid(error.message, 'a valid value');
      throw error;
    }
  }
  const { options } = await auth.$context;
  // The user, their credential, the membership (or the request for an approver role) and its
  // audit entry: one transaction, so a failure leaves nothing behind and a retry starts afresh
  // (with the password it sends).
  return inTransactionWithAuth(workspace.database, options, async (tx) => {
    let userId = existing;
    if (prepared !== null) {
      try {
        userId = (await insertPasswordUser(auth, prepared)).userId;
      } catch (error) {
        if (error instanceof UserExistsError) {
          throw new WorkflowError('conflict', `${error.message}; it was added meanwhile`);
        }
        throw error;
      }
    }
    if (userId === null) throw new Error('the member has no user');
    const { pendingGrant } = await saveMembership(
      workspace,
      actor,
      {
        userId,
        email: member.email.trim().toLowerCase(),
        role: member.role,
        title: member.title,
        repId,
      },
      tx,
    );
    return { userId, repId, created: prepared !== null, pendingGrant };
  });
}
