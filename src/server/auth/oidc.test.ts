// OIDC single sign-on against a real identity provider (oidc-provider on 127.0.0.1): discovery,
// the authorization-code flow with state, PKCE and nonce, linking by e-mail, and refusals.

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authAccounts } from '../../db/auth-schema.ts';
import { buildTestApp, CookieJar, jsonPost } from '../../../test/support/auth-app.ts';
import type { TestApp } from '../../../test/support/auth-app.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { startTestIdp } from '../../../test/support/oidc-provider.ts';
import type { TestIdp } from '../../../test/support/oidc-provider.ts';
import { createAuth, OIDC_CALLBACK_PATH, resolveTrustedOrigins } from './create-auth.ts';
import type { QuotaplanAuth } from './create-auth.ts';
import { createPasswordUser } from './users.ts';

const BASE_URL = 'http://localhost:3000';
const SECRET = 'test-secret-that-is-long-enough-0123456789';
const ANA_AT_IDP = { sub: 'ana-sub-1', email: 'Ana@Example.COM', name: 'Ana at the IdP' };
const EVE_AT_IDP = { sub: 'eve-sub-1', email: 'eve@example.com', name: 'Eve' };

let idp: TestIdp;

beforeAll(async () => {
  idp = await startTestIdp(`${BASE_URL}${OIDC_CALLBACK_PATH}`, [ANA_AT_IDP, EVE_AT_IDP]);
});

afterAll(async () => {
  await idp.close();
});

let ipCounter = 0;
function freshIp(): string {
  ipCounter += 1;
  return `203.0.113.${ipCounter}`;
}

/** Asks quotaplan to start single sign-on; returns the authorization URL at the IdP. */
async function startSignIn(app: TestApp, jar: CookieJar, ip: string): Promise<URL> {
  const response = await app.request(
    `${BASE_URL}/api/auth/sign-in/social`,
    jsonPost(
      { provider: 'oidc', callbackURL: '/plans', errorCallbackURL: '/sign-in' },
      { origin: BASE_URL, cookie: jar.header(), ip },
    ),
  );
  expect(response.status).toBe(200);
  jar.store(response);
  const body = (await response.json()) as { url: string; redirect: boolean };
  expect(body.redirect).toBe(true);
  return new URL(body.url);
}

/**
 * Plays the browser at the IdP: follows redirects by hand (carrying the IdP's cookies), fills
 * in the development login form as `login` and confirms consent. Returns the URL the IdP sends
 * the browser back to.
 */
async function authenticateAtIdp(authorizationUrl: URL, login: string): Promise<URL> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  let form: URLSearchParams | null = null;
  for (let step = 0; step < 15; step += 1) {
    const headers = new Headers();
    const cookie = jar.header();
    if (cookie !== null) headers.set('cookie', cookie);
    if (form !== null) headers.set('content-type', 'application/x-www-form-urlencoded');
    const response = await fetch(url, {
      method: form === null ? 'GET' : 'POST',
      headers,
      redirect: 'manual',
      ...(form === null ? {} : { body: form.toString() }),
    });
    jar.store(response);
    form = null;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      const next = new URL(location, url);
      if (next.origin !== new URL(idp.issuer).origin) return next;
      url = next;
      continue;
    }
    const html = await response.text();
    expect(response.status, html.slice(0, 500)).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (action === undefined || prompt === undefined) throw new Error(`no form at ${url.href}`);
    url = new URL(action, url);
    form =
      prompt === 'login'
        ? new URLSearchParams({ prompt, login, password: 'anything' })
        : new URLSearchParams({ prompt });
  }
  throw new Error('the identity provider never sent the browser back');
}

/** Delivers the IdP's redirect to quotaplan's callback, as the browser would. */
async function finishAtQuotaplan(
  app: TestApp,
  jar: CookieJar,
  callback: URL,
  ip: string,
): Promise<Response> {
  const cookie = jar.header();
  const response = await app.request(callback.href, {
    ...(cookie === null ? {} : { headers: { cookie } }),
    ip,
  });
  jar.store(response);
  return response;
}

async function sessionUser(app: TestApp, jar: CookieJar): Promise<unknown> {
  const cookie = jar.header();
  const response = await app.request('/api/me', cookie === null ? {} : { headers: { cookie } });
  return ((await response.json()) as { user: unknown }).user;
}

