// Governance through the HTTP API, on PGlite and Postgres (issues 13.4 and 14): an admin cannot
// make leaders alone; one VP cannot override, approve and sign off alone, and an override shows
// as one; approvals close at sign-off; the gate is recorded at sign-off and publication with its
// evidence, today's state beside it, and publication is refused while it fails; the approver
// titles are a workspace policy; published plans may not overlap for the same reps unless one
// supersedes the other, which ends the older where the newer starts; plan names are unique; and
// parallel approvals and publications leave one winner.

import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from './support/databases.ts';
import { confirmEveryInput, ORIGIN, serverFixture } from './support/server.ts';
import type { Persona, ServerFixture } from './support/server.ts';

const WS = '/api/workspaces/default';
const PASSWORD = 'a long enough password for a leader';

interface Item {
  id: string;
  state: 'passed' | 'overridden' | 'open';
  passed: boolean;
  detail: string;
  evidence: string[];
}
interface Status {
  approverTitles: string[];
  checklist: { items: Item[]; ready: boolean };
  signedOff: { by: string } | null;
  published: boolean;
  records: { event: string; by: string; approverTitles: string[]; items: Item[] }[];
  approvals: { by: string; title: string | null }[];
  differences: string[];
  overlaps: { planId: number; label: string; reps: string[] }[];
}
interface Problem {
  code: string;
  detail: string;
  issues?: { code: string; message: string }[];
}

