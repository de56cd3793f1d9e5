// Sign-in through the app's request function on both databases: passwords, cookies, sessions,
// sign-out, rate limits shared by server instances, CSRF, and the admin-side user functions.

import { eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { authAccounts, rateLimits, sessions } from '../../db/auth-schema.ts';
import { openDatabase } from '../../db/index.ts';
import {
  buildTestApp,
  cookieFrom,
  jsonPost,
  sessionSetCookie,
} from '../../../test/support/auth-app.ts';
import type { TestApp } from '../../../test/support/auth-app.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import {
  createAuth,
  DISABLED_AUTH_PATHS,
  resolveTrustedOrigins,
  SESSION_EXPIRES_IN_SECONDS,
} from './create-auth.ts';
import type { QuotaplanAuth } from './create-auth.ts';
import { CSRF_REFUSED_CODE } from './csrf.ts';
import {
  AuthConfigError,
  InvalidUserInputError,
  UserExistsError,
  UserNotFoundError,
} from './errors.ts';
import { createPasswordUser, setPassword } from './users.ts';

const BASE_URL = 'http://localhost:3000';
const SECRET = 'test-secret-that-is-long-enough-0123456789';
const ANA = {
  email: 'Ana.Lopez@Example.com',
  name: 'Ana López',
  password: 'correct horse battery',
};

let ipCounter = 0;
/** A client address of its own, so that no two tests share a rate-limit bucket. */
function freshIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

function signIn(app: TestApp, email: string, password: string, ip = freshIp()) {
  return app.request(
    '/api/auth/sign-in/email',
    jsonPost({ email, password }, { origin: BASE_URL, ip }),
  );
}

async function signedInCookie(app: TestApp, email: string, password: string): Promise<string> {
  const response = await signIn(app, email, password);
  expect(response.status).toBe(200);
  const cookie = cookieFrom(response);
  if (cookie === null) throw new Error('sign-in set no session cookie');
  return cookie;
}

