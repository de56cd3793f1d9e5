// Workspace rows, their settings, the import history and record counts: small queries through
// drizzle's query builder (the bulk paths live in save-import.ts and load-dataset.ts).

import { asc, eq } from 'drizzle-orm';
import { ENTITY_NAMES } from '../core/model.ts';
import type { Basis, EntityName, WorkspaceSettings } from '../core/model.ts';
import { isIsoDate } from '../core/dates.ts';
import { laterDataDate } from '../core/as-of.ts';
import type { DataDate } from '../core/as-of.ts';
import { InvalidRecordError, WorkspaceNotFoundError } from './errors.ts';
import type { Database } from './open-database.ts';
import { ENTITY_TABLES, imports, workspaces } from './schema.ts';
import type { ImportCounts, ImportFileRecord, ImportStatus } from './schema.ts';
import { inTransaction } from './sql-session.ts';

export interface StoredWorkspace extends WorkspaceSettings {
  id: string;
  name: string;
  /** True when this call created the workspace. */
  created: boolean;
}

/** One row of the import history. Times are ISO 8601 instants in UTC. */
export interface ImportSummary {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  preset: string;
  importedBy: string;
  options: Record<string, unknown>;
  files: ImportFileRecord[];
  /** Null for a failed import: it wrote nothing. */
  counts: ImportCounts | null;
  status: ImportStatus;
  /** Why a failed import failed. */
  error: string | null;
}

/** Throws InvalidRecordError for a setting the workspace table would refuse or store wrongly. */
export function assertValidSettings(settings: Partial<WorkspaceSettings>): void {
  if (settings.currency !== undefined && !/^[A-Z]{3}$/.test(settings.currency)) {
    throw new InvalidRecordError(
      'workspace',
      'currency',
      `${JSON.stringify(settings.currency)} is not an upper-case ISO 4217 code`,
    );
  }
  // Callers cast strings from files and flags: check at run time what the type promises.
  const basis: unknown = settings.basis;
  if (basis !== undefined && basis !== 'amount' && basis !== 'count') {
    throw new InvalidRecordError(
      'workspace',
      'basis',
      `${JSON.stringify(basis)} is not amount or count`,
    );
  }
  if (settings.asOf !== undefined && settings.asOf !== null && !isIsoDate(settings.asOf)) {
    throw new InvalidRecordError(
      'workspace',
      'asOf',
      `${JSON.stringify(settings.asOf)} is not a date YYYY-MM-DD`,
    );
  }
}

/**
 * The workspace `id`, created with `defaults` when missing. An existing workspace keeps its own
 * name and settings; `created` says which case happened.
 */
export async function ensureWorkspace(
  database: Database,
  id: string,
  defaults: { name: string; currency: string; basis: Basis },
): Promise<StoredWorkspace> {
  assertValidSettings(defaults);
  const inserted = await database.db
    .insert(workspaces)
    .values({ id, name: defaults.name, currency: defaults.currency, basis: defaults.basis })
    .onConflictDoNothing()
    .returning();
  const created = inserted[0];
  const row =
    created ?? (await database.db.select().from(workspaces).where(eq(workspaces.id, id)))[0];
  if (row === undefined) throw new WorkspaceNotFoundError(id);
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    basis: row.basis,
    asOf: row.asOf,
    created: created !== undefined,
  };
}

/** Changes the given settings of an existing workspace; the others stay as they are. */
export async function updateWorkspaceSettings(
  database: Database,
  id: string,
  patch: Partial<WorkspaceSettings>,
): Promise<void> {
  assertValidSettings(patch);
  const set: Partial<typeof workspaces.$inferInsert> = {};
  if (patch.currency !== undefined) set.currency = patch.currency;
  if (patch.basis !== undefined) set.basis = patch.basis;
  if (patch.asOf !== undefined) set.asOf = patch.asOf;
  const updated =
    Object.keys(set).length === 0
      ? await database.db
          .select({ id: workspaces.id })
          .from(workspaces)
          .where(eq(workspaces.id, id))
      : await database.db
          .update(workspaces)
          .set(set)
          .where(eq(workspaces.id, id))
          .returning({ id: workspaces.id });
  if (updated.length === 0) throw new WorkspaceNotFoundError(id);
}

/** The workspace's imports, oldest first, failed attempts included. */
export async function listImports(
  database: Database,
  workspaceId: string,
): Promise<ImportSummary[]> {
  const rows = await database.db
    .select()
    .from(imports)
    .where(eq(imports.workspaceId, workspaceId))
    .orderBy(asc(imports.id));
  return rows.map((row) => ({
    id: row.id,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt === null ? null : row.finishedAt.toISOString(),
    preset: row.preset,
    importedBy: row.importedBy,
    options: row.options,
    files: row.files,
    counts: row.counts,
    status: row.status,
    error: row.error,
  }));
}

/** How many records of each entity the workspace holds. */
export async function countRecords(
  database: Database,
  workspaceId: string,
): Promise<Record<EntityName, number>> {
  const counts = {} as Record<EntityName, number>;
  for (const entity of ENTITY_NAMES) {
    const table = ENTITY_TABLES[entity];
    counts[entity] = await database.db.$count(table, eq(table.workspaceId, workspaceId));
  }
  return counts;
}

/** The workspace `id`, or null when the database has none by that id. */
export async function findWorkspace(
  database: Database,
  id: string,
): Promise<Omit<StoredWorkspace, 'created'> | null> {
  const row = (await database.db.select().from(workspaces).where(eq(workspaces.id, id)))[0];
  if (row === undefined) return null;
  return { id: row.id, name: row.name, currency: row.currency, basis: row.basis, asOf: row.asOf };
}

/**
 * The latest date in the workspace's data that lay in the past when it was extracted (METHOD §1,
 * core/as-of.ts): closed deals' close dates, deals' created dates, reps' start and end dates, with
 * the record it comes from; null when there is none. The same rule as `latestPastDate` over a
 * loaded Dataset, computed by the database so that nobody loads a million deals to print a date.
 */
export async function latestPastDate(
  database: Database,
  workspaceId: string,
): Promise<DataDate | null> {
  const candidates = await inTransaction(
    database,
    (session) =>
      session.query<{
        date: string;
        field: DataDate['field'];
        entity: DataDate['entity'];
        id: string;
      }>(
        `(select close_date::text as date, 'close date' as field, 'deal' as entity, id from deals
           where workspace_id = $1 and status <> 'open' and close_date is not null
           order by close_date desc, id collate "C" limit 1)
         union all
         (select created_date::text, 'created date', 'deal', id from deals
           where workspace_id = $1 and created_date is not null
           order by created_date desc, id collate "C" limit 1)
         union all
         (select start_date::text, 'start date', 'rep', id from reps
           where workspace_id = $1 and start_date is not null
           order by start_date desc, id collate "C" limit 1)
         union all
         (select end_date::text, 'end date', 'rep', id from reps
           where workspace_id = $1 and end_date is not null
           order by end_date desc, id collate "C" limit 1)`,
        [workspaceId],
      ),
    { readOnly: true },
  );
  return candidates.reduce<DataDate | null>(
    (best, c) => laterDataDate(best, { date: c.date, field: c.field, entity: c.entity, id: c.id }),
    null,
  );
}
