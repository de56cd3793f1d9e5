// Table reading on real files: the encodings, line endings, quoting and report footers CRM exports
// come with, and the line numbers a user needs to find a bad record.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { csvRecords, openTable, TableReusedError } from './read-table.ts';
import type { OpenTableOptions, Table, TableProblem, TableRow } from './read-table.ts';
import type { Issue } from '../core/issue.ts';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'quotaplan-read-table-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function opened(path: string, options?: OpenTableOptions): Promise<Table> {
  const result = await openTable(path, options);
  if (!result.ok) throw new Error(`expected ${path} to open: ${JSON.stringify(result.issues)}`);
  return result.value;
}

async function failure(path: string, options?: OpenTableOptions): Promise<Issue[]> {
  const result = await openTable(path, options);
  if (result.ok) throw new Error(`expected ${path} not to open`);
  return result.issues;
}

async function readAll(table: Table): Promise<{ rows: TableRow[]; problems: TableProblem[] }> {
  const rows: TableRow[] = [];
  const problems: TableProblem[] = [];
  for await (const item of table.rows()) {
    if (item.kind === 'row') rows.push(item);
    else problems.push(item);
  }
  return { rows, problems };
}

describe('openTable on CSV files', () => {
  it('strips a UTF-8 BOM and reads CRLF files with 1-based line numbers', async () => {
    const path = await fileWith('bom.csv', '\uFEFFId,Name ,Amount\r\n1,Acme,100\r\n2,Beta,200\r\n');
    const table = await opened(path);
    expect(table.format).toBe('csv');
    expect(table.delimiter).toBe(',');
    expect(table.headers).toEqual(['Id', 'Name', 'Amount']);
    const { rows, problems } = await readAll(table);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { kind: 'row', row: 2, values: ['1', 'Acme', '100'] },
      { kind: 'row', row: 3, values: ['2', 'Beta', '200'] },
    ]);
    expect(table.bytesRead()).toBe(table.sizeBytes);
  });

  it('reads old Mac CR-only line endings', async () => {
    const path = await fileWith('cr.csv', 'id,name\r1,Acme\r2,Beta');
    const { rows } = await readAll(await opened(path));
    expect(rows.map((r) => [r.row, ...r.values])).toEqual([
      [2, '1', 'Acme'],
      [3, '2', 'Beta'],
    ]);
  });

  it('keeps delimiters, doubled quotes and newlines inside quoted values', async () => {
    const path = await fileWith(
      'quoted.csv',
      'id,name,notes\n1,"Acme, Inc.","said ""yes"""\n2,Beta,"line one\nline two\r\nline three"\n3,Gamma,plain\n',
    );
    const { rows } = await readAll(await opened(path));
    expect(rows[0]?.values).toEqual(['1', 'Acme, Inc.', 'said "yes"']);
    expect(rows[1]?.values[2]).toBe('line one\nline two\r\nline three');
    // Row numbers are the lines where records start, as an editor shows them.
    expect(rows.map((r) => r.row)).toEqual([2, 3, 6]);
  });

  it('reports a record with the wrong field count, naming the detected delimiter', async () => {
    const path = await fileWith('commas.csv', 'id,name,amount\n1,Acme, Inc.,100\n2,Beta,200\n');
    const { rows, problems } = await readAll(await opened(path));
    expect(rows.map((r) => r.row)).toEqual([3]);
    expect(problems).toHaveLength(1);
    const problem = problems[0];
    expect(problem?.row).toBe(2);
    expect(problem?.issue.code).toBe('field-count');
    expect(problem?.issue.message).toBe(
      'row has 4 fields but the header has 3; check the delimiter (detected ",") and quoting',
    );
    expect(problem?.issue.location).toMatchObject({ row: 2, value: '1,Acme, Inc.,100' });
  });

  it('detects semicolons and tabs, and honours a given delimiter', async () => {
    const semi = await fileWith('semi.csv', 'id;name;amount\n1;"A;B";1.234,50\n');
    const semiTable = await opened(semi);
    expect(semiTable.delimiter).toBe(';');
    expect((await readAll(semiTable)).rows[0]?.values).toEqual(['1', 'A;B', '1.234,50']);

    const tabs = await fileWith('tabs.tsv', 'id\tname, full\tamount\n1\tAcme, Inc.\t5\n');
    const tabTable = await opened(tabs);
    expect(tabTable.delimiter).toBe('\t');
    expect(tabTable.headers).toEqual(['id', 'name, full', 'amount']);

    const piped = await fileWith('given.csv', 'a|b,c\n1|2,3\n');
    const pipedTable = await opened(piped, { delimiter: '|' });
    expect(pipedTable.headers).toEqual(['a', 'b,c']);
    const { problems } = await readAll(await opened(piped, { delimiter: ';' }));
    expect(problems).toEqual([]);
  });

  it('names a given delimiter in field-count problems', async () => {
    const path = await fileWith('given-wrong.csv', 'a;b;c\n1;2\n');
    const { problems } = await readAll(await opened(path, { delimiter: ';' }));
    expect(problems[0]?.issue.message).toContain('(given ";")');
  });

  it('fails on empty files, BOM-only files and whitespace-only files', async () => {
    for (const [name, content] of [
      ['empty.csv', ''],
      ['bom-only.csv', '\uFEFF'],
      ['blank.csv', '\n  \r\n\t\n'],
    ] as const) {
      const issues = await failure(await fileWith(name, content));
      expect(issues).toEqual([
        expect.objectContaining({
          code: 'empty-file',
          severity: 'error',
          message: 'the file is empty; expected a header row and at least one data row',
        }),
      ]);
    }
  });

  it('opens a header-only file with no rows', async () => {
    const table = await opened(await fileWith('header-only.csv', 'id,name\n'));
    expect(table.headers).toEqual(['id', 'name']);
    expect(await readAll(table)).toEqual({ rows: [], problems: [] });
  });

  it('fails on empty or duplicate column names, naming the position', async () => {
    const issues = await failure(await fileWith('dup.csv', 'id,name,,name\n1,a,b,c\n'));
    expect(issues.map((i) => [i.code, i.message])).toEqual([
      ['header-invalid', 'column 3 of the header has no name'],
      ['header-invalid', 'column 4 of the header repeats the name of column 2'],
    ]);
    expect(issues[1]?.location).toMatchObject({ row: 1, column: 'name' });
  });

  it('reports a missing file', async () => {
    const issues = await failure(join(dir, 'nope.csv'));
    expect(issues[0]?.code).toBe('file-not-found');
    expect(issues[0]?.location?.file).toBe(join(dir, 'nope.csv'));
  });

  it('refuses UTF-16 files with advice to save as UTF-8', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('id,name\r\n1,Acme\r\n', 'utf16le'),
    ]);
    const issues = await failure(await fileWith('utf16.csv', utf16));
    expect(issues[0]?.code).toBe('encoding');
    expect(issues[0]?.expected).toContain('save the file as UTF-8 CSV');
  });

  it('reports an unterminated quote at the line where the record starts', async () => {
    const path = await fileWith('open-quote.csv', 'id,name\n1,Acme\n2,"Beta\n3,Gamma\n4,Delta\n');
    const { rows, problems } = await readAll(await opened(path));
    expect(rows.map((r) => r.values)).toEqual([['1', 'Acme']]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.row).toBe(3);
    expect(problems[0]?.issue.code).toBe('unterminated-quote');

    const header = await failure(await fileWith('open-quote-header.csv', 'id,"name\n1,a\n'));
    expect(header[0]?.code).toBe('unterminated-quote');
  });

  it('drops a Salesforce report footer after a blank line, with a notice', async () => {
    const path = await fileWith(
      'report.csv',
      [
        '"Opportunity Name","Amount","Close Date"',
        '"Acme - Renewal","1,200.00","3/1/2024"',
        '"Beta - New","500.00","3/2/2024"',
        '',
        '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."',
        '"Confidential Information - Do Not Distribute"',
        '"Generated By: Jane Doe 3/1/2024 10:03 AM"',
        '"Acme Corp"',
        '',
      ].join('\n'),
    );
    const table = await opened(path);
    const { rows, problems } = await readAll(table);
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
    expect(problems).toEqual([]);
    const notices = table.notices();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ code: 'footer-ignored', severity: 'info' });
    expect(notices[0]?.message).toContain('ignored 4 lines after row 3');
    expect(notices[0]?.location?.row).toBe(5);
  });

  it('keeps records after a blank line when any of them looks like data', async () => {
    const path = await fileWith(
      'gap.csv',
      'id,name,amount\n1,Acme,100\n\n2,Beta\n3,Gamma,300\n\n\n4,Delta,400\n\n',
    );
    const table = await opened(path);
    const { rows, problems } = await readAll(table);
    expect(rows.map((r) => r.row)).toEqual([2, 5, 8]);
    expect(problems.map((p) => [p.row, p.issue.code])).toEqual([[4, 'field-count']]);
    expect(table.notices()).toEqual([
      expect.objectContaining({ code: 'blank-lines-skipped', message: 'skipped 3 blank lines' }),
    ]);
  });

  it('streams its file once', async () => {
    const table = await opened(await fileWith('once.csv', 'a\n1\n'));
    await readAll(table);
    expect(() => table.rows()).toThrow(TableReusedError);
  });

  it('stops reading when the caller breaks off', async () => {
    const lines = ['id,value'];
    for (let i = 0; i < 50_000; i++) lines.push(`${i},${i * 2}`);
    const table = await opened(await fileWith('long.csv', lines.join('\n')));
    let seen = 0;
    for await (const item of table.rows()) {
      if (item.kind === 'row') seen++;
      if (seen === 10) break;
    }
    expect(seen).toBe(10);
    expect(table.bytesRead()).toBeLessThanOrEqual(table.sizeBytes);
  });
});

