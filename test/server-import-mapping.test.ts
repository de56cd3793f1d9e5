// Mapping columns over HTTP: the import route's form field "mapping" (a mapping document, YAML or
// JSON, parsed by the mapping-file code) in the dry run and the import; a file nobody recognises
// comes back with its columns and sample values; a bad mapping is a 422 naming the key path and
// what was expected; a mapped import is all or nothing.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/databases.ts';
import { ORIGIN, serverFixture } from './support/server.ts';
import type { ServerFixture } from './support/server.ts';

interface Issue {
  code: string;
  message: string;
  expected?: string;
  location?: { file?: string; row?: number; column?: string; value?: string };
}

interface PreviewFile {
  name: string;
  status: string;
  entity: string | null;
  label: string | null;
  delimiter: string | null;
  rows: number;
  accepted: number;
  columns: Record<string, string>;
  headers: { name: string; samples: string[] }[];
  suggested: Record<string, Record<string, string>>;
  issues: Issue[];
}

interface Preview {
  ready: boolean;
  preset: string | null;
  files: PreviewFile[];
  errors: Issue[];
  errorCount: number;
  records: Record<string, number>;
  samples: Record<string, Record<string, unknown>[]>;
  audit: {
    findings: { code: string; refs: { file: string | null; row: number | null }[] }[];
  } | null;
  mappingFields: { entity: string; fields: { name: string; required: boolean }[] }[];
}

interface Problem {
  status: number;
  code: string;
  detail: string;
  issues?: Issue[];
}

const ROOT = join(import.meta.dirname, '..');
const FILE = 'pipeline-export.csv';
/** Headers no preset and no generic name knows; owners and accounts of the Maven workspace. */
const CSV = [
  'Ref,Seller Name,Booked,Value (USD),Result,Customer',
  'PX-1,Moses Frase,31/03/2018,"1,234.50",Won,Cancity',
  'PX-2,Darcel Schlecht,15/04/2018,980,Lost,Isdom',
  'PX-3,Moses Frase,02/05/2018,"2,000.00",Won,Cancity',
].join('\n');

const MAPPING_YAML = `# deals of a CRM nobody has a preset for
date_format: DMY
files:
  - match: ${FILE}
    entity: deals
    columns:
      id: Ref
      owner_id: Seller Name
      close_date: Booked
      amount: Value (USD)
      status: Result
      account_id: Customer
`;

