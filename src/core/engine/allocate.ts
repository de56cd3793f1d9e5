// Allocation (METHOD §2, §4, §5): effective capacity in the plan months, territory weights,
// cohort and credibility-weighted productivity, top-down and bottom-up quotas, the blend,
// over-assignment and rounding to the cent. Pure: a Plan and a History in, an Allocation out.

import { activeFraction, rampFactor, tenureMonth } from '../capacity.ts';
import { monthLabel } from '../dates.ts';
import type { Issue } from '../issue.ts';
import type { Cents, IsoDate } from '../model.ts';
import { rolePlan } from '../plan/defaults.ts';
import type { Plan, QuotaMeasure } from '../plan/types.ts';
import { splitCents } from '../baseline/credit.ts';
import type { History, MonthWindow, Seller } from './history.ts';
import { roundToUnits, splitOverMonths } from './rounding.ts';
import { territoryWeights, weightLookup } from './weights.ts';
import {
  BOOKINGS_POOL,
  cohortTable,
  credibility,
  credibilityWeighted,
  poolOf,
  segmentOf,
} from './cohorts.ts';
import type { Cohort } from './cohorts.ts';
import type { TerritoryInput, WeightsResult } from './weights.ts';

export { BOOKINGS_POOL, NO_SEGMENT } from './cohorts.ts';
export type { Cohort, CohortLevel } from './cohorts.ts';

export interface RepAllocation {
  id: string;
  name: string;
  role: string;
  measure: QuotaMeasure;
  pool: string;
  segment: string;
  territoryId: string | null;
  territoryName: string | null;
  managerId: string | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  planned: boolean;
  ote: Cents | null;
  /** Territory weight w_t (1 for a rep without a territory). */
  weight: number;
  /** e_i(m) for each plan month. */
  effective: number[];
  /** Σ_m e_i(m): fully ramped FTE-months in the plan. */
  effectiveMonths: number;
  /** Σ_m e_i(m) × σ(m). */
  seasonalMonths: number;
  /** own_i per ramped month (null when undefined) and the fit capacity behind it. */
  own: number | null;
  fitCapacity: number;
  /** z_i, the credibility of the rep's own history. */
  credibility: number;
  cohort: Cohort;
  /** P_i, per ramped month. */
  productivity: number;
  /** Σ_m c_i(m): bottom-up capacity in the plan months. */
  capacity: number;
  /** Annual top-down and bottom-up quotas before the blend (unrounded, before over-assignment). */
  topDown: number;
  bottomUp: number;
  /** Blended, over-assigned, unrounded annual quota. */
  unrounded: number;
  unroundedMonthly: number[];
  /** Annual quota, cents (hundredths of a deal for counts). */
  quota: Cents;
  monthly: Cents[];
  quarters: Cents[];
}

export interface SegmentAllocation {
  pool: string;
  measure: QuotaMeasure;
  segment: string;
  /** T_s, cents. */
  target: Cents;
  targetSource:
    | 'plan (per segment)'
    | 'plan total split by capacity'
    | 'plan total'
    | 'role target'
    | 'capacity (no target given)';
  /** R = T_s × (1 + o): the sum of the segment's quotas. */
  total: Cents;
  /** C_s, bottom-up capacity. */
  capacity: number;
  /** T_s − C_s (positive: a strategic gap). */
  gap: number;
  /** Fully ramped FTEs that would close the gap: (T_s − C_s) / (12 × P_c). */
  headcountToClose: number | null;
  /** P_c of the segment (its reps of every role of the pool), used for the headcount. */
  cohortProductivity: number | null;
  /** α actually used (1 when the segment has no bottom-up capacity). */
  topDownShare: number;
  bottomUpAvailable: boolean;
  reps: number;
  /** Σ e / months. */
  fte: number;
  quota: Cents;
}

export type Methodology =
  'top-down only' | 'bottom-up only' | 'blended' | 'segment-weighted blended';

