// The computed value of every formula of the quota workbook, stored with the formula so file
// previewers, mail clients and readers that do not recalculate (openpyxl with data_only=True)
// see the numbers. The cells of every sheet are recorded first; then each formula is evaluated by
// fast-formula-parser over the recorded cells (other formulas first, on demand, each once), the
// defined names resolved to their cells.

import FormulaParser from 'fast-formula-parser';
import type { CellRef, Param, RangeRef } from 'fast-formula-parser';

// A CommonJS module: its parts are properties of the default export.
const { FormulaError, DepParser } = FormulaParser;
type DepParser = InstanceType<typeof DepParser>;
type FormulaErrorValue = InstanceType<typeof FormulaError>;

/** A recorded cell: a literal or a formula (text without the leading '='). */
export type RecordedValue = string | number | boolean | null | { formula: string };

/** What ExcelJS stores as a formula's result. */
export type FormulaResult = number | string | boolean | { error: string };

/** A formula that could not be evaluated (unknown function, bad reference): a named error. */
export class FormulaResultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormulaResultError';
  }
}

const key = (sheet: string, row: number, col: number): string => `${sheet}\u0000${row}\u0000${col}`;

/** Column letters ('AB') as a number (1 = A). */
function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** The scalar values of a function's arguments, ranges flattened. */
function flatten(params: readonly (Param | undefined)[]): unknown[] {
  const out: unknown[] = [];
  const add = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) add(x);
    else out.push(v);
  };
  for (const p of params) if (p !== undefined) add(p.value);
  return out;
}

/** A scalar as text, as a text criterion compares it ('' for a blank). */
function textOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

/** Whether `value` meets a COUNTIF-style criterion: 5, "<3", ">=x", "<>a" or "text". */
function meets(value: unknown, criterion: unknown): boolean {
  if (typeof criterion === 'number' || typeof criterion === 'boolean') return value === criterion;
  const text = textOf(criterion);
  const m = /^(<=|>=|<>|<|>|=)?(.*)$/.exec(text);
  const op = m?.[1] ?? '=';
  const operand = m?.[2] ?? '';
  const number = operand.trim() !== '' && Number.isFinite(Number(operand)) ? Number(operand) : null;
  if (number !== null && typeof value !== 'number') return op === '<>';
  const a = number === null ? textOf(value).toLowerCase() : (value as number);
  const b = number ?? operand.toLowerCase();
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<>':
      return a !== b;
    default:
      return a === b;
  }
}

/**
 * Functions the workbook uses that fast-formula-parser leaves out (COUNTIFS, HYPERLINK) or
 * declares without a body (MAX, MIN), as Excel defines them for numbers.
 */
const FUNCTIONS: Record<string, (...params: (Param | undefined)[]) => unknown> = {
  MAX: (...params) => {
    const numbers = flatten(params).filter((v): v is number => typeof v === 'number');
    return numbers.length === 0 ? 0 : Math.max(...numbers);
  },
  MIN: (...params) => {
    const numbers = flatten(params).filter((v): v is number => typeof v === 'number');
    return numbers.length === 0 ? 0 : Math.min(...numbers);
  },
  COUNTIFS: (...params) => {
    const pairs: [unknown[], unknown][] = [];
    for (let k = 0; k + 1 < params.length; k += 2) {
      pairs.push([flatten([params[k]]), params[k + 1]?.value]);
    }
    const length = pairs[0]?.[0].length ?? 0;
    let count = 0;
    for (let i = 0; i < length; i++) {
      if (pairs.every(([range, criterion]) => meets(range[i], criterion))) count++;
    }
    return count;
  },
  HYPERLINK: (link, name) => (name ?? link)?.value,
  // The array comparisons of the rank formulas (see `evaluable`), counted exactly.
  QP_COUNT_ABOVE: (range, x) => {
    const limit = x?.value;
    return flatten([range]).filter(
      (v) => typeof v === 'number' && typeof limit === 'number' && v > limit,
    ).length;
  },
  QP_COUNT_TIED_BEFORE: (values, x, keys, y) => {
    const a = flatten([values]);
    const b = flatten([keys]);
    let count = 0;
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      const k = b[i];
      if (v === x?.value && typeof k === 'number' && typeof y?.value === 'number' && k < y.value)
        count++;
    }
    return count;
  },
};

