// Cell value parsers: what CRM exports write for dates, amounts, probabilities and flags, and the
// canonical values (ISO dates, integer cents, fractions) the importer must get from them.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  InvalidLocaleError,
  inferDateFormat,
  numberLocaleFor,
  parseBooleanValue,
  parseDateValue,
  parseIntegerValue,
  parseMoney,
  parseNumberValue,
  parseProbabilityValue,
} from './values.ts';
import type { DateFormat, NumberLocale } from './values.ts';

const DOT: NumberLocale = { decimal: '.' };
const COMMA: NumberLocale = { decimal: ',' };
/** Locales that write spaces between thousands (fr-FR, sv-SE; en-ZA for a decimal point). */
const DOT_SPACES: NumberLocale = { decimal: '.', spaces: true };
const COMMA_SPACES: NumberLocale = { decimal: ',', spaces: true };

function dateOf(raw: string | number, format: DateFormat): string | null | undefined {
  const r = parseDateValue(raw, format);
  return r.ok ? r.value : undefined;
}

function centsOf(raw: string | number, locale: NumberLocale = DOT): number | null | undefined {
  const r = parseMoney(raw, locale);
  return r.ok ? r.value : undefined;
}

describe('parseDateValue', () => {
  it('reads ISO dates and datetimes as the calendar date written, in every format mode', () => {
    for (const format of ['ISO', 'MDY', 'DMY'] as const) {
      expect(dateOf('2024-03-31', format)).toBe('2024-03-31');
      expect(dateOf('2024/03/31', format)).toBe('2024-03-31');
      expect(dateOf('2024-01-22T16:14:25.000+0000', format)).toBe('2024-01-22');
      expect(dateOf('2024-01-22T23:59:59Z', format)).toBe('2024-01-22');
      // No shifting to UTC: 01:00 at +02:00 is still the 1st in the CRM's eyes.
      expect(dateOf('2024-03-01T01:00:00+02:00', format)).toBe('2024-03-01');
      expect(dateOf('2024-03-01T23:30:00-08:00', format)).toBe('2024-03-01');
      expect(dateOf('2018-03-06 12:00:00', format)).toBe('2018-03-06');
      expect(dateOf('2024-08-27 14:03', format)).toBe('2024-08-27');
      expect(dateOf('  2024-08-27  ', format)).toBe('2024-08-27');
    }
  });

  it('treats empty and whitespace-only cells as no date', () => {
    expect(parseDateValue('', 'ISO')).toEqual({ ok: true, value: null });
    expect(parseDateValue('   ', 'MDY')).toEqual({ ok: true, value: null });
  });

  it('rejects impossible calendar dates', () => {
    expect(dateOf('2024-02-30', 'ISO')).toBeUndefined();
    expect(dateOf('2023-02-29', 'ISO')).toBeUndefined();
    expect(dateOf('2024-02-29', 'ISO')).toBe('2024-02-29');
    expect(dateOf('2024-13-01', 'ISO')).toBeUndefined();
    expect(dateOf('2/30/2024', 'MDY')).toBeUndefined();
    expect(dateOf('31/4/2024', 'DMY')).toBeUndefined();
    expect(dateOf('29.02.2023', 'DMY')).toBeUndefined();
    expect(dateOf('2024-03-31T25:00:00', 'ISO')).toBeUndefined();
  });

  it('reads month-first dates with 4- and 2-digit years and an optional time', () => {
    expect(dateOf('3/31/2024', 'MDY')).toBe('2024-03-31');
    expect(dateOf('03/04/2024', 'MDY')).toBe('2024-03-04');
    expect(dateOf('3/4/24', 'MDY')).toBe('2024-03-04');
    expect(dateOf('3/4/69', 'MDY')).toBe('2069-03-04');
    expect(dateOf('3/4/70', 'MDY')).toBe('1970-03-04');
    expect(dateOf('12/31/99', 'MDY')).toBe('1999-12-31');
    expect(dateOf('3/4/2024 14:05', 'MDY')).toBe('2024-03-04');
    expect(dateOf('3/4/2024 2:05 PM', 'MDY')).toBe('2024-03-04');
    expect(dateOf('3/4/2024 10:03:59 am', 'MDY')).toBe('2024-03-04');
    expect(dateOf('3/4/2024 13:05 PM', 'MDY')).toBeUndefined();
    expect(dateOf('31/3/2024', 'MDY')).toBeUndefined();
  });

  it('reads day-first dates with slashes, dots and dashes', () => {
    expect(dateOf('31/3/2024', 'DMY')).toBe('2024-03-31');
    expect(dateOf('31.03.2024', 'DMY')).toBe('2024-03-31');
    expect(dateOf('31-03-2024', 'DMY')).toBe('2024-03-31');
    expect(dateOf('4.3.24', 'DMY')).toBe('2024-03-04');
    expect(dateOf('1/2/85', 'DMY')).toBe('1985-02-01');
    expect(dateOf('31.03.2024 08:15', 'DMY')).toBe('2024-03-31');
    expect(dateOf('3/31/2024', 'DMY')).toBeUndefined();
  });

  it('accepts only ISO-shaped dates in ISO mode', () => {
    expect(dateOf('3/4/2024', 'ISO')).toBeUndefined();
    expect(dateOf('31.03.2024', 'ISO')).toBeUndefined();
  });

  it('names the expected format when a value is not a date', () => {
    expect(parseDateValue('next week', 'ISO')).toEqual({
      ok: false,
      expected: 'a date like 2024-03-31 (YYYY-MM-DD)',
    });
    expect(parseDateValue('13/45/2024', 'MDY')).toEqual({
      ok: false,
      expected: 'a date like 3/31/2024 (M/D/YYYY)',
    });
    const dmy = parseDateValue('2024', 'DMY');
    expect(dmy.ok ? '' : dmy.expected).toContain('D/M/YYYY');
  });

  it('does not take an Excel serial number for a date', () => {
    expect(parseDateValue(45382, 'ISO').ok).toBe(false);
    expect(parseDateValue(45382, 'MDY').ok).toBe(false);
  });

  it('any valid date round-trips through its month-first and day-first renderings', () => {
    const dates = fc
      .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z') })
      .filter((d) => !Number.isNaN(d.getTime()))
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dates, fc.boolean(), (iso, pad) => {
        const [y, m, d] = iso.split('-');
        const month = pad ? (m ?? '') : String(Number(m));
        const day = pad ? (d ?? '') : String(Number(d));
        return (
          dateOf(`${month}/${day}/${y}`, 'MDY') === iso &&
          dateOf(`${day}/${month}/${y}`, 'DMY') === iso &&
          dateOf(`${day}.${month}.${y}`, 'DMY') === iso &&
          dateOf(iso, 'ISO') === iso
        );
      }),
    );
  });

  it('two-digit years between 1970 and 2069 round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 36_523 }), (offset) => {
        const iso = new Date(offset * 86_400_000).toISOString().slice(0, 10);
        const [y, m, d] = iso.split('-');
        return dateOf(`${m}/${d}/${(y ?? '').slice(2)}`, 'MDY') === iso;
      }),
    );
  });
});

