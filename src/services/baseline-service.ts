// Baseline use case: the METHOD §3 metrics per rep, territory, segment, manager or company, and
// their CSV form (money in currency units with two decimals).

import { fail, ok, type Result } from '../core/issue.ts';
import type { DealType } from '../core/model.ts';
import { DEAL_TYPES } from '../core/model.ts';
import { isIsoDate } from '../core/dates.ts';
import { centsToDecimal } from '../core/money.ts';
import { latestPastDate, resolveAsOf } from '../core/as-of.ts';
import {
  BASELINE_GROUPINGS,
  BaselineOptionsError,
  computeBaseline,
  MAX_BASELINE_MONTHS,
  type BaselineGrouping,
  type BaselineReport,
  type BaselineRow,
} from '../core/baseline/index.ts';
import type { Dataset } from '../core/model.ts';
import { loadDataset } from '../db/index.ts';
import { toCsv, type CsvCell } from '../io/write-csv.ts';
import { runJob } from './job-runner.ts';
import type { JsonText } from './json-text.ts';
import { withWorkspace, type Workspace, type WorkspaceRequest } from './workspace.ts';
import { workspaceData } from './workspace-data.ts';

export interface BaselineRequest extends WorkspaceRequest {
  by: string;
  from?: string | undefined;
  to?: string | undefined;
  asOf?: string | undefined;
  /** Comma-separated deal types to count; all when absent. */
  types?: string | undefined;
}

export async function runBaseline(
  request: BaselineRequest,
): Promise<Result<BaselineReport & { asOfNote: string; location: string }>> {
  if (!BASELINE_GROUPINGS.includes(request.by as BaselineGrouping)) {
    return fail({
      code: 'unknown-grouping',
      severity: 'error',
      message: `cannot group by "${request.by}"`,
      expected: BASELINE_GROUPINGS.join(', '),
    });
  }
  for (const [name, value] of [
    ['--from', request.from],
    ['--to', request.to],
    ['--as-of', request.asOf],
  ] as const) {
    if (value !== undefined && !isIsoDate(value)) {
      return fail({
        code: 'invalid-date',
        severity: 'error',
        message: `${name} "${value}" is not a date`,
        expected: 'a date like 2026-10-31',
      });
    }
  }
  let types: DealType[] | undefined;
  if (request.types !== undefined) {
    types = [];
    for (const raw of request.types.split(',')) {
      const type = raw.trim() as DealType;
      if (!DEAL_TYPES.includes(type)) {
        return fail({
          code: 'unknown-deal-type',
          severity: 'error',
          message: `unknown deal type "${raw.trim()}"`,
          expected: DEAL_TYPES.join(', '),
        });
      }
      types.push(type);
    }
  }
  return withWorkspace(request, (workspace) => baselineOfWorkspace(workspace, request, types));
}

/** What a baseline is asked for; the dates are already checked to be dates. */
export interface BaselineQuery {
  by: string;
  from?: string | undefined;
  to?: string | undefined;
  asOf?: string | undefined;
  /** Deal types to count; all when absent. */
  types?: DealType[] | undefined;
}

/** The baseline of a dataset: refused when there is no dated deal or the window cannot be. */
export function baselineOfDataset(
  dataset: Dataset,
  query: BaselineQuery,
): Result<BaselineReport & { asOfNote: string }> {
  const resolved = resolveAsOf({
    given: query.asOf,
    givenAs: 'given with --as-of',
    workspace: dataset.settings.asOf,
    data: () => latestPastDate(dataset),
  });
  if (resolved === null) {
    return fail({
      code: 'no-dated-deals',
      severity: 'error',
      message: 'the workspace has no dated deals, so there is no history window to measure',
      expected: 'deals with close dates (import some first)',
    });
  }
  const asOf = resolved.date;
  try {
    return ok({
      ...computeBaseline(dataset, {
        by: query.by as BaselineGrouping,
        asOf,
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
        ...(query.types === undefined ? {} : { types: query.types }),
      }),
      asOfNote: resolved.note,
    });
  } catch (error) {
    // A window the user asked for that cannot exist (from after to): bad input, not a crash.
    if (!(error instanceof BaselineOptionsError)) throw error;
    return fail({
      code: 'invalid-window',
      severity: 'error',
      message: error.message,
      expected: `--from on or before --to (and the as-of date), at most ${MAX_BASELINE_MONTHS} months apart`,
    });
  }
}

/** The baseline of an open workspace, in this thread (the CLI's path). */
export async function baselineOfWorkspace(
  workspace: Workspace,
  request: Pick<BaselineRequest, 'by' | 'from' | 'to' | 'asOf'>,
  types: DealType[] | undefined,
): Promise<Result<BaselineReport & { asOfNote: string; location: string }>> {
  const dataset = await loadDataset(workspace.database, workspace.id);
  const result = baselineOfDataset(dataset, { ...request, types });
  return result.ok ? ok({ ...result.value, location: workspace.location }) : result;
}

/**
 * The baseline of an open workspace computed on the compute worker (the server's path): a
 * ten-year baseline of 1,000 reps keeps a thread busy for about a second.
 */
export async function baselineInWorker(
  workspace: Workspace,
  request: Pick<BaselineRequest, 'by' | 'from' | 'to' | 'asOf'>,
  types: DealType[] | undefined,
): Promise<Result<JsonText<BaselineReport & { asOfNote: string }>>> {
  return runJob(
    'compute',
    'baseline',
    { ...request, types },
    await workspaceData(workspace),
    'the baseline',
  );
}

const money = (cents: number | null): CsvCell => (cents === null ? null : centsToDecimal(cents));
const ratio = (value: number | null, digits: number): CsvCell =>
  value === null ? null : Number(value.toFixed(digits));

/** Productivity is money per ramped month, except on a count basis (won deals per ramped month). */
function productivityCell(report: BaselineReport, row: BaselineRow): CsvCell {
  if (row.productivity === null) return null;
  return report.basis === 'count' ? ratio(row.productivity, 4) : money(row.productivity);
}

/** The baseline as CSV: one row per group, money in currency units with two decimals. */
export function baselineToCsv(report: BaselineReport): string {
  const metricHeaders = [
    'bookings',
    'won',
    'lost',
    'win_rate',
    'avg_deal_size',
    'median_deal_size',
    'cycle_days',
    'open_pipeline',
    'weighted_pipeline',
    'ramped_months',
    'productivity',
  ];
  const metrics = (row: BaselineRow): CsvCell[] => [
    money(row.bookings),
    ratio(row.won, 4),
    ratio(row.lost, 4),
    ratio(row.winRate, 4),
    money(row.avgDealSize),
    money(row.medianDealSize),
    ratio(row.cycleDays, 1),
    money(row.openPipeline),
    money(row.weightedPipeline),
    ratio(row.rampedMonths, 4),
    productivityCell(report, row),
  ];
  if (report.by === 'rep') {
    return toCsv(
      ['rep_id', 'rep_name', 'territory', 'manager', ...metricHeaders],
      report.rows.map((row) => [
        row.repId ?? row.key,
        row.repName ?? row.label,
        row.territory,
        row.manager,
        ...metrics(row),
      ]),
    );
  }
  return toCsv(
    [report.by, 'label', 'reps', ...metricHeaders],
    report.rows.map((row) => [row.key, row.label, row.reps, ...metrics(row)]),
  );
}
