// The records pages' API (issue 14), on PGlite and Postgres: members are invited, change role
// (an approver role waits for a leader) and are removed, never the last admin, each audited; the
// audit log filters by person, plan and kind, and refuses a malformed filter naming it.

import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/databases.ts';
import { publishedPlan, serverFixture } from './support/server.ts';
import type { ServerFixture } from './support/server.ts';

const WS = '/api/workspaces/default';
const PASSWORD = 'a long enough password for a member';

interface Member {
  userId: string;
  email: string;
  role: string;
  title: string | null;
}
interface Entry {
  action: string;
  entity: string;
  entityId: string;
  userEmail: string;
  before: unknown;
}

describeEachDatabase('members and the audit log over the API', (getDb) => {
  let s: ServerFixture;
  let planId = 0;
  let version = 0;

  const members = async () =>
    (await (await s.call('admin', 'GET', `${WS}/members`)).json()) as Member[];
  const memberOf = async (email: string) => {
    const found = (await members()).find((m) => m.email === email);
    if (found === undefined) throw new Error(`no member ${email}`);
    return found;
  };
  const audit = async (query: string) =>
    (await (await s.call('cro', 'GET', `${WS}/audit-log?${query}`)).json()) as Entry[];

  beforeAll(async () => {
    s = await serverFixture(getDb());
    // July 2017 – June 2018: the Maven deals cover its first half, so reps have credited deals.
    ({ planId, version } = await publishedPlan(s, { asOf: '2017-06-30' }));
  }, 180_000);

  it('invites, changes a role and removes a member, each in the audit log', async () => {
    const invited = await s.call('admin', 'POST', `${WS}/members`, {
      email: 'new.person@example.com',
      name: 'New Person',
      password: PASSWORD,
      role: 'admin',
    });
    expect(invited.status).toBe(201);
    const person = await memberOf('new.person@example.com');
    const changed = await s.call('admin', 'PATCH', `${WS}/members/${person.userId}`, {
      role: 'rep',
      repId: s.personas.peerRep.repId,
    });
    expect(changed.status).toBe(200);
    expect((await memberOf('new.person@example.com')).role).toBe('rep');
    const removed = await s.call('admin', 'DELETE', `${WS}/members/${person.userId}`);
    expect(removed.status).toBe(200);
    expect((await members()).some((m) => m.email === 'new.person@example.com')).toBe(false);
    const trail = await audit('person=new.person%40example.com&kind=member');
    expect(trail.map((e) => e.action)).toEqual(['member.remove', 'member.change', 'member.add']);
    expect(trail[0]?.before).toEqual({
      role: 'rep',
      title: null,
      repId: s.personas.peerRep.repId,
    });
    expect((await s.call('admin', 'DELETE', `${WS}/members/${person.userId}`)).status).toBe(404);
  });

  it('makes nobody a leader by the hand of one admin: the change waits for a leader', async () => {
    const rep = await memberOf(s.personas.rep.email);
    const asked = await s.call('admin', 'PATCH', `${WS}/members/${rep.userId}`, {
      role: 'leader',
      title: 'finance',
    });
    expect(asked.status).toBe(202);
    const { pendingGrant } = (await asked.json()) as { pendingGrant: number };
    expect(pendingGrant).toBeGreaterThan(0);
    expect((await memberOf(s.personas.rep.email)).role).toBe('rep');
    const grants = (await (await s.call('admin', 'GET', `${WS}/role-grants`)).json()) as {
      id: number;
      state: string;
    }[];
    expect(grants.find((g) => g.id === pendingGrant)?.state).toBe('pending');
    // Withdrawn again so the other tests keep their rep.
    const decided = await s.call('cro', 'POST', `${WS}/role-grants/${pendingGrant}/decision`, {
      approve: false,
    });
    expect(decided.status).toBe(200);
  });

  it('never leaves the workspace without an admin: the last one is neither demoted nor removed', async () => {
    const admin = await memberOf(s.personas.admin.email);
    const others = (await members()).filter((m) => m.role === 'admin' && m.userId !== admin.userId);
    // Other admins added by earlier tests are removed first, so this one is the last.
    for (const other of others) {
      expect((await s.call('admin', 'DELETE', `${WS}/members/${other.userId}`)).status).toBe(200);
    }
    const demote = await s.call('admin', 'PATCH', `${WS}/members/${admin.userId}`, {
      role: 'leader',
      title: null,
    });
    expect(demote.status).toBe(409);
    expect(await demote.text()).toMatch(/last admin/);
    const remove = await s.call('admin', 'DELETE', `${WS}/members/${admin.userId}`);
    expect(remove.status).toBe(409);
    expect((await memberOf(s.personas.admin.email)).role).toBe('admin');
  });

  it('filters the audit log by person, plan and kind', async () => {
    const ofPlan = await audit(`plan=${planId}`);
    expect(ofPlan.length).toBeGreaterThan(0);
    for (const e of ofPlan) {
      expect(['plan', 'plan-version', 'assumption', 'adjustment', 'credit-dispute']).toContain(
        e.entity,
      );
      if (e.entity !== 'adjustment' && e.entity !== 'credit-dispute') {
        expect(e.entityId === String(planId) || e.entityId.startsWith(`${planId}:`)).toBe(true);
      }
    }
    expect(ofPlan.some((e) => e.action === 'plan.publish')).toBe(true);
    const signoffs = await audit(`plan=${planId}&kind=signoff`);
    expect(signoffs.length).toBeGreaterThan(0);
    expect(signoffs.every((e) => e.action.startsWith('signoff.'))).toBe(true);
    const byVp = await audit(`person=VP.Sales%40example.com`);
    expect(byVp.length).toBeGreaterThan(0);
    // What they did, and what was done to their membership (added by the set-up).
    const vp = s.personas.vpSales.email;
    expect(
      byVp.every((e) => e.userEmail === vp || (e.entity === 'member' && e.entityId === vp)),
    ).toBe(true);
    expect(byVp.some((e) => e.userEmail === vp)).toBe(true);
    expect(byVp.some((e) => e.action === 'member.add' && e.entityId === vp)).toBe(true);
    expect(await audit(`plan=${planId + 1000}`)).toEqual([]);
  });

  it('lists the deals behind a rep’s bookings, adding up to the bookings figure', async () => {
    const rep = s.personas.rep.repId ?? '';
    const response = await s.call('rep', 'GET', `${WS}/plans/${planId}/credited-deals`);
    expect(response.status).toBe(200);
    const view = (await response.json()) as {
      repId: string;
      deals: { dealId: string; share: number; credited: number; amount: number }[];
      total: number;
      bookings: number;
    };
    expect(view.repId).toBe(rep);
    expect(view.deals.length).toBeGreaterThan(0);
    expect(view.deals.reduce((a, d) => a + d.credited, 0)).toBe(view.total);
    for (const d of view.deals) {
      expect(d.share).toBeGreaterThan(0);
      expect(d.credited).toBeLessThanOrEqual(d.amount);
    }
    // The list is what the bookings figure counts: the same total, to the cent.
    expect(view.total).toBe(view.bookings);
    const quarter = (await (
      await s.call(
        'manager',
        'GET',
        `${WS}/plans/${planId}/credited-deals?rep=${rep}&period=quarter&index=0`,
      )
    ).json()) as { deals: { closeDate: string }[]; period: { from: string; to: string } };
    expect(
      quarter.deals.every(
        (d) => d.closeDate >= quarter.period.from && d.closeDate <= quarter.period.to,
      ),
    ).toBe(true);
    expect(
      (await s.call('otherManager', 'GET', `${WS}/plans/${planId}/credited-deals?rep=${rep}`))
        .status,
    ).toBe(404);
    expect(
      (await s.call('rep', 'GET', `${WS}/plans/${planId}/credited-deals?period=month&index=12`))
        .status,
    ).toBe(422);
  });

  it('lets a rep dispute a deal’s credit, their manager resolve it, and nobody else see it', async () => {
    const base = `${WS}/plans/${planId}/disputes`;
    const view = (await (
      await s.call('rep', 'GET', `${WS}/plans/${planId}/credited-deals`)
    ).json()) as { deals: { dealId: string }[] };
    const dealId = view.deals[0]?.dealId ?? '';
    const raised = await s.call('rep', 'POST', base, {
      dealId,
      reason: 'The split with the SE should be 70/30, not 50/50.',
    });
    expect(raised.status).toBe(201);
    const dispute = (await raised.json()) as { id: number; state: string };
    expect(dispute.state).toBe('open');
    // One open dispute per deal; only one's own won deals.
    expect((await s.call('rep', 'POST', base, { dealId, reason: 'again, twice' })).status).toBe(
      409,
    );
    const peersDeal = (
      (await (await s.call('peerRep', 'GET', `${WS}/plans/${planId}/credited-deals`)).json()) as {
        deals: { dealId: string }[];
      }
    ).deals.find((d) => !view.deals.some((mine) => mine.dealId === d.dealId));
    if (peersDeal !== undefined) {
      expect(
        (await s.call('rep', 'POST', base, { dealId: peersDeal.dealId, reason: 'not mine' }))
          .status,
      ).toBe(404);
    }
    const seen = async (who: 'rep' | 'peerRep' | 'manager' | 'otherManager' | 'cro') =>
      ((await (await s.call(who, 'GET', base)).json()) as { id: number }[]).some(
        (d) => d.id === dispute.id,
      );
    expect(await seen('rep')).toBe(true);
    expect(await seen('manager')).toBe(true);
    expect(await seen('cro')).toBe(true);
    expect(await seen('peerRep')).toBe(false);
    expect(await seen('otherManager')).toBe(false);
    const decision = `${base}/${dispute.id}/decision`;
    // Another team's manager: not found; accepting needs a note.
    expect((await s.call('otherManager', 'POST', decision, { accept: false })).status).toBe(404);
    const noNote = await s.call('manager', 'POST', decision, { accept: true });
    expect(noNote.status).toBe(422);
    expect(await noNote.text()).toContain('note');
    const accepted = await s.call('manager', 'POST', decision, {
      accept: true,
      note: 'Corrected to 70/30 in the CRM; arrives with the next import.',
    });
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { state: string }).state).toBe('accepted');
    expect((await s.call('cro', 'POST', decision, { accept: false })).status).toBe(409);
    const trail = await audit(`kind=dispute&plan=${planId}`);
    expect(trail.map((e) => e.action)).toEqual(['dispute.accept', 'dispute.raise']);
  });

  it('simulates a custom scenario beside the plan, and refuses a lever out of range', async () => {
    const path = `${WS}/plans/${planId}/versions/${version}/scenarios/custom`;
    const response = await s.call('cro', 'POST', path, {
      overAssignment: 0.2,
      levers: { winRatePoints: -0.1, dealSizeMultiplier: 0.9 },
      trials: 200,
    });
    expect(response.status).toBe(200);
    const view = (await response.json()) as {
      plan: {
        quota: number;
        target: number;
        result: { p50: number; levers: { winRatePoints: number } };
      };
      custom: {
        quota: number;
        target: number;
        result: { p50: number; levers: { winRatePoints: number } };
      };
      reps: { planQuota: number | null; customQuota: number | null }[];
    };
    // Over-assignment moves the quotas above the same target; the levers lower what is booked.
    expect(view.custom.target).toBe(view.plan.target);
    expect(view.custom.quota).toBeGreaterThan(view.plan.quota);
    expect(view.plan.result.levers.winRatePoints).toBe(0);
    expect(view.custom.result.levers.winRatePoints).toBe(-0.1);
    expect(view.custom.result.p50).toBeLessThan(view.plan.result.p50);
    expect(view.reps.length).toBeGreaterThan(0);
    const bad = await s.call('cro', 'POST', path, { growth: -2, levers: {} });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('growth');
    // Nothing is saved: the plan has the same versions.
    expect((await s.call('rep', 'POST', path, { levers: {} })).status).toBe(403);
  });

  it('refuses a malformed filter with a problem naming it', async () => {
    for (const [query, field] of [
      ['person=not-an-email', 'person'],
      ['plan=0', 'plan'],
      ['kind=DROP%20TABLE', 'kind'],
    ] as const) {
      const response = await s.call('cro', 'GET', `${WS}/audit-log?${query}`);
      expect(response.status, query).toBe(422);
      expect(await response.text()).toContain(field);
    }
  });
});
