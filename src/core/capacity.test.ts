// Capacity (METHOD §2): who carries how much of a month, with hand-worked ramps and invariants.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  activeFraction,
  CapacityInputError,
  DEFAULT_RAMP,
  effectiveCapacity,
  rampFactor,
  tenureMonth,
  validateRamp,
} from './capacity.ts';
import { addDays, daysBetween, daysInMonthIndex, fromDayNumber, monthIndex } from './dates.ts';

const month = (label: string): number => monthIndex(`${label}-01`);

describe('active fraction', () => {
  it('counts the days of the month between start and end, both inclusive', () => {
    const hire = { startDate: '2024-03-16', endDate: null };
    expect(activeFraction(hire, month('2024-03'))).toBeCloseTo(16 / 31, 12);
    expect(activeFraction(hire, month('2024-02'))).toBe(0);
    expect(activeFraction(hire, month('2024-04'))).toBe(1);
    const leaver = { startDate: null, endDate: '2024-02-10' };
    expect(activeFraction(leaver, month('2024-02'))).toBeCloseTo(10 / 29, 12);
    expect(activeFraction(leaver, month('2024-03'))).toBe(0);
    expect(activeFraction(leaver, month('1999-07'))).toBe(1);
  });

  it('gives one day for a person who starts and leaves on the same day, and 0 for an end before the start', () => {
    expect(
      activeFraction({ startDate: '2023-06-30', endDate: '2023-06-30' }, month('2023-06')),
    ).toBe(1 / 30);
    expect(
      activeFraction({ startDate: '2023-06-30', endDate: '2023-06-01' }, month('2023-06')),
    ).toBe(0);
  });

  it('stays within [0, 1] and, over a year, adds up to the days employed in that year', () => {
    const day = fc.integer({ min: 19_000, max: 20_500 }).map(fromDayNumber);
    fc.assert(
      fc.property(
        fc.option(day),
        fc.option(day),
        fc.integer({ min: 2022, max: 2025 }),
        (s, e, year) => {
          const employment = { startDate: s, endDate: e };
          let days = 0;
          for (let m = year * 12; m < year * 12 + 12; m++) {
            const a = activeFraction(employment, m);
            expect(a).toBeGreaterThanOrEqual(0);
            expect(a).toBeLessThanOrEqual(1);
            days += a * daysInMonthIndex(m);
          }
          const first = s === null || s < `${year}-01-01` ? `${year}-01-01` : s;
          const last = e === null || e > `${year}-12-31` ? `${year}-12-31` : e;
          const expected = Math.max(0, daysBetween(first, last) + 1);
          expect(days).toBeCloseTo(expected, 9);
        },
      ),
    );
  });

  it('refuses a date that is not a date', () => {
    expect(() => activeFraction({ startDate: 'soon', endDate: null }, month('2024-01'))).toThrow(
      CapacityInputError,
    );
  });
});

describe('tenure and ramp', () => {
  it('numbers tenure months from the month of the start date', () => {
    expect(tenureMonth('2024-03-16', month('2024-03'))).toBe(1);
    expect(tenureMonth('2024-03-16', month('2024-06'))).toBe(4);
    expect(tenureMonth('2024-03-16', month('2024-02'))).toBe(0);
    expect(tenureMonth('2023-11-30', month('2024-01'))).toBe(3);
    expect(tenureMonth(null, month('2024-01'))).toBe(Infinity);
  });

  it('follows the ramp schedule, then full productivity; nothing before the start', () => {
    expect([0, 1, 2, 3, 4, 30, Infinity].map((k) => rampFactor(DEFAULT_RAMP, k))).toEqual([
      0, 0.25, 0.5, 0.75, 1, 1, 1,
    ]);
    expect(rampFactor([], 1)).toBe(1);
    expect(rampFactor([0, 0, 0.5, 0.5, 0.8, 0.9], 5)).toBe(0.8);
    expect(() => rampFactor(DEFAULT_RAMP, 1.5)).toThrow(CapacityInputError);
  });

  it('ramps a rep hired on 16 March: 16/31 × 0.25, then 0.5, 0.75 and 1', () => {
    const hire = { startDate: '2024-03-16', endDate: null };
    const e = ['2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07'].map((label) =>
      effectiveCapacity(hire, month(label)),
    );
    expect(e[0]).toBe(0);
    expect(e[1]).toBeCloseTo((16 / 31) * 0.25, 12);
    expect(e.slice(2)).toEqual([0.5, 0.75, 1, 1]);
  });

  it('treats a rep without a start date as fully ramped, and a custom ramp as given', () => {
    expect(effectiveCapacity({ startDate: null, endDate: null }, month('2020-01'))).toBe(1);
    const leaver = { startDate: '2024-01-01', endDate: '2024-02-14' };
    expect(effectiveCapacity(leaver, month('2024-02'), [0.5, 0.6])).toBeCloseTo(
      (14 / 29) * 0.6,
      12,
    );
  });

  it('keeps effective capacity within [0, 1] for any employment and valid ramp', () => {
    const day = fc.integer({ min: 19_000, max: 20_500 }).map(fromDayNumber);
    const ramp = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });
    fc.assert(
      fc.property(
        fc.option(day),
        fc.option(day),
        ramp,
        fc.integer({ min: 24_000, max: 24_400 }),
        (s, e, r, m) => {
          const cap = effectiveCapacity({ startDate: s, endDate: e }, m, r);
          return cap >= 0 && cap <= 1;
        },
      ),
    );
  });

  it('accepts ramp steps between 0 and 1 and names each bad step', () => {
    expect(validateRamp([0.2, 0.6]).ok).toBe(true);
    const bad = validateRamp([0.2, 1.5, Number.NaN]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.issues.map((i) => i.location?.id)).toEqual(['2', '3']);
      expect(bad.issues[0]?.code).toBe('ramp-step-invalid');
    }
  });

  it('a start the day after a leap day makes a full March and no February', () => {
    const start = addDays('2024-02-29', 1);
    expect(activeFraction({ startDate: start, endDate: null }, month('2024-02'))).toBe(0);
    expect(activeFraction({ startDate: start, endDate: null }, month('2024-03'))).toBe(1);
  });
});
