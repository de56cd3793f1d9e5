// Seasonality (METHOD §2): how a month of the year weighs against an average month, σ = 12 × share.
// Shared by the baseline metrics and the quota engine; history months and plan months use the same σ.

import type { MonthIndex } from './dates.ts';
import { fail, ok } from './issue.ts';
import type { Issue, Result } from './issue.ts';

export type SeasonalityMode = 'flat' | 'historical' | 'custom';

export interface Seasonality {
  /** How the shares were obtained; 'flat' also when historical was asked for but the data could not support it. */
  mode: SeasonalityMode;
  /** 12 shares, month of the year January..December, each ≥ 0, summing to 1. */
  shares: number[];
  /**
   * σ by month of the year, January..December: 12 × share, 1 for an average month (exactly 1
   * when flat). Plain data, so a plan's run can be copied to a worker thread.
   */
  factors: number[];
}

/** σ(m) = 12 × share of m's month of the year: 1 for an average month. */
export function seasonalFactor(seasonality: Seasonality, m: MonthIndex): number {
  return seasonality.factors[monthOfYear(m)] ?? 1;
}

/** Thrown when a seasonality function is called with a window that is not a window. */
export class SeasonalityInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeasonalityInputError';
  }
}

/** Tolerance on the sum of custom shares. */
export const SHARE_SUM_TOLERANCE = 1e-9;

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function monthOfYear(m: MonthIndex): number {
  return ((m % 12) + 12) % 12;
}

function fromShares(mode: SeasonalityMode, shares: readonly number[]): Seasonality {
  const copy = [...shares];
  return { mode, shares: copy, factors: copy.map((s) => 12 * s) };
}

/** Every month weighs the same: shares 1/12, σ = 1. */
export function flatSeasonality(): Seasonality {
  return {
    mode: 'flat',
    shares: new Array<number>(12).fill(1 / 12),
    // Exactly 1, not 12 × (1/12) with its rounding, so flat capacity sums are whole numbers.
    factors: new Array<number>(12).fill(1),
  };
}

/**
 * Historical seasonality (METHOD §2) from the company's won bookings per month (cents, or won
 * deals under the count basis) over the inclusive window of months [from, to]:
 * for each month of the year, the mean over its occurrences in the window (a month missing
 * from the map, or with no bookings, counts as 0 — a month with no sales is a real observation);
 * a negative mean (credit notes outweighing sales) counts as 0; the 12 means are normalised to
 * sum 1 (h) and blended half-and-half with flat: s = 0.5 × h + 0.5 / 12.
 * Falls back to flat (mode 'flat') when the window has fewer than 12 months or no positive
 * bookings. Months of the map outside the window are ignored.
 */
export function historicalSeasonality(
  monthlyBookings: ReadonlyMap<MonthIndex, number>,
  window: { from: MonthIndex; to: MonthIndex },
): Seasonality {
  const { from, to } = window;
  if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) {
    throw new SeasonalityInputError(`window from ${from} to ${to} is not a range of months`);
  }
  if (to - from + 1 < 12) return flatSeasonality();
  const sums = new Array<number>(12).fill(0);
  const occurrences = new Array<number>(12).fill(0);
  for (let m = from; m <= to; m++) {
    const k = monthOfYear(m);
    sums[k] = (sums[k] ?? 0) + (monthlyBookings.get(m) ?? 0);
    occurrences[k] = (occurrences[k] ?? 0) + 1;
  }
  // With 12+ consecutive months every month of the year occurs at least once.
  const means = sums.map((sum, k) => Math.max(0, sum / (occurrences[k] ?? 1)));
  const total = means.reduce((a, b) => a + b, 0);
  if (!(total > 0) || !Number.isFinite(total)) return flatSeasonality();
  return fromShares(
    'historical',
    means.map((mean) => 0.5 * (mean / total) + 0.5 / 12),
  );
}

/**
 * Seasonality from 12 shares a plan supplies (January..December): each finite and ≥ 0, summing
 * to 1 within SHARE_SUM_TOLERANCE. Anything else is an Issue per problem.
 */
export function customSeasonality(shares: readonly number[]): Result<Seasonality> {
  const issues: Issue[] = [];
  if (shares.length !== 12) {
    issues.push({
      code: 'seasonality-share-count',
      severity: 'error',
      message: `Custom seasonality has ${shares.length} shares`,
      expected: '12 shares, January to December',
      location: { entity: 'seasonality', value: String(shares.length) },
    });
  }
  shares.forEach((share, i) => {
    if (!Number.isFinite(share) || share < 0) {
      issues.push({
        code: 'seasonality-share-invalid',
        severity: 'error',
        message: `Seasonality share for ${MONTH_NAMES[i] ?? `month ${i + 1}`} is ${String(share)}`,
        expected: 'a fraction of the year of 0 or more',
        location: { entity: 'seasonality', id: String(i + 1), value: String(share) },
      });
    }
  });
  if (issues.length === 0) {
    const sum = shares.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) {
      issues.push({
        code: 'seasonality-share-sum',
        severity: 'error',
        message: `Seasonality shares sum to ${sum}`,
        expected: 'shares summing to 1 (100 %)',
        location: { entity: 'seasonality', value: String(sum) },
      });
    }
  }
  return issues.length > 0 ? fail(...issues) : ok(fromShares('custom', shares));
}
