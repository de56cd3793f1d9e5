// Status use case: what the workspace holds and where it came from.

import type { EntityName, WorkspaceSettings } from '../core/model.ts';
import { countRecords, listImports, type ImportSummary as StoredImport } from '../db/index.ts';
import { withWorkspace, type WorkspaceRequest } from './workspace.ts';

export interface WorkspaceStatus {
  location: string;
  settings: WorkspaceSettings;
  counts: Record<EntityName, number>;
  imports: StoredImport[];
}

export async function workspaceStatus(request: WorkspaceRequest): Promise<WorkspaceStatus> {
  return withWorkspace(request, async (workspace) => ({
    location: workspace.location,
    settings: workspace.settings,
    counts: await countRecords(workspace.database, workspace.id),
    imports: await listImports(workspace.database, workspace.id),
  }));
}
