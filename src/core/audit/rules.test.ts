// Every audit rule, one by one: a small dataset that triggers it (count, first ref, detail) and
// a near miss that must not.

import { describe, expect, it } from 'vitest';
import type { Dataset } from '../model.ts';
import { auditDataset } from './index.ts';
import {
  cleanDataset,
  makeAccount,
  makeDeal,
  makeProduct,
  makeRep,
  makeTerritory,
} from './test-builders.ts';
import type { AuditOptions } from './types.ts';

interface RuleCase {
  code: string;
  /** What the rule catches, in words. */
  when: string;
  trigger: Dataset;
  count: number;
  /** Id of the first ref (refs are sorted by id). */
  refId: string;
  detail?: RegExp;
  /** A dataset (and options) close to the trigger that must not produce this finding. */
  nearMiss: Dataset;
  options?: AuditOptions;
  nearMissOptions?: AuditOptions;
}

const base = cleanDataset();
const withDeals = (...deals: Dataset['deals']): Dataset =>
  cleanDataset({ deals: [...base.deals, ...deals] });
const withReps = (...reps: Dataset['reps']): Dataset =>
  cleanDataset({ reps: [...base.reps, ...reps] });
const open = {
  status: 'open',
  stage: 'Engaging',
  closeDate: '2024-06-30',
  probability: 0.3,
} as const;

/** 24 won deals of 1,000.00 to 1,230.00 in segment SMB, plus `extra`. */
function sampleWith(extra: number, size = 24): Dataset {
  const deals = Array.from({ length: size }, (_, k) =>
    makeDeal(`w${String(k).padStart(2, '0')}`, { amount: 100_000 + k * 1_000 }),
  );
  return cleanDataset({ deals: [...deals, makeDeal('big', { amount: extra })] });
}

