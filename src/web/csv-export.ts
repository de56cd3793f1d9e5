// CSV export of the web app's tables, one way for all of them: columns named in words, plan
// months named like "Jan 2018", money as plain decimals, every text cell passed through the
// server's formula guard (csvOf in planning.ts, core/safe-text.ts), and the file handed to the
// browser as a download.

import { centsToDecimal, csvOf } from './planning.ts';
import { planMonthLabel } from './format.ts';

export type CsvValue = string | number | boolean | null;

/** One column of an export: its name in words and its value for a row. */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => CsvValue;
}

const MONTH_NAME = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * The name of plan month `m` (0-based) in a CSV header: "Jan 2018". Fixed to English, unlike the
 * screen's, so a file reads the same for everyone and a script can rely on its columns.
 */
export function csvMonthName(planStart: string, m: number): string {
  return MONTH_NAME.format(new Date(`${planMonthLabel(planStart, m)}-01T00:00:00Z`));
}

/** "Jan 2018" from a month label '2018-01' (CSV headers and cells). */
export function csvMonthLabel(label: string): string {
  return MONTH_NAME.format(new Date(`${label}-01T00:00:00Z`));
}

/** Columns "Jan 2018" … of a monthly series in cents, for a plan starting on `planStart`. */
export function monthColumns<Row>(
  planStart: string,
  months: number,
  series: (row: Row) => readonly number[],
  suffix = '',
): CsvColumn<Row>[] {
  return Array.from({ length: months }, (_, m) => ({
    header: `${csvMonthName(planStart, m)}${suffix}`,
    value: (row: Row) => {
      const v = series(row)[m];
      return v === undefined ? null : centsToDecimal(v);
    },
  }));
}

/** A money column: cents written as a plain decimal ('1234.50'). */
export function moneyColumn<Row>(
  header: string,
  cents: (row: Row) => number | null,
): CsvColumn<Row> {
  return {
    header,
    value: (row) => {
      const v = cents(row);
      return v === null ? null : centsToDecimal(v);
    },
  };
}

/** A fraction written as a percentage with one decimal ('87.5'); empty when there is none. */
export function percentColumn<Row>(
  header: string,
  fraction: (row: Row) => number | null,
): CsvColumn<Row> {
  return {
    header,
    value: (row) => {
      const v = fraction(row);
      return v === null ? null : Math.round(v * 1000) / 10;
    },
  };
}

/** The CSV text of rows under the columns. */
export function tableCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return csvOf(
    columns.map((c) => c.header),
    rows.map((row) => columns.map((c) => c.value(row))),
  );
}

/** Hands `text` to the browser as the download `fileName`. */
export function downloadCsv(fileName: string, text: string): void {
  // A byte-order mark: Excel then reads the file as UTF-8 (names with accents stay right).
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

/** A file name from words: 'Audit log, 2026-12-07' → 'audit-log-2026-12-07.csv'. */
export function csvFileName(...parts: readonly (string | number)[]): string {
  const base = parts
    .map((p) => String(p))
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base === '' ? 'table' : base}.csv`;
}
