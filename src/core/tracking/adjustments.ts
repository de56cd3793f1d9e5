// Mid-period quota changes (METHOD §9): a territory move, a leave or quota relief effective on a
// date prorates the month that contains it; and more than one rep changed in one period is a
// structural change, flagged for review.

import { daysInMonthIndex, isIsoDate, monthEnd, monthIndex } from '../dates.ts';
import { compareIds } from '../engine/allocate.ts';
import { fail, ok } from '../issue.ts';
import type { Issue, Result } from '../issue.ts';
import type { Cents, IsoDate } from '../model.ts';
import { roundCents } from '../money.ts';
import { TrackingInputError } from './errors.ts';
import { calendarStart, periodContaining, resolvePeriod } from './period.ts';
import type { PeriodKind, PlanCalendar } from './period.ts';

export interface QuotaChange extends PlanCalendar {
  /** Monthly quota before and after the change, cents, aligned to the plan months. */
  before: readonly Cents[];
  after: readonly Cents[];
  /** First day on which the new quota applies. */
  effective: IsoDate;
}

/**
 * The monthly quota with a change effective on date d: months before d's month keep `before`
 * exactly; d's month gets before × (days before d) ÷ days + after × (days from d on) ÷ days,
 * rounded to cents half away from zero; later months take `after` exactly. The prorated month
 * lies between its before and after values. An effective date outside the plan, or not a date,
 * is an Issue 'adjustment-date-outside-plan' / 'adjustment-date-invalid'.
 */
export function prorateChange(change: QuotaChange): Result<Cents[]> {
  const start = calendarStart(change);
  const { before, after, effective, months } = change;
  for (const [what, values] of [
    ['before', before],
    ['after', after],
  ] as const) {
    if (values.length !== months || values.some((v) => !Number.isInteger(v))) {
      throw new TrackingInputError(`${what} must hold ${months} monthly amounts in whole cents`);
    }
  }
  if (!isIsoDate(effective)) {
    return fail({
      code: 'adjustment-date-invalid',
      severity: 'error',
      message: `The effective date ${JSON.stringify(effective)} is not a date`,
      expected: 'a date like 2025-04-15',
      location: { entity: 'adjustment', value: effective },
    });
  }
  const month = monthIndex(effective) - start;
  if (month < 0 || month >= months) {
    return fail(outsidePlan(change, monthEnd(start + months - 1)));
  }
  const days = daysInMonthIndex(start + month);
  const daysBefore = Number(effective.slice(8, 10)) - 1;
  return ok(
    before.map((b, m) => {
      const a = after[m] ?? 0;
      if (m < month) return b;
      if (m > month) return a;
      return roundCents((b * daysBefore + a * (days - daysBefore)) / days);
    }),
  );
}

function outsidePlan(change: QuotaChange, lastDay: IsoDate): Issue {
  return {
    code: 'adjustment-date-outside-plan',
    severity: 'error',
    message: `The effective date ${change.effective} is outside the plan`,
    expected: `a date from ${change.planStart} to ${lastDay}`,
    location: { entity: 'adjustment', value: change.effective },
  };
}

export interface AdjustmentRef {
  repId: string;
  effective: IsoDate;
}

/** A period in which more than one rep's quota changed. */
export interface StructuralChange {
  kind: PeriodKind;
  index: number;
  label: string;
  from: IsoDate;
  to: IsoDate;
  /** The reps changed in the period, in id order. */
  repIds: string[];
  /** Adjustments in the period (a rep may have several). */
  adjustments: number;
  issue: Issue;
}

/**
 * Flags every period of `period.kind` (months, quarters or the whole plan) in which adjustments
 * effective in it touch more than one distinct rep. Adjustments dated outside the plan are not
 * in any period and are ignored (prorateChange refuses them).
 */
export function structuralChanges(
  adjustments: readonly AdjustmentRef[],
  period: PlanCalendar & { kind: PeriodKind },
): StructuralChange[] {
  calendarStart(period);
  const byPeriod = new Map<number, { reps: Set<string>; count: number }>();
  for (const adjustment of adjustments) {
    if (!isIsoDate(adjustment.effective)) continue;
    const spec = periodContaining(period, period.kind, adjustment.effective);
    if (spec === null) continue;
    let entry = byPeriod.get(spec.index);
    if (entry === undefined) byPeriod.set(spec.index, (entry = { reps: new Set(), count: 0 }));
    entry.reps.add(adjustment.repId);
    entry.count++;
  }
  const out: StructuralChange[] = [];
  for (const index of [...byPeriod.keys()].sort((a, b) => a - b)) {
    const entry = byPeriod.get(index);
    if (entry === undefined || entry.reps.size < 2) continue;
    const resolved = resolvePeriod(period, { kind: period.kind, index }, period.planStart);
    const repIds = [...entry.reps].sort(compareIds);
    out.push({
      kind: period.kind,
      index,
      label: resolved.label,
      from: resolved.from,
      to: resolved.to,
      repIds,
      adjustments: entry.count,
      issue: {
        code: 'structural-change',
        severity: 'warning',
        message: `${repIds.length} reps had their quota changed in ${resolved.label} (${repIds.join(', ')}): a structural change to review as a whole, not rep by rep`,
        expected: 'at most one rep changed per period',
        location: { entity: 'period', id: resolved.label },
      },
    });
  }
  return out;
}
