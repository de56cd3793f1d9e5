// Tracking periods relative to a plan (a month, a quarter of three plan months, the whole plan)
// and where an as-of date stands in one: not started, open (how many days elapsed) or closed.

import {
  dayNumber,
  daysInMonthIndex,
  isIsoDate,
  monthEnd,
  monthIndex,
  monthLabel,
  monthStart,
} from '../dates.ts';
import type { MonthIndex } from '../dates.ts';
import type { IsoDate } from '../model.ts';
import { TrackingInputError } from './errors.ts';

/** The months of a plan: `planStart` is the first day of plan month 0; `months` ≥ 1. */
export interface PlanCalendar {
  planStart: IsoDate;
  months: number;
}

export type PeriodKind = 'month' | 'quarter' | 'year';

/**
 * A period relative to the plan: month 0..months−1; quarter 0..⌈months/3⌉−1 (three plan months
 * each, counted from the plan start; the last may be shorter); year 0 = the whole plan.
 */
export interface PeriodSpec {
  kind: PeriodKind;
  index: number;
}

export type PeriodState = 'not-started' | 'open' | 'closed';

export interface ResolvedPeriod {
  kind: PeriodKind;
  index: number;
  /** '2025-03' for a month, 'Q2' for a quarter, 'Year' for the whole plan. */
  label: string;
  /** First and last plan month of the period (0-based plan month numbers, inclusive). */
  firstMonth: number;
  lastMonth: number;
  /** First and last day of the period. */
  from: IsoDate;
  to: IsoDate;
  /** Days in the period. */
  days: number;
  /**
   * Days of the period up to and including the as-of date (the as-of day counts as elapsed:
   * bookings dated on it are included, so the expectation includes it too).
   */
  elapsedDays: number;
  /** not-started before `from`; closed once the as-of date is `to` or later; open in between. */
  state: PeriodState;
}

/** Checks a plan calendar and returns the month index of its first month. */
export function calendarStart(calendar: PlanCalendar): MonthIndex {
  const { planStart, months } = calendar;
  if (!isIsoDate(planStart) || !planStart.endsWith('-01')) {
    throw new TrackingInputError(
      `planStart ${JSON.stringify(planStart)} is not the first day of a month (expected YYYY-MM-01)`,
    );
  }
  if (!Number.isInteger(months) || months < 1) {
    throw new TrackingInputError(`months ${String(months)} is not a whole number of months ≥ 1`);
  }
  return monthIndex(planStart);
}

export function checkDate(value: IsoDate, what: string): void {
  if (!isIsoDate(value)) {
    throw new TrackingInputError(
      `${what} ${JSON.stringify(value)} is not a date (expected YYYY-MM-DD)`,
    );
  }
}

/** How many periods of a kind a plan has. */
export function periodCount(calendar: PlanCalendar, kind: PeriodKind): number {
  calendarStart(calendar);
  if (kind === 'month') return calendar.months;
  if (kind === 'quarter') return Math.ceil(calendar.months / 3);
  return 1;
}

/** The plan months (0-based, inclusive) a period covers; throws for an index outside the plan. */
export function periodMonths(
  calendar: PlanCalendar,
  spec: PeriodSpec,
): { firstMonth: number; lastMonth: number } {
  const count = periodCount(calendar, spec.kind);
  if (!Number.isInteger(spec.index) || spec.index < 0 || spec.index >= count) {
    throw new TrackingInputError(
      `${spec.kind} ${String(spec.index)} is outside the plan (expected 0 to ${count - 1})`,
    );
  }
  if (spec.kind === 'month') return { firstMonth: spec.index, lastMonth: spec.index };
  if (spec.kind === 'quarter') {
    const firstMonth = spec.index * 3;
    return { firstMonth, lastMonth: Math.min(firstMonth + 2, calendar.months - 1) };
  }
  return { firstMonth: 0, lastMonth: calendar.months - 1 };
}

/** The period of a kind that contains `date`, or null when the date is outside the plan. */
export function periodContaining(
  calendar: PlanCalendar,
  kind: PeriodKind,
  date: IsoDate,
): PeriodSpec | null {
  const start = calendarStart(calendar);
  checkDate(date, 'date');
  const month = monthIndex(date) - start;
  if (month < 0 || month >= calendar.months) return null;
  if (kind === 'month') return { kind, index: month };
  if (kind === 'quarter') return { kind, index: Math.floor(month / 3) };
  return { kind, index: 0 };
}

/** A period with its dates, and the state and elapsed days of the period at `asOf`. */
export function resolvePeriod(
  calendar: PlanCalendar,
  spec: PeriodSpec,
  asOf: IsoDate,
): ResolvedPeriod {
  const start = calendarStart(calendar);
  checkDate(asOf, 'asOf');
  const { firstMonth, lastMonth } = periodMonths(calendar, spec);
  const from = monthStart(start + firstMonth);
  const to = monthEnd(start + lastMonth);
  const days = dayNumber(to) - dayNumber(from) + 1;
  const elapsedDays = asOf < from ? 0 : asOf >= to ? days : dayNumber(asOf) - dayNumber(from) + 1;
  const label =
    spec.kind === 'month'
      ? monthLabel(start + firstMonth)
      : spec.kind === 'quarter'
        ? `Q${spec.index + 1}`
        : 'Year';
  return {
    kind: spec.kind,
    index: spec.index,
    label,
    firstMonth,
    lastMonth,
    from,
    to,
    days,
    elapsedDays,
    state: asOf < from ? 'not-started' : asOf >= to ? 'closed' : 'open',
  };
}

/**
 * Elapsed fraction of plan month `month` at `asOf`, in [0, 1]: 1 for a month that ended on or
 * before asOf, (day of asOf) ÷ (days in the month) for the month that contains it, else 0.
 */
export function elapsedFraction(start: MonthIndex, month: number, asOf: IsoDate): number {
  const m = start + month;
  const asOfMonth = monthIndex(asOf);
  if (asOfMonth > m) return 1;
  if (asOfMonth < m) return 0;
  return Number(asOf.slice(8, 10)) / daysInMonthIndex(m);
}
