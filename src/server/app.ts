// The HTTP application: one factory wires authentication, the workspace and role middleware, the
// routes and the OpenAPI document. Tests call its `request` function; `serve` puts it on a port.
//
// Request path: secure headers → request timeout (503 past it) → body limit → /api/auth/* to the
// auth layer → session user → CSRF check on state-changing requests → workspace membership (404
// for non-members) → the route's role check → zod validation → handler → service → database.
// Errors become problem details in one place (problem.ts). Session users and memberships are
// remembered for a few seconds (see AppOptions.cacheTtlMs).

import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
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
import { inputGuard } from './input-guard.ts';
import { errorToResponse, HttpProblem, problem } from './problem.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS, requestTimeout } from './request-timeout.ts';
import { apiResponseHeaders, securityHeaders } from './response-headers.ts';
import { registerAuditLogRoutes } from './routes/audit-log.ts';
import { registerAuthConfigRoute } from './routes/auth-config.ts';
import { registerCrmRoutes } from './routes/crm.ts';
import { registerDataRoutes } from './routes/data.ts';
import { registerDefinitionRoutes } from './routes/definitions.ts';
import { registerDeliverableRoutes } from './routes/deliverables.ts';
import { registerDisputeRoutes } from './routes/disputes.ts';
import { registerMemberRoutes } from './routes/members.ts';
import { registerPlanRoutes } from './routes/plans.ts';
import { registerPlanningRoutes } from './routes/planning.ts';
import { registerSignoffRoutes } from './routes/signoff.ts';
import { registerTrackingRoutes } from './routes/tracking.ts';
import { AUTH_CHANGED_CHANNEL, createChangeCache } from '../services/change-cache.ts';
import { setAttainmentCaching } from '../services/workflow/attainment-cache.ts';
import type { Workspace } from '../services/workspace.ts';
import type { CrmRuntime } from '../services/crm-connections.ts';
import { resolveCrmSecretKey } from '../services/crm-secrets.ts';

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
   * How long (ms) the app may remember a session cookie's user and a user's membership and
   * workspace instead of reading them for every request; 0 reads them every time. They are
   * forgotten as soon as the database notices a change of sessions, users, memberships or
   * workspaces (migration 0004: a sign-out, a revoked session, a changed role, by any server
   * process), and at once after a request of this app that may have made one; this time is the
   * safety net. While the notices cannot be heard, at most UNHEARD_CACHE_TTL_MS.
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
  /**
   * How long (ms) a request may take before the app answers 503 `timeout` and stops waiting for
   * it (request-timeout.ts); 0 for no limit. Default DEFAULT_REQUEST_TIMEOUT_MS (two minutes).
   */
  requestTimeoutMs?: number | undefined;
  /**
   * CRM connectors: where the key that seals CRM secrets comes from and how patient the client
   * is. Default: QUOTAPLAN_SECRET_KEY of this process's environment (required outside the demo).
   */
  crm?: { runtime?: CrmRuntime | undefined; demo?: boolean | undefined } | undefined;
}

/** Uploads (POST …/imports): CRM exports run to tens of megabytes. */
const MAX_BODY_BYTES = 50 * 1024 * 1024;
/**
 * Every other request: the largest is a whole plan text (at most 2,000,000 characters) or 500
 * edits; a bigger body is a mistake or an attack, and parsing it would hold the thread.
 */
export const MAX_JSON_BODY_BYTES = 8 * 1024 * 1024;
const UPLOAD_PATH = /^\/api\/workspaces\/[^/]+\/imports$/;

/**
 * Default of AppOptions.cacheTtlMs: ten minutes, a safety net only (changes are seen through the
 * database's notices, and a re-established listen starts afresh).
 */
export const DEFAULT_CACHE_TTL_MS = 600_000;
/** How long the app remembers them while it cannot hear the database's notices. */
export const UNHEARD_CACHE_TTL_MS = 5_000;

/**
 * Requests that may change sessions, users, memberships or a workspace's settings: after one,
 * this app forgets what it remembered at once (the database's notice follows, for every process).
 */
const CHANGES_SESSIONS_OR_MEMBERS = [
  /^\/api\/auth\//,
  /^\/api\/workspaces\/[^/]+\/members(\/|$)/,
  /^\/api\/workspaces\/[^/]+\/imports$/,
];
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
  app.use('*', securityHeaders());
  app.use('/api/*', apiResponseHeaders());
  app.use('*', requestTimeout(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS));
  const tooLarge = (bytes: number) => (c: Context) =>
    problem(
      c,
      413,
      'payload-too-large',
      `the request body is larger than ${(bytes / 1024 / 1024).toLocaleString('en-US')} MB`,
    );
  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge(MAX_BODY_BYTES) }));
  const smallBody = bodyLimit({
    maxSize: MAX_JSON_BODY_BYTES,
    onError: tooLarge(MAX_JSON_BODY_BYTES),
  });
  app.use(
    '/api/*',
    except((c) => UPLOAD_PATH.test(c.req.path), smallBody),
  );
  // NUL characters, reserved keys and deep nesting, before any route reads the request.
  app.use(
    '/api/*',
    inputGuard((path) => path.startsWith('/api/auth/')),
  );

  const ttlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const cacheOptions = {
    ttlMs,
    unheardTtlMs: Math.min(ttlMs, UNHEARD_CACHE_TTL_MS),
    maxEntries: CACHE_ENTRIES,
  };
  const sessions = createChangeCache<SessionUser>(database, AUTH_CHANGED_CHANNEL, cacheOptions);
  const members = createChangeCache<{ workspace: Workspace; member: Member }>(
    database,
    AUTH_CHANGED_CHANNEL,
    cacheOptions,
  );
  // After a request that may have changed them (a sign-out, a member's role), nothing
  // remembered may be stale here, even before the database's notice arrives.
  app.use('/api/*', async (c, next) => {
    try {
      await next();
    } finally {
      if (
        c.req.method !== 'GET' &&
        c.req.method !== 'HEAD' &&
        CHANGES_SESSIONS_OR_MEMBERS.some((pattern) => pattern.test(c.req.path))
      ) {
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
      const mark = members.mark();
      const membership = await membershipOf(database, wsId, user.userId);
      // Not a member and no such workspace look the same from outside.
      if (membership === null) throw new HttpProblem(404, 'not-found', `no workspace ${wsId}`);
      const workspace = await existingWorkspace(database, wsId, 'server');
      if (workspace === null) throw new HttpProblem(404, 'not-found', `no workspace ${wsId}`);
      const { role, title, repId } = membership;
      found = { workspace, member: { role, title, repId } };
      members.set(key, found, mark);
    }
    c.set('workspace', found.workspace);
    c.set('member', found.member);
    await next();
  });

  // Chained, so the app's type carries every route for the typed client (client.ts).
  const crmRuntime: CrmRuntime = options.crm?.runtime ?? {
    secretKey: () =>
      resolveCrmSecretKey(database, process.env, { demo: options.crm?.demo === true }),
  };
  const routed = registerCrmRoutes(
    registerDisputeRoutes(
      registerPlanningRoutes(
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
      ),
    ),
    crmRuntime,
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
