// A plan as the engine reads it: every input of a quota run, already validated and in the
// engine's units (money in cents, dates ISO). The YAML plan file (src/io/plan) and later the
// server both produce this shape; nothing here knows about files.

import type { Cents, DealType, IsoDate, Role } from '../model.ts';
import type { Levers } from '../simulation/model.ts';

/** Who confirmed an input, and on which date. Inputs without a confirmation are ASSUMED. */
export interface Confirmation {
  by: string;
  at: IsoDate;
}

/** How a role's quota is measured. */
export type QuotaMeasure =
  /** Won amounts of the counted deal types, credited to the owner (or by credit splits). */
  | 'bookings'
  /** Amounts of the deals the rep sourced (the deal's source rep), by created date. */
  | 'sourced_pipeline'
  /** Number of deals the rep sourced, by created date (a quantity quota: meetings that became deals). */
  | 'sourced_deals';

export const QUOTA_MEASURES: readonly QuotaMeasure[] = [
  'bookings',
  'sourced_pipeline',
  'sourced_deals',
];

export interface RolePlan {
  /** Whether people of this role carry a quota (MGR: no, by default). */
  carriesQuota: boolean;
  measure: QuotaMeasure;
  /** Fractions of full productivity for tenure months 1, 2, …; 1 after the schedule. */
  ramp: readonly number[];
  /** Deal types that count toward the quota and the role's productivity. */
  counts: readonly DealType[];
  /** Default annual OTE for reps of this role, cents; null = unknown. */
  ote: Cents | null;
  /**
   * Target of the role's own pool when its measure is not bookings (cents, or hundredths of a
   * deal for sourced_deals); null = the pool's bottom-up capacity (ambition 1).
   */
  target: Cents | null;
}

export interface PlannedHire {
  id: string;
  name: string;
  role: Role;
  segment: string | null;
  territoryId: string | null;
  managerId: string | null;
  startDate: IsoDate;
  endDate: IsoDate | null;
  ote: Cents | null;
}

export interface PlannedDeparture {
  repId: string;
  endDate: IsoDate;
}

export type SeasonalityPlan =
  { mode: 'flat' } | { mode: 'historical' } | { mode: 'custom'; shares: readonly number[] };

export const WEIGHT_COMPONENTS = ['potential', 'accounts', 'win_rate'] as const;
export type WeightComponent = (typeof WEIGHT_COMPONENTS)[number];

export interface TerritoryWeightPlan {
  min: number;
  max: number;
  coefficients: Record<WeightComponent, number>;
  /** Territory id → weight chosen by a person (bypasses the index, not the bounds check). */
  overrides: Readonly<Record<string, number>>;
}

/** Thresholds of the checks of METHOD §6 (and the back-test band of §7). */
export interface CheckThresholds {
  quotaToOte: { min: number; max: number };
  coverage: { warning: number; red: number };
  /** quota ÷ Σ account targets above this is high risk. */
  accountTargetRatio: number;
  backtest: { passMin: number; passMax: number; reviewMin: number };
  /** Attainment tracking indicators (METHOD §9). */
  indicators: { green: number; red: number };
}

/** An account's target for the plan period, cents. */
export interface AccountTarget {
  accountId: string;
  target: Cents;
}

/** A quota in force before this plan, for the current-methodology audit. */
export interface CurrentQuota {
  repId: string;
  /** Annual quota, cents. */
  quota: Cents;
}

export interface Plan {
  name: string;
  /** First day of the first plan month. */
  start: IsoDate;
  months: number;
  currency: string;
  /** One company target, or one per segment (cents). */
  target:
    | { kind: 'total'; total: Cents }
    | { kind: 'segments'; bySegment: Readonly<Record<string, Cents>> };
  /** α: share of the quota set top-down. 1 = top-down only. */
  topDownShare: number;
  /** g: growth applied to bottom-up capacity. */
  growth: number;
  /** o: over-assignment applied to every quota. */
  overAssignment: number;
  /** Rounding unit of annual quotas, cents (100,000 = $1,000). */
  roundingUnit: Cents;
  seasonality: SeasonalityPlan;
  /** The data's extraction date; null = the latest date in the data. */
  asOf: IsoDate | null;
  /** At most this many months of history feed the fit window. */
  historyMonths: number;
  /** Seed of every random draw (the simulation). */
  seed: number;
  /** Monte Carlo trials per scenario. */
  trials: number;
  /** Custom scenarios by name, beside the presets worst, expected and best. */
  scenarios: Readonly<Record<string, Levers>>;
  /** Settings per role code; roles not listed use `defaultRole`. */
  roles: Readonly<Record<string, RolePlan>>;
  defaultRole: RolePlan;
  territoryWeights: TerritoryWeightPlan;
  hires: readonly PlannedHire[];
  departures: readonly PlannedDeparture[];
  /** Annual OTE per rep id, cents; overrides the roster's and the role's. */
  ote: Readonly<Record<string, Cents>>;
  /** Imported account targets; null = derived (trailing 12 months × (1 + g)). */
  accountTargets: readonly AccountTarget[] | null;
  /** Quotas in force before this plan; null when none were given. */
  currentQuotas: readonly CurrentQuota[] | null;
  checks: CheckThresholds;
  /** Input key path ('target', 'roles.AE.ramp', 'hires.H-1') → who confirmed it. */
  confirmed: Readonly<Record<string, Confirmation>>;
}
