// Cross-site request forgery guard for the app's own state-changing routes (better-auth guards
// its /api/auth routes itself): a POST, PUT, PATCH or DELETE must come from a trusted origin.

import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AuthConfigError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The stable code in the 403 problem document. */
export const CSRF_REFUSED_CODE = 'cross_site_request_refused';

/**
 * Refuses (403, problem+json) a state-changing request unless the browser says it comes from
 * one of `trustedOrigins` (see resolveTrustedOrigins). The browser's word is, in order:
 *
 * 1. `Origin`, when present: it must be trusted (`null`, sent by sandboxed frames and some
 *    redirects, is not).
 * 2. else `Sec-Fetch-Site`: it must be `same-origin`.
 * 3. else `Referer`: its origin must be trusted.
 * 4. else (no browser header at all: curl, scripts, very old browsers) the request passes only
 *    if it carries no cookie. A forged request rides on the victim's cookie, so one without
 *    cookies has no session to abuse, and one with cookies but no origin evidence is refused.
 *
 * Origins are compared with the configured list, not with the request's own URL, because behind
 * a reverse proxy the URL the server sees is not the one the browser used.
 *
 * Why not hono/csrf: it checks only form and text bodies (leaving JSON to CORS preflight), has
 * no Referer fallback, and refuses header-less clients even when they carry no cookie.
 */
export function csrfProtection(trustedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(
    trustedOrigins.map((value, i) => {
      try {
        return new URL(value).origin;
      } catch {
        throw new AuthConfigError(
          `trustedOrigins[${i}]`,
          `${JSON.stringify(value)} is not a URL; expected an origin such as https://quotaplan.example.com`,
        );
      }
    }),
  );
  if (allowed.size === 0) {
    throw new AuthConfigError('trustedOrigins', 'is empty; expected at least the app’s own origin');
  }
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const reason = refusalReason(c.req.raw.headers, allowed);
      if (reason !== null) throw new HTTPException(403, { res: refusal(reason) });
    }
    await next();
  };
}

/** Why the request looks cross-site, or null when it may pass. */
function refusalReason(headers: Headers, allowed: ReadonlySet<string>): string | null {
  const origin = headers.get('origin');
  if (origin !== null) {
    return allowed.has(origin)
      ? null
      : `the request comes from origin ${origin}, which is not trusted`;
  }
  const site = headers.get('sec-fetch-site');
  if (site !== null) {
    return site === 'same-origin' ? null : `the browser reports a ${site} request`;
  }
  const referer = headers.get('referer');
  if (referer !== null) {
    let refererOrigin: string | null = null;
    try {
      refererOrigin = new URL(referer).origin;
    } catch {
      // An unparsable Referer proves nothing: refused below.
    }
    return refererOrigin !== null && allowed.has(refererOrigin)
      ? null
      : 'the request’s Referer is not a trusted origin';
  }
  return headers.has('cookie')
    ? 'the request carries cookies but no Origin, Sec-Fetch-Site or Referer header'
    : null;
}

function refusal(detail: string): Response {
  return new Response(
    JSON.stringify({
      type: 'about:blank',
      title: 'Cross-site request refused',
      status: 403,
      code: CSRF_REFUSED_CODE,
      detail,
    }),
    { status: 403, headers: { 'content-type': 'application/problem+json' } },
  );
}
