// Every route × every role, on PGlite and Postgres: who may call it, who is refused (403 for a
// role, 404 for a record outside one's scope, 401 without a session), and — for each person with a
// limited scope — that no response they receive names a rep outside it. Fails on any leak.

import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createPasswordUser } from '../src/server/auth/index.ts';
import { describeEachDatabase } from './support/databases.ts';
import { ORIGIN, publishedPlan, serverFixture } from './support/server.ts';
import type { Persona, ServerFixture } from './support/server.ts';

const PERSONAS: Persona[] = [
  'admin',
  'vpSales',
  'cro',
  'finance',
  'manager',
  'otherManager',
  'rep',
  'peerRep',
];
const LEADERS: Persona[] = ['vpSales', 'cro', 'finance'];
const ADMIN_AND_LEADERS: Persona[] = ['admin', ...LEADERS];

interface RouteCase {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** Personas allowed through; each gets one of `ok` (a refusal of the request itself is fine). */
  allowed: readonly Persona[];
  ok: readonly number[];
  /** What a persona that is not allowed gets (default 403). */
  deniedWith?: Partial<Record<Persona, number>>;
}

describeEachDatabase('access control: every route × every role', (getDb) => {
  let s: ServerFixture;
  let planId = 0;
  let version = 0;
  let routes: RouteCase[] = [];
  /** Rep ids of the organisation, by who may see them. */
  let outsideScope: Record<Persona, string[]>;

  beforeAll(async () => {
    s = await serverFixture(getDb());
    ({ planId, version } = await publishedPlan(s));
    const quotas = (await (
      await s.call('admin', 'GET', `/api/workspaces/default/plans/${planId}/quotas`)
    ).json()) as { repId: string; managerId: string | null }[];
    const { manager, otherManager, rep, peerRep } = s.personas;
    const teamOf = (m: string | null) =>
      new Set(quotas.filter((q) => q.repId === m || q.managerId === m).map((q) => q.repId));
    const ids = quotas.map((q) => q.repId);
    const outside = (visible: Set<string>) => ids.filter((id) => !visible.has(id));
    outsideScope = {
      admin: [],
      vpSales: [],
      cro: [],
      finance: [],
      manager: outside(teamOf(manager.repId)),
      otherManager: outside(teamOf(otherManager.repId)),
      // A rep's own record names their manager (the reporting line), nobody else.
      rep: outside(new Set([rep.repId ?? '', manager.repId ?? ''])),
      peerRep: outside(new Set([peerRep.repId ?? '', manager.repId ?? ''])),
    };
    const otherTeamRep = quotas.find(
      (q) => q.managerId === otherManager.repId && q.repId !== otherManager.repId,
    )?.repId;
    if (otherTeamRep === undefined) throw new Error('no rep in the other team');

    const ws = '/api/workspaces/default';
    const plan = `${ws}/plans/${planId}`;
    const v = `${plan}/versions/${version}`;
    const peer = peerRep.repId ?? '';
    const stale = { baseVersion: 9999, note: 'x', edits: [{ path: ['growth'], value: 0 }] };
    const adjustment = (repId: string) => ({
      repId,
      kind: 'other',
      effective: '2018-06-01',
      reason: 'access matrix',
      newMonthly: new Array<number>(12).fill(0),
    });
    routes = [
      { name: 'workspace', method: 'GET', path: ws, allowed: PERSONAS, ok: [200] },
      {
        name: 'list plans',
        method: 'GET',
        path: `${ws}/plans`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'draft a plan',
        method: 'POST',
        path: `${ws}/plans`,
        body: { asOf: '2017-12-31' },
        allowed: ['admin'],
        ok: [201],
      },
      { name: 'plan', method: 'GET', path: plan, allowed: ADMIN_AND_LEADERS, ok: [200] },
      { name: 'version', method: 'GET', path: v, allowed: ADMIN_AND_LEADERS, ok: [200] },
      {
        name: 'save a version',
        method: 'POST',
        path: `${plan}/versions`,
        body: stale,
        allowed: ['admin'],
        ok: [409],
      },
      {
        name: 'assumption register of a version',
        method: 'GET',
        path: `${v}/assumptions`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        // The plan is published: its register takes no decision (and the value is not the one shown).
        name: 'confirm an input',
        method: 'POST',
        path: `${v}/assumptions`,
        body: { key: 'target', value: 'not the value', status: 'CONFIRMED' },
        allowed: ADMIN_AND_LEADERS,
        ok: [409],
      },
      {
        name: 'assumption history',
        method: 'GET',
        path: `${plan}/assumptions/history`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'diff',
        method: 'GET',
        path: `${plan}/diff?from=0&to=${version}`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'definitions',
        method: 'GET',
        path: `${ws}/definitions`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'reword a definition',
        method: 'PUT',
        path: `${ws}/definitions/no-such-term`,
        body: { term: 'X', definition: 'Y', reason: 'matrix' },
        allowed: ['admin'],
        ok: [404],
      },
      {
        name: 'approve a definition',
        method: 'POST',
        path: `${ws}/definitions/no-such-term/approvals`,
        // Definitions are approved by the VP of Sales and the CRO; Finance is a leader too, but not one of them.
        allowed: ['vpSales', 'cro'],
        ok: [404],
      },
      {
        name: 'sign-off status',
        method: 'GET',
        path: `${v}/signoff`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'back-test override',
        method: 'POST',
        path: `${v}/backtest-override`,
        body: { reason: 'a long enough reason' },
        allowed: LEADERS,
        ok: [409],
      },
      {
        // The approver titles (VP Sales and CRO by default); Finance is a leader, not an approver.
        name: 'approve quotas',
        method: 'POST',
        path: `${v}/quota-approvals`,
        body: {},
        allowed: ['vpSales', 'cro'],
        ok: [409],
      },
      {
        name: 'sign off',
        method: 'POST',
        path: `${v}/signoff`,
        allowed: ['vpSales', 'cro'],
        ok: [409],
      },
      {
        name: 'sign-off policy',
        method: 'GET',
        path: `${ws}/signoff-policy`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        // One title is refused: no one person may approve alone.
        name: 'set the sign-off policy',
        method: 'PUT',
        path: `${ws}/signoff-policy`,
        body: { approverTitles: ['cro'] },
        allowed: ['admin'],
        ok: [422],
      },
      {
        name: 'approver-role grants',
        method: 'GET',
        path: `${ws}/role-grants`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'decide an approver-role grant',
        method: 'POST',
        path: `${ws}/role-grants/999999/decision`,
        body: { approve: true },
        allowed: LEADERS,
        ok: [404],
      },
      { name: 'publish', method: 'POST', path: `${v}/publish`, allowed: ['admin'], ok: [409] },
      {
        name: 'explain a rep of a version',
        method: 'GET',
        path: `${v}/explanation?rep=${encodeURIComponent(peer)}`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'back-test of a version',
        method: 'GET',
        path: `${v}/backtest`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'scenarios of a version',
        method: 'GET',
        path: `${v}/scenarios?trials=50`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'a custom scenario beside a version',
        method: 'POST',
        path: `${v}/scenarios/custom`,
        body: { growth: 0.1, levers: { winRatePoints: -0.05, extraHires: 2 }, trials: 50 },
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'preview edits of a version',
        method: 'POST',
        path: `${v}/preview`,
        body: { edits: [{ path: ['methodology', 'growth'], value: 0.05 }] },
        allowed: ['admin'],
        ok: [200],
      },
      { name: 'quotas', method: 'GET', path: `${plan}/quotas`, allowed: PERSONAS, ok: [200] },
      {
        name: 'a peer’s quota by id',
        method: 'GET',
        path: `${plan}/quotas/${peer}`,
        allowed: ['admin', ...LEADERS, 'manager', 'peerRep'],
        ok: [200],
        deniedWith: { rep: 404, otherManager: 404 },
      },
      {
        name: 'another team’s rep by id',
        method: 'GET',
        path: `${plan}/quotas/${otherTeamRep}`,
        allowed: ['admin', ...LEADERS, 'otherManager'],
        ok: [200],
        deniedWith: { manager: 404, rep: 404, peerRep: 404 },
      },
      {
        name: 'attainment',
        method: 'GET',
        path: `${plan}/attainment?period=quarter&index=1`,
        allowed: PERSONAS,
        ok: [200],
      },
      {
        name: 'another team’s attainment',
        method: 'GET',
        path: `${plan}/attainment?manager=${otherManager.repId}`,
        allowed: ['admin', ...LEADERS, 'otherManager'],
        ok: [200],
        deniedWith: { manager: 404, rep: 404, peerRep: 404 },
      },
      {
        name: 'a peer’s attainment',
        method: 'GET',
        path: `${plan}/attainment?rep=${peer}`,
        allowed: ['admin', ...LEADERS, 'manager', 'peerRep'],
        ok: [200],
        deniedWith: { rep: 404, otherManager: 404 },
      },
      {
        name: 'refresh bookings',
        method: 'POST',
        path: `${plan}/bookings/refresh`,
        allowed: ['admin'],
        ok: [200],
      },
      {
        name: 'adjustments',
        method: 'GET',
        path: `${plan}/adjustments`,
        allowed: PERSONAS,
        ok: [200],
      },
      {
        name: 'request an adjustment for a team member',
        method: 'POST',
        path: `${plan}/adjustments`,
        body: adjustment(peer),
        allowed: ['admin', 'manager'],
        ok: [201],
        deniedWith: { otherManager: 404 },
      },
      {
        name: 'decide an adjustment',
        method: 'POST',
        path: `${plan}/adjustments/999999/decision`,
        body: { approve: true },
        allowed: LEADERS,
        ok: [404],
      },
      {
        name: 'a peer’s credited deals',
        method: 'GET',
        path: `${plan}/credited-deals?rep=${encodeURIComponent(peer)}&period=quarter&index=1`,
        allowed: ['admin', ...LEADERS, 'manager', 'peerRep'],
        ok: [200],
        deniedWith: { rep: 404, otherManager: 404 },
      },
      {
        name: 'another team’s credited deals',
        method: 'GET',
        path: `${plan}/credited-deals?rep=${encodeURIComponent(otherTeamRep)}`,
        allowed: ['admin', ...LEADERS, 'otherManager'],
        ok: [200],
        deniedWith: { manager: 404, rep: 404, peerRep: 404 },
      },
      {
        // Without ?rep= one's own deals; admins and leaders have no rep record and must name one.
        name: 'my credited deals',
        method: 'GET',
        path: `${plan}/credited-deals`,
        allowed: ['manager', 'otherManager', 'rep', 'peerRep'],
        ok: [200],
        deniedWith: { admin: 422, vpSales: 422, cro: 422, finance: 422 },
      },
      {
        name: 'credit disputes',
        method: 'GET',
        path: `${plan}/disputes`,
        allowed: PERSONAS,
        ok: [200],
      },
      {
        name: 'dispute a deal’s credit',
        method: 'POST',
        path: `${plan}/disputes`,
        body: { dealId: 'no-such-deal', reason: 'access matrix' },
        allowed: ['rep', 'peerRep'],
        ok: [404],
      },
      {
        name: 'resolve a credit dispute',
        method: 'POST',
        path: `${plan}/disputes/999999/decision`,
        body: { accept: false },
        allowed: [...LEADERS, 'manager', 'otherManager'],
        ok: [404],
      },
      {
        name: 'audit log',
        method: 'GET',
        path: `${ws}/audit-log`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'audit log of one person, plan and kind',
        method: 'GET',
        path: `${ws}/audit-log?person=admin%40example.com&plan=${planId}&kind=plan`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'workbook download',
        method: 'GET',
        path: `${v}/workbook?scenarios=false`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'documents',
        method: 'GET',
        path: `${v}/documents?format=md`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'one document of the package',
        method: 'GET',
        path: `${v}/documents/file?format=md&path=definitions.md`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'a peer’s quota letter',
        method: 'GET',
        path: `${plan}/quota-letter?rep=${encodeURIComponent(peer)}&format=html`,
        allowed: ['admin', ...LEADERS, 'manager', 'peerRep'],
        ok: [200],
        deniedWith: { rep: 404, otherManager: 404 },
      },
      {
        name: 'another team’s quota letter',
        method: 'GET',
        path: `${plan}/quota-letter?rep=${encodeURIComponent(otherTeamRep)}`,
        allowed: ['admin', ...LEADERS, 'otherManager'],
        ok: [200],
        deniedWith: { manager: 404, rep: 404, peerRep: 404 },
      },
      {
        // Without ?rep= a person gets their own letter: reps have one; the sample's managers
        // carry no quota (404); admins and leaders have no rep record and must name one (422).
        name: 'my quota letter',
        method: 'GET',
        path: `${plan}/quota-letter`,
        allowed: ['rep', 'peerRep'],
        ok: [200],
        deniedWith: {
          admin: 422,
          vpSales: 422,
          cro: 422,
          finance: 422,
          manager: 404,
          otherManager: 404,
        },
      },
      { name: 'members', method: 'GET', path: `${ws}/members`, allowed: ['admin'], ok: [200] },
      {
        name: 'add a member',
        method: 'POST',
        path: `${ws}/members`,
        body: {
          email: 'x@example.com',
          name: 'X',
          password: 'long enough password',
          role: 'admin',
        },
        allowed: ['admin'],
        ok: [201],
      },
      {
        name: 'change a member’s role',
        method: 'PATCH',
        path: `${ws}/members/no-such-user`,
        body: { role: 'rep' },
        allowed: ['admin'],
        ok: [404],
      },
      {
        name: 'remove a member',
        method: 'DELETE',
        path: `${ws}/members/no-such-user`,
        allowed: ['admin'],
        ok: [404],
      },
      {
        name: 'imports',
        method: 'GET',
        path: `${ws}/imports`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      // A JSON body where a multipart upload is expected: refused as such, after the role check.
      {
        name: 'upload an import',
        method: 'POST',
        path: `${ws}/imports`,
        body: {},
        allowed: ['admin'],
        ok: [415],
      },
      // Any workspace admin may create a workspace (and becomes its admin); nobody else.
      {
        name: 'create a workspace',
        method: 'POST',
        path: '/api/workspaces',
        body: { id: 'matrix-new', name: 'New company' },
        allowed: ['admin'],
        ok: [201],
      },
      // An import that does not exist: the admin reaches the service (404), others are refused.
      {
        name: 'undo an import',
        method: 'POST',
        path: `${ws}/imports/999999/undo`,
        allowed: ['admin'],
        ok: [404],
      },
      {
        name: 'data quality',
        method: 'GET',
        path: `${ws}/data-quality`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      {
        name: 'baseline',
        method: 'GET',
        path: `${ws}/baseline?by=territory`,
        allowed: ADMIN_AND_LEADERS,
        ok: [200],
      },
      // CRM connections: admins only (their secrets open the CRM).
      {
        name: 'CRM connections',
        method: 'GET',
        path: `${ws}/crm/connections`,
        allowed: ['admin'],
        ok: [200],
      },
      {
        // Without QUOTAPLAN_SECRET_KEY the secret cannot be stored: 409, as the route says.
        name: 'connect a CRM',
        method: 'POST',
        path: `${ws}/crm/connections`,
        body: {
          provider: 'salesforce',
          flow: 'access_token',
          instanceUrl: 'https://matrix.my.salesforce.com',
          secret: 'matrix-token',
        },
        allowed: ['admin'],
        ok: [201, 409],
      },
      {
        name: 'test a CRM connection',
        method: 'POST',
        path: `${ws}/crm/connections/999999/test`,
        allowed: ['admin'],
        ok: [404],
      },
      {
        name: 'pull from a CRM',
        method: 'POST',
        path: `${ws}/crm/connections/999999/pull`,
        allowed: ['admin'],
        ok: [404],
      },
      {
        name: 'remove a CRM connection',
        method: 'DELETE',
        path: `${ws}/crm/connections/999999`,
        allowed: ['admin'],
        ok: [404],
      },
    ];
  }, 180_000);

  it('answers every route for every role as the matrix says, and leaks no rep outside the scope', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const persona of PERSONAS) {
        const response = await s.call(persona, route.method, route.path, route.body);
        const text = await response.text();
        const allowed = route.allowed.includes(persona);
        const expected = allowed ? route.ok : [route.deniedWith?.[persona] ?? 403];
        if (!expected.includes(response.status)) {
          failures.push(
            `${route.name} as ${persona}: ${response.status} (expected ${expected.join('/')}) ${text.slice(0, 160)}`,
          );
          continue;
        }
        if (response.status >= 400) {
          const problem = JSON.parse(text) as { code?: string; status?: number };
          if (typeof problem.code !== 'string' || problem.status !== response.status) {
            failures.push(
              `${route.name} as ${persona}: refusal is not a problem document: ${text.slice(0, 160)}`,
            );
          }
          continue;
        }
        const leaked = outsideScope[persona].filter((id) => text.includes(`"${id}"`));
        if (leaked.length > 0) {
          failures.push(
            `${route.name} as ${persona}: the response names reps outside the scope: ${leaked.slice(0, 5).join(', ')}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses every workspace route without a session (401), and to a user of no workspace (404)', async () => {
    const outsider = await createPasswordUser(s.auth, {
      email: 'outsider@example.com',
      name: 'Outsider',
      password: 'correct horse battery staple',
    });
    expect(outsider.userId).not.toBe('');
    const signIn = await s.app.request('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'outsider@example.com',
        password: 'correct horse battery staple',
      }),
    });
    const cookie = signIn.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    for (const route of routes) {
      const anonymous = await s.call(null, route.method, route.path, route.body);
      expect(anonymous.status, `${route.name} without a session`).toBe(401);
      // Creating a workspace is not a route of one: a user of none is refused (403), not 404.
      if (route.path === '/api/workspaces') continue;
      const stranger = await s.app.request(route.path, {
        method: route.method,
        headers: { origin: ORIGIN, cookie, 'content-type': 'application/json' },
        ...(route.body === undefined ? {} : { body: JSON.stringify(route.body) }),
      });
      expect(stranger.status, `${route.name} as a user of no workspace`).toBe(404);
    }
  });

  it('answers a plan of another workspace exactly like a plan that does not exist', async () => {
    // Another workspace with a published copy of this plan: the same rep ids, the same teams.
    const db = getDb().db;
    await db.execute(
      sql`insert into workspaces (id, name, currency, basis) values ('elsewhere', 'Elsewhere', 'USD', 'amount') on conflict do nothing`,
    );
    const copied = await db.execute<{ id: number }>(sql`
      insert into plans (workspace_id, name, latest_version, published_version, published_at,
                         period_start, months, indicators, created_by)
      select 'elsewhere', name, latest_version, published_version, published_at, period_start,
             months, indicators, created_by from plans where id = ${planId}
      returning id`);
    // postgres.js returns the rows as an array, PGlite as { rows }.
    const rows: readonly { id: number }[] = Array.isArray(copied)
      ? (copied as { id: number }[])
      : (copied as { rows: { id: number }[] }).rows;
    const otherPlan = Number(rows[0]?.id);
    await db.execute(sql`
      insert into quotas_of_record
      select ${otherPlan}, rep_id, name, role, manager_id, territory_id, segment, carries_quota,
             monthly, bookings, bookings_as_of, ramp, start_date
      from quotas_of_record where plan_id = ${planId}`);
    const missingPlan = otherPlan + 1000;
    const { manager } = s.personas;
    const teamMember = (
      (await (
        await s.call('manager', 'GET', `/api/workspaces/default/plans/${planId}/quotas`)
      ).json()) as { repId: string }[]
    ).find((q) => q.repId !== manager.repId)?.repId;
    expect(teamMember).toBeDefined();
    const answer = async (path: (plan: number) => string, plan: number) => {
      const response = await s.call('manager', 'GET', path(plan));
      const body = (await response.json()) as { detail: string };
      return `${response.status} ${body.detail.replaceAll(String(plan), 'N')}`;
    };
    const paths = [
      (plan: number) => `/api/workspaces/default/plans/${plan}/quotas/${teamMember ?? ''}`,
      (plan: number) => `/api/workspaces/default/plans/${plan}/quotas/${manager.repId ?? ''}`,
      (plan: number) =>
        `/api/workspaces/default/plans/${plan}/attainment?manager=${teamMember ?? ''}`,
      (plan: number) =>
        `/api/workspaces/default/plans/${plan}/quota-letter?rep=${teamMember ?? ''}`,
    ];
    for (const path of paths) {
      const other = await answer(path, otherPlan);
      expect(other, path(otherPlan)).toMatch(/^404 /);
      expect(other, path(otherPlan)).toBe(await answer(path, missingPlan));
    }
  });

  it('answers a signed-out visitor of /api/me 200 with no user and no workspace', async () => {
    const response = await s.call(null, 'GET', '/api/me');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: null, memberships: [] });
  });

  it('refuses a state-changing request from another origin even with a valid session', async () => {
    const response = await s.app.request(`/api/workspaces/default/plans`, {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        cookie: s.cookies.admin,
        'content-type': 'application/json',
      },
      body: JSON.stringify({}),
    });
    expect(response.status).toBe(403);
  });
});
