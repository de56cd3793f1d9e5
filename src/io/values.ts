// Cell value parsers for the importer: dates, amounts, numbers, probabilities and booleans as CRM
// exports write them, turned into the canonical model's units (ISO dates, integer cents, fractions).

import type { Cents, IsoDate } from '../core/model.ts';
import { daysInMonth, isoDate } from '../core/dates.ts';
import { roundCents } from '../core/money.ts';

export type DateFormat = 'ISO' | 'MDY' | 'DMY';
export const DATE_FORMATS: readonly DateFormat[] = ['ISO', 'MDY', 'DMY'];

/** A parsed value, or what the value should have looked like (for the Issue's `expected`). */
export type ValueResult<T> = { ok: true; value: T } | { ok: false; expected: string };

/** A cell as a table reader gives it: CSV cells are text, XLSX numeric cells arrive as numbers. */
export type CellValue = string | number;

export interface NumberLocale {
  decimal: '.' | ',';
  /**
   * Spaces (plain, no-break, narrow no-break) group thousands: only in a locale that writes
   * them (fr-FR, sv-SE…). Otherwise '1 000 000' is not a number: it may be three.
   */
  spaces?: boolean;
}

/** Thrown by numberLocaleFor when the locale tag is not a valid BCP 47 tag. */
export class InvalidLocaleError extends Error {
  override readonly name = 'InvalidLocaleError';
  readonly locale: string;
  constructor(locale: string) {
    super(`"${locale}" is not a valid locale tag; use one like en-US or de-DE`);
    this.locale = locale;
  }
}

/** Largest amount accepted, in cents (±900 billion currency units): beyond it a value is a typo. */
export const MAX_ABS_CENTS = 9e13;

const NULL_RESULT = { ok: true, value: null } as const;

function ok<T>(value: T): ValueResult<T> {
  return { ok: true, value };
}

function bad(expected: string): { ok: false; expected: string } {
  return { ok: false, expected };
}

// ---------------------------------------------------------------------------------------------
// Dates

const DATE_EXPECTED: Record<DateFormat, string> = {
  ISO: 'a date like 2024-03-31 (YYYY-MM-DD)',
  MDY: 'a date like 3/31/2024 (M/D/YYYY)',
  DMY: 'a date like 31/3/2024 (D/M/YYYY)',
};

/** The `expected` text of a date in `format`. */
export function dateExpected(format: DateFormat): string {
  return DATE_EXPECTED[format];
}

