// A tiny Hono app for the authentication tests: better-auth at /api/auth, the session
// middleware, CSRF protection and two routes of our own, driven through app.request.

import { Hono } from 'hono';
import type { QuotaplanAuth } from '../../src/server/auth/create-auth.ts';
import { csrfProtection } from '../../src/server/auth/csrf.ts';
import { mountAuthRoutes, sessionMiddleware } from '../../src/server/auth/session.ts';
import type { AuthVariables } from '../../src/server/auth/session.ts';

export interface TestApp {
  /** Sends a request as if from `ip` over a Node socket (what connectionIp reads). */
  request(path: string, init?: RequestInit & { ip?: string }): Promise<Response>;
}

/**
 * Routes: GET /api/me answers the session user (or null); POST /api/notes is a protected
 * state-changing route: 401 without a session, 201 with one.
 */
export function buildTestApp(auth: QuotaplanAuth, trustedOrigins: readonly string[]): TestApp {
  const app = new Hono<{ Variables: AuthVariables }>();
  mountAuthRoutes(app, auth);
  app.use('/api/*', sessionMiddleware(auth));
  app.use('/api/*', csrfProtection(trustedOrigins));
  app.get('/api/me', (c) => c.json({ user: c.get('user') }));
  app.post('/api/notes', async (c) => {
    const user = c.get('user');
    if (user === null) return c.json({ code: 'unauthenticated' }, 401);
    const body: unknown = await c.req.json();
    return c.json({ savedBy: user.userId, body }, 201);
  });
  return {
    request: async (path, init = {}) => {
      const { ip = '192.0.2.1', ...rest } = init;
      return app.request(path, rest, { incoming: { socket: { remoteAddress: ip } } });
    },
  };
}

/** `name=value` of the first Set-Cookie whose name ends with `suffix`, or null. */
export function cookieFrom(response: Response, suffix = 'session_token'): string | null {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';')[0] ?? '';
    const name = pair.split('=')[0] ?? '';
    if (name.endsWith(suffix)) return pair;
  }
  return null;
}

/** The whole Set-Cookie line for the session cookie, attributes included. */
export function sessionSetCookie(response: Response): string | null {
  return (
    response.headers
      .getSetCookie()
      .find((header) => (header.split('=')[0] ?? '').endsWith('session_token')) ?? null
  );
}

/** JSON request options, from `origin` unless it is null. */
export function jsonPost(
  body: unknown,
  options: { origin?: string | null; cookie?: string | null; ip?: string } = {},
): RequestInit & { ip?: string } {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (options.origin !== undefined && options.origin !== null) {
    headers.set('origin', options.origin);
  }
  if (options.cookie !== undefined && options.cookie !== null) {
    headers.set('cookie', options.cookie);
  }
  return {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    ...(options.ip === undefined ? {} : { ip: options.ip }),
  };
}

/** The cookies a browser would keep for one site: enough for following sign-in redirects. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Keeps the response's Set-Cookie values; a cookie set to expire is dropped. */
  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', val = ''] = attribute.trim().split('=');
        if (key.toLowerCase() === 'max-age') return Number(val) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(val) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The Cookie request header, or null when the jar is empty. */
  header(): string | null {
    if (this.cookies.size === 0) return null;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }
}