/**
 * The formula as the evaluator can compute it. The package has no array arithmetic, so the rank
 * formulas' SUMPRODUCT(--(R>x)) and SUMPRODUCT((R=x)*(K<y)) become counting functions with the
 * same meaning (the workbook keeps Excel's form).
 */
function evaluable(formula: string): string {
  return formula
    .replace(/SUMPRODUCT\(--\(([^()=<>]+)>([^()=<>]+)\)\)/g, 'QP_COUNT_ABOVE($1,$2)')
    .replace(
      /SUMPRODUCT\(\(([^()=<>]+)=([^()=<>]+)\)\*\(([^()=<>]+)<([^()=<>]+)\)\)/g,
      'QP_COUNT_TIED_BEFORE($1,$2,$3,$4)',
    );
}

/** The recorded cells of a workbook's sheets, its defined names, and their formulas' results. */
export class FormulaBook {
  private readonly cells = new Map<string, RecordedValue>();
  private readonly names = new Map<string, CellRef>();

  private formulaCount = 0;

  set(sheet: string, row: number, col: number, value: RecordedValue): void {
    if (value !== null && typeof value === 'object') this.formulaCount++;
    this.cells.set(key(sheet, row, col), value);
  }

  /** How many formulas were recorded. */
  get size(): number {
    return this.formulaCount;
  }

  /** A defined name of one cell, as ExcelJS lists it ('Inputs!$B$5' or "'A sheet'!$B$5"). */
  defineName(name: string, range: string): void {
    const m = /^'?(.*?)'?!\$?([A-Z]+)\$?(\d+)$/.exec(range);
    if (m === null) return;
    this.names.set(name.toLowerCase(), {
      sheet: (m[1] ?? '').replaceAll("''", "'"),
      col: colNumber(m[2] ?? 'A'),
      row: Number(m[3]),
    });
  }

