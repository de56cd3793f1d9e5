// Column schemes of the per-rep sheets: each sheet's columns named once, so formulas on other
// sheets can point at them by name instead of by letter.

import { colLetter } from './xlsx-kit.ts';

export interface ColumnDef {
  key: string;
  header: string;
  width: number;
}

export interface Columns<K extends string> {
  /** Column number (1 = A) of a key. */
  col(key: K): number;
  letter(key: K): string;
  defs: readonly ColumnDef[];
}

/** Columns in order; `repeat` expands one definition into n numbered columns (key1, key2, …). */
export function columns<K extends string>(defs: readonly ColumnDef[]): Columns<K> {
  const index = new Map<string, number>();
  defs.forEach((d, k) => {
    if (index.has(d.key)) throw new Error(`column ${d.key} is defined twice`);
    index.set(d.key, k + 1);
  });
  const col = (key: K): number => {
    const n = index.get(key);
    if (n === undefined) throw new Error(`no column ${key}`);
    return n;
  };
  return { col, letter: (key) => colLetter(col(key)), defs };
}

/** n columns key1..keyn with headers from `headers`. */
export function repeated(key: string, headers: readonly string[], width: number): ColumnDef[] {
  return headers.map((header, k) => ({ key: `${key}${k + 1}`, header, width }));
}