// What may follow a date: a time of day (14:05, 14:05:59.123, 2:05 PM) with an optional zone
// offset (Z, +0000, +02:00). Sticky, so it is matched in place right after the date.
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp]\.?[Mm]\.?)?\s*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?$`;
const TIME_AFTER_ISO = new RegExp(String.raw`(?:[Tt]|\s+)${TIME}`, 'y');
const TIME_AFTER_DATE = new RegExp(String.raw`\s+${TIME}`, 'y');

/** True when `s` is only a date ending at `end`, or the date followed by a real time of day. */
function timeTailValid(s: string, end: number, tail: RegExp): boolean {
  if (end === s.length) return true;
  tail.lastIndex = end;
  const m = tail.exec(s);
  if (m === null) return false;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] === undefined ? 0 : Number(m[3]);
  if (minute > 59 || second > 60) return false;
  return m[4] === undefined ? hour <= 24 : hour >= 1 && hour <= 12;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A date's numeric parts as scanned from the start of a text; `end` is the index after it. */
interface DateParts {
  first: number;
  /** Char code of the separator: '/', '.' or '-'. */
  separator: number;
  second: number;
  third: number;
  thirdDigits: number;
  end: number;
}

/** Reads 1-2 digits at `i`: the value × 4 + digit count, or -1 (packed to avoid allocation). */
function shortNumberAt(s: string, i: number): number {
  const c0 = s.charCodeAt(i);
  if (!isDigit(c0)) return -1;
  const c1 = s.charCodeAt(i + 1);
  if (!isDigit(c1)) return (c0 - 48) * 4 + 1;
  if (isDigit(s.charCodeAt(i + 2))) return -1;
  return ((c0 - 48) * 10 + (c1 - 48)) * 4 + 2;
}

/**
 * Scans 'A<sep>B<sep>YYYY' (or YY) at the start of `s`, the shape of month-first and day-first
 * dates; separators '/', '.' or '-', both the same. Null for any other shape.
 */
function scanDayMonth(s: string): DateParts | null {
  const a = shortNumberAt(s, 0);
  if (a < 0) return null;
  let i = a & 3;
  const separator = s.charCodeAt(i);
  if (separator !== 47 && separator !== 46 && separator !== 45) return null;
  const b = shortNumberAt(s, i + 1);
  if (b < 0) return null;
  i += 1 + (b & 3);
  if (s.charCodeAt(i) !== separator) return null;
  i++;
  const yearStart = i;
  let year = 0;
  while (i < s.length && isDigit(s.charCodeAt(i))) {
    year = year * 10 + (s.charCodeAt(i) - 48);
    i++;
  }
  const thirdDigits = i - yearStart;
  if (thirdDigits !== 2 && thirdDigits !== 4) return null;
  return { first: a >> 2, separator, second: b >> 2, third: year, thirdDigits, end: i };
}

/** Scans 'YYYY-M-D' or 'YYYY/M/D' at the start of `s`. */
function scanIso(s: string): DateParts | null {
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return null;
    year = year * 10 + (c - 48);
  }
  const separator = s.charCodeAt(4);
  if (separator !== 45 && separator !== 47) return null;
  const month = shortNumberAt(s, 5);
  if (month < 0) return null;
  const i = 5 + (month & 3);
  if (s.charCodeAt(i) !== separator) return null;
  const day = shortNumberAt(s, i + 1);
  if (day < 0) return null;
  return {
    first: year,
    separator,
    second: month >> 2,
    third: day >> 2,
    thirdDigits: 4,
    end: i + 1 + (day & 3),
  };
}

/** 2-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999 (the usual spreadsheet pivot). */
function fullYear(parts: DateParts): number {
  if (parts.thirdDigits !== 2) return parts.third;
  return parts.third < 70 ? 2000 + parts.third : 1900 + parts.third;
}

/** The ISO date of year/month/day when it is a real calendar date (2023-02-29 is not). */
function checkedDate(year: number, month: number, day: number): IsoDate | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return isoDate(year, month, day);
}

function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100_000; // poisons any sum it enters
}

/**
 * True when `s` is exactly a real 'YYYY-MM-DD' date: the common case of ISO exports, checked
 * without a regex or allocation (this runs once per cell on million-row files).
 */
function isCanonicalIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const year = digitAt(s, 0) * 1000 + digitAt(s, 1) * 100 + digitAt(s, 2) * 10 + digitAt(s, 3);
  const month = digitAt(s, 5) * 10 + digitAt(s, 6);
  const day = digitAt(s, 8) * 10 + digitAt(s, 9);
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Parses a date cell into an ISO calendar date. ISO-shaped values (2024-03-31, 2024/03/31 and
 * datetimes such as 2024-01-22T16:14:25.000+0000) are accepted whatever `format` says; `format`
 * decides how day/month values (3/4/2024) are read. The date is the calendar date as written: a
 * time or zone offset after it is ignored, never shifted, because a CRM's date is the date it
 * shows its users. A number (an Excel serial day) is not accepted: the reader converts real date
 * cells to text already, so a bare number means the column is not a date.
 */
export function parseDateValue(raw: CellValue, format: DateFormat): ValueResult<IsoDate | null> {
  if (typeof raw === 'number') return bad(DATE_EXPECTED[format]);
  // Already canonical: the common case of ISO exports, checked without allocating.
  if (isCanonicalIsoDate(raw)) return ok(raw);
  const s = raw.trim();
  if (s === '') return NULL_RESULT;
  const iso = scanIso(s);
  if (iso !== null) {
    const date = timeTailValid(s, iso.end, TIME_AFTER_ISO)
      ? checkedDate(iso.first, iso.second, iso.third)
      : null;
    return date === null ? bad(DATE_EXPECTED[format]) : ok(date);
  }
  if (format === 'ISO') return bad(DATE_EXPECTED.ISO);
  const parts = scanDayMonth(s);
  // Dots are a day-first convention only (31.03.2024).
  if (parts === null || (format === 'MDY' && parts.separator === 46)) {
    return bad(DATE_EXPECTED[format]);
  }
  if (!timeTailValid(s, parts.end, TIME_AFTER_DATE)) return bad(DATE_EXPECTED[format]);
  const year = fullYear(parts);
  const date =
    format === 'MDY'
      ? checkedDate(year, parts.first, parts.second)
      : checkedDate(year, parts.second, parts.first);
  return date === null ? bad(DATE_EXPECTED[format]) : ok(date);
}

export type DateFormatInference =
  | { kind: 'format'; format: DateFormat }
  | { kind: 'ambiguous'; examples: string[] }
  | { kind: 'conflicting'; examples: string[] };

const MAX_EXAMPLES = 5;

function isIsoPrefix(s: string): boolean {
  // Four digits then '-' or '/': the year comes first, so the order is settled.
  for (let i = 0; i < 4; i++) if (!isDigit(s.charCodeAt(i))) return false;
  const sep = s.charCodeAt(4);
  return sep === 45 || sep === 47;
}

/**
 * Decides how a column's day/month dates are ordered from its values. Dotted dates (31.03.2024)
 * and a first part above 12 mean day first; a second part above 12 means month first; both in one
 * column conflict. Columns whose day/month values all have both parts ≤ 12 are ambiguous and the
 * caller must ask. ISO-shaped and unreadable values say nothing (the parse reports the latter).
 */
export function inferDateFormat(values: Iterable<string>): DateFormatInference {
  const dayFirst: string[] = [];
  const monthFirst: string[] = [];
  const ambiguous = new Set<string>();
  for (const raw of values) {
    // Most values start with a digit; trimming only the rest avoids an allocation per value.
    const s = isDigit(raw.charCodeAt(0)) ? raw : raw.trim();
    if (s === '' || isIsoPrefix(s)) continue;
    const parts = scanDayMonth(s);
    if (parts === null) continue;
    const { first: a, second: b } = parts;
    if (a === 0 || b === 0 || (a > 12 && b > 12)) continue;
    if (parts.separator === 46 || a > 12) {
      if (dayFirst.length < MAX_EXAMPLES) dayFirst.push(s.trim());
    } else if (b > 12) {
      if (monthFirst.length < MAX_EXAMPLES) monthFirst.push(s.trim());
    } else if (ambiguous.size < MAX_EXAMPLES) {
      ambiguous.add(s.trim());
    }
    if (dayFirst.length >= MAX_EXAMPLES && monthFirst.length >= MAX_EXAMPLES) break;
  }
  if (dayFirst.length > 0 && monthFirst.length > 0) {
    const examples: string[] = [];
    for (let i = 0; examples.length < MAX_EXAMPLES && i < MAX_EXAMPLES; i++) {
      const m = monthFirst[i];
      const d = dayFirst[i];
      if (m !== undefined) examples.push(m);
      if (d !== undefined && examples.length < MAX_EXAMPLES) examples.push(d);
    }
    return { kind: 'conflicting', examples };
  }
  if (dayFirst.length > 0) return { kind: 'format', format: 'DMY' };
  if (monthFirst.length > 0) return { kind: 'format', format: 'MDY' };
  if (ambiguous.size > 0) return { kind: 'ambiguous', examples: [...ambiguous] };
  return { kind: 'format', format: 'ISO' };
}

// ---------------------------------------------------------------------------------------------
// Numbers and amounts

/**
 * The decimal separator of a locale ('de-DE' → ','). Locales whose separator is neither '.' nor
 * ',' (Arabic '٫') fall back to '.', which is what their CSV exports use. Throws
 * InvalidLocaleError for a malformed tag.
 */
export function numberLocaleFor(locale: string | undefined): NumberLocale {
  if (locale === undefined) return { decimal: '.' };
  let parts: Intl.NumberFormatPart[];
  try {
    parts = new Intl.NumberFormat(locale).formatToParts(1.5);
  } catch (error) {
    if (error instanceof RangeError) throw new InvalidLocaleError(locale);
    throw error;
  }
  const decimal = parts.find((p) => p.type === 'decimal')?.value;
  const group = new Intl.NumberFormat(locale)
    .formatToParts(1_234_567)
    .find((p) => p.type === 'group')?.value;
  const spaces = group !== undefined && group.length === 1 && isSpace(group.charCodeAt(0));
  return spaces
    ? { decimal: decimal === ',' ? ',' : '.', spaces: true }
    : { decimal: decimal === ',' ? ',' : '.' };
}

/** The `expected` text of an amount. */
export function amountExpected(locale: NumberLocale): string {
  return locale.decimal === ',' ? 'an amount like 1.234,56' : 'an amount like 1,234.56';
}

function amountTooLarge(locale: NumberLocale): string {
  return locale.decimal === ','
    ? 'an amount between -900.000.000.000 and 900.000.000.000'
    : 'an amount between -900,000,000,000 and 900,000,000,000';
}

function numberExpected(locale: NumberLocale): string {
  return locale.decimal === ',' ? 'a number like 1.234,5' : 'a number like 1,234.5';
}

function integerExpected(locale: NumberLocale): string {
  return locale.decimal === ',' ? 'a whole number like 1.234' : 'a whole number like 1,234';
}

/** Thousands separators besides the opposite of the decimal mark: spaces (plain, no-break, narrow
 * no-break, as French and Swiss exports write them) and apostrophes (Swiss). */
function isSpaceGrouping(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x202f || c === 39 || c === 0x2019;
}

/** A space as a thousands separator: plain, no-break or narrow no-break. */
function isSpace(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x202f;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x202f;
}

function isSignChar(c: number): boolean {
  return c === 45 || c === 43 || c === 0x2212; // '-', '+', '−'
}

function isUpperLetter(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isLetterAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (Number.isNaN(c)) return false;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  return c >= 0xc0 && /\p{L}/u.test(s.charAt(i));
}

const CURRENCY_SYMBOLS = ['R$', 'US$', 'CHF', 'kr.', 'kr', '$', '€', '£', '¥', '₹'];

/** Length of a currency mark (symbol or ISO 4217 code) starting at `i`, else 0. */
function currencyAt(s: string, i: number, end: number): number {
  for (const symbol of CURRENCY_SYMBOLS) {
    if (i + symbol.length <= end && s.startsWith(symbol, i)) return symbol.length;
  }
  const codeEnd = i + 3;
  if (
    codeEnd <= end &&
    isUpperLetter(s.charCodeAt(i)) &&
    isUpperLetter(s.charCodeAt(i + 1)) &&
    isUpperLetter(s.charCodeAt(i + 2)) &&
    (codeEnd === end || !isLetterAt(s, codeEnd))
  ) {
    return 3;
  }
  return 0;
}

/** Length of a currency mark ending just before `end`, else 0. */
function currencyBefore(s: string, start: number, end: number): number {
  for (const symbol of CURRENCY_SYMBOLS) {
    if (end - symbol.length >= start && s.endsWith(symbol, end)) return symbol.length;
  }
  const codeStart = end - 3;
  if (
    codeStart >= start &&
    isUpperLetter(s.charCodeAt(codeStart)) &&
    isUpperLetter(s.charCodeAt(codeStart + 1)) &&
    isUpperLetter(s.charCodeAt(codeStart + 2)) &&
    (codeStart === start || !isLetterAt(s, codeStart - 1))
  ) {
    return 3;
  }
  return 0;
}

/** A number as scanned from text, before conversion. */
interface ScannedNumber {
  negative: boolean;
  /** Value of the whole part (exact up to 15 digits). */
  whole: number;
  /** Whole digits after leading zeros: more than 12 means beyond any accepted amount. */
  significantDigits: number;
  wholeStart: number;
  wholeEnd: number;
  /** Char code of the thousands separator, or -1 when ungrouped. */
  separator: number;
  fractionStart: number;
  fractionEnd: number;
}

/**
 * Scans a trimmed number in one pass: sign, accounting parentheses and currency marks around it
 * when `money` ('($1,234.50)', '-$5', '$-5', 'USD 1,200.50', '1.200,50 EUR'), then the digits.
 * Grouping must use one separator kind with a first group of 1-3 digits and later groups of
 * exactly 3, so '1,23,456' and '12,34' (with a decimal point) are refused: more likely a misread
 * than an Indian grouping or a decimal comma. Null when the text is not a number in this locale.
 */
function scanNumber(
  s: string,
  decimal: number,
  money: boolean,
  spaces: boolean,
): ScannedNumber | null {
  let i = 0;
  let end = s.length;
  let parenthesised = false;
  if (money && s.charCodeAt(0) === 40 && s.charCodeAt(end - 1) === 41) {
    parenthesised = true;
    i = 1;
    end--;
  }
  let sign = 0;
  let currency = false;
  for (;;) {
    while (i < end && isBlank(s.charCodeAt(i))) i++;
    const c = s.charCodeAt(i);
    if (sign === 0 && isSignChar(c)) {
      sign = c === 43 ? 1 : -1;
      i++;
      continue;
    }
    if (money && !currency && !isDigit(c)) {
      const length = currencyAt(s, i, end);
      if (length > 0) {
        currency = true;
        i += length;
        continue;
      }
    }
    break;
  }
  while (end > i && isBlank(s.charCodeAt(end - 1))) end--;
  if (money && !currency && !isDigit(s.charCodeAt(end - 1))) {
    end -= currencyBefore(s, i, end);
    while (end > i && isBlank(s.charCodeAt(end - 1))) end--;
  }
  if (parenthesised && sign !== 0) return null;

  const wholeStart = i;
  let whole = 0;
  let significantDigits = 0;
  let groupLength = 0;
  let groups = 0;
  let separator = -1;
  const otherMark = decimal === 46 ? 44 : 46;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      whole = whole * 10 + (c - 48);
      if (significantDigits > 0 || c !== 48) significantDigits++;
      groupLength++;
      continue;
    }
    if (c === decimal) break;
    if (groupLength === 0) return null;
    if (separator === -1) {
      if (c !== otherMark && (!isSpaceGrouping(c) || (!spaces && isSpace(c)))) return null;
      if (groupLength > 3) return null;
      separator = c;
    } else if (c !== separator || groupLength !== 3) {
      return null;
    }
    groups++;
    groupLength = 0;
  }
  if (groups > 0 && groupLength !== 3) return null;
  const wholeEnd = i;
  let fractionStart = end;
  if (i < end) {
    fractionStart = i + 1;
    if (fractionStart === end) return null;
    for (let j = fractionStart; j < end; j++) if (!isDigit(s.charCodeAt(j))) return null;
  } else if (wholeEnd === wholeStart) {
    return null;
  }
  return {
    negative: parenthesised || sign < 0,
    whole,
    significantDigits,
    wholeStart,
    wholeEnd,
    separator,
    fractionStart,
    fractionEnd: end,
  };
}

/**
 * Cents of a plain amount ('1234', '-1234.5', '0.07') without allocating, or undefined when the
 * text needs the full parser. Most amount columns hold only such values.
 */
function fastCents(s: string, decimal: number): number | undefined {
  const n = s.length;
  if (n === 0 || n > 16) return undefined;
  let i = 0;
  const negative = s.charCodeAt(0) === 45;
  if (negative) i = 1;
  let units = 0;
  const digitsStart = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) break;
    units = units * 10 + (c - 48);
  }
  const wholeDigits = i - digitsStart;
  if (wholeDigits === 0 || wholeDigits > 12) return undefined;
  let cents = 0;
  if (i < n) {
    if (s.charCodeAt(i) !== decimal) return undefined;
    const rest = n - i - 1;
    const d1 = s.charCodeAt(i + 1);
    if (rest < 1 || rest > 2 || !isDigit(d1)) return undefined;
    cents = (d1 - 48) * 10;
    if (rest === 2) {
      const d2 = s.charCodeAt(i + 2);
      if (!isDigit(d2)) return undefined;
      cents += d2 - 48;
    }
  }
  const total = units * 100 + cents;
  if (total > MAX_ABS_CENTS) return undefined;
  return negative && total !== 0 ? -total : total;
}

/** Cents of a scanned amount, rounding the third decimal and beyond half away from zero. */
function scannedToCents(s: string, n: ScannedNumber): number {
  let cents = n.whole * 100;
  const f = n.fractionStart;
  const digits = n.fractionEnd - f;
  if (digits > 0) cents += (s.charCodeAt(f) - 48) * 10;
  if (digits > 1) cents += s.charCodeAt(f + 1) - 48;
  if (digits > 2 && s.charCodeAt(f + 2) >= 53) cents += 1; // third decimal ≥ '5'
  return n.negative && cents !== 0 ? -cents : cents;
}

/** Cents of a float amount in currency units; toPrecision removes float noise (1.005 × 100). */
function floatToCents(units: number): number {
  return roundCents(Number((units * 100).toPrecision(15))) || 0;
}

/**
 * Parses an amount into integer cents. Text may carry a currency symbol or ISO code, grouping
 * and a sign, '-', or accounting parentheses; more than two decimals round half away from zero.
 * A number (an XLSX numeric cell) is an amount in currency units.
 */
export function parseMoney(raw: CellValue, locale: NumberLocale): ValueResult<Cents | null> {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return bad(amountExpected(locale));
    const cents = floatToCents(raw);
    return Math.abs(cents) > MAX_ABS_CENTS ? bad(amountTooLarge(locale)) : ok(cents);
  }
  const decimal = locale.decimal === '.' ? 46 : 44;
  const fast = fastCents(raw, decimal);
  if (fast !== undefined) return ok(fast);
  const s = raw.trim();
  if (s === '') return NULL_RESULT;
  const scanned = scanNumber(s, decimal, true, locale.spaces === true);
  if (scanned === null) {
    return bad(
      locale.spaces !== true && /\d[ \u00a0\u202f]\d/.test(s)
        ? `${amountExpected(locale)}; spaces group thousands only with a locale that writes them (e.g. --locale fr-FR, or locale: in a mapping)`
        : amountExpected(locale),
    );
  }
  if (scanned.significantDigits > 12) return bad(amountTooLarge(locale));
  const cents = scannedToCents(s, scanned);
  return Math.abs(cents) > MAX_ABS_CENTS ? bad(amountTooLarge(locale)) : ok(cents);
}

const EXPONENT = /^[+\-\u2212]?(\d*(?:[.,]\d+)?)[eE]([+-]?\d{1,3})$/;

/** A number from text in `locale`, or null when it is not one ('' included). */
function textToNumber(s: string, locale: NumberLocale): number | null {
  const decimal = locale.decimal === '.' ? 46 : 44;
  const scanned = scanNumber(s, decimal, false, locale.spaces === true);
  if (scanned !== null) {
    let whole = s.slice(scanned.wholeStart, scanned.wholeEnd);
    if (scanned.separator !== -1)
      whole = whole.replaceAll(String.fromCharCode(scanned.separator), '');
    const fraction = s.slice(scanned.fractionStart, scanned.fractionEnd);
    const value = Number(`${whole === '' ? '0' : whole}.${fraction === '' ? '0' : fraction}`);
    return scanned.negative && value !== 0 ? -value : value;
  }
  // Scientific notation as some tools write large or tiny values ('1.5E-3'), ungrouped only.
  const m = EXPONENT.exec(s);
  const mantissa = m?.[1];
  if (m === null || mantissa === undefined || mantissa === '') return null;
  if (mantissa.includes(locale.decimal === '.' ? ',' : '.')) return null;
  const value = Number(`${mantissa.replace(',', '.')}e${m[2] ?? '0'}`);
  if (!Number.isFinite(value)) return null;
  return isSignChar(s.charCodeAt(0)) && s.charCodeAt(0) !== 43 ? -value || 0 : value;
}

/** Parses a plain number (a rate, a share, a head count) with the locale's decimal mark. */
export function parseNumberValue(raw: CellValue, locale: NumberLocale): ValueResult<number | null> {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? ok(raw || 0) : bad(numberExpected(locale));
  }
  const s = raw.trim();
  if (s === '') return NULL_RESULT;
  const value = textToNumber(s, locale);
  return value === null ? bad(numberExpected(locale)) : ok(value);
}

/** Parses a whole number ('1,200', '12.0'); fractions are errors. */
export function parseIntegerValue(
  raw: CellValue,
  locale: NumberLocale,
): ValueResult<number | null> {
  const parsed = parseNumberValue(raw, locale);
  if (!parsed.ok) return bad(integerExpected(locale));
  if (parsed.value === null) return parsed;
  return Number.isSafeInteger(parsed.value) ? parsed : bad(integerExpected(locale));
}

const PROBABILITY_EXPECTED = 'a probability between 0 and 1 (or 0% and 100%)';

/**
 * Parses a probability into a fraction in [0, 1]. '40%' is always 0.4; a bare number is read by
 * `scale`: 'percent' (40 → 0.4), 'fraction' (0.4 → 0.4) or 'auto' (above 1 means a percentage).
 */
export function parseProbabilityValue(
  raw: CellValue,
  locale: NumberLocale,
  scale: 'fraction' | 'percent' | 'auto',
): ValueResult<number | null> {
  let value: number;
  let percent = scale === 'percent';
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return bad(PROBABILITY_EXPECTED);
    value = raw;
  } else {
    let s = raw.trim();
    if (s === '') return NULL_RESULT;
    if (s.endsWith('%')) {
      percent = true;
      s = s.slice(0, -1).trimEnd();
    }
    const parsed = textToNumber(s, locale);
    if (parsed === null) return bad(PROBABILITY_EXPECTED);
    value = parsed;
  }
  if (scale === 'auto' && value > 1) percent = true;
  const fraction = percent ? value / 100 : value;
  return fraction >= 0 && fraction <= 1 ? ok(fraction || 0) : bad(PROBABILITY_EXPECTED);
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 'x', 'won']);
const FALSE_WORDS = new Set(['', '0', 'false', 'no', 'n']);
const BOOLEAN_EXPECTED = '1/0, true/false or yes/no';

/** Parses a flag: 1/true/yes/y/x/won are true; empty, 0, false, no, n are false. */
export function parseBooleanValue(raw: CellValue): ValueResult<boolean> {
  if (typeof raw === 'number') {
    if (raw === 1) return ok(true);
    return raw === 0 ? ok(false) : bad(BOOLEAN_EXPECTED);
  }
  const s = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return ok(true);
  return FALSE_WORDS.has(s) ? ok(false) : bad(BOOLEAN_EXPECTED);
}
