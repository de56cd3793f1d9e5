// Jobs on the worker threads: the same results as in this thread, this thread free meanwhile, a
// workspace's dataset sent once per data stamp and kept by the worker, refusals of the input
// coming back as the WorkflowError they are, and a failing job not harming the next.

import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeBaseline } from '../core/baseline/index.ts';
import type { Dataset } from '../core/model.ts';
import { loadDataset, openDatabase, workflow } from '../db/index.ts';
import type { Database } from '../db/index.ts';
import { generatedDataset } from '../../test/support/generated-org.ts';
import { mavenWorkspace } from '../../test/support/maven-workspace.ts';
import { buildDocsPackage, buildQuotaLetter } from './docs-service.ts';
import { JobWorkerError, runJob } from './job-runner.ts';
import type { DataSource } from './job-runner.ts';
import { createDraftPlan } from './workflow/plan-versions.ts';
import { WorkflowError } from './workflow/errors.ts';
import { preparedOn } from './workflow/plan-runs.ts';

const OPTIONS = { planPath: 'plan.yaml', generatedOn: '2026-12-07' };

/** A data source that counts how often the dataset is read for the worker. */
function counted(key: string, stamp: string, read: () => Dataset | Promise<Dataset>) {
  const source = {
    key,
    stamp,
    loads: 0,
    load: async () => {
      source.loads++;
      return read();
    },
  };
  return source satisfies DataSource;
}

describe('jobs on the worker threads', () => {
  let database: Database;
  let dataset: Dataset;
  let text = '';

  beforeAll(async () => {
    database = await openDatabase({ kind: 'pglite', dir: null });
    const workspace = await mavenWorkspace(database);
    const context = { workspace, actor: { userId: null, email: 'test' } };
    const { planId } = await createDraftPlan(context, { name: 'Job test', asOf: '2017-06-30' });
    const v0 = await workflow.getVersion(database.db, planId, 0);
    if (v0 === null) throw new Error('v0 was not saved');
    text = v0.planYaml;
    dataset = await loadDataset(database, workspace.id);
  }, 120_000);

  afterAll(async () => {
    await database.close();
  });

  it('renders the same documents as this thread would', async () => {
    const source = counted('maven', '1', () => dataset);
    const job = { text, name: 'job test', version: 0, decisions: [] };
    const prepared = await preparedOn(dataset, text, 'job test');
    const here = await buildDocsPackage(prepared, { ...OPTIONS, format: 'md' });
    const there = await runJob(
      'render',
      'docs',
      { ...job, options: { ...OPTIONS, format: 'md' } },
      source,
      'the package',
    );
    expect(there.map((f) => [f.path, f.kind, f.title])).toEqual(
      here.map((f) => [f.path, f.kind, f.title]),
    );
    // Markdown is compared byte for byte (chart SVGs carry ECharts' per-thread element counters).
    const decode = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
    const markdown = (files: { path: string; bytes: Uint8Array }[]) =>
      files.filter((f) => f.path.endsWith('.md')).map((f) => decode(f.bytes));
    expect(markdown(there)).toEqual(markdown(here));
    expect(markdown(there).length).toBeGreaterThan(10);

    const first = prepared.run.allocation.reps[0];
    if (first === undefined) throw new Error('the plan has no reps');
    const letterHere = await buildQuotaLetter(prepared, OPTIONS, first.id, 'html');
    const letter = (repId: string) =>
      runJob(
        'render',
        'letter',
        { ...job, options: OPTIONS, repId, format: 'html' },
        source,
        'a letter',
      );
    const letterThere = await letter(first.id);
    expect(letterThere?.path).toBe(letterHere?.path);
    expect(decode(letterThere?.bytes ?? new Uint8Array())).toContain(first.name);
    expect(await letter('nobody')).toBeNull();
    // Three jobs, one copy of the dataset.
    expect(source.loads).toBe(1);
  }, 120_000);

  it('leaves this thread free while it renders the PDF package and the workbook', async () => {
    const source = counted('maven', '1', () => dataset);
    const job = { text, name: 'job test', version: 0, decisions: [] };
    const before = performance.eventLoopUtilization();
    const [pdfs, workbook] = await Promise.all([
      runJob('render', 'docs', { ...job, options: { ...OPTIONS, format: 'pdf' } }, source, 'pdf'),
      runJob(
        'render',
        'workbook',
        { ...job, options: { scenarios: false, generatedOn: OPTIONS.generatedOn } },
        source,
        'the workbook',
      ),
    ]);
    const used = performance.eventLoopUtilization(before);
    const pdf = pdfs.find((f) => f.path.endsWith('.pdf'));
    expect(
      Buffer.from(pdf?.bytes ?? new Uint8Array())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(Buffer.from(workbook).subarray(0, 2).toString()).toBe('PK');
    // Rendered here, this thread would have been busy nearly all along (utilisation near 1).
    expect(used.utilization).toBeLessThan(0.5);
  }, 180_000);

  it('keeps a large baseline off this thread, and sends the data again only when it changed', async () => {
    const org = generatedDataset(600);
    const source = counted('generated', 'a', () => org);
    const query = { by: 'rep', from: '2016-01-01', to: '2025-12-31' };
    // The first job copies the dataset over; the ones after it use the worker's copy.
    await runJob('compute', 'baseline', query, source, 'the baseline');
    const before = performance.eventLoopUtilization();
    const results = await Promise.all(
      [0, 1, 2].map(() => runJob('compute', 'baseline', query, source, 'the baseline')),
    );
    const used = performance.eventLoopUtilization(before);
    const here = computeBaseline(org, { ...query, by: 'rep', asOf: '2025-12-31' });
    // Written as JSON in the worker: the server sends it as it is, with where the as-of came from.
    const first = results[0];
    expect(first?.ok).toBe(true);
    expect(JSON.parse(first?.ok === true ? first.value : 'null')).toEqual({
      ...(JSON.parse(JSON.stringify(here)) as object),
      asOfNote: "the workspace's as-of date, set at import",
    });
    expect(source.loads).toBe(1);
    expect(used.utilization).toBeLessThan(0.5);
    // A new stamp (an import, a settings change) sends the new data.
    const changed = counted('generated', 'b', () => generatedDataset(20));
    const small = await runJob('compute', 'baseline', query, changed, 'the baseline');
    expect(changed.loads).toBe(1);
    expect(small.ok && small.value.length).toBeLessThan(JSON.stringify(here).length);
  }, 120_000);

  it('returns a refusal of the input as the WorkflowError it is, and survives a failing job', async () => {
    const source = counted('maven', '1', () => dataset);
    const refused = runJob(
      'compute',
      'evaluate',
      { text: 'name: [unclosed', name: 'broken plan' },
      source,
      'a broken plan',
    );
    await expect(refused).rejects.toThrow(WorkflowError);
    await expect(refused).rejects.toMatchObject({ code: 'invalid' });
    // No trials at all: the simulation runner throws, which is no refusal of a request.
    const failed = runJob(
      'compute',
      'scenarios',
      { text, name: 'v0', planId: 1, version: 0, trials: 0, maxTrials: 0 },
      source,
      'the scenarios',
    );
    await expect(failed).rejects.toThrow(JobWorkerError);
    await expect(failed).rejects.toThrow(/^the scenarios failed: trials must be a whole number/);
    const evaluated = await runJob('compute', 'evaluate', { text, name: 'v0' }, source, 'v0');
    expect(evaluated.results.totalQuota).toBeGreaterThan(0);
    expect(evaluated.prepared).not.toHaveProperty('dataset');
  }, 120_000);
});
