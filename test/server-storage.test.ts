// Storage and concurrency through the API, on PGlite and Postgres (issue 13): two approvals of
// one rep's adjustments at once lose neither (the quota of record is locked while it changes, and
// the audit's "before" values chain), nor do two rewordings of one definition, and two sign-offs
// of one version record one; adding a member is one transaction, so a failure between the user
// and the membership leaves nothing and a retry takes its own password; and a request stuck on
// the database is answered 503 when the request timeout passes.

import { beforeAll, expect, it } from 'vitest';
import { prorateChange } from '../src/core/tracking/index.ts';
import { workflow } from '../src/db/index.ts';
import type { Database } from '../src/db/index.ts';
import { inTransaction } from '../src/db/sql-session.ts';
import { createApp } from '../src/server/app.ts';
import { createAuth } from '../src/server/auth/index.ts';
import type { QuotaplanAuth } from '../src/server/auth/index.ts';
import { addMember } from '../src/server/members.ts';
import { describeEachDatabase } from './support/databases.ts';
import { mavenWorkspace } from './support/maven-workspace.ts';

const ORIGIN = 'http://quotaplan.test';
const PASSWORD = 'correct horse battery staple';
const WS = '/api/workspaces/default';
const PLAN_START = '2017-07-01';
const MONTHS = 12;
const TRIALS = 16;

type Persona = 'admin' | 'vpSales' | 'cro';
const PERSONAS: Record<Persona, { email: string; role: 'admin' | 'leader'; title: string | null }> =
  {
    admin: { email: 'admin@example.com', role: 'admin', title: null },
    vpSales: { email: 'vp.sales@example.com', role: 'leader', title: 'vp_sales' },
    cro: { email: 'cro@example.com', role: 'leader', title: 'cro' },
  };

interface Fixture {
  database: Database;
  auth: QuotaplanAuth;
  app: ReturnType<typeof createApp>;
  cookies: Record<Persona, string>;
  planId: number;
}

