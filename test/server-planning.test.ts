// The planning workspace's routes through the API: a rep's quota explained from a stored version
// (sentences and a derivation that adds up to the quota), a preview of edits that recomputes
// quotas and territory weights without saving a version, the version's back-test, its scenarios,
// and its documentation package listed with titles and kept fresh after an approval.

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
  weights: {
    territoryId: string;
    weight: number;
    computed: number;
    override: number | null;
    index: number;
    components: { component: string; normalised: number | null; coefficient: number }[];
  }[];
  missingComponents: { component: string; reason: string }[];
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

  it('previews no edits as the version stands, with every territory weight and its components', async () => {
    const preview = await body<Preview>(
      await s.call('admin', 'POST', `${ws}/plans/${planId}/versions/0/preview`, { edits: [] }),
      200,
    );
    expect(preview.totalQuota).toBe(totalQuota);
    for (const q of preview.quotas) expect(q.quota).toBe(q.before);
    expect(preview.weights.map((w) => w.territoryId).sort()).toEqual(['Central', 'East', 'West']);
    for (const w of preview.weights) {
      expect(w.override).toBeNull();
      expect(w.weight).toBe(w.computed);
      // The default bounds clamp the index; the coefficients used add up to 1.
      expect(w.computed).toBe(Math.min(1.3, Math.max(0.7, w.index)));
      const used = w.components.filter((c) => c.normalised !== null);
      expect(used.reduce((sum, c) => sum + c.coefficient, 0)).toBeCloseTo(1, 9);
      const index = used.reduce((sum, c) => sum + c.coefficient * (c.normalised ?? 0), 0);
      expect(w.index).toBeCloseTo(index, 9);
    }
    // A component the data lacks is named with its reason instead of silently weighing nothing.
    for (const m of preview.missingComponents) expect(m.reason).not.toBe('');
  });

  it('previews new bounds and coefficients: the weights follow, quotas still add up to the target', async () => {
    const preview = await body<Preview>(
      await s.call('admin', 'POST', `${ws}/plans/${planId}/versions/0/preview`, {
        edits: [
          { path: ['territory_weights', 'bounds'], value: [0.95, 1.05] },
          {
            path: ['territory_weights', 'coefficients'],
            value: { potential: 0, accounts: 0, win_rate: 1 },
          },
          { path: ['territory_weights', 'overrides'], value: { West: 1.05 } },
        ],
      }),
      200,
    );
    expect(preview.totalQuota).toBe(totalQuota);
    for (const w of preview.weights) {
      const winRate = w.components.find((c) => c.component === 'win_rate');
      expect(winRate?.coefficient).toBe(1);
      expect(w.index).toBeCloseTo(winRate?.normalised ?? Number.NaN, 9);
      expect(w.computed).toBe(Math.min(1.05, Math.max(0.95, w.index)));
      expect(w.weight).toBe(w.territoryId === 'West' ? 1.05 : w.computed);
    }
    const outside = await s.call('admin', 'POST', `${ws}/plans/${planId}/versions/0/preview`, {
      edits: [
        { path: ['territory_weights', 'bounds'], value: [0.95, 1.05] },
        { path: ['territory_weights', 'overrides'], value: { West: 1.2 } },
      ],
    });
    expect(outside.status).toBe(422);
    expect(JSON.stringify(await outside.json())).toContain('within the bounds [0.95, 1.05]');
  });

  it('lists the documentation package with kinds and titles, and quotes approvals given since', async () => {
    type Listing = { path: string; kind: string; title: string; bytes: number }[];
    const listing = await body<Listing>(
      await s.call('cro', 'GET', `${ws}/plans/${planId}/versions/0/documents?format=md`),
      200,
    );
    expect(listing.find((f) => f.path === 'definitions.md')).toMatchObject({
      kind: 'document',
      title: 'Definition Alignment Document',
    });
    expect(listing.find((f) => f.path === 'README.md')?.kind).toBe('index');
    const letters = listing.filter((f) => f.kind === 'letter');
    expect(letters.length).toBe(quotas.length);
    expect(letters.every((f) => f.path.startsWith('letters/') && f.title !== '')).toBe(true);
    expect(listing.filter((f) => f.kind === 'talking-points').length).toBeGreaterThan(0);
    expect(listing.filter((f) => f.kind === 'chart').every((f) => f.path.endsWith('.svg'))).toBe(
      true,
    );
    const document = async (): Promise<string> => {
      const response = await s.call(
        'cro',
        'GET',
        `${ws}/plans/${planId}/versions/0/documents/file?format=md&path=definitions.md`,
      );
      expect(response.status).toBe(200);
      return response.text();
    };
    const before = await document();
    expect(before).not.toContain(s.personas.vpSales.email);
    // An approval changes the Definition Alignment Document at once (no stale package served).
    const [term] = await body<{ key: string }[]>(
      await s.call('admin', 'GET', `${ws}/definitions`),
      200,
    );
    await body(
      await s.call('vpSales', 'POST', `${ws}/definitions/${term?.key ?? ''}/approvals`),
      201,
    );
    expect(await document()).toContain(s.personas.vpSales.email);
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
