// The back-test use case: reads a plan file, runs it on the workspace and replays it on the year
// before the plan (METHOD §7). A blocked plan is refused: its quotas mean nothing to replay.

import { fail, ok, type Result } from '../core/issue.ts';
import type { Basis } from '../core/model.ts';
import type { Plan } from '../core/plan/types.ts';
import { backtestPlan, type BacktestResult } from '../core/backtest/backtest.ts';
import { blockedPlanIssues, preparePlanRun } from './plan-service.ts';
import { withWorkspace, type WorkspaceRequest } from './workspace.ts';

export interface BacktestRequest extends WorkspaceRequest {
  planPath: string;
}

export interface BacktestRunResult {
  plan: Plan;
  basis: Basis;
  currency: string;
  backtest: BacktestResult;
  location: string;
}

export async function runBacktestFile(
  request: BacktestRequest,
): Promise<Result<BacktestRunResult>> {
  return withWorkspace(request, async (workspace) => {
    const prepared = await preparePlanRun(workspace, request.planPath);
    if (!prepared.ok) return prepared;
    const blocked = blockedPlanIssues(prepared.value, request.planPath);
    if (blocked !== null) return fail(...blocked);
    const { plan, dataset, run } = prepared.value;
    return ok({
      plan,
      basis: workspace.settings.basis,
      currency: workspace.settings.currency,
      backtest: backtestPlan(dataset, plan, run.history, run.allocation),
      location: workspace.location,
    });
  });
}
