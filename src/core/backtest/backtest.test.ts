import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDataset, makeDeal, makeRep } from '../audit/test-builders.ts';
import type { Deal } from '../model.ts';
import { planWithDefaults } from '../plan/defaults.ts';
import type { Plan } from '../plan/types.ts';
import { runPlan } from '../engine/run.ts';
import { backtestPlan, calibrate, verdictOf } from './backtest.ts';

/** A seller with a planted monthly productivity per year: one won deal a month. */
interface Planted {
  perMonth2023: number;
  perMonth2024: number;
}

function plantedOrg(planted: readonly Planted[], years: readonly (2023 | 2024)[]) {
  const deals: Deal[] = [];
  planted.forEach((p, i) => {
    for (const year of years) {
      for (let m = 1; m <= 12; m++) {
        const month = String(m).padStart(2, '0');
        const amount = year === 2023 ? p.perMonth2023 : p.perMonth2024;
        deals.push(
          makeDeal(`d${i}-${year}-${month}`, {
            ownerId: `r${i}`,
            accountId: null,
            amount,
            originalAmount: amount,
            createdDate: `${year}-${month}-01`,
            closeDate: `${year}-${month}-10`,
          }),
        );
      }
    }
  });
  return makeDataset({
    settings: { asOf: '2024-12-31' },
    reps: planted.map((_, i) => makeRep(`r${i}`, { territoryId: null, segment: 'SMB' })),
    deals,
  });
}

function plan(target: number, alpha: number, overrides: Partial<Plan> = {}): Plan {
  return planWithDefaults({
    name: 'FY2025',
    start: '2025-01-01',
    currency: 'USD',
    target: { kind: 'total', total: target },
    topDownShare: alpha,
    seasonality: { mode: 'flat' },
    roundingUnit: 1,
    ...overrides,
  });
}

const plantedArb = fc.array(
  fc.record({
    perMonth2023: fc.integer({ min: 100_000, max: 5_000_000 }),
    perMonth2024: fc.integer({ min: 50_000, max: 6_000_000 }),
  }),
  { minLength: 2, maxLength: 12 },
);

/** Share of reps whose bookings reach the quota, skipping knife-edge cases rounding could flip. */
function independentShare(bookings: number[], quotas: number[]): number | null {
  let attained = 0;
  for (let i = 0; i < bookings.length; i++) {
    const a = (bookings[i] ?? 0) / (quotas[i] ?? 1);
    if (Math.abs(a - 1) < 1e-6) return null;
    if (a >= 1) attained++;
  }
  return attained / bookings.length;
}

