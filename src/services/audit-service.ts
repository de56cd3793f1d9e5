// Audit use case: load the workspace's history and run the data-quality rules over it.

import { auditDataset, type AuditReport } from '../core/audit/index.ts';
import { latestPastDate, resolveAsOf } from '../core/as-of.ts';
import { loadDataset } from '../db/index.ts';
import { withWorkspace, type Workspace, type WorkspaceRequest } from './workspace.ts';

export interface AuditRequest extends WorkspaceRequest {
  /** Overrides the workspace's as-of date for this run. */
  asOf?: string | undefined;
}

export async function runAudit(
  request: AuditRequest,
): Promise<AuditReport & { asOfNote: string | null; location: string; deals: number }> {
  return withWorkspace(request, (workspace) => auditWorkspace(workspace, request.asOf));
}

/** The audit of an open workspace (the server's path). */
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
