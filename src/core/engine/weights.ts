// Territory weights (METHOD §4): how rich each seller's patch is, as a multiplier around 1.

import { WEIGHT_COMPONENTS } from '../plan/types.ts';
import type { TerritoryWeightPlan, WeightComponent } from '../plan/types.ts';

/** What the weights are computed from, per territory with plan reps. */
export interface TerritoryInput {
  id: string;
  name: string;
  /** Σ over its reps and plan months of e, divided by the plan months. */
  fte: number;
  /** Σ potential of its accounts; null when no account has a territory at all. */
  potential: number | null;
  /** Number of its accounts; null when no account has a territory at all. */
  accounts: number | null;
  /** Credited won and lost deals of its reps closed in the fit window. */
  won: number;
  lost: number;
}

export interface TerritoryWeight {
  id: string;
  name: string;
  fte: number;
  /** Raw component values (per FTE for potential and accounts); null when missing for this territory. */
  raw: Record<WeightComponent, number | null>;
  /** Components divided by their mean over the territories; null when the component is not used. */
  normalised: Record<WeightComponent, number | null>;
  /** Σ coefficient × normalised component (1 with no component). */
  index: number;
  /** The index clamped to the bounds. */
  computed: number;
  /** The override a person set, if any. */
  override: number | null;
  /** The weight the allocation uses: the override, else the computed weight. */
  weight: number;
}

export interface WeightsResult {
  territories: TerritoryWeight[];
  /** Coefficients actually used (missing components dropped, the rest rescaled to sum 1). */
  coefficients: Record<WeightComponent, number>;
  /** Components left out, with the reason. */
  missing: { component: WeightComponent; reason: string }[];
}

/** Computes every territory's weight; territories are returned in input order. */
export function territoryWeights(
  inputs: readonly TerritoryInput[],
  plan: TerritoryWeightPlan,
): WeightsResult {
  const raw = inputs.map((t): Record<WeightComponent, number | null> => ({
    potential: t.potential === null || !(t.fte > 0) ? null : t.potential / t.fte,
    accounts: t.accounts === null || !(t.fte > 0) ? null : t.accounts / t.fte,
    win_rate: t.won + t.lost > 0 ? t.won / (t.won + t.lost) : null,
  }));
  const missing: WeightsResult['missing'] = [];
  const means = {} as Record<WeightComponent, number | null>;
  for (const c of WEIGHT_COMPONENTS) {
    const values = raw.map((r) => r[c]);
    let reason: string | null = null;
    if (inputs.length === 0) reason = 'no territory has reps';
    else if (values.some((v) => v === null)) {
      reason =
        c === 'win_rate'
          ? 'a territory has no closed deals in the fit window'
          : 'no account has a territory (neither its own nor its owner’s)';
    } else if (values.every((v) => v === 0)) reason = 'zero in every territory';
    else if (plan.coefficients[c] === 0) reason = 'coefficient set to 0';
    if (reason !== null) {
      missing.push({ component: c, reason });
      means[c] = null;
    } else {
      means[c] = values.reduce<number>((a, v) => a + (v ?? 0), 0) / values.length;
    }
  }
  let coefSum = 0;
  for (const c of WEIGHT_COMPONENTS) if (means[c] !== null) coefSum += plan.coefficients[c];
  const coefficients = {} as Record<WeightComponent, number>;
  for (const c of WEIGHT_COMPONENTS) {
    coefficients[c] = means[c] !== null && coefSum > 0 ? plan.coefficients[c] / coefSum : 0;
  }
  const territories = inputs.map((t, k): TerritoryWeight => {
    const normalised = {} as Record<WeightComponent, number | null>;
    let index = 0;
    let used = false;
    for (const c of WEIGHT_COMPONENTS) {
      const mean = means[c] ?? null;
      const value = raw[k]?.[c] ?? null;
      if (mean === null || value === null) {
        normalised[c] = null;
        continue;
      }
      const norm = value / mean;
      normalised[c] = norm;
      index += coefficients[c] * norm;
      used = true;
    }
    if (!used) index = 1;
    const computed = Math.min(plan.max, Math.max(plan.min, index));
    const override = plan.overrides[t.id] ?? null;
    return {
      id: t.id,
      name: t.name,
      fte: t.fte,
      raw: raw[k] ?? { potential: null, accounts: null, win_rate: null },
      normalised,
      index,
      computed,
      override,
      weight: override ?? computed,
    };
  });
  return { territories, coefficients, missing };
}

/** A seller's weight under computed weights: its territory's, or 1 without a known territory. */
export function weightLookup(
  weights: Pick<WeightsResult, 'territories'>,
): (s: { territoryId: string | null }) => number {
  const byId = new Map(weights.territories.map((t) => [t.id, t.weight]));
  return (s) => (s.territoryId === null ? 1 : (byId.get(s.territoryId) ?? 1));
}
