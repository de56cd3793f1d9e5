// Tracking periods: which months a period covers, its dates, and where an as-of date stands.
import { describe, expect, it } from 'vitest';
import { TrackingInputError } from './errors.ts';
import { elapsedFraction, periodContaining, periodCount, resolvePeriod } from './period.ts';

const fy25 = { planStart: '2025-01-01', months: 12 };

describe('resolvePeriod', () => {
  it('gives a quarter its three months, dates and label', () => {
    const q2 = resolvePeriod(fy25, { kind: 'quarter', index: 1 }, '2025-05-20');
    expect(q2).toMatchObject({
      label: 'Q2',
      firstMonth: 3,
      lastMonth: 5,
      from: '2025-04-01',
      to: '2025-06-30',
      days: 91,
      elapsedDays: 50,
      state: 'open',
    });
  });

  it('counts the as-of day itself as elapsed', () => {
    const may = resolvePeriod(fy25, { kind: 'month', index: 4 }, '2025-05-01');
    expect(may.elapsedDays).toBe(1);
    expect(may.label).toBe('2025-05');
  });

  it('is not started before its first day and closed from its last day on', () => {
    expect(resolvePeriod(fy25, { kind: 'month', index: 4 }, '2025-04-30').state).toBe(
      'not-started',
    );
    expect(resolvePeriod(fy25, { kind: 'month', index: 4 }, '2025-05-31')).toMatchObject({
      state: 'closed',
      elapsedDays: 31,
    });
    expect(resolvePeriod(fy25, { kind: 'year', index: 0 }, '2026-03-01')).toMatchObject({
      label: 'Year',
      state: 'closed',
      days: 365,
      elapsedDays: 365,
    });
  });

  it('makes the last quarter of a plan shorter when the plan is not a whole number of quarters', () => {
    const plan = { planStart: '2025-07-01', months: 8 };
    expect(periodCount(plan, 'quarter')).toBe(3);
    expect(resolvePeriod(plan, { kind: 'quarter', index: 2 }, '2025-07-01')).toMatchObject({
      firstMonth: 6,
      lastMonth: 7,
      from: '2026-01-01',
      to: '2026-02-28',
    });
  });

  it('refuses a period outside the plan and a plan start that is not the first of a month', () => {
    expect(() => resolvePeriod(fy25, { kind: 'quarter', index: 4 }, '2025-05-20')).toThrow(
      /quarter 4 is outside the plan \(expected 0 to 3\)/,
    );
    expect(() => resolvePeriod(fy25, { kind: 'year', index: 1 }, '2025-05-20')).toThrow(
      TrackingInputError,
    );
    expect(() =>
      resolvePeriod(
        { planStart: '2025-01-15', months: 12 },
        { kind: 'month', index: 0 },
        '2025-02-01',
      ),
    ).toThrow(/not the first day of a month/);
    expect(() => resolvePeriod(fy25, { kind: 'month', index: 0 }, '2025-02-30')).toThrow(
      /asOf "2025-02-30" is not a date/,
    );
  });
});

describe('periodContaining', () => {
  it('finds the month, quarter or year of a date, and null outside the plan', () => {
    expect(periodContaining(fy25, 'quarter', '2025-06-30')).toEqual({ kind: 'quarter', index: 1 });
    expect(periodContaining(fy25, 'month', '2025-12-31')).toEqual({ kind: 'month', index: 11 });
    expect(periodContaining(fy25, 'year', '2025-03-03')).toEqual({ kind: 'year', index: 0 });
    expect(periodContaining(fy25, 'quarter', '2024-12-31')).toBeNull();
    expect(periodContaining(fy25, 'quarter', '2026-01-01')).toBeNull();
  });
});

describe('elapsedFraction', () => {
  it('is 1 for past months, day ÷ days for the as-of month and 0 after', () => {
    const start = 2025 * 12;
    expect(elapsedFraction(start, 0, '2025-02-14')).toBe(1);
    expect(elapsedFraction(start, 1, '2025-02-14')).toBe(14 / 28);
    expect(elapsedFraction(start, 2, '2025-02-14')).toBe(0);
  });
});
