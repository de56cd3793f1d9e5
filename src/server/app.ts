// The HTTP application: one factory wires authentication, the workspace and role middleware, the
// routes and the OpenAPI document. Tests call its `request` function; `serve` puts it on a port.
//
// Request path: secure headers → body limit → /api/auth/* to the auth layer → session user →
// CSRF check on state-changing requests → workspace membership (404 for non-members) → the
// route's role check → zod validation → handler → service → database. Errors become problem
// details in one place (problem.ts). Session users and memberships are remembered for a few
// seconds (see AppOptions.cacheTtlMs).

import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { secureHeaders } from 'hono/secure-headers';
import type { Database } from '../services/auth-storage.ts';
import { membershipOf } from '../services/workflow/queries.ts';
import { existingWorkspace } from '../services/workspace.ts';
import {
  csrfProtection,
  mountAuthRoutes,
  resolveTrustedOrigins,
  sessionMiddleware,
} from './auth/index.ts';
import type { ClientIpResolver, QuotaplanAuth, SessionUser } from './auth/index.ts';
import type { AppEnv, Member } from './context.ts';
import { errorToResponse, HttpProblem, problem } from './problem.ts';
import { registerAuditLogRoutes } from './routes/audit-log.ts';
import { registerAuthConfigRoute } from './routes/auth-config.ts';
import { registerDataRoutes } from './routes/data.ts';
import { registerDefinitionRoutes } from './routes/definitions.ts';
import { registerDeliverableRoutes } from './routes/deliverables.ts';
import { registerMemberRoutes } from './routes/members.ts';
import { registerPlanRoutes } from './routes/plans.ts';
import { registerPlanningRoutes } from './routes/planning.ts';
import { registerSignoffRoutes } from './routes/signoff.ts';
import { registerTrackingRoutes } from './routes/tracking.ts';
import { createTtlCache } from '../services/ttl-cache.ts';
import { setAttainmentCaching } from '../services/workflow/attainment-cache.ts';
import type { Workspace } from '../services/workspace.ts';

export interface AppOptions {
  database: Database;
  auth: QuotaplanAuth;
  /** The app's public origin (QUOTAPLAN_PUBLIC_URL); state-changing requests must come from it. */
  baseURL: string;
  /** Who a request comes from, for login rate limits (default: the TCP peer). */
  clientIp?: ClientIpResolver | undefined;
  /** Where unexpected errors are logged (never sent to clients). */
  log?: ((message: string) => void) | undefined;
  /**
   * How long (ms) the app remembers a session cookie's user and a user's membership and
   * workspace, instead of reading them for every request; 0 reads them every time. Any
   * state-changing request this app handles (sign-out, member changes, imports…) forgets them
   * all at once; a change made elsewhere (another server process, `quotaplan user add`, a
   * session revoked by a password change) takes effect here within this time.
   */
  cacheTtlMs?: number | undefined;
  /**
   * Whether attainment views are kept in memory until the quotas of record change (default
   * true; see services/workflow/attainment-cache.ts). Off computes every view afresh: for
   * measuring, or when the database cannot deliver LISTEN/NOTIFY (the cache then stays off by
   * itself).
   */
  attainmentCache?: boolean | undefined;
  /** Whether single sign-on is configured (the sign-in page shows its button). */
  oidc?: boolean | undefined;
  /**
   * The built web app (`npm run build:web` → dist/web): served for every GET outside /api, with
   * index.html for paths that are not files (the app routes in the browser). None: API only.
   */
  webRoot?: string | undefined;
}

const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Default of AppOptions.cacheTtlMs: a revoked session or changed role holds at most this long. */
export const DEFAULT_CACHE_TTL_MS = 5_000;
/** Entries each cache keeps at most (a few hundred bytes each). */
const CACHE_ENTRIES = 50_000;

