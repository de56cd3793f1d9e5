// Small tools for writing the quota workbook with ExcelJS's streaming writer: A1 addresses,
// number formats in the plan currency, the house styles, and a writer that fills a row and
// commits it (the streaming writer only goes forward, which keeps 5,000-rep workbooks fast).

import type ExcelJS from 'exceljs';
import { guardFormula } from '../safe-text.ts';
import { resultOf } from './formula-results.ts';
import type { FormulaBook, FormulaResult } from './formula-results.ts';

/** Column number (1 = A) as letters. */
export function colLetter(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`column ${n} is not a column number`);
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26))
    s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** 'C7'; with `absolute`, '$C$7'. */
export function cellRef(col: number, row: number, absolute = false): string {
  return absolute ? `$${colLetter(col)}$${row}` : `${colLetter(col)}${row}`;
}

/** '$C$7:$C$90'. */
export function rangeRef(col1: number, row1: number, col2: number, row2: number): string {
  return `${cellRef(col1, row1, true)}:${cellRef(col2, row2, true)}`;
}

/** The prefix of a reference into another sheet: 'Ramp & capacity'!. */
export function sheetPrefix(name: string): string {
  return `'${name.replaceAll("'", "''")}'!`;
}

export interface Formula {
  formula: string;
}

export type CellValue = string | number | boolean | null | undefined | Formula;

export type StyleName =
  'title' | 'subtitle' | 'note' | 'header' | 'section' | 'input' | 'output' | 'working' | 'plain';

export interface CellSpec {
  v: CellValue;
  /** Number format (see Formats). */
  fmt?: string | undefined;
  style?: StyleName | undefined;
}

export function f(formula: string): Formula {
  return { formula };
}

/** Number formats of one workbook: money in the plan currency, or deals under the count basis. */
export interface Formats {
  money: string;
  money0: string;
  cents: string;
  number: string;
  number2: string;
  ratio: string;
  percent: string;
  integer: string;
  date: string;
}

function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** Formats for `currency` (the symbol and its side from Intl), or deals under the count basis. */
export function formatsFor(currency: string, basis: 'amount' | 'count'): Formats {
  let money: string;
  let money0: string;
  if (basis === 'count') {
    money = '#,##0.00" deals"';
    money0 = '#,##0" deals"';
  } else {
    const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(1);
    const at = parts.findIndex((p) => p.type === 'currency');
    const symbol = parts[at]?.value ?? currency;
    const before = at < parts.findIndex((p) => p.type === 'integer');
    const wrap = (digits: string): string =>
      before ? `${quoted(symbol)}${digits}` : `${digits}${quoted(`\u00a0${symbol}`)}`;
    money = `${wrap('#,##0.00')};-${wrap('#,##0.00')}`;
    money0 = `${wrap('#,##0')};-${wrap('#,##0')}`;
  }
  return {
    money,
    money0,
    cents: '#,##0.00##',
    number: '#,##0.00',
    number2: '0.00',
    ratio: '0.0000',
    percent: '0.0%',
    integer: '0',
    date: 'yyyy-mm-dd',
  };
}

const NAVY = 'FF1F3864';
const INPUT_FILL = 'FFFFF2CC';
const HEADER_FILL = 'FFD9E1F2';
const SECTION_FILL = 'FFEDEDED';
const WORKING_FONT = 'FF595959';

/** The house styles: inputs in blue on yellow (the analyst's convention), headers shaded. */
const STYLES: Record<StyleName, Partial<ExcelJS.Style>> = {
  title: { font: { bold: true, size: 14, color: { argb: NAVY } } },
  subtitle: { font: { italic: true, color: { argb: 'FF404040' } } },
  note: { font: { italic: true, size: 9, color: { argb: 'FF595959' } } },
  header: {
    font: { bold: true },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } },
    alignment: { wrapText: true, vertical: 'top' },
    border: { bottom: { style: 'thin', color: { argb: 'FF8EA9DB' } } },
  },
  section: {
    font: { bold: true, color: { argb: NAVY } },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: SECTION_FILL } },
  },
  input: {
    font: { bold: true, color: { argb: 'FF0000FF' } },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: INPUT_FILL } },
    border: {
      top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
      bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
      left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
      right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
    },
  },
  output: { font: { bold: true } },
  working: { font: { color: { argb: WORKING_FONT } } },
  plain: {},
};

/** The formula book a worksheet's rows are recorded in, when its formulas get stored results. */
const booksOf = new WeakMap<ExcelJS.Worksheet, FormulaBook>();
/** The writers of each book, to flush once every formula has its result. */
const writersOf = new WeakMap<FormulaBook, SheetWriter[]>();

