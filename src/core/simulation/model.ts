// The simulation model (METHOD §8): for every seller of the bookings pool, the expected number of
// won deals in each plan month under a scenario's levers, and the deal sizes to draw from. Built
// once per scenario; the trials (trials.ts) only read it, so it can be copied to worker threads.

import { activeFraction, rampFactor, tenureMonth } from '../capacity.ts';
import { BOOKINGS_POOL, cohortTable, credibility, credibilityWeighted } from '../engine/cohorts.ts';
import type { Allocation } from '../engine/allocate.ts';
import { weightLookup } from '../engine/weights.ts';
import type { History, Seller } from '../engine/history.ts';
import type { Plan } from '../plan/types.ts';

export interface Levers {
  /** Change of the win rate in points (−0.10 = ten points lower). */
  winRatePoints: number;
  /** Every deal size × this. */
  dealSizeMultiplier: number;
  /** Annual attrition: the share of reps expected to leave in a year. */
  attrition: number;
  /** Months added to the ramp of anyone still ramping. */
  extraRampMonths: number;
  /** Fully ramped-to-be hires added at the plan start, each like its segment's typical rep. */
  extraHires: number;
}

export const PRESETS: Readonly<Record<'worst' | 'expected' | 'best', Levers>> = Object.freeze({
  worst: {
    winRatePoints: -0.1,
    dealSizeMultiplier: 0.9,
    attrition: 0.25,
    extraRampMonths: 0,
    extraHires: 0,
  },
  expected: {
    winRatePoints: 0,
    dealSizeMultiplier: 1,
    attrition: 0.139,
    extraRampMonths: 0,
    extraHires: 0,
  },
  best: {
    winRatePoints: 0.05,
    dealSizeMultiplier: 1.1,
    attrition: 0.05,
    extraRampMonths: 0,
    extraHires: 0,
  },
});

/** Deals of its own a rep needs before its deal sizes are drawn from its own history. */
export const OWN_SIZES_MIN = 10;

export interface SimulationModel {
  scenario: string;
  levers: Levers;
  seed: number;
  months: number;
  /** Sellers simulated: the plan's bookings-pool reps, then any extra hires. */
  ids: string[];
  names: string[];
  /** Annual quota of each (0 for extra hires: they book toward the team but carry none). */
  quota: Float64Array;
  /** Expected won deals of seller i in plan month m, at [i × months + m]. */
  mu: Float64Array;
  /**
   * Deal sizes of seller i (whole cents, after the multiplier): sizes[sizeRange[2i]] ..
   * sizes[sizeRange[2i + 1] − 1]. Sellers drawing from the same cohort pool share one range.
   */
  sizeRange: Int32Array;
  sizes: Float64Array;
  /** Monthly hazard of leaving: 1 − (1 − attrition)^(1/12). */
  hazard: number;
  /** The plan's bookings target T, cents. */
  target: number;
  /** Facts for the explanation: λ per seller (won deals per ramped month) and the source of its sizes. */
  lambda: Float64Array;
  sizeSource: ('own' | 'cohort' | 'none')[];
  notes: string[];
}

function wonRate(s: Seller): number | null {
  return s.won + s.lost > 0 ? s.won / (s.won + s.lost) : null;
}

/**
 * Builds the model of one scenario from a plan run. λ_i is credibility-weighted like P_i, on won
 * deals per ramped month; the win-rate lever scales it by (wr + Δ) ÷ wr with the rep's own win
 * rate (its cohort's when it closed nothing); extra ramp months stretch the ramp of anyone whose
 * tenure is still within it.
 */
