// Undoes an import in one transaction: the rows it wrote are deleted, the rows it replaced or
// removed (kept by saveImport in import_replaced_rows) are put back, the workspace's basis and
// as-of date return to what they were, the import is marked undone and the audit entry written.
// Only the workspace's latest import can be undone: a later one was built on top of it.

import { ENTITY_NAMES } from '../core/model.ts';
import type { Database } from './open-database.ts';
import { ENTITY_SPECS } from './record-codec.ts';
import { quoteIdent } from './sql-names.ts';
import { inTransaction } from './sql-session.ts';

export type UndoOutcome =
  | { ok: true; restored: number; removed: number }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'not-completed'; status: string }
  | { ok: false; reason: 'later-import'; laterId: number };

export async function undoImport(
  database: Database,
  workspaceId: string,
  importId: number,
  audit: { userId: string | null; userEmail: string; reason?: string | null },
): Promise<UndoOutcome> {
  return inTransaction(database, async (session) => {
    // The same lock as saveImport: no import runs while one is undone.
    await session.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `quotaplan:workspace:${workspaceId}`,
    ]);
    const [found] = await session.query<{
      status: string;
      settings: { basis: string; asOf: string | null } | null;
      files: { name: string }[];
    }>(
      `select status, settings_before as settings, files from imports
       where workspace_id = $1 and id = $2`,
      [workspaceId, importId],
    );
    if (found === undefined) return { ok: false, reason: 'not-found' };
    if (found.status !== 'completed') {
      return { ok: false, reason: 'not-completed', status: found.status };
    }
    const [later] = await session.query<{ id: number }>(
      `select id from imports where workspace_id = $1 and id > $2 and status = 'completed'
       order by id limit 1`,
      [workspaceId, importId],
    );
    if (later !== undefined) return { ok: false, reason: 'later-import', laterId: later.id };

    let removed = 0;
    let restored = 0;
    for (const entity of ENTITY_NAMES) {
      const table = quoteIdent(ENTITY_SPECS[entity].table);
      removed += await session.execute(
        `delete from ${table} where workspace_id = $1 and import_id = $2`,
        [workspaceId, importId],
      );
      restored += await session.execute(
        `insert into ${table}
         select (jsonb_populate_record(null::${table}, r.row)).*
         from import_replaced_rows r where r.import_id = $1 and r.entity_table = $2`,
        [importId, ENTITY_SPECS[entity].table],
      );
    }
    if (found.settings !== null) {
      await session.execute(`update workspaces set basis = $2, as_of = $3::date where id = $1`, [
        workspaceId,
        found.settings.basis,
        found.settings.asOf,
      ]);
    }
    await session.execute(`delete from import_replaced_rows where import_id = $1`, [importId]);
    await session.execute(
      `update imports set status = 'undone', undone_at = clock_timestamp(), undone_by = $2
       where id = $1`,
      [importId, audit.userEmail],
    );
    await session.query(
      `insert into audit_log (workspace_id, user_id, user_email, action, entity, entity_id, before, after, reason)
       values ($1, $2, $3, 'import.undo', 'import', $4, $5::text::jsonb, $6::text::jsonb, $7)`,
      [
        workspaceId,
        audit.userId,
        audit.userEmail,
        String(importId),
        JSON.stringify({ status: 'completed', files: found.files.map((f) => f.name) }),
        JSON.stringify({ status: 'undone', rowsRemoved: removed, rowsRestored: restored }),
        audit.reason ?? null,
      ],
    );
    return { ok: true, restored, removed };
  });
}
