// What the server remembers between requests (session users, memberships) and when it forgets:
// at once after a change it handles itself, as soon as the database's notice arrives after a
// change made elsewhere (another server process, an admin function), and never while the
// request that read them overlapped such a change.

import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/server/app.ts';
import { setPassword } from '../src/server/auth/index.ts';
import { describeEachDatabase } from './support/databases.ts';
import { ORIGIN, serverFixture } from './support/server.ts';
import type { ServerFixture } from './support/server.ts';

const PASSWORD = 'a password for cache tests';
const PLANS = '/api/workspaces/default/plans';

type App = ServerFixture['app'];

async function signIn(app: App, email: string, password = PASSWORD): Promise<string> {
  const response = await app.request('/api/auth/sign-in/email', {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.includes('session_token'));
  if (cookie === undefined) throw new Error(`sign-in of ${email} set no session cookie`);
  return cookie.split(';')[0] ?? '';
}

function get(app: App, path: string, cookie: string): Promise<Response> {
  return Promise.resolve(app.request(path, { headers: { origin: ORIGIN, cookie } }));
}

describeEachDatabase('what the server remembers between requests', (getDb) => {
  let s: ServerFixture;

  beforeAll(async () => {
    s = await serverFixture(getDb());
  }, 120_000);

  /** A leader as the API makes one: RevOps asks, an existing leader approves (issue 13.4). */
  async function addLeader(email: string): Promise<void> {
    const response = await s.call('admin', 'POST', '/api/workspaces/default/members', {
      email,
      name: email.split('@')[0],
      password: PASSWORD,
      role: 'leader',
    });
    expect(response.status).toBe(202);
    const { pendingGrant } = (await response.json()) as { pendingGrant: number };
    const decided = await s.call(
      'vpSales',
      'POST',
      `/api/workspaces/default/role-grants/${pendingGrant}/decision`,
      { approve: true },
    );
    expect(decided.status).toBe(200);
  }

  describe('changes this server makes apply to the very next request', () => {
    it('refuses a signed-out session at once', async () => {
      await addLeader('signs.out@example.com');
      const cookie = await signIn(s.app, 'signs.out@example.com');
      expect((await get(s.app, PLANS, cookie)).status).toBe(200);
      const out = await s.app.request('/api/auth/sign-out', {
        method: 'POST',
        headers: { origin: ORIGIN, cookie },
      });
      expect(out.status).toBe(200);
      expect((await get(s.app, PLANS, cookie)).status).toBe(401);
    });

    it('applies a changed role at once', async () => {
      await addLeader('changes.role@example.com');
      const cookie = await signIn(s.app, 'changes.role@example.com');
      expect((await get(s.app, PLANS, cookie)).status).toBe(200);
      const changed = await s.call('admin', 'POST', '/api/workspaces/default/members', {
        email: 'changes.role@example.com',
        name: 'changes.role',
        password: PASSWORD,
        role: 'manager',
        repId: s.personas.otherManager.repId,
      });
      expect(changed.status).toBe(201);
      // Managers do not read plans: the leader's remembered membership is gone.
      expect((await get(s.app, PLANS, cookie)).status).toBe(403);
    });
  });

  it('refuses a session revoked elsewhere as soon as the database says so', async () => {
    await addLeader('revoked@example.com');
    // Another server instance: it would remember for a minute.
    const other = createApp({ database: getDb(), auth: s.auth, baseURL: ORIGIN });
    const cookie = await signIn(other, 'revoked@example.com');
    expect((await get(other, PLANS, cookie)).status).toBe(200);
    expect((await get(other, PLANS, cookie)).status).toBe(200);
    // A password change through the admin functions signs the user out everywhere: the
    // sessions' DELETE notifies every server on the database.
    await setPassword(s.auth, { email: 'revoked@example.com', password: `${PASSWORD} 2` });
    await expect
      .poll(async () => (await get(other, PLANS, cookie)).status, { timeout: 10_000 })
      .toBe(401);
  });

  it('applies a role changed elsewhere as soon as the database says so', async () => {
    await addLeader('demoted@example.com');
    const other = createApp({ database: getDb(), auth: s.auth, baseURL: ORIGIN });
    const cookie = await signIn(other, 'demoted@example.com');
    expect((await get(other, PLANS, cookie)).status).toBe(200);
    // The admin changes the role through this app (s.app); the other app learns it from the
    // memberships' notice, not from its own requests.
    const changed = await s.call('admin', 'POST', '/api/workspaces/default/members', {
      email: 'demoted@example.com',
      name: 'demoted',
      password: PASSWORD,
      role: 'rep',
      repId: s.personas.rep.repId,
    });
    expect(changed.status).toBe(201);
    await expect
      .poll(async () => (await get(other, PLANS, cookie)).status, { timeout: 10_000 })
      .toBe(403);
  });

  it('keeps remembering a session across requests that change no session or membership', async () => {
    await addLeader('steady@example.com');
    const cookie = await signIn(s.app, 'steady@example.com');
    const spy = vi.spyOn(s.auth.api, 'getSession');
    try {
      const reads = () =>
        spy.mock.calls.filter(
          ([request]) =>
            new Headers(request?.headers as ConstructorParameters<typeof Headers>[0]).get(
              'cookie',
            ) === cookie,
        ).length;
      // Until the notices of the set-up (the new membership) have come and gone, a read may
      // still go to the database; then the session is served from memory.
      await expect
        .poll(async () => {
          const before = reads();
          expect((await get(s.app, PLANS, cookie)).status).toBe(200);
          return reads() - before;
        })
        .toBe(0);
      const terms = (await (
        await s.call('admin', 'GET', '/api/workspaces/default/definitions')
      ).json()) as { key: string }[];
      const approval = await s.call(
        'vpSales',
        'POST',
        `/api/workspaces/default/definitions/${terms[0]?.key ?? ''}/approvals`,
      );
      expect([201, 409]).toContain(approval.status);
      const before = reads();
      expect((await get(s.app, PLANS, cookie)).status).toBe(200);
      expect(reads() - before).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('reads everything afresh when the cache time is 0', async () => {
    await addLeader('uncached@example.com');
    const uncached = createApp({ database: getDb(), auth: s.auth, baseURL: ORIGIN, cacheTtlMs: 0 });
    const cookie = await signIn(uncached, 'uncached@example.com');
    expect((await get(uncached, PLANS, cookie)).status).toBe(200);
    await setPassword(s.auth, { email: 'uncached@example.com', password: `${PASSWORD} 2` });
    expect((await get(uncached, PLANS, cookie)).status).toBe(401);
  });
});
