// Hono glue for better-auth: serve its routes under /api/auth (with the client IP taken from the
// connection), and put the signed-in user, or null, into every request's context.

import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Env, Hono, MiddlewareHandler } from 'hono';
import { AUTH_BASE_PATH, CLIENT_IP_HEADER } from './create-auth.ts';
import type { QuotaplanAuth } from './create-auth.ts';
import type { ChangeCache } from '../../services/change-cache.ts';

/** Who made the request, as routes see it. */
export interface SessionUser {
  userId: string;
  email: string;
  name: string;
}

/** Context variables set by sessionMiddleware: `c.get('user')`. */
export interface AuthVariables {
  user: SessionUser | null;
}

/** Picks the client IP that rate limits count against; null when unknown. */
export type ClientIpResolver = (c: Context) => string | null;

/**
 * The IP of the TCP peer, from @hono/node-server's connection info; null outside a Node server
 * (e.g. app.request without an `incoming` binding). Behind a reverse proxy this is the proxy:
 * pass a resolver that reads the header the proxy sets instead.
 */
export const connectionIp: ClientIpResolver = (c) => {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
};

export interface MountAuthOptions {
  /** Default: connectionIp. */
  clientIp?: ClientIpResolver | undefined;
}

/**
 * Serves better-auth's routes at /api/auth/* (GET and POST). The request reaches better-auth
 * with CLIENT_IP_HEADER set from `clientIp` and any client-sent copy removed; with no IP known,
 * all such clients share one rate-limit bucket per path.
 */
export function mountAuthRoutes<E extends Env>(
  app: Hono<E>,
  auth: QuotaplanAuth,
  options: MountAuthOptions = {},
): void {
  const clientIp = options.clientIp ?? connectionIp;
  app.on(['GET', 'POST'], `${AUTH_BASE_PATH}/*`, (c) => {
    const headers = new Headers(c.req.raw.headers);
    headers.delete(CLIENT_IP_HEADER);
    const ip = clientIp(c);
    if (ip !== null && ip !== '') headers.set(CLIENT_IP_HEADER, ip);
    return auth.handler(new Request(c.req.raw, { headers }));
  });
}

/** What sessionMiddleware may remember of a session cookie (see createApp). */
export type SessionCache = ChangeCache<SessionUser>;

export interface SessionMiddlewareOptions {
  /**
   * Remembers, per Cookie header, the user a session belongs to until the sessions or users
   * change (the database's notice; see createApp), so a busy server does not read the sessions
   * and users tables on every request; never past the session's own expiry. Without it every
   * request reads the database.
   */
  cache?: SessionCache | undefined;
}

/**
 * Looks up the session cookie and sets `user` to the signed-in user, or null (no cookie, an
 * expired or revoked session, a forged cookie). When better-auth refreshes the session (at most
 * daily, see SESSION_UPDATE_AGE_SECONDS) its new cookie is added to the response.
 */
export function sessionMiddleware(
  auth: QuotaplanAuth,
  options: SessionMiddlewareOptions = {},
): MiddlewareHandler<{ Variables: AuthVariables }> {
  const { cache } = options;
  return async (c, next) => {
    // The whole Cookie header is the key: the answer depends on nothing else a client sends.
    const cookie = c.req.header('cookie');
    const cached = cookie === undefined ? undefined : cache?.get(cookie);
    if (cached !== undefined) {
      c.set('user', cached);
      await next();
      return;
    }
    // Taken before the read: a sign-out that lands while it runs keeps its answer out.
    const mark = cache?.mark() ?? 0;
    const { headers, response } = await auth.api.getSession({
      headers: c.req.raw.headers,
      returnHeaders: true,
    });
    const user =
      response === null
        ? null
        : { userId: response.user.id, email: response.user.email, name: response.user.name };
    if (user !== null && cookie !== undefined) {
      cache?.set(cookie, user, mark, {
        expiresAt: new Date(response?.session.expiresAt ?? 0).getTime(),
      });
    }
    c.set('user', user);
    await next();
    const cookies = headers.getSetCookie();
    if (cookies.length === 0) return;
    // A copy: the route's response may have immutable headers (e.g. one from fetch).
    const res = new Response(c.res.body, c.res);
    for (const cookie of cookies) res.headers.append('set-cookie', cookie);
    // Cleared first, or Hono merges the old response's cookies over the new ones.
    c.res = undefined;
    c.res = res;
  };
}
