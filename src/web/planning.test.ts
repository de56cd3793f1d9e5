// The planning workspace's pure helpers: CSV export, the quota filter, typed inputs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { amountInput, centsToDecimal, csvOf, matchesFilter, percentInput } from './planning.ts';

describe('csvOf', () => {
  it('quotes fields with commas, quotes and line breaks, and defuses formulas', () => {
    const text = csvOf(
      ['Rep', 'Quota'],
      [
        ['Smith, Ann', 120000.5],
        ['Say "hi"', 0],
        ['=HYPERLINK("x")', null],
      ],
    );
    expect(text).toBe(
      'Rep,Quota\r\n"Smith, Ann",120000.5\r\n"Say ""hi""",0\r\n"\'=HYPERLINK(""x"")",\r\n',
    );
  });

  it('round-trips any text through a CSV parser', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string(), fc.integer()), { minLength: 1, maxLength: 20 }),
        (rows) => {
          const parsed: string[][] = parse(csvOf(['a', 'b'], rows));
          expect(parsed.length).toBe(rows.length + 1);
          rows.forEach(([text, n], i) => {
            const expected = /^[=+\-@]/.test(text) ? `'${text}` : text;
            expect(parsed[i + 1]?.[0]).toBe(expected);
            expect(parsed[i + 1]?.[1]).toBe(String(n));
          });
        },
      ),
    );
  });
});

describe('centsToDecimal', () => {
  it('writes cents as units with two decimals', () => {
    expect(centsToDecimal(123456)).toBe('1234.56');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(-1050)).toBe('-10.50');
  });
});

describe('matchesFilter', () => {
  it('needs every word somewhere in the fields, ignoring case', () => {
    expect(matchesFilter(['Ann Smith', 'SMB', null], 'smb ann')).toBe(true);
    expect(matchesFilter(['Ann Smith', 'SMB'], 'ann enterprise')).toBe(false);
    expect(matchesFilter(['x'], '   ')).toBe(true);
  });
});

describe('typed inputs', () => {
  it('reads percentages and amounts, refusing anything else', () => {
    expect(percentInput('12.5')).toBe(0.125);
    expect(percentInput('-5')).toBe(-0.05);
    expect(percentInput('ten')).toBeNull();
    expect(amountInput('1,250,000.50')).toBe(1250000.5);
    expect(amountInput('12.345')).toBeNull();
    expect(amountInput('-3')).toBeNull();
  });
});
