// Audit use case: load the workspace's history and run the data-quality rules over it.

import { auditDataset, type AuditReport } from '../core/audit/index.ts';
import { loadDataset } from '../db/index.ts';
import { withWorkspace, type Workspace, type WorkspaceRequest } from './workspace.ts';

export interface AuditRequest extends WorkspaceRequest {
  /** Overrides the workspace's as-of date for this run. */
  asOf?: string | undefined;
}

export async function runAudit(
  request: AuditRequest,
): Promise<AuditReport & { location: string; deals: number }> {
  return withWorkspace(request, (workspace) => auditWorkspace(workspace, request.asOf));
}

/** The audit of an open workspace (the server's path). */
export async function auditWorkspace(
  workspace: Workspace,
  asOfOverride?: string,
): Promise<AuditReport & { location: string; deals: number }> {
  const dataset = await loadDataset(workspace.database, workspace.id);
  const asOf = asOfOverride ?? dataset.settings.asOf;
  const report = auditDataset(dataset, { asOf: asOf ?? null });
  return { ...report, location: workspace.location, deals: dataset.deals.length };
}
