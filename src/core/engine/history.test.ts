import { describe, expect, it } from 'vitest';
import {
  makeAccount,
  makeDataset,
  makeDeal,
  makeRep,
  makeTerritory,
} from '../audit/test-builders.ts';
import { monthIndex } from '../dates.ts';
import { AE_ROLE, DEFAULT_ROLES, planWithDefaults } from '../plan/defaults.ts';
import type { Deal } from '../model.ts';
import type { Plan } from '../plan/types.ts';
import { learnHistory } from './history.ts';

function plan(overrides: Partial<Plan> = {}): Plan {
  return planWithDefaults({
    name: 'FY2025',
    start: '2025-01-01',
    currency: 'USD',
    target: { kind: 'total', total: 100_000_000 },
    ...overrides,
  });
}

describe('learnHistory', () => {
  it('fits on the months from the first closed deal to the last complete month before the plan, at most history_months', () => {
    const dataset = makeDataset({
      reps: [makeRep('r1')],
      deals: [
        makeDeal('old', { closeDate: '2021-06-10', createdDate: '2021-05-01' }),
        makeDeal('recent', { closeDate: '2024-11-20', createdDate: '2024-10-01' }),
      ],
    });
    // The latest date is 2024-11-20: November is not complete, so the window ends in October.
    const h = learnHistory(dataset, plan());
    expect(h.asOf).toBe('2024-11-20');
    expect(h.fit).toEqual({ from: monthIndex('2022-11-01'), to: monthIndex('2024-10-01') });
    const short = learnHistory(dataset, plan({ historyMonths: 6, asOf: '2024-12-31' }));
    expect(short.fit).toEqual({ from: monthIndex('2024-07-01'), to: monthIndex('2024-12-01') });
  });

  it('builds the company series from the deal types of the roles on the roster only (issue 12)', () => {
    // Two years of history; the AM, who counted renewals, left before the plan year.
    const deals: Deal[] = [];
    for (let m = 1; m <= 12; m++) {
      const mm = String(m).padStart(2, '0');
      for (const year of [2023, 2024]) {
        deals.push(
          makeDeal(`nb-${year}-${mm}`, {
            ownerId: 'ae',
            amount: 100_000,
            closeDate: `${year}-${mm}-10`,
          }),
          // Renewals all fall in December: they would make December the peak of the year.
          ...(m === 12
            ? [
                makeDeal(`ren-${year}`, {
                  ownerId: 'am',
                  amount: 5_000_000,
                  type: 'renewal' as const,
                  closeDate: `${year}-12-10`,
                }),
              ]
            : []),
        );
      }
    }
    const reps = [makeRep('ae'), makeRep('am', { role: 'AM', endDate: '2024-12-31' })];
    const accounts = [makeAccount('a1')];
    const dataset = makeDataset({ settings: { asOf: '2024-12-31' }, reps, accounts, deals });
    const aeOnly = learnHistory(dataset, plan());
    expect(aeOnly.seasonality.mode).toBe('historical');
    expect(aeOnly.companyMonthly.get(monthIndex('2024-12-01'))).toBe(100_000);
    for (const share of aeOnly.seasonality.shares) expect(share).toBeCloseTo(1 / 12, 12);
    // Account potential falls back to the same series.
    expect(aeOnly.accounts.find((a) => a.id === 'a1')?.trailing12).toBe(1_200_000);

    // With the AM still on the roster, renewals shape the year.
    const withAm = learnHistory(
      makeDataset({
        settings: { asOf: '2024-12-31' },
        reps: [makeRep('ae'), makeRep('am', { role: 'AM' })],
        accounts,
        deals,
      }),
      plan(),
    );
    expect(withAm.companyMonthly.get(monthIndex('2024-12-01'))).toBe(5_100_000);
    expect(withAm.seasonality.shares[11]).toBeGreaterThan(0.3);

    // And when the plan says AEs count renewals, they count without an AM.
    const aeRenewals = learnHistory(
      dataset,
      plan({
        roles: {
          ...DEFAULT_ROLES,
          AE: { ...AE_ROLE, counts: ['new_business', 'expansion', 'renewal'] },
        },
      }),
    );
    expect(aeRenewals.companyMonthly.get(monthIndex('2024-12-01'))).toBe(5_100_000);
  });

  it('credits counted deal types per role, by credit splits, and sourced pipeline to SDRs', () => {
    const dataset = makeDataset({
      settings: { asOf: '2024-12-31' },
      reps: [
        makeRep('ae'),
        makeRep('am', { role: 'AM' }),
        makeRep('sdr', { role: 'SDR' }),
        makeRep('mgr', { role: 'MGR' }),
      ],
      deals: [
        makeDeal('nb', {
          ownerId: 'ae',
          amount: 100_000,
          sourceRepId: 'sdr',
          createdDate: '2024-02-01',
        }),
        makeDeal('exp', { ownerId: 'ae', amount: 50_000, type: 'expansion' }),
        makeDeal('ren', { ownerId: 'am', amount: 70_000, type: 'renewal' }),
        makeDeal('split', { ownerId: 'ae', amount: 1_001, type: 'expansion' }),
        makeDeal('lost', {
          ownerId: 'ae',
          status: 'lost',
          amount: 10,
          sourceRepId: 'sdr',
          createdDate: '2024-02-02',
        }),
      ],
      splits: [
        { dealId: 'split', repId: 'ae', share: 0.5 },
        { dealId: 'split', repId: 'am', share: 0.5 },
      ],
    });
    const h = learnHistory(dataset, plan());
    const s = (id: string) => h.sellers.find((x) => x.id === id);
    expect(h.sellers.map((x) => x.id)).toEqual(['ae', 'am', 'sdr']);
    // AE counts new business and expansion: 100,000 + 50,000 + its half of 1,001 (501 by largest remainder).
    expect(s('ae')?.fitMeasure).toBe(150_501);
    expect(s('ae')?.won).toBe(2.5);
    expect(s('ae')?.lost).toBe(1);
    // AM counts expansion and renewal: 70,000 + 500.
    expect(s('am')?.fitMeasure).toBe(70_500);
    // The SDR sourced two deals worth 100,010 cents, whatever became of them.
    expect(s('sdr')?.measure).toBe('sourced_pipeline');
    expect(s('sdr')?.fitMeasure).toBe(100_010);
  });

  it('counts in hundredths of a deal under the count basis, sourced pipeline included', () => {
    const dataset = makeDataset({
      settings: { asOf: '2024-12-31', basis: 'count' },
      reps: [makeRep('ae'), makeRep('sdr', { role: 'SDR' })],
      deals: [
        makeDeal('a', {
          amount: null,
          ownerId: 'ae',
          sourceRepId: 'sdr',
          createdDate: '2024-02-01',
        }),
        makeDeal('b', {
          amount: null,
          ownerId: 'ae',
          sourceRepId: 'sdr',
          createdDate: '2024-02-03',
        }),
      ],
    });
    const h = learnHistory(dataset, plan());
    expect(h.sellers.map((s) => [s.id, s.fitMeasure])).toEqual([
      ['ae', 200],
      ['sdr', 200],
    ]);
    expect(Array.from(h.wonSizes.amounts)).toEqual([100, 100]);
  });

  it('measures open pipeline closing in the first plan quarter, and account facts', () => {
    const dataset = makeDataset({
      settings: { asOf: '2024-12-31' },
      territories: [makeTerritory('t1')],
      reps: [makeRep('r1')],
      accounts: [makeAccount('a1', { ownerId: 'r1', territoryId: null }), makeAccount('a2')],
      deals: [
        makeDeal('won', { closeDate: '2024-06-15' }),
        makeDeal('q1', { status: 'open', closeDate: '2025-03-31', amount: 500_000 }),
        makeDeal('q2', { status: 'open', closeDate: '2025-04-01', amount: 700_000 }),
        makeDeal('q1-unpriced', { status: 'open', closeDate: '2025-02-01', amount: null }),
        makeDeal('undated', { status: 'open', closeDate: null, amount: 900_000 }),
        makeDeal('q2-unpriced', { status: 'open', closeDate: '2025-05-01', amount: null }),
      ],
    });
    const h = learnHistory(dataset, plan());
    expect(h.sellers[0]?.openFirstQuarter).toBe(500_000);
    // Open deals without an amount (closing in Q1) or without a close date add nothing to the
    // pipeline and are counted as such; one closing later is simply not Q1's.
    expect(h.sellers[0]?.openFirstQuarterUnpriced).toBe(2);
    expect(h.sellers[0]?.ownedAccounts).toBe(1);
    expect(h.sellers[0]?.accountTrailing12).toBe(100_000);
    // a1 has no territory of its own: it takes its owner's.
    expect(h.accounts.map((a) => [a.id, a.territoryId, a.potential])).toEqual([
      ['a1', 't1', 100_000],
      ['a2', 't1', 0],
    ]);
    expect(h.potentialSource).toBe('bookings');
  });

  it('applies planned departures and refuses references to people or territories that do not exist', () => {
    const dataset = makeDataset({ reps: [makeRep('r1')], territories: [makeTerritory('t1')] });
    const h = learnHistory(
      dataset,
      plan({
        departures: [
          { repId: 'r1', endDate: '2025-06-30' },
          { repId: 'nobody', endDate: '2025-06-30' },
        ],
        hires: [
          {
            id: 'r1',
            name: 'Clash',
            role: 'AE',
            segment: null,
            territoryId: null,
            managerId: null,
            startDate: '2025-02-01',
            endDate: null,
            ote: null,
          },
          {
            id: 'h2',
            name: 'Lost',
            role: 'AE',
            segment: null,
            territoryId: 'nowhere',
            managerId: null,
            startDate: '2025-02-01',
            endDate: null,
            ote: null,
          },
        ],
        territoryWeights: { ...plan().territoryWeights, overrides: { ghost: 1.1 } },
        roles: DEFAULT_ROLES,
      }),
    );
    expect(h.sellers.find((s) => s.id === 'r1')?.endDate).toBe('2025-06-30');
    expect(h.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual([
      'plan-departure-unknown-rep',
      'plan-hire-id-taken',
      'plan-hire-unknown-territory',
      'plan-override-unknown-territory',
    ]);
  });
});
