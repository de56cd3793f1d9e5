// Numbers for people: money in the plan currency (or won deals under the count basis) and
// percentages in the reader's locale, through Intl and the core's money helpers; plan months
// and periods named in words.

import { formatMoney, formatNumber } from '../core/money.ts';

export interface Formatter {
  locale: string;
  /**
   * Cents as whole currency units ('$1,234,567'), or deals ('12.5 deals') on the count basis;
   * a negative amount with the minus sign '−' (U+2212), as everywhere in the app ('−$10,000').
   */
  money(cents: number): string;
  /** A fraction as a percentage ('87%', '−5%'); '–' when there is none. */
  pct(fraction: number | null): string;
  /** 'Jul 2017' from '2017-07': the name of a plan month, beside quarters named 'Q1'. */
  month(label: string): string;
  /**
   * '1 Nov 2017' from '2017-11-01' (or from a timestamp '2017-11-01T…'): the one date format of
   * the app, day, month name and year, whatever the locale's order of numeric dates.
   */
  date(iso: string): string;
}

/** The minus sign of the app: '−' (U+2212), not the hyphen-minus Intl writes. */
export function withMinusSign(text: string): string {
  return text.replace(/^-/, '−').replace(/^([^\d−-]*)-/, '$1−');
}

export function userLocale(): string {
  return typeof navigator === 'undefined' ? 'en-US' : navigator.language || 'en-US';
}

export function makeFormatter(
  currency: string,
  basis: 'amount' | 'count',
  locale: string = userLocale(),
): Formatter {
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const monthFormat = new Intl.DateTimeFormat(locale, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const dateFormat = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  // Day, month, year in that order for every locale (the locale's own month names).
  const dayMonthYear = (date: Date): string => {
    const parts = dateFormat.formatToParts(date);
    const part = (type: Intl.DateTimeFormatPartTypes): string =>
      parts.find((p) => p.type === type)?.value ?? '';
    return `${part('day')} ${part('month').replace(/\.$/, '')} ${part('year')}`;
  };
  return {
    locale,
    money: (cents) =>
      withMinusSign(
        basis === 'count'
          ? `${formatNumber(cents / 100, 1, locale)} deals`
          : formatMoney(Math.round(cents), currency, { locale }),
      ),
    pct: (fraction) => (fraction === null ? '–' : withMinusSign(percent.format(fraction))),
    month: (label) => monthFormat.format(new Date(`${label.slice(0, 7)}-01T00:00:00Z`)),
    date: (iso) => dayMonthYear(new Date(`${iso.slice(0, 10)}T00:00:00Z`)),
  };
}

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface PeriodOption {
  kind: PeriodKind;
  index: number;
  label: string;
}

/** 'YYYY-MM' of plan month m (0-based) of a plan starting on `planStart`. */
export function planMonthLabel(planStart: string, m: number): string {
  const year = Number(planStart.slice(0, 4));
  const month = Number(planStart.slice(5, 7)) - 1 + m;
  const y = year + Math.floor(month / 12);
  const mm = (((month % 12) + 12) % 12) + 1;
  return `${y}-${String(mm).padStart(2, '0')}`;
}

/**
 * A tracking period's name for a heading: 'The whole plan', 'Q2', or a month as 'Dec 2017' (the
 * API's label is '2017-12'), so months read like the quarters beside them.
 */
export function periodName(label: string, format: Formatter): string {
  if (label === 'Year') return 'The whole plan';
  return /^\d{4}-\d{2}$/.test(label) ? format.month(label) : label;
}

/**
 * The period of `kind` that holds `asOf` (an ISO date) in a plan of `months` months starting on
 * `planStart`: what switching the period kind shows first. Before the plan: the first period;
 * after it: the last; without an as-of date: the first.
 */
export function currentPeriodIndex(
  planStart: string,
  months: number,
  kind: PeriodKind,
  asOf: string | undefined,
): number {
  if (kind === 'year' || asOf === undefined) return 0;
  const month =
    (Number(asOf.slice(0, 4)) - Number(planStart.slice(0, 4))) * 12 +
    (Number(asOf.slice(5, 7)) - Number(planStart.slice(5, 7)));
  const m = Math.min(Math.max(month, 0), months - 1);
  return kind === 'month' ? m : Math.floor(m / 3);
}

/** The periods a plan offers, named for people: every month, every quarter, the year. */
export function periodOptions(
  planStart: string,
  months: number,
  format: Formatter,
  kind: PeriodKind,
): PeriodOption[] {
  if (kind === 'year') {
    const first = format.month(planMonthLabel(planStart, 0));
    const last = format.month(planMonthLabel(planStart, months - 1));
    return [{ kind, index: 0, label: `Whole plan (${first} – ${last})` }];
  }
  if (kind === 'month') {
    return Array.from({ length: months }, (_, m) => ({
      kind,
      index: m,
      label: format.month(planMonthLabel(planStart, m)),
    }));
  }
  return Array.from({ length: Math.ceil(months / 3) }, (_, q) => {
    const first = format.month(planMonthLabel(planStart, q * 3));
    const last = format.month(planMonthLabel(planStart, Math.min(months, q * 3 + 3) - 1));
    return { kind, index: q, label: `Q${q + 1} (${first} – ${last})` };
  });
}
