// The back-test (METHOD §7): "under this methodology, 75 % of your reps would have hit quota last
// year". The plan's settings are replayed on the year before the plan, learning only from the
// months before that year, and last year's real bookings are set against the quotas it gives.

import { monthEnd, monthLabel, monthStart } from '../dates.ts';
import type { Issue } from '../issue.ts';
import type { Cents, Dataset, IsoDate } from '../model.ts';
import type { Plan } from '../plan/types.ts';
import { allocate, BOOKINGS_POOL } from '../engine/allocate.ts';
import type { Allocation, RepAllocation } from '../engine/allocate.ts';
import { lastCompleteMonth, learnHistory, windowLength } from '../engine/history.ts';
import type { History, MonthWindow } from '../engine/history.ts';

/** Fit-window months before the test year needed for an out-of-sample back-test. */
export const MIN_FIT_MONTHS = 6;
/** Share of reps the calibration aims at: three in four. */
export const CALIBRATION_SHARE = 0.75;

export type Verdict = 'pass' | 'review' | 'fail';

export const BUCKETS = [
  { label: '<50%', min: 0, max: 0.5 },
  { label: '50–70%', min: 0.5, max: 0.7 },
  { label: '70–90%', min: 0.7, max: 0.9 },
  { label: '90–100%', min: 0.9, max: 1 },
  { label: '100–120%', min: 1, max: 1.2 },
  { label: '≥120%', min: 1.2, max: Infinity },
] as const;

export interface Bucket {
  label: string;
  /** Attainment from min (inclusive) to max (exclusive). */
  min: number;
  max: number;
  reps: number;
  share: number;
}

export interface BacktestRep {
  repId: string;
  repName: string;
  segment: string;
  territoryId: string | null;
  territoryName: string | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  /** The back-test quota for the test year (cents; hundredths of a deal for counts). */
  quota: Cents;
  /** Real credited bookings in the test year. */
  bookings: number;
  attainment: number;
  /** Attainment had the test-year target equalled the test-year capacity (k = 1). */
  attainmentAtCapacity: number;
  /** Per quarter of the test year that the data covers: quota, bookings, attainment. */
  quarters: { label: string; quota: Cents; bookings: number; attainment: number | null }[];
}

export interface GroupResult {
  key: string;
  label: string;
  reps: number;
  shareAttaining: number;
  buckets: Bucket[];
}

export interface QuarterResult {
  label: string;
  from: IsoDate;
  to: IsoDate;
  reps: number;
  shareAttaining: number;
}

export interface BacktestResult {
  plan: string;
  testWindow: { from: IsoDate; to: IsoDate };
  fitWindow: { from: IsoDate; to: IsoDate; months: number };
  inSample: boolean;
  /** Why the windows are what they are, in words. */
  notes: string[];
  /** k = T ÷ C of the plan. */
  ambition: number;
  planTarget: Cents;
  planCapacity: number;
  /** C_Y and T_Y = k × C_Y of the test-year run. */
  testCapacity: number;
  testTarget: Cents;
  reps: number;
  shareAttaining: number;
  verdict: Verdict;
  verdictText: string;
  /** The largest k at which three reps in four would have attained, and T* = k* × C. */
  kStar: number | null;
  targetAtKStar: Cents | null;
  buckets: Bucket[];
  bySegment: GroupResult[];
  byTerritory: GroupResult[];
  /** Quarters of the test year that the data covers completely. */
  quarters: QuarterResult[];
  perRep: BacktestRep[];
  issues: Issue[];
}

export function verdictOf(share: number, plan: Plan): { verdict: Verdict; text: string } {
  const { passMin, passMax, reviewMin } = plan.checks.backtest;
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  if (share >= passMin && share <= passMax) {
    return {
      verdict: 'pass',
      text: `${pct(share)} of reps would have attained: within the ${pct(passMin)}–${pct(passMax)} band`,
    };
  }
  if (share > passMax) {
    return {
      verdict: 'review',
      text: `${pct(share)} would have attained: above ${pct(passMax)}, the plan may be too easy`,
    };
  }
  if (share >= reviewMin) {
    return {
      verdict: 'review',
      text: `${pct(share)} would have attained: between ${pct(reviewMin)} and ${pct(passMin)}, review before rollout`,
    };
  }
  return {
    verdict: 'fail',
    text: `${pct(share)} would have attained: below ${pct(reviewMin)}, the model needs adjustment before rollout`,
  };
}

function bucketsOf(attainments: readonly number[]): Bucket[] {
  const n = attainments.length;
  return BUCKETS.map((b) => {
    const reps = attainments.filter((a) => a >= b.min && a < b.max).length;
    return { label: b.label, min: b.min, max: b.max, reps, share: n === 0 ? 0 : reps / n };
  });
}