export interface Allocation {
  name: string;
  methodology: Methodology;
  currency: string;
  basis: History['basis'];
  start: IsoDate;
  months: number;
  monthLabels: string[];
  quarterLabels: string[];
  asOf: IsoDate;
  /** Where the as-of date came from, in words. */
  asOfNote: string;
  fit: MonthWindow & { months: number; note: string };
  seasonality: { mode: string; shares: number[]; sigma: number[] };
  weights: WeightsResult;
  segments: SegmentAllocation[];
  reps: RepAllocation[];
  /** The bookings pool: Σ T_s, Σ C_s, Σ quotas. */
  target: Cents;
  capacity: number;
  quota: Cents;
  issues: Issue[];
}

const collator = new Intl.Collator('en', { numeric: true });

/** Natural order of ids ('R2' before 'R10'), then code units, so the order is total. */
export function compareIds(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Quarter sums of monthly cents: groups of three plan months (the last may be shorter). */
export function quarterSums(monthly: readonly number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < monthly.length; k += 3) {
    out.push((monthly[k] ?? 0) + (monthly[k + 1] ?? 0) + (monthly[k + 2] ?? 0));
  }
  return out;
}

/**
 * Allocates the plan's targets to its sellers (METHOD §5). Inputs that make an allocation
 * impossible (a segment target with no reps, reps in a segment with no target, a target with no
 * capacity at all) are error Issues, and those segments get no quotas.
 */
