// Plan versions on a real database: v0 from the data, edits as new immutable versions,
// confirmations as register decisions of a value (no new version; lapsing when the value
// changes), unique plan names, the optimistic lock under parallel writers, and the audit trail.

import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { workflow } from '../../db/index.ts';
import { setConfirmations } from '../../io/plan/edit-plan-text.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { mavenWorkspace } from '../../../test/support/maven-workspace.ts';
import { decideAssumption, versionRegister } from './assumptions.ts';
import { WorkflowError } from './errors.ts';
import { createDraftPlan, saveVersion, type WorkflowContext } from './plan-versions.ts';

const FIXED = (): Date => new Date('2026-11-20T10:00:00Z');

async function expectWorkflowError(
  promise: Promise<unknown>,
  code: string,
): Promise<WorkflowError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowError);
    expect((error as WorkflowError).code).toBe(code);
    return error as WorkflowError;
  }
  throw new Error(`expected a ${code} error`);
}

describeEachDatabase('plan versions', (getDb) => {
  let context: WorkflowContext;
  let planId = 0;

  it('drafts v0 from the data with every input ASSUMED', async () => {
    const workspace = await mavenWorkspace(getDb());
    context = { workspace, actor: { userId: 'u-admin', email: 'admin@example.com' }, now: FIXED };
    const created = await createDraftPlan(context, {
      name: 'FY2018 test plan',
      asOf: '2017-12-31',
    });
    planId = created.planId;
    expect(created.version).toBe(0);
    const v0 = await workflow.getVersion(getDb().db, planId, 0);
    expect(v0?.results.assumptions.length).toBeGreaterThan(5);
    expect(v0?.results.assumptions.every((a) => a.status === 'ASSUMED')).toBe(true);
    expect(v0?.results.quotas.length).toBeGreaterThan(20);
    expect(v0?.planYaml).toContain('name: FY2018 test plan');
  });

  it('stores an edit as a new version and keeps the old one as it was', async () => {
    const v0 = await workflow.getVersion(getDb().db, planId, 0);
    const target = v0?.inputs.target as number;
    const saved = await saveVersion(context, {
      planId,
      baseVersion: 0,
      change: { kind: 'edits', edits: [{ path: ['target'], value: target * 2 }] },
      note: 'double the target',
    });
    expect(saved.version).toBe(1);
    expect(saved.results.totalQuota).toBeGreaterThan((v0?.results.totalQuota ?? 0) * 1.9);
    const again = await workflow.getVersion(getDb().db, planId, 0);
    expect(again?.results.totalQuota).toBe(v0?.results.totalQuota);
    // The database itself refuses to change a stored version.
    const refused = await getDb()
      .db.execute(sql`update plan_versions set note = 'changed' where plan_id = ${planId}`)
      .then(
        () => null,
        (error: unknown) => error as Error & { cause?: Error },
      );
    expect(refused?.cause?.message ?? refused?.message).toMatch(/plan_versions rows are immutable/);
  });

  it('confirms an input at the value shown: a register decision, no new version, with who and when', async () => {
    const before = await versionRegister(context, planId, 1);
    const target = before.entries.find((e) => e.key === 'target');
    expect(target?.status).toBe('ASSUMED');
    const after = await decideAssumption(context, {
      planId,
      version: 1,
      key: 'target',
      value: target?.value ?? '',
      status: 'CONFIRMED',
    });
    expect(after.entries.find((e) => e.key === 'target')).toMatchObject({
      status: 'CONFIRMED',
      confirmedBy: 'admin@example.com',
    });
    expect(after.assumed).toBe(before.assumed - 1);
    const versions = await workflow.listVersions(getDb().db, planId);
    expect(versions.map((v) => v.version)).toEqual([0, 1]);
    const transitions = await workflow.listTransitions(getDb().db, planId);
    expect(
      transitions.map((t) => [t.key, t.label, t.value, t.source, t.toStatus, t.version, t.by]),
    ).toEqual([
      ['target', 'Company target', target?.value, 'register', 'CONFIRMED', 1, 'admin@example.com'],
    ]);
    const audit = await workflow.listAudit(getDb().db, context.workspace.id, { limit: 10 });
    expect(audit[0]).toMatchObject({
      action: 'assumption.confirm',
      userEmail: 'admin@example.com',
      after: { status: 'CONFIRMED', version: 1, input: 'Company target', value: target?.value },
    });
    // The database keeps the decisions as they were made.
    const refused = await getDb()
      .db.execute(sql`delete from assumption_transitions where plan_id = ${planId}`)
      .then(
        () => null,
        (error: unknown) => error as Error & { cause?: Error },
      );
    expect(refused?.cause?.message ?? refused?.message).toMatch(/rows are immutable/);
  });

  it('refuses an unknown input, a value that is not the one shown, a second confirmation and an old version', async () => {
    const decide = (over: Partial<Parameters<typeof decideAssumption>[1]>) =>
      decideAssumption(context, {
        planId,
        version: 1,
        key: 'target',
        value: 'whatever',
        status: 'CONFIRMED',
        ...over,
      });
    await expectWorkflowError(decide({ key: 'nope' }), 'invalid');
    const stale = await expectWorkflowError(decide({ key: 'methodology.growth' }), 'conflict');
    expect(stale.message).toBe(
      'the value of "Growth on bottom-up capacity" is 0 now, not whatever: review it again',
    );
    const register = await versionRegister(context, planId, 1);
    const value = register.entries.find((e) => e.key === 'target')?.value ?? '';
    await expectWorkflowError(decide({ value }), 'conflict');
    const v0 = await versionRegister(context, planId, 0);
    expect(v0).toMatchObject({
      open: false,
      closedReason: 'Only the newest version (v1) takes confirmations.',
    });
    await expectWorkflowError(
      decide({
        version: 0,
        key: 'seasonality',
        value: v0.entries.find((e) => e.key === 'seasonality')?.value ?? '',
      }),
      'stale-version',
    );
  });

  it('lets a confirmation lapse when a later version changes the value, and keeps it while the value stays', async () => {
    const v1 = await versionRegister(context, planId, 1);
    const alpha = v1.entries.find((e) => e.key === 'methodology.top_down_share');
    await decideAssumption(context, {
      planId,
      version: 1,
      key: 'methodology.top_down_share',
      value: alpha?.value ?? '',
      status: 'CONFIRMED',
    });
    const v1Row = await workflow.getVersion(getDb().db, planId, 1);
    const saved = await saveVersion(context, {
      planId,
      baseVersion: 1,
      change: {
        kind: 'edits',
        edits: [{ path: ['target'], value: Math.round((v1Row?.inputs.target as number) * 1.1) }],
      },
      note: 'ten per cent more',
    });
    expect(saved.version).toBe(2);
    const v2 = await versionRegister(context, planId, 2);
    expect(v2.entries.find((e) => e.key === 'target')?.status).toBe('ASSUMED');
    expect(v2.entries.find((e) => e.key === 'methodology.top_down_share')).toMatchObject({
      status: 'CONFIRMED',
      confirmedBy: 'admin@example.com',
    });
  });

  it('drops a plan file’s own confirmation of an input whose value an edit changes', async () => {
    const v2 = await workflow.getVersion(getDb().db, planId, 2);
    const text = setConfirmations(v2?.planYaml ?? '', ['methodology.growth', 'seasonality'], {
      by: 'cfo@example.com',
      at: '2026-11-01',
    });
    const byHand = await saveVersion(context, {
      planId,
      baseVersion: 2,
      change: { kind: 'text', text },
      note: 'confirmed in the file',
    });
    expect(byHand.results.assumptions.find((a) => a.key === 'methodology.growth')?.status).toBe(
      'CONFIRMED',
    );
    const edited = await saveVersion(context, {
      planId,
      baseVersion: byHand.version,
      change: { kind: 'edits', edits: [{ path: ['methodology', 'growth'], value: 0.05 }] },
      note: 'growth 5%',
    });
    const status = (key: string) => edited.results.assumptions.find((a) => a.key === key)?.status;
    expect(status('methodology.growth')).toBe('ASSUMED');
    expect(status('seasonality')).toBe('CONFIRMED');
    const row = await workflow.getVersion(getDb().db, planId, edited.version);
    expect(row?.planYaml).not.toMatch(/methodology\.growth: \{/);
    expect(row?.planYaml).toMatch(/seasonality: \{ by: cfo@example\.com/);
    const transitions = await workflow.listTransitions(getDb().db, planId);
    expect(transitions.at(-1)).toMatchObject({
      key: 'methodology.growth',
      fromStatus: 'CONFIRMED',
      toStatus: 'ASSUMED',
      source: 'plan_file',
      version: edited.version,
    });
  });

  it('refuses a second plan of the same name, also when two are drafted at once', async () => {
    const taken = await expectWorkflowError(
      createDraftPlan(context, { name: '  fy2018 TEST plan ', asOf: '2017-12-31' }),
      'conflict',
    );
    expect(taken.message).toBe(
      `a plan named "fy2018 TEST plan" exists already (plan ${planId}); choose another name`,
    );
    const outcomes = await Promise.allSettled([
      createDraftPlan(context, { name: 'Twin', asOf: '2017-12-31' }),
      createDraftPlan(context, { name: 'twin', asOf: '2017-12-31' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const loser = outcomes.find((o) => o.status === 'rejected');
    expect(loser?.reason).toMatchObject({ code: 'conflict' });
  });

  it('refuses an invalid plan and a stale base version', async () => {
    const invalid = await expectWorkflowError(
      saveVersion(context, {
        planId,
        baseVersion: 4,
        change: { kind: 'edits', edits: [{ path: ['methodology', 'top_down_share'], value: 3 }] },
        note: 'bad alpha',
      }),
      'invalid',
    );
    expect(invalid.issues[0]?.message).toMatch(/top_down_share/);
    await expectWorkflowError(
      saveVersion(context, {
        planId,
        baseVersion: 1,
        change: { kind: 'edits', edits: [{ path: ['growth'], value: 0.1 }] },
        note: 'stale',
      }),
      'stale-version',
    );
  });

  describe('parallel writers', () => {
    it('lets exactly one of several edits of the same version land; the others get stale-version', async () => {
      const writers = [0.05, 0.1, 0.15, 0.2].map((growth) =>
        saveVersion(context, {
          planId,
          baseVersion: 4,
          change: { kind: 'edits', edits: [{ path: ['methodology', 'growth'], value: growth }] },
          note: `growth ${growth}`,
        }),
      );
      const outcomes = await Promise.allSettled(writers);
      const landed = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.filter((o) => o.status === 'rejected');
      expect(landed).toHaveLength(1);
      expect(refused).toHaveLength(3);
      for (const r of refused) {
        expect(r.reason).toMatchObject({ code: 'stale-version' });
      }
      const versions = await workflow.listVersions(getDb().db, planId);
      expect(versions.map((v) => v.version)).toEqual([0, 1, 2, 3, 4, 5]);
      const winner = (landed[0] as PromiseFulfilledResult<{ version: number }>).value;
      const v5 = await workflow.getVersion(getDb().db, planId, 5);
      expect(v5?.note).toBe(versions[5]?.note);
      expect(winner.version).toBe(5);
    });
  });
});