/**
 * Records the rows written to `ws` in `book` instead of writing them at once: they are written
 * with their formulas' results by `flushSheets` once every sheet is recorded.
 */
export function recordInto(ws: ExcelJS.Worksheet, book: FormulaBook): void {
  booksOf.set(ws, book);
}

/** Writes every recorded row of the book's sheets, each formula with its result. */
export function flushSheets(book: FormulaBook, results: ReadonlyMap<string, FormulaResult>): void {
  for (const writer of writersOf.get(book) ?? []) writer.flush(results);
}

interface PendingRow {
  row: number;
  cells: readonly (CellSpec | undefined)[];
  from: number;
  height: number | undefined;
}

/**
 * Writes rows of one streamed worksheet, in order, and commits each; for a worksheet recorded
 * into a formula book (`recordInto`), keeps them until `flushSheets`.
 */
export class SheetWriter {
  readonly ws: ExcelJS.Worksheet;
  private next = 1;
  private readonly book: FormulaBook | undefined;
  private readonly pending: PendingRow[] = [];

  constructor(ws: ExcelJS.Worksheet) {
    this.ws = ws;
    this.book = booksOf.get(ws);
    if (this.book !== undefined) {
      const writers = writersOf.get(this.book) ?? [];
      writers.push(this);
      writersOf.set(this.book, writers);
    }
  }

  /** Writes `cells` into row `row` from column `from` (1 = A); rows must come in increasing order. */
  row(row: number, cells: readonly (CellSpec | undefined)[], from = 1, height?: number): void {
    if (row < this.next)
      throw new RangeError(`row ${row} was already written (next is ${this.next})`);
    this.next = row + 1;
    if (this.book === undefined) {
      this.write({ row, cells, from, height }, undefined);
      return;
    }
    const book = this.book;
    cells.forEach((cell, k) => {
      if (cell === undefined) return;
      const v = cell.v;
      book.set(
        this.ws.name,
        row,
        from + k,
        v === undefined ? null : typeof v === 'number' && !Number.isFinite(v) ? null : v,
      );
    });
    this.pending.push({ row, cells, from, height });
  }

  /** Writes the recorded rows, each formula with its result. */
  flush(results: ReadonlyMap<string, FormulaResult>): void {
    for (const p of this.pending) this.write(p, results);
    this.pending.length = 0;
  }

  private write(p: PendingRow, results: ReadonlyMap<string, FormulaResult> | undefined): void {
    const r = this.ws.getRow(p.row);
    if (p.height !== undefined) r.height = p.height;
    p.cells.forEach((cell, k) => {
      if (cell === undefined) return;
      const target = r.getCell(p.from + k);
      const result =
        results === undefined ? undefined : resultOf(results, this.ws.name, p.row, p.from + k);
      target.value = cellValue(cell.v, result);
      const style = cell.style === undefined ? undefined : STYLES[cell.style];
      if (style !== undefined) {
        if (style.font !== undefined) target.font = style.font;
        if (style.fill !== undefined) target.fill = style.fill;
        if (style.alignment !== undefined) target.alignment = style.alignment;
        if (style.border !== undefined) target.border = style.border;
      }
      if (cell.fmt !== undefined) target.numFmt = cell.fmt;
    });
    r.commit();
  }

  /** The row after the last one written. */
  get nextRow(): number {
    return this.next;
  }
}

function cellValue(v: CellValue, result?: FormulaResult): ExcelJS.CellValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return guardFormula(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (result === undefined) return { formula: v.formula, date1904: false };
  return {
    formula: v.formula,
    result:
      typeof result === 'object'
        ? { error: result.error as ExcelJS.CellErrorValue['error'] }
        : result,
    date1904: false,
  };
}

/** Shorthands for cell specs. */
export const spec = {
  text: (v: string | null | undefined, style?: StyleName): CellSpec => ({ v: v ?? null, style }),
  num: (v: number | null | undefined, fmt?: string, style?: StyleName): CellSpec => ({
    v: v ?? null,
    fmt,
    style,
  }),
  fx: (formula: string, fmt?: string, style?: StyleName): CellSpec => ({
    v: f(formula),
    fmt,
    style,
  }),
  header: (v: string): CellSpec => ({ v, style: 'header' }),
};

/** A name Excel accepts for a defined name: letters, digits and underscores, not a cell address. */
export function definedName(prefix: string, label: string, taken: Set<string>): string {
  const base = `${prefix}_${label.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 200);
  let name = base;
  for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base}_${k}`;
  taken.add(name.toLowerCase());
  return name;
}
