// Plan versions on a real database: v0 from the data, edits and confirmations as new immutable
// versions, the optimistic lock under parallel writers, and the audit trail they leave.

import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { workflow } from '../../db/index.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { mavenWorkspace } from '../../../test/support/maven-workspace.ts';
import { WorkflowError } from './errors.ts';
import {
  createDraftPlan,
  saveVersion,
  setAssumptionStatus,
  type WorkflowContext,
} from './plan-versions.ts';

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

  it('confirms an input: a new version, a transition and an audit entry with who and when', async () => {
    const saved = await setAssumptionStatus(context, {
      planId,
      baseVersion: 1,
      keys: ['target'],
      status: 'CONFIRMED',
    });
    expect(saved.version).toBe(2);
    const target = saved.results.assumptions.find((a) => a.key === 'target');
    expect(target).toMatchObject({
      status: 'CONFIRMED',
      confirmedBy: 'admin@example.com',
      confirmedAt: '2026-11-20',
    });
    const transitions = await workflow.listTransitions(getDb().db, planId);
    expect(transitions.map((t) => [t.key, t.fromStatus, t.toStatus, t.version, t.by])).toEqual([
      ['target', 'ASSUMED', 'CONFIRMED', 2, 'admin@example.com'],
    ]);
    const audit = await workflow.listAudit(getDb().db, context.workspace.id, { limit: 10 });
    expect(audit[0]).toMatchObject({
      action: 'assumption.confirm',
      userEmail: 'admin@example.com',
    });
    expect(audit.map((a) => a.action)).toContain('plan.edit');
  });

  it('refuses an unknown input, an invalid plan and a stale base version', async () => {
    await expectWorkflowError(
      setAssumptionStatus(context, { planId, baseVersion: 2, keys: ['nope'], status: 'CONFIRMED' }),
      'invalid',
    );
    const invalid = await expectWorkflowError(
      saveVersion(context, {
        planId,
        baseVersion: 2,
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
          baseVersion: 2,
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
      expect(versions.map((v) => v.version)).toEqual([0, 1, 2, 3]);
      const winner = (landed[0] as PromiseFulfilledResult<{ version: number }>).value;
      const v3 = await workflow.getVersion(getDb().db, planId, 3);
      expect(v3?.note).toBe(versions[3]?.note);
      expect(winner.version).toBe(3);
    });
  });
});
