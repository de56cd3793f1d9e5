// Ramp tracking of new hires (METHOD §10 "a ramping rep more than 30 days behind its ramp
// milestone"): per ramp month the ramped quota against the full one, whether each month's
// cumulative milestone was met, and how many days behind its ramp curve the hire is.

import { rampFactor, tenureMonth, validateRamp } from '../capacity.ts';
import { dayNumber, monthEnd, monthIndex, monthLabel, monthStart } from '../dates.ts';
import type { Cents, IsoDate } from '../model.ts';
import { roundCents } from '../money.ts';
import { TrackingInputError } from './errors.ts';
import { calendarStart, checkDate } from './period.ts';
import type { PlanCalendar } from './period.ts';

/** Days behind the ramp curve above which a hire is flagged (METHOD §10). */
export const DEFAULT_MAX_DAYS_BEHIND = 30;

export interface RampRep {
  repId: string;
  name: string;
  /** First day of employment: its month is tenure month 1 (METHOD §2). */
  startDate: IsoDate;
  /** The role's ramp: fractions of full productivity for tenure months 1, 2, … (plan roles.<role>.ramp). */
  ramp: readonly number[];
  /** Published monthly quota (already ramped and prorated), cents, aligned to the plan months. */
  monthly: readonly Cents[];
}

export interface RampTrackingInput extends PlanCalendar {
  reps: readonly RampRep[];
  /** Credited bookings per rep id and plan month, cents (as for trackAttainment). */
  bookings: Readonly<Record<string, readonly Cents[]>>;
  asOf: IsoDate;
  /** Flag a hire more than this many days behind its curve; default 30. */
  maxDaysBehind?: number;
}

export type Milestone = 'met' | 'missed' | 'in-progress' | 'upcoming';

export interface RampMonth {
  /** Plan month (0-based) and 'YYYY-MM'. */
  month: number;
  label: string;
  tenureMonth: number;
  /** r: the ramp factor of the tenure month. */
  rampFactor: number;
  /** The published (ramped) quota of the month, cents. */
  quota: Cents;
  /**
   * The month's quota without the ramp, quota ÷ r rounded to cents (still prorated for the days
   * employed in the start month); null when r is 0.
   */
  fullQuota: Cents | null;
  /** null for months after the as-of month. */
  bookings: Cents | null;
  /** Running sums from the first ramp month in the plan. */
  cumulativeQuota: Cents;
  cumulativeBookings: Cents | null;
  /** A finished month is met when cumulative bookings ≥ cumulative quota at its end. */
  milestone: Milestone;
}

export interface RampTracking {
  repId: string;
  name: string;
  startDate: IsoDate;
  /** Months of the ramp schedule. */
  rampMonths: number;
  months: RampMonth[];
  /** Ramped quota due by the as-of date (or the end of the ramp), spread evenly over the days employed. */
  expectedToDate: Cents;
  bookingsToDate: Cents;
  /**
   * How many whole days ago the expectation stood at the hire's bookings (0 when on or ahead of
   * the curve); null before the start date.
   */
  daysBehind: number | null;
  status: 'not-started' | 'on-track' | 'behind';
  /** True when the as-of date is past the last ramp month. */
  rampComplete: boolean;
}

/**
 * Tracks every rep whose ramp (tenure months 1..ramp length) overlaps the plan; others are left
 * out. Months of the ramp before the plan start are not tracked: the plan holds no quota for them.
 */
export function trackRamps(input: RampTrackingInput): RampTracking[] {
  const start = calendarStart(input);
  checkDate(input.asOf, 'asOf');
  const maxDaysBehind = input.maxDaysBehind ?? DEFAULT_MAX_DAYS_BEHIND;
  if (!(maxDaysBehind >= 0)) {
    throw new TrackingInputError(
      `maxDaysBehind ${String(maxDaysBehind)} is not a number of days ≥ 0`,
    );
  }
  const out: RampTracking[] = [];
  for (const rep of input.reps) {
    checkDate(rep.startDate, `the start date of ${rep.repId}`);
    if (!validateRamp(rep.ramp).ok) {
      throw new TrackingInputError(`the ramp of ${rep.repId} has a step outside [0, 1]`);
    }
    if (rep.monthly.length !== input.months) {
      throw new TrackingInputError(
        `the quota of ${rep.repId} has ${rep.monthly.length} months (expected ${input.months})`,
      );
    }
    const tracked = trackOne(rep, input.bookings[rep.repId] ?? [], start, input, maxDaysBehind);
    if (tracked !== null) out.push(tracked);
  }
  return out;
}