describe('backtestPlan (METHOD §7)', () => {
  it('out of sample: learns from 2023, tests on 2024, and the share matches an independent computation', () => {
    fc.assert(
      fc.property(
        plantedArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 1.5, noNaN: true }),
        (planted, alpha, ambition) => {
          const dataset = plantedOrg(planted, [2023, 2024]);
          // Plan capacity: every rep fully ramped with 24 months, own = mean monthly bookings.
          const C = planted.reduce((s, p) => s + 12 * ((p.perMonth2023 + p.perMonth2024) / 2), 0);
          const T = Math.round(ambition * C);
          const p = plan(T, alpha);
          const run = runPlan(dataset, p);
          const result = backtestPlan(dataset, p, run.history, run.allocation);
          expect(result.inSample).toBe(false);
          expect(result.fitWindow).toEqual({ from: '2023-01-01', to: '2023-12-31', months: 12 });
          expect(result.testWindow).toEqual({ from: '2024-01-01', to: '2024-12-31' });
          // Independently: k = T / C; C_Y from 2023; quotas blend equal shares and 2023 productivity.
          const k = T / C;
          const CY = planted.reduce((s, q) => s + 12 * q.perMonth2023, 0);
          const TY = Math.round(k * CY);
          const n = planted.length;
          const quotas = planted.map(
            (q) => TY * (alpha / n + ((1 - alpha) * 12 * q.perMonth2023) / CY),
          );
          const bookings = planted.map((q) => 12 * q.perMonth2024);
          expect(result.testTarget).toBe(TY);
          const expected = independentShare(bookings, quotas);
          if (expected !== null) expect(result.shareAttaining).toBeCloseTo(expected, 12);
          result.perRep.forEach((r, i) => {
            expect(r.bookings).toBe(bookings[i]);
            expect(Math.abs(r.quota - (quotas[i] ?? 0))).toBeLessThanOrEqual(1);
          });
          expect(result.quarters.map((q) => q.label)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('in sample: with one year of history it learns from the test year and says so', () => {
    fc.assert(
      fc.property(plantedArb, fc.double({ min: 0, max: 1, noNaN: true }), (planted, alpha) => {
        const dataset = plantedOrg(planted, [2024]);
        const C = planted.reduce((s, p) => s + 12 * p.perMonth2024, 0);
        const T = Math.round(1.1 * C);
        const p = plan(T, alpha);
        const run = runPlan(dataset, p);
        const result = backtestPlan(dataset, p, run.history, run.allocation);
        expect(result.inSample).toBe(true);
        expect(result.notes[0]).toContain('In sample');
        expect(result.fitWindow.months).toBe(12);
        // C_Y = C, so T_Y = T; quotas blend equal shares and each rep's own 2024 productivity.
        expect(result.testTarget).toBe(T);
        const n = planted.length;
        const quotas = planted.map(
          (q) => T * (alpha / n + ((1 - alpha) * 12 * q.perMonth2024) / C),
        );
        const expected = independentShare(
          planted.map((q) => 12 * q.perMonth2024),
          quotas,
        );
        if (expected !== null) expect(result.shareAttaining).toBeCloseTo(expected, 12);
      }),
      { numRuns: 40 },
    );
  });

  it('calibrates k* so that three reps in four would have attained', () => {
    expect(calibrate([1.3, 1.1, 0.9, 0.8])).toBe(0.9);
    expect(calibrate([2, 1, 0.5, 0.4, 0.3, 0.2, 0.1, 0.1])).toBe(0.2);
    expect(calibrate([])).toBeNull();
    // At k = k*, exactly the share asked for attains.
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 1 }), (a1) => {
        const k = calibrate(a1) ?? NaN;
        expect(a1.filter((a) => a >= k).length / a1.length).toBeGreaterThanOrEqual(0.75);
        expect(a1.filter((a) => a > k).length / a1.length).toBeLessThan(0.75);
      }),
    );
  });

  it('reads the verdict from the plan’s band', () => {
    const p = plan(1, 1);
    expect(verdictOf(0.75, p).verdict).toBe('pass');
    expect(verdictOf(0.7, p).verdict).toBe('pass');
    expect(verdictOf(0.85, p).verdict).toBe('review');
    expect(verdictOf(0.65, p).verdict).toBe('review');
    expect(verdictOf(0.55, p).verdict).toBe('fail');
    const strict = plan(1, 1, {
      checks: { ...p.checks, backtest: { passMin: 0.8, passMax: 0.9, reviewMin: 0.7 } },
    });
    expect(verdictOf(0.75, strict).verdict).toBe('review');
  });

  it('puts every rep in one attainment bucket, by segment and territory too', () => {
    const planted = [
      { perMonth2023: 1_000_000, perMonth2024: 400_000 },
      { perMonth2023: 1_000_000, perMonth2024: 1_000_000 },
      { perMonth2023: 1_000_000, perMonth2024: 1_300_000 },
    ];
    const dataset = plantedOrg(planted, [2023, 2024]);
    const p = plan(Math.round(12 * 1_000_000 * 3 * 0.9), 1);
    const run = runPlan(dataset, p);
    const result = backtestPlan(dataset, p, run.history, run.allocation);
    expect(result.buckets.reduce((s, b) => s + b.reps, 0)).toBe(3);
    expect(result.bySegment.map((g) => [g.key, g.reps])).toEqual([['SMB', 3]]);
    expect(result.byTerritory.map((g) => g.label)).toEqual(['(no territory)']);
  });
});

