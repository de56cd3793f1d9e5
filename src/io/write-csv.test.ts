import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvCell, guardFormula, toCsv, writeCsvFile } from './write-csv.ts';

describe('CSV output', () => {
  it('opens a rep named like a formula as text in a spreadsheet', () => {
    expect(guardFormula('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    expect(guardFormula('+1 555')).toBe(`'+1 555`);
    expect(guardFormula('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('keeps negative amounts as numbers', () => {
    expect(guardFormula('-1234.50')).toBe('-1234.50');
    expect(guardFormula('-')).toBe(`'-`);
  });

  it('quotes commas, quotes and newlines', () => {
    expect(toCsv(['a', 'b'], [['x, y', 'say "hi"\nthere']])).toBe(
      'a,b\n"x, y","say ""hi""\nthere"\n',
    );
  });

  it('writes a file that reads back line for line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-csv-'));
    const file = join(dir, 'out.csv');
    await writeCsvFile(
      file,
      ['id', 'amount'],
      [
        ['d1', 12.5],
        ['d2', null],
      ],
    );
    expect(await readFile(file, 'utf8')).toBe('id,amount\nd1,12.5\nd2,\n');
  });
});
