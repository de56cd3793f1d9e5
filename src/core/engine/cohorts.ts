// Cohorts (METHOD §5): the fully ramped reps a seller is compared with, territory-neutral, widening
// from the same role and segment to the segment to every rep of the quota pool. The allocation
// uses them for productivity; the simulation for deal rates and deal-size pools.

import { median } from '../stats.ts';
import type { Seller } from './history.ts';

/** Key of the segment of sellers without one. */
export const NO_SEGMENT = '(none)';
/** Pool of the sellers measured on bookings; other measures pool by role. */
export const BOOKINGS_POOL = 'bookings';
/** Fit-window months with e = 1 a rep needs to join its cohort. */
export const COHORT_MIN_FULL_MONTHS = 6;

export type CohortLevel = 'role and segment' | 'segment' | 'all reps' | 'none';

export interface Cohort {
  /** Where the cohort had to widen to find fully ramped reps. */
  level: CohortLevel;
  /** Median territory-neutral value (productivity P_c, or deal rate); null with no cohort. */
  productivity: number | null;
  members: number;
}

export function poolOf(s: Pick<Seller, 'measure' | 'role'>): string {
  return s.measure === 'bookings' ? BOOKINGS_POOL : s.role;
}

export function segmentOf(s: Pick<Seller, 'segment'>): string {
  return s.segment ?? NO_SEGMENT;
}

export interface CohortTable {
  /** The seller's cohort: its level, median territory-neutral value and size. */
  of(s: Seller): Cohort;
  /** The members of that cohort (empty with none). */
  membersOf(s: Seller): readonly Seller[];
  /** Median over the segment's members (widened to the pool), for the headcount that closes a gap. */
  ofSegment(pool: string, segment: string): number | null;
}

/**
 * Groups the fully ramped sellers (COHORT_MIN_FULL_MONTHS fit months with e = 1 and a defined
 * value) by pool, role and segment, and answers each seller's cohort. `value` is the quantity
 * compared (own productivity, won deals per month); it is divided by the seller's territory
 * weight so cohorts compare people, not patches.
 */
export function cohortTable(
  sellers: readonly Seller[],
  weightOf: (s: Seller) => number,
  value: (s: Seller) => number | null,
): CohortTable {
  interface Group {
    values: number[];
    members: Seller[];
  }
  const groups = new Map<string, Group>();
  const add = (key: string, s: Seller, v: number): void => {
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { values: [], members: [] }));
    g.values.push(v);
    g.members.push(s);
  };
  for (const s of sellers) {
    const v = value(s);
    if (v === null || s.fullMonths < COHORT_MIN_FULL_MONTHS) continue;
    const neutral = v / weightOf(s);
    const pool = poolOf(s);
    add(`${pool}\u0000${s.role}\u0000${segmentOf(s)}`, s, neutral);
    add(`${pool}\u0001${segmentOf(s)}`, s, neutral);
    add(pool, s, neutral);
  }
  const cache = new Map<string, { cohort: Cohort; members: readonly Seller[] }>();
  const resolve = (s: Seller): { cohort: Cohort; members: readonly Seller[] } => {
    const pool = poolOf(s);
    const key = `${pool}\u0000${s.role}\u0000${segmentOf(s)}`;
    let hit = cache.get(key);
    if (hit === undefined) {
      const levels: [CohortLevel, Group | undefined][] = [
        ['role and segment', groups.get(key)],
        ['segment', groups.get(`${pool}\u0001${segmentOf(s)}`)],
        ['all reps', groups.get(pool)],
      ];
      hit = { cohort: { level: 'none', productivity: null, members: 0 }, members: [] };
      for (const [level, g] of levels) {
        if (g !== undefined && g.values.length > 0) {
          hit = {
            cohort: { level, productivity: median(g.values), members: g.values.length },
            members: g.members,
          };
          break;
        }
      }
      cache.set(key, hit);
    }
    return hit;
  };
  return {
    of: (s) => resolve(s).cohort,
    membersOf: (s) => resolve(s).members,
    ofSegment: (pool, segment) =>
      median(groups.get(`${pool}\u0001${segment}`)?.values ?? groups.get(pool)?.values ?? []),
  };
}

/** z_i = min(1, Σ_h e_i(h) ÷ 12) when the seller's own productivity is defined, else 0 (METHOD §5). */
export function credibility(s: Pick<Seller, 'own' | 'fitCapacity'>): number {
  return s.own === null ? 0 : Math.min(1, s.fitCapacity / 12);
}

/**
 * The credibility-weighted value of a seller (METHOD §5): z × own + (1 − z) × cohort × w; its own
 * value (0 when undefined) when there is no cohort. P_i for productivity, λ_i for deal rates.
 */
export function credibilityWeighted(
  own: number | null,
  z: number,
  cohort: number | null,
  weight: number,
): number {
  return cohort === null ? (own ?? 0) : z * (own ?? 0) + (1 - z) * cohort * weight;
}
