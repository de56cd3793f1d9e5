// The core of "done" for the workbook (issue 7): exported, edited like a user would (a new target,
// another α, growth, over-assignment, rounding unit), recalculated by LibreOffice headless, every
// rep's annual and monthly quota equals the engine's run at the new inputs, to the cent.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlan, type PlanRun } from '../src/core/engine/index.ts';
import type { Dataset } from '../src/core/model.ts';
import type { Plan } from '../src/core/plan/types.ts';
import { buildQuotaWorkbook } from '../src/io/export/quota-workbook.ts';
import { preparePlanRun } from '../src/services/plan-service.ts';
import { withWorkspace } from '../src/services/workspace.ts';
import { ROOT, runCli } from './cli.ts';
import { describeWithLibreOffice, recalculate } from './support/libreoffice.ts';
import { generatedDataset, generatedPlan, tiedDataset, tiedPlan } from './support/generated-org.ts';
import { readWorkbookQuotas, setInputs } from './support/workbook.ts';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qp-recalc-'));
});

/** Every rep of the run, and no other, with the same annual and monthly cents. */
async function expectWorkbookEqualsRun(file: string, run: PlanRun): Promise<void> {
  const { quotas } = await readWorkbookQuotas(file, run.allocation.monthLabels);
  expect(quotas.size).toBe(run.allocation.reps.length);
  const mismatches: string[] = [];
  for (const rep of run.allocation.reps) {
    const got = quotas.get(rep.id);
    if (
      got === undefined ||
      got.annual !== rep.quota ||
      got.monthly.some((cents, k) => cents !== rep.monthly[k])
    ) {
      mismatches.push(
        `${rep.id}: engine ${rep.quota} [${rep.monthly.join(' ')}], workbook ${got?.annual ?? '—'} [${got?.monthly.join(' ') ?? ''}]`,
      );
    }
  }
  expect(mismatches).toEqual([]);
}

async function exportGenerated(name: string, dataset: Dataset, plan: Plan): Promise<string> {
  const run = runPlan(dataset, plan);
  expect(run.blocked).toBe(false);
  const file = join(dir, `${name}.xlsx`);
  await writeFile(
    file,
    await buildQuotaWorkbook({
      plan,
      run,
      backtest: null,
      scenarios: null,
      meta: { source: name, generatedOn: '2026-11-22' },
    }),
  );
  return file;
}

