// Seasonality (METHOD §2): flat, historical (blended half with flat) and custom shares.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { monthIndex } from './dates.ts';
import {
  customSeasonality,
  flatSeasonality,
  historicalSeasonality,
  seasonalFactor,
  SeasonalityInputError,
} from './seasonality.ts';

const month = (label: string): number => monthIndex(`${label}-01`);

describe('seasonality', () => {
  it('flat weighs every month 1', () => {
    const flat = flatSeasonality();
    expect(flat.mode).toBe('flat');
    expect(seasonalFactor(flat, month('2024-02'))).toBe(1);
    expect(flat.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('historical: a January with 13× the sales of other months gets σ 3.75, the others 0.75', () => {
    // Means: January 1300, others 100, sum 2400. h(Jan) = 13/24, s(Jan) = 13/48 + 1/24 = 0.3125.
    const bookings = new Map<number, number>();
    for (let m = month('2023-01'); m <= month('2023-12'); m++) bookings.set(m, 100);
    bookings.set(month('2023-01'), 1300);
    const s = historicalSeasonality(bookings, { from: month('2023-01'), to: month('2023-12') });
    expect(s.mode).toBe('historical');
    expect(s.shares[0]).toBeCloseTo(0.3125, 12);
    expect(seasonalFactor(s, month('2025-01'))).toBeCloseTo(3.75, 12);
    expect(seasonalFactor(s, month('2024-07'))).toBeCloseTo(0.75, 12);
  });

  it('historical takes the mean over each month’s occurrences, a month without sales counting 0', () => {
    // 24 months: January 2023 sold 2400, January 2024 nothing, every other month 100 in both years.
    const bookings = new Map<number, number>();
    for (let m = month('2023-01'); m <= month('2024-12'); m++) bookings.set(m, 100);
    bookings.set(month('2023-01'), 2400);
    bookings.delete(month('2024-01'));
    const s = historicalSeasonality(bookings, { from: month('2023-01'), to: month('2024-12') });
    // Means: January 1200, others 100; total 2300.
    expect(s.shares[0]).toBeCloseTo(0.5 * (1200 / 2300) + 0.5 / 12, 12);
    expect(s.shares[5]).toBeCloseTo(0.5 * (100 / 2300) + 0.5 / 12, 12);
  });

  it('falls back to flat with fewer than 12 months or no bookings, and ignores months outside the window', () => {
    const bookings = new Map<number, number>([[month('2023-03'), 500]]);
    expect(
      historicalSeasonality(bookings, { from: month('2023-01'), to: month('2023-11') }).mode,
    ).toBe('flat');
    expect(
      historicalSeasonality(bookings, { from: month('2024-01'), to: month('2024-12') }).mode,
    ).toBe('flat');
    expect(() => historicalSeasonality(bookings, { from: 5, to: 4 })).toThrow(
      SeasonalityInputError,
    );
  });

  it('historical shares sum to 1 and never fall below half of flat', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 12, maxLength: 40 }),
        (values) => {
          const from = month('2022-05');
          const bookings = new Map(values.map((v, k) => [from + k, v]));
          const s = historicalSeasonality(bookings, { from, to: from + values.length - 1 });
          expect(s.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          for (const share of s.shares) expect(share).toBeGreaterThanOrEqual(0.5 / 12 - 1e-15);
        },
      ),
    );
  });

  it('custom accepts 12 shares summing to 1 and reports each problem otherwise', () => {
    const shares = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.1];
    const good = customSeasonality(shares);
    expect(good.ok && good.value.mode).toBe('custom');
    expect(good.ok && seasonalFactor(good.value, month('2024-07'))).toBeCloseTo(0.6, 12);

    const short = customSeasonality([0.5, 0.5]);
    expect(!short.ok && short.issues.map((i) => i.code)).toEqual(['seasonality-share-count']);
    const negative = customSeasonality([...shares.slice(0, 11), -0.1]);
    expect(!negative.ok && negative.issues[0]?.location?.id).toBe('12');
    const off = customSeasonality(shares.map((x) => x * 1.01));
    expect(!off.ok && off.issues.map((i) => i.code)).toEqual(['seasonality-share-sum']);
  });
});
