// What every rule needs, computed once per audit: the as-of date, id indexes, and one pass over
// the deals (deal-columns.ts) whose columns and hit lists the rules read.

import { latestPastDate } from '../as-of.ts';
import { centsToDecimal } from '../money.ts';
import type { Cents, Dataset, Deal, IsoDate, Rep } from '../model.ts';
import type { AuditRuleDefinition } from './catalogue.ts';
import { dateKey, INVALID_DATE, NO_DATE } from './date-key.ts';
import { scanDeals, type DealColumns } from './deal-columns.ts';
import { createIdIndex } from './id-index.ts';
import type { AuditOptions, AuditRef } from './types.ts';

export interface AuditContext {
  readonly dataset: Dataset;
  /** The as-of date in force (given, or the latest date in the data), null when there are no dates. */
  readonly asOf: IsoDate | null;
  /** Date key of asOf (NO_DATE when null). */
  readonly asOfKey: number;
  /** True when the as-of date came from the caller or the workspace, not from the data. */
  readonly asOfGiven: boolean;
  /** Position in dataset.reps of each rep id (first record when an id repeats). */
  readonly repIndex: ReadonlyMap<string, number>;
  readonly territoryIds: ReadonlySet<string>;
  /** The deals' fields as typed arrays, in dataset.deals order. */
  readonly deals: DealColumns;
  /** Per rep: date keys of startDate and endDate. */
  readonly repStart: Int32Array;
  readonly repEnd: Int32Array;
  /** '1234.50 USD' in the workspace currency. */
  readonly money: (cents: Cents) => string;
}

/** One rule: a definition from the catalogue and a pass that returns every affected record. */
export interface AuditRule {
  readonly definition: AuditRuleDefinition;
  /** False when the rule cannot apply to this dataset (nothing to check against). */
  readonly applies?: (ctx: AuditContext) => boolean;
  readonly run: (ctx: AuditContext) => AuditRef[];
}

/**
 * Refs for the deals at `positions` (a hit list), described by `detail`, which is called once per
 * listed deal with the deal and its position.
 */
export function dealRefs(
  ctx: AuditContext,
  positions: readonly number[],
  detail: (deal: Deal, i: number) => string,
): AuditRef[] {
  const deals = ctx.dataset.deals;
  return positions.map((i) => {
    const deal = deals[i] as Deal;
    return { entity: 'deals', id: deal.id, detail: detail(deal, i) };
  });
}

/** Thrown when the as-of date passed to the audit is not a real calendar date. */
export class AuditAsOfError extends RangeError {
  override name = 'AuditAsOfError';
}

/** Tracks the latest real date seen, as a key and as the original string. */
interface Latest {
  key: number;
  date: IsoDate | null;
}

function consider(latest: Latest, key: number, date: IsoDate | null): void {
  if (key > latest.key) {
    latest.key = key;
    latest.date = date;
  }
}

function latestRepDate(reps: readonly Rep[]): Latest {
  const latest: Latest = { key: NO_DATE, date: null };
  for (const rep of reps) {
    consider(latest, dateKey(rep.startDate), rep.startDate);
    consider(latest, dateKey(rep.endDate), rep.endDate);
  }
  return latest;
}

/**
 * The latest date in the data that lay in the past when it was extracted (METHOD §1): closed
 * deals' close dates, deals' created dates, reps' start and end dates; never an open deal's
 * expected close date. Null when there is none. Strings that are not calendar dates are ignored.
 * `latestPastDate` (core/as-of.ts) also says which record it comes from.
 */
export function latestDataDate(dataset: Dataset): IsoDate | null {
  return latestPastDate(dataset)?.date ?? null;
}

function indexById(records: readonly { id: string }[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < records.length; i++) {
    const id = (records[i] as { id: string }).id;
    if (!index.has(id)) index.set(id, i);
  }
  return index;
}

export function buildContext(dataset: Dataset, options: AuditOptions = {}): AuditContext {
  const given = options.asOf !== undefined ? options.asOf : dataset.settings.asOf;
  const givenKey = dateKey(given);
  if (givenKey === INVALID_DATE) {
    throw new AuditAsOfError(`as-of date ${JSON.stringify(given)} is not a YYYY-MM-DD date`);
  }
  const { reps, deals } = dataset;
  const latest = latestRepDate(reps);
  const repStart = new Int32Array(reps.length);
  const repEnd = new Int32Array(reps.length);
  for (let r = 0; r < reps.length; r++) {
    const rep = reps[r] as Rep;
    repStart[r] = dateKey(rep.startDate);
    repEnd[r] = dateKey(rep.endDate);
  }
  const currency = dataset.settings.currency;
  const columns = scanDeals(deals, {
    repIndex: createIdIndex(reps.map((r) => r.id)),
    accountIndex: createIdIndex(dataset.accounts.map((a) => a.id)),
    repStart,
    repEnd,
    currency,
    givenAsOfKey: givenKey,
  });
  consider(latest, columns.latestKey, columns.latestDate);
  const asOf = given ?? latest.date;
  return {
    dataset,
    asOf,
    asOfKey: dateKey(asOf),
    asOfGiven: given !== null,
    repIndex: indexById(reps),
    territoryIds: new Set(dataset.territories.map((t) => t.id)),
    deals: columns,
    repStart,
    repEnd,
    money: (cents) => `${centsToDecimal(cents)} ${currency}`,
  };
}
