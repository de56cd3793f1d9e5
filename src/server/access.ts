// Who may do what: role checks per route and the rep scope of a request (everyone, a manager's
// subtree, or the rep themself). Routes call these; nothing else decides access.

import type { MiddlewareHandler } from 'hono';
import { scopeContains } from '../services/workflow/queries.ts';
import type { MemberRole, RepScope } from '../services/workflow/queries.ts';
import type { Workspace } from '../services/workspace.ts';
import type { AppEnv, Member } from './context.ts';
import { HttpProblem } from './problem.ts';

/** Roles allowed for the kinds of action the API offers. */
export const ROLES = {
  /** Read plans, versions, diffs, the register, definitions, sign-off status: RevOps and leaders. */
  readPlans: ['admin', 'leader'],
  /** Build the model: import, draft, edit versions, publish, refresh bookings, manage members. */
  build: ['admin'],
  /** Confirm or reopen assumptions (ASSUMED → CONFIRMED). */
  confirm: ['admin', 'leader'],
  /** Approvals: definitions (by title), quotas, back-test overrides, sign-off, adjustments. */
  approve: ['leader'],
  /** Read the audit log. */
  readAudit: ['admin', 'leader'],
  /** Read quotas of record and attainment (each within their scope). */
  readQuotas: ['admin', 'leader', 'manager', 'rep'],
  /** Ask for a mid-period change of a rep's quota (managers for their team). */
  requestAdjustment: ['admin', 'manager'],
  /** Dispute the credit of one of one's own deals. */
  raiseDispute: ['rep'],
  /** Resolve a credit dispute: a manager for their team (not their own), leaders for anyone. */
  resolveDispute: ['leader', 'manager'],
} as const satisfies Record<string, readonly MemberRole[]>;

export function requireRole(roles: readonly MemberRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const member = c.get('member');
    if (!roles.includes(member.role)) {
      throw new HttpProblem(
        403,
        'forbidden',
        `this needs the role ${roles.join(' or ')}; you are ${member.role}`,
      );
    }
    await next();
  };
}

/** The reps a member may see. */
export function scopeOf(member: Member): RepScope {
  if (member.role === 'admin' || member.role === 'leader') return { kind: 'all' };
  if (member.repId === null) {
    throw new HttpProblem(403, 'forbidden', 'your membership is not linked to a rep record');
  }
  return member.role === 'manager'
    ? { kind: 'subtree', managerId: member.repId }
    : { kind: 'self', repId: member.repId };
}

/**
 * Whether `repId` is inside the member's scope on a plan. Out-of-scope ids answer 404, exactly like
 * ids that do not exist, so a rep cannot probe for peers.
 */
export async function assertRepInScope(
  workspace: Workspace,
  planId: number,
  member: Member,
  repId: string,
): Promise<void> {
  if (!(await scopeContains(workspace, planId, scopeOf(member), repId)))
    throw new HttpProblem(404, 'not-found', `no rep ${repId} in this plan`);
}
