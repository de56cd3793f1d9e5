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
import { PASSWORD_REFUSED_CODE, SIGN_IN_HELD_BACK_CODE } from './policy-plugin.ts';
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

/** What the instances under test log. */
const logged: string[] = [];

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

  const authOptions = () => ({
    database: getDb(),
    baseURL: BASE_URL,
    secret: SECRET,
    log: (m: string) => logged.push(m),
  });

  beforeAll(async () => {
    auth = createAuth(authOptions());
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

  it('answers the 4th sign-in request within a minute from one address with 429 under a limit of 3, on every server instance', async () => {
    // The flood limit counts every request, successful or not; its default is 60 a minute.
    const limited = createAuth({ ...authOptions(), loginRateLimit: { window: 60, max: 3 } });
    const app3 = buildTestApp(limited, resolveTrustedOrigins(BASE_URL));
    const ip = freshIp();
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      expect((await signIn(app3, ANA.email, ANA.password, ip)).status).toBe(200);
    }
    // A second server on the same database counts against the same limit.
    const otherServer = buildTestApp(
      createAuth({ ...authOptions(), loginRateLimit: { window: 60, max: 3 } }),
      resolveTrustedOrigins(BASE_URL),
    );
    expect((await signIn(otherServer, ANA.email, ANA.password, ip)).status).toBe(200);
    const fourth = await signIn(otherServer, ANA.email, ANA.password, ip);
    expect(fourth.status).toBe(429);
    expect(cookieFrom(fourth)).toBeNull();
    expect(Number(fourth.headers.get('x-retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await signIn(app3, ANA.email, ANA.password)).status).toBe(200);
    const stored = await getDb()
      .db.select()
      .from(rateLimits)
      .where(like(rateLimits.key, `${ip}|/sign-in/email`));
    expect(stored[0]?.count).toBe(3);
  });

  it('ignores a client-sent IP header when counting attempts', async () => {
    const ip = freshIp();
    const limited = buildTestApp(
      createAuth({ ...authOptions(), loginRateLimit: { window: 60, max: 3 } }),
      resolveTrustedOrigins(BASE_URL),
    );
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const init = jsonPost({ email: ANA.email, password: ANA.password }, { origin: BASE_URL, ip });
      (init.headers as Headers).set('x-quotaplan-client-ip', `203.0.113.${attempt}`);
      (init.headers as Headers).set('x-forwarded-for', `203.0.113.${attempt}`);
      expect((await limited.request('/api/auth/sign-in/email', init)).status).toBe(200);
    }
    expect((await signIn(limited, ANA.email, ANA.password, ip)).status).toBe(429);
  });

  it('lets six colleagues behind one office address sign in again and again', async () => {
    const office = freshIp();
    const colleagues = Array.from({ length: 6 }, (_, i) => ({
      email: `colleague${i}@example.com`,
      name: `Colleague ${i}`,
      password: `colleague ${i} has a long passphrase`,
    }));
    for (const person of colleagues) await createPasswordUser(auth, person);
    for (let round = 0; round < 3; round += 1) {
      for (const person of colleagues) {
        expect((await signIn(app, person.email, person.password, office)).status).toBe(200);
      }
    }
  });

  it('holds an account back after 5 wrong passwords from any addresses, with 429 and Retry-After, on every server instance', async () => {
    const carl = {
      email: 'carl@example.com',
      name: 'Carl',
      password: 'carl has a long passphrase',
    };
    await createPasswordUser(auth, carl);
    const otherServer = buildTestApp(createAuth(authOptions()), resolveTrustedOrigins(BASE_URL));
    // 30 guesses at once from 6 addresses, split over two servers: 5 are checked.
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        signIn(
          i % 2 === 0 ? app : otherServer,
          carl.email,
          `guess number ${i}`,
          `203.0.113.${i % 6}`,
        ),
      ),
    );
    const statuses = guesses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    // Even the right password waits, from a new address; the answer says how long.
    const held = await signIn(app, carl.email, carl.password);
    expect(held.status).toBe(429);
    expect(cookieFrom(held)).toBeNull();
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await held.json()) as { code: string }).code).toBe(SIGN_IN_HELD_BACK_CODE);
    // An admin who sets a new password unlocks the account.
    await setPassword(auth, { email: carl.email, password: 'carl has a new passphrase' });
    expect((await signIn(app, carl.email, 'carl has a new passphrase')).status).toBe(200);
  });

  it('logs every sign-in outcome with the account and the client address, never the password', async () => {
    const ip = freshIp();
    logged.length = 0;
    await signIn(app, 'Dora@Example.com', 'the secret she typed wrong', ip);
    await signIn(app, ANA.email, ANA.password, ip);
    expect(logged).toContain(
      `sign-in failed: account "dora@example.com" from ${ip} (wrong e-mail or password)`,
    );
    expect(logged).toContain(`signed in: account "ana.lopez@example.com" from ${ip}`);
    expect(logged.join('\n')).not.toContain('the secret she typed wrong');
    expect(logged.join('\n')).not.toContain(ANA.password);
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

  it('refuses weak passwords wherever a password is set: one repeated character, common, easy to guess', async () => {
    const weak = [
      'aaaaaaaaaaaa',
      'password1234',
      'Password1234!',
      'qwertyuiopasdf',
      'eve@example.com!',
    ];
    for (const password of weak) {
      await expect(
        createPasswordUser(auth, { email: 'eve@example.com', name: 'Eve', password }),
        password,
      ).rejects.toThrow(/^password: /);
    }
    await expect(
      createPasswordUser(auth, { email: 'eve@example.com', name: 'Eve', password: 'aaaaaaaaaaaa' }),
    ).rejects.toThrow('password: is one character repeated');
    await expect(
      createPasswordUser(auth, { email: 'eve@example.com', name: 'Eve', password: 'password1234' }),
    ).rejects.toThrow('password: is one of the most common passwords');
    const ctx = await auth.$context;
    expect(await ctx.internalAdapter.findUserByEmail('eve@example.com')).toBeNull();
    await expect(setPassword(auth, { email: ANA.email, password: 'password1234' })).rejects.toThrow(
      InvalidUserInputError,
    );

    // A user's own change of password, through better-auth's route.
    const fay = { email: 'fay@example.com', name: 'Fay', password: 'fay has a long passphrase' };
    await createPasswordUser(auth, fay);
    const cookie = await signedInCookie(app, fay.email, fay.password);
    const change = (newPassword: string) =>
      app.request(
        '/api/auth/change-password',
        jsonPost(
          { currentPassword: fay.password, newPassword },
          { origin: BASE_URL, cookie, ip: freshIp() },
        ),
      );
    const refused = await change('aaaaaaaaaaaa');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      code: PASSWORD_REFUSED_CODE,
      message: 'newPassword: is one character repeated; expected a password that is hard to guess',
    });
    expect((await change('password1234')).status).toBe(400);
    expect((await signIn(app, fay.email, fay.password)).status).toBe(200);
    const accepted = await change('fay picked another passphrase');
    expect(accepted.status).toBe(200);
    expect((await signIn(app, fay.email, 'fay picked another passphrase')).status).toBe(200);
  });

  it('answers no session token in any body: sign-in, get-session, list-sessions, change-password', async () => {
    const gus = { email: 'gus@example.com', name: 'Gus', password: 'gus has a long passphrase' };
    await createPasswordUser(auth, gus);
    const signedIn = await signIn(app, gus.email, gus.password);
    expect(signedIn.status).toBe(200);
    const cookie = cookieFrom(signedIn) ?? '';
    const token = decodeURIComponent(cookie.split('=')[1] ?? '').split('.')[0] ?? '';
    expect(token.length).toBeGreaterThan(10);
    const signInBody = await signedIn.text();
    expect(signInBody).not.toContain(token);
    expect(JSON.parse(signInBody)).not.toHaveProperty('token');
    expect((JSON.parse(signInBody) as { user: { email: string } }).user.email).toBe(gus.email);

    const other = await signedInCookie(app, gus.email, gus.password);
    const otherToken = decodeURIComponent(other.split('=')[1] ?? '').split('.')[0] ?? '';
    const session = await app.request('/api/auth/get-session', { headers: { cookie } });
    const sessionBody = await session.text();
    expect(sessionBody).not.toContain(token);
    expect((JSON.parse(sessionBody) as { session: object }).session).not.toHaveProperty('token');
    const list = await app.request('/api/auth/list-sessions', { headers: { cookie } });
    const listBody = await list.text();
    expect(listBody).not.toContain(token);
    expect(listBody).not.toContain(otherToken);
    const sessionsListed = JSON.parse(listBody) as { id: string; token?: string }[];
    expect(sessionsListed).toHaveLength(2);
    expect(sessionsListed.every((s) => s.token === undefined && s.id.length > 0)).toBe(true);

    // A session is revoked by its id: the other browser is signed out, this one is not.
    const [otherRow] = await getDb()
      .db.select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.token, otherToken));
    const revoked = await app.request(
      '/api/auth/revoke-session',
      jsonPost({ id: otherRow?.id }, { origin: BASE_URL, cookie, ip: freshIp() }),
    );
    expect(revoked.status).toBe(200);
    expect(await whoIs(app, other)).toBeNull();
    expect(await whoIs(app, cookie)).not.toBeNull();
    // Someone else's session id revokes nothing.
    const anaCookie = await signedInCookie(app, ANA.email, ANA.password);
    const [anaRow] = await getDb()
      .db.select({ id: sessions.id })
      .from(sessions)
      .where(
        eq(sessions.token, decodeURIComponent(anaCookie.split('=')[1] ?? '').split('.')[0] ?? ''),
      );
    await app.request(
      '/api/auth/revoke-session',
      jsonPost({ id: anaRow?.id }, { origin: BASE_URL, cookie, ip: freshIp() }),
    );
    expect(await whoIs(app, anaCookie)).not.toBeNull();

    const changed = await app.request(
      '/api/auth/change-password',
      jsonPost(
        {
          currentPassword: gus.password,
          newPassword: 'gus chose a new passphrase',
          revokeOtherSessions: true,
        },
        { origin: BASE_URL, cookie, ip: freshIp() },
      ),
    );
    expect(changed.status).toBe(200);
    expect(await changed.json()).not.toHaveProperty('token');
  });

  it('trusts every loopback spelling of a loopback public URL, and only that', async () => {
    expect(resolveTrustedOrigins('http://127.0.0.1:3000')).toEqual([
      'http://127.0.0.1:3000',
      'http://localhost:3000',
      'http://[::1]:3000',
    ]);
    expect(resolveTrustedOrigins('https://quotaplan.example.com')).toEqual([
      'https://quotaplan.example.com',
    ]);
    // Signing in from http://localhost:3000 when the server calls itself 127.0.0.1.
    const loopback = 'http://127.0.0.1:3000';
    const local = buildTestApp(
      createAuth({ ...authOptions(), baseURL: loopback }),
      resolveTrustedOrigins(loopback),
    );
    const response = await local.request(
      '/api/auth/sign-in/email',
      jsonPost(
        { email: ANA.email, password: ANA.password },
        { origin: 'http://localhost:3000', ip: freshIp() },
      ),
    );
    expect(response.status).toBe(200);
    const elsewhere = await local.request(
      '/api/auth/sign-in/email',
      jsonPost(
        { email: ANA.email, password: ANA.password },
        { origin: 'http://localhost:4000', ip: freshIp() },
      ),
    );
    expect(elsewhere.status).toBe(403);
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
