// Builders for audit tests: records with valid defaults that tests override field by field, and
// a small clean dataset in which every reference resolves.

import type {
  Account,
  CreditSplit,
  CurrencyRate,
  Dataset,
  Deal,
  Product,
  Rep,
  Territory,
  WorkspaceSettings,
} from '../model.ts';

const PROVENANCE = { source: 'test', derived: false } as const;

export function makeRep(id: string, overrides: Partial<Rep> = {}): Rep {
  return {
    id,
    name: `Rep ${id}`,
    email: null,
    managerId: null,
    role: 'AE',
    segment: 'SMB',
    territoryId: 't1',
    startDate: null,
    endDate: null,
    ote: null,
    currency: null,
    ...PROVENANCE,
    ...overrides,
  };
}

export function makeTerritory(id: string, overrides: Partial<Territory> = {}): Territory {
  return {
    id,
    name: `Territory ${id}`,
    parentId: null,
    segment: null,
    ...PROVENANCE,
    ...overrides,
  };
}

export function makeAccount(id: string, overrides: Partial<Account> = {}): Account {
  return {
    id,
    name: `Account ${id}`,
    territoryId: 't1',
    ownerId: null,
    segment: 'SMB',
    industry: null,
    employees: null,
    annualRevenue: null,
    potential: null,
    ...PROVENANCE,
    ...overrides,
  };
}

export function makeProduct(id: string, overrides: Partial<Product> = {}): Product {
  return { id, name: `Product ${id}`, family: null, listPrice: null, ...PROVENANCE, ...overrides };
}

/** A won deal of 1,000.00 owned by r1 on account a1, product p1, created 2024-01-10, won 2024-02-15. */
export function makeDeal(id: string, overrides: Partial<Deal> = {}): Deal {
  return {
    id,
    name: `Deal ${id}`,
    accountId: 'a1',
    ownerId: 'r1',
    sourceRepId: null,
    amount: 100_000,
    originalAmount: 100_000,
    currency: 'USD',
    createdDate: '2024-01-10',
    closeDate: '2024-02-15',
    stage: 'Closed Won',
    status: 'won',
    probability: 1,
    type: 'new_business',
    product: 'p1',
    unmapped: [],
    ...PROVENANCE,
    ...overrides,
  };
}

export interface DatasetParts {
  settings?: Partial<WorkspaceSettings>;
  reps?: Rep[];
  territories?: Territory[];
  accounts?: Account[];
  products?: Product[];
  deals?: Deal[];
  rates?: CurrencyRate[];
  splits?: CreditSplit[];
}

/** A dataset from parts; settings default to USD, amount basis, no as-of date. */
export function makeDataset(parts: DatasetParts = {}): Dataset {
  return {
    settings: { currency: 'USD', basis: 'amount', asOf: null, ...parts.settings },
    reps: parts.reps ?? [],
    territories: parts.territories ?? [],
    accounts: parts.accounts ?? [],
    products: parts.products ?? [],
    deals: parts.deals ?? [],
    rates: parts.rates ?? [],
    splits: parts.splits ?? [],
  };
}

/**
 * A small dataset with no findings: territory t1; manager m1 and AE r1 (in t1, reporting to m1);
 * account a1; product p1; a won, a lost and an open deal (the open one closes on the latest
 * date, 2024-06-30, so it is not stale). Override any part.
 */
export function cleanDataset(parts: DatasetParts = {}): Dataset {
  return makeDataset({
    territories: [makeTerritory('t1')],
    reps: [makeRep('m1', { role: 'MGR', territoryId: null }), makeRep('r1', { managerId: 'm1' })],
    accounts: [makeAccount('a1')],
    products: [makeProduct('p1', { name: 'Widget' })],
    deals: [
      makeDeal('d1'),
      makeDeal('d2', {
        status: 'lost',
        stage: 'Closed Lost',
        amount: 0,
        originalAmount: 0,
        probability: 0,
      }),
      makeDeal('d3', {
        status: 'open',
        stage: 'Negotiation',
        // Created on the last day of the data: the as-of date (an open deal's close date is a
        // forecast and does not set it).
        createdDate: '2024-06-30',
        closeDate: '2024-06-30',
        probability: 0.5,
      }),
    ],
    ...parts,
  });
}
