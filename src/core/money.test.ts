import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToDecimal, formatMoney, formatNumber } from './money.ts';

describe('formatMoney and formatNumber', () => {
  const cases = [
    ['en-US', 'USD'],
    ['de-DE', 'EUR'],
    ['fr-FR', 'EUR'],
    ['en-IN', 'INR'], // groups of two: falls back to Intl
    ['ja-JP', 'JPY'],
    ['en-US', 'CHF'],
    ['ar-EG', 'EGP'], // Arabic-Indic digits: falls back to Intl
  ] as const;

  it.each(cases)('writes what Intl writes in %s for %s', (locale, currency) => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e13, max: 1e13 }),
        fc.constantFrom<0 | 2>(0, 2),
        (cents, decimals) => {
          if (Math.abs(cents / 100) * 10 ** decimals < 0.5) {
            // Intl writes '-$0' for a tiny negative amount; we never write a negative zero.
            expect(formatMoney(cents, currency, { locale, decimals })).not.toMatch(/^-|\u200f?-/);
            return;
          }
          const intl = new Intl.NumberFormat(locale, {
            style: 'currency',
            currency,
            minimumFractionDigits: decimals,
            maximumFractionDigits: decimals,
          }).format(cents / 100);
          expect(formatMoney(cents, currency, { locale, decimals })).toBe(intl);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('formats plain numbers like Intl, but never writes "-0"', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.constantFrom(0, 1, 2),
        (value, decimals) => {
          if (Math.abs(value) * 10 ** decimals < 0.5) {
            expect(formatNumber(value, decimals)).toBe('0');
            return;
          }
          const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals });
          expect(formatNumber(value, decimals)).toBe(intl.format(value));
        },
      ),
      { numRuns: 1000 },
    );
    expect(formatMoney(-1234567, 'USD')).toBe('-$12,346');
    expect(formatMoney(123456789, 'EUR', { locale: 'de-DE', decimals: 2 })).toBe(
      '1.234.567,89\u00a0€',
    );
  });

  it('writes cents as units with two decimals for files', () => {
    expect(centsToDecimal(-123450)).toBe('-1234.50');
    expect(centsToDecimal(7)).toBe('0.07');
  });
});
