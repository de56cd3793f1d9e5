// Saves one import in one transaction: the import row, every record upserted by its key, the
// settings patch. Records travel by COPY: straight into the table when the workspace has none of
// that entity yet, else into a temp staging table merged with a few set-based statements.

import { sql } from 'drizzle-orm';
import { ENTITY_NAMES } from '../core/model.ts';
import type { EntityName } from '../core/model.ts';
import type {
  Account,
  CreditSplit,
  CurrencyRate,
  Deal,
  Product,
  Rep,
  Territory,
  WorkspaceSettings,
} from '../core/model.ts';
import { escapeCopyField } from './copy-text.ts';
import { WorkspaceNotFoundError } from './errors.ts';
import type { Database } from './open-database.ts';
import { assertUniqueKeys, encodeCopyChunks, ENTITY_SPECS, inKeyOrder } from './record-codec.ts';
import type { EntitySpec } from './record-codec.ts';
import { imports } from './schema.ts';
import type { ImportCounts, ImportFileRecord } from './schema.ts';
import { columnList, keyMatch, quoteIdent } from './sql-names.ts';
import { inTransaction } from './sql-session.ts';
import type { SqlParam, SqlSession } from './sql-session.ts';
import { assertValidSettings } from './workspace-repository.ts';

export interface ImportRecords {
  reps: Rep[];
  territories: Territory[];
  accounts: Account[];
  products: Product[];
  deals: Deal[];
  rates: CurrencyRate[];
  splits: CreditSplit[];
}

export interface ImportMeta {
  preset: string;
  importedBy: string;
  options: Record<string, unknown>;
  files: ImportFileRecord[];
  /**
   * The audit entry written in the import's own transaction (action `import`, entity `import`,
   * after: the files, the counts and `after`), so no import commits without it.
   */
  audit?: {
    userId: string | null;
    userEmail: string;
    after?: Record<string, unknown>;
    reason?: string | null;
  };
}

export interface SaveOptions {
  /**
   * Per entity, model properties the files did not have: a stored record keeps its values of
   * them (a re-import without a column does not erase it). New records get null.
   */
  keep?: Partial<Record<EntityName, readonly string[]>>;
}

export interface SavedImport {
  importId: number;
  /**
   * Per entity: `inserted` records were new; `updated` records already existed (changed or
   * not). A derived record that met a real one is neither: the real one stays.
   */
  counts: ImportCounts;
}

/** Batches at least this large, at least doubling their table, rebuild its secondary indexes. */
const INDEX_REBUILD_ROWS = 100_000;
/** Refresh planner statistics after writing this many rows (PGlite has no autovacuum). */
const ANALYZE_ROWS = 10_000;

/**
 * Upserts every record by (workspace_id, key) in one transaction, records the import and applies
 * `settings`. Re-importing identical data inserts nothing and rewrites nothing. A derived record
 * never replaces a real one; a real one replaces a derived one. Splits of a deal present in the
 * import replace that deal's stored splits. Any failure rolls everything back, then a 'failed'
 * import row is recorded for the history.
 */
