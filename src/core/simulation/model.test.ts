import { describe, expect, it } from 'vitest';
import { makeDataset, makeDeal, makeRep } from '../audit/test-builders.ts';
import type { Deal } from '../model.ts';
import { planWithDefaults } from '../plan/defaults.ts';
import type { Plan } from '../plan/types.ts';
import { runPlan } from '../engine/run.ts';
import { buildSimulationModel, PRESETS } from './model.ts';
import type { Levers } from './model.ts';

/** `won` won deals of `amount` and `lost` lost deals per month of 2024 for `owner`. */
function history(owner: string, won: number, lost: number, amount: number): Deal[] {
  const deals: Deal[] = [];
  for (let m = 1; m <= 12; m++) {
    const month = String(m).padStart(2, '0');
    for (let k = 0; k < won + lost; k++) {
      deals.push(
        makeDeal(`${owner}-${month}-${k}`, {
          ownerId: owner,
          accountId: null,
          status: k < won ? 'won' : 'lost',
          amount: amount + k,
          originalAmount: amount + k,
          createdDate: `2024-${month}-01`,
          closeDate: `2024-${month}-20`,
        }),
      );
    }
  }
  return deals;
}

const dataset = makeDataset({
  settings: { asOf: '2024-12-31' },
  reps: [
    makeRep('vet', { territoryId: null }),
    makeRep('few', { territoryId: null, startDate: '2024-10-01' }),
  ],
  deals: [...history('vet', 2, 2, 100_000), ...history('few', 0, 0, 0)],
});

function plan(overrides: Partial<Plan> = {}): Plan {
  return planWithDefaults({
    name: 'FY2025',
    start: '2025-01-01',
    currency: 'USD',
    target: { kind: 'total', total: 100_000_000 },
    seasonality: { mode: 'flat' },
    hires: [
      {
        id: 'new',
        name: 'New hire',
        role: 'AE',
        segment: 'SMB',
        territoryId: null,
        managerId: null,
        startDate: '2025-01-01',
        endDate: null,
        ote: null,
      },
    ],
    ...overrides,
  });
}

function build(levers: Levers, p: Plan = plan()) {
  const run = runPlan(dataset, p);
  return buildSimulationModel(p, run.history, run.allocation, { name: 'x', levers });
}

describe('buildSimulationModel', () => {
  it('gives each rep its credibility-weighted deal rate, and new hires their cohort’s along their ramp', () => {
    const m = build(PRESETS.expected);
    expect(m.ids).toEqual(['few', 'new', 'vet']);
    const at = (id: string, month: number) => m.mu[m.ids.indexOf(id) * 12 + month] ?? NaN;
    // The veteran won 2 deals a month for a year: λ = 2, every month.
    expect(at('vet', 0)).toBeCloseTo(2, 12);
    expect(at('vet', 11)).toBeCloseTo(2, 12);
    // The hire has no history: the cohort's 2 a month, times the ramp 0.25, 0.5, 0.75, 1.
    expect([0, 1, 2, 3].map((k) => at('new', k))).toEqual(
      [0.5, 1, 1.5, 2].map((x) => expect.closeTo(x, 12) as number),
    );
    // Sizes: the veteran has 24 won deals of its own; the others draw from the cohort's pool.
    expect(m.sizeSource).toEqual(['cohort', 'cohort', 'own']);
    expect(m.target).toBe(100_000_000);
  });

  it('applies the levers: win rate in points, deal-size multiplier, attrition hazard, longer ramps, extra hires', () => {
    const base = build(PRESETS.expected);
    const worse = build({ ...PRESETS.expected, winRatePoints: -0.1, dealSizeMultiplier: 0.9 });
    const vet = base.ids.indexOf('vet');
    // Win rate 0.5 → 0.4: λ × 0.8.
    expect(worse.mu[vet * 12]).toBeCloseTo(1.6, 12);
    expect(worse.sizes[worse.sizeRange[2 * vet] ?? 0]).toBe(Math.round(100_000 * 0.9));
    expect(build({ ...PRESETS.expected, attrition: 0.25 }).hazard).toBeCloseTo(
      1 - 0.75 ** (1 / 12),
      12,
    );
    const slower = build({ ...PRESETS.expected, extraRampMonths: 2 });
    const hire = slower.ids.indexOf('new');
    // Two more months at the first step: 0.25, 0.25, 0.25, 0.5, 0.75, 1.
    expect(Array.from(slower.mu.subarray(hire * 12, hire * 12 + 6))).toEqual(
      [0.5, 0.5, 0.5, 1, 1.5, 2].map((x) => expect.closeTo(x, 12) as number),
    );
    const more = build({ ...PRESETS.expected, extraHires: 2 });
    expect(more.ids.slice(-2)).toEqual(['EXTRA-1', 'EXTRA-2']);
    expect(more.quota[more.ids.length - 1]).toBe(0);
    // Reps drawing from the same cohort pool share one copy of its sizes.
    const few = base.ids.indexOf('few');
    const hire0 = base.ids.indexOf('new');
    expect(base.sizeRange[2 * few]).toBe(base.sizeRange[2 * hire0]);
    // The veteran's own 24 deals, and the cohort pool (the same 24) once for the other two.
    expect(base.sizes.length).toBe(48);
  });
});
