// One pass over the deals that does all per-deal work: it copies what later rules compare
// across deals into typed arrays (columns), and it lists the deals each single-deal check
// matches (hits), so those rules only visit the deals they report. A million deal objects are
// too large for the cache and a CLI audits once per process: one pass, compiled once, beats
// forty. The columns stay small (about 30 bytes a deal): V8 runs a full garbage collection of
// the whole heap once some 64 MB of typed arrays pile up.

import type { Deal, IsoDate } from '../model.ts';
import { dateKey, INVALID_DATE, NO_DATE } from './date-key.ts';
import { finishHash, hashText, mixInt, mixNumber, mixText } from './hashing.ts';
import type { IdIndex } from './id-index.ts';

export { INVALID_DATE, NO_DATE } from './date-key.ts';

export const WON = 0;
export const LOST = 1;
export const OPEN = 2;
/** Status names by status code, for details. */
export const STATUS_NAMES = ['won', 'lost', 'open'] as const;

/** Reference to nothing (the field is null). */
export const NO_REF = -1;
/** Reference to a record that does not exist. */
export const UNKNOWN_REF = -2;

/** Distinct strings of one field, numbered in order of first appearance, with their counts. */
export interface Interned {
  readonly values: string[];
  readonly counts: number[];
}

/** Per deal: 0 for null, k + 1 for the k-th distinct value (Uint16 until 65,535 values). */
export type CodeColumn = Uint16Array | Int32Array;

/** Positions of the deals each single-deal check matched, in increasing order. */
export interface DealHits {
  /** ownerId null. */
  readonly noOwner: number[];
  /** ownerId not a rep id. */
  readonly unknownOwner: number[];
  /** sourceRepId not null and not a rep id. */
  readonly unknownSourceRep: number[];
  /** Won or lost, closing before its (known) owner's start date or after the end date. */
  readonly outsideEmployment: number[];
  /** accountId null, for closed (won or lost) and open deals. */
  readonly closedNoAccount: number[];
  readonly openNoAccount: number[];
  /** accountId not an account id, for closed and open deals. */
  readonly closedUnknownAccount: number[];
  readonly openUnknownAccount: number[];
  /** createdDate or closeDate not a calendar date. */
  readonly invalidDate: number[];
  /** Won or lost with closeDate null. */
  readonly closedNoCloseDate: number[];
  /** Won with createdDate null. */
  readonly wonNoCreatedDate: number[];
  /** Both dates valid and closeDate before createdDate. */
  readonly closeBeforeCreated: number[];
  /** Open with closeDate null. */
  readonly openNoCloseDate: number[];
  /** Open with a valid closeDate (stale when before the as-of date). */
  readonly openWithCloseDate: number[];
  /** Only with a given as-of date: won closing after it. */
  readonly wonAfterAsOf: number[];
  /** Only with a given as-of date: created after it, or lost closing after it. */
  readonly datedAfterAsOf: number[];
  /** amount or originalAmount not a safe integer. */
  readonly badCents: number[];
  /** Won with amount null, NaN or ≤ 0. */
  readonly wonNotPositive: number[];
  /** Lost or open with amount < 0. */
  readonly negative: number[];
  /** probability not null and outside [0, 1]. */
  readonly badProbability: number[];
  /** currency not the workspace currency. */
  readonly foreignCurrency: number[];
  readonly unmappedStage: number[];
  readonly unmappedType: number[];
}

export interface DealColumns {
  readonly length: number;
  /** WON, LOST or OPEN. */
  readonly status: Uint8Array;
  /** Index into reps, NO_REF or UNKNOWN_REF. */
  readonly owner: Int32Array;
  /** Index into accounts, NO_REF or UNKNOWN_REF. */
  readonly account: Int32Array;
  /** Date key of closeDate (YYYYMMDD, NO_DATE, INVALID_DATE). */
  readonly close: Int32Array;
  /** Amount in cents; NaN when null. */
  readonly amount: Float64Array;
  readonly product: CodeColumn;
  readonly products: Interned;
  readonly stage: CodeColumn;
  readonly stages: Interned;
  /** Hash of the id, and of every field but id, name, provenance and unmapped. */
  readonly idHash: Uint32Array;
  readonly contentHash: Uint32Array;
  readonly hits: DealHits;
  /** Per rep: 1 when the rep owns or sourced a deal. */
  readonly repHasDeals: Uint8Array;
  /** Per rep: number and total amount (cents) of open deals owned. */
  readonly repOpenCount: Int32Array;
  readonly repOpenAmount: Float64Array;
  /** The latest valid created date, or close date of a closed deal, and its key (NO_DATE when none). */
  readonly latestDate: IsoDate | null;
  readonly latestKey: number;
}

