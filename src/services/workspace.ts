// Opens the workspace database a command works on (PGlite folder, memory or Postgres URL) and
// makes sure the workspace row exists. Every service goes through here.

import {
  describeTarget,
  ensureWorkspace,
  findWorkspace,
  latestPastDate,
  openDatabase,
  resolveDatabaseOptions,
  resolveDatabaseTarget,
  type Database,
} from '../db/index.ts';
import type { WorkspaceSettings } from '../core/model.ts';
import { resolveAsOf } from '../core/as-of.ts';
import type { AsOf } from '../core/as-of.ts';

export const DEFAULT_WORKSPACE = 'default';

// Refusals a command reports as such (exit code 1), not as unexpected failures; and the reading
// of settings given in seconds (QUOTAPLAN_STATEMENT_TIMEOUT, QUOTAPLAN_REQUEST_TIMEOUT).
export { DatabaseInUseError, parseSeconds, SettingError } from '../db/index.ts';

export interface WorkspaceRequest {
  /** --db: a folder, 'memory:', or a postgres:// URL; else QUOTAPLAN_DB / DATABASE_URL / ./.quotaplan/db. */
  db?: string | undefined;
  env: Record<string, string | undefined>;
  /** Currency for a workspace created by this call (default USD). */
  currency?: string | undefined;
}

export interface Workspace {
  database: Database;
  id: string;
  settings: WorkspaceSettings;
  /** Where the data lives, with any password masked: for messages. */
  location: string;
  created: boolean;
}

/** The workspace inside an already open database, created on first use. */
export async function workspaceIn(
  database: Database,
  location: string,
  currency: string | undefined,
): Promise<Workspace> {
  const row = await ensureWorkspace(database, DEFAULT_WORKSPACE, {
    name: 'Default workspace',
    currency: (currency ?? 'USD').toUpperCase(),
    basis: 'amount',
  });
  return {
    database,
    id: row.id,
    settings: { currency: row.currency, basis: row.basis, asOf: row.asOf },
    location,
    created: row.created,
  };
}

/** Runs `fn` with an open workspace and always closes the database afterwards. */
export async function withWorkspace<T>(
  request: WorkspaceRequest,
  fn: (workspace: Workspace) => Promise<T>,
): Promise<T> {
  const target = resolveDatabaseTarget(request.db, request.env);
  const database = await openDatabase(target, resolveDatabaseOptions(request.env));
  try {
    return await fn(await workspaceIn(database, describeTarget(target), request.currency));
  } finally {
    await database.close();
  }
}

/** An existing workspace of an open database; null when there is none with that id. */
export async function existingWorkspace(
  database: Database,
  id: string,
  location: string,
): Promise<Workspace | null> {
  const row = await findWorkspace(database, id);
  if (row === null) return null;
  return {
    database,
    id: row.id,
    settings: { currency: row.currency, basis: row.basis, asOf: row.asOf },
    location,
    created: false,
  };
}

/** Opens the database a long-running command (the server) keeps open; the caller closes it. */
export async function openWorkspaceDatabase(
  request: WorkspaceRequest,
): Promise<{ database: Database; location: string }> {
  const target = resolveDatabaseTarget(request.db, request.env);
  return {
    database: await openDatabase(target, resolveDatabaseOptions(request.env)),
    location: describeTarget(target),
  };
}

/**
 * The workspace's as-of date and where it came from: the date set at import (`import --as-of`),
 * else the latest past date of its data, which the database finds (METHOD §1); null for a
 * workspace without any date. `given` (a command's --as-of) wins over both.
 */
export async function workspaceAsOf(
  workspace: Pick<Workspace, 'database' | 'id' | 'settings'>,
  given?: { date: string | undefined; as: string },
): Promise<AsOf | null> {
  const fact =
    given?.date === undefined && workspace.settings.asOf === null
      ? await latestPastDate(workspace.database, workspace.id)
      : null;
  return resolveAsOf({
    given: given?.date,
    givenAs: given?.as,
    workspace: workspace.settings.asOf,
    data: () => fact,
  });
}
