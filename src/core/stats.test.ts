import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coefficientOfVariation, median, quantileInPlace, quantileSorted } from './stats.ts';

describe('quantileSorted', () => {
  it('interpolates linearly between closest ranks (QUARTILE.INC)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(quantileSorted([7], 0.5)).toBe(7);
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
  });

  it('by selection gives the same quantile as sorting, for any order and ties', () => {
    const sample = fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(sample, fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
        const sorted = [...values].sort((a, b) => a - b);
        expect(quantileInPlace(Float64Array.from(values), p)).toBeCloseTo(
          quantileSorted(sorted, p),
          9,
        );
      }),
    );
  });
});

describe('median and coefficientOfVariation', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('divides the population standard deviation by the mean', () => {
    // Mean 0.4, standard deviation 0.2.
    expect(coefficientOfVariation([0.6, 0.2])).toBeCloseTo(0.5, 12);
    expect(coefficientOfVariation([3, 3, 3])).toBe(0);
    expect(coefficientOfVariation([1])).toBeNull();
    expect(coefficientOfVariation([-1, 1])).toBeNull();
  });
});