export function buildSimulationModel(
  plan: Plan,
  history: History,
  allocation: Allocation,
  scenario: { name: string; levers: Levers },
): SimulationModel {
  const { levers } = scenario;
  const L = history.months;
  const notes: string[] = [];
  const wOf = weightLookup(allocation.weights);
  const rateOf = (s: Seller): number | null =>
    s.own === null || !(s.fitRampedMonths > 0) ? null : s.won / s.fitRampedMonths;
  const lambdaCohorts = cohortTable(history.sellers, wOf, rateOf);
  const winCohorts = cohortTable(history.sellers, () => 1, wonRate);
  const sellerIndex = new Map(history.sellers.map((s, i) => [s.id, i]));
  const { start: wonStart, amounts: wonAmounts } = history.wonSizes;
  const ownSizes = (i: number): Float64Array =>
    wonAmounts.subarray(wonStart[i] ?? 0, wonStart[i + 1] ?? 0);

  interface Row {
    seller: Seller;
    quota: number;
    planned: boolean;
  }
  const rows: Row[] = [];
  for (const rep of allocation.reps) {
    if (rep.pool !== BOOKINGS_POOL) continue;
    const i = sellerIndex.get(rep.id);
    const seller = i === undefined ? undefined : history.sellers[i];
    if (seller !== undefined) rows.push({ seller, quota: rep.quota, planned: false });
  }
  // Extra hires: like a rep of the most common segment and role, without a territory (weight 1),
  // starting on the plan start; with no history they take their cohort's deal rate and sizes.
  if (levers.extraHires > 0 && rows.length > 0) {
    const counts = new Map<string, { n: number; seller: Seller }>();
    for (const row of rows) {
      const key = `${row.seller.segment ?? ''}\u0000${row.seller.role}`;
      const entry = counts.get(key);
      if (entry === undefined) counts.set(key, { n: 1, seller: row.seller });
      else entry.n++;
    }
    let template = rows[0]?.seller as Seller;
    let most = 0;
    for (const { n, seller } of counts.values()) {
      if (n > most) {
        most = n;
        template = seller;
      }
    }
    for (let h = 0; h < levers.extraHires; h++) {
      rows.push({
        seller: {
          ...template,
          id: `EXTRA-${h + 1}`,
          name: `Extra hire ${h + 1}`,
          territoryId: null,
          managerId: null,
          startDate: plan.start,
          endDate: null,
          planned: true,
          own: null,
          fitCapacity: 0,
          fitRampedMonths: 0,
          fullMonths: 0,
          won: 0,
          lost: 0,
        },
        quota: 0,
        planned: true,
      });
    }
    notes.push(
      `${levers.extraHires} extra hires start on ${plan.start}, like ${template.segment ?? 'the'} segment's typical rep`,
    );
  }

  const n = rows.length;
  const mu = new Float64Array(n * L);
  const lambda = new Float64Array(n);
  const quota = new Float64Array(n);
  const sizeLists: Float64Array[] = [];
  const sizeSource: SimulationModel['sizeSource'] = [];
  const pooled = new Map<readonly Seller[], Float64Array>();
  let noSizes = 0;
  rows.forEach((row, r) => {
    const s = row.seller;
    const w = wOf(s);
    const own = rateOf(s);
    const lam = credibilityWeighted(own, credibility(s), lambdaCohorts.of(s).productivity, w);
    const wr = wonRate(s) ?? winCohorts.of(s).productivity;
    const factor = wr === null || wr <= 0 ? 1 : Math.max(0, (wr + levers.winRatePoints) / wr);
    lambda[r] = lam * factor;
    quota[r] = row.quota;
    for (let k = 0; k < L; k++) {
      const m = history.startMonth + k;
      const a = activeFraction(s, m);
      if (a === 0) continue;
      const tenure = tenureMonth(s.startDate, m);
      const stretched = Number.isFinite(tenure)
        ? Math.max(1, tenure - levers.extraRampMonths)
        : tenure;
      const e = a * rampFactor(s.ramp, tenure < 1 ? tenure : stretched);
      mu[r * L + k] = lam * factor * e * (history.sigma[k] ?? 1);
    }
    // Deal sizes: its own won deals when it has enough, else its cohort's pooled.
    const i = sellerIndex.get(s.id);
    const mine = i === undefined || row.planned ? new Float64Array(0) : ownSizes(i);
    let list: Float64Array;
    if (mine.length >= OWN_SIZES_MIN) {
      list = mine;
      sizeSource.push('own');
    } else {
      const members = lambdaCohorts.membersOf(s);
      let pool = pooled.get(members);
      if (pool === undefined) {
        const parts = members.flatMap((m) => {
          const j = sellerIndex.get(m.id);
          return j === undefined ? [] : [ownSizes(j)];
        });
        pool = new Float64Array(parts.reduce((t, p) => t + p.length, 0));
        let at = 0;
        for (const p of parts) {
          pool.set(p, at);
          at += p.length;
        }
        pooled.set(members, pool);
      }
      list = pool.length > 0 ? pool : mine;
      sizeSource.push(list.length > 0 ? 'cohort' : 'none');
      if (list.length === 0) noSizes++;
    }
    sizeLists.push(list);
  });
  if (noSizes > 0)
    notes.push(
      `${noSizes} reps have no won deals to draw sizes from, in their history or their cohort: they book nothing in the simulation`,
    );
  // One copy of each distinct list (a cohort's pool is shared by all who draw from it).
  const placed = new Map<Float64Array, number>();
  const sizeRange = new Int32Array(2 * n);
  let length = 0;
  for (const list of sizeLists)
    if (!placed.has(list)) placed.set(list, (length += list.length) - list.length);
  const sizes = new Float64Array(length);
  for (const [list, at] of placed) {
    for (let k = 0; k < list.length; k++) {
      sizes[at + k] = Math.round((list[k] ?? 0) * levers.dealSizeMultiplier);
    }
  }
  sizeLists.forEach((list, r) => {
    const at = placed.get(list) ?? 0;
    sizeRange[2 * r] = at;
    sizeRange[2 * r + 1] = at + list.length;
  });
  return {
    scenario: scenario.name,
    levers,
    seed: plan.seed,
    months: L,
    ids: rows.map((r) => r.seller.id),
    names: rows.map((r) => r.seller.name),
    quota,
    mu,
    sizeRange,
    sizes,
    hazard: levers.attrition > 0 ? 1 - (1 - Math.min(levers.attrition, 1)) ** (1 / 12) : 0,
    target: allocation.target,
    lambda,
    sizeSource,
    notes,
  };
}
