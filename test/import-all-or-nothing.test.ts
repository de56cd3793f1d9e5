// Imports are all or nothing: a suite of malformed files, each refused with a clear error naming
// file, row and column, with nothing written; and a property test that throws random corruptions
// at the importer and checks "all or nothing" every time. Runs on PGlite and on Postgres.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as parseCsv } from 'csv-parse/sync';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { formatIssue, type Issue } from '../src/core/issue.ts';
import type { Dataset } from '../src/core/model.ts';
import { countRecords, loadDataset, type Database } from '../src/db/index.ts';
import {
  importIntoWorkspace,
  parseDateFormatOption,
  type ImportOutcome,
} from '../src/services/import-service.ts';
import { workspaceIn } from '../src/services/workspace.ts';
import { describeEachDatabase } from './support/databases.ts';

const REPS =
  'id,name,email,role,territory_id\nr1,Ada Byron,ada@example.com,AE,\nr2,Bo Chen,bo@example.com,AE,\n';

let dirPromise: Promise<string> | null = null;
async function tempFile(name: string, content: string | Buffer): Promise<string> {
  dirPromise ??= mkdtemp(join(tmpdir(), 'qp-aon-'));
  const dir = await mkdtemp(join(await dirPromise, 'case-'));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function importInto(
  database: Database,
  paths: string[],
  options: { dateFormat?: string; skipInvalid?: boolean; rejectsPath?: string } = {},
): Promise<ImportOutcome> {
  const workspace = await workspaceIn(database, 'test', 'USD');
  return importIntoWorkspace(
    workspace,
    { paths, env: {}, preset: 'generic', importedBy: 'test', ...options },
    undefined,
    parseDateFormatOption(options.dateFormat),
  );
}

/** A fingerprint of everything stored, to prove a refused import wrote nothing. */
async function snapshot(database: Database): Promise<string> {
  const data: Dataset = await loadDataset(database, 'default');
  const sortById = <T extends { id: string }>(rows: T[]): T[] =>
    [...rows].sort((a, b) => a.id.localeCompare(b.id));
  return JSON.stringify({
    counts: await countRecords(database, 'default'),
    deals: sortById(data.deals),
    reps: sortById(data.reps),
  });
}

function refusalOf(outcome: ImportOutcome): Issue[] {
  if (outcome.ok) throw new Error('expected the import to be refused');
  return outcome.issues;
}

function deals(rows: string[], header = 'id,owner_id,amount,close_date,status'): string {
  return [header, ...rows].join('\n') + '\n';
}

describeEachDatabase('imports are all or nothing', (getDb) => {
  async function expectRefusedUnchanged(
    paths: string[],
    check: (issues: Issue[]) => void,
    options = {},
  ): Promise<void> {
    const before = await snapshot(getDb());
    const issues = refusalOf(await importInto(getDb(), paths, options));
    check(issues);
    expect(await snapshot(getDb())).toBe(before);
  }

  it('stores a clean import, then refuses each malformed file with nothing written', async () => {
    const reps = await tempFile('reps.csv', REPS);
    const good = await tempFile(
      'deals.csv',
      deals(['d1,r1,1000.00,2024-01-31,won', 'd2,r2,250.50,2024-02-15,lost']),
    );
    const first = await importInto(getDb(), [reps, good]);
    expect(first.ok).toBe(true);

    // An impossible date.
    const impossible = await tempFile(
      'deals.csv',
      deals(['d3,r1,10,2024-01-31,won', 'd4,r1,10,2024-02-30,won']),
    );
    await expectRefusedUnchanged([impossible], (issues) => {
      expect(issues).toHaveLength(1);
      expect(issues[0]?.location).toMatchObject({
        file: basename(impossible),
        row: 3,
        column: 'close_date',
        value: '2024-02-30',
      });
      expect(issues[0]?.expected).toMatch(/date/);
    });

    // Text in an amount.
    const text = await tempFile('deals.csv', deals(['d5,r1,twelve hundred,2024-01-31,won']));
    await expectRefusedUnchanged([text], (issues) => {
      expect(issues[0]?.location).toMatchObject({
        row: 2,
        column: 'amount',
        value: 'twelve hundred',
      });
      expect(issues[0]?.expected).toMatch(/amount/);
    });

    // A missing required column.
    const missing = await tempFile(
      'deals.csv',
      deals(['d6,1000,2024-01-31,won'], 'id,amount,close_date,status'),
    );
    await expectRefusedUnchanged([missing], (issues) => {
      expect(formatIssue(issues[0] ?? { code: '', severity: 'error', message: '' })).toMatch(
        /owner_id/,
      );
      expect(issues[0]?.location?.file).toBe(basename(missing));
    });

    // Duplicate ids.
    const duplicate = await tempFile(
      'deals.csv',
      deals(['d7,r1,1,2024-01-31,won', 'd7,r2,2,2024-01-31,won']),
    );
    await expectRefusedUnchanged([duplicate], (issues) => {
      expect(issues[0]?.location).toMatchObject({ row: 3, column: 'id', value: 'd7' });
      expect(issues[0]?.message).toMatch(/duplicate/i);
    });

    // An empty file.
    const empty = await tempFile('deals.csv', '');
    await expectRefusedUnchanged([empty], (issues) => {
      expect(issues[0]?.message).toMatch(/empty/i);
    });

    // The wrong delimiter: a comma header over semicolon rows.
    const delimiter = await tempFile('deals.csv', deals(['d8;r1;1;2024-01-31;won']));
    await expectRefusedUnchanged([delimiter], (issues) => {
      expect(issues[0]?.location?.row).toBe(2);
      expect(issues[0]?.message).toMatch(/delimiter|fields/i);
    });
  });

  it('refuses ambiguous dates with examples, and accepts them with a date format', async () => {
    const reps = await tempFile('reps.csv', REPS);
    await importInto(getDb(), [reps]);
    const ambiguous = await tempFile(
      'deals.csv',
      deals(['a1,r1,5,03/04/2024,won', 'a2,r1,5,05/06/2024,won']),
    );
    await expectRefusedUnchanged([ambiguous], (issues) => {
      const text = issues.map(formatIssue).join('\n');
      expect(issues[0]?.code).toBe('date-format-ambiguous');
      expect(text).toMatch(/ambiguous/i);
      expect(text).toContain('03/04/2024');
      expect(text).toMatch(/--date-format/);
    });
    const accepted = await importInto(getDb(), [ambiguous], { dateFormat: 'DMY' });
    expect(accepted.ok).toBe(true);
    const stored = (await loadDataset(getDb(), 'default')).deals.find((d) => d.id === 'a1');
    expect(stored?.closeDate).toBe('2024-04-03');
  });

  it('reads a UTF-8 BOM, CRLF line ends and quoted newlines', async () => {
    const reps = await tempFile('reps.csv', REPS);
    const crlf = await tempFile(
      'deals.csv',
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(
          'id,name,owner_id,amount,close_date,status\r\nb1,"Two\r\nlines, and a comma",r1,"1,200.00",2024-03-01,won\r\nb2,Plain,r2,7,2024-03-02,lost\r\n',
        ),
      ]),
    );
    const outcome = await importInto(getDb(), [reps, crlf]);
    expect(outcome.ok).toBe(true);
    const stored = (await loadDataset(getDb(), 'default')).deals;
    expect(stored.find((d) => d.id === 'b1')).toMatchObject({
      name: 'Two\r\nlines, and a comma',
      amount: 120_000,
      status: 'won',
    });
    expect(stored.find((d) => d.id === 'b2')).toMatchObject({ amount: 700, status: 'lost' });
  });

  it('refuses a huge file whose last rows are bad, naming the row, with nothing written', async () => {
    const reps = await tempFile('reps.csv', REPS);
    await importInto(getDb(), [reps]);
    const rows: string[] = [];
    for (let i = 0; i < 200_000; i += 1)
      rows.push(`h${i},r${(i % 2) + 1},${(i % 977) + 1}.25,2024-0${(i % 9) + 1}-1${i % 10},won`);
    rows[199_998] = 'h199998,r1,12.5,2024-13-01,won';
    const huge = await tempFile('deals.csv', deals(rows));
    await expectRefusedUnchanged([huge], (issues) => {
      expect(issues).toHaveLength(1);
      expect(issues[0]?.location).toMatchObject({
        row: 200_000,
        column: 'close_date',
        value: '2024-13-01',
      });
    });
  });

  it('with --skip-invalid stores the good rows and writes the bad ones with reasons', async () => {
    const reps = await tempFile('reps.csv', REPS);
    const mixed = await tempFile(
      'deals.csv',
      deals(['s1,r1,10,2024-01-31,won', 's2,r1,oops,2024-01-31,won', 's3,r2,30,2024-01-31,won']),
    );
    const rejectsPath = join(await mkdtemp(join(tmpdir(), 'qp-rej-')), 'rejects.csv');
    const outcome = await importInto(getDb(), [reps, mixed], { skipInvalid: true, rejectsPath });
    expect(outcome.ok).toBe(true);
    const ids = new Set((await loadDataset(getDb(), 'default')).deals.map((d) => d.id));
    expect(ids.has('s1') && ids.has('s3')).toBe(true);
    expect(ids.has('s2')).toBe(false);
    const { readFile } = await import('node:fs/promises');
    const rejects = await readFile(rejectsPath, 'utf8');
    expect(rejects.split('\n')[0]).toBe('file,row,reasons,id,owner_id,amount,close_date,status');
    expect(rejects).toContain('s2');
    expect(rejects).toMatch(/amount/);
  });

  it('either stores every row of a randomly corrupted file or nothing at all', async () => {
    const reps = await tempFile('reps.csv', REPS);
    await importInto(getDb(), [reps]);
    const garbage = [
      '',
      'abc',
      '2024-02-31',
      '"',
      '1,2',
      '-',
      '()',
      '12/13/2024',
      'NaN',
      '9'.repeat(30),
      '\u0000',
      'r9',
    ];
    let runNumber = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.array(
          fc.record({
            kind: fc.constantFrom(
              'cell',
              'drop-column',
              'duplicate-id',
              'truncate',
              'stray-quote',
              'none',
            ),
            row: fc.nat(),
            col: fc.nat(),
            garbage: fc.constantFrom(...garbage),
          }),
          { maxLength: 3 },
        ),
        async (n, corruptions) => {
          runNumber += 1;
          const header = ['id', 'owner_id', 'amount', 'close_date', 'status'];
          const rows = Array.from({ length: n }, (_, i) => [
            `p${runNumber}-${i}`,
            i % 2 === 0 ? 'r1' : 'r2',
            `${(i + 1) * 10}.50`,
            `2024-0${(i % 9) + 1}-15`,
            i % 3 === 0 ? 'lost' : 'won',
          ]);
          let columns = [...header];
          let truncate = false;
          for (const c of corruptions) {
            const r = c.row % n;
            if (c.kind === 'cell') {
              const row = rows[r];
              if (row !== undefined) row[c.col % columns.length] = c.garbage;
            } else if (c.kind === 'drop-column') {
              const k = c.col % columns.length;
              columns = columns.filter((_, i) => i !== k);
              for (const row of rows) row.splice(k, 1);
            } else if (c.kind === 'duplicate-id' && n > 1) {
              const other = rows[(r + 1) % n];
              const row = rows[r];
              if (row !== undefined && other !== undefined) row[0] = other[0] ?? '';
            } else if (c.kind === 'stray-quote') {
              const row = rows[r];
              if (row !== undefined) row[c.col % columns.length] = `x"y`;
            } else if (c.kind === 'truncate') {
              truncate = true;
            }
          }
          let text = [columns.join(','), ...rows.map((row) => row.join(','))].join('\n') + '\n';
          if (truncate) text = text.slice(0, Math.max(1, text.length - 7));
          const file = await tempFile('deals.csv', text);

          const before = new Set((await loadDataset(getDb(), 'default')).deals.map((d) => d.id));
          const outcome = await importInto(getDb(), [file]);
          const after = new Set((await loadDataset(getDb(), 'default')).deals.map((d) => d.id));
          if (!outcome.ok) {
            // Nothing: exactly the deals that were there before.
            expect([...after].sort()).toEqual([...before].sort());
          } else {
            // All: every data row of the file is stored, and nothing else was added.
            const idColumn = columns.indexOf('id');
            expect(idColumn).toBeGreaterThanOrEqual(0);
            // Read as CSV, not split at commas: a garbage quote can open a quoted value that
            // spans lines, and the import (rightly) reads it so.
            const records: string[][] = parseCsv(text, {
              relax_quotes: true,
              relax_column_count: true,
            });
            const fileIds = records.slice(1).map((record) => record[idColumn] ?? '');
            for (const id of fileIds) expect(after.has(id)).toBe(true);
            expect(after.size).toBe(new Set([...before, ...fileIds]).size);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('option checks', () => {
  it('maps date format aliases', () => {
    expect(parseDateFormatOption('us')).toBe('MDY');
    expect(parseDateFormatOption('D.M.YYYY')).toBe('DMY');
    expect(parseDateFormatOption('whenever')).toBeUndefined();
  });
});
