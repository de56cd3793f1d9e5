// A read-only index from record id to position, for resolving a million deal references. A
// Map of 50,000 account ids misses the cache several times a lookup; this packs the slots and
// the ids into two flat blocks, so a lookup costs about one miss.

import { hashText } from './hashing.ts';

export interface IdIndex {
  /** Position of the first record with this id, or −1. */
  get(id: string): number;
}

/** Indexes `ids` by position; when an id repeats, the first position wins. */
export function createIdIndex(ids: readonly string[]): IdIndex {
  let size = 16;
  // At most 80% full: linear probing stays short, and the slots stay small enough for the cache.
  while (size < ids.length * 1.25) size *= 2;
  const mask = size - 1;
  // Slot s holds [position, hash] at 2s and 2s + 1; position −1 marks an empty slot.
  const slots = new Int32Array(2 * size).fill(-1);
  // All ids back to back; id k spans starts[k] to starts[k + 1].
  const starts = new Int32Array(ids.length + 1);
  let offset = 0;
  for (let k = 0; k < ids.length; k++) {
    starts[k] = offset;
    offset += (ids[k] as string).length;
  }
  starts[ids.length] = offset;
  const text = ids.join('');

  function find(id: string, hash: number): number {
    let slot = hash & mask;
    for (;;) {
      const k = slots[2 * slot] as number;
      if (k === -1) return -1 - slot;
      if (
        slots[2 * slot + 1] === hash &&
        (starts[k + 1] as number) - (starts[k] as number) === id.length &&
        text.startsWith(id, starts[k])
      ) {
        return k;
      }
      slot = (slot + 1) & mask;
    }
  }

  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] as string;
    const hash = hashText(id) | 0;
    const found = find(id, hash);
    if (found >= 0) continue;
    const slot = -1 - found;
    slots[2 * slot] = k;
    slots[2 * slot + 1] = hash;
  }

  return {
    get(id) {
      const found = find(id, hashText(id) | 0);
      return found >= 0 ? found : -1;
    },
  };
}
