// The as-of date (METHOD §1): the date the data was extracted, and where that date came from.
// Every output that depends on it says both, so a reader can tell a typed date from an inferred one.

import { dateKey } from './audit/date-key.ts';
import type { Dataset, IsoDate } from './model.ts';

/**
 * A date found in the data: which field of which record. Only dates that lay in the past when the
 * data was extracted count: close dates of closed (won or lost) deals, created dates of deals, and
 * reps' start and end dates. An open deal's close date is a forecast and never counts.
 */
export interface DataDate {
  date: IsoDate;
  field: 'close date' | 'created date' | 'start date' | 'end date';
  entity: 'deal' | 'rep';
  id: string;
}

/** Where an as-of date came from, most specific first. */
export type AsOfSource =
  /** Given to this command or request (`--as-of`, `?asOf=`). */
  | 'given'
  /** The plan file's `as_of`. */
  | 'plan'
  /** Set on the workspace at import (`import --as-of`). */
  | 'workspace'
  /** The latest past date in the data (DataDate). */
  | 'data'
  /** Nothing else was known: the day before the plan starts. */
  | 'plan start';

export interface AsOf {
  date: IsoDate;
  source: AsOfSource;
  /** The record behind a date taken from the data. */
  fact: DataDate | null;
  /** Where the date came from, in words ("the close date of closed deal D-7, the latest …"). */
  note: string;
}

/** Field order for equal dates: the most telling first. */
const FIELD_RANK: Record<DataDate['field'], number> = {
  'close date': 0,
  'created date': 1,
  'start date': 2,
  'end date': 3,
};

/** The later of two facts (ties: the more telling field, then the smaller id); nulls lose. */
export function laterDataDate(a: DataDate | null, b: DataDate | null): DataDate | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.date !== b.date) return a.date > b.date ? a : b;
  const rank = FIELD_RANK[a.field] - FIELD_RANK[b.field];
  if (rank !== 0) return rank < 0 ? a : b;
  return a.id <= b.id ? a : b;
}

/**
 * The latest date in the dataset that lay in the past when it was extracted (METHOD §1), with
 * the record it comes from; null when the data holds no such date. Strings that are not calendar
 * dates are ignored (the audit reports them).
 */
export function latestPastDate(dataset: Pick<Dataset, 'deals' | 'reps'>): DataDate | null {
  let best: DataDate | null = null;
  let bestKey = 0;
  const consider = (
    date: IsoDate | null,
    field: DataDate['field'],
    entity: DataDate['entity'],
    id: string,
  ): void => {
    const key = dateKey(date);
    if (key <= 0 || key < bestKey || date === null) return;
    const fact: DataDate = { date, field, entity, id };
    best = key > bestKey ? fact : laterDataDate(best, fact);
    bestKey = key;
  };
  for (const rep of dataset.reps) {
    consider(rep.startDate, 'start date', 'rep', rep.id);
    consider(rep.endDate, 'end date', 'rep', rep.id);
  }
  for (const deal of dataset.deals) {
    consider(deal.createdDate, 'created date', 'deal', deal.id);
    if (deal.status !== 'open') consider(deal.closeDate, 'close date', 'deal', deal.id);
  }
  return best;
}

/** "the close date of closed deal D-7" */
export function describeDataDate(fact: DataDate): string {
  const record =
    fact.entity === 'rep'
      ? `rep ${fact.id}`
      : fact.field === 'close date'
        ? `closed deal ${fact.id}`
        : `deal ${fact.id}`;
  return `the ${fact.field} of ${record}`;
}

/**
 * The as-of date in force: the first of `given`, `plan`, `workspace` that is set, else the latest
 * past date in the data (`data`, computed only when needed), else the day before `planStart`;
 * null when none is known.
 */
export function resolveAsOf(sources: {
  given?: IsoDate | null | undefined;
  /** How the given date was passed, as the note says it ("given with --as-of"). */
  givenAs?: string | undefined;
  plan?: IsoDate | null | undefined;
  workspace?: IsoDate | null | undefined;
  data: () => DataDate | null;
  planStartEve?: IsoDate | undefined;
}): AsOf | null {
  if (sources.given !== undefined && sources.given !== null) {
    return { date: sources.given, source: 'given', fact: null, note: sources.givenAs ?? 'given' };
  }
  if (sources.plan !== undefined && sources.plan !== null) {
    return { date: sources.plan, source: 'plan', fact: null, note: "the plan's as_of" };
  }
  if (sources.workspace !== undefined && sources.workspace !== null) {
    return {
      date: sources.workspace,
      source: 'workspace',
      fact: null,
      note: "the workspace's as-of date, set at import",
    };
  }
  const fact = sources.data();
  if (fact !== null) {
    return {
      date: fact.date,
      source: 'data',
      fact,
      note: `the latest past date in the data: ${describeDataDate(fact)}; open deals' expected close dates are forecasts and do not count`,
    };
  }
  if (sources.planStartEve !== undefined) {
    return {
      date: sources.planStartEve,
      source: 'plan start',
      fact: null,
      note: 'the data holds no past date, so the day before the plan starts',
    };
  }
  return null;
}

/** "2017-12-31 (the plan's as_of)": the date and where it came from, for one line of output. */
export function formatAsOf(asOf: AsOf): string {
  return `${asOf.date} (${asOf.note})`;
}