describe('inferDateFormat', () => {
  it('says ISO for ISO-shaped, empty and unreadable values', () => {
    expect(inferDateFormat(['2024-01-02', '', 'n/a', '2024-01-22T16:14:25.000+0000'])).toEqual({
      kind: 'format',
      format: 'ISO',
    });
    expect(inferDateFormat([])).toEqual({ kind: 'format', format: 'ISO' });
  });

  it('finds month-first when a second part is above 12', () => {
    expect(inferDateFormat(['1/2/2024', '3/4/2024', '3/31/2024'])).toEqual({
      kind: 'format',
      format: 'MDY',
    });
  });

  it('finds day-first when a first part is above 12, or from dotted dates', () => {
    expect(inferDateFormat(['1/2/2024', '31/3/2024'])).toEqual({ kind: 'format', format: 'DMY' });
    expect(inferDateFormat(['01.02.2024', '03.04.2024'])).toEqual({
      kind: 'format',
      format: 'DMY',
    });
    expect(inferDateFormat(['1-2-24', '25-12-24'])).toEqual({ kind: 'format', format: 'DMY' });
  });

  it('calls a column ambiguous when every day/month value has both parts at most 12', () => {
    const values = ['1/2/2024', '1/2/2024', ' 3/4/2024 ', '5/6/2024', '7/8/2024', '9/10/2024'];
    const result = inferDateFormat([...values, '11/12/2024', '2024-05-01']);
    expect(result.kind).toBe('ambiguous');
    if (result.kind !== 'ambiguous') return;
    expect(result.examples).toHaveLength(5);
    expect(new Set(result.examples).size).toBe(5);
    expect(result.examples).toContain('1/2/2024');
  });

  it('reports conflicting columns with examples of both orders', () => {
    const result = inferDateFormat(['3/31/2024', '31/3/2024', '1/1/2024']);
    expect(result).toEqual({ kind: 'conflicting', examples: ['3/31/2024', '31/3/2024'] });
  });

  it('decides on a million values from the few that disambiguate', () => {
    const values: string[] = [];
    for (let i = 0; i < 1_000_000; i++) values.push(`${(i % 12) + 1}/${(i % 28) + 1}/2023`);
    expect(inferDateFormat(values)).toEqual({ kind: 'format', format: 'MDY' });
  });
});

