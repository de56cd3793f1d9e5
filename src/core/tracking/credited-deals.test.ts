// The deals behind a bookings figure: a split deal credits each rep their largest-remainder part
// of the amount (the parts add up to the deal), an unsplit deal its owner in full, and only the
// deal types the role counts.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditedDeals } from './credited-deals.ts';
import type { CreditableDeal } from './credited-deals.ts';

const deal = (
  id: string,
  ownerId: string,
  amount: number,
  type: CreditableDeal['type'] = null,
) => ({
  id,
  name: null,
  accountId: null,
  ownerId,
  amount,
  type,
  closeDate: '2018-01-15',
});

describe('creditedDeals', () => {
  it('credits the owner of an unsplit deal in full, and a split by its shares', () => {
    const rows = creditedDeals({
      repId: 'A',
      deals: [deal('d1', 'A', 100_000), deal('d2', 'B', 100_001), deal('d3', 'B', 5_000)],
      splits: [
        { dealId: 'd2', repId: 'A', share: 0.5 },
        { dealId: 'd2', repId: 'B', share: 0.5 },
      ],
      counts: ['new_business'],
      basis: 'amount',
    });
    expect(rows.map((r) => [r.dealId, r.share, r.credited, r.split])).toEqual([
      ['d1', 1, 100_000, false],
      ['d2', 0.5, 50_001, true],
    ]);
  });

  it('leaves out the deal types the role does not count', () => {
    const rows = creditedDeals({
      repId: 'A',
      deals: [deal('d1', 'A', 100, 'renewal'), deal('d2', 'A', 100, 'expansion')],
      splits: [],
      counts: ['new_business', 'expansion'],
      basis: 'amount',
    });
    expect(rows.map((r) => r.dealId)).toEqual(['d2']);
  });

  it('gives the credits of a split deal that add up to its amount, to the cent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }),
        (amount, weights) => {
          const total = weights.reduce((a, b) => a + b, 0);
          const splits = weights.map((w, i) => ({ dealId: 'd', repId: `R${i}`, share: w / total }));
          const sum = splits
            .map(
              (s) =>
                creditedDeals({
                  repId: s.repId,
                  deals: [deal('d', 'nobody', amount)],
                  splits,
                  counts: ['new_business'],
                  basis: 'amount',
                })[0]?.credited ?? 0,
            )
            .reduce((a, b) => a + b, 0);
          expect(sum).toBe(amount);
        },
      ),
    );
  });
});
