// The worked examples of docs/methodology.md ("The quota engine"), computed by hand there and
// checked here through the whole engine: deals in, quotas out.

import { describe, expect, it } from 'vitest';
import { makeDataset, makeDeal, makeRep, makeTerritory } from '../audit/test-builders.ts';
import type { Deal } from '../model.ts';
import { planWithDefaults } from '../plan/defaults.ts';
import type { Plan } from '../plan/types.ts';
import { runPlan } from './run.ts';
import { territoryWeights } from './weights.ts';
import { DEFAULT_WEIGHTS } from '../plan/defaults.ts';

/** One won deal of `dollars` per month of 2024 for `owner`. */
function monthlyWins(owner: string, dollars: number): Deal[] {
  return Array.from({ length: 12 }, (_, k) => {
    const month = String(k + 1).padStart(2, '0');
    return makeDeal(`${owner}-${month}`, {
      ownerId: owner,
      amount: dollars * 100,
      originalAmount: dollars * 100,
      createdDate: `2024-${month}-01`,
      closeDate: `2024-${month}-15`,
    });
  });
}

function examplePlan(overrides: Partial<Plan> = {}): Plan {
  return planWithDefaults({
    name: 'FY2025',
    start: '2025-01-01',
    currency: 'USD',
    target: { kind: 'total', total: 120_000_000 },
    seasonality: { mode: 'flat' },
    ...overrides,
  });
}

describe('worked example 1: a blended plan for two sellers and a planned hire', () => {
  const dataset = makeDataset({
    settings: { asOf: '2024-12-31' },
    territories: [
      makeTerritory('N', { name: 'North', segment: 'SMB' }),
      makeTerritory('S', { name: 'South', segment: 'SMB' }),
    ],
    reps: [
      makeRep('A', { name: 'Ana', territoryId: 'N' }),
      makeRep('B', { name: 'Ben', territoryId: 'S' }),
    ],
    deals: [...monthlyWins('A', 30_000), ...monthlyWins('B', 15_000)],
  });
  const plan = examplePlan({
    territoryWeights: { ...DEFAULT_WEIGHTS, overrides: { N: 1.2, S: 0.8 } },
    hires: [
      {
        id: 'C',
        name: 'Cleo (new hire)',
        role: 'AE',
        segment: 'SMB',
        territoryId: 'S',
        managerId: null,
        startDate: '2025-07-01',
        endDate: null,
        ote: null,
      },
    ],
  });
  const run = runPlan(dataset, plan);
  const rep = (id: string) => {
    const r = run.allocation.reps.find((x) => x.id === id);
    if (r === undefined) throw new Error(`no rep ${id}`);
    return r;
  };

  it('learns own productivity from 2024 and the cohort median territory-neutral', () => {
    expect(run.allocation.fit.months).toBe(12);
    expect(rep('A').own).toBe(3_000_000);
    expect(rep('B').own).toBe(1_500_000);
    // own / w: 25,000 and 18,750 → median 21,875.
    expect(rep('C').cohort.productivity).toBe(2_187_500);
    expect(rep('C').credibility).toBe(0);
    expect(rep('C').productivity).toBeCloseTo(1_750_000, 6);
    expect(rep('C').effectiveMonths).toBe(4.5);
  });

  it('gives the top-down, bottom-up and blended quotas of the document', () => {
    expect(rep('A').topDown).toBeCloseTo(62_608_695.65, 1);
    expect(rep('A').bottomUp).toBeCloseTo(69_818_181.82, 1);
    expect(rep('B').topDown).toBeCloseTo(41_739_130.43, 1);
    expect(rep('B').bottomUp).toBeCloseTo(34_909_090.91, 1);
    expect(rep('C').topDown).toBeCloseTo(15_652_173.91, 1);
    expect(rep('C').bottomUp).toBeCloseTo(15_272_727.27, 1);
    expect(run.allocation.capacity).toBeCloseTo(61_875_000, 4);
    expect(run.allocation.segments[0]?.headcountToClose).toBeCloseTo(2.2143, 4);
  });

  it('rounds to $1,000 by largest remainder and spreads the hire’s quota over its ramp', () => {
    expect([rep('A').quota, rep('B').quota, rep('C').quota]).toEqual([
      66_200_000, 38_300_000, 15_500_000,
    ]);
    expect(rep('C').monthly).toEqual([
      0, 0, 0, 0, 0, 0, 861_111, 1_722_222, 2_583_333, 3_444_445, 3_444_445, 3_444_444,
    ]);
    expect(run.checks.checks.find((c) => c.code === 'reconciliation')?.status).toBe('pass');
  });
});

