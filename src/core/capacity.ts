// Who carries how much of a month (METHOD §2): active fraction, tenure, ramp and effective capacity.
// Shared by the baseline metrics and the quota engine, so nothing here knows about either.

import { daysInMonthIndex, dayNumber } from './dates.ts';
import type { MonthIndex } from './dates.ts';
import { fail, ok } from './issue.ts';
import type { Issue, Result } from './issue.ts';
import type { IsoDate } from './model.ts';

/** Default ramp for every role: 25 %, 50 %, 75 % of full productivity in tenure months 1-3, then 100 %. */
export const DEFAULT_RAMP: readonly number[] = Object.freeze([0.25, 0.5, 0.75]);

/** Thrown when a capacity function is called with values the caller should have validated. */
export class CapacityInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapacityInputError';
  }
}

/** Employment dates of a person; a null start means employed since before the data, a null end means still employed. */
export interface Employment {
  startDate: IsoDate | null;
  endDate: IsoDate | null;
}

function dayOf(date: IsoDate, what: string): number {
  const day = dayNumber(date);
  if (Number.isNaN(day))
    throw new CapacityInputError(`${what} ${JSON.stringify(date)} is not a date`);
  return day;
}

/** Day number of the first day of a month, without building a date string (called per rep and month). */
function firstDayOfMonth(m: MonthIndex): number {
  return Date.UTC(Math.floor(m / 12), ((m % 12) + 12) % 12, 1) / 86_400_000;
}

/**
 * Fraction in [0, 1] of month `m` the person is employed: the days of [startDate, endDate]
 * (both inclusive) that fall in m, divided by the days of m. 0 before the start, after the end,
 * and when the end is before the start.
 */
export function activeFraction(employment: Employment, m: MonthIndex): number {
  const monthFirst = firstDayOfMonth(m);
  const days = daysInMonthIndex(m);
  const monthLast = monthFirst + days - 1;
  const first =
    employment.startDate === null
      ? monthFirst
      : Math.max(monthFirst, dayOf(employment.startDate, 'start date'));
  const last =
    employment.endDate === null
      ? monthLast
      : Math.min(monthLast, dayOf(employment.endDate, 'end date'));
  if (last < first) return 0;
  return (last - first + 1) / days;
}

/**
 * Tenure month of month `m`: the month that contains the start date is 1, the next 2, and so
 * on; months before the start give 0 or less. A null start date means employed since before the
 * data, i.e. fully ramped: Infinity.
 */
export function tenureMonth(startDate: IsoDate | null, m: MonthIndex): number {
  if (startDate === null) return Infinity;
  dayOf(startDate, 'start date');
  const startMonth = Number(startDate.slice(0, 4)) * 12 + Number(startDate.slice(5, 7)) - 1;
  return m - startMonth + 1;
}

/**
 * Ramp factor, a fraction of full productivity: `ramp[tenure − 1]` while the tenure month is
 * within the schedule, 1 after it, 0 for a tenure below 1 (not yet started). `tenure` is a whole
 * number of months or Infinity.
 */
export function rampFactor(ramp: readonly number[], tenure: number): number {
  if (Number.isNaN(tenure) || (Number.isFinite(tenure) && !Number.isInteger(tenure))) {
    throw new CapacityInputError(`tenure month must be a whole number, got ${tenure}`);
  }
  if (tenure < 1) return 0;
  if (tenure > ramp.length) return 1;
  return ramp[tenure - 1] ?? 1;
}

/**
 * Effective capacity e(m) = active fraction × ramp factor, in fully ramped FTE-months (a number
 * in [0, 1] for a valid ramp). `ramp` defaults to DEFAULT_RAMP.
 */
export function effectiveCapacity(
  rep: Employment,
  m: MonthIndex,
  ramp: readonly number[] = DEFAULT_RAMP,
): number {
  const a = activeFraction(rep, m);
  if (a === 0) return 0;
  return a * rampFactor(ramp, tenureMonth(rep.startDate, m));
}

/**
 * Checks a ramp schedule a user or plan supplied: every step a finite fraction in [0, 1]. The
 * schedule may be empty (no ramp: fully productive from the first month).
 */
export function validateRamp(ramp: readonly number[]): Result<readonly number[]> {
  const issues: Issue[] = [];
  ramp.forEach((step, i) => {
    if (!Number.isFinite(step) || step < 0 || step > 1) {
      issues.push({
        code: 'ramp-step-invalid',
        severity: 'error',
        message: `Ramp month ${i + 1} is ${String(step)}`,
        expected: 'a fraction of full productivity between 0 and 1',
        location: { entity: 'ramp', id: String(i + 1), value: String(step) },
      });
    }
  });
  return issues.length > 0 ? fail(...issues) : ok(ramp);
}
