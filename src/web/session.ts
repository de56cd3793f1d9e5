// Who is signed in and what they may see, as the pages need it: the user, their role and rep in
// the workspace, the published plans, and where each role's dashboards are.

import type { ApiSignedInMe, ApiTrackingPlan, ApiWorkspace } from '../contracts/api.ts';
import { hrefOf } from './router.ts';

export interface Session {
  me: ApiSignedInMe;
  workspace: ApiWorkspace;
}

export type Role = ApiWorkspace['role'];

/** Admins (RevOps) and leaders see the whole organisation. */
export function seesEverything(role: Role): boolean {
  return role === 'admin' || role === 'leader';
}

export function planPath(planId: number, page: string): string {
  return `/plans/${planId}/${page}`;
}

export function repPath(planId: number, repId: string): string {
  return planPath(planId, `reps/${encodeURIComponent(repId)}`);
}

export function teamPath(planId: number, managerId?: string): string {
  return hrefOf(planPath(planId, 'team'), { manager: managerId });
}

/** The first page of a role on a plan: a rep's own dashboard, a manager's team, the organisation. */
export function homeOf(session: Session, plan: ApiTrackingPlan): string | null {
  const { role, repId } = session.workspace;
  if (seesEverything(role)) return planPath(plan.id, 'organisation');
  if (repId === null) return null;
  return role === 'manager' ? teamPath(plan.id) : repPath(plan.id, repId);
}

const ROLE_WORDS: Record<Role, string> = {
  admin: 'RevOps (admin)',
  leader: 'Leader',
  manager: 'Manager',
  rep: 'Rep',
};

const TITLE_WORDS: Record<string, string> = {
  vp_sales: 'VP Sales',
  cro: 'CRO',
  finance: 'Finance',
};

export function roleWords(workspace: ApiWorkspace): string {
  return workspace.title === null
    ? ROLE_WORDS[workspace.role]
    : (TITLE_WORDS[workspace.title] ?? ROLE_WORDS[workspace.role]);
}