async function body<T>(response: Response | Promise<Response>, status: number): Promise<T> {
  const r = await response;
  const text = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text}`);
  return JSON.parse(text) as T;
}

function itemOf(status: Status, id: string): Item {
  const found = status.checklist.items.find((i) => i.id === id);
  if (found === undefined) throw new Error(`no item ${id}`);
  return found;
}

describeEachDatabase('governance through the API', (getDb) => {
  let s: ServerFixture;
  /** Plan A: July 2017 – June 2018, taken to publication here. */
  let a = 0;
  /** Plans B and C: January – December 2018, both overlapping A. */
  let b = 0;
  let c = 0;
  const v = (plan: number) => `${WS}/plans/${plan}/versions/0`;
  const gate = async (plan: number, who: Persona = 'cro') =>
    body<Status>(s.call(who, 'GET', `${v(plan)}/signoff`), 200);

  /** Signs in a user with the test password; the session cookie. */
  async function signIn(email: string): Promise<string> {
    const response = await s.app.request('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(response.status, `sign-in of ${email}`).toBe(200);
    return (
      (response.headers.getSetCookie().find((x) => x.includes('session_token')) ?? '').split(
        ';',
      )[0] ?? ''
    );
  }

  function as(cookie: string, method: string, path: string, json?: unknown): Promise<Response> {
    return Promise.resolve(
      s.app.request(path, {
        method,
        headers: {
          origin: ORIGIN,
          cookie,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      }),
    );
  }

  /** Drafts a plan and takes it to a ready gate: inputs confirmed, the back-test overridden. */
  async function draftConfirmed(name: string, asOf: string): Promise<number> {
    const { planId } = await body<{ planId: number }>(
      s.call('admin', 'POST', `${WS}/plans`, { name, asOf }),
      201,
    );
    await confirmEveryInput(s, 'cro', planId, 0);
    return planId;
  }

  async function approveDefinitions(): Promise<void> {
    const terms = await body<{ key: string; missing: string[] }[]>(
      s.call('admin', 'GET', `${WS}/definitions`),
      200,
    );
    for (const term of terms) {
      if (term.missing.includes('vp_sales'))
        await body(s.call('vpSales', 'POST', `${WS}/definitions/${term.key}/approvals`), 201);
      if (term.missing.includes('cro'))
        await body(s.call('cro', 'POST', `${WS}/definitions/${term.key}/approvals`), 201);
    }
  }

  async function signedOff(plan: number): Promise<void> {
    if (itemOf(await gate(plan), 'backtest-in-band').state === 'open') {
      await body(
        s.call('cro', 'POST', `${v(plan)}/backtest-override`, {
          reason: 'Thin history: accepted for the test.',
        }),
        201,
      );
    }
    for (const who of ['vpSales', 'cro'] as const) {
      await body(s.call(who, 'POST', `${v(plan)}/quota-approvals`, {}), 201);
    }
    await body(s.call('cro', 'POST', `${v(plan)}/signoff`), 201);
  }

  beforeAll(async () => {
    s = await serverFixture(getDb());
  }, 180_000);

  it(
    'keeps one admin from making leaders alone: the grant waits for an existing leader (13.4)',
    { timeout: 180_000 },
    async () => {
      // The attack: RevOps creates a CRO and a VP Sales of their own and signs in as them.
      const fakes = ['fake.cro@example.com', 'fake.vp@example.com'];
      const grants: number[] = [];
      for (const [email, title] of [
        [fakes[0], 'cro'],
        [fakes[1], 'vp_sales'],
      ] as const) {
        const added = await body<{ pendingGrant: number | null }>(
          s.call('admin', 'POST', `${WS}/members`, {
            email,
            name: email,
            password: PASSWORD,
            role: 'leader',
            title,
          }),
          202,
        );
        expect(added.pendingGrant).not.toBeNull();
        grants.push(added.pendingGrant ?? 0);
      }
      const { planId } = await body<{ planId: number }>(
        s.call('admin', 'POST', `${WS}/plans`, { name: 'Attack plan', asOf: '2017-12-31' }),
        201,
      );
      for (const email of fakes) {
        const cookie = await signIn(email);
        // Not a member until a leader approves: every workspace route answers as to a stranger.
        expect((await as(cookie, 'GET', WS)).status).toBe(404);
        expect(
          (await as(cookie, 'POST', `${WS}/plans/${planId}/versions/0/quota-approvals`, {})).status,
        ).toBe(404);
        expect((await as(cookie, 'POST', `${WS}/plans/${planId}/versions/0/signoff`)).status).toBe(
          404,
        );
        expect(
          (await as(cookie, 'POST', `${WS}/role-grants/${grants[0]}/decision`, { approve: true }))
            .status,
        ).toBe(404);
      }
      // The admin cannot approve their own request either, nor publish what nobody signed off.
      expect(
        (
          await s.call('admin', 'POST', `${WS}/role-grants/${grants[0]}/decision`, {
            approve: true,
          })
        ).status,
      ).toBe(403);
      expect(
        (await s.call('admin', 'POST', `${WS}/plans/${planId}/versions/0/publish`)).status,
      ).toBe(409);
      const pending = await body<
        { id: number; email: string; state: string; requestedBy: string }[]
      >(s.call('admin', 'GET', `${WS}/role-grants`), 200);
      expect(
        pending
          .filter((g) => g.state === 'pending')
          .map((g) => g.email)
          .sort(),
      ).toEqual(fakes.sort());
      expect(pending.every((g) => g.requestedBy === 'admin@example.com')).toBe(true);

      // A real leader rejects one and approves the other: only then is that person a CRO.
      await body(
        s.call('vpSales', 'POST', `${WS}/role-grants/${grants[1]}/decision`, {
          approve: false,
          note: 'not ours',
        }),
        200,
      );
      const approved = await body<{ state: string; decidedBy: string }>(
        s.call('vpSales', 'POST', `${WS}/role-grants/${grants[0]}/decision`, {
          approve: true,
          note: 'checked with HR',
        }),
        200,
      );
      expect(approved).toMatchObject({ state: 'approved', decidedBy: 'vp.sales@example.com' });
      const again = await s.call('cro', 'POST', `${WS}/role-grants/${grants[0]}/decision`, {
        approve: true,
      });
      expect(again.status).toBe(409);
      const fakeCro = await signIn(fakes[0] ?? '');
      expect(
        await body<{ role: string; title: string }>(as(fakeCro, 'GET', WS), 200),
      ).toMatchObject({
        role: 'leader',
        title: 'cro',
      });
      expect((await as(await signIn(fakes[1] ?? ''), 'GET', WS)).status).toBe(404);

      // Giving an existing leader another title is a grant too, and nobody approves their own.
      const retitle = await body<{ pendingGrant: number }>(
        s.call('admin', 'POST', `${WS}/members`, {
          email: 'finance@example.com',
          name: 'finance',
          password: PASSWORD,
          role: 'leader',
          title: 'cro',
        }),
        202,
      );
      expect(
        (
          await s.call('finance', 'POST', `${WS}/role-grants/${retitle.pendingGrant}/decision`, {
            approve: true,
          })
        ).status,
      ).toBe(403);
      await body(
        s.call('cro', 'POST', `${WS}/role-grants/${retitle.pendingGrant}/decision`, {
          approve: false,
        }),
        200,
      );
      expect(await body<{ title: string }>(s.call('finance', 'GET', WS), 200)).toMatchObject({
        title: 'finance',
      });
      // Roles without approval power need no second person.
      await body(
        s.call('admin', 'POST', `${WS}/members`, {
          email: 'second.admin@example.com',
          name: 'Second admin',
          password: PASSWORD,
          role: 'admin',
        }),
        201,
      );
      const log = await body<{ action: string; entityId: string; userEmail: string }[]>(
        s.call('cro', 'GET', `${WS}/audit-log?limit=50`),
        200,
      );
      const actions = log.filter((e) => e.entityId === fakes[0]).map((e) => e.action);
      expect(actions).toEqual(['member.grant_approve', 'member.grant_request']);
      // The fake CRO is a real CRO now, so the rest of this file must not count on one approver:
      // the admin demotes them (taking power away needs no second person).
      await body(
        s.call('admin', 'POST', `${WS}/members`, {
          email: fakes[0],
          name: fakes[0],
          password: PASSWORD,
          role: 'admin',
        }),
        201,
      );
    },
  );

  it(
    'keeps one VP Sales from overriding, approving and signing off alone; an override shows as one',
    { timeout: 180_000 },
    async () => {
      a = await draftConfirmed('Governance July–June', '2017-06-30');
      const register = await body<{ assumed: number; entries: { key: string; label: string }[] }>(
        s.call('vpSales', 'GET', `${v(a)}/assumptions`),
        200,
      );
      expect(register.assumed).toBe(0);
      // Confirmations are register decisions named in words; the plan is still at v0.
      const history = await body<{ key: string; label: string; value: string; version: number }[]>(
        s.call('vpSales', 'GET', `${WS}/plans/${a}/assumptions/history`),
        200,
      );
      expect(history.find((h) => h.key === 'methodology.top_down_share')).toMatchObject({
        label: 'Top-down share α',
        version: 0,
      });
      expect(
        await body<{ latestVersion: number }>(s.call('admin', 'GET', `${WS}/plans/${a}`), 200),
      ).toMatchObject({
        latestVersion: 0,
      });
      await approveDefinitions();

      const first = await gate(a, 'vpSales');
      expect(itemOf(first, 'backtest-in-band')).toMatchObject({ state: 'open', passed: false });
      const overridden = await body<Status>(
        s.call('vpSales', 'POST', `${v(a)}/backtest-override`, {
          reason: 'Half a year of history only; I accept it for tracking.',
        }),
        201,
      );
      // Recorded, but the overrider is not enough: someone else must approve.
      expect(itemOf(overridden, 'backtest-in-band')).toMatchObject({
        state: 'open',
        passed: false,
      });
      expect(itemOf(overridden, 'backtest-in-band').detail).toContain(
        'an approver other than vp.sales@example.com must approve the quotas before the override counts',
      );
      const alone = await body<Status>(
        s.call('vpSales', 'POST', `${v(a)}/quota-approvals`, {}),
        201,
      );
      expect(itemOf(alone, 'backtest-in-band').state).toBe('open');
      expect(itemOf(alone, 'quotas-approved')).toMatchObject({
        state: 'open',
        detail:
          'Version 0 is approved by vp.sales@example.com (VP Sales); CRO must approve it too.',
      });
      const refused = await body<Problem>(s.call('vpSales', 'POST', `${v(a)}/signoff`), 409);
      expect(refused.code).toBe('precondition-failed');
      expect(refused.issues?.map((i) => i.code).sort()).toEqual([
        'signoff-backtest-in-band',
        'signoff-quotas-approved',
      ]);
      expect(
        (await body<Problem>(s.call('vpSales', 'POST', `${v(a)}/quota-approvals`, {}), 409)).detail,
      ).toMatch(/approved version 0 already/);
      // Finance is a leader but not an approver title of the default policy.
      expect((await s.call('finance', 'POST', `${v(a)}/quota-approvals`, {})).status).toBe(403);
      expect((await s.call('finance', 'POST', `${v(a)}/signoff`)).status).toBe(403);

      const both = await body<Status>(s.call('cro', 'POST', `${v(a)}/quota-approvals`, {}), 201);
      expect(both.checklist.ready).toBe(true);
      const backtest = itemOf(both, 'backtest-in-band');
      expect(backtest).toMatchObject({ state: 'overridden', passed: true });
      expect(backtest.detail).toMatch(
        /: not a pass\. vp\.sales@example\.com overrode it on \d{4}-\d\d-\d\d and cro@example\.com \(CRO\) approved the quotas: “Half a year of history only; I accept it for tracking\.”$/,
      );
      expect(backtest.evidence[0]).toMatch(
        /^Share of reps attaining: \d+% \((fail|review)\); band 70%–80%$/,
      );
      expect(itemOf(both, 'quotas-approved')).toMatchObject({
        state: 'passed',
        detail:
          'vp.sales@example.com (VP Sales) and cro@example.com (CRO) approved the quotas of version 0.',
      });
    },
  );

  it(
    'records the gate at sign-off, closes approvals, shows today’s state beside it and refuses publication while the gate fails',
    { timeout: 180_000 },
    async () => {
      const signed = await body<Status>(s.call('cro', 'POST', `${v(a)}/signoff`), 201);
      expect(signed.signedOff).toMatchObject({ by: 'cro@example.com' });
      expect(signed.records).toHaveLength(1);
      const record = signed.records[0];
      expect(record).toMatchObject({
        event: 'signed_off',
        by: 'cro@example.com',
        approverTitles: ['vp_sales', 'cro'],
      });
      expect(record?.items.map((i) => [i.id, i.state])).toEqual(
        signed.checklist.items.map((i) => [i.id, i.state]),
      );
      expect(record?.items.every((i) => i.evidence.length > 0 || i.id === 'ramps-for-hires')).toBe(
        true,
      );
      expect(signed.differences).toEqual([]);

      // After sign-off: no approval, override or confirmation changes what was signed off.
      expect((await s.call('vpSales', 'POST', `${v(a)}/quota-approvals`, {})).status).toBe(409);
      expect(
        (
          await s.call('cro', 'POST', `${v(a)}/backtest-override`, {
            reason: 'another reason, long enough',
          })
        ).status,
      ).toBe(409);
      const register = await body<{
        open: boolean;
        closedReason: string;
        entries: { key: string; value: string }[];
      }>(s.call('cro', 'GET', `${v(a)}/assumptions`), 200);
      expect(register).toMatchObject({
        open: false,
        closedReason: 'v0 is signed off: its register is closed. A change needs a new version.',
      });
      const target = register.entries.find((e) => e.key === 'target');
      expect(
        (
          await s.call('cro', 'POST', `${v(a)}/assumptions`, {
            key: 'target',
            value: target?.value,
            status: 'ASSUMED',
          })
        ).status,
      ).toBe(409);

      // RevOps rewords a term: today's gate fails on it, the record does not change.
      await body(
        s.call('admin', 'PUT', `${WS}/definitions/quota`, {
          term: 'Quota',
          definition: 'The bookings target of one rep for a period, as published.',
          reason: 'clearer wording',
        }),
        200,
      );
      const today = await gate(a);
      expect(today.differences).toEqual(['definitions-approved']);
      expect(itemOf(today, 'definitions-approved').state).toBe('open');
      expect(today.records[0]?.items.find((i) => i.id === 'definitions-approved')?.state).toBe(
        'passed',
      );
      const blocked = await body<Problem>(s.call('admin', 'POST', `${v(a)}/publish`), 409);
      expect(blocked).toMatchObject({ code: 'precondition-failed' });
      expect(blocked.issues?.map((i) => i.code)).toEqual(['signoff-definitions-approved']);

      await approveDefinitions();
      const published = await body<{ superseded: number[] }>(
        s.call('admin', 'POST', `${v(a)}/publish`),
        201,
      );
      expect(published.superseded).toEqual([]);
      const after = await gate(a);
      expect(after.published).toBe(true);
      expect(after.records.map((r) => r.event)).toEqual(['signed_off', 'published']);
      // The sign-off record still shows the approvals of the old wording of 'Quota'.
      expect(after.records[0]?.items[0]?.evidence[0]).not.toBe(
        after.records[1]?.items[0]?.evidence[0],
      );
      expect(after.differences).toEqual([]);
      // The database keeps the record as it was.
      const refused = await getDb()
        .db.execute(sql`update signoff_gate_records set ready = false where plan_id = ${a}`)
        .then(
          () => null,
          (error: unknown) => error as Error & { cause?: Error },
        );
      expect(refused?.cause?.message ?? refused?.message).toMatch(/rows are immutable/);
    },
  );

  it('makes the approver titles a workspace policy of two titles at least; a record keeps the titles it was judged on', async () => {
    const oneTitle = await body<Problem>(
      s.call('admin', 'PUT', `${WS}/signoff-policy`, { approverTitles: ['cro'] }),
      422,
    );
    expect(oneTitle.detail).toMatch(/at least 2 approver titles/);
    expect(
      (
        await s.call('vpSales', 'PUT', `${WS}/signoff-policy`, {
          approverTitles: ['cro', 'finance'],
        })
      ).status,
    ).toBe(403);
    await body(
      s.call('admin', 'PUT', `${WS}/signoff-policy`, { approverTitles: ['cro', 'finance'] }),
      200,
    );
    try {
      const status = await gate(a);
      expect(status.approverTitles).toEqual(['cro', 'finance']);
      expect(itemOf(status, 'quotas-approved').detail).toBe(
        'Version 0 is approved by cro@example.com (CRO); Finance must approve it too.',
      );
      expect(status.records[1]?.approverTitles).toEqual(['vp_sales', 'cro']);
      // The override still has a second approver (the CRO); the titles of the other two changed.
      expect(status.differences).toEqual(['definitions-approved', 'quotas-approved']);
    } finally {
      await body(
        s.call('admin', 'PUT', `${WS}/signoff-policy`, { approverTitles: ['vp_sales', 'cro'] }),
        200,
      );
    }
    const log = await body<{ action: string }[]>(
      s.call('admin', 'GET', `${WS}/audit-log?limit=5`),
      200,
    );
    expect(log[0]?.action).toBe('signoff.policy');
  });

  it('refuses a duplicate plan name with a clear message', async () => {
    const taken = await body<Problem>(
      s.call('admin', 'POST', `${WS}/plans`, { name: 'governance JULY–JUNE', asOf: '2017-12-31' }),
      409,
    );
    expect(taken.detail).toBe(
      `a plan named "governance JULY–JUNE" exists already (plan ${a}); choose another name`,
    );
  });

  it(
    'refuses a second approval of one title when two arrive at once',
    { timeout: 180_000 },
    async () => {
      b = await draftConfirmed('Governance calendar 2018', '2017-12-31');
      c = await draftConfirmed('Governance calendar 2018, second draft', '2017-12-31');
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => s.call('vpSales', 'POST', `${v(b)}/quota-approvals`, {})),
      );
      expect(outcomes.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      const status = await gate(b);
      expect(status.approvals.filter((x) => x.title === 'vp_sales')).toHaveLength(1);
    },
  );

  it(
    'refuses a plan overlapping a published one for the same reps, unless it supersedes it; one of two racing publications wins',
    { timeout: 180_000 },
    async () => {
      await body(s.call('cro', 'POST', `${v(b)}/quota-approvals`, {}), 201);
      if (itemOf(await gate(b), 'backtest-in-band').state === 'open') {
        await body(
          s.call('cro', 'POST', `${v(b)}/backtest-override`, {
            reason: 'Thin history: accepted for the test.',
          }),
          201,
        );
      }
      await body(s.call('cro', 'POST', `${v(b)}/signoff`), 201);
      await signedOff(c);
      const status = await gate(b);
      expect(status.overlaps).toEqual([
        expect.objectContaining({ planId: a, label: 'Jan 2018–Jun 2018' }),
      ]);
      const overlap = await body<Problem>(s.call('admin', 'POST', `${v(b)}/publish`), 409);
      expect(overlap.code).toBe('conflict');
      expect(overlap.detail).toMatch(
        new RegExp(
          `^'Governance calendar 2018' overlaps published plans: 'Governance July–June' \\(plan ${a}\\) holds quotas of record for \\d+ of the same reps in Jan 2018–Jun 2018\\.`,
        ),
      );
      expect(overlap.issues?.[0]?.code).toBe('plan-overlap');
      const stray = await body<Problem>(
        s.call('admin', 'POST', `${v(b)}/publish`, { supersedes: [a, 999] }),
        422,
      );
      expect(stray.detail).toMatch(/plan 999, which this plan does not overlap/);

      // Both calendar-2018 plans supersede A at once: one wins, the other overlaps the winner.
      const raced = await Promise.all(
        [b, c].map((p) => s.call('admin', 'POST', `${v(p)}/publish`, { supersedes: [a] })),
      );
      expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = raced[0]?.status === 201 ? b : c;
      const loser = winner === b ? c : b;
      expect(await body<Problem>(raced[winner === b ? 1 : 0] ?? new Response(), 409)).toMatchObject(
        { code: 'conflict' },
      );

      // A ends where the winner starts: six months of quotas of record, tracked as such.
      const plan = await body<{ months: number; supersededBy: number; supersededFrom: string }>(
        s.call('admin', 'GET', `${WS}/plans/${a}`),
        200,
      );
      expect(plan).toMatchObject({ months: 6, supersededBy: winner, supersededFrom: '2018-01-01' });
      const quotas = await body<{ carriesQuota: boolean; monthly: number[]; bookings: number[] }[]>(
        s.call('admin', 'GET', `${WS}/plans/${a}/quotas`),
        200,
      );
      expect(quotas.every((q) => q.monthly.length === 6 && q.bookings.length === 6)).toBe(true);
      const year = await body<{ months: number; report: { organisation: { quota: number } } }>(
        s.call('cro', 'GET', `${WS}/plans/${a}/attainment?period=year&index=0`),
        200,
      );
      expect(year.months).toBe(6);
      expect(year.report.organisation.quota).toBe(
        quotas.reduce((sum, q) => sum + q.monthly.reduce((x, y) => x + y, 0), 0),
      );
      await body(s.call('admin', 'POST', `${WS}/plans/${a}/bookings/refresh`), 200);
      const refreshed = await body<{ bookings: number[] }[]>(
        s.call('admin', 'GET', `${WS}/plans/${a}/quotas`),
        200,
      );
      expect(refreshed.every((q) => q.bookings.length === 6)).toBe(true);
      // The newest plan is the default view: first among the tracked plans.
      const workspace = await body<{
        trackingPlans: { id: number; supersededBy: number | null }[];
      }>(s.call('rep', 'GET', WS), 200);
      expect(workspace.trackingPlans.map((p) => p.id)).toEqual([winner, a]);
      expect((await gate(loser)).overlaps.map((o) => o.planId)).toEqual([winner]);
      const log = await body<{ action: string; entityId: string; after: unknown }[]>(
        s.call('admin', 'GET', `${WS}/audit-log?limit=20`),
        200,
      );
      expect(log.find((e) => e.action === 'plan.supersede')).toMatchObject({
        entityId: String(a),
        after: { supersededBy: winner, from: '2018-01-01', months: 6 },
      });
      expect(s.logged).toEqual([]);
    },
  );
});
