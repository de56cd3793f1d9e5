// Deliverables rendered on the render worker: the same files as rendering in this thread, this
// thread free meanwhile, and a failing job reported with its message without harming the next.

import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, workflow } from '../db/index.ts';
import type { Database } from '../db/index.ts';
import { mavenWorkspace } from '../../test/support/maven-workspace.ts';
import { buildDocsPackage, buildQuotaLetter } from './docs-service.ts';
import type { PreparedPlan } from './plan-service.ts';
import {
  renderDocsPackage,
  renderQuotaLetter,
  renderWorkbook,
  RenderWorkerError,
} from './render-runner.ts';
import { createDraftPlan, evaluatePlanText } from './workflow/plan-versions.ts';

const OPTIONS = { planPath: 'plan.yaml', generatedOn: '2026-12-07' };

describe('the render worker', () => {
  let database: Database;
  let prepared: PreparedPlan;

  beforeAll(async () => {
    database = await openDatabase({ kind: 'pglite', dir: null });
    const workspace = await mavenWorkspace(database);
    const context = { workspace, actor: { userId: null, email: 'test' } };
    const { planId } = await createDraftPlan(context, { name: 'Render test', asOf: '2017-06-30' });
    const v0 = await workflow.getVersion(database.db, planId, 0);
    if (v0 === null) throw new Error('v0 was not saved');
    ({ prepared } = await evaluatePlanText(workspace, v0.planYaml, 'render test'));
  }, 120_000);

  afterAll(async () => {
    await database.close();
  });

  it('renders the same documents as this thread would', async () => {
    const here = await buildDocsPackage(prepared, { ...OPTIONS, format: 'md' });
    const there = await renderDocsPackage(prepared, { ...OPTIONS, format: 'md' });
    expect(there.map((f) => [f.path, f.kind, f.title])).toEqual(
      here.map((f) => [f.path, f.kind, f.title]),
    );
    // Markdown is compared byte for byte (chart SVGs carry ECharts' per-thread element counters).
    const markdown = (files: typeof here) =>
      files.filter((f) => f.path.endsWith('.md')).map((f) => f.bytes.toString('utf8'));
    expect(markdown(there)).toEqual(markdown(here));
    expect(markdown(there).length).toBeGreaterThan(10);
    expect(Buffer.isBuffer(there[0]?.bytes)).toBe(true);

    const first = prepared.run.allocation.reps[0];
    if (first === undefined) throw new Error('the plan has no reps');
    const rep = first.id;
    const letterHere = await buildQuotaLetter(prepared, OPTIONS, rep, 'html');
    const letterThere = await renderQuotaLetter(prepared, OPTIONS, rep, 'html');
    expect(letterThere?.path).toBe(letterHere?.path);
    expect(letterThere?.bytes.toString('utf8')).toContain(first.name);
    expect(await renderQuotaLetter(prepared, OPTIONS, 'nobody', 'html')).toBeNull();
  }, 120_000);

  it('leaves this thread free while it renders the PDF package and the workbook', async () => {
    const before = performance.eventLoopUtilization();
    const [pdfs, workbook] = await Promise.all([
      renderDocsPackage(prepared, { ...OPTIONS, format: 'pdf' }),
      renderWorkbook(prepared, { scenarios: false, generatedOn: OPTIONS.generatedOn }),
    ]);
    const used = performance.eventLoopUtilization(before);
    expect(
      pdfs
        .find((f) => f.path.endsWith('.pdf'))
        ?.bytes.subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(workbook.subarray(0, 2).toString()).toBe('PK');
    // Rendered here, this thread would have been busy nearly all along (utilisation near 1);
    // it only copied the plan over and the bytes back.
    expect(used.utilization).toBeLessThan(0.5);
  }, 180_000);

  it('reports a failing job with its message, and renders the next one', async () => {
    const broken = { ...prepared, run: { ...prepared.run, allocation: undefined } };
    const failed = renderWorkbook(broken as unknown as PreparedPlan, {
      scenarios: false,
      generatedOn: OPTIONS.generatedOn,
    });
    await expect(failed).rejects.toThrow(RenderWorkerError);
    await expect(failed).rejects.toThrow(/^rendering the quota workbook failed: /);
    const workbook = await renderWorkbook(prepared, {
      scenarios: false,
      generatedOn: OPTIONS.generatedOn,
    });
    expect(workbook.subarray(0, 2).toString()).toBe('PK');
  }, 120_000);
});
