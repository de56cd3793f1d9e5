// The workbook export use case: reads a plan file, runs it on the workspace, back-tests and
// simulates it, and writes the quota model workbook. `buildWorkbook` returns the bytes without
// touching the file system, for the web app's download button; `exportWorkbookFile` is the CLI's.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fail, ok, type Result } from '../core/issue.ts';
import { backtestPlan } from '../core/backtest/backtest.ts';
import { buildSimulationModel, PRESETS, type ScenarioResult } from '../core/simulation/index.ts';
import { buildQuotaWorkbook } from '../io/export/quota-workbook.ts';
import { blockedPlanIssues, preparePlanRun, type PreparedPlan } from './plan-service.ts';
import { PRESET_NAMES } from './simulate-service.ts';
import { runSimulation } from './simulation-runner.ts';
import { withWorkspace, type WorkspaceRequest } from './workspace.ts';

export interface WorkbookOptions {
  /** Simulate the scenarios (the presets and the plan's own) for the Scenarios sheet. Default true. */
  scenarios?: boolean | undefined;
  /** Trials per scenario (default: the plan's). */
  trials?: number | undefined;
  /** Worker threads for the simulation (default: the simulation runner's). */
  workers?: number | undefined;
  /** Where the plan came from, for the title block (default: the plan's name). */
  source?: string | undefined;
  /** The date printed on the workbook, YYYY-MM-DD (the caller's clock). */
  generatedOn: string;
}

/** Every scenario of a plan: the presets, then its custom scenarios by name. */
async function simulateAll(
  prepared: PreparedPlan,
  options: WorkbookOptions,
): Promise<ScenarioResult[]> {
  const plan = { ...prepared.plan, trials: options.trials ?? prepared.plan.trials };
  const custom = Object.entries(plan.scenarios).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const all = [...PRESET_NAMES.map((name) => [name, PRESETS[name]] as const), ...custom];
  const results: ScenarioResult[] = [];
  for (const [name, levers] of all) {
    const model = buildSimulationModel(plan, prepared.run.history, prepared.run.allocation, {
      name,
      levers,
    });
    results.push(await runSimulation(model, plan.trials, { workers: options.workers }));
  }
  return results;
}

/** The workbook of a prepared (not blocked) plan, as XLSX bytes. */
export async function buildWorkbook(
  prepared: PreparedPlan,
  options: WorkbookOptions,
): Promise<Buffer> {
  const { plan, run, dataset } = prepared;
  const backtest = backtestPlan(dataset, plan, run.history, run.allocation);
  const scenarios = options.scenarios === false ? null : await simulateAll(prepared, options);
  return buildQuotaWorkbook({
    plan,
    run,
    issues: prepared.issues,
    backtest,
    scenarios,
    meta: { source: options.source ?? plan.name, generatedOn: options.generatedOn },
  });
}

export interface ExportWorkbookRequest extends WorkspaceRequest, Omit<WorkbookOptions, 'source'> {
  planPath: string;
  /** The .xlsx file to write. */
  out: string;
}

export interface ExportWorkbookResult {
  path: string;
  bytes: number;
  reps: number;
  scenarios: number;
  location: string;
}

/** Reads the plan, runs it and writes the workbook to `out`; a blocked plan is refused. */
export async function exportWorkbookFile(
  request: ExportWorkbookRequest,
): Promise<Result<ExportWorkbookResult>> {
  if (!request.out.toLowerCase().endsWith('.xlsx')) {
    return fail({
      code: 'invalid-option',
      severity: 'error',
      message: `--out ${request.out} is not an .xlsx file`,
      expected: 'a file name ending in .xlsx',
    });
  }
  return withWorkspace(request, async (workspace) => {
    const prepared = await preparePlanRun(workspace, request.planPath);
    if (!prepared.ok) return prepared;
    const blocked = blockedPlanIssues(prepared.value, request.planPath);
    if (blocked !== null) return fail(...blocked);
    const bytes = await buildWorkbook(prepared.value, { ...request, source: request.planPath });
    await mkdir(dirname(request.out), { recursive: true });
    await writeFile(request.out, bytes);
    const scenarios =
      request.scenarios === false ? 0 : 3 + Object.keys(prepared.value.plan.scenarios).length;
    return ok({
      path: request.out,
      bytes: bytes.byteLength,
      reps: prepared.value.run.allocation.reps.length,
      scenarios,
      location: workspace.location,
    });
  });
}
