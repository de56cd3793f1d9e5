// The seed's Phase 1 loop through the HTTP API, on PGlite and Postgres: v0 from the data, edits
// as versions with a diff, assumptions confirmed, definitions approved by the VP of Sales and
// the CRO, the sign-off gate, publication, scoped quotas and attainment, an adjustment, and the
// audit trail of all of it.

import { beforeAll, expect, it } from 'vitest';
import { workflow } from '../src/db/index.ts';
import { describeEachDatabase } from './support/databases.ts';
import { confirmEveryInput, serverFixture } from './support/server.ts';
import type { ServerFixture } from './support/server.ts';

interface Checklist {
  checklist: { items: { id: string; passed: boolean; detail: string }[]; ready: boolean };
  signedOff: unknown;
}

async function body<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

describeEachDatabase('the planning workflow through the API', (getDb) => {
  let s: ServerFixture;
  const ws = '/api/workspaces/default';
  let planId = 0;
  let version = 0;

  beforeAll(async () => {
    s = await serverFixture(getDb());
  }, 120_000);

  it('drafts v0 from the data with every input ASSUMED', async () => {
    const created = await body<{ planId: number; version: number }>(
      await s.call('admin', 'POST', `${ws}/plans`, { name: 'FY2018 API plan', asOf: '2017-12-31' }),
      201,
    );
    planId = created.planId;
    expect(created.version).toBe(0);
    const v0 = await body<{ results: { assumptions: { status: string }[]; quotas: unknown[] } }>(
      await s.call('vpSales', 'GET', `${ws}/plans/${planId}/versions/0`),
      200,
    );
    expect(v0.results.assumptions.every((a) => a.status === 'ASSUMED')).toBe(true);
    expect(v0.results.quotas.length).toBe(35);
  });

  it('saves an edit as v1 and shows the diff of inputs and quotas', async () => {
    const saved = await body<{ version: number; results: { totalQuota: number } }>(
      await s.call('admin', 'POST', `${ws}/plans/${planId}/versions`, {
        baseVersion: 0,
        note: 'growth 10%',
        edits: [{ path: ['methodology', 'growth'], value: 0.1 }],
      }),
      201,
    );
    version = saved.version;
    expect(version).toBe(1);
    const diff = await body<{
      inputs: { path: string; before: unknown; after: unknown }[];
      quotas: { rows: { status: string }[] };
    }>(await s.call('cro', 'GET', `${ws}/plans/${planId}/diff?from=0&to=1`), 200);
    expect(diff.inputs).toEqual([
      expect.objectContaining({ path: 'methodology.growth', before: 0, after: 0.1 }),
    ]);
    expect(diff.quotas.rows.length).toBe(35);
  });

  it('refuses a stale base version with 409 and an invalid plan with 422 and issues', async () => {
    const stale = await s.call('admin', 'POST', `${ws}/plans/${planId}/versions`, {
      baseVersion: 0,
      note: 'stale',
      edits: [{ path: ['methodology', 'growth'], value: 0.2 }],
    });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'stale-version' });
    const invalid = await s.call('admin', 'POST', `${ws}/plans/${planId}/versions`, {
      baseVersion: 1,
      note: 'bad',
      edits: [{ path: ['methodology', 'top_down_share'], value: 7 }],
    });
    expect(invalid.status).toBe(422);
    const problem = (await invalid.json()) as { code: string; issues: { message: string }[] };
    expect(problem.code).toBe('invalid');
    expect(problem.issues[0]?.message).toMatch(/top_down_share/);
    expect(JSON.stringify(problem)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('gates sign-off on the checklist, then lets leaders sign off once every item holds', async () => {
    const gate = await body<Checklist>(
      await s.call('vpSales', 'GET', `${ws}/plans/${planId}/versions/${version}/signoff`),
      200,
    );
    const open = gate.checklist.items.filter((i) => !i.passed).map((i) => i.id);
    expect(open).toEqual(
      expect.arrayContaining(['definitions-approved', 'weights-confirmed', 'quotas-approved']),
    );
    expect(gate.checklist.ready).toBe(false);
    const early = await s.call(
      'vpSales',
      'POST',
      `${ws}/plans/${planId}/versions/${version}/signoff`,
    );
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ code: 'precondition-failed' });

    // Definitions: every term approved by the VP of Sales and by the CRO; Finance may not.
    const terms = await body<{ key: string }[]>(
      await s.call('admin', 'GET', `${ws}/definitions`),
      200,
    );
    const refused = await s.call('finance', 'POST', `${ws}/definitions/${terms[0]?.key}/approvals`);
    expect(refused.status).toBe(403);
    for (const term of terms) {
      await body(await s.call('vpSales', 'POST', `${ws}/definitions/${term.key}/approvals`), 201);
      await body(await s.call('cro', 'POST', `${ws}/definitions/${term.key}/approvals`), 201);
    }

    // Confirm every input of the register (weights and ramps among them) as the CRO, one at a
    // time at the value shown: decisions in the register, no new version.
    const current = await body<{ entries: { key: string }[] }>(
      await s.call('admin', 'GET', `${ws}/plans/${planId}/versions/${version}/assumptions`),
      200,
    );
    await confirmEveryInput(s, 'cro', planId, version);
    const confirmed = await body<{
      entries: { status: string; confirmedBy: string }[];
      assumed: number;
    }>(
      await s.call('vpSales', 'GET', `${ws}/plans/${planId}/versions/${version}/assumptions`),
      200,
    );
    expect(confirmed.assumed).toBe(0);
    expect(confirmed.entries.every((a) => a.status === 'CONFIRMED')).toBe(true);
    expect(confirmed.entries[0]?.confirmedBy).toBe('cro@example.com');
    const plan = await body<{ latestVersion: number }>(
      await s.call('admin', 'GET', `${ws}/plans/${planId}`),
      200,
    );
    expect(plan.latestVersion).toBe(version);
    const history = await body<{ toStatus: string; by: string; source: string }[]>(
      await s.call('vpSales', 'GET', `${ws}/plans/${planId}/assumptions/history`),
      200,
    );
    expect(history.length).toBe(current.entries.length);
    expect(
      history.every(
        (t) => t.toStatus === 'CONFIRMED' && t.by === 'cro@example.com' && t.source === 'register',
      ),
    ).toBe(true);

    // The back-test of the Maven plan is outside the band: a written override, then approvals.
    const afterConfirm = await body<Checklist>(
      await s.call('cro', 'GET', `${ws}/plans/${planId}/versions/${version}/signoff`),
      200,
    );
    const backtest = afterConfirm.checklist.items.find((i) => i.id === 'backtest-in-band');
    if (backtest?.passed === false) {
      const short = await s.call(
        'cro',
        'POST',
        `${ws}/plans/${planId}/versions/${version}/backtest-override`,
        {
          reason: 'too short',
        },
      );
      expect(short.status).toBe(422);
      await body(
        await s.call('cro', 'POST', `${ws}/plans/${planId}/versions/${version}/backtest-override`, {
          reason: 'Ten months of history: the back-test window is thin; we accept it for FY2018.',
        }),
        201,
      );
    }
    await body(
      await s.call('vpSales', 'POST', `${ws}/plans/${planId}/versions/${version}/quota-approvals`, {
        note: 'reviewed rep by rep',
      }),
      201,
    );
    await body(
      await s.call('cro', 'POST', `${ws}/plans/${planId}/versions/${version}/quota-approvals`, {}),
      201,
    );
    const ready = await body<Checklist>(
      await s.call('vpSales', 'GET', `${ws}/plans/${planId}/versions/${version}/signoff`),
      200,
    );
    expect(ready.checklist.items.filter((i) => !i.passed)).toEqual(
      // Only checks of the plan itself (reconciliation) may still be open on real data.
      ready.checklist.items.filter((i) => !i.passed && i.id === 'reconciliation'),
    );
    expect(ready.checklist.ready).toBe(true);
    // Publishing needs a sign-off first; an admin cannot sign off.
    const unsigned = await s.call(
      'admin',
      'POST',
      `${ws}/plans/${planId}/versions/${version}/publish`,
    );
    expect(unsigned.status).toBe(409);
    expect(
      (await s.call('admin', 'POST', `${ws}/plans/${planId}/versions/${version}/signoff`)).status,
    ).toBe(403);
    const signed = await body<Checklist>(
      await s.call('cro', 'POST', `${ws}/plans/${planId}/versions/${version}/signoff`),
      201,
    );
    expect(signed.signedOff).toMatchObject({ by: 'cro@example.com' });
  });

  it('publishes once; the published version never changes and edits after it are refused', async () => {
    const published = await body<{ reps: number }>(
      await s.call('admin', 'POST', `${ws}/plans/${planId}/versions/${version}/publish`),
      201,
    );
    expect(published.reps).toBe(35);
    const again = await s.call(
      'admin',
      'POST',
      `${ws}/plans/${planId}/versions/${version}/publish`,
    );
    expect(again.status).toBe(409);
    const approve = await s.call(
      'vpSales',
      'POST',
      `${ws}/plans/${planId}/versions/${version}/quota-approvals`,
      {},
    );
    expect(approve.status).toBe(409);
    // No new version either, by edit or by confirmation: changes are adjustments now.
    const edit = await s.call('admin', 'POST', `${ws}/plans/${planId}/versions`, {
      baseVersion: version,
      note: 'after publication',
      edits: [{ path: ['methodology', 'growth'], value: 0.3 }],
    });
    expect(edit.status).toBe(409);
    expect(await edit.json()).toMatchObject({
      code: 'conflict',
      detail: expect.stringContaining('is published') as unknown,
    });
    const register = await body<{ entries: { key: string; value: string }[]; open: boolean }>(
      await s.call('cro', 'GET', `${ws}/plans/${planId}/versions/${version}/assumptions`),
      200,
    );
    expect(register.open).toBe(false);
    const reopen = await s.call(
      'cro',
      'POST',
      `${ws}/plans/${planId}/versions/${version}/assumptions`,
      {
        key: 'target',
        value: register.entries.find((e) => e.key === 'target')?.value,
        status: 'ASSUMED',
      },
    );
    expect(reopen.status).toBe(409);
    const plan = await body<{ latestVersion: number; publishedVersion: number }>(
      await s.call('admin', 'GET', `${ws}/plans/${planId}`),
      200,
    );
    expect(plan).toMatchObject({ latestVersion: version, publishedVersion: version });
  });

  it('shows each person the quotas and attainment of their scope only', async () => {
    const all = await body<{ repId: string; carriesQuota: boolean }[]>(
      await s.call('finance', 'GET', `${ws}/plans/${planId}/quotas`),
      200,
    );
    expect(all.filter((q) => q.carriesQuota)).toHaveLength(35);
    const team = await body<{ repId: string; managerId: string | null; carriesQuota: boolean }[]>(
      await s.call('manager', 'GET', `${ws}/plans/${planId}/quotas`),
      200,
    );
    const managerId = s.personas.manager.repId;
    expect(team.length).toBeGreaterThan(1);
    expect(team.every((q) => q.repId === managerId || q.managerId === managerId)).toBe(true);
    const mine = await body<{ repId: string }[]>(
      await s.call('rep', 'GET', `${ws}/plans/${planId}/quotas`),
      200,
    );
    expect(mine.map((q) => q.repId)).toEqual([s.personas.rep.repId]);

    const attainment = await body<{
      report: {
        reps: { repId: string }[];
        managers: { key: string; reps: number }[];
        organisation: { quota: number };
      };
    }>(
      await s.call('manager', 'GET', `${ws}/plans/${planId}/attainment?period=quarter&index=0`),
      200,
    );
    expect(attainment.report.reps.length).toBe(team.filter((q) => q.carriesQuota).length);
    expect(attainment.report.managers.map((m) => m.key)).toEqual([managerId]);
    const own = await body<{ report: { reps: { repId: string }[] } }>(
      await s.call('rep', 'GET', `${ws}/plans/${planId}/attainment`),
      200,
    );
    expect(own.report.reps.map((r) => r.repId)).toEqual([s.personas.rep.repId]);
  });

  it('dates a team’s attainment by the latest bookings refresh, not its manager’s row', async () => {
    type Quota = { repId: string; carriesQuota: boolean; bookings: number[] };
    const all = await body<(Quota & { bookingsAsOf: string })[]>(
      await s.call('admin', 'GET', `${ws}/plans/${planId}/quotas`),
      200,
    );
    const published = all[0]?.bookingsAsOf ?? '';
    const next = new Date(Date.parse(`${published}T00:00:00Z`) + 86_400_000);
    const refreshedTo = next.toISOString().slice(0, 10);
    // What a bookings refresh writes: the quota carriers' rows only.
    const carriers = all
      .filter((q) => q.carriesQuota)
      .map((q) => ({ repId: q.repId, bookings: q.bookings }));
    const db = getDb().db;
    await workflow.updateBookings(db, planId, carriers, refreshedTo);
    try {
      const team = await body<{ report: { asOf: string } }>(
        await s.call('manager', 'GET', `${ws}/plans/${planId}/attainment?period=quarter`),
        200,
      );
      expect(team.report.asOf).toBe(refreshedTo);
    } finally {
      await workflow.updateBookings(db, planId, carriers, published);
    }
  });

  it('prorates an approved mid-period adjustment into the quota of record', async () => {
    const repId = s.personas.rep.repId ?? '';
    const before = await body<{ monthly: number[] }>(
      await s.call('admin', 'GET', `${ws}/plans/${planId}/quotas/${repId}`),
      200,
    );
    const newMonthly = before.monthly.map((m) => Math.round(m / 2));
    const requested = await body<{ id: number; state: string; result: number[] }>(
      await s.call('manager', 'POST', `${ws}/plans/${planId}/adjustments`, {
        repId,
        kind: 'relief',
        effective: '2018-04-11',
        reason: 'parental leave from 11 April',
        newMonthly,
      }),
      201,
    );
    expect(requested.state).toBe('pending');
    // April (month 3): 10 days at the old quota, 20 at the new one.
    const april = Math.round(((before.monthly[3] ?? 0) * 10 + (newMonthly[3] ?? 0) * 20) / 30);
    expect(Math.abs((requested.result[3] ?? 0) - april)).toBeLessThanOrEqual(1);
    expect(requested.result.slice(0, 3)).toEqual(before.monthly.slice(0, 3));
    expect(requested.result.slice(4)).toEqual(newMonthly.slice(4));
    // The manager cannot approve; a leader can.
    const selfApproval = await s.call(
      'manager',
      'POST',
      `${ws}/plans/${planId}/adjustments/${requested.id}/decision`,
      {
        approve: true,
      },
    );
    expect(selfApproval.status).toBe(403);
    await body(
      await s.call(
        'vpSales',
        'POST',
        `${ws}/plans/${planId}/adjustments/${requested.id}/decision`,
        {
          approve: true,
          note: 'approved',
        },
      ),
      200,
    );
    const after = await body<{ monthly: number[] }>(
      await s.call('rep', 'GET', `${ws}/plans/${planId}/quotas/${repId}`),
      200,
    );
    expect(after.monthly).toEqual(requested.result);
  });

  it('offers the workbook and the documents of the published version, approvals included', async () => {
    const workbook = await s.call(
      'cro',
      'GET',
      `${ws}/plans/${planId}/versions/${version}/workbook?scenarios=false`,
    );
    expect(workbook.status).toBe(200);
    expect(workbook.headers.get('content-disposition')).toContain('.xlsx');
    const bytes = new Uint8Array(await workbook.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // a zip: XLSX
    const files = await body<{ path: string }[]>(
      await s.call('admin', 'GET', `${ws}/plans/${planId}/versions/${version}/documents?format=md`),
      200,
    );
    const definitions = files.find((f) => /definition/i.test(f.path));
    expect(definitions).toBeDefined();
    const doc = await s.call(
      'admin',
      'GET',
      `${ws}/plans/${planId}/versions/${version}/documents/file?format=md&path=${encodeURIComponent(definitions?.path ?? '')}`,
    );
    expect(doc.status).toBe(200);
    const text = await doc.text();
    expect(text).toContain('cro@example.com');
    expect(text).toContain('vp.sales@example.com');
  });

  it('records every step in the audit log, readable by admins and leaders only', async () => {
    const log = await body<
      {
        action: string;
        userEmail: string;
        before: unknown;
        after: unknown;
        reason: string | null;
      }[]
    >(await s.call('finance', 'GET', `${ws}/audit-log?limit=500`), 200);
    const actions = new Set(log.map((e) => e.action));
    for (const action of [
      'plan.create',
      'plan.edit',
      'assumption.confirm',
      'definition.approve',
      'signoff.backtest_override',
      'signoff.quotas_approved',
      'signoff.signed_off',
      'plan.publish',
      'adjustment.request',
      'adjustment.approve',
      'member.add',
    ]) {
      expect(actions, action).toContain(action);
    }
    const approval = log.find((e) => e.action === 'adjustment.approve');
    expect(approval).toMatchObject({ userEmail: 'vp.sales@example.com', reason: 'approved' });
    expect(approval?.before).toBeTruthy();
    expect(approval?.after).toBeTruthy();
    expect((await s.call('manager', 'GET', `${ws}/audit-log`)).status).toBe(403);
    expect((await s.call('rep', 'GET', `${ws}/audit-log`)).status).toBe(403);
    expect(s.logged).toEqual([]);
  });
});
