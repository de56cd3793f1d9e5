// The fast date readers used by the baseline must agree with dates.ts on every date.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayNumber, fromDayNumber, monthIndex } from '../dates.ts';
import { dayNumberOf, monthIndexOf } from './date-digits.ts';

describe('date digits', () => {
  it('read the same day and month numbers as dates.ts for any date in four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        const date = fromDayNumber(n);
        expect(dayNumberOf(date)).toBe(dayNumber(date));
        expect(monthIndexOf(date)).toBe(monthIndex(date));
      }),
    );
  });

  it('count leap days', () => {
    expect(dayNumberOf('2024-03-01') - dayNumberOf('2024-02-28')).toBe(2);
    expect(dayNumberOf('1900-03-01') - dayNumberOf('1900-02-28')).toBe(1);
    expect(dayNumberOf('1970-01-01')).toBe(0);
  });
});