describe('plain CSV files (no quotes, no carriage returns)', () => {
  // Fields of plain files: no quote, no CR, no line break; commas and semicolons appear so that
  // a different delimiter leaves them inside fields.
  const field = fc.stringMatching(/^[^"\r\n]{0,12}$/u);
  const line = fc.oneof(fc.array(field, { minLength: 1, maxLength: 5 }), fc.constant(['']));

  it('are read exactly as csv-parse reads them, whatever the chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(',', ';', '\t', '||'),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        async (lines, delimiter, bom, finalBreak, chunkBytes) => {
          const text =
            (bom ? '\uFEFF' : '') +
            lines.map((l) => l.join(delimiter)).join('\n') +
            (finalBreak ? '\n' : '');
          const path = await fileWith('plain-property.csv', text);
          const plain = await csvRecords(path, delimiter, 'plain', chunkBytes);
          const parsed = await csvRecords(path, delimiter, 'csv-parse', chunkBytes);
          expect(plain).toEqual(parsed);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keep multi-byte characters split across chunks whole', async () => {
    const path = await fileWith('plain-utf8.csv', 'name,city\nZoë,Zürich\n日本,東京\n');
    expect(await csvRecords(path, ',', 'plain', 3)).toEqual([
      ['name', 'city'],
      ['Zoë', 'Zürich'],
      ['日本', '東京'],
    ]);
  });

  it('name the line of a row with the wrong field count, after blank lines', async () => {
    const table = await opened(await fileWith('plain-lines.csv', 'a,b\n1,2\n\n3\n4,5\n'));
    const { rows, problems } = await readAll(table);
    expect(rows.map((r) => [r.row, r.values])).toEqual([
      [2, ['1', '2']],
      [5, ['4', '5']],
    ]);
    expect(problems.map((p) => [p.row, p.issue.code])).toEqual([[4, 'field-count']]);
  });
});

describe('openTable on XLSX workbooks', () => {
  let path = '';

  beforeAll(async () => {
    const workbook = new ExcelJS.Workbook();
    const notes = workbook.addWorksheet('Notes');
    notes.addRow(['This workbook has deals on the second sheet']);
    const deals = workbook.addWorksheet('Deals');
    deals.addRow([]);
    deals.addRow(['Id', 'Name', 'Amount', 'Close Date', 'Won', 'Doubled', 'Link', 'Follow Up']);
    deals.addRow([
      'D1',
      { richText: [{ text: 'Acme ' }, { text: 'Inc.', font: { bold: true } }] },
      1200.5,
      new Date(Date.UTC(2024, 2, 31)),
      true,
      { formula: 'C3*2', result: 2401 },
      { text: 'crm link', hyperlink: 'https://example.com/D1' },
      // A formula whose result is a date: the file stores a serial number and a date format.
      { formula: 'D3+30', result: new Date(Date.UTC(2024, 3, 30)) },
    ]);
    deals.getCell('H3').numFmt = 'yyyy-mm-dd';
    deals.addRow(['D2', 'Beta']);
    deals.addRow([]);
    deals.addRow(['D3', 'Gamma', 10, null, false, '', '', '', 'stray note']);
    // A datetime late in the day stays on its calendar day.
    deals.addRow(['D4', 'Delta', 20, new Date(Date.UTC(2023, 11, 1, 23, 30)), null, null, null]);
    path = join(dir, 'deals.xlsx');
    await workbook.xlsx.writeFile(path);
  });

  it('reads a sheet chosen by name: numbers, dates, text, formulas and links', async () => {
    const table = await opened(path, { sheet: 'Deals' });
    expect(table.format).toBe('xlsx');
    expect(table.delimiter).toBeNull();
    expect(table.headers).toEqual([
      'Id',
      'Name',
      'Amount',
      'Close Date',
      'Won',
      'Doubled',
      'Link',
      'Follow Up',
    ]);
    const { rows, problems } = await readAll(table);
    expect(rows).toEqual([
      {
        kind: 'row',
        row: 3,
        values: ['D1', 'Acme Inc.', 1200.5, '2024-03-31', 'true', 2401, 'crm link', '2024-04-30'],
      },
      { kind: 'row', row: 4, values: ['D2', 'Beta', '', '', '', '', '', ''] },
      { kind: 'row', row: 7, values: ['D4', 'Delta', 20, '2023-12-01', '', '', '', ''] },
    ]);
    expect(problems.map((p) => [p.row, p.issue.code])).toEqual([[6, 'field-count']]);
    expect(problems[0]?.issue.message).toBe('row has values in 9 columns but the header has 8');
    expect(table.notices()).toEqual([
      expect.objectContaining({ code: 'blank-lines-skipped', message: 'skipped 1 empty row' }),
    ]);
    expect(table.bytesRead()).toBe(table.sizeBytes);
  });

  it('reads the first sheet by default and says which one it read', async () => {
    const table = await opened(path);
    expect(table.headers).toEqual(['This workbook has deals on the second sheet']);
    expect(table.notices()[0]).toMatchObject({ code: 'sheet-chosen' });
    expect(table.notices()[0]?.message).toContain('"Deals"');
    table.close();
  });

  it('fails on an unknown sheet name, listing the sheets', async () => {
    const issues = await failure(path, { sheet: 'Pipeline' });
    expect(issues[0]?.code).toBe('sheet-not-found');
    expect(issues[0]?.expected).toBe('one of "Notes", "Deals"');
  });

  it('skips sheets without leaving a temporary file to vanish under an opening stream', async () => {
    // ExcelJS deletes a parked sheet's temporary file when the next sheet is asked for; before
    // the fix a skipped sheet's stream could still be opening and die with an uncaught ENOENT.
    const uncaught: unknown[] = [];
    const onError = (error: unknown): void => {
      uncaught.push(error);
    };
    process.on('uncaughtException', onError);
    try {
      for (let i = 0; i < 150; i++) {
        const issues = await failure(path, { sheet: 'Pipeline' });
        expect(issues[0]?.code).toBe('sheet-not-found');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(uncaught).toEqual([]);
  });

  it('fails on a file that is not a workbook', async () => {
    const issues = await failure(await fileWith('fake.xlsx', 'id,name\n1,Acme\n'));
    expect(issues[0]?.code).toBe('xlsx-invalid');
    const zip = Buffer.from('504b0304', 'hex');
    const broken = await failure(
      await fileWith('broken.xlsx', Buffer.concat([zip, Buffer.alloc(64)])),
    );
    expect(broken[0]?.code).toBe('xlsx-invalid');
  });
});
