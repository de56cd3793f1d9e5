// The app's one way of writing money, dates and plan months, and the period a dashboard opens on
// when the period kind changes.

import { describe, expect, it } from 'vitest';
import { currentPeriodIndex, makeFormatter, periodName, periodOptions } from './format.ts';

describe('the formatter', () => {
  const us = makeFormatter('USD', 'amount', 'en-US');
  const gb = makeFormatter('USD', 'amount', 'en-GB');

  it('writes a negative amount with the minus sign, as the rest of the app does', () => {
    expect(us.money(-1_000_000)).toBe('−$10,000');
    expect(us.money(1_000_000)).toBe('$10,000');
    expect(us.pct(-0.05)).toBe('−5%');
    expect(makeFormatter('USD', 'count', 'en-US').money(-250)).toBe('−2.5 deals');
  });

  it('writes every date one way, day month year, from a date or a timestamp', () => {
    expect(us.date('2026-12-07')).toBe('7 Dec 2026');
    expect(gb.date('2026-12-07')).toBe('7 Dec 2026');
    expect(us.date('2026-12-07T22:58:23.038Z')).toBe('7 Dec 2026');
    expect(us.date('2017-11-01')).toBe('1 Nov 2017');
  });

  it('names plan months like the quarters beside them: "Jul 2017", never "2017-07"', () => {
    expect(us.month('2017-07')).toBe('Jul 2017');
    const quarters = periodOptions('2017-07-01', 12, us, 'quarter').map((o) => o.label);
    expect(quarters[0]).toBe('Q1 (Jul 2017 – Sep 2017)');
    // A tracking period's heading: the API's '2018-03' reads 'Mar 2018'.
    expect(periodName('2018-03', us)).toBe('Mar 2018');
    expect(periodName('Q3', us)).toBe('Q3');
    expect(periodName('Year', us)).toBe('The whole plan');
  });
});

describe('the period a dashboard opens on', () => {
  it('is the one holding the as-of date when switching to months or quarters', () => {
    // A July–June plan with bookings as of 31 December 2017: month 6 (Dec), quarter 2 (Q2).
    expect(currentPeriodIndex('2017-07-01', 12, 'month', '2017-12-31')).toBe(5);
    expect(currentPeriodIndex('2017-07-01', 12, 'quarter', '2017-12-31')).toBe(1);
    expect(currentPeriodIndex('2017-07-01', 12, 'quarter', '2018-01-01')).toBe(2);
    expect(currentPeriodIndex('2017-07-01', 12, 'year', '2017-12-31')).toBe(0);
  });

  it('is the first before the plan, the last after it, and the first without an as-of date', () => {
    expect(currentPeriodIndex('2017-07-01', 12, 'month', '2016-03-15')).toBe(0);
    expect(currentPeriodIndex('2017-07-01', 12, 'month', '2019-03-15')).toBe(11);
    expect(currentPeriodIndex('2017-07-01', 12, 'quarter', '2019-03-15')).toBe(3);
    expect(currentPeriodIndex('2017-07-01', 12, 'month', undefined)).toBe(0);
  });
});
