// What the importer refuses and how it says so: file-level failures that stop the import, and
// row errors that name file, row, column, value and what was expected.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../core/issue.ts';
import type { Issue } from '../../core/issue.ts';
import { loadMappingFile, readImportFiles } from './index.ts';
import type { ImportBatch, ImportContext, ImportOptions, PresetName } from './index.ts';

const empty: ImportContext = {
  currency: 'USD',
  existing: { reps: [], accountIds: new Set(), rates: [] },
};

async function write(files: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'qp-errors-'));
  const paths: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text);
    paths.push(join(dir, name));
  }
  return paths;
}

async function batchOf(
  files: Record<string, string>,
  options: ImportOptions = {},
): Promise<ImportBatch> {
  const result = await readImportFiles(await write(files), options, empty);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.value;
}

async function failureOf(
  files: Record<string, string>,
  options: ImportOptions = {},
): Promise<Issue[]> {
  const result = await readImportFiles(await write(files), options, empty);
  if (result.ok) throw new Error('expected the import to fail');
  return result.issues;
}

const HEAD = 'id,owner_id,close_date,status,amount';

describe('file-level failures', () => {
  it('refuses an empty list of files and an unknown preset', async () => {
    const none = await readImportFiles([], {}, empty);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.issues[0]?.code).toBe('no-files');
    const issues = await failureOf(
      { 'deals.csv': `${HEAD}\nd1,Ann,2024-01-01,won,1\n` },
      {
        preset: 'pipedrive' as PresetName,
      },
    );
    expect(issues[0]).toMatchObject({
      code: 'unknown-preset',
      location: { value: 'pipedrive' },
      expected: 'one of maven, salesforce, hubspot, olist, generic',
    });
  });

  it('names the missing required columns, the headers found and the aliases that would match', async () => {
    const issues = await failureOf({ 'deals.csv': 'id,close_date,status\nd1,2024-01-01,won\n' });
    expect(issues).toHaveLength(1);
    const issue = issues[0];
    expect(issue?.code).toBe('required-columns-missing');
    expect(issue?.location).toEqual({ file: 'deals.csv' });
    expect(issue?.message).toContain('no column for owner_id');
    expect(issue?.message).toContain('headers found: "id", "close_date", "status"');
    expect(issue?.expected).toContain('"Opportunity Owner"');
    expect(issue?.expected).toContain('"Deal owner"');
  });

  it('refuses a file it cannot place, and a file that does not exist', async () => {
    const issues = await failureOf({ 'notes.csv': 'when,what\n1,2\n' });
    expect(issues[0]).toMatchObject({
      code: 'file-not-recognised',
      location: { file: 'notes.csv' },
    });
    expect(issues[0]?.expected).toContain('deals.csv');
    const missing = await readImportFiles(['/nonexistent/deals.csv'], {}, empty);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.issues[0]?.code).toBe('file-not-found');
  });

  it('refuses ambiguous dates with examples, then accepts them with a date format', async () => {
    const files = { 'deals.csv': `${HEAD}\nd1,Ann,3/4/2024,won,1\nd2,Ann,5/6/2024,won,1\n` };
    const issues = await failureOf(files);
    expect(issues[0]).toMatchObject({
      code: 'date-format-ambiguous',
      location: { file: 'deals.csv' },
      expected:
        'a date order given with --date-format MDY or DMY (or date_format: in a mapping file)',
    });
    expect(issues[0]?.message).toContain('"3/4/2024", "5/6/2024"');
    expect(issues[0]?.message).toContain('pass --date-format MDY or DMY');
    const mdy = await batchOf(files, { dateFormat: 'MDY' });
    expect(mdy.records.deals.map((d) => d.closeDate)).toEqual(['2024-03-04', '2024-05-06']);
    const dmy = await batchOf(files, { dateFormat: 'DMY' });
    expect(dmy.records.deals.map((d) => d.closeDate)).toEqual(['2024-04-03', '2024-06-05']);
  });

  it('settles the date order from a later row and converts the rows held back', async () => {
    const batch = await batchOf({
      'deals.csv': `${HEAD}\nd1,Ann,2024-01-09,won,1\nd2,Ann,3/4/2024,won,1\nd3,Ann,25/12/2024,won,1\n`,
    });
    expect(batch.records.deals.map((d) => d.closeDate)).toEqual([
      '2024-01-09',
      '2024-04-03',
      '2024-12-25',
    ]);
  });

  it('refuses a file mixing month-first and day-first dates', async () => {
    const issues = await failureOf({
      'deals.csv': `${HEAD}\nd1,Ann,12/25/2024,won,1\nd2,Ann,25/12/2024,won,1\n`,
    });
    expect(issues[0]).toMatchObject({
      code: 'date-format-conflicting',
      location: { file: 'deals.csv' },
    });
    expect(issues[0]?.message).toContain('"12/25/2024"');
    expect(issues[0]?.message).toContain('pass --date-format MDY or DMY');
  });

  it('refuses a mapping that names a column the file does not have', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-errors-'));
    const mappingPath = join(dir, 'map.yaml');
    await writeFile(
      mappingPath,
      'files:\n  - match: "deals*.csv"\n    columns: { amount: "ACV" }\n',
    );
    const mapping = await loadMappingFile(mappingPath);
    if (!mapping.ok) throw new Error('mapping');
    const issues = await failureOf(
      { 'deals.csv': `${HEAD}\nd1,Ann,2024-01-01,won,1\n` },
      { mapping: mapping.value },
    );
    expect(issues[0]).toMatchObject({
      code: 'mapped-column-missing',
      location: { file: 'deals.csv' },
    });
    expect(issues[0]?.message).toContain('"ACV"');
  });
});

