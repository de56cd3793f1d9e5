// Plan use cases: init-plan writes the commented v0 plan from the workspace data; plan reads a
// plan file, runs the engine on the workspace and writes quotas.csv and the JSON reports.

import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fail, ok, type Issue, type Result } from '../core/issue.ts';
import type { Basis, Cents, Dataset, WorkspaceSettings } from '../core/model.ts';
import { isIsoDate } from '../core/dates.ts';
import { centsToDecimal } from '../core/money.ts';
import { draftPlan, DraftPlanError, type DraftPlan } from '../core/plan/draft.ts';
import type { Plan } from '../core/plan/types.ts';
import {
  BOOKINGS_POOL,
  NO_SEGMENT,
  PlanInputError,
  runPlan,
  type AssumptionEntry,
  type CheckResult,
  type Methodology,
  type PlanRun,
} from '../core/engine/index.ts';
import { confirmedTerritories, type KeyPath, type PlanFile } from '../contracts/plan-file.ts';
import { loadDataset } from '../db/index.ts';
import { planLineOf, readPlanFile, readPlanText } from '../io/plan/read-plan-file.ts';
import { withSimulationDefaults, writePlanYaml } from '../io/plan/write-plan-file.ts';
import { toCsv, type CsvCell } from '../io/write-csv.ts';
import { backtestPlan, type BacktestResult } from '../core/backtest/backtest.ts';
import { backtestToJson } from './report-formats.ts';
import { withWorkspace, type Workspace, type WorkspaceRequest } from './workspace.ts';

export interface InitPlanRequest extends WorkspaceRequest {
  /** Where to write the plan file. */
  out: string;
  asOf?: string | undefined;
  /** Overwrite an existing file. */
  force?: boolean | undefined;
}

