// Headers every response carries: a strict Content-Security-Policy (and Hono's other secure
// headers) for the web app, and `Cache-Control: no-store` on the API, whose answers hold people's
// quotas and sessions and must not be kept by a browser or a shared cache.

import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The web app's policy: scripts, styles, fonts and requests only from our own origin, no inline
 * script, no plugins, not framed. The Vite build has no inline script or style element; React and
 * ECharts set styles through the DOM (element.style), which a policy does not restrict; ECharts'
 * SVG renderer draws no images from elsewhere (data: images are allowed for its patterns).
 */
export const APP_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The policy of the HTML documents the API serves (documentation package, quota letters): no
 * script at all; their one inline style sheet and their inline SVG charts are allowed.
 */
export const DOCUMENT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Hono's secure headers with the app's policy; a header a handler set itself is kept. */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({ contentSecurityPolicy: APP_CONTENT_SECURITY_POLICY, overwrite: false });
}

/**
 * For /api/*: `Cache-Control: no-store` on every answer (JSON, problems, downloads, better-auth's
 * session answers), and the document policy on HTML documents. Runs inside securityHeaders, so
 * the document policy is set first and kept.
 */
export function apiResponseHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const html = (c.res.headers.get('content-type') ?? '').startsWith('text/html');
    try {
      setApiHeaders(c.res.headers, html);
    } catch {
      // Immutable headers (a response passed through from fetch): answer with a copy.
      const res = new Response(c.res.body, c.res);
      setApiHeaders(res.headers, html);
      c.res = undefined;
      c.res = res;
    }
  };
}

function setApiHeaders(headers: Headers, html: boolean): void {
  headers.set('cache-control', 'no-store');
  if (html) headers.set('content-security-policy', DOCUMENT_CONTENT_SECURITY_POLICY);
}