function shareAttaining(attainments: readonly number[]): number {
  return attainments.length === 0
    ? 0
    : attainments.filter((a) => a >= 1).length / attainments.length;
}

/**
 * The largest k with #{a1 ≥ k} / n ≥ share: sort descending and read the value at position
 * ceil(share × n) − 1. Null with no reps.
 */
export function calibrate(atCapacity: readonly number[], share = CALIBRATION_SHARE): number | null {
  const n = atCapacity.length;
  if (n === 0) return null;
  const sorted = [...atCapacity].sort((a, b) => b - a);
  return sorted[Math.max(0, Math.ceil(share * n) - 1)] ?? null;
}

function groups(
  rows: readonly BacktestRep[],
  keyOf: (r: BacktestRep) => string,
  labelOf: (r: BacktestRep) => string,
): GroupResult[] {
  const by = new Map<string, BacktestRep[]>();
  for (const r of rows) {
    const key = keyOf(r);
    const list = by.get(key);
    if (list === undefined) by.set(key, [r]);
    else list.push(r);
  }
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, list]) => {
      const att = list.map((r) => r.attainment);
      return {
        key,
        label: labelOf(list[0] as BacktestRep),
        reps: list.length,
        shareAttaining: shareAttaining(att),
        buckets: bucketsOf(att),
      };
    });
}

/**
 * Back-tests a plan (METHOD §7). `planHistory` and `planAllocation` are the plan's own run (its
 * fit window is the history window; its T and C give the ambition k).
 */
