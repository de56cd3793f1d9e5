// The planning workspace's routes through the API: a rep's quota explained from a stored version
// (sentences and a derivation that adds up to the quota), a preview of edits that recomputes
// quotas without saving a version, the version's back-test and its scenarios.

import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/databases.ts';
import { serverFixture } from './support/server.ts';
import type { ServerFixture } from './support/server.ts';

async function body<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

interface Explanation {
  repId: string;
  quota: number;
  monthly: number[];
  sentences: string[];
  derivation: { unrounded: number; roundingDelta: number; segmentTarget: number };
}

interface Preview {
  quotas: { id: string; quota: number; before: number | null }[];
  totalQuota: number;
}

describeEachDatabase('the planning workspace through the API', (getDb) => {
  let s: ServerFixture;
  const ws = '/api/workspaces/default';
  let planId = 0;
  let quotas: { id: string; quota: number; planned: boolean }[] = [];
  let totalQuota = 0;
  let stored: { shareAttaining: number; verdict: string } | null = null;

  beforeAll(async () => {
    s = await serverFixture(getDb());
    ({ planId } = await body<{ planId: number }>(
      await s.call('admin', 'POST', `${ws}/plans`, { name: 'Planning', asOf: '2017-12-31' }),
      201,
    ));
    const v0 = await body<{
      results: { quotas: typeof quotas; totalQuota: number; backtest: typeof stored };
    }>(await s.call('admin', 'GET', `${ws}/plans/${planId}/versions/0`), 200);
    quotas = v0.results.quotas;
    totalQuota = v0.results.totalQuota;
    stored = v0.results.backtest;
  }, 120_000);

  it('explains a rep of a stored version: the same quota, sentences, rounding accounted for', async () => {
    const rep = quotas.find((q) => q.quota > 0);
    if (rep === undefined) throw new Error('v0 has no rep with a quota');
    const explanation = await body<Explanation>(
      await s.call(
        'cro',
        'GET',
        `${ws}/plans/${planId}/versions/0/explanation?rep=${encodeURIComponent(rep.id)}`,
      ),
      200,
    );
    expect(explanation.repId).toBe(rep.id);
    expect(explanation.quota).toBe(rep.quota);
    expect(explanation.monthly.reduce((a, b) => a + b, 0)).toBe(rep.quota);
    expect(explanation.sentences.length).toBeGreaterThanOrEqual(2);
    expect(explanation.derivation.unrounded + explanation.derivation.roundingDelta).toBeCloseTo(
      rep.quota,
      6,
    );
  });

  it('answers 404 for a rep the version does not have', async () => {
    const response = await s.call(
      'admin',
      'GET',
      `${ws}/plans/${planId}/versions/0/explanation?rep=nobody-here`,
    );
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toContain('nobody-here');
  });

  it('previews an edit: quotas recomputed next to the old ones, no version saved', async () => {
    const preview = await body<Preview>(
      await s.call('admin', 'POST', `${ws}/plans/${planId}/versions/0/preview`, {
        edits: [{ path: ['methodology', 'over_assignment'], value: 0.1 }],
      }),
      200,
    );
    expect(preview.quotas.length).toBe(quotas.length);
    expect(preview.totalQuota).toBeGreaterThan(totalQuota);
    for (const q of preview.quotas) {
      expect(q.before).toBe(quotas.find((x) => x.id === q.id)?.quota ?? null);
    }
    // The second run uses the cached dataset: the same answer (the engine does not alter it).
    const again = await body<Preview>(
      await s.call('admin', 'POST', `${ws}/plans/${planId}/versions/0/preview`, {
        edits: [{ path: ['methodology', 'over_assignment'], value: 0.1 }],
      }),
      200,
    );
    expect(again).toEqual(preview);
    const plan = await body<{ latestVersion: number }>(
      await s.call('admin', 'GET', `${ws}/plans/${planId}`),
      200,
    );
    expect(plan.latestVersion).toBe(0);
  });

  it('refuses an edit that makes the plan invalid, naming what is wrong', async () => {
    const response = await s.call('admin', 'POST', `${ws}/plans/${planId}/versions/0/preview`, {
      edits: [{ path: ['methodology', 'growth'], value: 'lots' }],
    });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { issues?: { message: string }[] };
    expect(problem.issues?.some((i) => i.message.includes('growth'))).toBe(true);
  });

  it('back-tests a stored version: the stored verdict, buckets that hold every rep', async () => {
    const backtest = await body<{
      reps: number;
      shareAttaining: number;
      verdict: string;
      buckets: { reps: number; max: number | null }[];
      byTerritory: { reps: number }[];
      perRep: { attainment: number }[];
    }>(await s.call('vpSales', 'GET', `${ws}/plans/${planId}/versions/0/backtest`), 200);
    expect(stored).not.toBeNull();
    expect(backtest.shareAttaining).toBe(stored?.shareAttaining);
    expect(backtest.verdict).toBe(stored?.verdict);
    expect(backtest.buckets.reduce((n, b) => n + b.reps, 0)).toBe(backtest.reps);
    expect(backtest.buckets.at(-1)?.max).toBeNull();
    expect(backtest.byTerritory.reduce((n, g) => n + g.reps, 0)).toBe(backtest.reps);
    expect(backtest.perRep.length).toBe(backtest.reps);
  });

  it('simulates every scenario of a version, seeded: ordered percentiles, the same twice', async () => {
    interface Scenarios {
      trials: number;
      scenarios: {
        scenario: string;
        p10: number;
        p50: number;
        p90: number;
        pTeamAtTarget: number;
        reps: { pAttain: number }[];
      }[];
    }
    const path = `${ws}/plans/${planId}/versions/0/scenarios?trials=300`;
    const first = await body<Scenarios>(await s.call('cro', 'GET', path), 200);
    expect(first.trials).toBe(300);
    expect(first.scenarios.map((x) => x.scenario)).toEqual(['worst', 'expected', 'best']);
    for (const x of first.scenarios) {
      expect(x.p10).toBeLessThanOrEqual(x.p50);
      expect(x.p50).toBeLessThanOrEqual(x.p90);
      expect(x.reps.every((r) => r.pAttain >= 0 && r.pAttain <= 1)).toBe(true);
    }
    const [worst, , best] = first.scenarios;
    expect(worst?.p50 ?? 0).toBeLessThanOrEqual(best?.p50 ?? 0);
    expect(await body<Scenarios>(await s.call('cro', 'GET', path), 200)).toEqual(first);
    const noTrials = await s.call(
      'cro',
      'GET',
      `${ws}/plans/${planId}/versions/0/scenarios?trials=0`,
    );
    expect(noTrials.status).toBe(422);
  });
});
