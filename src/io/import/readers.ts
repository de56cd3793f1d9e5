// Field readers: each compiled once per file from the column plan, then called per row. They read
// one cell (or the row number, or a constant) and return the model value or an Invalid.

import type { DealStatus, DealType, IsoDate } from '../../core/model.ts';
import {
  dateExpected,
  parseBooleanValue,
  parseDateValue,
  parseIntegerValue,
  parseMoney,
  parseNumberValue,
  parseProbabilityValue,
} from '../values.ts';
import type { CellValue, DateFormat, NumberLocale, ValueResult } from '../values.ts';
import type { FieldKind } from './fields.ts';
import type { ProbabilityScale } from './presets.ts';
import { valueKey } from './value-maps.ts';

/** A cell that could not be read: the Issue's code, message and `expected`. */
export interface Invalid {
  readonly invalid: true;
  readonly code: string;
  readonly message: string;
  readonly expected: string;
}

export function invalid(code: string, message: string, expected: string): Invalid {
  return { invalid: true, code, message, expected };
}

/** Valid values are strings, numbers, booleans or null, so any object is an Invalid. */
export function isInvalid(value: unknown): value is Invalid {
  return typeof value === 'object' && value !== null;
}

/** Where a field's value comes from in a file. */
export type FieldSource =
  | { kind: 'column'; index: number; header: string }
  | { kind: 'row' }
  | { kind: 'constant'; raw: string }
  | { kind: 'none' };

export interface FieldReader<T> {
  readonly name: string;
  /** The file gives this field (a column, the row number or a constant). */
  readonly present: boolean;
  /** What to name in an issue's `column`: the header, '$row' or '(constant)'. */
  readonly column: string;
  /** The column's index when the field comes from a column, else -1. */
  readonly index: number;
  /** What an empty cell reads as (null; false for flags). */
  readonly empty: T;
  /** Longest text accepted (Infinity where the parser judges the value). */
  readonly maxLength: number;
  read(values: readonly CellValue[], row: number): T | Invalid;
  /** Parses a cell's trimmed, non-empty text (the cell itself for XLSX numbers). */
  parse(text: string, cell: CellValue): T | Invalid;
  /** The cell as text, for issues and rejected rows. */
  raw(values: readonly CellValue[], row: number): string;
}

/** Cell text without surrounding spaces; '' for a missing cell. */
export function cellText(value: CellValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const n = value.length;
  if (n === 0) return value;
  // Most cells have no surrounding space: skip trim's allocation for them.
  if (value.charCodeAt(0) > 32 && value.charCodeAt(n - 1) > 32) return value;
  return value.trim();
}

/** Per-file state the readers share: the date format (settled once) and the caches. */
export interface ReaderContext {
  /** Row-number ids are `<stem>-<row>`. */
  readonly stem: string;
  readonly locale: NumberLocale;
  readonly probability: ProbabilityScale;
  readonly statusMap: ReadonlyMap<string, DealStatus>;
  readonly typeMap: ReadonlyMap<string, DealType>;
  /** Set before the first row is converted; dates are read with it. */
  dateFormat: DateFormat;
  /** Parsed date per raw text: CRM exports repeat the same dates thousands of times. */
  readonly dateCache: Map<string, IsoDate | null | Invalid>;
  /** Role values that were not a known role or code, with counts (they become AE). */
  readonly assumedRoles: Map<string, number>;
}

export function readerContext(
  stem: string,
  locale: NumberLocale,
  probability: ProbabilityScale,
  statusMap: ReadonlyMap<string, DealStatus>,
  typeMap: ReadonlyMap<string, DealType>,
): ReaderContext {
  return {
    stem,
    locale,
    probability,
    statusMap,
    typeMap,
    dateFormat: 'ISO',
    dateCache: new Map(),
    assumedRoles: new Map(),
  };
}

const NOUNS: Record<FieldKind, string> = {
  text: 'text',
  id: 'an id',
  date: 'a valid date',
  money: 'an amount',
  number: 'a number',
  integer: 'a whole number',
  probability: 'a probability',
  boolean: 'a yes/no flag',
  status: 'a deal status',
  type: 'a deal type',
  currency: 'a currency code',
  role: 'a role',
};

