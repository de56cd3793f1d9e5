// CSV output for exports and rejects files: RFC 4180 quoting, and formula-injection guarding so
// a cell from user data such as =HYPERLINK(...) opens in a spreadsheet as text, not a formula
// (the rule is guardFormula of safe-text.ts, shared with the XLSX export).

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { guardFormula } from './safe-text.ts';

export { guardFormula };

export type CsvCell = string | number | boolean | null | undefined;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = guardFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',') + '\n';
}

/** A whole CSV document as a string (small outputs: reports, baselines). */
export function toCsv(headers: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  let out = csvLine(headers);
  for (const row of rows) out += csvLine(row);
  return out;
}

/** Streams rows to a file with backpressure; resolves when the file is closed. */
export async function writeCsvFile(
  path: string,
  headers: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const done = once(stream, 'close');
  if (!stream.write(csvLine(headers))) await once(stream, 'drain');
  for (const row of rows) {
    if (!stream.write(csvLine(row))) await once(stream, 'drain');
  }
  stream.end();
  await done;
}