describeEachDatabase('mapping columns through the import route', (getDb) => {
  let s: ServerFixture;
  const path = '/api/workspaces/default/imports';

  beforeAll(async () => {
    s = await serverFixture(getDb());
  }, 120_000);

  const upload = (
    files: { name: string; content: string | Uint8Array }[],
    fields: Record<string, string>,
  ) => {
    const form = new FormData();
    for (const f of files) form.append('files', new Blob([f.content]), f.name);
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    return s.app.request(path, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: s.cookies.admin },
      body: form,
    });
  };
  const importCount = async (): Promise<number> =>
    ((await (await s.call('admin', 'GET', path)).json()) as unknown[]).length;
  const dealCount = async (): Promise<number> =>
    (
      (await (await s.call('admin', 'GET', '/api/workspaces/default/data-quality')).json()) as {
        deals: number;
      }
    ).deals;

  it('answers a file nobody recognises as "unrecognised", with its columns and sample values', async () => {
    const before = await importCount();
    const response = await upload([{ name: FILE, content: CSV }], { dryRun: 'true' });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.ready).toBe(false);
    expect(preview.audit).toBeNull();
    const file = preview.files[0];
    expect(file?.status).toBe('unrecognised');
    expect(file?.entity).toBeNull();
    expect(file?.delimiter).toBe(',');
    expect(file?.headers.map((h) => h.name)).toEqual([
      'Ref',
      'Seller Name',
      'Booked',
      'Value (USD)',
      'Result',
      'Customer',
    ]);
    expect(file?.headers.find((h) => h.name === 'Booked')?.samples).toEqual([
      '31/03/2018',
      '15/04/2018',
      '02/05/2018',
    ]);
    expect(file?.headers.find((h) => h.name === 'Value (USD)')?.samples).toEqual([
      '1,234.50',
      '980',
      '2,000.00',
    ]);
    // The usual names find only the account ("Customer") of a deal; nothing of a rep.
    expect(file?.suggested.deals).toEqual({ account_id: 'Customer' });
    expect(file?.suggested.reps).toEqual({});
    const issue = preview.errors[0];
    expect(issue?.code).toBe('file-not-recognised');
    expect(issue?.location?.file).toBe(FILE);
    expect(issue?.expected).toContain('entity:');
    expect(file?.issues[0]?.code).toBe('file-not-recognised');
    // What a mapping can say, for the wizard: every entity with its required fields.
    const deals = preview.mappingFields.find((e) => e.entity === 'deals');
    expect(deals?.fields.filter((f) => f.required).map((f) => f.name)).toEqual(['id', 'owner_id']);
    expect(preview.mappingFields.map((e) => e.entity)).toContain('reps');
    expect(await importCount()).toBe(before);
  });

  it('reads the file through a YAML mapping: columns, parsed values as stored, audit rows', async () => {
    const before = await importCount();
    const response = await upload([{ name: FILE, content: CSV }], {
      dryRun: 'true',
      mapping: MAPPING_YAML,
    });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.ready).toBe(true);
    expect(preview.errorCount).toBe(0);
    const file = preview.files[0];
    expect(file?.status).toBe('recognised');
    expect(file?.entity).toBe('deals');
    expect(file?.label).toBe('mapping files[0]');
    expect(file?.columns).toMatchObject({
      id: 'Ref',
      owner_id: 'Seller Name',
      close_date: 'Booked',
      amount: 'Value (USD)',
    });
    expect(file?.rows).toBe(3);
    expect(file?.accepted).toBe(3);
    expect(preview.records.deals).toBe(3);
    const first = preview.samples.deals?.[0];
    // Day-first dates as ISO dates, amounts in cents, the status through the value map.
    expect(first).toMatchObject({
      id: 'PX-1',
      ownerId: 'Moses Frase',
      closeDate: '2018-03-31',
      amount: 123450,
      status: 'won',
      accountId: 'Cancity',
    });
    // Audit findings name the file and row each affected record was read from.
    const refs = preview.audit?.findings.flatMap((f) => f.refs) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => r.file === FILE).every((r) => (r.row ?? 0) >= 2)).toBe(true);
    expect(refs.some((r) => r.file === FILE)).toBe(true);
    expect(await importCount()).toBe(before);
  });

  it('takes the same mapping as JSON', async () => {
    const mapping = {
      date_format: 'DMY',
      files: [
        {
          match: FILE,
          entity: 'deals',
          columns: { id: 'Ref', owner_id: 'Seller Name', close_date: 'Booked', status: 'Result' },
        },
      ],
    };
    const response = await upload([{ name: FILE, content: CSV }], {
      dryRun: 'true',
      mapping: JSON.stringify(mapping),
    });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.ready).toBe(true);
    // "Value (USD)" is no usual name of the amount and the mapping leaves it out.
    expect(preview.files[0]?.columns.amount).toBeUndefined();
    expect(preview.samples.deals?.[0]).toMatchObject({ id: 'PX-1', amount: null });
  });

  it('leaves out a column the usual names would find when the mapping says null', async () => {
    const withNull = MAPPING_YAML.replace('account_id: Customer', 'account_id: null');
    const response = await upload([{ name: FILE, content: CSV }], {
      dryRun: 'true',
      mapping: withNull,
    });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.files[0]?.columns.account_id).toBeUndefined();
    expect(preview.samples.deals?.[0]).toMatchObject({ id: 'PX-1', accountId: null });
  });

  it('refuses a bad mapping with 422 naming the key path, the line and what was expected', async () => {
    const bad = MAPPING_YAML.replace('entity: deals', 'entity: dealz');
    for (const dryRun of ['true', 'false']) {
      const response = await upload([{ name: FILE, content: CSV }], { dryRun, mapping: bad });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await response.json()) as Problem;
      expect(problem.code).toBe('mapping-invalid');
      expect(problem.detail).toContain('files[0].entity');
      expect(problem.detail).toMatch(/expected one of .*deals/);
      expect(problem.issues?.[0]?.location).toMatchObject({ file: 'mapping', row: 5 });
      expect(problem.issues?.[0]?.expected).toContain('ignore');
    }
    const unknownField = MAPPING_YAML.replace('amount: Value (USD)', 'amnt: Value (USD)');
    const response = await upload([{ name: FILE, content: CSV }], {
      dryRun: 'true',
      mapping: unknownField,
    });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as Problem;
    expect(problem.detail).toContain('files[0].columns.amnt');
    expect(problem.issues?.[0]?.expected).toContain('close_date');

    const notYaml = await upload([{ name: FILE, content: CSV }], {
      dryRun: 'true',
      mapping: 'files: [\n  - match: x',
    });
    expect(notYaml.status).toBe(422);
    expect(((await notYaml.json()) as Problem).detail).toContain('not valid YAML');
  });

  it('refuses two mapping fields', async () => {
    const form = new FormData();
    form.append('files', new Blob([CSV]), FILE);
    form.append('mapping', MAPPING_YAML);
    form.append('mapping', MAPPING_YAML);
    form.append('dryRun', 'true');
    const response = await s.app.request(path, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: s.cookies.admin },
      body: form,
    });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as Problem;
    expect(problem.issues?.[0]?.message).toBe(
      'mapping: expected one mapping document: text or a file',
    );
  });

  it('reports a mapped column the file lacks, and a required field mapped to nothing', async () => {
    const missing = MAPPING_YAML.replace('owner_id: Seller Name', 'owner_id: Sales Person');
    let response = await upload([{ name: FILE, content: CSV }], {
      dryRun: 'true',
      mapping: missing,
    });
    expect(response.status).toBe(200);
    let preview = (await response.json()) as Preview;
    expect(preview.ready).toBe(false);
    expect(preview.files[0]?.status).toBe('refused');
    expect(preview.files[0]?.headers).toHaveLength(6);
    expect(preview.errors[0]).toMatchObject({
      code: 'mapped-column-missing',
      location: { file: FILE },
    });
    expect(preview.errors[0]?.message).toContain('"Sales Person"');

    const unmapped = MAPPING_YAML.replace('owner_id: Seller Name', 'owner_id: null');
    response = await upload([{ name: FILE, content: CSV }], { dryRun: 'true', mapping: unmapped });
    preview = (await response.json()) as Preview;
    expect(preview.files[0]?.status).toBe('refused');
    expect(preview.errors[0]?.code).toBe('required-columns-missing');
    expect(preview.errors[0]?.message).toContain('owner_id');
  });

  it('describes an empty file as unreadable next to the files that can be read', async () => {
    const response = await upload(
      [
        { name: FILE, content: CSV },
        { name: 'empty.csv', content: '' },
      ],
      { dryRun: 'true', mapping: MAPPING_YAML },
    );
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.files.map((f) => [f.name, f.status])).toEqual([
      [FILE, 'recognised'],
      ['empty.csv', 'unreadable'],
    ]);
    expect(preview.errors[0]).toMatchObject({
      code: 'empty-file',
      location: { file: 'empty.csv' },
    });
  });

  it('imports through the mapping all or nothing: a bad row stores nothing, a good file lands', async () => {
    const beforeImports = await importCount();
    const beforeDeals = await dealCount();
    const broken = `${CSV}\nPX-4,Moses Frase,40/05/2018,lots,Won,Cancity\n`;
    const refused = await upload([{ name: FILE, content: broken }], {
      dryRun: 'false',
      mapping: MAPPING_YAML,
    });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as Problem;
    expect(problem.code).toBe('import-refused');
    const amount = problem.issues?.find((i) => i.location?.column === 'Value (USD)');
    expect(amount?.location).toMatchObject({ file: FILE, row: 5, value: 'lots' });
    expect(amount?.expected).toBeDefined();
    expect(problem.issues?.find((i) => i.location?.column === 'Booked')?.location?.row).toBe(5);
    expect(await importCount()).toBe(beforeImports);
    expect(await dealCount()).toBe(beforeDeals);

    const response = await upload([{ name: FILE, content: CSV }], {
      dryRun: 'false',
      mapping: MAPPING_YAML,
    });
    expect(response.status).toBe(201);
    const done = (await response.json()) as {
      files: { name: string; entity: string; accepted: number }[];
      counts: Record<string, { inserted: number }>;
    };
    expect(done.files[0]).toMatchObject({ name: FILE, entity: 'deals', accepted: 3 });
    expect(done.counts.deals?.inserted).toBe(3);
    expect(await importCount()).toBe(beforeImports + 1);
    expect(await dealCount()).toBe(beforeDeals + 3);
  });

  it('reads the Salvirt file with the example mapping file sent as a file', async () => {
    const csv = await readFile(join(ROOT, 'data', 'salvirt', 'Salvirt_B2B_ML_dataset_HF.csv'));
    const yaml = await readFile(join(ROOT, 'examples', 'salvirt-mapping.yaml'));
    const form = new FormData();
    form.append('files', new Blob([csv]), 'Salvirt_B2B_ML_dataset_HF.csv');
    form.append('mapping', new Blob([yaml]), 'salvirt-mapping.yaml');
    form.append('dryRun', 'true');
    const response = await s.app.request(path, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: s.cookies.admin },
      body: form,
    });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.ready).toBe(true);
    expect(preview.preset).toBe('generic');
    expect(preview.files[0]).toMatchObject({ delimiter: ';', rows: 448, accepted: 448 });
    expect(preview.files[0]?.columns.id).toBe('$row');
    expect(preview.records.deals).toBe(448);
    expect(preview.samples.deals?.[0]).toMatchObject({
      id: 'Salvirt_B2B_ML_dataset_HF-2',
      ownerId: 'Seller 6',
      status: 'won',
      type: 'expansion',
    });
  });

  it('lets only admins upload with a mapping', async () => {
    const form = new FormData();
    form.append('files', new Blob([CSV]), FILE);
    form.append('mapping', MAPPING_YAML);
    form.append('dryRun', 'true');
    const response = await s.app.request(path, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: s.cookies.cro },
      body: form,
    });
    expect(response.status).toBe(403);
  });
});