export async function saveImport(
  database: Database,
  workspaceId: string,
  records: ImportRecords,
  meta: ImportMeta,
  settings: Partial<WorkspaceSettings> = {},
  options: SaveOptions = {},
): Promise<SavedImport> {
  let saved: SavedImport & { refresh: string[] };
  try {
    assertValidSettings(settings);
    // Big batches are written in key order (see inKeyOrder), which also makes the check cheap.
    const ordered = {} as Record<EntityName, readonly object[]>;
    for (const entity of ENTITY_NAMES) {
      const spec = ENTITY_SPECS[entity];
      const list: readonly object[] = records[entity];
      const sorted = list.length >= INDEX_REBUILD_ROWS;
      ordered[entity] = sorted ? inKeyOrder(spec, list) : list;
      assertUniqueKeys(spec, ordered[entity], { sorted });
    }
    saved = await inTransaction(database, async (session) => {
      await lockWorkspace(session, workspaceId);
      await session.query(`set local work_mem = '64MB'`);
      await session.query(`set local maintenance_work_mem = '256MB'`);
      const [row] = await session.query<{ id: number }>(
        `insert into imports (workspace_id, preset, imported_by, options, files, status)
         values ($1, $2, $3, $4::text::jsonb, $5::text::jsonb, 'completed') returning id`,
        [
          workspaceId,
          meta.preset,
          meta.importedBy,
          JSON.stringify(meta.options),
          JSON.stringify(meta.files),
        ],
      );
      if (row === undefined) throw new Error('insert into imports returned no id');
      const importId = row.id;
      const counts = {} as ImportCounts;
      const refresh: string[] = [];
      for (const entity of ENTITY_NAMES) {
        const spec = ENTITY_SPECS[entity];
        const written = await upsertRecords(
          session,
          spec,
          workspaceId,
          importId,
          ordered[entity],
          options.keep?.[entity] ?? [],
        );
        counts[entity] = { inserted: written.inserted, updated: written.updated };
        if (written.touched >= ANALYZE_ROWS) refresh.push(quoteIdent(spec.table));
      }
      await applySettings(session, workspaceId, settings);
      await session.query(
        `update imports set counts = $2::text::jsonb, finished_at = clock_timestamp() where id = $1`,
        [importId, JSON.stringify(counts)],
      );
      if (meta.audit !== undefined) {
        await session.query(
          `insert into audit_log (workspace_id, user_id, user_email, action, entity, entity_id, after, reason)
           values ($1, $2, $3, 'import', 'import', $4, $5::text::jsonb, $6)`,
          [
            workspaceId,
            meta.audit.userId,
            meta.audit.userEmail,
            String(importId),
            JSON.stringify({ files: meta.files.map((f) => f.name), counts, ...meta.audit.after }),
            meta.audit.reason ?? null,
          ],
        );
      }
      // Postgres: statistics are fresh at commit (autovacuum does the rest). PGlite vacuums
      // after the commit below, since VACUUM cannot run inside a transaction.
      if (session.driver === 'postgres') {
        for (const table of refresh) await session.query(`analyze ${table}`);
      }
      return { importId, counts, refresh };
    });
  } catch (error) {
    if (!(error instanceof WorkspaceNotFoundError)) {
      await recordFailedImport(database, workspaceId, meta, error);
    }
    throw error;
  }
  if (database.client.kind === 'pglite') {
    // PGlite has no autovacuum: set hint bits, reclaim replaced rows and refresh statistics now,
    // so the next read neither rewrites every page nor plans with stale numbers.
    for (const table of saved.refresh)
      await database.client.pglite.exec(`vacuum (analyze) ${table}`);
  }
  return { importId: saved.importId, counts: saved.counts };
}

/** Serialises imports into one workspace and checks that it exists. */
async function lockWorkspace(session: SqlSession, workspaceId: string): Promise<void> {
  await session.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [
    `quotaplan:workspace:${workspaceId}`,
  ]);
  const found = await session.query(`select 1 from workspaces where id = $1`, [workspaceId]);
  if (found.length === 0) throw new WorkspaceNotFoundError(workspaceId);
}

interface Written {
  inserted: number;
  updated: number;
  /** Rows physically written or deleted: decides whether statistics need a refresh. */
  touched: number;
}

async function upsertRecords(
  session: SqlSession,
  spec: EntitySpec,
  workspaceId: string,
  importId: number,
  records: readonly object[],
  keep: readonly string[],
): Promise<Written> {
  if (records.length === 0) return { inserted: 0, updated: 0, touched: 0 };
  const table = quoteIdent(spec.table);
  const columns = columnList(spec.columns);
  const [existing] = await session.query<{ found: boolean }>(
    `select exists (select 1 from ${table} where workspace_id = $1) as found`,
    [workspaceId],
  );
  if (existing?.found !== true) {
    // Nothing of this workspace to merge with: COPY straight into the table.
    const rebuild = await dropIndexesForBulkLoad(session, spec.table, records.length);
    await session.copyIn(
      table,
      ['workspace_id', 'import_id', ...spec.columns.map((c) => quoteIdent(c.column))],
      encodeCopyChunks(spec, records, { prefix: `${escapeCopyField(workspaceId)}\t${importId}\t` }),
    );
    for (const definition of rebuild) await session.query(definition);
    return { inserted: records.length, updated: 0, touched: records.length };
  }

  const stage = quoteIdent(`qp_stage_${spec.table}`);
  const match = keyMatch(spec, 't', 's');
  const ws: SqlParam[] = [workspaceId];
  await session.query(
    `create temp table ${stage} on commit drop as select ${columns} from ${table} with no data`,
  );
  await session.copyIn(
    stage,
    spec.columns.map((c) => quoteIdent(c.column)),
    encodeCopyChunks(spec, records),
  );
  let staged = records.length;
  if (spec.hasProvenance) {
    staged -= await session.execute(
      `delete from ${stage} s using ${table} t
       where t.workspace_id = $1 and ${match} and s.derived and not t.derived`,
      ws,
    );
  }
  if (spec.entity === 'splits') {
    // A deal's splits are one set: the import's set replaces the stored one, not just its rows.
    await session.execute(
      `delete from ${table} t where t.workspace_id = $1
         and t.deal_id in (select deal_id from ${stage})
         and not exists (select 1 from ${stage} s where ${match})`,
      ws,
    );
  }
  const kept = spec.columns.filter((c) => keep.includes(c.field));
  if (kept.length > 0) {
    // Fields the files did not have keep their stored values (before the comparison below, so
    // a record that differs only there is unchanged).
    await session.execute(
      `update ${stage} s set ${kept.map((c) => `${quoteIdent(c.column)} = t.${quoteIdent(c.column)}`).join(', ')}
       from ${table} t where t.workspace_id = $1 and ${match}`,
      ws,
    );
  }
  const unchanged = await session.execute(
    `delete from ${stage} s using ${table} t
     where t.workspace_id = $1 and ${match}
       and (${columnList(spec.columns, 't')}) is not distinct from (${columnList(spec.columns, 's')})`,
    ws,
  );
  staged -= unchanged;
  // Changed records are deleted and inserted again: with the plain indexes dropped for a big
  // batch, that is much cheaper than updating every index entry in place.
  const replaced = await session.execute(
    `delete from ${table} t using ${stage} s where t.workspace_id = $1 and ${match}`,
    ws,
  );
  const rebuild = await dropIndexesForBulkLoad(session, spec.table, staged);
  const written = await session.execute(
    `insert into ${table} (workspace_id, import_id, ${columns})
     select $1, $2, ${columns} from ${stage}`,
    [workspaceId, importId],
  );
  for (const definition of rebuild) await session.query(definition);
  await session.query(`drop table ${stage}`);
  return {
    inserted: written - replaced,
    updated: replaced + unchanged,
    touched: written + replaced,
  };
}

