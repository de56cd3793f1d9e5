import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  daysBetween,
  isIsoDate,
  monthIndex,
  monthStart,
  monthEnd,
  fromDayNumber,
  dayNumber,
} from './dates.ts';

describe('calendar dates', () => {
  it('rejects impossible dates and accepts leap days', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
  });

  it('counts days across month and year ends', () => {
    expect(daysBetween('2023-12-31', '2024-01-01')).toBe(1);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('numbers months consecutively and maps them back to their first and last days', () => {
    expect(monthIndex('2024-01-15') - monthIndex('2023-12-31')).toBe(1);
    expect(monthStart(monthIndex('2024-02-10'))).toBe('2024-02-01');
    expect(monthEnd(monthIndex('2024-02-10'))).toBe('2024-02-29');
  });

  it('day numbers round-trip for any date in four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        const iso = fromDayNumber(n);
        return isIsoDate(iso) && dayNumber(iso) === n;
      }),
    );
  });
});