export function allocate(plan: Plan, history: History): Allocation {
  const issues: Issue[] = [...history.issues];
  const L = history.months;
  const sigma = history.sigma;
  const g = plan.growth;
  const o = plan.overAssignment;

  // ---- effective capacity in the plan months; the roster is everyone with e > 0 somewhere
  interface Work {
    s: Seller;
    e: Float64Array;
    effectiveMonths: number;
    seasonalMonths: number;
  }
  const work: Work[] = [];
  for (const s of history.sellers) {
    const e = new Float64Array(L);
    let total = 0;
    let seasonal = 0;
    for (let k = 0; k < L; k++) {
      const m = history.startMonth + k;
      const a = activeFraction(s, m);
      if (a === 0) continue;
      const v = a * rampFactor(s.ramp, tenureMonth(s.startDate, m));
      e[k] = v;
      total += v;
      seasonal += v * (sigma[k] ?? 1);
    }
    if (total > 0) work.push({ s, e, effectiveMonths: total, seasonalMonths: seasonal });
  }
  work.sort((a, b) => compareIds(a.s.id, b.s.id));

  // ---- territory weights (METHOD §4) over the territories with plan reps
  const territoryOrder: string[] = [];
  const tInput = new Map<string, TerritoryInput>();
  const anyAccountTerritory = history.accounts.some((a) => a.territoryId !== null);
  for (const w of work) {
    const t = w.s.territoryId;
    if (t === null) continue;
    let input = tInput.get(t);
    if (input === undefined) {
      input = {
        id: t,
        name: history.territoryNames.get(t) ?? t,
        fte: 0,
        potential: anyAccountTerritory ? 0 : null,
        accounts: anyAccountTerritory ? 0 : null,
        won: 0,
        lost: 0,
      };
      tInput.set(t, input);
      territoryOrder.push(t);
    }
    input.fte += w.effectiveMonths / L;
    input.won += w.s.won;
    input.lost += w.s.lost;
  }
  if (anyAccountTerritory) {
    for (const a of history.accounts) {
      const input = a.territoryId === null ? undefined : tInput.get(a.territoryId);
      if (input === undefined) continue;
      input.potential = (input.potential ?? 0) + a.potential;
      input.accounts = (input.accounts ?? 0) + 1;
    }
  }
  territoryOrder.sort(compareIds);
  const weights = territoryWeights(
    territoryOrder.map((t) => tInput.get(t) as TerritoryInput),
    plan.territoryWeights,
  );
  const wOf = weightLookup(weights);

  // ---- cohorts (METHOD §5): fully ramped reps of the fit window, territory-neutral
  const cohorts = cohortTable(history.sellers, wOf, (s) => s.own);

  // ---- per rep: productivity and capacity
  interface RepWork extends Work {
    weight: number;
    cohort: Cohort;
    z: number;
    P: number;
    c: Float64Array;
    capacity: number;
    x: Float64Array;
    xSum: number;
  }
  const reps: RepWork[] = work.map((w) => {
    const s = w.s;
    const weight = wOf(s);
    const cohort = cohorts.of(s);
    const z = credibility(s);
    const P = credibilityWeighted(s.own, z, cohort.productivity, weight);
    const c = new Float64Array(L);
    const x = new Float64Array(L);
    let capacity = 0;
    let xSum = 0;
    for (let k = 0; k < L; k++) {
      const ek = w.e[k] ?? 0;
      const sk = sigma[k] ?? 1;
      const ck = P * (1 + g) * ek * sk;
      c[k] = ck;
      capacity += ck;
      const xk = weight * ek * sk;
      x[k] = xk;
      xSum += xk;
    }
    return { ...w, weight, cohort, z, P, c, capacity, x, xSum };
  });

  // ---- segments of each pool
  const groups = new Map<string, RepWork[]>();
  for (const r of reps) {
    const key = `${poolOf(r.s)}\u0000${segmentOf(r.s)}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [r]);
    else list.push(r);
  }
  const groupKeys = [...groups.keys()].sort((a, b) => compareIds(a, b));
  const capacityOfGroup = (key: string): number =>
    (groups.get(key) ?? []).reduce((sum, r) => sum + r.capacity, 0);
  const massOfGroup = (key: string): number =>
    (groups.get(key) ?? []).reduce((sum, r) => sum + r.xSum, 0);

  // Targets T_s per group.
  const targets = new Map<string, { target: Cents; source: SegmentAllocation['targetSource'] }>();
  const bookingsKeys = groupKeys.filter((k) => k.startsWith(`${BOOKINGS_POOL}\u0000`));
  const segmentOfKey = (key: string): string => key.slice(key.indexOf('\u0000') + 1);
  if (plan.target.kind === 'segments') {
    const given = plan.target.bySegment;
    for (const key of bookingsKeys) {
      const seg = segmentOfKey(key);
      const t = given[seg];
      if (t === undefined) {
        issues.push({
          code: 'plan-segment-without-target',
          severity: 'error',
          message: `Segment ${seg} has ${groups.get(key)?.length ?? 0} reps carrying bookings quota but no target`,
          expected: `a target for ${seg} under targets:, or one total target:`,
          location: { entity: 'targets', id: seg },
        });
        continue;
      }
      targets.set(key, { target: t, source: 'plan (per segment)' });
    }
    for (const seg of Object.keys(given)) {
      if (!groups.has(`${BOOKINGS_POOL}\u0000${seg}`) && (given[seg] ?? 0) > 0) {
        issues.push({
          code: 'plan-target-segment-without-reps',
          severity: 'error',
          message: `Segment ${seg} has a target but no rep carrying bookings quota in the plan months`,
          expected: `one of the segments with reps: ${bookingsKeys.map(segmentOfKey).join(', ') || '(none)'}`,
          location: { entity: 'targets', id: seg },
        });
      }
    }
  } else if (bookingsKeys.length === 1) {
    targets.set(bookingsKeys[0] ?? '', { target: plan.target.total, source: 'plan total' });
  } else if (bookingsKeys.length > 1) {
    const caps = bookingsKeys.map(capacityOfGroup);
    const basis = caps.some((c) => c > 0) ? caps : bookingsKeys.map(massOfGroup);
    const parts =
      plan.target.total === 0 ? caps.map(() => 0) : splitCents(plan.target.total, basis);
    bookingsKeys.forEach((key, k) =>
      targets.set(key, { target: parts[k] ?? 0, source: 'plan total split by capacity' }),
    );
  } else if (plan.target.total > 0) {
    issues.push({
      code: 'plan-no-reps',
      severity: 'error',
      message: 'No rep carries a bookings quota in the plan months',
      expected: 'reps of a quota-carrying role employed during the plan, or planned hires',
      location: { entity: 'target' },
    });
  }
  // Other pools: the role's own target, split by capacity over its segments; else capacity.
  const otherPools = new Map<string, string[]>();
  for (const key of groupKeys) {
    const pool = key.slice(0, key.indexOf('\u0000'));
    if (pool === BOOKINGS_POOL) continue;
    const list = otherPools.get(pool);
    if (list === undefined) otherPools.set(pool, [key]);
    else list.push(key);
  }
  for (const [pool, keys] of otherPools) {
    const role = rolePlan(plan, pool);
    const caps = keys.map(capacityOfGroup);
    if (role.target === null) {
      keys.forEach((key, k) =>
        targets.set(key, {
          target: Math.round(caps[k] ?? 0),
          source: 'capacity (no target given)',
        }),
      );
    } else {
      const basis = caps.some((c) => c > 0) ? caps : keys.map(massOfGroup);
      const parts = role.target === 0 ? keys.map(() => 0) : splitCents(role.target, basis);
      keys.forEach((key, k) => targets.set(key, { target: parts[k] ?? 0, source: 'role target' }));
    }
  }

  // ---- the total each segment's quotas sum to: R_s = round(T_s × (1 + o)) cents (METHOD §5),
  // rounded per segment, so each segment holds its own over-assigned target to the cent
  const totals = new Map<string, Cents>();
  for (const [key, t] of targets) {
    totals.set(key, t.target > 0 ? Math.round(t.target * (1 + o)) : 0);
  }

  // ---- allocate each segment
  const alpha = plan.topDownShare;
  const repOut: RepAllocation[] = [];
  const segments: SegmentAllocation[] = [];
  for (const key of groupKeys) {
    const members = groups.get(key) ?? [];
    const pool = key.slice(0, key.indexOf('\u0000'));
    const segment = segmentOfKey(key);
    const measure = members[0]?.s.measure ?? 'bookings';
    const t = targets.get(key);
    const T = t?.target ?? 0;
    const C = members.reduce((sum, r) => sum + r.capacity, 0);
    const X = members.reduce((sum, r) => sum + r.xSum, 0);
    const R = totals.get(key) ?? 0;
    const bottomUpAvailable = C > 0;
    let a = alpha;
    if (!bottomUpAvailable && a < 1) {
      a = 1;
      if (T > 0) {
        issues.push({
          code: 'plan-no-bottom-up',
          severity: 'warning',
          message: `Segment ${segment} (${pool}) has no bottom-up capacity (no productivity history), so it runs top-down only`,
          location: { entity: 'segment', id: segment },
        });
      }
    }
    const allocatable = t !== undefined && (T === 0 || X > 0);
    if (t !== undefined && !allocatable) {
      issues.push({
        code: 'plan-target-without-capacity',
        severity: 'error',
        message: `Segment ${segment} (${pool}) has a target but its reps have no capacity in any plan month with a positive seasonality`,
        location: { entity: 'segment', id: segment },
      });
    }
    const unrounded = members.map((r) => {
      const monthly = new Array<number>(L).fill(0);
      let td = 0;
      let bu = 0;
      if (allocatable && T > 0) {
        for (let k = 0; k < L; k++) {
          const qtd = (T * (r.x[k] ?? 0)) / X;
          const qbu = bottomUpAvailable ? (T * (r.c[k] ?? 0)) / C : 0;
          td += qtd;
          bu += qbu;
          monthly[k] = (a * qtd + (1 - a) * qbu) * (1 + o);
        }
      }
      return { td, bu, monthly, annual: monthly.reduce((s2, v) => s2 + v, 0) };
    });
    const annual =
      allocatable && R > 0
        ? roundToUnits(
            unrounded.map((u) => u.annual),
            members.map((r) => r.s.id),
            R,
            plan.roundingUnit,
          )
        : members.map(() => 0);
    let segQuota = 0;
    members.forEach((r, k) => {
      const u = unrounded[k] ?? { td: 0, bu: 0, monthly: [], annual: 0 };
      const quota = annual[k] ?? 0;
      const monthly = splitOverMonths(quota, u.monthly);
      segQuota += quota;
      const s = r.s;
      repOut.push({
        id: s.id,
        name: s.name,
        role: s.role,
        measure: s.measure,
        pool,
        segment,
        territoryId: s.territoryId,
        territoryName:
          s.territoryId === null
            ? null
            : (history.territoryNames.get(s.territoryId) ?? s.territoryId),
        managerId: s.managerId,
        startDate: s.startDate,
        endDate: s.endDate,
        planned: s.planned,
        ote: s.ote,
        weight: r.weight,
        effective: Array.from(r.e),
        effectiveMonths: r.effectiveMonths,
        seasonalMonths: r.seasonalMonths,
        own: s.own,
        fitCapacity: s.fitCapacity,
        credibility: r.z,
        cohort: r.cohort,
        productivity: r.P,
        capacity: r.capacity,
        topDown: u.td,
        bottomUp: u.bu,
        unrounded: u.annual,
        unroundedMonthly: u.monthly,
        quota,
        monthly,
        quarters: quarterSums(monthly),
      });
    });
    const Pc = cohorts.ofSegment(pool, segment);
    segments.push({
      pool,
      measure,
      segment,
      target: T,
      targetSource: t?.source ?? 'plan total',
      total: allocatable ? R : 0,
      capacity: C,
      gap: T - C,
      headcountToClose: T > C && Pc !== null && Pc > 0 ? (T - C) / (12 * Pc) : null,
      cohortProductivity: Pc,
      topDownShare: a,
      bottomUpAvailable,
      reps: members.length,
      fte: members.reduce((sum, r) => sum + r.effectiveMonths, 0) / L,
      quota: segQuota,
    });
  }
  repOut.sort((a, b) => compareIds(a.id, b.id));

  const bookingsSegments = segments.filter((s) => s.pool === BOOKINGS_POOL);
  const monthLabels: string[] = [];
  for (let k = 0; k < L; k++) monthLabels.push(monthLabel(history.startMonth + k));
  const quarterLabels = quarterSums(monthLabels.map(() => 0)).map((_, q) => `Q${q + 1}`);
  const methodology: Methodology =
    alpha >= 1
      ? 'top-down only'
      : alpha <= 0
        ? 'bottom-up only'
        : plan.target.kind === 'segments'
          ? 'segment-weighted blended'
          : 'blended';
  return {
    name: plan.name,
    methodology,
    currency: plan.currency,
    basis: history.basis,
    start: plan.start,
    months: L,
    monthLabels,
    quarterLabels,
    asOf: history.asOf,
    asOfNote: history.asOfSource.note,
    fit: {
      ...history.fit,
      months: Math.max(0, history.fit.to - history.fit.from + 1),
      note: history.fitNote,
    },
    seasonality: {
      mode: history.seasonality.mode,
      shares: history.seasonality.shares,
      sigma: Array.from(sigma),
    },
    weights,
    segments,
    reps: repOut,
    target: bookingsSegments.reduce((sum, s) => sum + s.target, 0),
    capacity: bookingsSegments.reduce((sum, s) => sum + s.capacity, 0),
    quota: bookingsSegments.reduce((sum, s) => sum + s.quota, 0),
    issues,
  };
}
