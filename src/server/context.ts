// What the middleware puts into a request's context for the handlers: the signed-in user, their
// membership in the workspace of the URL, and that workspace.

import type { MemberRole, LeaderTitle } from '../db/index.ts';
import type { Workspace } from '../services/workspace.ts';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

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

/** How the app asks the authentication layer who is calling (better-auth underneath). */
export interface AuthGateway {
  /** Serves /api/auth/* (sign-in, sign-out, session, OIDC callbacks). */
  handler(request: Request): Promise<Response>;
  /** The user of the request's session cookie, or null. */
  sessionUser(headers: Headers): Promise<SessionUser | null>;
}