describeEachDatabase('OIDC single sign-on', (getDb) => {
  let auth: QuotaplanAuth;
  let app: TestApp;
  let anaId: string;

  beforeAll(async () => {
    auth = createAuth({
      database: getDb(),
      baseURL: BASE_URL,
      secret: SECRET,
      oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret },
    });
    app = buildTestApp(auth, resolveTrustedOrigins(BASE_URL));
    const ana = await createPasswordUser(auth, {
      email: 'ana@example.com',
      name: 'Ana López',
      password: 'correct horse battery',
    });
    anaId = ana.userId;
  });

  it('sends the browser to the discovered authorization endpoint with state, PKCE (S256) and a nonce', async () => {
    const url = await startSignIn(app, new CookieJar(), freshIp());
    const discovery = (await (
      await fetch(`${idp.issuer}/.well-known/openid-configuration`)
    ).json()) as { authorization_endpoint: string };
    expect(`${url.origin}${url.pathname}`).toBe(discovery.authorization_endpoint);
    const query = url.searchParams;
    expect(query.get('response_type')).toBe('code');
    expect(query.get('client_id')).toBe(idp.clientId);
    expect(query.get('redirect_uri')).toBe(`${BASE_URL}${OIDC_CALLBACK_PATH}`);
    expect(query.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['openid', 'email', 'profile']),
    );
    expect(query.get('state')?.length).toBeGreaterThanOrEqual(16);
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(query.get('nonce')?.length).toBeGreaterThanOrEqual(16);
  });

  it('signs in an existing user through the IdP, linked by e-mail whatever its case', async () => {
    const ip = freshIp();
    const jar = new CookieJar();
    const callback = await authenticateAtIdp(await startSignIn(app, jar, ip), ANA_AT_IDP.sub);
    expect(`${callback.origin}${callback.pathname}`).toBe(`${BASE_URL}${OIDC_CALLBACK_PATH}`);
    expect(callback.searchParams.get('code')).not.toBeNull();

    const response = await finishAtQuotaplan(app, jar, callback, ip);
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location') ?? '', BASE_URL).pathname).toBe('/plans');
    expect(await sessionUser(app, jar)).toEqual({
      userId: anaId,
      email: 'ana@example.com',
      name: 'Ana López',
    });
    const links = await getDb()
      .db.select({ accountId: authAccounts.accountId, idToken: authAccounts.idToken })
      .from(authAccounts)
      .where(and(eq(authAccounts.userId, anaId), eq(authAccounts.providerId, 'oidc')));
    expect(links.map((link) => link.accountId)).toEqual([ANA_AT_IDP.sub]);

    // The second time the existing link is used: still one link, same user.
    const again = new CookieJar();
    const secondCallback = await authenticateAtIdp(
      await startSignIn(app, again, ip),
      ANA_AT_IDP.sub,
    );
    expect((await finishAtQuotaplan(app, again, secondCallback, ip)).status).toBe(302);
    expect(await sessionUser(app, again)).toMatchObject({ userId: anaId });
    const linksAfter = await getDb()
      .db.select()
      .from(authAccounts)
      .where(and(eq(authAccounts.userId, anaId), eq(authAccounts.providerId, 'oidc')));
    expect(linksAfter).toHaveLength(1);
  });

  it('refuses an IdP identity whose e-mail matches no user, and creates nobody', async () => {
    const ip = freshIp();
    const jar = new CookieJar();
    const callback = await authenticateAtIdp(await startSignIn(app, jar, ip), EVE_AT_IDP.sub);
    const response = await finishAtQuotaplan(app, jar, callback, ip);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '', BASE_URL);
    expect(location.pathname).toBe('/sign-in');
    expect(location.searchParams.get('error')).toBe('signup_disabled');
    expect(await sessionUser(app, jar)).toBeNull();
    const ctx = await auth.$context;
    expect(await ctx.internalAdapter.findUserByEmail(EVE_AT_IDP.email)).toBeNull();
  });

  it('refuses a callback whose state it did not issue, and one replayed from another browser', async () => {
    const ip = freshIp();
    const forged = new URL(`${BASE_URL}${OIDC_CALLBACK_PATH}`);
    forged.searchParams.set('code', 'made-up-code');
    forged.searchParams.set('state', 'made-up-state-0123456789');
    const jar = new CookieJar();
    const response = await finishAtQuotaplan(app, jar, forged, ip);
    expect(response.status).toBe(302);
    const refused = new URL(response.headers.get('location') ?? '', BASE_URL);
    expect(refused.searchParams.get('error')).toBe('state_mismatch');
    expect(await sessionUser(app, jar)).toBeNull();

    // A genuine code and state, delivered to a browser that did not start the sign-in.
    const victimJar = new CookieJar();
    const callback = await authenticateAtIdp(await startSignIn(app, victimJar, ip), ANA_AT_IDP.sub);
    const otherBrowser = new CookieJar();
    const stolen = await finishAtQuotaplan(app, otherBrowser, callback, ip);
    expect(stolen.status).toBe(302);
    const stolenRefused = new URL(stolen.headers.get('location') ?? '', BASE_URL);
    expect(stolenRefused.pathname).toBe('/sign-in');
    expect(stolenRefused.searchParams.get('error')).toBe('state_mismatch');
    expect(await sessionUser(app, otherBrowser)).toBeNull();
  });
});
