// COPY text format: any string survives escaping, chunk boundaries never split a row wrongly,
// and NULL stays distinct from the empty string and from the text "\N".

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COPY_NULL,
  escapeCopyField,
  formatTextArray,
  parseTextArray,
  readCopyRows,
  sqlLiteral,
  unescapeCopyField,
} from './copy-text.ts';

const anyText = fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0'));

function* inPieces(text: string, cuts: number[]): Generator<string> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const end = Math.min(cut, text.length);
    if (end > start) yield text.slice(start, end);
    start = Math.max(start, end);
  }
  if (start < text.length) yield text.slice(start);
}

describe('COPY text fields', () => {
  it('round-trips any string, tabs, newlines and backslashes included', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const field = escapeCopyField(value);
        expect(field).not.toMatch(/[\t\n\r]/);
        expect(unescapeCopyField(field)).toBe(value);
      }),
    );
  });

  it('keeps the text "\\N" and the empty string apart from NULL', () => {
    expect(escapeCopyField('\\N')).not.toBe(COPY_NULL);
    expect(escapeCopyField('')).toBe('');
    expect(unescapeCopyField(escapeCopyField('\\N'))).toBe('\\N');
  });

  it('reads the escapes Postgres writes for control characters', () => {
    expect(unescapeCopyField('a\\bb\\fc\\vd\\te\\nf\\rg\\\\h')).toBe('a\bb\fc\vd\te\nf\rg\\h');
  });
});

describe('text arrays', () => {
  it('round-trip any list of strings', () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 5 }), (values) => {
        expect(parseTextArray(formatTextArray(values))).toEqual(values);
      }),
    );
  });

  it('read unquoted elements and NULL as Postgres prints them', () => {
    expect(parseTextArray('{}')).toEqual([]);
    expect(parseTextArray('{stage,type}')).toEqual(['stage', 'type']);
    expect(parseTextArray('{a,NULL,"NULL"}')).toEqual(['a', null, 'NULL']);
  });
});

describe('readCopyRows', () => {
  it('splits rows and fields identically wherever the chunks are cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(anyText, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat({ max: 200 }), { maxLength: 8 }),
        async (rows, cuts) => {
          const text = rows.map((r) => r.map(escapeCopyField).join('\t') + '\n').join('');
          const read: string[][] = [];
          await readCopyRows(inPieces(text, cuts), (fields) =>
            read.push(fields.map(unescapeCopyField)),
          );
          expect(read).toEqual(rows);
        },
      ),
    );
  });
});

describe('sqlLiteral', () => {
  it('doubles quotes and refuses NUL', () => {
    expect(sqlLiteral("O'Brien")).toBe("'O''Brien'");
    expect(() => sqlLiteral('a\0b')).toThrow();
  });
});
