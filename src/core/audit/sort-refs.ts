// Sorting refs by id (code-unit order), then entity, then detail. A finding can name hundreds
// of thousands of deals in export order, and a comparator sort of that many strings is slow. So
// refs are first ordered by a numeric key built from the characters of the id after the prefix
// all ids share, with a native typed-array sort; only runs with equal keys are compared in full.

import type { AuditRef } from './types.ts';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order of AuditFinding.refs. */
export function compareRefs(a: AuditRef, b: AuditRef): number {
  return (
    compareText(a.id, b.id) || compareText(a.entity, b.entity) || compareText(a.detail, b.detail)
  );
}

/** Below this many refs a comparator sort is as fast. */
const SMALL = 64;
/** Runs up to this long are sorted by insertion, without a copy or a sort call. */
const SHORT_RUN = 16;
/** How many characters after the shared prefix the alphabet is taken from. */
const WINDOW = 8;

function insertionSort(refs: AuditRef[], from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const ref = refs[i] as AuditRef;
    let k = i - 1;
    while (k >= from && compareRefs(refs[k] as AuditRef, ref) > 0) {
      refs[k + 1] = refs[k] as AuditRef;
      k--;
    }
    refs[k + 1] = ref;
  }
}

function isSorted(refs: readonly AuditRef[]): boolean {
  for (let i = 1; i < refs.length; i++) {
    if (compareRefs(refs[i - 1] as AuditRef, refs[i] as AuditRef) > 0) return false;
  }
  return true;
}

/** Length of the prefix every id shares. */
function commonPrefix(refs: readonly AuditRef[]): number {
  const first = (refs[0] as AuditRef).id;
  let length = first.length;
  for (const ref of refs) {
    const id = ref.id;
    let k = 0;
    while (k < length && k < id.length && id.charCodeAt(k) === first.charCodeAt(k)) k++;
    length = k;
  }
  return length;
}

/** Sorts refs in place into AuditFinding order and returns them. */
export function sortRefs(refs: AuditRef[]): AuditRef[] {
  const n = refs.length;
  if (n < SMALL) return n < 2 || isSorted(refs) ? refs : refs.sort(compareRefs);
  if (isSorted(refs)) return refs;
  const start = commonPrefix(refs);
  // Rank of each code unit seen in the window, in code-unit order; 0 stands for "past the end",
  // so a shorter id sorts first.
  const rank = new Int32Array(0x10000);
  for (const ref of refs) {
    const id = ref.id;
    const end = Math.min(id.length, start + WINDOW);
    for (let k = start; k < end; k++) rank[id.charCodeAt(k)] = 1;
  }
  let base = 1;
  for (let code = 0; code < 0x10000; code++) if (rank[code] === 1) rank[code] = base++;
  // Positions take the low bits of each key; as many characters as fit below 2^53 the rest.
  let positions = 2;
  while (positions < n) positions *= 2;
  let chars = 0;
  let span = 1;
  while (chars < WINDOW && span * base * positions < 2 ** 53) {
    span *= base;
    chars++;
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const id = (refs[i] as AuditRef).id;
    let key = 0;
    for (let k = start; k < start + chars; k++) {
      key = key * base + (k < id.length ? (rank[id.charCodeAt(k)] as number) : 0);
    }
    keys[i] = key * positions + i;
  }
  keys.sort();
  const sorted = new Array<AuditRef>(n);
  for (let i = 0; i < n; i++) sorted[i] = refs[(keys[i] as number) % positions] as AuditRef;
  // Runs with the same key (ids alike in those characters) are ordered in full.
  let runStart = 0;
  for (let i = 1; i <= n; i++) {
    const sameKey =
      i < n &&
      Math.floor((keys[i] as number) / positions) ===
        Math.floor((keys[runStart] as number) / positions);
    if (sameKey) continue;
    if (i - runStart > SHORT_RUN) {
      const run = sorted.slice(runStart, i).sort(compareRefs);
      for (let k = 0; k < run.length; k++) sorted[runStart + k] = run[k] as AuditRef;
    } else {
      insertionSort(sorted, runStart, i);
    }
    runStart = i;
  }
  for (let i = 0; i < n; i++) refs[i] = sorted[i] as AuditRef;
  return refs;
}
