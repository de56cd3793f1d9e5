// Attainment tracking of one period (METHOD §9): every rep's numbers, and the same numbers for
// each manager's whole subtree, each territory, each segment and the organisation.

import { compareIds } from '../engine/allocate.ts';
import type { Issue } from '../issue.ts';
import type { Cents, IsoDate } from '../model.ts';
import { TrackingInputError } from './errors.ts';
import { checkThresholds } from './indicator.ts';
import type { IndicatorThresholds } from './indicator.ts';
import { measureContext, measurePeriod } from './measures.ts';
import type { PeriodMeasures } from './measures.ts';
import { buildOrgIndex } from './org-index.ts';
import type { OrgIndex } from './org-index.ts';
import { calendarStart, resolvePeriod } from './period.ts';
import type { PeriodSpec, PlanCalendar, ResolvedPeriod } from './period.ts';

/** A rep's published quota: monthly cents aligned to the plan months (length = months). */
export interface QuotaLine {
  repId: string;
  name: string;
  managerId: string | null;
  territoryId: string | null;
  segment: string | null;
  monthly: readonly Cents[];
}

/** Someone in the reporting lines who carries no quota (a manager), so roll-ups reach through them. */
export interface OrgPerson {
  id: string;
  name: string;
  managerId: string | null;
}

export interface TrackingInput extends PlanCalendar {
  quotas: readonly QuotaLine[];
  /**
   * Credited bookings per rep id and plan month, cents (length = months). The current month
   * holds the bookings dated up to the as-of date; later months are not read. A rep without an
   * entry booked nothing.
   */
  bookings: Readonly<Record<string, readonly Cents[]>>;
  asOf: IsoDate;
  period: PeriodSpec;
  thresholds: IndicatorThresholds;
  /** People without a quota line (managers); quota lines are read first and win for the same id. */
  org?: readonly OrgPerson[];
}

export interface RepTracking extends PeriodMeasures {
  repId: string;
  name: string;
  managerId: string | null;
  territoryId: string | null;
  segment: string | null;
}

export type GroupKind = 'manager' | 'territory' | 'segment' | 'organisation';

/** The sums of a group: Σ quotas, Σ bookings, and every ratio and the indicator on those sums. */
export interface GroupTracking extends PeriodMeasures {
  kind: GroupKind;
  /** Manager, territory or segment id; null for "no territory", "no segment" and the organisation. */
  key: string | null;
  label: string;
  /** Quota lines in the group. */
  reps: number;
}

export interface TrackingReport {
  asOf: IsoDate;
  period: ResolvedPeriod;
  reps: RepTracking[];
  /** One per manager: the whole subtree, the manager's own quota line included when there is one. */
  managers: GroupTracking[];
  territories: GroupTracking[];
  segments: GroupTracking[];
  organisation: GroupTracking;
  /** Loops in the reporting lines, bookings of people without a quota line. */
  issues: Issue[];
}

function checkMonthly(values: readonly Cents[], months: number, what: string): void {
  if (values.length !== months) {
    throw new TrackingInputError(`${what} has ${values.length} months (expected ${months})`);
  }
  for (const v of values) {
    if (!Number.isInteger(v)) {
      throw new TrackingInputError(`${what} holds ${String(v)} (expected whole cents)`);
    }
  }
}

function sumLines(lines: readonly (readonly Cents[])[], months: number): Cents[] {
  const out = new Array<number>(months).fill(0);
  for (const line of lines)
    for (let m = 0; m < months; m++) out[m] = (out[m] ?? 0) + (line[m] ?? 0);
  return out;
}

