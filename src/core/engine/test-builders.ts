// Builders for engine tests: a Seller and a History with sensible defaults, so a test states
// only what it is about. Not used by production code.

import { DEFAULT_RAMP } from '../capacity.ts';
import { monthIndex } from '../dates.ts';
import { flatSeasonality } from '../seasonality.ts';
import type { History, Seller } from './history.ts';

/** A fully ramped AE in SMB, territory t1, with a year of history and no bookings unless given. */
export function makeSeller(id: string, overrides: Partial<Seller> = {}): Seller {
  return {
    id,
    name: `Rep ${id}`,
    email: null,
    role: 'AE',
    measure: 'bookings',
    segment: 'SMB',
    territoryId: 't1',
    managerId: null,
    startDate: null,
    endDate: null,
    planned: false,
    ote: null,
    ramp: DEFAULT_RAMP,
    fitCapacity: 12,
    fitRampedMonths: 12,
    fullMonths: 12,
    fitMeasure: 0,
    trailing12: 0,
    won: 0,
    lost: 0,
    own: 0,
    openFirstQuarter: 0,
    openFirstQuarterUnpriced: 0,
    ownedAccounts: 0,
    accountPotential: 0,
    accountTrailing12: 0,
    actual: new Float64Array(12),
    ...overrides,
  };
}

/** A 12-month plan from 2025-01-01 learnt from 2024, flat seasonality, no accounts. */
export function makeHistory(sellers: Seller[], overrides: Partial<History> = {}): History {
  const months = overrides.months ?? 12;
  const names = new Map<string, string>();
  const managers = new Map<string, string | null>();
  for (const s of sellers) {
    names.set(s.id, s.name);
    managers.set(s.id, s.managerId);
  }
  return {
    asOf: '2024-12-31',
    asOfSource: { date: '2024-12-31', source: 'plan', fact: null, note: "the plan's as_of" },
    startMonth: monthIndex('2025-01-01'),
    months,
    fit: { from: monthIndex('2024-01-01'), to: monthIndex('2024-12-01') },
    fitNote: 'test',
    seasonality: flatSeasonality(),
    sigma: new Float64Array(months).fill(1),
    sellers,
    accounts: [],
    potentialSource: 'bookings',
    territoryNames: new Map(),
    personNames: names,
    managerOf: managers,
    basis: 'amount',
    wonSizes: { start: new Int32Array(sellers.length + 1), amounts: new Float64Array(0) },
    companyMonthly: new Map(),
    issues: [],
    ...overrides,
  };
}
