// Status use case: what the workspace holds and where it came from.

import type { EntityName, WorkspaceSettings } from '../core/model.ts';
import { countRecords, listImports, type ImportSummary as StoredImport } from '../db/index.ts';
import type { AsOf } from '../core/as-of.ts';
import { withWorkspace, workspaceAsOf, type WorkspaceRequest } from './workspace.ts';

export interface WorkspaceStatus {
  location: string;
  settings: WorkspaceSettings;
  /** The as-of date in force and where it came from; null when the workspace holds no date. */
  asOf: AsOf | null;
  counts: Record<EntityName, number>;
  imports: StoredImport[];
}

export async function workspaceStatus(request: WorkspaceRequest): Promise<WorkspaceStatus> {
  return withWorkspace(request, async (workspace) => ({
    location: workspace.location,
    settings: workspace.settings,
    asOf: await workspaceAsOf(workspace),
    counts: await countRecords(workspace.database, workspace.id),
    imports: await listImports(workspace.database, workspace.id),
  }));
}