describeWithLibreOffice('the workbook recalculated by LibreOffice', () => {
  describe('the Maven example plan', () => {
    const db = (): string => join(dir, 'maven-db');
    const workbook = (): string => join(dir, 'maven.xlsx');
    const plan = join(ROOT, 'examples', 'plan-maven.yaml');

    beforeAll(async () => {
      const files = ['sales_pipeline.csv', 'sales_teams.csv', 'accounts.csv', 'products.csv'];
      const imported = await runCli([
        'import',
        '--preset',
        'maven',
        '--db',
        db(),
        ...files.map((f) => join(ROOT, 'data', 'maven', f)),
      ]);
      expect(imported.code).toBe(0);
      const exported = await runCli([
        'export',
        'xlsx',
        plan,
        '--db',
        db(),
        '--out',
        workbook(),
        '--trials',
        '200',
      ]);
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain('36 reps, 5 scenarios');
    }, 180_000);

    async function engineAt(change: (plan: Plan) => Plan): Promise<PlanRun> {
      return withWorkspace({ db: db(), env: {} }, async (workspace) => {
        const prepared = await preparePlanRun(workspace, plan);
        if (!prepared.ok) throw new Error(JSON.stringify(prepared.issues));
        return runPlan(prepared.value.dataset, change(prepared.value.plan));
      });
    }

    it('gives the engine’s quotas as exported', async () => {
      await expectWorkbookEqualsRun(await recalculate(workbook()), await engineAt((p) => p));
    }, 120_000);

    it('follows an edited target and α to the cent', async () => {
      const edited = join(dir, 'maven-edited.xlsx');
      await setInputs(workbook(), edited, { Target: 12_345_678.91, Alpha: 0.35 });
      const run = await engineAt((p) => ({
        ...p,
        target: { kind: 'total', total: 1_234_567_891 },
        topDownShare: 0.35,
      }));
      expect(run.allocation.quota).toBe(Math.round(1_234_567_891 * 1.03));
      await expectWorkbookEqualsRun(await recalculate(edited), run);
    }, 120_000);
  });

  describe('a generated organisation with segments, hires, a departure and an SDR pool', () => {
    const dataset = generatedDataset();

    it('follows a new total target split over the segments by capacity, and new growth', async () => {
      const file = await exportGenerated('generated-total', dataset, generatedPlan());
      const edited = join(dir, 'generated-total-edited.xlsx');
      await setInputs(file, edited, { Target: 21_000_000, Growth: 0.1 });
      const run = runPlan(
        dataset,
        generatedPlan({ target: { kind: 'total', total: 2_100_000_000 }, growth: 0.1 }),
      );
      expect(run.allocation.segments.length).toBe(6);
      await expectWorkbookEqualsRun(await recalculate(edited), run);
    }, 120_000);

    it('follows targets per segment, over-assignment, the rounding unit and an SDR target', async () => {
      const bySegment = { ENT: 500_000_000, MM: 600_000_000, SMB: 450_000_000 };
      const file = await exportGenerated(
        'generated-segments',
        dataset,
        generatedPlan({ target: { kind: 'segments', bySegment } }),
      );
      const edited = join(dir, 'generated-segments-edited.xlsx');
      await setInputs(file, edited, {
        Target_ENT: 7_250_000.5,
        OverAssignment: 0.075,
        RoundingUnit: 2500,
        RoleTarget_SDR: 9_000_000,
      });
      const base = generatedPlan();
      const run = runPlan(
        dataset,
        generatedPlan({
          target: { kind: 'segments', bySegment: { ...bySegment, ENT: 725_000_050 } },
          overAssignment: 0.075,
          roundingUnit: 250_000,
          roles: {
            ...base.roles,
            SDR: { ...base.defaultRole, measure: 'sourced_pipeline', target: 900_000_000 },
          },
        }),
      );
      expect(run.allocation.methodology).toBe('segment-weighted blended');
      await expectWorkbookEqualsRun(await recalculate(edited), run);
    }, 120_000);

    it('runs top-down only and bottom-up only', async () => {
      const file = await exportGenerated('generated-alpha', dataset, generatedPlan());
      for (const alpha of [1, 0]) {
        const edited = join(dir, `generated-alpha-${alpha}.xlsx`);
        await setInputs(file, edited, { Alpha: alpha });
        await expectWorkbookEqualsRun(
          await recalculate(edited),
          runPlan(dataset, generatedPlan({ topDownShare: alpha })),
        );
      }
    }, 180_000);
  });

  describe('identical reps, where rounding breaks ties', () => {
    it('gives the extra units and cents to the smaller ids in code-unit order, as the engine', async () => {
      const dataset = tiedDataset();
      const file = await exportGenerated('ties', dataset, tiedPlan(100_300_007));
      const run = runPlan(dataset, tiedPlan(100_300_007));
      // Three units of $1,000 go to R1, R10 and R11 (not R2, R3); the 7 cents below a unit to R1.
      expect(run.allocation.reps.map((r) => `${r.id} ${r.quota}`)).toEqual([
        'R1 20100007',
        'R2 20000000',
        'R3 20000000',
        'R10 20100000',
        'R11 20100000',
      ]);
      await expectWorkbookEqualsRun(await recalculate(file), run);
      const edited = join(dir, 'ties-edited.xlsx');
      await setInputs(file, edited, { Target: 1_002_000.03 });
      await expectWorkbookEqualsRun(
        await recalculate(edited),
        runPlan(dataset, tiedPlan(100_200_003)),
      );
    }, 120_000);
  });
});