/** What the pass needs to know besides the deals. */
export interface DealScanInput {
  readonly repIndex: IdIndex;
  readonly accountIndex: IdIndex;
  /** Date keys of each rep's start and end date. */
  readonly repStart: Int32Array;
  readonly repEnd: Int32Array;
  /** Workspace currency. */
  readonly currency: string;
  /** Date key of the given as-of date, NO_DATE when none was given. */
  readonly givenAsOfKey: number;
}

interface CodeWriter extends Interned {
  /** Records deal i's value and returns its code. */
  write(i: number, value: string | null): number;
  column(): CodeColumn;
}

/** Numbers the distinct values of one string field and writes each deal's code. */
function codeWriter(length: number): CodeWriter {
  const index = new Map<string, number>();
  const values: string[] = [];
  const counts: number[] = [];
  let column: CodeColumn = new Uint16Array(length);
  // The last value seen: exports often repeat a stage or product row after row.
  let last: string | null = null;
  let lastCode = 0;

  function add(value: string): number {
    values.push(value);
    counts.push(0);
    const code = values.length;
    index.set(value, code);
    if (code > 0xffff && column instanceof Uint16Array) column = Int32Array.from(column);
    return code;
  }

  return {
    values,
    counts,
    column: () => column,
    write(i, value) {
      let code = 0;
      if (value !== null) {
        if (value === last) code = lastCode;
        else {
          code = index.get(value) ?? add(value);
          last = value;
          lastCode = code;
        }
        counts[code - 1] = (counts[code - 1] as number) + 1;
      }
      column[i] = code;
      return code;
    },
  };
}

function isCents(value: number | null): boolean {
  return value === null || Number.isSafeInteger(value);
}

function emptyHits(): DealHits {
  return {
    noOwner: [],
    unknownOwner: [],
    unknownSourceRep: [],
    outsideEmployment: [],
    closedNoAccount: [],
    openNoAccount: [],
    closedUnknownAccount: [],
    openUnknownAccount: [],
    invalidDate: [],
    closedNoCloseDate: [],
    wonNoCreatedDate: [],
    closeBeforeCreated: [],
    openNoCloseDate: [],
    openWithCloseDate: [],
    wonAfterAsOf: [],
    datedAfterAsOf: [],
    badCents: [],
    wonNotPositive: [],
    negative: [],
    badProbability: [],
    foreignCurrency: [],
    unmappedStage: [],
    unmappedType: [],
  };
}

/**
 * Reads every deal once: owner and account resolved through the id indexes (UNKNOWN_REF when
 * the id is not found), dates keyed, stage and product coded, id and content hashed, per-rep
 * totals added up, and each deal listed under every single-deal check it fails.
 */