/** Tracks one period for every rep and every group. Pure: the as-of date is an argument. */
export function trackAttainment(input: TrackingInput): TrackingReport {
  const start = calendarStart(input);
  checkThresholds(input.thresholds);
  const period = resolvePeriod(input, input.period, input.asOf);
  const context = measureContext(start, input.asOf, period, input.thresholds);
  const { months } = input;
  const zeros: readonly Cents[] = new Array<number>(months).fill(0);
  const seen = new Set<string>();
  for (const line of input.quotas) {
    if (seen.has(line.repId)) {
      throw new TrackingInputError(`rep ${line.repId} has more than one quota line`);
    }
    seen.add(line.repId);
    checkMonthly(line.monthly, months, `the quota of ${line.repId}`);
  }
  const issues: Issue[] = [];
  for (const [repId, monthly] of Object.entries(input.bookings)) {
    checkMonthly(monthly, months, `the bookings of ${repId}`);
    if (!seen.has(repId) && monthly.some((v) => v !== 0)) {
      issues.push({
        code: 'bookings-without-quota',
        severity: 'warning',
        message: `${repId} has credited bookings but no quota line; they count in no roll-up`,
        expected: 'a published quota for everyone who books',
        location: { entity: 'rep', id: repId },
      });
    }
  }
  const bookingsOf = (repId: string): readonly Cents[] => input.bookings[repId] ?? zeros;

  const lines = [...input.quotas].sort((a, b) => compareIds(a.repId, b.repId));
  const reps: RepTracking[] = lines.map((line) => ({
    repId: line.repId,
    name: line.name,
    managerId: line.managerId,
    territoryId: line.territoryId,
    segment: line.segment,
    ...measurePeriod(line.monthly, bookingsOf(line.repId), context),
  }));

  const measure = (
    kind: GroupKind,
    key: string | null,
    label: string,
    count: number,
    quota: readonly Cents[],
    booked: readonly Cents[],
  ): GroupTracking => ({ kind, key, label, reps: count, ...measurePeriod(quota, booked, context) });
  const group: GroupBuilder = (kind, key, label, members) =>
    measure(
      kind,
      key,
      label,
      members.length,
      sumLines(
        members.map((l) => l.monthly),
        months,
      ),
      sumLines(
        members.map((l) => bookingsOf(l.repId)),
        months,
      ),
    );

  const org = buildOrgIndex([
    ...lines.map((l) => ({ id: l.repId, managerId: l.managerId })),
    ...(input.org ?? []),
  ]);
  issues.push(...org.issues);
  const names = new Map<string, string>();
  for (const person of input.org ?? []) names.set(person.id, person.name);
  for (const line of lines) names.set(line.repId, line.name);
  const lineOf = new Map(lines.map((l) => [l.repId, l]));

  return {
    asOf: input.asOf,
    period,
    reps,
    managers: managerGroups(org, lineOf, bookingsOf, names, months, measure),
    territories: byKey(lines, (l) => l.territoryId, 'No territory', 'territory', group),
    segments: byKey(lines, (l) => l.segment, 'No segment', 'segment', group),
    organisation: group('organisation', null, 'Organisation', lines),
    issues,
  };
}

type GroupBuilder = (
  kind: GroupKind,
  key: string | null,
  label: string,
  members: readonly QuotaLine[],
) => GroupTracking;

/**
 * Every manager's sums in one pass up the forest (each person's totals = own line + reports'
 * totals), so the roll-ups cost O(people × months) however deep the organisation is.
 */
function managerGroups(
  org: OrgIndex,
  lineOf: ReadonlyMap<string, QuotaLine>,
  bookingsOf: (repId: string) => readonly Cents[],
  names: ReadonlyMap<string, string>,
  months: number,
  measure: (
    kind: GroupKind,
    key: string | null,
    label: string,
    reps: number,
    quota: readonly Cents[],
    bookings: readonly Cents[],
  ) => GroupTracking,
): GroupTracking[] {
  interface Totals {
    reps: number;
    quota: Cents[];
    bookings: Cents[];
  }
  const totals = new Map<string, Totals>();
  const own = (id: string): Totals => {
    const line = lineOf.get(id);
    return line === undefined
      ? {
          reps: 0,
          quota: new Array<number>(months).fill(0),
          bookings: new Array<number>(months).fill(0),
        }
      : { reps: 1, quota: [...line.monthly], bookings: [...bookingsOf(id)] };
  };
  const totalsOf = (top: string): Totals => {
    const stack = [top];
    while (stack.length > 0) {
      const id = stack[stack.length - 1] ?? top;
      const pending = org.children(id).filter((c) => !totals.has(c));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      if (totals.has(id)) continue;
      const sum = own(id);
      for (const child of org.children(id)) {
        const t = totals.get(child);
        if (t === undefined) continue;
        sum.reps += t.reps;
        for (let m = 0; m < months; m++) {
          sum.quota[m] = (sum.quota[m] ?? 0) + (t.quota[m] ?? 0);
          sum.bookings[m] = (sum.bookings[m] ?? 0) + (t.bookings[m] ?? 0);
        }
      }
      totals.set(id, sum);
    }
    return totals.get(top) ?? own(top);
  };
  return org.managers().map((managerId) => {
    const t = totalsOf(managerId);
    return measure(
      'manager',
      managerId,
      names.get(managerId) ?? managerId,
      t.reps,
      t.quota,
      t.bookings,
    );
  });
}

function byKey(
  lines: readonly QuotaLine[],
  keyOf: (line: QuotaLine) => string | null,
  noneLabel: string,
  kind: GroupKind,
  group: GroupBuilder,
): GroupTracking[] {
  const groups = new Map<string | null, QuotaLine[]>();
  for (const line of lines) {
    const key = keyOf(line);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [line]);
    else list.push(line);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : compareIds(a, b)))
    .map(([key, members]) => group(kind, key, key ?? noneLabel, members));
}
