// A workspace's data as a job's source (job-runner.ts): the key that names it, the stamp that
// changes whenever it does, and how to read it.

import { listImports, loadDataset } from '../db/index.ts';
import type { Database } from '../db/index.ts';
import type { DataSource } from './job-runner.ts';
import type { Workspace } from './workspace.ts';

/** A number per open database, so two databases' workspaces of one id are told apart. */
const databaseIds = new WeakMap<Database, number>();
let nextDatabase = 1;

function databaseId(database: Database): number {
  let id = databaseIds.get(database);
  if (id === undefined) {
    id = nextDatabase++;
    databaseIds.set(database, id);
  }
  return id;
}

/**
 * What the workspace's data is at this moment, as text: it changes with every import (the only
 * writes of the data) and with the workspace's settings, so nothing kept by it is ever older than
 * the data.
 */
export async function dataStamp(workspace: Workspace): Promise<string> {
  const { database, id, settings } = workspace;
  const imports = await listImports(database, id);
  const last = imports.at(-1);
  // An undo changes an import's status, not the list: undone imports count too.
  const undone = imports.filter((i) => i.status === 'undone').length;
  return JSON.stringify([
    imports.length,
    undone,
    last?.id,
    last?.status,
    last?.finishedAt,
    settings,
  ]);
}

/** The workspace's data as it is now, for a job. */
export async function workspaceData(workspace: Workspace): Promise<DataSource> {
  const { database, id } = workspace;
  return {
    key: `${databaseId(database)}\n${id}`,
    stamp: await dataStamp(workspace),
    load: () => loadDataset(database, id),
  };
}
