// Pure helpers of the planning workspace: CSV text of a table (what "Export CSV" downloads),
// the text filter of the quota table, and the paths of the planning pages.

import { guardFormula } from '../core/safe-text.ts';
import { hrefOf } from './router.ts';

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * CSV text of rows under a header line, lines ended by CRLF. A text field that starts like a
 * formula (= + - @, a tab or a carriage return) is prefixed with an apostrophe so a spreadsheet
 * shows it instead of running it: the server's rule (core/safe-text.ts); numbers are written as
 * they are.
 */
export function csvOf(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null)[])[],
): string {
  const safe = (value: string | number | boolean | null) =>
    typeof value === 'string' ? guardFormula(value) : value;
  return [header, ...rows]
    .map((row) => row.map((value) => csvField(safe(value))).join(','))
    .join('\r\n')
    .concat('\r\n');
}

/** Cents as a plain decimal for CSV ('1234.5'): no currency sign, no grouping. */
export function centsToDecimal(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.round(cents));
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Whether a row matches a text filter: every word of it appears in one of the fields. */
export function matchesFilter(fields: readonly (string | null)[], filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = fields
    .filter((f): f is string => f !== null)
    .join(' ')
    .toLowerCase();
  return words.every((w) => text.includes(w));
}

export type PlanningTab =
  | 'results'
  | 'backtest'
  | 'scenarios'
  | 'changes'
  | 'assumptions'
  | 'signoff'
  | 'documents'
  | 'edit';

export const PLANNING_TABS: readonly { tab: PlanningTab; label: string }[] = [
  { tab: 'results', label: 'Results' },
  { tab: 'backtest', label: 'Back-test' },
  { tab: 'scenarios', label: 'Scenarios' },
  { tab: 'changes', label: 'Changes' },
  { tab: 'assumptions', label: 'Assumptions' },
  { tab: 'signoff', label: 'Sign-off' },
  { tab: 'documents', label: 'Documents' },
  { tab: 'edit', label: 'Edit' },
];

export function isPlanningTab(value: string | null): value is PlanningTab {
  return PLANNING_TABS.some((t) => t.tab === value);
}

/** The workspace of one plan, at a version and on a tab. */
export function planningPath(planId: number, version?: number, tab?: PlanningTab): string {
  return hrefOf(`/planning/${planId}`, { v: version, tab: tab === 'results' ? undefined : tab });
}

/** The number of a fraction typed as a percentage ('12.5' → 0.125); null when it is not one. */
export function percentInput(text: string): number | null {
  const trimmed = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return null;
  return Math.round(Number(trimmed) * 1e6) / 1e8;
}

/** An amount typed in currency units ('1,250,000.50') as a number of units; null when it is not. */
export function amountInput(text: string): number | null {
  const trimmed = text.trim().replaceAll(',', '').replaceAll(' ', '');
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** A list of fractions typed as '0.25, 0.5, 0.75' (each 0 to 1); null when it is not one. */
export function fractionsInput(text: string): number[] | null {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 1 && parts[0] === '') return [];
  const values = parts.map((p) => (/^\d+(\.\d+)?$/.test(p) ? Number(p) : Number.NaN));
  return values.every((v) => v >= 0 && v <= 1) ? values : null;
}

/** A key path and its new value; null removes the key (the server's edit format). */
export interface PlanEdit {
  path: (string | number)[];
  value: unknown;
}

/**
 * The pending edits of the editor, one per key path: a later edit of the same path replaces the
 * earlier one, and an edit back to the version's own value drops out (nothing to save).
 */
export function withEdit(
  edits: readonly PlanEdit[],
  path: (string | number)[],
  value: unknown,
  original: unknown,
): PlanEdit[] {
  const key = JSON.stringify(path);
  const rest = edits.filter((e) => JSON.stringify(e.path) !== key);
  const same = JSON.stringify(value ?? null) === JSON.stringify(original ?? null);
  return same ? rest : [...rest, { path, value }];
}

/** The value at a key path of a parsed plan file; undefined when it is not there. */
export function valueAt(file: unknown, path: readonly (string | number)[]): unknown {
  let node: unknown = file;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}
