// The wizard's look at files before any row is converted: columns with sample values, how each
// file would be read or why it cannot be; plus the mapping's "not in this file" (null) and the
// source row of every record read.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../core/issue.ts';
import { inspectImportFiles, readImportFiles } from './index.ts';
import type { ImportContext, MappingFile, MappingFileRule } from './index.ts';

const MAVEN = join(import.meta.dirname, '..', '..', '..', 'data', 'maven');
const empty: ImportContext = {
  currency: 'USD',
  existing: { reps: [], accountIds: new Set(), rates: [] },
};

async function write(files: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'qp-inspect-'));
  const paths: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text);
    paths.push(join(dir, name));
  }
  return paths;
}

function mappingOf(...files: Partial<MappingFileRule>[]): MappingFile {
  return {
    path: null,
    values: { status: {}, type: {} },
    files: files.map((f) => ({
      match: '*',
      columns: {},
      constants: {},
      values: { status: {}, type: {} },
      ...f,
    })),
  };
}

const EXPORT = 'Ref;Seller Name;Booked;Result\nPX-1;Ann;2024-03-31;Won\nPX-2;Ann;2024-04-02;Lost\n';

describe('inspectImportFiles', () => {
  it('describes the Maven files: preset, entity, columns and sample values', async () => {
    const inspection = await inspectImportFiles(
      ['sales_pipeline.csv', 'sales_teams.csv', 'data_dictionary.csv'].map((f) => join(MAVEN, f)),
      {},
    );
    expect(inspection.preset).toBe('maven');
    expect(inspection.issues).toEqual([]);
    const [pipeline, teams, dictionary] = inspection.files;
    expect(pipeline).toMatchObject({
      name: 'sales_pipeline.csv',
      status: 'recognised',
      entity: 'deals',
      format: 'csv',
      delimiter: ',',
    });
    expect(pipeline?.columns).toMatchObject({ id: 'opportunity_id', amount: 'close_value' });
    expect(pipeline?.headers.find((h) => h.name === 'deal_stage')?.samples).toEqual([
      'Won',
      'Engaging',
      'Lost',
    ]);
    expect(pipeline?.headers.find((h) => h.name === 'opportunity_id')?.samples).toEqual([
      '1C1I7A6R',
      'Z063OYW0',
      'EC4QE1BX',
    ]);
    expect(teams).toMatchObject({ status: 'recognised', entity: 'reps' });
    expect(dictionary).toMatchObject({ status: 'ignored', entity: null });
  });

  it('describes a file nobody recognises with its headers and what the usual names find', async () => {
    const [path = ''] = await write({ 'export.csv': EXPORT });
    const inspection = await inspectImportFiles([path], {});
    expect(inspection.preset).toBe('generic');
    const file = inspection.files[0];
    expect(file).toMatchObject({ status: 'unrecognised', entity: null, delimiter: ';' });
    expect(file?.headers).toEqual([
      { name: 'Ref', samples: ['PX-1', 'PX-2'] },
      { name: 'Seller Name', samples: ['Ann'] },
      { name: 'Booked', samples: ['2024-03-31', '2024-04-02'] },
      { name: 'Result', samples: ['Won', 'Lost'] },
    ]);
    expect(file?.suggested.deals).toEqual({});
    expect(inspection.issues.map((i) => i.code)).toEqual(['file-not-recognised']);
    expect(
      formatIssue(inspection.issues[0] ?? { code: '', severity: 'error', message: '' }),
    ).toMatch(/^export\.csv: cannot tell what this file holds/);
  });

  it('reads the same file as deals through a mapping, and refuses a mapped header it lacks', async () => {
    const [path = ''] = await write({ 'export.csv': EXPORT });
    const columns = { id: 'Ref', owner_id: 'Seller Name', close_date: 'Booked', status: 'Result' };
    const good = await inspectImportFiles([path], {
      mapping: mappingOf({ match: 'export.csv', entity: 'deals', columns }),
    });
    expect(good.issues).toEqual([]);
    expect(good.files[0]).toMatchObject({
      status: 'recognised',
      entity: 'deals',
      label: 'mapping files[0]',
      columns,
    });
    const bad = await inspectImportFiles([path], {
      mapping: mappingOf({
        match: 'export.csv',
        entity: 'deals',
        columns: { ...columns, owner_id: 'Owner' },
      }),
    });
    expect(bad.files[0]?.status).toBe('refused');
    expect(bad.files[0]?.headers).toHaveLength(4);
    expect(bad.issues[0]).toMatchObject({
      code: 'mapped-column-missing',
      location: { file: 'export.csv' },
    });
  });

  it('describes an empty file as unreadable and keeps the others', async () => {
    const paths = await write({ 'deals.csv': 'id,owner_id,status\nd1,Ann,won\n', 'empty.csv': '' });
    const inspection = await inspectImportFiles(paths, {});
    expect(inspection.files.map((f) => [f.name, f.status])).toEqual([
      ['deals.csv', 'recognised'],
      ['empty.csv', 'unreadable'],
    ]);
    expect(inspection.files[1]?.issues[0]?.code).toBe('empty-file');
  });

  it('leaves every file unrecognised when they look like exports of different systems', async () => {
    const paths = await write({
      'a.csv': 'opportunity_id,sales_agent,deal_stage\nA1,Zed,Won\n',
      'b.csv': 'Record ID,Deal Name,Deal Stage,Pipeline,Deal owner\n1,X,closedwon,default,Y\n',
    });
    const inspection = await inspectImportFiles(paths, {});
    expect(inspection.preset).toBeNull();
    expect(inspection.files.map((f) => f.status)).toEqual(['unrecognised', 'unrecognised']);
    expect(inspection.issues.map((i) => i.code)).toEqual(['preset-ambiguous']);
  });
});

describe('mapping a field to null', () => {
  it('reads no column for it, not even one its usual names find, but keeps a constant', async () => {
    const paths = await write({
      'deals.csv': 'id,owner_id,status,amount,type,close_date\nd1,Ann,won,100,renewal,2024-01-02\n',
    });
    const result = await readImportFiles(
      paths,
      {
        mapping: mappingOf({
          match: 'deals.csv',
          entity: 'deals',
          columns: { amount: null, type: null },
          constants: { type: 'expansion' },
        }),
      },
      empty,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.files[0]?.columns.amount).toBeUndefined();
    expect(result.value.records.deals[0]).toMatchObject({ amount: null, type: 'expansion' });
  });
});

describe('the source row of a record', () => {
  it('names the file and row a record was read from; derived records have none', async () => {
    const paths = await write({
      'deals.csv':
        'id,owner_id,status,amount,close_date\nd1,Ann,won,1,2024-01-02\nd2,Bo,lost,1,2024-01-02\n',
    });
    const result = await readImportFiles(paths, {}, empty);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.sourceRow('deals', 'd2')).toEqual({ file: 'deals.csv', row: 3 });
    expect(result.value.sourceRow('deals', 'd9')).toBeUndefined();
    // The roster was derived from the owners: no file holds those reps.
    expect(result.value.records.reps.map((r) => r.id)).toContain('Ann');
    expect(result.value.sourceRow('reps', 'Ann')).toBeUndefined();
  });
});