export function scanDeals(deals: readonly Deal[], input: DealScanInput): DealColumns {
  const { repIndex, accountIndex, repStart, repEnd, currency, givenAsOfKey } = input;
  const n = deals.length;
  const status = new Uint8Array(n);
  const owner = new Int32Array(n);
  const account = new Int32Array(n);
  const close = new Int32Array(n);
  const amounts = new Float64Array(n);
  const idHash = new Uint32Array(n);
  const contentHash = new Uint32Array(n);
  const products = codeWriter(n);
  const stages = codeWriter(n);
  const hits = emptyHits();
  const repHasDeals = new Uint8Array(repStart.length);
  const repOpenCount = new Int32Array(repStart.length);
  const repOpenAmount = new Float64Array(repStart.length);
  let latestKey = NO_DATE;
  let latestAt = -1;
  let latestIsClose = false;
  for (let i = 0; i < n; i++) {
    const d = deals[i] as Deal;
    const s = d.status === 'won' ? WON : d.status === 'lost' ? LOST : OPEN;
    status[i] = s;
    const c = dateKey(d.createdDate);
    const cl = dateKey(d.closeDate);
    close[i] = cl;
    // An open deal's close date is a forecast, not a date the data has seen (METHOD §1).
    const past = s === OPEN ? NO_DATE : cl;
    if (c > latestKey || past > latestKey) {
      latestIsClose = past >= c;
      latestKey = latestIsClose ? past : c;
      latestAt = i;
    }
    if (c === INVALID_DATE || cl === INVALID_DATE) hits.invalidDate.push(i);
    if (s === OPEN) {
      if (cl === NO_DATE) hits.openNoCloseDate.push(i);
      else if (cl > NO_DATE) hits.openWithCloseDate.push(i);
    } else if (cl === NO_DATE) hits.closedNoCloseDate.push(i);
    if (s === WON && c === NO_DATE) hits.wonNoCreatedDate.push(i);
    if (c > NO_DATE && cl > NO_DATE && cl < c) hits.closeBeforeCreated.push(i);
    if (givenAsOfKey > NO_DATE) {
      if (s === WON && cl > givenAsOfKey) hits.wonAfterAsOf.push(i);
      if (c > givenAsOfKey || (s === LOST && cl > givenAsOfKey)) hits.datedAfterAsOf.push(i);
    }

    const amount = d.amount;
    amounts[i] = amount ?? Number.NaN;
    let o = NO_REF;
    if (d.ownerId === null) hits.noOwner.push(i);
    else {
      o = repIndex.get(d.ownerId);
      if (o < 0) {
        o = UNKNOWN_REF;
        hits.unknownOwner.push(i);
      } else {
        repHasDeals[o] = 1;
        if (s === OPEN) {
          repOpenCount[o] = (repOpenCount[o] as number) + 1;
          if (amount !== null && Number.isFinite(amount)) {
            repOpenAmount[o] = (repOpenAmount[o] as number) + amount;
          }
        } else if (cl > NO_DATE) {
          const start = repStart[o] as number;
          const end = repEnd[o] as number;
          if ((start > NO_DATE && cl < start) || (end > NO_DATE && cl > end)) {
            hits.outsideEmployment.push(i);
          }
        }
      }
    }
    owner[i] = o;
    if (d.sourceRepId !== null) {
      const src = repIndex.get(d.sourceRepId);
      if (src < 0) hits.unknownSourceRep.push(i);
      else repHasDeals[src] = 1;
    }
    let a = NO_REF;
    if (d.accountId === null) (s === OPEN ? hits.openNoAccount : hits.closedNoAccount).push(i);
    else {
      a = accountIndex.get(d.accountId);
      if (a < 0) {
        a = UNKNOWN_REF;
        (s === OPEN ? hits.openUnknownAccount : hits.closedUnknownAccount).push(i);
      }
    }
    account[i] = a;

    if (!isCents(amount) || !isCents(d.originalAmount)) hits.badCents.push(i);
    if (s === WON) {
      if (amount === null || !(amount > 0)) hits.wonNotPositive.push(i);
    } else if (amount !== null && amount < 0) hits.negative.push(i);
    const p = d.probability;
    if (p !== null && !(p >= 0 && p <= 1)) hits.badProbability.push(i);
    const foreign = d.currency !== currency;
    if (foreign) hits.foreignCurrency.push(i);
    if (d.unmapped.length > 0) {
      if (d.unmapped.includes('stage')) hits.unmappedStage.push(i);
      if (d.unmapped.includes('type')) hits.unmappedType.push(i);
    }

    const prod = products.write(i, d.product);
    const stg = stages.write(i, d.stage);
    idHash[i] = hashText(d.id);
    // Unknown references and invalid dates hash alike; the full comparison tells them apart.
    let h = mixInt(mixInt(mixInt(s, o), a), c);
    h = mixInt(mixInt(mixInt(h, cl), prod), stg);
    h = mixNumber(h, amount ?? -0.5);
    h = mixNumber(h, d.originalAmount ?? -0.5);
    h = mixNumber(h, p ?? -0.5);
    h = mixInt(h, d.type === null ? -1 : d.type.length);
    if (d.sourceRepId !== null) h = mixText(h, d.sourceRepId);
    if (foreign) h = mixText(h, d.currency);
    contentHash[i] = finishHash(h);
  }
  const latestDeal = deals[latestAt];
  return {
    length: n,
    status,
    owner,
    account,
    close,
    amount: amounts,
    product: products.column(),
    products: { values: products.values, counts: products.counts },
    stage: stages.column(),
    stages: { values: stages.values, counts: stages.counts },
    idHash,
    contentHash,
    hits,
    repHasDeals,
    repOpenCount,
    repOpenAmount,
    latestDate:
      latestDeal === undefined
        ? null
        : latestIsClose
          ? latestDeal.closeDate
          : latestDeal.createdDate,
    latestKey,
  };
}