export function createApp(options: AppOptions) {
  const { database, auth } = options;
  setAttainmentCaching(database, options.attainmentCache ?? true);
  const log =
    options.log ??
    ((message: string) => {
      console.error(message);
    });
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

  const cacheOptions = {
    ttlMs: options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS,
    maxEntries: CACHE_ENTRIES,
  };
  const sessions = createTtlCache<SessionUser>(cacheOptions);
  const members = createTtlCache<{ workspace: Workspace; member: Member }>(cacheOptions);
  // After a state-changing request (sign-out included) nothing remembered may be stale here.
  app.use('/api/*', async (c, next) => {
    try {
      await next();
    } finally {
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
        sessions.clear();
        members.clear();
      }
    }
  });

  // better-auth guards its own routes (origin check, rate limits); ours get the CSRF guard.
  mountAuthRoutes(app, auth, { clientIp: options.clientIp });
  const csrf = csrfProtection(resolveTrustedOrigins(options.baseURL));
  app.use('/api/*', except('/api/auth/*', csrf));
  app.use('/api/*', sessionMiddleware(auth, { cache: sessions }));

  // Every workspace route: signed in, and a member of that workspace.
  app.use('/api/workspaces/:ws/*', async (c, next) => {
    const user = c.get('user');
    if (user === null) throw new HttpProblem(401, 'unauthenticated', 'sign in first');
    const wsId = c.req.param('ws');
    const key = `${wsId}\n${user.userId}`;
    let found = members.get(key);
    if (found === undefined) {
      const membership = await membershipOf(database, wsId, user.userId);
      // Not a member and no such workspace look the same from outside.
      if (membership === null) throw new HttpProblem(404, 'not-found', `no workspace ${wsId}`);
      const workspace = await existingWorkspace(database, wsId, 'server');
      if (workspace === null) throw new HttpProblem(404, 'not-found', `no workspace ${wsId}`);
      const { role, title, repId } = membership;
      found = { workspace, member: { role, title, repId } };
      members.set(key, found);
    }
    c.set('workspace', found.workspace);
    c.set('member', found.member);
    await next();
  });

  // Chained, so the app's type carries every route for the typed client (client.ts).
  const routed = registerPlanningRoutes(
    registerDeliverableRoutes(
      registerAuditLogRoutes(
        registerTrackingRoutes(
          registerSignoffRoutes(
            registerDefinitionRoutes(
              registerPlanRoutes(
                registerDataRoutes(
                  registerMemberRoutes(
                    registerAuthConfigRoute(app, { oidc: options.oidc ?? false }),
                    auth,
                    database,
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );

  routed.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'quotaplan API',
      version: '0.1.0',
      description:
        'Plans, versions, approvals, sign-off, published quotas and attainment. Amounts are integer cents (hundredths of a deal on the count basis). Errors are problem details with a stable code.',
    },
  });

  if (options.webRoot !== undefined) serveWebApp(routed, resolve(options.webRoot));
  return routed;
}

/**
 * The web app's files. Hashed assets are cached for a year; index.html is revalidated so a new
 * build reaches the browser on the next load. Registered after the API routes, and /api paths
 * are left to them (an unknown one stays a JSON 404).
 */
function serveWebApp(app: OpenAPIHono<AppEnv>, root: string): void {
  const isApi = (path: string): boolean => path === '/api' || path.startsWith('/api/');
  const assets = serveStatic({ root });
  app.get('*', async (c, next) => {
    if (isApi(c.req.path)) return next();
    const found = await assets(c, next);
    if (found instanceof Response) {
      found.headers.set(
        'cache-control',
        c.req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    }
    return found;
  });
  // Read on every request (a few kB): a rebuild is picked up without restarting the server.
  app.get('*', async (c, next) => {
    if (isApi(c.req.path)) return next();
    const html = await readFile(join(root, 'index.html'), 'utf8');
    c.header('cache-control', 'no-cache');
    return c.html(html);
  });
}

export type App = ReturnType<typeof createApp>;
