// Pieces every route file uses: response declarations, path parameters, the workflow context of a
// request.

import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { z } from 'zod';
import { MAX_ID, MAX_REP_ID, problemSchema } from '../../contracts/api.ts';
import type { JsonText } from '../../services/json-text.ts';
import type { WorkflowContext } from '../../services/workflow/plan-versions.ts';
import type { AppEnv } from '../context.ts';
import { HttpProblem } from '../problem.ts';

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

const problemContent = { content: { 'application/problem+json': { schema: problemSchema } } };

/** The refusals any route may answer with. */
export const errorResponses = {
  401: { ...problemContent, description: 'Not signed in' },
  403: { ...problemContent, description: 'The role does not allow this' },
  404: { ...problemContent, description: 'No such record (or not in your scope)' },
  409: { ...problemContent, description: 'Stale version or conflicting state' },
  422: { ...problemContent, description: 'Invalid input, with issues' },
} as const;

/** Every workspace route lives under this prefix. */
export const WS = '/api/workspaces/{ws}';

export const workspaceParams = z.object({ ws: z.string().min(1).max(100) });
/** Ids and version numbers (path and query parameters) are 32-bit integers in the database. */
export const id32 = z.coerce.number().int().min(0).max(MAX_ID);

export const planParams = workspaceParams.extend({ planId: id32.min(1) });
export const versionParams = planParams.extend({ version: id32 });
export const repParams = planParams.extend({ repId: z.string().min(1).max(MAX_REP_ID) });

/**
 * A 200 answer already written as JSON (by a worker thread), typed like `c.json`'s for the
 * routes' client.
 */
export function jsonAnswer<T>(c: Context, text: JsonText<T>) {
  return c.body(text, 200, { 'content-type': 'application/json' }) as unknown as Response &
    TypedResponse<JSONParsed<T>, 200, 'json'>;
}

/** The workflow context of a request: its workspace and the signed-in user as actor. */
export function contextOf(c: Context<AppEnv>): WorkflowContext {
  const user = c.get('user');
  if (user === null) throw new HttpProblem(401, 'unauthenticated', 'sign in first');
  return { workspace: c.get('workspace'), actor: { userId: user.userId, email: user.email } };
}