export interface InitPlanResult {
  path: string;
  file: DraftPlan['file'];
  notes: DraftPlan['notes'];
  text: string;
  location: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes the v0 plan of the workspace to `out`; refuses to overwrite a file unless `force`. */
export async function initPlan(request: InitPlanRequest): Promise<Result<InitPlanResult>> {
  if (request.asOf !== undefined && !isIsoDate(request.asOf)) {
    return fail({
      code: 'invalid-date',
      severity: 'error',
      message: `--as-of "${request.asOf}" is not a date`,
      expected: 'a date like 2026-10-31',
    });
  }
  if (request.force !== true && (await exists(request.out))) {
    return fail({
      code: 'file-exists',
      severity: 'error',
      message: 'the file already exists; it was left as it is',
      expected: 'a new file name, or --force to overwrite it',
      location: { file: request.out },
    });
  }
  return withWorkspace(request, async (workspace) => {
    const dataset = await loadDataset(workspace.database, workspace.id);
    let draft: DraftPlan;
    try {
      draft = draftPlan(dataset, request.asOf === undefined ? {} : { asOf: request.asOf });
    } catch (error) {
      if (!(error instanceof DraftPlanError)) throw error;
      return fail({
        code: 'no-dated-data',
        severity: 'error',
        message: error.message,
        expected: 'imported deals with dates (quotaplan import), or --as-of',
      });
    }
    const text = writePlanYaml(withSimulationDefaults(draft.file), draft.notes);
    await mkdir(dirname(request.out), { recursive: true });
    await writeFile(request.out, text, { flag: request.force === true ? 'w' : 'wx' });
    return ok({
      path: request.out,
      file: draft.file,
      notes: draft.notes,
      text,
      location: workspace.location,
    });
  });
}

export interface RunPlanRequest extends WorkspaceRequest {
  planPath: string;
  /** Folder for quotas.csv and the JSON reports; nothing is written without it. */
  outDir?: string | undefined;
}

/** What `plan` prints: the few numbers a planner reads first. Money in cents. */
export interface PlanSummary {
  name: string;
  methodology: Methodology;
  currency: string;
  basis: Basis;
  start: string;
  months: number;
  asOf: string;
  /** Where the as-of date came from, in words. */
  asOfNote: string;
  /** The bookings pool: Σ targets, Σ bottom-up capacity, capacity gap (target − capacity). */
  target: Cents;
  /** Σ quotas of the bookings pool: the target with over-assignment. */
  quota: Cents;
  capacity: number;
  gap: number;
  /** Fully ramped FTEs that would close the gap, summed over segments with a gap. */
  headcountToClose: number | null;
  reps: number;
  plannedHires: number;
  assumptions: {
    open: number;
    confirmed: number;
    repsOnAssumptions: number;
    top: AssumptionEntry[];
  };
  failedChecks: Pick<CheckResult, 'code' | 'title' | 'severity' | 'status' | 'summary'>[];
  issues: Issue[];
  blocked: boolean;
}

export interface PlanRunResult {
  plan: Plan;
  file: PlanFile;
  run: PlanRun;
  summary: PlanSummary;
  /**
   * The back-test of the plan (METHOD §7), information for the reader: a failing verdict does not
   * fail the run. Null when the run is blocked.
   */
  backtest: BacktestResult | null;
  /** Files written into outDir. */
  written: string[];
  location: string;
}

/** Assumptions shown in the summary. */
const TOP_ASSUMPTIONS = 5;

/** The summary of a run; `issues` are the run's issues as they should be shown. */
export function summarise(
  plan: Plan,
  run: PlanRun,
  issues: Issue[] = run.allocation.issues,
): PlanSummary {
  const a = run.allocation;
  const bookings = a.segments.filter((s) => s.pool === BOOKINGS_POOL);
  const gaps = bookings.filter((s) => s.gap > 0 && s.headcountToClose !== null);
  const open = run.assumptions.entries.filter((e) => e.status === 'ASSUMED');
  return {
    name: plan.name,
    methodology: a.methodology,
    currency: a.currency,
    basis: a.basis,
    start: a.start,
    months: a.months,
    asOf: a.asOf,
    asOfNote: a.asOfNote,
    target: a.target,
    quota: a.quota,
    capacity: a.capacity,
    gap: a.target - a.capacity,
    headcountToClose:
      gaps.length === 0 ? null : gaps.reduce((sum, s) => sum + (s.headcountToClose ?? 0), 0),
    reps: a.reps.length,
    plannedHires: a.reps.filter((r) => r.planned).length,
    assumptions: {
      open: run.assumptions.assumed,
      confirmed: run.assumptions.confirmed,
      repsOnAssumptions: run.assumptions.repsOnAssumptions,
      top: open.slice(0, TOP_ASSUMPTIONS),
    },
    failedChecks: run.checks.checks
      .filter((c) => c.status === 'fail' || c.status === 'warning')
      .map(({ code, title, severity, status, summary }) => ({
        code,
        title,
        severity,
        status,
        summary,
      })),
    issues,
    blocked: run.blocked,
  };
}

/** quotas.csv: one row per rep, annual quota, one column per plan month, then the quarters. */
export function quotasToCsv(run: PlanRun): string {
  const a = run.allocation;
  const headers = [
    'rep_id',
    'rep_name',
    'role',
    'segment',
    'territory',
    'manager',
    'start_date',
    'annual_quota',
    ...a.monthLabels,
    ...a.quarterLabels,
  ];
  const rows = a.reps.map((rep): CsvCell[] => [
    rep.id,
    rep.name,
    rep.role,
    rep.segment === NO_SEGMENT ? null : rep.segment,
    rep.territoryId,
    rep.managerId,
    rep.startDate,
    centsToDecimal(rep.quota),
    ...rep.monthly.map(centsToDecimal),
    ...rep.quarters.map(centsToDecimal),
  ]);
  return toCsv(headers, rows);
}

function unitsNote(basis: Basis, currency: string): string {
  return basis === 'count'
    ? 'Quantities (targets, quotas, capacity, bookings) are hundredths of a won deal: divide by 100 for deals.'
    : `Money (targets, quotas, capacity, bookings, OTE) is in integer cents of ${currency}: divide by 100 for ${currency}. Ratios and weights are plain numbers.`;
}

function jsonReport(note: string, body: object): string {
  return JSON.stringify({ _units: note, ...body }, null, 2) + '\n';
}

/** The key path in the plan file of an input an engine issue names, when it names one. */
function issueKeyPath(issue: Issue, file: PlanFile): KeyPath | null {
  const entity = issue.location?.entity;
  const id = issue.location?.id;
  switch (entity) {
    case 'target':
      return ['target'];
    case 'targets':
      return id !== undefined && file.targets?.[id] !== undefined ? ['targets', id] : ['targets'];
    case 'hires': {
      const index = (file.hires ?? []).findIndex((h) => h.id === id);
      return index < 0 ? ['hires'] : ['hires', index];
    }
    case 'departures': {
      const index = (file.departures ?? []).findIndex((d) => d.rep === id);
      return index < 0 ? ['departures'] : ['departures', index];
    }
    default:
      return null;
  }
}

/** Engine issues, those about an input of the plan file with the file and its line added. */
function pointAtPlanFile(
  issues: readonly Issue[],
  file: PlanFile,
  text: string,
  path: string,
): Issue[] {
  return issues.map((issue) => {
    const keyPath = issueKeyPath(issue, file);
    if (keyPath === null) return issue;
    const row = planLineOf(text, keyPath);
    return {
      ...issue,
      location: { ...issue.location, file: path, ...(row === undefined ? {} : { row }) },
    };
  });
}

/** A plan file read and run on the workspace, ready for the plan, back-test or simulate reports. */
export interface PreparedPlan {
  plan: Plan;
  file: PlanFile;
  /** The YAML text as read. */
  text: string;
  dataset: Dataset;
  run: PlanRun;
  /** The run's issues, those about an input of the plan file pointing at its line. */
  issues: Issue[];
}

/**
 * Where a plan comes from: the file at the path, or text stored in the database (named by the
 * path in messages; it may not name CSV files).
 */
export type PlanSource = { kind: 'file' } | { kind: 'text'; text: string };

/**
 * Reads the plan file, checks it against the workspace (currency, confirmed territories) and runs
 * the engine on the workspace data. Refused input is a failed Result; a blocked run is not (the
 * caller decides what a blocked plan means for it).
 */
export async function preparePlanRun(
  workspace: Workspace,
  planPath: string,
  source: PlanSource = { kind: 'file' },
): Promise<Result<PreparedPlan>> {
  return preparePlanWith(workspace.settings, planPath, source, () =>
    loadDataset(workspace.database, workspace.id),
  );
}

/**
 * preparePlanRun on a dataset from elsewhere (a worker thread keeps the workspace's): `settings`
 * are the workspace's, `data` gives the dataset, asked for only once the plan text is valid.
 */
export async function preparePlanWith(
  settings: WorkspaceSettings,
  planPath: string,
  source: PlanSource,
  data: () => Dataset | Promise<Dataset>,
): Promise<Result<PreparedPlan>> {
  const basis = settings.basis;
  const read =
    source.kind === 'file'
      ? await readPlanFile(planPath, { basis })
      : await readPlanText(source.text, planPath, { basis, files: false });
  if (!read.ok) return read;
  const { plan, file, text } = read.value;
  if (plan.currency !== settings.currency) {
    return fail({
      code: 'plan-currency-mismatch',
      severity: 'error',
      message: `currency: ${plan.currency} differs from the workspace currency ${settings.currency}`,
      expected: `currency: ${settings.currency} (the amounts of the workspace are in it)`,
      location: { file: planPath },
    });
  }
  const dataset = await data();
  let run: PlanRun;
  try {
    run = runPlan(dataset, plan);
  } catch (error) {
    if (!(error instanceof PlanInputError)) throw error;
    return fail({
      code: 'plan-invalid',
      severity: 'error',
      message: error.message,
      location: { file: planPath },
    });
  }
  const territories = new Set(run.allocation.weights.territories.map((t) => t.id));
  const unknown = confirmedTerritories(file).filter((id) => !territories.has(id));
  if (unknown.length > 0) {
    const known = [...territories].sort().join(', ');
    return fail(
      ...unknown.map((id): Issue => ({
        code: 'plan-unknown-key-path',
        severity: 'error',
        message: `confirmed: "territory_weights.${id}" names no territory of this plan`,
        expected: `territory_weights.<territory>, a territory with reps: ${known === '' ? 'none' : `one of ${known}`}`,
        location: { file: planPath },
      })),
    );
  }
  const issues = pointAtPlanFile(run.allocation.issues, file, text, planPath);
  return ok({ plan, file, text, dataset, run, issues });
}

/**
 * The errors that block a run, as a refusal: for commands (backtest, simulate) that need a usable
 * plan. Null when the run is not blocked.
 */
export function blockedPlanIssues(prepared: PreparedPlan, planPath: string): Issue[] | null {
  if (!prepared.run.blocked) return null;
  const errors = prepared.issues.filter((i) => i.severity === 'error');
  const failedChecks = prepared.run.checks.checks
    .filter((c) => c.status === 'fail' && c.severity === 'error')
    .map((c): Issue => ({
      code: 'plan-check-failed',
      severity: 'error',
      message: `check failed: ${c.title}: ${c.summary}`,
      location: { file: planPath },
    }));
  const all = [...errors, ...failedChecks];
  return all.length > 0
    ? all
    : [
        {
          code: 'plan-blocked',
          severity: 'error',
          message: 'the plan is blocked',
          location: { file: planPath },
        },
      ];
}

/** Reads the plan, runs it on the workspace, and writes the outputs into `outDir` when given. */
export async function runPlanFile(request: RunPlanRequest): Promise<Result<PlanRunResult>> {
  return withWorkspace(request, async (workspace) => {
    const basis = workspace.settings.basis;
    const prepared = await preparePlanRun(workspace, request.planPath);
    if (!prepared.ok) return prepared;
    const { plan, file, run, issues, dataset } = prepared.value;
    const summary = summarise(plan, run, issues);
    const backtest = run.blocked ? null : backtestPlan(dataset, plan, run.history, run.allocation);
    const written: string[] = [];
    if (request.outDir !== undefined) {
      const dir = request.outDir;
      await mkdir(dir, { recursive: true });
      const note = unitsNote(basis, plan.currency);
      const outputs: [string, string][] = [
        ['quotas.csv', quotasToCsv(run)],
        [
          'checks.json',
          jsonReport(note, {
            plan: plan.name,
            blocked: run.blocked,
            issues,
            ...run.checks,
            segments: run.allocation.segments,
            currentMethodology: run.currentMethodology,
          }),
        ],
        [
          'explain.json',
          jsonReport(note, {
            plan: plan.name,
            methodology: run.allocation.methodology,
            fit: run.allocation.fit,
            seasonality: run.allocation.seasonality,
            weights: run.allocation.weights,
            reps: run.explanations,
          }),
        ],
        ['assumptions.json', jsonReport(note, { plan: plan.name, ...run.assumptions })],
        ...(backtest === null
          ? []
          : [
              [
                'backtest.json',
                JSON.stringify(backtestToJson(backtest, basis, plan.currency), null, 2) + '\n',
              ] as [string, string],
            ]),
      ];
      for (const [name, text] of outputs) {
        const path = join(dir, name);
        await writeFile(path, text);
        written.push(path);
      }
    }
    return ok({ plan, file, run, summary, backtest, written, location: workspace.location });
  });
}