const CASES: RuleCase[] = [
  {
    code: 'deal-without-owner',
    when: 'a deal has no owner',
    trigger: withDeals(makeDeal('x1', { ownerId: null })),
    count: 1,
    refId: 'x1',
    detail: /^won deal has no owner$/,
    nearMiss: withDeals(makeDeal('x1', { ownerId: 'r1', amount: 5 })),
  },
  {
    code: 'owner-not-in-roster',
    when: 'a deal owner is not a rep',
    trigger: withDeals(makeDeal('0', { ownerId: 'Rosalina Dieter' })),
    count: 1,
    refId: '0',
    detail: /^deal 0 owned by 'Rosalina Dieter', no such rep$/,
    nearMiss: withDeals(makeDeal('0', { ownerId: 'r1', amount: 5 })),
  },
  {
    code: 'unknown-source-rep',
    when: 'a sourcing rep is not a rep',
    trigger: withDeals(makeDeal('x1', { sourceRepId: 'sdr9' })),
    count: 1,
    refId: 'x1',
    detail: /sourced by 'sdr9'/,
    nearMiss: withDeals(makeDeal('x1', { sourceRepId: 'r1' })),
  },
  {
    code: 'rep-without-territory',
    when: 'a seller has no territory',
    trigger: withReps(makeRep('r2', { territoryId: null })),
    count: 1,
    refId: 'r2',
    detail: /has no territory/,
    nearMiss: withReps(makeRep('r2', { territoryId: null, role: 'MGR' })),
  },
  {
    code: 'unknown-territory',
    when: 'a rep or account names a missing territory',
    trigger: cleanDataset({
      reps: [...base.reps, makeRep('r2', { territoryId: 't9' })],
      accounts: [...base.accounts, makeAccount('a2', { territoryId: 't9' })],
    }),
    count: 2,
    refId: 'a2',
    detail: /in territory 't9', no such territory/,
    // Without a territory list there is nothing to check against.
    nearMiss: cleanDataset({ territories: [], reps: [makeRep('r1', { territoryId: 't9' })] }),
  },
  {
    code: 'unknown-parent-territory',
    when: 'a territory parent is missing',
    trigger: cleanDataset({ territories: [makeTerritory('t1', { parentId: 'world' })] }),
    count: 1,
    refId: 't1',
    detail: /parent 'world', no such territory/,
    nearMiss: cleanDataset({
      territories: [makeTerritory('t1', { parentId: 'world' }), makeTerritory('world')],
    }),
  },
  {
    code: 'territory-cycle',
    when: 'territory parents loop',
    trigger: cleanDataset({
      territories: [
        makeTerritory('t1', { parentId: 't2' }),
        makeTerritory('t2', { parentId: 't1' }),
        makeTerritory('t3', { parentId: 't1' }),
      ],
    }),
    count: 2,
    refId: 't1',
    detail: /^territory hierarchy loops: t1 → t2 → t1$/,
    nearMiss: cleanDataset({
      territories: [makeTerritory('t1', { parentId: 't2' }), makeTerritory('t2')],
    }),
  },
  {
    code: 'manager-not-in-roster',
    when: 'a manager is not a rep',
    trigger: withReps(makeRep('r2', { managerId: 'boss' })),
    count: 1,
    refId: 'r2',
    detail: /reports to 'boss', no such rep/,
    nearMiss: withReps(makeRep('r2', { managerId: 'm1' })),
  },
  {
    code: 'manager-cycle',
    when: 'managers loop',
    trigger: withReps(
      makeRep('r3', { managerId: 'r4' }),
      makeRep('r4', { managerId: 'r3' }),
      makeRep('r5', { managerId: 'r3' }),
    ),
    count: 2,
    refId: 'r3',
    detail: /^manager chain loops: r3 → r4 → r3$/,
    nearMiss: withReps(makeRep('r3', { managerId: 'r4' }), makeRep('r4', { managerId: 'm1' })),
  },
  {
    code: 'account-owner-not-in-roster',
    when: 'an account owner is not a rep',
    trigger: cleanDataset({ accounts: [makeAccount('a1', { ownerId: 'ghost' })] }),
    count: 1,
    refId: 'a1',
    detail: /owned by 'ghost'/,
    nearMiss: cleanDataset({ accounts: [makeAccount('a1', { ownerId: 'r1' })] }),
  },
  {
    code: 'deal-outside-employment',
    when: 'a closed deal closes before its owner started',
    trigger: cleanDataset({
      reps: [makeRep('m1', { role: 'MGR' }), makeRep('r1', { startDate: '2024-02-20' })],
    }),
    count: 2,
    refId: 'd1',
    detail: /^won on 2024-02-15, before owner 'Rep r1' started on 2024-02-20$/,
    nearMiss: cleanDataset({
      reps: [makeRep('m1', { role: 'MGR' }), makeRep('r1', { startDate: '2024-02-15' })],
    }),
  },
  {
    code: 'inactive-rep-open-pipeline',
    when: 'a departed rep still owns open deals',
    trigger: cleanDataset({
      reps: [makeRep('m1', { role: 'MGR' }), makeRep('r1', { endDate: '2024-05-31' })],
    }),
    count: 1,
    refId: 'r1',
    detail: /left on 2024-05-31 and still owns 1 open deal worth 1000\.00 USD$/,
    nearMiss: cleanDataset({
      reps: [makeRep('m1', { role: 'MGR' }), makeRep('r1', { endDate: '2024-06-30' })],
    }),
  },
  {
    code: 'rep-without-deals',
    when: 'a seller owns, sources and shares no deal',
    trigger: withReps(makeRep('r2')),
    count: 1,
    refId: 'r2',
    detail: /owns, sourced and shares no deal/,
    nearMiss: cleanDataset({
      reps: [...base.reps, makeRep('r2')],
      splits: [
        { dealId: 'd1', repId: 'r1', share: 0.5 },
        { dealId: 'd1', repId: 'r2', share: 0.5 },
      ],
    }),
  },
  {
    code: 'rep-end-before-start',
    when: 'a rep leaves before starting',
    trigger: withReps(makeRep('r2', { startDate: '2024-05-01', endDate: '2024-04-01' })),
    count: 1,
    refId: 'r2',
    detail: /starts 2024-05-01, ends 2024-04-01/,
    nearMiss: withReps(makeRep('r2', { startDate: '2024-05-01', endDate: '2024-05-01' })),
  },
  {
    code: 'deal-without-account',
    when: 'a lost deal has no account',
    trigger: withDeals(makeDeal('x1', { status: 'lost', accountId: null })),
    count: 1,
    refId: 'x1',
    detail: /^lost deal has no account$/,
    nearMiss: withDeals(makeDeal('x1', { ...open, accountId: null })),
  },
  {
    code: 'open-deal-without-account',
    when: 'an open deal has no account',
    trigger: withDeals(makeDeal('x1', { ...open, accountId: null })),
    count: 1,
    refId: 'x1',
    nearMiss: withDeals(makeDeal('x1', { status: 'won', accountId: 'a1', amount: 7 })),
  },
  {
    code: 'unknown-account',
    when: 'a won deal names a missing account',
    trigger: withDeals(makeDeal('x1', { accountId: 'Acme' })),
    count: 1,
    refId: 'x1',
    detail: /on account 'Acme', no such account/,
    // Without an account list there is nothing to check against.
    nearMiss: cleanDataset({ accounts: [], deals: [makeDeal('x1', { accountId: 'Acme' })] }),
  },
  {
    code: 'open-deal-unknown-account',
    when: 'an open deal names a missing account',
    trigger: withDeals(makeDeal('x1', { ...open, accountId: 'Acme' })),
    count: 1,
    refId: 'x1',
    nearMiss: withDeals(makeDeal('x1', { accountId: 'Acme' })),
  },
  {
    code: 'duplicate-deal-id',
    when: 'two deals share an id',
    trigger: withDeals(makeDeal('d1', { amount: 7 })),
    count: 2,
    refId: 'd1',
    detail: /^2 deals share id 'd1'$/,
    nearMiss: withDeals(makeDeal('d1b', { amount: 7 })),
  },
  {
    code: 'duplicate-record-id',
    when: 'two reps share an id',
    trigger: withReps(makeRep('r1', { name: 'Other' })),
    count: 2,
    refId: 'r1',
    detail: /^2 reps share id 'r1'$/,
    nearMiss: withReps(makeRep('r2', { name: 'Other' })),
  },
  {
    code: 'near-duplicate-deals',
    when: 'deals are identical but for id and name',
    trigger: withDeals(makeDeal('d1b', { name: 'copy' })),
    count: 2,
    refId: 'd1',
    detail: /^identical to deal d1b except for id and name$/,
    nearMiss: withDeals(makeDeal('d1b', { name: 'copy', amount: 100_001 })),
  },
  {
    code: 'invalid-date',
    when: 'a date is not a calendar date',
    trigger: withDeals(makeDeal('x1', { createdDate: '2023-02-29' })),
    count: 1,
    refId: 'x1',
    detail: /created date '2023-02-29' not a YYYY-MM-DD calendar date/,
    nearMiss: withDeals(makeDeal('x1', { createdDate: '2024-02-29', closeDate: '2024-03-01' })),
  },
  {
    code: 'won-without-close-date',
    when: 'a lost deal has no close date',
    trigger: withDeals(makeDeal('x1', { status: 'lost', closeDate: null })),
    count: 1,
    refId: 'x1',
    detail: /^lost deal has no close date$/,
    nearMiss: withDeals(makeDeal('x1', { ...open, closeDate: null })),
  },
  {
    code: 'won-without-created-date',
    when: 'a won deal has no created date',
    trigger: withDeals(makeDeal('x1', { createdDate: null })),
    count: 1,
    refId: 'x1',
    detail: /won on 2024-02-15/,
    nearMiss: withDeals(makeDeal('x1', { status: 'lost', createdDate: null })),
  },
  {
    code: 'close-before-created',
    when: 'a deal closes before it was created',
    trigger: withDeals(makeDeal('x1', { createdDate: '2017-03-05', closeDate: '2017-03-01' })),
    count: 1,
    refId: 'x1',
    detail: /^closes 2017-03-01, created 2017-03-05$/,
    nearMiss: withDeals(makeDeal('x1', { createdDate: '2017-03-01', closeDate: '2017-03-01' })),
  },
  {
    code: 'won-after-as-of',
    when: 'a won deal closes after the given as-of date',
    trigger: base,
    options: { asOf: '2024-02-14' },
    count: 1,
    refId: 'd1',
    detail: /^won on 2024-02-15, after the as-of date 2024-02-14$/,
    // The as-of date defaults to the latest date in the data, which nothing can pass.
    nearMiss: base,
  },
  {
    code: 'dated-after-as-of',
    when: 'a deal was created after the given as-of date',
    trigger: withDeals(makeDeal('x1', { ...open, createdDate: '2024-07-02', closeDate: null })),
    options: { asOf: '2024-07-01' },
    count: 1,
    refId: 'x1',
    detail: /^created 2024-07-02, after the as-of date 2024-07-01$/,
    nearMiss: withDeals(makeDeal('x1', { ...open, createdDate: '2024-07-01', closeDate: null })),
    nearMissOptions: { asOf: '2024-07-01' },
  },
  {
    code: 'open-deal-without-close-date',
    when: 'an open deal has no expected close date',
    trigger: withDeals(makeDeal('x1', { ...open, closeDate: null })),
    count: 1,
    refId: 'x1',
    detail: /^open deal at stage 'Engaging' has no expected close date$/,
    nearMiss: withDeals(makeDeal('x1', { ...open })),
  },
  {
    code: 'open-deal-past-close-date',
    when: 'an open deal should have closed before the as-of date',
    trigger: withDeals(makeDeal('x1', { ...open, closeDate: '2024-03-01' })),
    count: 1,
    refId: 'x1',
    detail: /expected to close 2024-03-01, before the as-of date 2024-06-30$/,
    nearMiss: withDeals(makeDeal('x1', { ...open, closeDate: '2024-06-30' })),
  },
  {
    code: 'invalid-amount',
    when: 'an amount is not whole cents',
    trigger: withDeals(makeDeal('x1', { amount: 100.5 })),
    count: 1,
    refId: 'x1',
    detail: /^amount 100\.5 is not whole cents$/,
    nearMiss: withDeals(makeDeal('x1', { amount: 101 })),
  },
  {
    code: 'won-nonpositive-amount',
    when: 'a won deal has no positive amount',
    trigger: withDeals(makeDeal('x1', { amount: null }), makeDeal('x2', { amount: -500 })),
    count: 2,
    refId: 'x1',
    detail: /^won deal has no amount$/,
    // On a count basis the amount does not matter.
    nearMiss: cleanDataset({
      settings: { basis: 'count' },
      deals: [makeDeal('x1', { amount: null })],
    }),
  },
  {
    code: 'negative-amount',
    when: 'a lost deal has a negative amount',
    trigger: withDeals(makeDeal('x1', { status: 'lost', amount: -500 })),
    count: 1,
    refId: 'x1',
    detail: /^lost deal amount is -5\.00 USD$/,
    nearMiss: withDeals(makeDeal('x1', { status: 'lost', amount: 0 })),
  },
  {
    code: 'outlier-amount',
    when: 'a won deal lies above Q3 + 3×IQR of its segment',
    trigger: sampleWith(10_000_000),
    count: 1,
    refId: 'big',
    // 25 amounts 1,000..1,230 and 100,000: Q1 = 1,060, Q3 = 1,180, limit 1,180 + 3 × 120.
    detail:
      /^won 100000\.00 USD, above 1540\.00 USD \(Q3 \+ 3×IQR of 25 won deals in segment 'SMB'\)$/,
    // Fewer than 20 won deals in the segment: too few to judge.
    nearMiss: sampleWith(10_000_000, 17),
  },
  {
    code: 'currency-without-rate',
    when: 'a deal or OTE currency has no rate',
    trigger: cleanDataset({
      reps: [...base.reps, makeRep('r2', { currency: 'GBP', ote: 1 })],
      deals: [...base.deals, makeDeal('x1', { currency: 'EUR' })],
    }),
    count: 2,
    refId: 'r2',
    detail: /OTE of 'Rep r2' in GBP, no GBP rate to USD/,
    nearMiss: cleanDataset({
      reps: [...base.reps, makeRep('r2', { currency: 'GBP', ote: 1 })],
      deals: [...base.deals, makeDeal('x1', { currency: 'EUR' })],
      rates: [
        { currency: 'EUR', rate: 1.1, validFrom: null },
        { currency: 'GBP', rate: 1.3, validFrom: '2024-01-01' },
      ],
    }),
  },
  {
    code: 'invalid-rate',
    when: 'a rate is zero',
    trigger: cleanDataset({ rates: [{ currency: 'EUR', rate: 0, validFrom: null }] }),
    count: 1,
    refId: 'EUR',
    detail: /^EUR rate is 0$/,
    nearMiss: cleanDataset({ rates: [{ currency: 'EUR', rate: 1.1, validFrom: null }] }),
  },
  {
    code: 'probability-out-of-range',
    when: 'a probability is above 1',
    trigger: withDeals(makeDeal('x1', { ...open, probability: 40 })),
    count: 1,
    refId: 'x1',
    nearMiss: withDeals(makeDeal('x1', { ...open, probability: 0.4 })),
  },
  {
    code: 'unmapped-stage',
    when: 'a stage had no value-map entry',
    trigger: withDeals(makeDeal('x1', { stage: 'Verbal', unmapped: ['stage'] })),
    count: 1,
    refId: 'x1',
    detail: /^stage 'Verbal' is not in the value map; status 'won' is a guess$/,
    nearMiss: withDeals(makeDeal('x1', { stage: 'Verbal', unmapped: ['type'] })),
  },
  {
    code: 'unmapped-type',
    when: 'a type had no value-map entry',
    trigger: withDeals(makeDeal('x1', { unmapped: ['type'] })),
    count: 1,
    refId: 'x1',
    nearMiss: withDeals(makeDeal('x1', { unmapped: ['stage'] })),
  },
  {
    code: 'product-spelling-mismatch',
    when: 'a product is spelled differently from the product list',
    trigger: cleanDataset({
      products: [makeProduct('p1', { name: 'GTX Pro' })],
      deals: [makeDeal('x1', { product: 'GTXPro' })],
    }),
    count: 1,
    refId: 'x1',
    detail: /^product 'GTXPro' vs 'GTX Pro' in the product list$/,
    nearMiss: cleanDataset({
      products: [makeProduct('p1', { name: 'GTX Pro' })],
      deals: [makeDeal('x1', { product: 'GTX Pro' })],
    }),
  },
  {
    code: 'unknown-product',
    when: 'a product matches nothing in the product list',
    trigger: withDeals(makeDeal('x1', { product: 'Gizmo' })),
    count: 1,
    refId: 'x1',
    detail: /^product 'Gizmo', no such product$/,
    // Without a product list there is nothing to check against.
    nearMiss: cleanDataset({ products: [], deals: [makeDeal('x1', { product: 'Gizmo' })] }),
  },
  {
    code: 'inconsistent-spelling',
    when: 'a rarer category value is one typo from a common one',
    trigger: cleanDataset({
      accounts: [
        makeAccount('a1', { segment: 'Enterprise' }),
        makeAccount('a2', { segment: 'Enterprise' }),
        makeAccount('a3', { segment: 'Enterprse' }),
      ],
    }),
    count: 1,
    refId: 'a3',
    detail: /^segment 'Enterprse' \(1 account\) looks like 'Enterprise' \(2 accounts\)$/,
    // Short codes one letter apart are different codes.
    nearMiss: cleanDataset({
      accounts: [
        makeAccount('a1', { segment: 'SMB' }),
        makeAccount('a2', { segment: 'SMB' }),
        makeAccount('a3', { segment: 'SME' }),
      ],
    }),
  },
  {
    code: 'split-shares-invalid',
    when: 'split shares do not sum to 1 or name a missing deal',
    trigger: cleanDataset({
      splits: [
        { dealId: 'd1', repId: 'r1', share: 0.6 },
        { dealId: 'd1', repId: 'm1', share: 0.3 },
        { dealId: 'zz', repId: 'r1', share: 1 },
      ],
    }),
    count: 2,
    refId: 'd1',
    detail: /^shares sum to 0\.9 over 2 splits, not 1$/,
    nearMiss: cleanDataset({
      splits: [
        { dealId: 'd1', repId: 'r1', share: 0.6 },
        { dealId: 'd1', repId: 'm1', share: 0.4 },
      ],
    }),
  },
  {
    code: 'roster-derived',
    when: 'reps were built from deal owners',
    trigger: cleanDataset({
      reps: [makeRep('m1', { role: 'MGR' }), makeRep('r1', { derived: true })],
    }),
    count: 1,
    refId: 'r1',
    nearMiss: base,
  },
  {
    code: 'territories-derived',
    when: 'territories were built from references',
    trigger: cleanDataset({ territories: [makeTerritory('t1', { derived: true })] }),
    count: 1,
    refId: 't1',
    nearMiss: base,
  },
  {
    code: 'accounts-derived',
    when: 'accounts were built from deals',
    trigger: cleanDataset({ accounts: [makeAccount('a1', { derived: true })] }),
    count: 1,
    refId: 'a1',
    nearMiss: base,
  },
  {
    code: 'products-derived',
    when: 'products were built from deals',
    trigger: cleanDataset({ products: [makeProduct('p1', { derived: true })] }),
    count: 1,
    refId: 'p1',
    nearMiss: base,
  },
];

describe('audit rules', () => {
  it('the clean base dataset has no findings', () => {
    expect(auditDataset(base).findings).toEqual([]);
  });

  describe.each(CASES)('$code', (c) => {
    it(`reports every record when ${c.when}`, () => {
      const report = auditDataset(c.trigger, c.options);
      const finding = report.findings.find((f) => f.code === c.code);
      expect(finding, `no ${c.code} finding`).toBeDefined();
      expect(finding?.count).toBe(c.count);
      expect(finding?.refs).toHaveLength(c.count);
      expect(finding?.refs[0]?.id).toBe(c.refId);
      if (c.detail !== undefined) expect(finding?.refs[0]?.detail).toMatch(c.detail);
    });

    it('stays silent on the near miss', () => {
      const report = auditDataset(c.nearMiss, c.nearMissOptions);
      expect(report.findings.map((f) => f.code)).not.toContain(c.code);
    });
  });

  it('has a case for every rule', () => {
    const tested = new Set(CASES.map((c) => c.code));
    const all = auditDataset(base, { asOf: '2024-06-30' }).rules.map((r) => r.code);
    expect(all.filter((code) => !tested.has(code))).toEqual([]);
  });
});
