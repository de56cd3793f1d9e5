// What changed between two versions of a plan file: every added, removed or changed value, by
// key path, so a reviewer sees "hires.H-2.start_date: 2025-04-01 → 2025-06-01" and nothing else.

import { compareIds } from '../engine/allocate.ts';

export interface InputChange {
  /**
   * Dotted key path ('methodology.growth'). Items of a list of objects are named by their `id`
   * (or, lacking one, `rep`) key, as the plan's confirmation keys are ('hires.H-2.start_date');
   * other lists of objects by position ('scenarios[1].name'). '' is the root.
   */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** The value before (undefined when added) and after (undefined when removed). */
  before: unknown;
  after: unknown;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values; key order does not matter, list order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

function isObjectList(list: readonly unknown[]): boolean {
  return list.every(isObject);
}

const ID_KEYS = ['id', 'rep'] as const;

/** The key that names every item of both lists uniquely, or null when the lists are positional. */
function itemKey(a: readonly unknown[], b: readonly unknown[]): string | null {
  const items = [...a, ...b];
  if (!items.every(isObject)) return null;
  for (const key of ID_KEYS) {
    const valid = (list: readonly unknown[]): boolean => {
      const seen = new Set<string>();
      for (const item of list) {
        const id = isObject(item) ? item[key] : undefined;
        if (typeof id !== 'string' && typeof id !== 'number') return false;
        if (seen.has(String(id))) return false;
        seen.add(String(id));
      }
      return true;
    };
    if (valid(a) && valid(b)) return key;
  }
  return null;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * The differences between two parsed plan files (any JSON values), sorted by path in natural
 * order. Objects are compared key by key; lists of objects item by item (by id when every item
 * has a unique `id` or `rep`, so reordering such a list is no change; else by position); lists
 * of anything else, and values whose type changed, as whole values. diffInputs(x, x) is empty.
 */
export function diffInputs(before: unknown, after: unknown): InputChange[] {
  const out: InputChange[] = [];
  walk('', before, after, out);
  return out.sort((x, y) => compareIds(x.path, y.path));
}

function walk(path: string, a: unknown, b: unknown, out: InputChange[]): void {
  if (jsonEqual(a, b)) return;
  if (isObject(a) && isObject(b)) {
    for (const key of Object.keys(a)) {
      if (!Object.hasOwn(b, key))
        out.push({ path: join(path, key), kind: 'removed', before: a[key], after: undefined });
      else walk(join(path, key), a[key], b[key], out);
    }
    for (const key of Object.keys(b)) {
      if (!Object.hasOwn(a, key))
        out.push({ path: join(path, key), kind: 'added', before: undefined, after: b[key] });
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && isObjectList(a) && isObjectList(b)) {
    const key = itemKey(a, b);
    if (key !== null) {
      const byId = (list: readonly unknown[]): Map<string, unknown> =>
        new Map(list.map((item) => [String((item as JsonObject)[key]), item]));
      const left = byId(a);
      const right = byId(b);
      for (const [id, item] of left) {
        const other = right.get(id);
        if (other === undefined)
          out.push({ path: join(path, id), kind: 'removed', before: item, after: undefined });
        else walk(join(path, id), item, other, out);
      }
      for (const [id, item] of right) {
        if (!left.has(id))
          out.push({ path: join(path, id), kind: 'added', before: undefined, after: item });
      }
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const at = `${path}[${i}]`;
      if (i >= b.length) out.push({ path: at, kind: 'removed', before: a[i], after: undefined });
      else if (i >= a.length) out.push({ path: at, kind: 'added', before: undefined, after: b[i] });
      else walk(at, a[i], b[i], out);
    }
    return;
  }
  out.push({ path, kind: 'changed', before: a, after: b });
}