describe('row errors', () => {
  it('names file, row, column, value and expected for an impossible date and text in an amount', async () => {
    const batch = await batchOf({
      'deals.csv': `${HEAD}\nd1,Ann,2024-01-05,won,10\nd2,Ann,2024-02-30,won,about 5k\nd3,Ann,2024-01-06,won,12\n`,
    });
    expect(batch.records.deals.map((d) => d.id)).toEqual(['d1', 'd3']);
    expect(batch.errors).toEqual([
      {
        code: 'invalid-date',
        severity: 'error',
        message: 'close_date is not a valid date',
        expected: 'a date like 2024-03-31 (YYYY-MM-DD)',
        location: { file: 'deals.csv', row: 3, column: 'close_date', value: '2024-02-30' },
      },
      {
        code: 'invalid-amount',
        severity: 'error',
        message: 'amount is not an amount',
        expected: 'an amount like 1,234.56',
        location: { file: 'deals.csv', row: 3, column: 'amount', value: 'about 5k' },
      },
    ]);
    expect(batch.rejects).toEqual([
      {
        file: 'deals.csv',
        row: 3,
        reasons: [
          'close_date: close_date is not a valid date (value "2024-02-30"); expected a date like 2024-03-31 (YYYY-MM-DD)',
          'amount: amount is not an amount (value "about 5k"); expected an amount like 1,234.56',
        ],
        values: {
          id: 'd2',
          owner_id: 'Ann',
          close_date: '2024-02-30',
          status: 'won',
          amount: 'about 5k',
        },
      },
    ]);
    expect(batch.files[0]).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(formatIssue(batch.errors[0] as Issue)).toBe(
      'deals.csv, row 3, column "close_date": close_date is not a valid date (value "2024-02-30"); expected a date like 2024-03-31 (YYYY-MM-DD)',
    );
  });

  it('flags a repeated id on the later row, across files', async () => {
    const batch = await batchOf({
      'deals-a.csv': `${HEAD}\nd1,Ann,2024-01-05,won,10\n`,
      'deals-b.csv': `${HEAD}\nd2,Ann,2024-01-05,won,10\nd1,Bob,2024-01-06,lost,0\n`,
    });
    expect(batch.records.deals.map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(batch.errors).toEqual([
      {
        code: 'duplicate-id',
        severity: 'error',
        message: 'duplicate id "d1"; first seen in deals-a.csv row 2',
        expected: 'an id used by one deals row only',
        location: { file: 'deals-b.csv', row: 3, column: 'id', value: 'd1' },
      },
    ]);
  });

  it('flags repeated ids whether the file is sorted by id or not', async () => {
    const batch = await batchOf({
      'deals.csv': `${HEAD}\nd1,Ann,2024-01-05,won,10\nd2,Ann,2024-01-05,won,10\nd2,Bob,2024-01-06,lost,0\nd3,Ann,2024-01-05,won,10\nd0,Ann,2024-01-05,won,10\nd1,Bob,2024-01-06,lost,0\nd0,Bob,2024-01-06,lost,0\n`,
    });
    expect(batch.records.deals.map((d) => d.id)).toEqual(['d1', 'd2', 'd3', 'd0']);
    expect(batch.errors.map((e) => [e.location?.row, e.message])).toEqual([
      [4, 'duplicate id "d2"; first seen in deals.csv row 3'],
      [7, 'duplicate id "d1"; first seen in deals.csv row 2'],
      [8, 'duplicate id "d0"; first seen in deals.csv row 6'],
    ]);
  });

  it('refuses amounts in a currency without a rate', async () => {
    const batch = await batchOf({
      'deals.csv': `${HEAD},currency\nd1,Ann,2024-01-05,won,10,CHF\nd2,Ann,2024-01-05,won,,CHF\n`,
    });
    expect(batch.records.deals.map((d) => d.id)).toEqual(['d2']);
    expect(batch.errors[0]).toMatchObject({
      code: 'missing-rate',
      message: 'no exchange rate for CHF; add it to a rates file',
      location: { file: 'deals.csv', row: 2, column: 'currency', value: 'CHF' },
    });
    expect(batch.errors[0]?.expected).toBe(
      'a rates file row with currency CHF and the USD value of one CHF',
    );
  });

  it('reports every error of every file in file and row order', async () => {
    const batch = await batchOf({
      'deals.csv': `${HEAD}\nd1,Ann,2024-01-05,maybe,10\n,Ann,2024-01-05,won,x\n`,
      'rates.csv': 'currency,rate\nEURO,1.1\nGBP,-2\n',
    });
    expect(
      batch.errors.map((e) => [e.location?.file, e.location?.row, e.location?.column, e.code]),
    ).toEqual([
      ['deals.csv', 2, 'status', 'invalid-status'],
      ['deals.csv', 3, 'id', 'missing-value'],
      ['deals.csv', 3, 'amount', 'invalid-amount'],
      ['rates.csv', 2, 'currency', 'invalid-currency'],
      ['rates.csv', 3, 'rate', 'invalid-number'],
    ]);
    expect(batch.errors.every((e) => e.expected !== undefined && e.expected !== '')).toBe(true);
    expect(batch.rejects.map((r) => [r.file, r.row])).toEqual([
      ['deals.csv', 2],
      ['deals.csv', 3],
      ['rates.csv', 2],
      ['rates.csv', 3],
    ]);
  });

  it('reports rows with the wrong number of fields as row errors', async () => {
    const batch = await batchOf({ 'deals.csv': `${HEAD}\nd1,Ann,2024-01-05,won,10\nd2,Ann\n` });
    expect(batch.records.deals).toHaveLength(1);
    expect(batch.errors[0]).toMatchObject({
      code: 'field-count',
      expected: '5 fields, like the header',
      location: { file: 'deals.csv', row: 3 },
    });
    expect(batch.rejects[0]).toMatchObject({ file: 'deals.csv', row: 3 });
  });
});
