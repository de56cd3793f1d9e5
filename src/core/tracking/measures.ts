// The numbers of one period for one rep or one group (METHOD §9): quota, bookings to date,
// attainment, gap, expected to date, pace attainment, the indicator and a monthly series.

import { monthIndex, monthLabel } from '../dates.ts';
import type { MonthIndex } from '../dates.ts';
import type { Cents, IsoDate } from '../model.ts';
import { roundCents } from '../money.ts';
import { periodIndicator } from './indicator.ts';
import type { Indicator, IndicatorThresholds } from './indicator.ts';
import { elapsedFraction } from './period.ts';
import type { ResolvedPeriod } from './period.ts';

/** One month of a period, for charts. Bookings are null for months after the as-of month. */
export interface SeriesPoint {
  /** Plan month (0-based). */
  month: number;
  /** 'YYYY-MM'. */
  label: string;
  quota: Cents;
  bookings: Cents | null;
  /** Running sums from the period's first month. */
  cumulativeQuota: Cents;
  cumulativeBookings: Cents | null;
}

export interface PeriodMeasures {
  /** Σ monthly quotas of the period, cents. */
  quota: Cents;
  /** Σ credited bookings of the period's months up to the as-of month, cents. */
  bookings: Cents;
  /** bookings ÷ quota (a fraction: 1 = 100 %); null when the quota is 0. */
  attainment: number | null;
  /** quota − bookings, cents (negative once the quota is exceeded). */
  gap: Cents;
  /**
   * E: quotas of the period's months that ended by the as-of date, plus the as-of month's quota
   * × (day of as-of) ÷ (days in that month), rounded once to cents, half away from zero.
   */
  expected: Cents;
  /** bookings ÷ E; null when E is 0 (a period not started, or no quota due yet). */
  paceAttainment: number | null;
  indicator: Indicator | null;
  series: SeriesPoint[];
}

/** Built by measureContext. */
export interface MeasureContext {
  /** Month index of plan month 0. */
  start: MonthIndex;
  asOf: IsoDate;
  /** The as-of date's plan month (may be < 0 or ≥ months). */
  asOfMonth: number;
  period: ResolvedPeriod;
  thresholds: IndicatorThresholds;
  /** 'YYYY-MM' and elapsed fraction of each month of the period. */
  labels: readonly string[];
  elapsed: readonly number[];
}

/** A context with the period's month labels and elapsed fractions computed once, not per rep. */
export function measureContext(
  start: MonthIndex,
  asOf: IsoDate,
  period: ResolvedPeriod,
  thresholds: IndicatorThresholds,
): MeasureContext {
  const labels: string[] = [];
  const elapsed: number[] = [];
  for (let m = period.firstMonth; m <= period.lastMonth; m++) {
    labels.push(monthLabel(start + m));
    elapsed.push(elapsedFraction(start, m, asOf));
  }
  return { start, asOf, asOfMonth: monthIndex(asOf) - start, period, thresholds, labels, elapsed };
}

/**
 * Measures a period from plan-aligned monthly quotas and bookings (cents). Bookings of months
 * after the as-of month are not counted: those months have not been reached.
 */
export function measurePeriod(
  monthlyQuota: readonly Cents[],
  monthlyBookings: readonly Cents[],
  context: MeasureContext,
): PeriodMeasures {
  const { asOfMonth, period, thresholds, labels, elapsed } = context;
  let quota = 0;
  let bookings = 0;
  let expected = 0;
  const series: SeriesPoint[] = [];
  for (let m = period.firstMonth; m <= period.lastMonth; m++) {
    const q = monthlyQuota[m] ?? 0;
    const reached = m <= asOfMonth;
    const b = reached ? (monthlyBookings[m] ?? 0) : null;
    quota += q;
    if (b !== null) bookings += b;
    expected += q * (elapsed[m - period.firstMonth] ?? 0);
    series.push({
      month: m,
      label: labels[m - period.firstMonth] ?? '',
      quota: q,
      bookings: b,
      cumulativeQuota: quota,
      cumulativeBookings: b === null ? null : bookings,
    });
  }
  const e = roundCents(expected);
  const attainment = quota === 0 ? null : bookings / quota;
  const paceAttainment = e === 0 ? null : bookings / e;
  return {
    quota,
    bookings,
    attainment,
    gap: quota - bookings,
    expected: e,
    paceAttainment,
    indicator: periodIndicator(period.state, quota, attainment, paceAttainment, thresholds),
    series,
  };
}
