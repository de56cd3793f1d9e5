// Who a deal is credited to: its owner, or the reps of its credit splits, each with a share of
// the counts and a largest-remainder share of the cents so a deal's pieces sum to its amount.

import type { Cents, CreditSplit } from '../model.ts';

/**
 * A remainder (in cents) as compared by largest-remainder rounding: to a millionth of a cent, so
 * that remainders equal in exact arithmetic tie (and go by order) whatever float error says.
 */
export function remainderKey(remainder: number): number {
  return Math.round(remainder * 1e6);
}

/**
 * Splits `amount` cents (an integer, may be negative) over `shares` (fractions ≥ 0, not all 0)
 * in proportion, by largest remainder: the parts are integers summing exactly to `amount`.
 * Shares are normalised by their sum first. Ties on the remainder (to a millionth of a cent, see
 * `remainderKey`) go to the earlier entry.
 */
export function splitCents(amount: Cents, shares: ArrayLike<number>): Cents[] {
  const n = shares.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += shares[i] ?? 0;
  if (n === 0 || !(total > 0)) {
    throw new RangeError('splitCents needs at least one positive share');
  }
  const abs = Math.abs(amount);
  const parts: number[] = [];
  const remainders: number[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (abs * (shares[i] ?? 0)) / total;
    const floor = Math.floor(exact);
    parts.push(floor);
    remainders.push(remainderKey(exact - floor));
    given += floor;
  }
  const order = remainders
    .map((_, i) => i)
    .sort((i, j) => (remainders[j] ?? 0) - (remainders[i] ?? 0) || i - j);
  for (let left = abs - given, k = 0; left > 0; left--, k++) {
    const i = order[k % n] ?? 0;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return amount < 0 ? parts.map((p) => (p === 0 ? 0 : -p)) : parts;
}

/**
 * The usable credit splits, packed for a pass over a million deals: deal id → slot, and the
 * slot's pieces at [start[slot], start[slot + 1]) of `repIds` and `shares`. A usable share is
 * finite and > 0; a deal's pieces are sorted by rep id (so the cent given by largest remainder
 * does not depend on file order) and their shares normalised to sum 1. A deal whose splits are
 * all unusable has no slot (it is credited to its owner).
 */
export interface CreditTable {
  slotOf: ReadonlyMap<string, number>;
  start: Int32Array;
  repIds: string[];
  shares: Float64Array;
}

export function creditTable(splits: readonly CreditSplit[]): CreditTable {
  const slotOf = new Map<string, number>();
  const rowSlot = new Int32Array(splits.length).fill(-1);
  const counts: number[] = [];
  splits.forEach((split, row) => {
    if (!Number.isFinite(split.share) || split.share <= 0) return;
    let slot = slotOf.get(split.dealId);
    if (slot === undefined) {
      slot = counts.length;
      slotOf.set(split.dealId, slot);
      counts.push(0);
    }
    rowSlot[row] = slot;
    counts[slot] = (counts[slot] ?? 0) + 1;
  });
  const start = new Int32Array(counts.length + 1);
  counts.forEach((n, slot) => (start[slot + 1] = (start[slot] ?? 0) + n));
  const size = start[counts.length] ?? 0;
  const repIds = new Array<string>(size).fill('');
  const shares = new Float64Array(size);
  const next = start.slice(0, counts.length);
  splits.forEach((split, row) => {
    const slot = rowSlot[row] ?? -1;
    if (slot < 0) return;
    const at = next[slot] ?? 0;
    next[slot] = at + 1;
    repIds[at] = split.repId;
    shares[at] = split.share;
  });
  for (let slot = 0; slot < counts.length; slot++) {
    const from = start[slot] ?? 0;
    const to = start[slot + 1] ?? 0;
    // Insertion sort by rep id: a deal has a handful of pieces.
    for (let i = from + 1; i < to; i++) {
      const id = repIds[i] ?? '';
      const share = shares[i] ?? 0;
      let j = i - 1;
      while (j >= from && (repIds[j] ?? '') > id) {
        repIds[j + 1] = repIds[j] ?? '';
        shares[j + 1] = shares[j] ?? 0;
        j--;
      }
      repIds[j + 1] = id;
      shares[j + 1] = share;
    }
    let total = 0;
    for (let i = from; i < to; i++) total += shares[i] ?? 0;
    for (let i = from; i < to; i++) shares[i] = (shares[i] ?? 0) / total;
  }
  return { slotOf, start, repIds, shares };
}

/**
 * A one-hash bit filter over the ids of split deals. Most deals have no split, and probing a large
 * Map with every deal id was the slowest step of the baseline; the filter answers "surely not"
 * for most of them from a small bitmap (false positives about 1 in 16, never false negatives).
 */
export interface IdFilter {
  mayHave(id: string): boolean;
}

function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

export function idFilter(ids: Iterable<string>, count: number): IdFilter {
  let bits = 1024;
  while (bits < count * 16 && bits < 1 << 24) bits *= 2;
  const mask = bits - 1;
  const table = new Uint8Array(bits >>> 3);
  for (const id of ids) {
    const h = hashId(id) & mask;
    table[h >>> 3] = (table[h >>> 3] ?? 0) | (1 << (h & 7));
  }
  return {
    mayHave: (id) => {
      const h = hashId(id) & mask;
      return ((table[h >>> 3] ?? 0) & (1 << (h & 7))) !== 0;
    },
  };
}
