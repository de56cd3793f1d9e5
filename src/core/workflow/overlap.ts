// Published plans that would hold two quotas of record for one rep in one month: the months and
// reps a plan about to be published shares with plans already published, and what superseding
// one of them means (the older plan ends where the new one starts).

import { monthIndex, monthStart } from '../dates.ts';
import type { IsoDate } from '../model.ts';

/** A plan's calendar and the reps it gives a quota. `start` is the first day of its first month. */
export interface PlanSpan {
  planId: number;
  name: string;
  start: IsoDate;
  months: number;
  reps: readonly string[];
}

export interface PlanOverlap {
  planId: number;
  name: string;
  /** First and last month both plans hold (first days), and how many. */
  from: IsoDate;
  to: IsoDate;
  months: number;
  /** The reps holding a quota in both, sorted. */
  reps: string[];
  /** "Jan 2018–Jun 2018", or one month. */
  label: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'Jan 2018': a month in words (messages are read by people, not parsed). */
function monthLabel(index: number): string {
  return `${MONTHS[index % 12] ?? ''} ${Math.floor(index / 12)}`;
}

function span(p: Pick<PlanSpan, 'start' | 'months'>): [number, number] {
  const first = monthIndex(p.start);
  return [first, first + p.months - 1];
}

/**
 * The published plans `candidate` overlaps: at least one month and one rep in common. Plans in
 * `published` with no month left (superseded from their start) never overlap.
 */
export function planOverlaps(candidate: PlanSpan, published: readonly PlanSpan[]): PlanOverlap[] {
  const [a0, a1] = span(candidate);
  const mine = new Set(candidate.reps);
  const found: PlanOverlap[] = [];
  for (const other of published) {
    if (other.planId === candidate.planId || other.months <= 0) continue;
    const [b0, b1] = span(other);
    const from = Math.max(a0, b0);
    const to = Math.min(a1, b1);
    if (from > to) continue;
    const reps = [...new Set(other.reps.filter((r) => mine.has(r)))].sort();
    if (reps.length === 0) continue;
    found.push({
      planId: other.planId,
      name: other.name,
      from: monthStart(from),
      to: monthStart(to),
      months: to - from + 1,
      reps,
      label: from === to ? monthLabel(from) : `${monthLabel(from)}–${monthLabel(to)}`,
    });
  }
  return found;
}

/**
 * The months `old` keeps when `next` supersedes it: those before `next` starts (0 when `next`
 * starts on or before `old`'s first month: a replacement of the whole plan).
 */
export function monthsKept(
  old: Pick<PlanSpan, 'start' | 'months'>,
  next: Pick<PlanSpan, 'start'>,
): number {
  const kept = monthIndex(next.start) - monthIndex(old.start);
  return Math.max(0, Math.min(old.months, kept));
}

/**
 * Why `next` cannot supersede `old`, or null: the months `old` gives up must all be `next`'s,
 * or its reps would be left without a quota of record after `next` ends.
 */
export function supersessionProblem(
  old: Pick<PlanSpan, 'name' | 'start' | 'months'>,
  next: Pick<PlanSpan, 'name' | 'start' | 'months'>,
): string | null {
  const [, oldEnd] = span(old);
  const [, nextEnd] = span(next);
  if (nextEnd < oldEnd) {
    return `'${next.name}' ends in ${monthLabel(nextEnd)}, before '${old.name}' (to ${monthLabel(oldEnd)}): superseding it would leave its reps without a quota after ${monthLabel(nextEnd)}`;
  }
  return null;
}
