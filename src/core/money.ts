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
 * Cents for display: '$1,234,567' (whole units) or with decimals when `decimals` is 2. Uses
 * Intl so the currency symbol and grouping follow the locale.
 */
export function formatMoney(
  cents: Cents,
  currency: string,
  options: { locale?: string; decimals?: 0 | 2 } = {},
): string {
  const decimals = options.decimals ?? 0;
  return new Intl.NumberFormat(options.locale ?? 'en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(cents / 100);
}
