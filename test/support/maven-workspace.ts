// A workspace holding the Maven sample (the demo data), for tests of the workflow and the server.

import type { Database } from '../../src/db/index.ts';
import { DEMO_FILES } from '../../src/services/demo-service.ts';
import { importIntoWorkspace } from '../../src/services/import-service.ts';
import { workspaceIn } from '../../src/services/workspace.ts';
import type { Workspace } from '../../src/services/workspace.ts';

/** Imports the Maven files into the database's default workspace (once) and returns it. */
export async function mavenWorkspace(database: Database): Promise<Workspace> {
  const workspace = await workspaceIn(database, 'test', 'USD');
  if (!workspace.created) return workspace;
  const outcome = await importIntoWorkspace(
    workspace,
    { paths: DEMO_FILES, env: {}, preset: 'maven', importedBy: 'test' },
    undefined,
    undefined,
  );
  if (!outcome.ok) throw new Error(outcome.issues.map((i) => i.message).join('; '));
  return workspaceIn(database, 'test', 'USD');
}
