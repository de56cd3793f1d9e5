// A generated organisation for workbook and document tests: bench/plan-engine.ts's synthetic org
// (territories in SMB, MM and ENT, recent hires ramping in the fit window) plus SDRs measured on
// sourced pipeline (a second quota pool), planned hires and a departure in the plan year, a rep
// whose name is a spreadsheet formula and one whose name is markup.

import { syntheticOrg } from '../../bench/plan-engine.ts';
import type { Dataset } from '../../src/core/model.ts';
import { planWithDefaults } from '../../src/core/plan/defaults.ts';
import type { Plan } from '../../src/core/plan/types.ts';

export const HOSTILE_NAME = '=HYPERLINK("http://x","y")';
/** A name that would be markup in HTML or Markdown. */
export const MARKUP_NAME = '<b>Bold</b> & *Co*';

/** The dataset: `reps` AEs (the first four of them turned into SDRs) over 2025. */
export function generatedDataset(reps = 60, seed = 7): Dataset {
  const dataset = syntheticOrg(reps, 24, seed);
  const sdrs = ['R0', 'R1', 'R2', 'R3'];
  for (const rep of dataset.reps) {
    if (sdrs.includes(rep.id)) rep.role = 'SDR';
    if (rep.id === 'R7') rep.name = HOSTILE_NAME;
    if (rep.id === 'R8') rep.name = MARKUP_NAME;
  }
  dataset.deals.forEach((deal, k) => {
    if (k % 3 === 0) deal.sourceRepId = sdrs[k % sdrs.length] ?? null;
  });
  return dataset;
}

/** A 2026 plan on it: growth, over-assignment, two hires, one departure, historical seasonality. */
export function generatedPlan(overrides: Partial<Plan> = {}): Plan {
  return planWithDefaults({
    name: 'FY2026 quotas (generated org)',
    start: '2026-01-01',
    currency: 'USD',
    target: { kind: 'total', total: 1_600_000_000 },
    topDownShare: 0.55,
    growth: 0.04,
    overAssignment: 0.02,
    hires: [
      {
        id: 'H-1',
        name: 'Hire One',
        role: 'AE',
        segment: null,
        territoryId: 'T1',
        managerId: 'M0',
        startDate: '2026-02-16',
        endDate: null,
        ote: 15_000_000,
      },
      {
        id: 'H-2',
        name: 'Hire Two',
        role: 'AE',
        segment: null,
        territoryId: 'T5',
        managerId: 'M1',
        startDate: '2026-07-01',
        endDate: null,
        ote: null,
      },
    ],
    departures: [{ repId: 'R9', endDate: '2026-06-15' }],
    ...overrides,
  });
}

/**
 * Five identical reps (R1, R2, R3, R10, R11: no territory, the same won deal every month of 2025)
 * so rounding has to break ties: by rep id in code-unit order ('R10' before 'R2'), as the engine does.
 */
export function tiedDataset(): Dataset {
  const ids = ['R1', 'R2', 'R3', 'R10', 'R11'];
  const provenance = { source: 'test', derived: false } as const;
  const dataset: Dataset = {
    settings: { currency: 'USD', basis: 'amount', asOf: '2025-12-31' },
    reps: ids.map((id) => ({
      id,
      name: `Rep ${id}`,
      email: null,
      managerId: null,
      role: 'AE',
      segment: null,
      territoryId: null,
      startDate: null,
      endDate: null,
      ote: null,
      currency: null,
      ...provenance,
    })),
    territories: [],
    accounts: [],
    products: [],
    deals: [],
    rates: [],
    splits: [],
  };
  for (const id of ids) {
    for (let month = 1; month <= 12; month++) {
      const date = `2025-${String(month).padStart(2, '0')}-15`;
      dataset.deals.push({
        id: `${id}-${month}`,
        name: null,
        accountId: null,
        ownerId: id,
        sourceRepId: null,
        amount: 1_000_000,
        originalAmount: 1_000_000,
        currency: 'USD',
        createdDate: date,
        closeDate: date,
        stage: null,
        status: 'won',
        probability: null,
        type: 'new_business',
        product: null,
        unmapped: [],
        ...provenance,
      });
    }
  }
  return dataset;
}

export function tiedPlan(total: number): Plan {
  return planWithDefaults({
    name: 'Ties',
    start: '2026-01-01',
    currency: 'USD',
    target: { kind: 'total', total },
    seasonality: { mode: 'flat' },
  });
}