const CODES: Record<FieldKind, string> = {
  text: 'invalid-text',
  id: 'invalid-id',
  date: 'invalid-date',
  money: 'invalid-amount',
  number: 'invalid-number',
  integer: 'invalid-number',
  probability: 'invalid-probability',
  boolean: 'invalid-flag',
  status: 'invalid-status',
  type: 'invalid-type',
  currency: 'invalid-currency',
  role: 'invalid-role',
};

function fromResult<T>(result: ValueResult<T>, field: string, kind: FieldKind): T | Invalid {
  if (result.ok) return result.value;
  return invalid(CODES[kind], `${field} is not ${NOUNS[kind]}`, result.expected);
}

/** The Invalid of a text longer than its field allows (FIELD_LIMITS in fields.ts). */
export function tooLong(field: string, length: number, max: number): Invalid {
  return invalid(
    'value-too-long',
    `${field} is ${length.toLocaleString('en-US')} characters long`,
    `at most ${max.toLocaleString('en-US')} characters`,
  );
}

/** Marks a type value that is not in the value map (the deal gets `unmapped: ['type']`). */
export const UNMAPPED = 'unmapped';
export type TypeValue = DealType | null | typeof UNMAPPED;

const STATUS_WORDS: ReadonlyMap<string, DealStatus> = new Map([
  ['won', 'won'],
  ['lost', 'lost'],
  ['open', 'open'],
]);

/** Role codes and common titles, compared case-insensitively. */
const ROLE_WORDS: ReadonlyMap<string, string> = new Map([
  ['ae', 'AE'],
  ['sdr', 'SDR'],
  ['bdr', 'SDR'],
  ['am', 'AM'],
  ['mgr', 'MGR'],
  ['se', 'SE'],
  ['csm', 'CSM'],
  ['account executive', 'AE'],
  ['sales executive', 'AE'],
  ['sales representative', 'AE'],
  ['sales development representative', 'SDR'],
  ['business development representative', 'SDR'],
  ['account manager', 'AM'],
  ['sales manager', 'MGR'],
  ['manager', 'MGR'],
  ['sales engineer', 'SE'],
  ['customer success manager', 'CSM'],
]);

