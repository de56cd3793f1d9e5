// The HTTP application: one factory wires authentication, the workspace and role middleware, the
// routes and the OpenAPI document. Tests call its `request` function; `serve` puts it on a port.
//
// Request path: secure headers → body limit → /api/auth/* to the auth layer → session user →
// CSRF check on state-changing requests → workspace membership (404 for non-members) → the
// route's role check → zod validation → handler → service → database. Errors become problem
// details in one place (problem.ts).

import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { Database, LeaderTitle, MemberRole } from '../db/index.ts';
import { workflow } from '../db/index.ts';
import { existingWorkspace } from '../services/workspace.ts';
import type { AppEnv, AuthGateway } from './context.ts';
import { errorToResponse, HttpProblem, problem } from './problem.ts';
import { registerAuditLogRoutes } from './routes/audit-log.ts';
import { registerDataRoutes } from './routes/data.ts';
import { registerDefinitionRoutes } from './routes/definitions.ts';
import { registerPlanRoutes } from './routes/plans.ts';
import { registerSignoffRoutes } from './routes/signoff.ts';
import { registerTrackingRoutes } from './routes/tracking.ts';

export interface AppOptions {
  database: Database;
  auth: AuthGateway;
  /** Extra state-changing-request guard (CSRF), applied to /api/* except /api/auth/*. */
  csrf?: MiddlewareHandler | undefined;
  /** Where unexpected errors are logged (never sent to clients). */
  log?: ((message: string) => void) | undefined;
}

const MAX_BODY_BYTES = 50 * 1024 * 1024;

export function createApp(options: AppOptions) {
  const { database, auth } = options;
  const log = options.log ?? ((message: string) => console.error(message));
  const app = new OpenAPIHono<AppEnv>({
    // Invalid parameters or bodies: a problem with one issue per zod finding.
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      const issues = result.error.issues.map((i) => ({
        code: 'request-invalid',
        severity: 'error' as const,
        message: `${i.path.join('.') || '(body)'}: ${i.message}`,
      }));
      return problem(c, 422, 'invalid', 'the request is not valid', issues);
    },
  });

  app.onError((error, c) => errorToResponse(error, c, log));
  app.notFound((c) => problem(c, 404, 'not-found', `no route ${c.req.method} ${c.req.path}`));
  app.use('*', secureHeaders());
  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY_BYTES }));

  app.on(['GET', 'POST'], '/api/auth/*', (c) => auth.handler(c.req.raw));

  app.use('/api/*', async (c, next) => {
    c.set('user', await auth.sessionUser(c.req.raw.headers));
    await next();
  });
  if (options.csrf !== undefined) app.use('/api/*', options.csrf);

  // Every workspace route: signed in, and a member of that workspace.
  app.use('/api/workspaces/:ws/*', async (c, next) => {
    const user = c.get('user');
    if (user === null) throw new HttpProblem(401, 'unauthenticated', 'sign in first');
    const wsId = c.req.param('ws');
    const membership = await workflow.getMembership(database.db, wsId, user.id);
    // Not a member and no such workspace look the same from outside.
    if (membership === null) throw new HttpProblem(404, 'not-found', `no workspace ${wsId}`);
    const workspace = await existingWorkspace(database, wsId, 'server');
    if (workspace === null) throw new HttpProblem(404, 'not-found', `no workspace ${wsId}`);
    c.set('workspace', workspace);
    c.set('member', {
      role: membership.role as MemberRole,
      title: membership.title as LeaderTitle | null,
      repId: membership.repId,
    });
    await next();
  });

  registerDataRoutes(app);
  registerPlanRoutes(app);
  registerDefinitionRoutes(app);
  registerSignoffRoutes(app);
  registerTrackingRoutes(app);
  registerAuditLogRoutes(app);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'quotaplan API',
      version: '0.1.0',
      description:
        'Plans, versions, approvals, sign-off, published quotas and attainment. Amounts are integer cents (hundredths of a deal on the count basis). Errors are problem details with a stable code.',
    },
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