function trackOne(
  rep: RampRep,
  bookings: readonly Cents[],
  start: number,
  input: RampTrackingInput,
  maxDaysBehind: number,
): RampTracking | null {
  const { asOf } = input;
  const first = Math.max(0, monthIndex(rep.startDate) - start);
  const last = Math.min(input.months - 1, monthIndex(rep.startDate) - start + rep.ramp.length - 1);
  if (rep.ramp.length === 0 || first > last) return null;
  const asOfMonth = monthIndex(asOf) - start;
  const windowFirstDay = Math.max(dayNumber(monthStart(start + first)), dayNumber(rep.startDate));
  const windowLastDay = dayNumber(monthEnd(start + last));
  const evaluated = Math.min(dayNumber(asOf), windowLastDay);

  const months: RampMonth[] = [];
  let cumulativeQuota = 0;
  let cumulativeBookings = 0;
  let expected = 0;
  // Months as spans of days, for the position on the curve where the expectation meets the bookings.
  const spans: { from: number; days: number; quota: number }[] = [];
  for (let m = first; m <= last; m++) {
    const k = tenureMonth(rep.startDate, start + m);
    const r = rampFactor(rep.ramp, k);
    const quota = rep.monthly[m] ?? 0;
    const reached = m <= asOfMonth;
    const booked = reached ? (bookings[m] ?? 0) : null;
    cumulativeQuota += quota;
    if (booked !== null) cumulativeBookings += booked;
    const from = Math.max(dayNumber(monthStart(start + m)), windowFirstDay);
    const to = dayNumber(monthEnd(start + m));
    const days = to - from + 1;
    spans.push({ from, days, quota });
    const elapsed = Math.min(Math.max(evaluated - from + 1, 0), days);
    expected += (quota * elapsed) / days;
    const finished = m < asOfMonth || monthEnd(start + m) <= asOf;
    months.push({
      month: m,
      label: monthLabel(start + m),
      tenureMonth: k,
      rampFactor: r,
      quota,
      fullQuota: r > 0 ? roundCents(quota / r) : null,
      bookings: booked,
      cumulativeQuota,
      cumulativeBookings: booked === null ? null : cumulativeBookings,
      milestone: finished
        ? cumulativeBookings >= cumulativeQuota
          ? 'met'
          : 'missed'
        : reached
          ? 'in-progress'
          : 'upcoming',
    });
  }

  let daysBehind: number | null = null;
  if (dayNumber(asOf) >= dayNumber(rep.startDate) && evaluated >= windowFirstDay) {
    daysBehind = 0;
    if (cumulativeBookings < expected) {
      // The latest day at which the expectation was still at or below the bookings.
      let before = 0;
      let position = windowFirstDay - 1;
      for (const span of spans) {
        if (before + span.quota > cumulativeBookings) {
          const share = Math.max(0, (cumulativeBookings - before) / span.quota);
          position = span.from - 1 + share * span.days;
          break;
        }
        before += span.quota;
      }
      daysBehind = Math.max(0, Math.floor(evaluated - position + 1e-9));
    }
  }
  return {
    repId: rep.repId,
    name: rep.name,
    startDate: rep.startDate,
    rampMonths: rep.ramp.length,
    months,
    expectedToDate: roundCents(expected),
    bookingsToDate: cumulativeBookings,
    daysBehind,
    status:
      daysBehind === null ? 'not-started' : daysBehind > maxDaysBehind ? 'behind' : 'on-track',
    rampComplete: dayNumber(asOf) > windowLastDay,
  };
}
