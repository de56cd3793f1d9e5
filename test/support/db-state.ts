// A fingerprint of what a workspace database holds, for tests that check a refused request left it
// as it was: the audit log (every state change writes an entry in its transaction), the row counts
// of every table a request can add to, and the columns requests update in place.

import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/index.ts';

export type DatabaseState = Record<string, number>;

export async function databaseState(database: Database): Promise<DatabaseState> {
  // PGlite answers { rows }, postgres.js the rows themselves.
  const result: unknown = await database.db.execute(sql`
    select
      (select count(*) from audit_log) as audit_entries,
      (select count(*) from workspaces) as workspaces,
      (select count(*) from imports) as imports,
      (select count(*) from reps) as reps,
      (select count(*) from deals) as deals,
      (select count(*) from users) as users,
      (select count(*) from memberships) as memberships,
      (select count(*) from plans) as plans,
      (select coalesce(sum(latest_version), 0) from plans) as latest_versions,
      (select count(*) from plans where published_version is not null) as published_plans,
      (select count(*) from plan_versions) as plan_versions,
      (select count(*) from assumption_transitions) as transitions,
      (select coalesce(sum(revision), 0) from definition_terms) as definition_revisions,
      (select count(*) from definition_approvals) as definition_approvals,
      (select count(*) from signoff_records) as signoff_records,
      (select count(*) from published_quotas) as published_quotas,
      (select count(*) from quota_adjustments) as adjustments,
      (select count(*) from quota_adjustments where state <> 'pending') as decided_adjustments,
      (select count(*) from credit_disputes) as credit_disputes,
      (select count(*) from credit_disputes where state <> 'open') as resolved_disputes,
      (select count(*) from crm_connections) as crm_connections,
      (select count(*) from import_replaced_rows) as import_replaced_rows,
      (select count(*) from imports where undone_at is not null) as undone_imports
  `);
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  const row = (rows[0] ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
}
