// The import wizard's dry run through the API: the Maven files read with their detected columns,
// preview rows and the audit, a bad file's row errors reported instead of refused, and nothing
// stored either way.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { DEMO_FILES } from '../src/services/demo-service.ts';
import { describeEachDatabase } from './support/databases.ts';
import { ORIGIN, serverFixture } from './support/server.ts';
import type { ServerFixture } from './support/server.ts';

interface Preview {
  dryRun: boolean;
  ready: boolean;
  preset: string;
  files: {
    name: string;
    status: string;
    entity: string | null;
    rows: number;
    columns: Record<string, string>;
    headers: { name: string; samples: string[] }[];
  }[];
  errors: { message: string; location?: { file?: string } }[];
  errorCount: number;
  records: Record<string, number>;
  samples: Record<string, unknown[]>;
  audit: {
    errorCount: number;
    findings: {
      code: string;
      count: number;
      refs: { entity: string; id: string; file: string | null; row: number | null }[];
    }[];
  };
}

describeEachDatabase('the import dry run through the API', (getDb) => {
  let s: ServerFixture;
  const path = '/api/workspaces/default/imports';

  beforeAll(async () => {
    s = await serverFixture(getDb());
  }, 120_000);

  const upload = (form: FormData) =>
    s.app.request(path, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: s.cookies.admin },
      body: form,
    });
  const importCount = async (): Promise<number> =>
    ((await (await s.call('admin', 'GET', path)).json()) as unknown[]).length;

  it('reads the Maven files: entities, detected columns, preview rows, the audit; stores nothing', async () => {
    const before = await importCount();
    const form = new FormData();
    for (const file of DEMO_FILES) {
      form.append('files', new Blob([await readFile(file)]), basename(file));
    }
    form.append('preset', 'maven');
    form.append('dryRun', 'true');
    const response = await upload(form);
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.dryRun).toBe(true);
    expect(preview.preset).toBe('maven');
    expect(preview.errorCount).toBe(0);
    expect(preview.records.deals).toBeGreaterThan(1000);
    expect(preview.samples.deals?.length).toBe(5);
    expect(preview.ready).toBe(true);
    const pipeline = preview.files.find((f) => f.name === 'sales_pipeline.csv');
    expect(pipeline?.status).toBe('recognised');
    expect(pipeline?.entity).toBe('deals');
    expect(Object.values(pipeline?.columns ?? {})).toContain('close_value');
    expect(pipeline?.headers.map((h) => h.name)).toContain('close_value');
    expect(pipeline?.headers.find((h) => h.name === 'sales_agent')?.samples.length).toBe(3);
    // The audit's affected records name the row of the file they were read from: the first
    // deal of a finding is that row of sales_pipeline.csv.
    const pipelineText = await readFile(
      DEMO_FILES.find((f) => f.endsWith('sales_pipeline.csv')) ?? '',
      'utf8',
    );
    const lines = pipelineText.split('\n');
    const dealRefs = preview.audit.findings
      .flatMap((f) => f.refs)
      .filter((r) => r.entity === 'deals');
    expect(dealRefs.length).toBeGreaterThan(0);
    for (const ref of dealRefs.slice(0, 10)) {
      expect(ref.file).toBe('sales_pipeline.csv');
      expect(lines[(ref.row ?? 0) - 1]?.split(',')[0]).toBe(ref.id);
    }
    expect(preview.audit.findings.every((f) => f.refs.length === Math.min(f.count, 20))).toBe(true);
    // The workspace holds these files already: the dry run's audit of the uploaded records on
    // their own finds every problem of the stored data, except the records the import derived
    // (the roster and territories, already stored, so not derived again).
    const stored = (await (
      await s.call('admin', 'GET', '/api/workspaces/default/data-quality')
    ).json()) as { findings: { code: string }[] };
    const storedCodes = stored.findings.map((f) => f.code).filter((c) => !c.endsWith('-derived'));
    expect(storedCodes.length).toBeGreaterThan(3);
    expect(preview.audit.findings.map((f) => f.code)).toEqual(expect.arrayContaining(storedCodes));
    expect(await importCount()).toBe(before);
  });

  it('reports a bad row with its file instead of refusing, and still stores nothing', async () => {
    const before = await importCount();
    const form = new FormData();
    form.append(
      'files',
      new Blob(['Opportunity_ID,Sales_Agent,Deal_Stage,Close_Value\nX1,Ann,Won,not-a-number\n']),
      'sales_pipeline.csv',
    );
    form.append('preset', 'maven');
    form.append('dryRun', 'true');
    const response = await upload(form);
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.errorCount).toBeGreaterThan(0);
    expect(preview.errors[0]?.location?.file).toBe('sales_pipeline.csv');
    expect(await importCount()).toBe(before);
  });
});
