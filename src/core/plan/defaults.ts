// The opinion quotaplan starts from (the seed: "we come with an opinion"): every default of
// METHOD.md in one place. A plan that does not set an input gets these, marked ASSUMED.

import { DEFAULT_RAMP } from '../capacity.ts';
import type { Plan, RolePlan, CheckThresholds, TerritoryWeightPlan } from './types.ts';

/** An account executive: new business and expansion bookings, the default ramp. */
export const AE_ROLE: RolePlan = Object.freeze({
  carriesQuota: true,
  measure: 'bookings',
  ramp: DEFAULT_RAMP,
  counts: Object.freeze(['new_business', 'expansion'] as const),
  ote: null,
  target: null,
});

/** Default settings of the common roles; any other role code behaves as an AE. */
export const DEFAULT_ROLES: Readonly<Record<string, RolePlan>> = Object.freeze({
  AE: AE_ROLE,
  AM: Object.freeze({ ...AE_ROLE, counts: Object.freeze(['expansion', 'renewal'] as const) }),
  SDR: Object.freeze({ ...AE_ROLE, measure: 'sourced_pipeline' as const }),
  MGR: Object.freeze({ ...AE_ROLE, carriesQuota: false }),
});

export const DEFAULT_WEIGHTS: TerritoryWeightPlan = Object.freeze({
  min: 0.7,
  max: 1.3,
  coefficients: Object.freeze({ potential: 0.5, accounts: 0.25, win_rate: 0.25 }),
  overrides: Object.freeze({}),
});

export const DEFAULT_CHECKS: CheckThresholds = Object.freeze({
  quotaToOte: Object.freeze({ min: 4, max: 6 }),
  coverage: Object.freeze({ warning: 3, red: 2 }),
  accountTargetRatio: 1.1,
  backtest: Object.freeze({ passMin: 0.7, passMax: 0.8, reviewMin: 0.6 }),
  indicators: Object.freeze({ green: 0.9, red: 0.6 }),
});

export const DEFAULT_HISTORY_MONTHS = 24;
/** $1,000 in cents. */
export const DEFAULT_ROUNDING_UNIT = 100_000;
export const DEFAULT_TOP_DOWN_SHARE = 0.5;
export const DEFAULT_TRIALS = 2000;

/**
 * A complete plan from the few inputs no default can supply; everything else at METHOD.md's
 * defaults. Used by tests and by init-plan.
 */
export function planWithDefaults(
  required: Pick<Plan, 'name' | 'start' | 'currency' | 'target'> & Partial<Plan>,
): Plan {
  return {
    months: 12,
    topDownShare: DEFAULT_TOP_DOWN_SHARE,
    growth: 0,
    overAssignment: 0,
    roundingUnit: DEFAULT_ROUNDING_UNIT,
    seasonality: { mode: 'historical' },
    asOf: null,
    historyMonths: DEFAULT_HISTORY_MONTHS,
    seed: 1,
    trials: DEFAULT_TRIALS,
    scenarios: {},
    roles: DEFAULT_ROLES,
    defaultRole: AE_ROLE,
    territoryWeights: DEFAULT_WEIGHTS,
    hires: [],
    departures: [],
    ote: {},
    accountTargets: null,
    currentQuotas: null,
    checks: DEFAULT_CHECKS,
    confirmed: {},
    ...required,
  };
}

/** The settings of a role code under a plan. */
export function rolePlan(plan: Pick<Plan, 'roles' | 'defaultRole'>, role: string): RolePlan {
  return plan.roles[role] ?? plan.defaultRole;
}
