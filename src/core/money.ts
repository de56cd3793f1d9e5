// Money is integer cents at rest and at every boundary; these helpers convert at the edges.

import type { Cents } from './model.ts';

/** Cents as currency units with two decimals, '-1234.50'; no grouping, for CSV and JSON. */
export function centsToDecimal(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const units = Math.floor(abs / 100);
  const rest = abs % 100;
  return `${sign}${units}.${String(rest).padStart(2, '0')}`;
}

/** Cents as a number of currency units (for charts and ratios, never for storage). */
export function centsToUnits(cents: Cents): number {
  return cents / 100;
}

/** Rounds a floating amount of cents to an integer, half away from zero. */
export function roundCents(value: number): Cents {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}

/**
 * A formatter reduced to its pattern: sign-dependent prefix and suffix around the digits, the
 * grouping and decimal separators. Intl is consulted once per locale and currency; the digits
 * are then placed by hand, because explanations and checks format hundreds of thousands of
 * amounts and a call to Intl costs microseconds. Locales whose pattern is not plain groups of
 * three ASCII digits keep using Intl.
 */
interface Pattern {
  format: Intl.NumberFormat;
  decimals: number;
  simple: boolean;
  positive: [string, string];
  negative: [string, string];
  group: string;
  decimal: string;
}

const NUMBER_PARTS = new Set(['integer', 'group', 'decimal', 'fraction']);

function patternOf(format: Intl.NumberFormat, decimals: number): Pattern {
  const affixes = (value: number): { affix: [string, string]; ints: string[] } => {
    const parts = format.formatToParts(value);
    const first = parts.findIndex((p) => p.type === 'integer');
    let last = -1;
    parts.forEach((p, i) => {
      if (NUMBER_PARTS.has(p.type)) last = i;
    });
    const text = (from: number, to: number): string =>
      parts
        .slice(from, to)
        .map((p) => p.value)
        .join('');
    return {
      affix: [text(0, first), text(last + 1, parts.length)],
      ints: parts.filter((p) => p.type === 'integer').map((p) => p.value),
    };
  };
  const pos = affixes(1234567);
  const neg = affixes(-1234567);
  const parts = format.formatToParts(decimals > 0 ? 1234567.5 : 1234567);
  return {
    format,
    decimals,
    simple: pos.ints.join('|') === '1|234|567' && neg.ints.join('|') === '1|234|567',
    positive: pos.affix,
    negative: neg.affix,
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
}

function applyPattern(pattern: Pattern, amount: number): string {
  // An amount that rounds to zero is zero: never '-$0'.
  const value = Math.abs(amount) * 10 ** pattern.decimals < 0.5 ? 0 : amount;
  if (!pattern.simple || !Number.isFinite(value) || Math.abs(value) >= 1e15) {
    return pattern.format.format(value);
  }
  const fixed = Math.abs(value).toFixed(pattern.decimals);
  const dot = fixed.indexOf('.');
  const whole = dot < 0 ? fixed : fixed.slice(0, dot);
  let grouped = '';
  for (let end = whole.length; end > 0; end -= 3) {
    const chunk = whole.slice(Math.max(0, end - 3), end);
    grouped = grouped === '' ? chunk : chunk + pattern.group + grouped;
  }
  const digits = dot < 0 ? grouped : grouped + pattern.decimal + fixed.slice(dot + 1);
  const [prefix, suffix] = value < 0 && /[1-9]/.test(fixed) ? pattern.negative : pattern.positive;
  return prefix + digits + suffix;
}

/** Patterns by kind ('money' or 'number'), locale, currency and decimals: nested so a lookup builds no string. */
const PATTERNS = new Map<string, Map<string, Map<string, Pattern[]>>>();

function cachedPattern(
  kind: string,
  locale: string,
  currency: string,
  decimals: number,
  make: () => Intl.NumberFormat,
): Pattern {
  let byLocale = PATTERNS.get(kind);
  if (byLocale === undefined)
    PATTERNS.set(kind, (byLocale = new Map<string, Map<string, Pattern[]>>()));
  let byCurrency = byLocale.get(locale);
  if (byCurrency === undefined) byLocale.set(locale, (byCurrency = new Map<string, Pattern[]>()));
  let byDecimals = byCurrency.get(currency);
  if (byDecimals === undefined) byCurrency.set(currency, (byDecimals = []));
  let pattern = byDecimals[decimals];
  if (pattern === undefined) {
    pattern = patternOf(make(), decimals);
    byDecimals[decimals] = pattern;
  }
  return pattern;
}

/**
 * Cents for display: '$1,234,567' (whole units) or with decimals when `decimals` is 2. The
 * currency symbol, its place and the separators follow the locale (through Intl).
 */
export function formatMoney(
  cents: Cents,
  currency: string,
  options: { locale?: string; decimals?: 0 | 2 } = {},
): string {
  const decimals = options.decimals ?? 0;
  const locale = options.locale ?? 'en-US';
  const pattern = cachedPattern(
    'money',
    locale,
    currency,
    decimals,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      }),
  );
  return applyPattern(pattern, cents / 100);
}

/** A number with grouping and `decimals` decimals (trailing zeros dropped): '1,234,567.5'. */
export function formatNumber(value: number, decimals = 0, locale = 'en-US'): string {
  const pattern = cachedPattern(
    'number',
    locale,
    '',
    decimals,
    () => new Intl.NumberFormat(locale, { maximumFractionDigits: decimals }),
  );
  if (decimals === 0) return applyPattern(pattern, value);
  // Intl drops trailing zeros of the fraction with maximumFractionDigits; so does this.
  const text = applyPattern(pattern, value);
  if (!pattern.simple) return text;
  const sep = pattern.decimal;
  const at = text.lastIndexOf(sep);
  if (at < 0) return text;
  let end = text.length;
  while (end > at + 1 && text[end - 1] === '0') end--;
  return end === at + 1 ? text.slice(0, at) : text.slice(0, end);
}

/**
 * An amount of a workspace's measure for people to read: money ('$1,234,567') under the amount
 * basis, won deals ('12.5 deals', from hundredths of a deal) under the count basis.
 */
export function formatAmount(value: number, basis: 'amount' | 'count', currency: string): string {
  return basis === 'count'
    ? `${formatNumber(value / 100, 2)} deals`
    : formatMoney(Math.round(value), currency);
}