function isCode(s: string): boolean {
  if (s.length < 2 || s.length > 6) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

function isCurrencyCode(s: string): boolean {
  if (s.length !== 3) return false;
  for (let i = 0; i < 3; i++) {
    const c = s.charCodeAt(i);
    if (c < 65 || c > 90) return false;
  }
  return true;
}

/** Reads raw text into the value of `kind`; the text is already trimmed and non-empty. */
type Parse = (text: string, cell: CellValue) => unknown;

function parserFor(
  kind: FieldKind,
  field: string,
  ctx: ReaderContext,
  options: { scale?: number; invert?: boolean; maxLength?: number },
): Parse {
  const locale = ctx.locale;
  const max = options.maxLength ?? Number.POSITIVE_INFINITY;
  switch (kind) {
    case 'text':
    case 'id':
      return (text) => (text.length > max ? tooLong(field, text.length, max) : text);
    case 'date': {
      const message = `${field} is not a valid date`;
      return (text) => {
        let hit = ctx.dateCache.get(text);
        if (hit === undefined) {
          const result = parseDateValue(text, ctx.dateFormat);
          hit = result.ok
            ? result.value
            : invalid('invalid-date', '', dateExpected(ctx.dateFormat));
          ctx.dateCache.set(text, hit);
        }
        // The cache is shared by the file's date fields: the message names this one.
        return isInvalid(hit) ? invalid(hit.code, message, hit.expected) : hit;
      };
    }
    case 'money': {
      const scale = options.scale ?? 1;
      return (text, cell) => {
        const result = parseMoney(typeof cell === 'number' ? cell : text, locale);
        if (!result.ok) return fromResult(result, field, kind);
        return result.value === null || scale === 1 ? result.value : result.value * scale;
      };
    }
    case 'number':
      return (text, cell) => {
        const result = parseNumberValue(typeof cell === 'number' ? cell : text, locale);
        if (!result.ok || result.value === null || options.invert !== true) {
          return fromResult(result, field, kind);
        }
        if (result.value <= 0)
          return invalid('invalid-number', `${field} is not a rate`, 'a number above 0');
        return 1 / result.value;
      };
    case 'integer':
      return (text, cell) =>
        fromResult(parseIntegerValue(typeof cell === 'number' ? cell : text, locale), field, kind);
    case 'probability':
      return (text, cell) =>
        fromResult(
          parseProbabilityValue(typeof cell === 'number' ? cell : text, locale, ctx.probability),
          field,
          kind,
        );
    case 'boolean':
      return (text, cell) =>
        fromResult(parseBooleanValue(typeof cell === 'number' ? cell : text), field, kind);
    case 'currency':
      return (text) => {
        const code = text.toUpperCase();
        return isCurrencyCode(code)
          ? code
          : invalid(
              'invalid-currency',
              `${field} is not a currency code`,
              'a 3-letter ISO currency code like EUR',
            );
      };
    case 'status': {
      const cache = new Map<string, DealStatus | Invalid>();
      return (text) => {
        let hit = cache.get(text);
        if (hit === undefined) {
          const key = valueKey(text);
          hit =
            ctx.statusMap.get(key) ??
            STATUS_WORDS.get(key) ??
            invalid(
              'invalid-status',
              `${field} is not a deal status`,
              'won, lost or open (or map the value under values.status in a mapping file)',
            );
          cache.set(text, hit);
        }
        return hit;
      };
    }
    case 'type': {
      const cache = new Map<string, TypeValue>();
      return (text) => {
        let hit = cache.get(text);
        if (hit === undefined) {
          hit = ctx.typeMap.get(valueKey(text)) ?? UNMAPPED;
          cache.set(text, hit);
        }
        return hit;
      };
    }
    case 'role':
      return (text) => {
        if (text.length > max) return tooLong(field, text.length, max);
        const known = ROLE_WORDS.get(valueKey(text));
        if (known !== undefined) return known;
        if (isCode(text)) return text.toUpperCase();
        ctx.assumedRoles.set(text, (ctx.assumedRoles.get(text) ?? 0) + 1);
        return 'AE';
      };
  }
}

/**
 * Compiles the reader of one field. Empty cells read as null (false for flags); `$row` reads as
 * `<stem>-<row>`; a constant is parsed once, so a bad constant fails on every row alike.
 */
export function compileReader<T>(
  field: string,
  kind: FieldKind,
  source: FieldSource,
  ctx: ReaderContext,
  options: { scale?: number; invert?: boolean; maxLength?: number } = {},
): FieldReader<T> {
  const parse = parserFor(kind, field, ctx, options) as (
    text: string,
    cell: CellValue,
  ) => T | Invalid;
  const empty = (kind === 'boolean' ? false : null) as T;
  const maxLength = options.maxLength ?? Number.POSITIVE_INFINITY;
  switch (source.kind) {
    case 'none':
      return {
        name: field,
        present: false,
        column: field,
        index: -1,
        empty,
        maxLength,
        read: () => empty,
        parse,
        raw: () => '',
      };
    case 'row': {
      const stem = ctx.stem;
      return {
        name: field,
        present: true,
        column: '$row',
        index: -1,
        empty,
        maxLength,
        read: (_values, row) => parse(`${stem}-${row}`, ''),
        parse,
        raw: (_values, row) => String(row),
      };
    }
    case 'constant': {
      const text = source.raw.trim();
      // Dates in constants follow the file's format, so they are parsed per call (cached).
      const fixed = kind === 'date' || text === '' ? undefined : parse(text, text);
      return {
        name: field,
        present: true,
        column: '(constant)',
        index: -1,
        empty,
        maxLength,
        read: () => {
          if (text === '') return empty;
          return fixed === undefined ? parse(text, text) : fixed;
        },
        parse,
        raw: () => source.raw,
      };
    }
    case 'column': {
      const index = source.index;
      return {
        name: field,
        present: true,
        column: source.header,
        index,
        empty,
        maxLength,
        read: (values) => {
          const cell = values[index];
          if (cell === undefined) return empty;
          const text = cellText(cell);
          if (text === '') return empty;
          return parse(text, cell);
        },
        parse,
        raw: (values) => {
          const cell = values[index];
          return cell === undefined ? '' : String(cell);
        },
      };
    }
  }
}