describe('numberLocaleFor', () => {
  it('finds the decimal mark of a locale', () => {
    expect(numberLocaleFor(undefined)).toEqual({ decimal: '.' });
    expect(numberLocaleFor('en-US')).toEqual({ decimal: '.' });
    expect(numberLocaleFor('de-DE')).toEqual({ decimal: ',' });
    expect(numberLocaleFor('fr-FR')).toEqual({ decimal: ',', spaces: true });
    expect(numberLocaleFor('de-CH')).toEqual({ decimal: '.' });
  });

  it('throws InvalidLocaleError for a malformed tag', () => {
    expect(() => numberLocaleFor('de_DE!')).toThrow(InvalidLocaleError);
  });
});

describe('parseMoney', () => {
  it('reads plain integers and decimals into cents', () => {
    expect(centsOf('1054')).toBe(105_400);
    expect(centsOf('0.0')).toBe(0);
    expect(centsOf('1234.5')).toBe(123_450);
    expect(centsOf('1124741.15')).toBe(112_474_115);
    expect(centsOf('-0.07')).toBe(-7);
    expect(centsOf('-0')).toBe(0);
    expect(centsOf('.5')).toBe(50);
    expect(centsOf(' 12 ')).toBe(1200);
  });

  it('treats empty cells as no amount', () => {
    expect(parseMoney('', DOT)).toEqual({ ok: true, value: null });
    expect(parseMoney('  ', COMMA)).toEqual({ ok: true, value: null });
  });

  it('accepts currency symbols and ISO codes before or after the amount', () => {
    expect(centsOf('$1,200.50')).toBe(120_050);
    expect(centsOf('USD 1,200.50')).toBe(120_050);
    expect(centsOf('1,200.50 USD')).toBe(120_050);
    expect(centsOf('£99')).toBe(9900);
    expect(centsOf('¥1,000')).toBe(100_000);
    expect(centsOf('₹ 2,500')).toBe(250_000);
    expect(centsOf("CHF 1'234.50")).toBe(123_450);
    expect(centsOf('1.200,50 EUR', COMMA)).toBe(120_050);
    expect(centsOf('1.200,50 €', COMMA)).toBe(120_050);
    expect(centsOf('R$ 1.234,56', COMMA)).toBe(123_456);
    expect(centsOf('kr 1 234,56', COMMA_SPACES)).toBe(123_456);
    expect(centsOf('1\u202f234,56 kr.', COMMA_SPACES)).toBe(123_456);
  });

  it('reads negatives written with a sign or accounting parentheses', () => {
    expect(centsOf('-1,234.50')).toBe(-123_450);
    expect(centsOf('(1,234.50)')).toBe(-123_450);
    expect(centsOf('($1,234.50)')).toBe(-123_450);
    expect(centsOf('-$1,234.50')).toBe(-123_450);
    expect(centsOf('$-1,234.50')).toBe(-123_450);
    expect(centsOf('(-5)')).toBeUndefined();
  });

  it('accepts every thousands separator of each convention', () => {
    for (const sep of [',', ' ', '\u00a0', '\u202f', "'"]) {
      expect(centsOf(`1${sep}234${sep}567.89`, DOT_SPACES)).toBe(123_456_789);
    }
    for (const sep of ['.', ' ', '\u00a0', '\u202f', "'"]) {
      expect(centsOf(`1${sep}234${sep}567,89`, COMMA_SPACES)).toBe(123_456_789);
    }
  });

  it('reads spaces between thousands only in a locale that writes them (issue 13)', () => {
    for (const sep of [' ', '\u00a0', '\u202f']) {
      expect(centsOf(`1${sep}000${sep}000`)).toBeUndefined();
      expect(centsOf(`1${sep}000${sep}000`, COMMA)).toBeUndefined();
    }
    const refused = parseMoney('1 000 000', DOT);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.expected).toContain('--locale fr-FR');
    expect(centsOf('1 000 000', numberLocaleFor('fr-FR'))).toBe(100_000_000);
    expect(centsOf('1,000,000', numberLocaleFor('en-US'))).toBe(100_000_000);
    expect(centsOf('1 000 000', numberLocaleFor('en-US'))).toBeUndefined();
    expect(centsOf("1'000'000")).toBe(100_000_000);
  });

  it('refuses groups that are not three digits, except a decimal comma', () => {
    expect(centsOf('1,23,456')).toBeUndefined();
    expect(centsOf('12,34')).toBeUndefined();
    expect(centsOf('1,234,5')).toBeUndefined();
    expect(centsOf('1,234 567')).toBeUndefined();
    expect(centsOf('12,34', COMMA)).toBe(1234);
    expect(centsOf('1.234', COMMA)).toBe(123_400);
    expect(centsOf('1.5', COMMA)).toBeUndefined();
  });

  it('rounds more than two decimals half away from zero', () => {
    expect(centsOf('1.005')).toBe(101);
    expect(centsOf('1.0049')).toBe(100);
    expect(centsOf('-1.005')).toBe(-101);
    expect(centsOf('0,125', COMMA)).toBe(13);
  });

  it('refuses text with the amount format of the locale', () => {
    for (const text of ['abc', '12 apples', '1.2.3', 'N/A', '--', '$', 'USD', '1.', '1e5']) {
      expect(parseMoney(text, DOT)).toEqual({ ok: false, expected: 'an amount like 1,234.56' });
    }
    expect(parseMoney('abc', COMMA)).toEqual({ ok: false, expected: 'an amount like 1.234,56' });
  });

  it('takes XLSX numbers as currency units, without float noise', () => {
    expect(centsOf(1.005)).toBe(101);
    expect(centsOf(-1.005)).toBe(-101);
    expect(centsOf(0.07)).toBe(7);
    expect(centsOf(1234.5)).toBe(123_450);
    expect(centsOf(-0)).toBe(0);
    expect(centsOf(Number.NaN)).toBeUndefined();
    expect(centsOf(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('refuses amounts beyond 900 billion', () => {
    expect(centsOf('900000000000')).toBe(9e13);
    expect(centsOf('900000000000.01')).toBeUndefined();
    expect(centsOf('-1,000,000,000,000')).toBeUndefined();
    expect(centsOf('99999999999999999999')).toBeUndefined();
    expect(centsOf(1e12)).toBeUndefined();
    const r = parseMoney('1e30', DOT);
    expect(r.ok).toBe(false);
  });

  it('any cent amount formatted with grouping parses back, in both conventions', () => {
    const group = (digits: string, sep: string): string =>
      digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    fc.assert(
      fc.property(
        fc.integer({ min: -9e13, max: 9e13 }),
        fc.constantFrom(',', ' ', '\u00a0', '\u202f', "'"),
        fc.constantFrom('.', ' ', '\u00a0', '\u202f', "'"),
        fc.constantFrom('', '$', 'USD ', '€'),
        (cents, dotSep, commaSep, symbol) => {
          const abs = Math.abs(cents);
          const units = String(Math.floor(abs / 100));
          const rest = String(abs % 100).padStart(2, '0');
          const sign = cents < 0 ? '-' : '';
          const english = `${sign}${symbol}${group(units, dotSep)}.${rest}`;
          const german = `${sign}${group(units, commaSep)},${rest}${symbol === '' ? '' : ' EUR'}`;
          const accounting = cents < 0 ? `(${group(units, dotSep)}.${rest})` : english;
          return (
            centsOf(english, DOT_SPACES) === cents &&
            centsOf(german, COMMA_SPACES) === cents &&
            centsOf(accounting, DOT_SPACES) === cents &&
            centsOf(cents / 100, DOT) === cents
          );
        },
      ),
    );
  });

  it('sums a column of plain amounts to the cent', () => {
    let total = 0;
    for (let i = 0; i < 1000; i++) {
      const r = parseMoney(`${i}.${String(i % 100).padStart(2, '0')}`, DOT);
      if (r.ok && r.value !== null) total += r.value;
    }
    // Σ i·100 + Σ (i mod 100) for i < 1000
    expect(total).toBe(49_950_000 + 10 * 4950);
  });
});

describe('parseNumberValue and parseIntegerValue', () => {
  it('reads numbers with the locale decimal mark and grouping', () => {
    expect(parseNumberValue('1,234.5', DOT)).toEqual({ ok: true, value: 1234.5 });
    expect(parseNumberValue('1.234,5', COMMA)).toEqual({ ok: true, value: 1234.5 });
    expect(parseNumberValue('-0.0842', DOT)).toEqual({ ok: true, value: -0.0842 });
    expect(parseNumberValue('1.5E-3', DOT)).toEqual({ ok: true, value: 0.0015 });
    expect(parseNumberValue(2.5, DOT)).toEqual({ ok: true, value: 2.5 });
    expect(parseNumberValue(' ', DOT)).toEqual({ ok: true, value: null });
    expect(parseNumberValue('$5', DOT)).toEqual({ ok: false, expected: 'a number like 1,234.5' });
    expect(parseNumberValue('12,34', DOT).ok).toBe(false);
  });

  it('requires whole numbers for integers', () => {
    expect(parseIntegerValue('1,200', DOT)).toEqual({ ok: true, value: 1200 });
    expect(parseIntegerValue('12.0', DOT)).toEqual({ ok: true, value: 12 });
    expect(parseIntegerValue(2822, DOT)).toEqual({ ok: true, value: 2822 });
    expect(parseIntegerValue('', DOT)).toEqual({ ok: true, value: null });
    expect(parseIntegerValue('12.5', DOT)).toEqual({
      ok: false,
      expected: 'a whole number like 1,234',
    });
    expect(parseIntegerValue(2.5, COMMA)).toEqual({
      ok: false,
      expected: 'a whole number like 1.234',
    });
  });
});

describe('parseProbabilityValue', () => {
  const probability = (raw: string | number, scale: 'fraction' | 'percent' | 'auto') => {
    const r = parseProbabilityValue(raw, DOT, scale);
    return r.ok ? r.value : undefined;
  };

  it('always reads a percent sign as a percentage', () => {
    for (const scale of ['fraction', 'percent', 'auto'] as const) {
      expect(probability('40%', scale)).toBe(0.4);
      expect(probability('100 %', scale)).toBe(1);
      expect(probability('0%', scale)).toBe(0);
    }
    expect(parseProbabilityValue('12,5%', COMMA, 'fraction')).toEqual({ ok: true, value: 0.125 });
  });

  it('reads bare numbers by the scale', () => {
    expect(probability('40', 'percent')).toBe(0.4);
    expect(probability(10, 'percent')).toBe(0.1);
    expect(probability('0.4', 'fraction')).toBe(0.4);
    expect(probability('0.4', 'auto')).toBe(0.4);
    expect(probability('40', 'auto')).toBe(0.4);
    expect(probability('1', 'auto')).toBe(1);
    expect(probability('', 'auto')).toBeNull();
  });

  it('refuses values outside 0..1 and text', () => {
    const expected = 'a probability between 0 and 1 (or 0% and 100%)';
    expect(parseProbabilityValue('40', DOT, 'fraction')).toEqual({ ok: false, expected });
    expect(parseProbabilityValue('140%', DOT, 'auto')).toEqual({ ok: false, expected });
    expect(parseProbabilityValue('-0.1', DOT, 'auto')).toEqual({ ok: false, expected });
    expect(parseProbabilityValue('likely', DOT, 'auto')).toEqual({ ok: false, expected });
  });

  it('any percentage 0..100 becomes the matching fraction', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), (p) => {
        const a = probability(`${p}%`, 'fraction');
        const b = probability(String(p), 'percent');
        return a === p / 100 && b === p / 100;
      }),
    );
  });
});

describe('parseBooleanValue', () => {
  it('reads the usual spellings of true and false', () => {
    for (const t of ['1', 'true', 'TRUE', 'Yes', 'y', 'X', 'won', ' Won ']) {
      expect(parseBooleanValue(t)).toEqual({ ok: true, value: true });
    }
    for (const f of ['', '  ', '0', 'false', 'False', 'no', 'N']) {
      expect(parseBooleanValue(f)).toEqual({ ok: true, value: false });
    }
    expect(parseBooleanValue(1)).toEqual({ ok: true, value: true });
    expect(parseBooleanValue(0)).toEqual({ ok: true, value: false });
  });

  it('refuses anything else', () => {
    const expected = '1/0, true/false or yes/no';
    expect(parseBooleanValue('maybe')).toEqual({ ok: false, expected });
    expect(parseBooleanValue(2)).toEqual({ ok: false, expected });
  });
});
