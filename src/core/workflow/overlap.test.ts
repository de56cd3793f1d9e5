// Overlapping published plans: a month and a rep in common make an overlap; superseding ends the
// older plan where the newer starts, and only a newer plan that covers the rest may do it.
import { describe, expect, it } from 'vitest';
import { monthsKept, planOverlaps, supersessionProblem } from './overlap.ts';
import type { PlanSpan } from './overlap.ts';

const tracking: PlanSpan = {
  planId: 1,
  name: 'FY2018 July–June',
  start: '2017-07-01',
  months: 12,
  reps: ['R-1', 'R-2', 'R-3'],
};
const calendar2018: PlanSpan = {
  planId: 2,
  name: 'FY2018',
  start: '2018-01-01',
  months: 12,
  reps: ['R-2', 'R-3', 'R-4'],
};

describe('planOverlaps', () => {
  it('finds the months and reps two plans share', () => {
    expect(planOverlaps(calendar2018, [tracking])).toEqual([
      {
        planId: 1,
        name: 'FY2018 July–June',
        from: '2018-01-01',
        to: '2018-06-01',
        months: 6,
        reps: ['R-2', 'R-3'],
        label: 'Jan 2018–Jun 2018',
      },
    ]);
  });

  it('finds none without a shared rep, without a shared month, or against a plan with no month left', () => {
    expect(planOverlaps({ ...calendar2018, reps: ['R-9'] }, [tracking])).toEqual([]);
    expect(planOverlaps({ ...calendar2018, start: '2018-07-01' }, [tracking])).toEqual([]);
    expect(planOverlaps(calendar2018, [{ ...tracking, months: 0 }])).toEqual([]);
    expect(planOverlaps(calendar2018, [calendar2018])).toEqual([]);
  });
});

describe('superseding', () => {
  it('keeps the older plan’s months before the newer one starts', () => {
    expect(monthsKept(tracking, calendar2018)).toBe(6);
    expect(monthsKept(tracking, { start: '2017-07-01' })).toBe(0);
    expect(monthsKept(tracking, { start: '2016-01-01' })).toBe(0);
  });

  it('refuses a newer plan that ends before the older one would have', () => {
    expect(supersessionProblem(tracking, calendar2018)).toBeNull();
    expect(supersessionProblem(tracking, { ...calendar2018, months: 3 })).toBe(
      "'FY2018' ends in Mar 2018, before 'FY2018 July–June' (to Jun 2018): superseding it would leave its reps without a quota after Mar 2018",
    );
  });
});
