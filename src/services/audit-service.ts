// Audit use case: load the workspace's history and run the data-quality rules over it.

import { auditDataset, type AuditReport } from '../core/audit/index.ts';
import { latestPastDate, resolveAsOf } from '../core/as-of.ts';
import { loadDataset } from '../db/index.ts';
import { runJob } from './job-runner.ts';
import type { JsonText } from './json-text.ts';
import { withWorkspace, type Workspace, type WorkspaceRequest } from './workspace.ts';
import { workspaceData } from './workspace-data.ts';

export interface AuditRequest extends WorkspaceRequest {
  /** Overrides the workspace's as-of date for this run. */
  asOf?: string | undefined;
}

export async function runAudit(
  request: AuditRequest,
): Promise<AuditReport & { asOfNote: string | null; location: string; deals: number }> {
  return withWorkspace(request, (workspace) => auditWorkspace(workspace, request.asOf));
}

/** The audit of an open workspace, in this thread (the CLI's path). */
export async function auditWorkspace(
  workspace: Workspace,
  asOfOverride?: string,
): Promise<AuditReport & { asOfNote: string | null; location: string; deals: number }> {
  const dataset = await loadDataset(workspace.database, workspace.id);
  const asOf = asOfOverride ?? dataset.settings.asOf;
  const report = auditDataset(dataset, { asOf: asOf ?? null });
  const resolved = resolveAsOf({
    given: asOfOverride,
    givenAs: 'given with --as-of',
    workspace: dataset.settings.asOf,
    data: () => latestPastDate(dataset),
  });
  return {
    ...report,
    asOfNote: resolved?.note ?? null,
    location: workspace.location,
    deals: dataset.deals.length,
  };
}

/**
 * The audit of an open workspace on the compute worker (the server's path: 200,000 deals take a
 * couple of seconds), written as JSON there.
 */
export async function auditInWorker(
  workspace: Workspace,
  options: { asOf?: string | undefined } = {},
): Promise<JsonText<AuditReport & { deals: number }>> {
  return runJob('compute', 'audit', options, await workspaceData(workspace), 'the data audit');
}

/** The audit's counts of errors and warnings, from the compute worker. */
export async function auditCountsInWorker(
  workspace: Workspace,
): Promise<{ errorCount: number; warningCount: number; deals: number }> {
  return runJob('compute', 'auditCounts', {}, await workspaceData(workspace), 'the data audit');
}
