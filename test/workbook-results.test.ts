// Every formula of the quota workbook carries its computed value (issue 14): previewers, mail
// clients and readers that do not recalculate (openpyxl with data_only=True) see numbers. Read
// back as written, without recalculating: the quotas are the engine's to the cent, and every
// formula's stored result equals what LibreOffice computes for it.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPlan, type PlanRun } from '../src/core/engine/index.ts';
import { buildQuotaWorkbook } from '../src/io/export/quota-workbook.ts';
import { describeWithLibreOffice, recalculate } from './support/libreoffice.ts';
import { generatedDataset, generatedPlan } from './support/generated-org.ts';
import { readWorkbookQuotas } from './support/workbook.ts';

type Stored = ExcelJS.CellFormulaValue['result'];

/** Every formula cell of a workbook file: sheet!address → its formula and stored result. */
async function formulaCells(
  file: string,
): Promise<Map<string, { formula: string; result: Stored }>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cells = new Map<string, { formula: string; result: Stored }>();
  wb.eachSheet((ws) => {
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        const v = cell.value;
        if (v !== null && typeof v === 'object' && 'formula' in v) {
          cells.set(`${ws.name}!${cell.address}`, { formula: v.formula, result: v.result });
        }
      });
    });
  });
  return cells;
}

let file = '';
let run: PlanRun;

beforeAll(async () => {
  const dataset = generatedDataset();
  const plan = generatedPlan();
  run = runPlan(dataset, plan);
  file = join(await mkdtemp(join(tmpdir(), 'qp-results-')), 'workbook.xlsx');
  await writeFile(
    file,
    await buildQuotaWorkbook({
      plan,
      run,
      backtest: null,
      scenarios: null,
      meta: { source: 'generated', generatedOn: '2026-11-22' },
    }),
  );
});

describe('the workbook’s stored formula results', () => {
  it('give every rep’s annual and monthly quota to the cent, without recalculating', async () => {
    const { quotas } = await readWorkbookQuotas(file, run.allocation.monthLabels);
    expect(quotas.size).toBe(run.allocation.reps.length);
    for (const rep of run.allocation.reps) {
      expect(quotas.get(rep.id), rep.id).toEqual({ annual: rep.quota, monthly: rep.monthly });
    }
  });

  it('hold no error among the results, and results for most formulas', async () => {
    const cells = await formulaCells(file);
    expect(cells.size).toBeGreaterThan(1000);
    const errors = [...cells].filter(([, c]) => typeof c.result === 'object');
    expect(errors.map(([where, c]) => `${where}: ${c.formula}`)).toEqual([]);
    // ExcelJS reads a result of 0 or "" back as none (those are compared with LibreOffice below).
    const read = [...cells.values()].filter((c) => c.result !== undefined).length;
    expect(read / cells.size).toBeGreaterThan(0.5);
  });
});

describeWithLibreOffice('the stored results against LibreOffice', () => {
  // A result missing on reading back (ExcelJS's reading of 0 and "") must be 0 or "" there too.
  it('equal what LibreOffice computes for every formula', { timeout: 300_000 }, async () => {
    const ours = await formulaCells(file);
    const theirs = await formulaCells(await recalculate(file));
    const differ: string[] = [];
    for (const [where, c] of ours) {
      const other = theirs.get(where);
      const a = c.result;
      const b = other?.result;
      const same =
        typeof a === 'number' && typeof b === 'number'
          ? Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b))
          : JSON.stringify(a ?? '') === JSON.stringify(b ?? '');
      if (!same) {
        differ.push(
          `${where} ${c.formula}: ours ${JSON.stringify(a)}, LibreOffice ${JSON.stringify(b)}`,
        );
      }
    }
    expect(differ.slice(0, 20)).toEqual([]);
  });
});
