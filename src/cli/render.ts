// Terminal output helpers: aligned text tables and issue lists. No colours, so output pipes cleanly.

import { formatIssue, type Issue } from '../core/issue.ts';
import type { Basis } from '../core/model.ts';
import { formatAmount } from '../core/money.ts';

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/** Renders rows as an aligned text table with a header rule. */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return c.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of rows) out.push(line(row));
  return out.join('\n') + '\n';
}

/** The first `limit` issues, one per line, and how many more there were. */
export function renderIssues(issues: readonly Issue[], limit = 20): string {
  const lines = issues.slice(0, limit).map((issue) => `  ${issue.severity}: ${formatIssue(issue)}`);
  if (issues.length > limit) lines.push(`  … and ${issues.length - limit} more`);
  return lines.join('\n') + '\n';
}

export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(2);
}

export function formatPercent(fraction: number | null): string {
  return fraction === null ? '—' : `${(fraction * 100).toFixed(1)}%`;
}

/** Amounts of a report: money of the workspace currency, or deals under the count basis. */
export function amountFormatter(basis: Basis, currency: string): (cents: number) => string {
  return (value) => formatAmount(value, basis, currency);
}

/** A bar of `share` × `width` blocks, for small text histograms. */
export function textBar(share: number, width = 30): string {
  const n = Math.round(Math.max(0, Math.min(1, share)) * width);
  return '█'.repeat(n);
}