describe('the worked example of docs/methodology.md ("The back-test")', () => {
  it('gives 75 % attaining, a pass, k* = 1.222 and T* = $1,607,222', () => {
    const deals: Deal[] = [];
    const perMonth2023 = [3_000_000, 2_500_000, 2_000_000, 2_500_000];
    const total2024 = [42_000_000, 30_000_000, 33_000_000, 38_000_000];
    perMonth2023.forEach((amount, i) => {
      for (let m = 1; m <= 12; m++) {
        const month = String(m).padStart(2, '0');
        const base = Math.floor((total2024[i] ?? 0) / 12);
        const in2024 = m === 12 ? (total2024[i] ?? 0) - 11 * base : base;
        for (const [year, value] of [
          [2023, amount],
          [2024, in2024],
        ] as const) {
          deals.push(
            makeDeal(`d${i}-${year}-${month}`, {
              ownerId: `r${i}`,
              accountId: null,
              amount: value,
              originalAmount: value,
              createdDate: `${year}-${month}-01`,
              closeDate: `${year}-${month}-10`,
            }),
          );
        }
      }
    });
    const dataset = makeDataset({
      settings: { asOf: '2024-12-31' },
      reps: perMonth2023.map((_, i) => makeRep(`r${i}`, { territoryId: null })),
      deals,
    });
    const p = plan(157_800_000, 0.5, { roundingUnit: 100_000 });
    const run = runPlan(dataset, p);
    expect(run.allocation.capacity).toBeCloseTo(131_500_000, 4);
    const result = backtestPlan(dataset, p, run.history, run.allocation);
    expect(result.inSample).toBe(false);
    expect(result.ambition).toBeCloseTo(1.2, 12);
    expect(result.testTarget).toBe(144_000_000);
    expect(result.perRep.map((r) => r.quota)).toEqual([
      39_600_000, 36_000_000, 32_400_000, 36_000_000,
    ]);
    expect(result.perRep.map((r) => Math.round(r.attainment * 100))).toEqual([106, 83, 102, 106]);
    expect(result.shareAttaining).toBe(0.75);
    expect(result.verdict).toBe('pass');
    expect(result.kStar).toBeCloseTo(33 / 27, 12);
    expect(result.targetAtKStar).toBe(160_722_222);
  });
});

describe('a history shorter than the test year', () => {
  it('tests only the months the data covers, and says so', () => {
    const deals: Deal[] = [];
    for (let m = 3; m <= 12; m++) {
      const month = String(m).padStart(2, '0');
      deals.push(
        makeDeal(`d-${month}`, {
          ownerId: 'r0',
          accountId: null,
          amount: 1_000_000,
          createdDate: `2024-${month}-01`,
          closeDate: `2024-${month}-10`,
        }),
      );
    }
    const dataset = makeDataset({
      settings: { asOf: '2024-12-31' },
      reps: [makeRep('r0', { territoryId: null })],
      deals,
    });
    const p = plan(12_000_000, 0.5);
    const run = runPlan(dataset, p);
    const result = backtestPlan(dataset, p, run.history, run.allocation);
    expect(result.testWindow).toEqual({ from: '2024-03-01', to: '2024-12-31' });
    expect(result.inSample).toBe(true);
    expect(result.notes[1]).toContain('The test window is 10 months');
    // One rep booking exactly its capacity at k = 1: attainment 100 %.
    expect(result.ambition).toBe(1);
    expect(result.perRep[0]?.attainment).toBeCloseTo(1, 9);
    expect(result.quarters.map((q) => q.from)).toEqual(['2024-03-01', '2024-06-01', '2024-09-01']);
  });
});
