// Credit splits: cents split by largest remainder reconcile to the deal amount, whatever the shares.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { creditTable, idFilter, splitCents } from './credit.ts';

describe('splitCents', () => {
  it('gives the leftover cents to the largest remainders, ties to the earlier share', () => {
    expect(splitCents(10_001, [1, 1, 1])).toEqual([3_334, 3_334, 3_333]);
    expect(splitCents(100, [0.7, 0.3])).toEqual([70, 30]);
    expect(splitCents(5, [0.45, 0.55])).toEqual([2, 3]);
    expect(splitCents(-10_001, [1, 1, 1])).toEqual([-3_334, -3_334, -3_333]);
    expect(splitCents(0, [1, 2])).toEqual([0, 0]);
  });

  it('always sums to the amount, each part within a cent of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
        (amount, shares) => {
          const parts = splitCents(amount, shares);
          const total = shares.reduce((a, b) => a + b, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
          parts.forEach((p, i) => {
            expect(Number.isInteger(p)).toBe(true);
            expect(Math.abs(p - (amount * (shares[i] ?? 0)) / total)).toBeLessThan(1.000001);
          });
        },
      ),
    );
  });

  it('refuses shares that are all zero', () => {
    expect(() => splitCents(100, [0, 0])).toThrow(RangeError);
  });
});

describe('creditTable', () => {
  it('drops unusable shares, sorts a deal’s pieces by rep and normalises them to 1', () => {
    const table = creditTable([
      { dealId: 'd1', repId: 'c', share: 0.3 },
      { dealId: 'd2', repId: 'a', share: 0 },
      { dealId: 'd1', repId: 'b', share: 0.6 },
      { dealId: 'd3', repId: 'c', share: Number.NaN },
      { dealId: 'd1', repId: 'a', share: 0.3 },
    ]);
    const slot = table.slotOf.get('d1') ?? -1;
    const from = table.start[slot] ?? 0;
    const to = table.start[slot + 1] ?? 0;
    expect(table.repIds.slice(from, to)).toEqual(['a', 'b', 'c']);
    expect(Array.from(table.shares.subarray(from, to))).toEqual([0.25, 0.5, 0.25]);
    expect(table.slotOf.has('d2')).toBe(false);
    expect(table.slotOf.has('d3')).toBe(false);
  });
});

describe('idFilter', () => {
  it('never misses an id it was given and rejects most others', () => {
    const ids = Array.from({ length: 1_000 }, (_, i) => `deal-${i * 7}`);
    const filter = idFilter(ids, ids.length);
    expect(ids.every((id) => filter.mayHave(id))).toBe(true);
    const others = Array.from({ length: 10_000 }, (_, i) => `other-${i}`);
    expect(others.filter((id) => filter.mayHave(id)).length).toBeLessThan(2_000);
  });
});