export function backtestPlan(
  dataset: Dataset,
  plan: Plan,
  planHistory: History,
  planAllocation: Allocation,
): BacktestResult {
  const issues: Issue[] = [];
  const notes: string[] = [];
  const S = planHistory.startMonth;
  const history = planHistory.fit;
  // Months before the first closed deal are not observed: a test year reaching into them would
  // count them as months in which everyone booked nothing. The test window starts no earlier
  // than the history (Decision, docs/methodology.md).
  const test: MonthWindow = {
    from: windowLength(history) > 0 ? Math.min(S - 1, Math.max(S - 12, history.from)) : S - 12,
    to: S - 1,
  };
  const testMonths = windowLength(test);
  const before: MonthWindow = { from: history.from, to: Math.min(history.to, test.from - 1) };
  let fit: MonthWindow;
  let inSample: boolean;
  if (windowLength(before) >= MIN_FIT_MONTHS) {
    fit = before;
    inSample = false;
    notes.push(
      `Out of sample: quotas for ${monthLabel(test.from)}..${monthLabel(test.to)} learnt only from the ${windowLength(fit)} months before it (${monthLabel(fit.from)}..${monthLabel(fit.to)}).`,
    );
  } else {
    fit = { from: Math.max(history.from, test.from), to: Math.min(history.to, test.to) };
    inSample = true;
    notes.push(
      `In sample: the history has ${windowLength(before)} months before the test year (${MIN_FIT_MONTHS} needed), so the model learnt from the test year itself (${windowLength(fit)} months); the share attaining reads better than an out-of-sample test would.`,
    );
  }
  if (testMonths < 12) {
    notes.push(
      `The test window is ${testMonths} months (${monthLabel(test.from)}..${monthLabel(test.to)}), not 12: the data has no closed deal before ${monthLabel(test.from)}, so earlier months cannot be judged.`,
    );
  }
  const observedTo = lastCompleteMonth(planHistory.asOf);
  if (observedTo < test.to) {
    notes.push(
      `The data ends before the test year does (last complete month ${monthLabel(observedTo)}): bookings after it are missing, so attainment is understated.`,
    );
  }

  const planTarget = planAllocation.target;
  const planCapacity = planAllocation.capacity;
  const testPlan: Plan = {
    ...plan,
    start: monthStart(test.from),
    months: testMonths,
    hires: [],
    departures: [],
    asOf: planHistory.asOf,
    target: { kind: 'total', total: 0 },
  };
  const empty = (reason: string): BacktestResult => {
    issues.push({ code: 'backtest-impossible', severity: 'error', message: reason });
    const { verdict, text } = verdictOf(0, plan);
    return {
      plan: plan.name,
      testWindow: { from: monthStart(test.from), to: monthEnd(test.to) },
      fitWindow: { from: monthStart(fit.from), to: monthEnd(fit.to), months: windowLength(fit) },
      inSample,
      notes,
      ambition: 0,
      planTarget,
      planCapacity,
      testCapacity: 0,
      testTarget: 0,
      reps: 0,
      shareAttaining: 0,
      verdict,
      verdictText: `${text} (${reason})`,
      kStar: null,
      targetAtKStar: null,
      buckets: bucketsOf([]),
      bySegment: [],
      byTerritory: [],
      quarters: [],
      perRep: [],
      issues,
    };
  };
  if (windowLength(fit) === 0) return empty('no history to learn from');
  if (!(planCapacity > 0))
    return empty('the plan has no bottom-up capacity, so its ambition k = T ÷ C is undefined');
  const k = planTarget / planCapacity;

  const testHistory = learnHistory(dataset, testPlan, { fitWindow: fit });
  // Capacity does not depend on the target: one run at T = 0 gives C_Y.
  const probe = allocate(testPlan, testHistory);
  const testCapacity = probe.capacity;
  if (!(testCapacity > 0)) return empty('nobody in the test year has bottom-up capacity');
  const testTarget = Math.round(k * testCapacity);
  const atK = allocate({ ...testPlan, target: { kind: 'total', total: testTarget } }, testHistory);
  const atOne = allocate(
    { ...testPlan, target: { kind: 'total', total: Math.round(testCapacity) } },
    testHistory,
  );
  for (const issue of atK.issues) if (issue.severity !== 'info') issues.push(issue);

  const actualOf = new Map(testHistory.sellers.map((s) => [s.id, s.actual]));
  const oneOf = new Map(atOne.reps.map((r) => [r.id, r.quota]));
  const quarterCount = Math.floor(testMonths / 3);
  const coveredQuarters: number[] = [];
  for (let q = 0; q < quarterCount; q++)
    if (test.from + 3 * q + 2 <= observedTo) coveredQuarters.push(q);

  const sum = (xs: ArrayLike<number>, from: number, to: number): number => {
    let total = 0;
    for (let m = from; m < to; m++) total += xs[m] ?? 0;
    return total;
  };
  const perRep: BacktestRep[] = atK.reps
    .filter((r: RepAllocation) => r.pool === BOOKINGS_POOL && r.quota > 0)
    .map((r): BacktestRep => {
      const actual = actualOf.get(r.id) ?? new Float64Array(testMonths);
      const bookings = sum(actual, 0, testMonths);
      const one = oneOf.get(r.id) ?? 0;
      return {
        repId: r.id,
        repName: r.name,
        segment: r.segment,
        territoryId: r.territoryId,
        territoryName: r.territoryName,
        startDate: r.startDate,
        endDate: r.endDate,
        quota: r.quota,
        bookings,
        attainment: bookings / r.quota,
        attainmentAtCapacity: one > 0 ? bookings / one : Infinity,
        quarters: coveredQuarters.map((q) => {
          const quota = sum(r.monthly, 3 * q, 3 * q + 3);
          const booked = sum(actual, 3 * q, 3 * q + 3);
          return {
            label: `Q${q + 1}`,
            quota,
            bookings: booked,
            attainment: quota > 0 ? booked / quota : null,
          };
        }),
      };
    });
  const attainments = perRep.map((r) => r.attainment);
  const share = shareAttaining(attainments);
  const { verdict, text } = verdictOf(share, plan);
  const kStar = calibrate(perRep.map((r) => r.attainmentAtCapacity));
  const quarters: QuarterResult[] = coveredQuarters.map((q, i) => {
    const rows = perRep.flatMap((r) => {
      const a = r.quarters[i]?.attainment;
      return a === null || a === undefined ? [] : [a];
    });
    return {
      label: `Q${q + 1}`,
      from: monthStart(test.from + 3 * q),
      to: monthEnd(test.from + 3 * q + 2),
      reps: rows.length,
      shareAttaining: shareAttaining(rows),
    };
  });
  return {
    plan: plan.name,
    testWindow: { from: monthStart(test.from), to: monthEnd(test.to) },
    fitWindow: { from: monthStart(fit.from), to: monthEnd(fit.to), months: windowLength(fit) },
    inSample,
    notes,
    ambition: k,
    planTarget,
    planCapacity,
    testCapacity,
    testTarget,
    reps: perRep.length,
    shareAttaining: share,
    verdict,
    verdictText: text,
    kStar,
    targetAtKStar:
      kStar === null || !Number.isFinite(kStar) ? null : Math.round(kStar * planCapacity),
    buckets: bucketsOf(attainments),
    bySegment: groups(
      perRep,
      (r) => r.segment,
      (r) => r.segment,
    ),
    byTerritory: groups(
      perRep,
      (r) => r.territoryId ?? '(none)',
      (r) => r.territoryName ?? '(no territory)',
    ),
    quarters,
    perRep,
    issues,
  };
}