describe('worked example 2: territory weights from potential, accounts and win rate', () => {
  it('normalises each component by its mean, blends 50/25/25 and clamps to [0.7, 1.3]', () => {
    const result = territoryWeights(
      [
        { id: 'X', name: 'X', fte: 1, potential: 600_000_000, accounts: 30, won: 30, lost: 70 },
        { id: 'Y', name: 'Y', fte: 1, potential: 300_000_000, accounts: 20, won: 20, lost: 80 },
        { id: 'Z', name: 'Z', fte: 1, potential: 300_000_000, accounts: 10, won: 25, lost: 75 },
      ],
      DEFAULT_WEIGHTS,
    );
    const [x, y, z] = result.territories;
    expect(x?.normalised).toEqual({ potential: 1.5, accounts: 1.5, win_rate: 1.2 });
    expect(x?.index).toBeCloseTo(1.425, 12);
    expect(x?.weight).toBe(1.3);
    expect(y?.index).toBeCloseTo(0.825, 12);
    expect(y?.weight).toBeCloseTo(0.825, 12);
    expect(z?.index).toBeCloseTo(0.75, 12);
    expect(result.missing).toEqual([]);
  });

  it('drops a missing component and rescales the others', () => {
    const result = territoryWeights(
      [
        { id: 'X', name: 'X', fte: 1, potential: null, accounts: null, won: 3, lost: 7 },
        { id: 'Y', name: 'Y', fte: 2, potential: null, accounts: null, won: 0, lost: 0 },
      ],
      DEFAULT_WEIGHTS,
    );
    expect(result.missing.map((m) => m.component)).toEqual(['potential', 'accounts', 'win_rate']);
    expect(result.territories.map((t) => t.weight)).toEqual([1, 1]);
  });
});

describe('worked example 3: a ramping hire who starts mid-month', () => {
  it('gets exactly its prorated, ramped share of a top-down target', () => {
    const dataset = makeDataset({
      settings: { asOf: '2024-12-31' },
      reps: [makeRep('F', { name: 'Full-year rep', territoryId: null })],
      deals: monthlyWins('F', 10_000),
    });
    const plan = examplePlan({
      target: { kind: 'total', total: 100_000_000 },
      topDownShare: 1,
      hires: [
        {
          id: 'H',
          name: 'Mid-March hire',
          role: 'AE',
          segment: 'SMB',
          territoryId: null,
          managerId: null,
          startDate: '2025-03-15',
          endDate: null,
          ote: null,
        },
      ],
    });
    const run = runPlan(dataset, plan);
    const hire = run.allocation.reps.find((r) => r.id === 'H');
    // March: 17 of 31 days × 25 %; April 50 %; May 75 %; June to December 100 %.
    expect(hire?.effective.slice(0, 6)).toEqual([0, 0, (17 / 31) * 0.25, 0.5, 0.75, 1]);
    const e = (17 / 31) * 0.25 + 0.5 + 0.75 + 7;
    expect(hire?.unrounded).toBeCloseTo((100_000_000 * e) / (12 + e), 4);
    expect(hire?.quota).toBe(41_100_000);
    expect(run.allocation.reps.find((r) => r.id === 'F')?.quota).toBe(58_900_000);
    const march = (41_100_000 * (17 / 31) * 0.25) / e;
    expect(hire?.monthly[2]).toBeGreaterThanOrEqual(Math.floor(march));
    expect(hire?.monthly[2]).toBeLessThanOrEqual(Math.floor(march) + 1);
    expect(hire?.monthly.reduce((a, b) => a + b, 0)).toBe(41_100_000);
  });
});
