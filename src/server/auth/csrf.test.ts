// The CSRF guard on its own: which state-changing requests pass and which are refused.

import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { csrfProtection, CSRF_REFUSED_CODE } from './csrf.ts';
import { AuthConfigError } from './errors.ts';

const APP = 'https://quotaplan.example.com';

function app(): Hono {
  const hono = new Hono();
  hono.use('*', csrfProtection([APP, 'https://admin.example.com/']));
  hono.on(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], '/thing', (c) => c.text('done'));
  return hono;
}

async function statusOf(method: string, headers: Record<string, string>): Promise<number> {
  // The server may sit behind a proxy: the URL it sees is deliberately not the public one.
  const response = await app().request('http://10.0.0.5:3000/thing', { method, headers });
  return response.status;
}

const COOKIE = { cookie: 'quotaplan.session_token=abc.def' };

describe('csrfProtection', () => {
  it('lets safe methods through whatever their origin', async () => {
    expect(await statusOf('GET', { origin: 'https://evil.example', ...COOKIE })).toBe(200);
    expect(await statusOf('HEAD', { origin: 'https://evil.example', ...COOKIE })).toBe(200);
  });

  it('judges by Origin first: trusted passes, anything else (also "null") is refused', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(await statusOf(method, { origin: APP, ...COOKIE })).toBe(200);
      expect(await statusOf(method, { origin: 'https://evil.example', ...COOKIE })).toBe(403);
    }
    expect(await statusOf('POST', { origin: 'https://admin.example.com', ...COOKIE })).toBe(200);
    expect(await statusOf('POST', { origin: 'null', ...COOKIE })).toBe(403);
    // A trusted Referer does not rescue an untrusted Origin.
    expect(
      await statusOf('POST', {
        origin: 'https://evil.example',
        referer: `${APP}/plans`,
        ...COOKIE,
      }),
    ).toBe(403);
  });

  it('without Origin, needs Sec-Fetch-Site same-origin', async () => {
    expect(await statusOf('POST', { 'sec-fetch-site': 'same-origin', ...COOKIE })).toBe(200);
    expect(await statusOf('POST', { 'sec-fetch-site': 'same-site', ...COOKIE })).toBe(403);
    expect(await statusOf('POST', { 'sec-fetch-site': 'cross-site', ...COOKIE })).toBe(403);
  });

  it('without Origin and Sec-Fetch-Site, needs a Referer from a trusted origin', async () => {
    expect(await statusOf('POST', { referer: `${APP}/plans/3`, ...COOKIE })).toBe(200);
    expect(await statusOf('POST', { referer: 'https://evil.example/x', ...COOKIE })).toBe(403);
    expect(await statusOf('POST', { referer: 'not a url', ...COOKIE })).toBe(403);
  });

  it('without any of these headers, passes only a request that carries no cookie', async () => {
    expect(await statusOf('POST', {})).toBe(200);
    expect(await statusOf('DELETE', { authorization: 'Bearer x' })).toBe(200);
    expect(await statusOf('POST', COOKIE)).toBe(403);
  });

  it('refuses with a problem document whatever the body type', async () => {
    const response = await app().request('/thing', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json', ...COOKIE },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toEqual({
      type: 'about:blank',
      title: 'Cross-site request refused',
      status: 403,
      code: CSRF_REFUSED_CODE,
      detail: 'the request comes from origin https://evil.example, which is not trusted',
    });
  });

  it('needs at least one origin, each a URL', () => {
    expect(() => csrfProtection([])).toThrow(AuthConfigError);
    expect(() => csrfProtection(['quotaplan'])).toThrow(
      /trustedOrigins\[0\]: "quotaplan" is not a URL/,
    );
  });
});
