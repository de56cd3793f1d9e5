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
    ({ planId } = await publishedPlan(s));
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