async function whoIs(app: TestApp, cookie: string | null): Promise<unknown> {
  const response = await app.request('/api/me', cookie === null ? {} : { headers: { cookie } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { user: unknown };
  return body.user;
}

describeEachDatabase('authentication', (getDb) => {
  let auth: QuotaplanAuth;
  let app: TestApp;
  let anaId: string;

  beforeAll(async () => {
    auth = createAuth({ database: getDb(), baseURL: BASE_URL, secret: SECRET });
    app = buildTestApp(auth, resolveTrustedOrigins(BASE_URL));
    anaId = (await createPasswordUser(auth, ANA)).userId;
  });

  it('stores passwords only as argon2id hashes', async () => {
    const rows = await getDb()
      .db.select({ providerId: authAccounts.providerId, password: authAccounts.password })
      .from(authAccounts)
      .where(eq(authAccounts.userId, anaId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.providerId).toBe('credential');
    expect(rows[0]?.password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(rows[0]?.password).not.toContain(ANA.password);
  });

  it('signs a user in and sets an HttpOnly, SameSite=Lax cookie for 7 days, not Secure on http', async () => {
    const response = await signIn(app, 'ana.lopez@example.com', ANA.password);
    expect(response.status).toBe(200);
    const setCookie = sessionSetCookie(response);
    expect(setCookie).toMatch(/^quotaplan\.session_token=/);
    const attributes = (setCookie ?? '').split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
    expect(attributes).toContain(`max-age=${SESSION_EXPIRES_IN_SECONDS}`);
    expect(attributes).not.toContain('secure');
  });

  it('marks the session cookie Secure (and __Secure-) when the public URL is https', async () => {
    const httpsUrl = 'https://quotaplan.example.com';
    const httpsAuth = createAuth({ database: getDb(), baseURL: httpsUrl, secret: SECRET });
    const httpsApp = buildTestApp(httpsAuth, resolveTrustedOrigins(httpsUrl));
    const response = await httpsApp.request(
      'https://quotaplan.example.com/api/auth/sign-in/email',
      jsonPost({ email: ANA.email, password: ANA.password }, { origin: httpsUrl, ip: freshIp() }),
    );
    expect(response.status).toBe(200);
    const setCookie = sessionSetCookie(response) ?? '';
    expect(setCookie).toMatch(/^__Secure-quotaplan\.session_token=/);
    const attributes = setCookie.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax']));
  });

  it('answers a wrong password and an unknown e-mail exactly alike', async () => {
    const wrongPassword = await signIn(app, ANA.email, 'not the password at all');
    const unknownUser = await signIn(app, 'nobody@example.com', 'not the password at all');
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(await unknownUser.text()).toBe(await wrongPassword.text());
    expect(cookieFrom(wrongPassword)).toBeNull();
    expect(cookieFrom(unknownUser)).toBeNull();
  });

  it('refuses public sign-up and creates nobody', async () => {
    const response = await app.request(
      '/api/auth/sign-up/email',
      jsonPost(
        { email: 'mallory@example.com', name: 'Mallory', password: 'let me in please' },
        { origin: BASE_URL, ip: freshIp() },
      ),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(cookieFrom(response)).toBeNull();
    const ctx = await auth.$context;
    expect(await ctx.internalAdapter.findUserByEmail('mallory@example.com')).toBeNull();
  });

  it('answers 404 on the better-auth routes quotaplan does not use, even signed in', async () => {
    const cookie = await signedInCookie(app, ANA.email, ANA.password);
    for (const path of DISABLED_AUTH_PATHS) {
      const response = await app.request(
        `/api/auth${path}`,
        jsonPost(
          { email: 'ana.new@example.com', newEmail: 'ana.new@example.com', name: 'Someone else' },
          { origin: BASE_URL, ip: freshIp(), cookie },
        ),
      );
      expect(response.status, path).toBe(404);
    }
    // The user is unchanged (update-user and change-email were refused).
    expect(await whoIs(app, cookie)).toEqual({
      userId: anaId,
      email: 'ana.lopez@example.com',
      name: 'Ana López',
    });
    // What quotaplan does use still answers.
    const sessionsList = await app.request('/api/auth/list-sessions', { headers: { cookie } });
    expect(sessionsList.status).toBe(200);
  });

  it('finds the user of a session cookie, and nobody for a missing or forged one', async () => {
    const cookie = await signedInCookie(app, ANA.email, ANA.password);
    expect(await whoIs(app, cookie)).toEqual({
      userId: anaId,
      email: 'ana.lopez@example.com',
      name: 'Ana López',
    });
    expect(await whoIs(app, null)).toBeNull();
    const [name = '', value = ''] = cookie.split('=');
    const token = value.split('.')[0] ?? '';
    expect(await whoIs(app, `${name}=${token}.forgedsignature`)).toBeNull();
    // better-auth's own session route agrees.
    const own = await app.request('/api/auth/get-session', { headers: { cookie } });
    expect(((await own.json()) as { user: { id: string } }).user.id).toBe(anaId);
  });

  it('refreshes a session that is over a day old and hands the browser the new cookie', async () => {
    const cookie = await signedInCookie(app, ANA.email, ANA.password);
    const token = decodeURIComponent(cookie.split('=')[1] ?? '').split('.')[0] ?? '';
    const fiveDaysOn = new Date(Date.now() + 5 * 24 * 60 * 60 * 1000);
    await getDb()
      .db.update(sessions)
      .set({ expiresAt: fiveDaysOn })
      .where(eq(sessions.token, token));
    const response = await app.request('/api/me', { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(sessionSetCookie(response)).toContain(`Max-Age=${SESSION_EXPIRES_IN_SECONDS}`);
    const [row] = await getDb().db.select().from(sessions).where(eq(sessions.token, token));
    const daysLeft = ((row?.expiresAt.getTime() ?? 0) - Date.now()) / (24 * 60 * 60 * 1000);
    expect(daysLeft).toBeGreaterThan(6.9);
  });

  it('signs out: the session is deleted and the old cookie opens nothing', async () => {
    const cookie = await signedInCookie(app, ANA.email, ANA.password);
    const response = await app.request(
      '/api/auth/sign-out',
      jsonPost({}, { origin: BASE_URL, cookie, ip: freshIp() }),
    );
    expect(response.status).toBe(200);
    expect(sessionSetCookie(response)).toMatch(/Max-Age=0/);
    expect(await whoIs(app, cookie)).toBeNull();
  });

  it('answers the 6th sign-in attempt within a minute from one address with 429, on every server instance', async () => {
    const ip = freshIp();
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect((await signIn(app, ANA.email, 'wrong password number', ip)).status).toBe(401);
    }
    // A second server on the same database counts against the same limit.
    const otherServer = buildTestApp(
      createAuth({ database: getDb(), baseURL: BASE_URL, secret: SECRET }),
      resolveTrustedOrigins(BASE_URL),
    );
    expect((await signIn(otherServer, ANA.email, 'wrong password number', ip)).status).toBe(401);
    const sixth = await signIn(otherServer, ANA.email, ANA.password, ip);
    expect(sixth.status).toBe(429);
    expect(cookieFrom(sixth)).toBeNull();
    expect(Number(sixth.headers.get('x-retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await signIn(app, ANA.email, ANA.password)).status).toBe(200);
    const stored = await getDb()
      .db.select()
      .from(rateLimits)
      .where(like(rateLimits.key, `${ip}|/sign-in/email`));
    expect(stored[0]?.count).toBe(5);
  });

  it('ignores a client-sent IP header when counting attempts', async () => {
    const ip = freshIp();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const init = jsonPost({ email: ANA.email, password: 'wrong password again' }, { ip });
      (init.headers as Headers).set('x-quotaplan-client-ip', `203.0.113.${attempt}`);
      (init.headers as Headers).set('x-forwarded-for', `203.0.113.${attempt}`);
      expect((await app.request('/api/auth/sign-in/email', init)).status).toBe(401);
    }
    expect((await signIn(app, ANA.email, ANA.password, ip)).status).toBe(429);
  });

  it('refuses a cross-origin POST that carries the session cookie, on our routes and on better-auth’s', async () => {
    const cookie = await signedInCookie(app, ANA.email, ANA.password);
    const forged = await app.request(
      '/api/notes',
      jsonPost({ text: 'raise my quota' }, { origin: 'https://evil.example', cookie }),
    );
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toBe('application/problem+json');
    expect(((await forged.json()) as { code: string }).code).toBe(CSRF_REFUSED_CODE);

    const forgedSignOut = await app.request(
      '/api/auth/sign-out',
      jsonPost({}, { origin: 'https://evil.example', cookie, ip: freshIp() }),
    );
    expect(forgedSignOut.status).toBe(403);
    expect(await whoIs(app, cookie)).not.toBeNull();

    const sameOrigin = await app.request(
      '/api/notes',
      jsonPost({ text: 'hello' }, { origin: BASE_URL, cookie }),
    );
    expect(sameOrigin.status).toBe(201);
    expect(((await sameOrigin.json()) as { savedBy: string }).savedBy).toBe(anaId);
  });

  it('lets a cookie-less POST without browser headers reach the route, which needs a session', async () => {
    const response = await app.request('/api/notes', jsonPost({ text: 'hi' }));
    expect(response.status).toBe(401);
  });

  it('setPassword replaces the password and signs the user out everywhere', async () => {
    const user = { email: 'ben@example.com', name: 'Ben', password: 'first password ok' };
    await createPasswordUser(auth, user);
    const cookie = await signedInCookie(app, user.email, user.password);
    await setPassword(auth, { email: 'BEN@example.com', password: 'second password ok' });
    expect(await whoIs(app, cookie)).toBeNull();
    expect((await signIn(app, user.email, user.password)).status).toBe(401);
    expect((await signIn(app, user.email, 'second password ok')).status).toBe(200);
  });

  it('createPasswordUser and setPassword refuse bad input with errors naming what was expected', async () => {
    await expect(
      createPasswordUser(auth, { ...ANA, email: 'ANA.LOPEZ@example.com' }),
    ).rejects.toBeInstanceOf(UserExistsError);
    await expect(createPasswordUser(auth, { ...ANA, email: 'not an e-mail' })).rejects.toThrow(
      /email: "not an e-mail" is not an e-mail address/,
    );
    await expect(
      createPasswordUser(auth, { email: 'cy@example.com', name: '  ', password: ANA.password }),
    ).rejects.toBeInstanceOf(InvalidUserInputError);
    const short = createPasswordUser(auth, {
      email: 'cy@example.com',
      name: 'Cy',
      password: 'short',
    });
    await expect(short).rejects.toThrow('password: has 5 characters; expected 12 to 128');
    await expect(
      setPassword(auth, { email: 'nobody@example.com', password: ANA.password }),
    ).rejects.toBeInstanceOf(UserNotFoundError);
    const ctx = await auth.$context;
    expect(await ctx.internalAdapter.findUserByEmail('cy@example.com')).toBeNull();
  });
});

describe('createAuth', () => {
  it('refuses settings it cannot work with, naming the option', async () => {
    const database = await openDatabase({ kind: 'pglite', dir: null });
    try {
      const base = { database, baseURL: BASE_URL, secret: SECRET };
      expect(() => createAuth({ ...base, baseURL: 'localhost:3000' })).toThrow(AuthConfigError);
      expect(() => createAuth({ ...base, baseURL: 'https://example.com/quotaplan' })).toThrow(
        /baseURL: .* has a path/,
      );
      expect(() => createAuth({ ...base, secret: 'short' })).toThrow(
        'secret: has 5 characters; expected at least 32',
      );
      expect(() => createAuth({ ...base, trustedOrigins: ['ftp://example.com'] })).toThrow(
        /trustedOrigins\[0\]/,
      );
      expect(() => createAuth({ ...base, loginRateLimit: { window: 60, max: 0 } })).toThrow(
        'loginRateLimit.max: 0 is not a whole number of at least 1',
      );
      const oidc = { issuer: 'https://idp.example.com', clientId: 'quotaplan', clientSecret: 's' };
      expect(() => createAuth({ ...base, oidc: { ...oidc, clientId: ' ' } })).toThrow(
        /oidc\.clientId/,
      );
      expect(() => createAuth({ ...base, oidc: { ...oidc, scopes: ['openid'] } })).toThrow(
        /oidc\.scopes: .* lacks "email"/,
      );
    } finally {
      await database.close();
    }
  });
});