  /**
   * Every formula's result by sheet, row and column (see `resultOf`). The formulas are evaluated
   * in the order of their references (each after the formulas it reads), found by the package's
   * dependency parser, so the evaluator never re-enters itself (its parser keeps state) and long
   * chains (a running sum down 5,000 reps) need no deep recursion.
   */
  evaluate(): Map<string, FormulaResult> {
    const results = new Map<string, FormulaResult | FormulaErrorValue>();
    const formulas = new Map<
      string,
      { sheet: string; row: number; col: number; formula: string }
    >();
    for (const [at, v] of this.cells) {
      if (v === null || typeof v !== 'object') continue;
      const [sheet = '', row = '0', col = '0'] = at.split('\u0000');
      formulas.set(at, {
        sheet,
        row: Number(row),
        col: Number(col),
        formula: evaluable(v.formula),
      });
    }
    const variable = (name: string): CellRef | undefined => this.names.get(name.toLowerCase());

    // The formula cells a formula reads, directly (ranges expanded once each).
    const depParser = new DepParser({ onVariable: variable });
    const inRange = new Map<string, string[]>();
    const formulaCellsIn = (ref: RangeRef): string[] => {
      const id = `${ref.sheet}\u0000${ref.from.row}:${ref.from.col}\u0000${ref.to.row}:${ref.to.col}`;
      let list = inRange.get(id);
      if (list === undefined) {
        list = [];
        for (let r = ref.from.row; r <= ref.to.row; r++) {
          for (let c = ref.from.col; c <= ref.to.col; c++) {
            const at = key(ref.sheet, r, c);
            if (formulas.has(at)) list.push(at);
          }
        }
        inRange.set(id, list);
      }
      return list;
    };
    const dependencies = (f: { sheet: string; row: number; col: number; formula: string }) => {
      let refs: ReturnType<DepParser['parse']>;
      try {
        refs = depParser.parse(f.formula, { sheet: f.sheet, row: f.row, col: f.col });
      } catch (error) {
        throw new FormulaResultError(
          `the formula ${f.formula} in ${f.sheet}!R${f.row}C${f.col} cannot be read: ${String(error)}`,
        );
      }
      const out: string[] = [];
      for (const ref of refs) {
        const sheet = ref.sheet ?? f.sheet;
        if ('from' in ref) out.push(...formulaCellsIn({ ...ref, sheet }));
        else {
          const at = key(sheet, ref.row, ref.col);
          if (formulas.has(at)) out.push(at);
        }
      }
      return out;
    };

    // Depth-first, iteratively: a formula is placed after everything it reads.
    const order: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    for (const start of formulas.keys()) {
      if (state.has(start)) continue;
      const stack: { at: string; deps: string[] | null; next: number }[] = [
        { at: start, deps: null, next: 0 },
      ];
      state.set(start, 'open');
      while (stack.length > 0) {
        const top = stack[stack.length - 1];
        if (top === undefined) break;
        const f = formulas.get(top.at);
        if (f === undefined) break;
        top.deps ??= dependencies(f);
        if (top.next < top.deps.length) {
          const dep = top.deps[top.next++] ?? '';
          const seen = state.get(dep);
          if (seen === 'open') {
            throw new FormulaResultError(
              `a circular reference through ${f.sheet}!R${f.row}C${f.col}`,
            );
          }
          if (seen === undefined) {
            state.set(dep, 'open');
            stack.push({ at: dep, deps: null, next: 0 });
          }
        } else {
          state.set(top.at, 'done');
          order.push(top.at);
          stack.pop();
        }
      }
    }

    const valueAt = (sheet: string, row: number, col: number): unknown => {
      const at = key(sheet, row, col);
      const v = this.cells.get(at);
      if (v === undefined || v === null) return null;
      return typeof v === 'object' ? results.get(at) : v;
    };
    const ranges = new Map<string, unknown[][]>();
    const parser = new FormulaParser({
      onCell: (ref) => valueAt(ref.sheet, ref.row, ref.col),
      onRange: (ref: RangeRef) => {
        const id = `${ref.sheet}\u0000${ref.from.row}:${ref.from.col}\u0000${ref.to.row}:${ref.to.col}`;
        let grid = ranges.get(id);
        if (grid === undefined) {
          grid = [];
          for (let r = ref.from.row; r <= ref.to.row; r++) {
            const line: unknown[] = [];
            for (let c = ref.from.col; c <= ref.to.col; c++) line.push(valueAt(ref.sheet, r, c));
            grid.push(line);
          }
          ranges.set(id, grid);
        }
        return grid;
      },
      onVariable: variable,
      functions: FUNCTIONS,
    });
    for (const at of order) {
      const f = formulas.get(at);
      if (f === undefined) continue;
      let result: unknown;
      try {
        result = parser.parse(f.formula, { sheet: f.sheet, row: f.row, col: f.col });
      } catch (error) {
        throw new FormulaResultError(
          `the formula ${f.formula} in ${f.sheet}!R${f.row}C${f.col} cannot be evaluated: ${String(error)}`,
        );
      }
      while (Array.isArray(result)) result = (result as unknown[])[0];
      results.set(
        at,
        result instanceof FormulaError
          ? result
          : typeof result === 'number' || typeof result === 'string' || typeof result === 'boolean'
            ? result
            : result === null || result === undefined
              ? 0
              : FormulaError.VALUE,
      );
    }
    const out = new Map<string, FormulaResult>();
    for (const [at, r] of results) out.set(at, r instanceof FormulaError ? { error: r.error } : r);
    return out;
  }
}

/** The result of the formula at a cell in `evaluate`'s answer. */
export function resultOf(
  results: ReadonlyMap<string, FormulaResult>,
  sheet: string,
  row: number,
  col: number,
): FormulaResult | undefined {
  return results.get(key(sheet, row, col));
}
