// The shapes of a baseline report (METHOD §3): what a group of sellers booked, won and carried,
// and how productive it was per fully ramped, average-season month.

import type { IsoDate, Cents, DealType, Basis, CurrencyCode } from '../model.ts';
import type { SeasonalityMode } from '../seasonality.ts';

export type BaselineGrouping = 'rep' | 'territory' | 'segment' | 'manager' | 'company';

export const BASELINE_GROUPINGS: readonly BaselineGrouping[] = [
  'rep',
  'territory',
  'segment',
  'manager',
  'company',
];

export interface BaselineOptions {
  by: BaselineGrouping;
  /** Resolved by the caller (workspace as-of or latest data date). */
  asOf: IsoDate;
  /** Default: first day of the month of the earliest won/lost close date on or before `to`. */
  from?: IsoDate;
  /** Default: asOf. */
  to?: IsoDate;
  /** Counted deal types; undefined = all deals (including type null). */
  types?: readonly DealType[];
  /** Ramp schedule, fractions per tenure month; default DEFAULT_RAMP. */
  ramp?: readonly number[];
}

export interface BaselineMonth {
  /** 'YYYY-MM'. */
  month: string;
  /** Won cents credited to the group with close date in this month (0 under the count basis). */
  bookings: Cents;
  /** Won deals credited (fractional with credit splits). */
  won: number;
}

export interface BaselineRow {
  /** Rep id, territory id, segment, manager id, 'company', or '(none)' / '(no owner)'. */
  key: string;
  /** Rep name, territory name, segment, manager name, 'Company', or a marked fallback. */
  label: string;
  /** Rep grouping only: the rep's id (also for an owner not in the roster). */
  repId: string | null;
  /** Rep grouping only: the rep's name (null for an owner not in the roster). */
  repName: string | null;
  /** Rep grouping: the rep's territory name, else its id; territory grouping: the territory's label. */
  territory: string | null;
  /** Rep grouping: the rep's manager's name, else the manager id. */
  manager: string | null;
  /** Sellers in the group (see docs/methodology.md: who counts as a rep). */
  reps: number;
  /** Σ credited won amounts with close date in the window, cents (0 under the count basis). */
  bookings: Cents;
  /** Credited won deals closed in the window (fractional only with credit splits). */
  won: number;
  /** Credited lost deals closed in the window. */
  lost: number;
  /** won / (won + lost); null when the group closed nothing. */
  winRate: number | null;
  /** Mean full amount of the won deals credited to the group, weighted by credited share, cents; null when none. */
  avgDealSize: Cents | null;
  /** Median full amount of the won deals credited to the group, cents; null when none. */
  medianDealSize: Cents | null;
  /** Mean days from created to close over won deals with both dates (close ≥ created); null when none. */
  cycleDays: number | null;
  /** Σ credited amounts of every deal open at `to`, whatever its expected close date, cents. */
  openPipeline: Cents;
  /** Σ credited amount × probability of those deals (a null probability counts 0), cents. */
  weightedPipeline: Cents;
  /** Σ over the window's months and the group's reps of e·σ: fully ramped, average-season months. */
  rampedMonths: number;
  /**
   * bookings / rampedMonths in cents per ramped month; under the count basis won deals per ramped
   * month (a plain number). Null when the group's Σ e over the window is below 1.
   */
  productivity: number | null;
  /** Every month of the window, zeros included. */
  monthly: BaselineMonth[];
}

export interface BaselineReport {
  by: BaselineGrouping;
  from: IsoDate;
  to: IsoDate;
  asOf: IsoDate;
  /** Calendar months the window touches (a partly covered month counts as one). */
  months: number;
  basis: Basis;
  currency: CurrencyCode;
  /** The seasonality used for rampedMonths: 'historical' or 'flat'. */
  seasonality: SeasonalityMode;
  types: DealType[] | null;
  /** Sorted by label (natural order: 'Rep 2' before 'Rep 10'), then key. */
  rows: BaselineRow[];
  /** The company row (the same numbers as by: 'company'). */
  total: BaselineRow;
  /**
   * Deals open at `to` with no amount (amount basis; 0 under the count basis): they add nothing
   * to the open pipeline, so a low pipeline may only mean missing amounts.
   */
  openWithoutAmount: number;
}
