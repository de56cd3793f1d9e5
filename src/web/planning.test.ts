// The planning workspace's pure helpers: CSV export, the quota filter, typed inputs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import {
  amountInput,
  centsToDecimal,
  csvOf,
  fractionsInput,
  matchesFilter,
  percentInput,
  valueAt,
  withEdit,
} from './planning.ts';

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

  it('defuses a leading tab or carriage return too, and leaves negative amounts alone', () => {
    expect(csvOf(['Rep'], [['\t=1+1'], ['\r=1+1'], ['-1234.50'], ['-x']])).toBe(
      "Rep\r\n'\t=1+1\r\n\"'\r=1+1\"\r\n-1234.50\r\n'-x\r\n",
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
            const formula = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text);
            const expected = formula ? `'${text}` : text;
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

describe('fractionsInput', () => {
  it('reads a ramp as fractions from 0 to 1', () => {
    expect(fractionsInput('0.25, 0.5,0.75')).toEqual([0.25, 0.5, 0.75]);
    expect(fractionsInput('')).toEqual([]);
    expect(fractionsInput('0.5, 1.5')).toBeNull();
    expect(fractionsInput('half')).toBeNull();
  });
});

describe('withEdit', () => {
  it('keeps one edit per path and drops an edit back to the original value', () => {
    let edits = withEdit([], ['methodology', 'growth'], 0.1, 0);
    edits = withEdit(edits, ['target'], 5000000, 4221000);
    edits = withEdit(edits, ['methodology', 'growth'], 0.2, 0);
    expect(edits).toEqual([
      { path: ['target'], value: 5000000 },
      { path: ['methodology', 'growth'], value: 0.2 },
    ]);
    expect(withEdit(edits, ['target'], 4221000, 4221000)).toEqual([
      { path: ['methodology', 'growth'], value: 0.2 },
    ]);
  });

  it('never holds two edits of one path, whatever the order of changes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 3 }))),
        (changes) => {
          let edits: ReturnType<typeof withEdit> = [];
          for (const [key, value] of changes) edits = withEdit(edits, [key], value, 0);
          const paths = edits.map((e) => JSON.stringify(e.path));
          expect(new Set(paths).size).toBe(paths.length);
          for (const e of edits) expect(e.value).not.toBe(0);
        },
      ),
    );
  });
});

describe('valueAt', () => {
  it('reads a key path of a parsed plan file', () => {
    const file = { methodology: { growth: 0.1 }, hires: [{ id: 'H-1' }] };
    expect(valueAt(file, ['methodology', 'growth'])).toBe(0.1);
    expect(valueAt(file, ['hires', 0, 'id'])).toBe('H-1');
    expect(valueAt(file, ['roles', 'AE'])).toBeUndefined();
  });
});
