// What the middleware puts into a request's context for the handlers: the signed-in user, their
// membership in the workspace of the URL, and that workspace.

import type { LeaderTitle, MemberRole } from '../services/workflow/queries.ts';
import type { Workspace } from '../services/workspace.ts';
import type { SessionUser } from './auth/index.ts';

export type { SessionUser } from './auth/index.ts';

export interface Member {
  role: MemberRole;
  title: LeaderTitle | null;
  /** The rep record of a manager or rep. */
  repId: string | null;
}

export interface AppEnv {
  Variables: {
    user: SessionUser | null;
    member: Member;
    workspace: Workspace;
  };
}
