// Grouping a million records by equality without building a million-entry Map: 32-bit hashes
// in typed arrays and an open-addressing table, with a full comparison on every hash match.

/** Mixes a 32-bit integer into a running hash (MurmurHash3 body step). */
export function mixInt(hash: number, value: number): number {
  let k = Math.imul(value | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  const h = hash ^ k;
  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
}

/** Mixes a number of any size into a running hash; equal numbers give equal hashes. */
export function mixNumber(hash: number, value: number): number {
  if (Number.isSafeInteger(value))
    return mixInt(mixInt(hash, value), Math.floor(value / 4294967296));
  // Fractions (probabilities): equal values mix equal bits; NaN and ±Infinity collide harmlessly.
  return mixInt(hash, Math.floor(value * 1_000_003) ^ 0x5bd1e995);
}

/** Mixes every character of a string into a running hash. */
export function mixText(hash: number, text: string): number {
  let h = mixInt(hash, text.length);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619);
  return h;
}

/** Hash of a whole string: the id hash of deal columns. */
export function hashText(text: string): number {
  return finishHash(mixText(0, text));
}

/** Final avalanche (MurmurHash3 fmix32) so that table slots spread evenly; unsigned result. */
export function finishHash(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Records per partition that equalGroups aims for: a partition's table then fits in cache. */
const PARTITION_SIZE = 4096;

/**
 * Groups of equal records among 0..n−1 with `hashes`: each group's first record → all its
 * members in increasing order, for groups of two or more. `same(i, j)` decides equality and is
 * only called when hashes match. Records are first bucketed by the top bits of their hash, then
 * each bucket goes through a small open-addressing table: random access into one table of a
 * million slots would miss the cache on nearly every record. Linear expected time.
 */
export function equalGroups(
  hashes: Uint32Array,
  same: (i: number, j: number) => boolean,
): Map<number, number[]> {
  const n = hashes.length;
  let bits = 0;
  while (bits < 16 && n >>> bits > PARTITION_SIZE) bits++;
  const parts = 1 << bits;
  // Bucket of hash h: its top `bits` bits (all hashes share bucket 0 when bits is 0).
  const bucketOf = (h: number): number => (bits === 0 ? 0 : h >>> (32 - bits));
  const starts = new Int32Array(parts + 1);
  for (let i = 0; i < n; i++) {
    const b = bucketOf(hashes[i] as number) + 1;
    starts[b] = (starts[b] as number) + 1;
  }
  let largest = 0;
  for (let b = 0; b < parts; b++) {
    largest = Math.max(largest, starts[b + 1] as number);
    starts[b + 1] = (starts[b + 1] as number) + (starts[b] as number);
  }
  // Records and their hashes laid out bucket by bucket, so each bucket is read in sequence.
  const order = new Int32Array(n);
  const sorted = new Uint32Array(n);
  const cursor = starts.slice(0, parts);
  for (let i = 0; i < n; i++) {
    const h = hashes[i] as number;
    const b = bucketOf(h);
    const at = cursor[b] as number;
    order[at] = i;
    sorted[at] = h;
    cursor[b] = at + 1;
  }
  let size = 16;
  while (size < 2 * largest) size *= 2;
  const mask = size - 1;
  // Slots hold positions in `order`, not record numbers.
  const table = new Int32Array(size);
  const groups = new Map<number, number[]>();
  for (let b = 0; b < parts; b++) {
    table.fill(-1);
    const end = starts[b + 1] as number;
    for (let k = starts[b] as number; k < end; k++) {
      const h = sorted[k] as number;
      let slot = h & mask;
      for (;;) {
        const j = table[slot] as number;
        if (j === -1) {
          table[slot] = k;
          break;
        }
        if (sorted[j] === h) {
          const first = order[j] as number;
          const i = order[k] as number;
          if (same(first, i)) {
            const members = groups.get(first);
            if (members === undefined) groups.set(first, [first, i]);
            else members.push(i);
            break;
          }
        }
        slot = (slot + 1) & mask;
      }
    }
  }
  return groups;
}
