// The quota model workbook (seed 4c: "XLSX with all calculations visible"): nine sheets, every
// quota a live formula of the Inputs sheet, written with ExcelJS's streaming writer so a
// 5,000-rep plan takes seconds. Pure of the database: a plan and its run in, XLSX bytes out.

import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Plan } from '../../core/plan/types.ts';
import type { PlanRun } from '../../core/engine/index.ts';
import type { BacktestResult } from '../../core/backtest/backtest.ts';
import type { ScenarioResult } from '../../core/simulation/index.ts';
import type { Issue } from '../../core/issue.ts';
import { SHEETS, workbookLayout } from './workbook-layout.ts';
import { FormulaBook } from './formula-results.ts';
import { flushSheets, formatsFor, recordInto } from './xlsx-kit.ts';
import { writeBaseline, writeRampCapacity, writeTerritoryWeights } from './sheets-history.ts';
import { writeAllocation } from './sheet-allocation.ts';
import { writeAssumptions, writeInputs, type WorkbookMeta } from './sheets-plan.ts';
import { writeBacktest, writeChecks, writeScenarios } from './sheets-results.ts';

export type { WorkbookMeta };

export interface QuotaWorkbookInput {
  plan: Plan;
  run: PlanRun;
  /** The run's issues as they should be shown (plan-file lines added). */
  issues?: readonly Issue[] | undefined;
  backtest: BacktestResult | null;
  /** Simulated scenarios; null when not simulated. */
  scenarios: readonly ScenarioResult[] | null;
  meta: WorkbookMeta;
}

/** Thrown when asked for a workbook of a run that has no quotas to show. */
export class WorkbookInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbookInputError';
  }
}

/**
 * The most formulas whose results are stored (about 150 reps; the Maven demo has 4,436): each
 * costs about 0.15 ms to evaluate, and a rep's rank reads their whole segment, so larger
 * workbooks are written with formulas only (the spreadsheet computes them on opening) and keep
 * the 5,000-rep benchmark's time.
 */
export const MAX_EVALUATED_FORMULAS = 20_000;

/** The workbook as XLSX bytes. */
export async function buildQuotaWorkbook(input: QuotaWorkbookInput): Promise<Buffer> {
  const { plan, run } = input;
  if (run.blocked) {
    throw new WorkbookInputError(
      'the plan is blocked: its quotas cannot be reproduced in a workbook',
    );
  }
  const layout = workbookLayout(plan, run);
  const fmt = formatsFor(plan.currency, run.allocation.basis);
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: true,
  });
  wb.creator = 'quotaplan';
  wb.title = `${plan.name}: quota model workbook`;
  const frozen = (xSplit: number, ySplit: number): Partial<ExcelJS.AddWorksheetOptions> => ({
    views: [{ state: 'frozen', xSplit, ySplit }],
  });
  const sheet = (name: string, options: Partial<ExcelJS.AddWorksheetOptions>): ExcelJS.Worksheet =>
    wb.addWorksheet(name, options);

  const inputs = sheet(SHEETS.inputs, frozen(1, 5));
  const baseline = sheet(SHEETS.baseline, frozen(2, layout.baselineFirst - 1));
  const weights = sheet(SHEETS.weights, frozen(2, 5));
  const ramp = sheet(SHEETS.ramp, frozen(2, layout.rampFirst - 1));
  const allocationFreeze = layout.groups.length <= 8 ? layout.repHeader : 0;
  const allocation = sheet(SHEETS.allocation, frozen(2, allocationFreeze));
  const backtest = sheet(SHEETS.backtest, frozen(2, 0));
  const scenarios = sheet(SHEETS.scenarios, frozen(1, 4));
  const checks = sheet(SHEETS.checks, {});
  const assumptions = sheet(SHEETS.assumptions, frozen(1, 4));

  // Every sheet is recorded first, then each formula evaluated over all of them and written
  // with its result (previewers and readers that do not recalculate show the numbers).
  const book = new FormulaBook();
  const all = [
    inputs,
    baseline,
    weights,
    ramp,
    allocation,
    backtest,
    scenarios,
    checks,
    assumptions,
  ];
  for (const ws of all) recordInto(ws, book);
  writeInputs(wb, inputs, plan, run, layout, fmt, input.meta);
  writeBaseline(baseline, plan, run, layout, fmt);
  writeTerritoryWeights(weights, plan, run, layout, fmt);
  const rampColumns = writeRampCapacity(ramp, plan, run, layout, fmt);
  const repColumns = writeAllocation(allocation, plan, run, layout, fmt, rampColumns);
  writeBacktest(backtest, plan, input.backtest, fmt);
  writeScenarios(scenarios, plan, run, input.scenarios, fmt);
  writeChecks(checks, run, layout, fmt, repColumns);
  writeAssumptions(assumptions, run, input.issues ?? run.allocation.issues);
  for (const name of wb.definedNames.model) {
    const range = name.ranges[0];
    if (range !== undefined) book.defineName(name.name, range);
  }
  flushSheets(book, book.size <= MAX_EVALUATED_FORMULAS ? book.evaluate() : new Map());
  for (const ws of all) ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
