// Numbers for people: money in the plan currency (or won deals under the count basis) and
// percentages in the reader's locale, through Intl and the core's money helpers; plan months
// and periods named in words.

import { formatMoney, formatNumber } from '../core/money.ts';

export interface Formatter {
  locale: string;
  /** Cents as whole currency units ('$1,234,567'), or deals ('12.5 deals') on the count basis. */
  money(cents: number): string;
  /** A fraction as a percentage ('87%'); '–' when there is none. */
  pct(fraction: number | null): string;
  /** 'Jul 2017' from '2017-07'. */
  month(label: string): string;
  /** '1 Nov 2017' from '2017-11-01'. */
  date(iso: string): string;
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
  return {
    locale,
    money: (cents) =>
      basis === 'count'
        ? `${formatNumber(cents / 100, 1, locale)} deals`
        : formatMoney(Math.round(cents), currency, { locale }),
    pct: (fraction) => (fraction === null ? '–' : percent.format(fraction)),
    month: (label) => monthFormat.format(new Date(`${label}-01T00:00:00Z`)),
    date: (iso) => dateFormat.format(new Date(`${iso}T00:00:00Z`)),
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