/**
 * For a batch of at least INDEX_REBUILD_ROWS that is no smaller than the table, drops the plain
 * indexes and returns the statements that recreate them: one sort-based build after the load
 * beats a million random insertions. Primary keys and unique constraints stay in place. The drop
 * locks the table until commit, which is why a batch smaller than the table never does it.
 */
async function dropIndexesForBulkLoad(
  session: SqlSession,
  table: string,
  rows: number,
): Promise<string[]> {
  if (rows < INDEX_REBUILD_ROWS || (await estimatedRows(session, table)) > rows) return [];
  return dropSecondaryIndexes(session, table);
}

/** Rows in a table according to the planner, or counted (up to a bound) when never analysed. */
async function estimatedRows(session: SqlSession, table: string): Promise<number> {
  const [stats] = await session.query<{ rows: number }>(
    `select reltuples::float8 as rows from pg_class where oid = $1::regclass`,
    [table],
  );
  if (stats !== undefined && stats.rows >= 0) return stats.rows;
  const [counted] = await session.query<{ rows: number }>(
    `select count(*)::float8 as rows from (select 1 from ${quoteIdent(table)} limit ${INDEX_REBUILD_ROWS * 10}) x`,
  );
  return counted?.rows ?? 0;
}

/** Drops the table's plain (non-unique) indexes; returns their exact CREATE INDEX statements. */
async function dropSecondaryIndexes(session: SqlSession, table: string): Promise<string[]> {
  const indexes = await session.query<{ name: string; definition: string }>(
    `select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
     from pg_index i join pg_class c on c.oid = i.indexrelid
     where i.indrelid = $1::regclass and not i.indisprimary and not i.indisunique
     order by c.relname`,
    [table],
  );
  for (const index of indexes) await session.query(`drop index ${quoteIdent(index.name)}`);
  return indexes.map((i) => i.definition);
}

async function applySettings(
  session: SqlSession,
  workspaceId: string,
  patch: Partial<WorkspaceSettings>,
): Promise<void> {
  const sets: string[] = [];
  const params: SqlParam[] = [workspaceId];
  if (patch.currency !== undefined) {
    params.push(patch.currency);
    sets.push(`currency = $${params.length}`);
  }
  if (patch.basis !== undefined) {
    params.push(patch.basis);
    sets.push(`basis = $${params.length}`);
  }
  if (patch.asOf !== undefined) {
    params.push(patch.asOf);
    sets.push(`as_of = $${params.length}::date`);
  }
  if (sets.length === 0) return;
  await session.execute(`update workspaces set ${sets.join(', ')} where id = $1`, params);
}

/** Best effort: the history shows a failed attempt; a second failure here is not reported. */
async function recordFailedImport(
  database: Database,
  workspaceId: string,
  meta: ImportMeta,
  error: unknown,
): Promise<void> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  try {
    await database.db.insert(imports).values({
      workspaceId,
      preset: meta.preset,
      importedBy: meta.importedBy,
      options: meta.options,
      files: meta.files,
      status: 'failed',
      error: message.slice(0, 2000),
      finishedAt: sql`now()`,
    });
  } catch {
    // The database may be the thing that failed; the original error is what the caller needs.
  }
}