async function signIn(
  app: ReturnType<typeof createApp>,
  email: string,
  password: string,
): Promise<Response> {
  return app.request('/api/auth/sign-in/email', {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

function call(
  f: Fixture,
  persona: Persona,
  method: string,
  path: string,
  body?: unknown,
  app = f.app,
): Promise<Response> {
  const headers: Record<string, string> = { origin: ORIGIN, cookie: f.cookies[persona] };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return Promise.resolve(
    app.request(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/**
 * The Maven data, members, sign-ins, and a published plan (written directly) with one
 * quota-carrying rep per race trial.
 */
async function fixture(database: Database): Promise<Fixture> {
  const workspace = await mavenWorkspace(database);
  const auth = createAuth({
    database,
    baseURL: ORIGIN,
    secret: 'test-secret-that-is-long-enough-for-auth',
    loginRateLimit: { window: 60, max: 1000 },
  });
  const app = createApp({ database, auth, baseURL: ORIGIN, log: () => undefined });
  const system = { userId: null, email: 'test set-up' };
  const cookies = {} as Record<Persona, string>;
  for (const [key, p] of Object.entries(PERSONAS) as [Persona, (typeof PERSONAS)[Persona]][]) {
    await addMember(auth, workspace, system, {
      email: p.email,
      name: key,
      password: PASSWORD,
      role: p.role,
      title: p.title as 'vp_sales' | 'cro' | null,
      repId: null,
    });
    const response = await signIn(app, p.email, PASSWORD);
    cookies[key] = response.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  }
  const plan = await workflow.insertPlan(database.db, {
    workspaceId: workspace.id,
    name: 'Race plan',
    createdBy: 'test',
  });
  await workflow.markPublished(database.db, plan.id, 0, {
    periodStart: PLAN_START,
    months: MONTHS,
    indicators: { green: 1, red: 0.8 },
    supersedes: null,
  });
  await workflow.insertQuotasOfRecord(
    database.db,
    Array.from({ length: TRIALS }, (_, t) => ({
      planId: plan.id,
      repId: `rep-${t}`,
      name: `Rep ${t}`,
      role: 'AE',
      managerId: null,
      territoryId: null,
      segment: '',
      carriesQuota: true,
      monthly: new Array<number>(MONTHS).fill(100_000),
      bookings: new Array<number>(MONTHS).fill(0),
      bookingsAsOf: null,
      ramp: [],
      startDate: null,
    })),
  );
  return { database, auth, app, cookies, planId: plan.id };
}

describeEachDatabase('storage and concurrency through the API', (getDb) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture(getDb());
  }, 120_000);

  it(`approves two adjustments of one rep at once without losing either (${TRIALS} trials)`, async () => {
    const plan = `${WS}/plans/${f.planId}`;
    const changes = [
      { effective: '2017-10-01', newMonthly: new Array<number>(MONTHS).fill(200_000) },
      { effective: '2018-01-01', newMonthly: new Array<number>(MONTHS).fill(300_000) },
    ];
    for (let t = 0; t < TRIALS; t++) {
      const repId = `rep-${t}`;
      const requested: { id: number }[] = [];
      for (const change of changes) {
        requested.push(
          await json<{ id: number }>(
            await call(f, 'admin', 'POST', `${plan}/adjustments`, {
              repId,
              kind: 'other',
              reason: `trial ${t}`,
              ...change,
            }),
            201,
          ),
        );
      }
      const [a, b] = requested;
      const decisions = await Promise.all([
        call(f, 'vpSales', 'POST', `${plan}/adjustments/${a?.id}/decision`, { approve: true }),
        call(f, 'cro', 'POST', `${plan}/adjustments/${b?.id}/decision`, { approve: true }),
      ]);
      expect(decisions.map((d) => d.status)).toEqual([200, 200]);

      // The approvals in the order they committed, as the audit log recorded them.
      const log = await json<
        {
          id: number;
          action: string;
          entityId: string;
          before: { monthly: number[] };
          after: { monthly: number[] };
        }[]
      >(await call(f, 'admin', 'GET', `${WS}/audit-log?entity=adjustment&limit=200`), 200);
      const approvals = log
        .filter(
          (e) =>
            e.action === 'adjustment.approve' &&
            [String(a?.id), String(b?.id)].includes(e.entityId),
        )
        .sort((x, y) => x.id - y.id);
      expect(approvals).toHaveLength(2);
      // Each approval starts from what the one before it left: the first from the original.
      let quota = new Array<number>(MONTHS).fill(100_000);
      for (const approval of approvals) {
        expect(approval.before.monthly).toEqual(quota);
        const change = approval.entityId === String(a?.id) ? changes[0] : changes[1];
        const prorated = prorateChange({
          planStart: PLAN_START,
          months: MONTHS,
          before: quota,
          after: change?.newMonthly ?? [],
          effective: change?.effective ?? '',
        });
        if (!prorated.ok) throw new Error('the test adjustment does not prorate');
        expect(approval.after.monthly).toEqual(prorated.value);
        quota = prorated.value;
      }
      const final = await json<{ monthly: number[] }>(
        await call(f, 'admin', 'GET', `${plan}/quotas/${repId}`),
        200,
      );
      expect(final.monthly).toEqual(quota);
    }
  }, 120_000);

  it('rewords one term twice at once: both revisions count and the audit entries chain', async () => {
    const terms = await json<{ key: string; revision: number }[]>(
      await call(f, 'admin', 'GET', `${WS}/definitions`),
      200,
    );
    const key = terms[0]?.key ?? '';
    let revision = terms[0]?.revision ?? 0;
    for (let t = 0; t < 8; t++) {
      const edits = await Promise.all(
        ['first', 'second'].map((which) =>
          call(f, 'admin', 'PUT', `${WS}/definitions/${key}`, {
            term: `Term ${t} ${which}`,
            definition: `Wording ${t} ${which}`,
            reason: `trial ${t}`,
          }),
        ),
      );
      expect(edits.map((e) => e.status)).toEqual([200, 200]);
      const log = await json<
        {
          id: number;
          action: string;
          entityId: string;
          reason: string | null;
          before: { revision: number };
          after: { revision: number };
        }[]
      >(await call(f, 'admin', 'GET', `${WS}/audit-log?entity=definition&limit=50`), 200);
      const entries = log
        .filter(
          (e) => e.action === 'definition.edit' && e.entityId === key && e.reason === `trial ${t}`,
        )
        .sort((x, y) => x.id - y.id);
      expect(entries.map((e) => [e.before.revision, e.after.revision])).toEqual([
        [revision, revision + 1],
        [revision + 1, revision + 2],
      ]);
      revision += 2;
    }
    const after = await json<{ key: string; revision: number }[]>(
      await call(f, 'admin', 'GET', `${WS}/definitions`),
      200,
    );
    expect(after.find((x) => x.key === key)?.revision).toBe(revision);
  }, 60_000);

  it('signs a version off once when two leaders sign it off at the same moment', async () => {
    const { planId } = await json<{ planId: number }>(
      await call(f, 'admin', 'POST', `${WS}/plans`, { name: 'Sign-off race', asOf: '2017-12-31' }),
      201,
    );
    const plan = `${WS}/plans/${planId}`;
    // Every input confirmed one by one in the register (no new version), as the web app does.
    const version = 0;
    const register = `${plan}/versions/${version}/assumptions`;
    const { entries } = await json<{ entries: { key: string; value: string; status: string }[] }>(
      await call(f, 'cro', 'GET', register),
      200,
    );
    for (const entry of entries.filter((e) => e.status === 'ASSUMED')) {
      await json(
        await call(f, 'cro', 'POST', register, {
          key: entry.key,
          value: entry.value,
          status: 'CONFIRMED',
        }),
        201,
      );
    }
    const terms = await json<{ key: string; missing: string[] }[]>(
      await call(f, 'admin', 'GET', `${WS}/definitions`),
      200,
    );
    for (const term of terms) {
      for (const [persona, title] of [
        ['vpSales', 'vp_sales'],
        ['cro', 'cro'],
      ] as const) {
        if (term.missing.includes(title)) {
          await json(
            await call(f, persona, 'POST', `${WS}/definitions/${term.key}/approvals`),
            201,
          );
        }
      }
    }
    await json(
      await call(f, 'cro', 'POST', `${plan}/versions/${version}/backtest-override`, {
        reason: 'Accepted for the test: thin history.',
      }),
      201,
    );
    for (const who of ['vpSales', 'cro'] as const) {
      await json(
        await call(f, who, 'POST', `${plan}/versions/${version}/quota-approvals`, {}),
        201,
      );
    }
    const both = await Promise.all([
      call(f, 'cro', 'POST', `${plan}/versions/${version}/signoff`),
      call(f, 'vpSales', 'POST', `${plan}/versions/${version}/signoff`),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = both.find((r) => r.status === 409);
    expect(((await refused?.json()) as { code: string }).code).toBe('conflict');
    const records = await workflow.listSignoffs(getDb().db, planId, version);
    expect(records.filter((r) => r.kind === 'signed_off')).toHaveLength(1);
  }, 120_000);

  it('adds a member all or nothing: a failure after the user is created leaves nothing, and a retry takes its own password', async () => {
    const database = getDb();
    const email = 'new.member@example.com';
    const member = { email, name: 'New Member', role: 'admin' };
    // A real failure between the steps: the membership's insert is refused by the database.
    await inTransaction(database, async (s) => {
      await s.execute(`create function qp_test_refuse() returns trigger language plpgsql as $$
        begin raise exception 'injected failure'; end $$`);
      await s.execute(`create trigger qp_test_refuse before insert on memberships
        for each row execute function qp_test_refuse()`);
    });
    try {
      const failed = await call(f, 'admin', 'POST', `${WS}/members`, {
        ...member,
        password: 'first password 111',
      });
      expect(failed.status).toBe(500);
      expect(await workflow.findUserIdByEmail(database.db, email)).toBeNull();
    } finally {
      await inTransaction(database, async (s) => {
        await s.execute('drop trigger qp_test_refuse on memberships');
        await s.execute('drop function qp_test_refuse()');
      });
    }
    const added = await call(f, 'admin', 'POST', `${WS}/members`, {
      ...member,
      password: 'second password 222',
    });
    expect(added.status).toBe(201);
    expect((await signIn(f.app, email, 'second password 222')).status).toBe(200);
    expect((await signIn(f.app, email, 'first password 111')).status).toBe(401);
    const log = await json<{ action: string; entityId: string }[]>(
      await call(f, 'admin', 'GET', `${WS}/audit-log?entity=member&limit=200`),
      200,
    );
    expect(log.filter((e) => e.entityId === email).map((e) => e.action)).toEqual(['member.add']);
  }, 60_000);

  it('answers a request stuck on the database with 503 when the request timeout passes', async () => {
    const database = getDb();
    const impatient = createApp({
      database,
      auth: f.auth,
      baseURL: ORIGIN,
      log: () => undefined,
      requestTimeoutMs: 500,
    });
    // Warm the session and membership caches, so the stuck request passes its middleware.
    expect((await call(f, 'admin', 'GET', `${WS}/plans`, undefined, impatient)).status).toBe(200);
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = (): void => undefined;
    const holding = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // Another transaction holds the plans: PGlite runs one transaction at a time, and on
    // Postgres the table is locked against readers.
    const holder = inTransaction(database, async (s) => {
      if (s.driver === 'postgres') await s.execute('lock table plans in access exclusive mode');
      locked();
      await gate;
    });
    await holding;
    try {
      const started = Date.now();
      const stuck = await call(f, 'admin', 'GET', `${WS}/plans`, undefined, impatient);
      expect(stuck.status).toBe(503);
      expect(stuck.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await stuck.json()) as { code: string; detail: string };
      expect(problem.code).toBe('timeout');
      expect(problem.detail).toContain('longer than 0.5 s');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      release();
      await holder;
    }
    // The database is free again: the same request succeeds.
    expect((await call(f, 'admin', 'GET', `${WS}/plans`, undefined, impatient)).status).toBe(200);
  }, 60_000);
});
