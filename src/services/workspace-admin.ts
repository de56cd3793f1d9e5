// Creating a workspace over the API (issue 14: files that share nothing with a workspace belong in
// a new one): any admin of a workspace may create one and becomes its admin; the workspace, the
// membership and the audit entry are one transaction.

import { sql } from 'drizzle-orm';
import type { Database } from '../db/index.ts';
import { WorkflowError } from './workflow/errors.ts';
import type { Actor } from './workflow/errors.ts';

export interface NewWorkspace {
  id: string;
  name: string;
  currency: string;
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  // PGlite answers { rows }, postgres.js the rows themselves.
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<
    string,
    unknown
  >[];
}

export async function createWorkspace(
  database: Database,
  actor: Actor,
  input: NewWorkspace,
): Promise<{ id: string; name: string; currency: string }> {
  if (actor.userId === null) throw new WorkflowError('forbidden', 'sign in as an admin first');
  const userId = actor.userId;
  return database.db.transaction(async (tx) => {
    const admin = rowsOf(
      await tx.execute(
        sql`select 1 from memberships where user_id = ${userId} and role = 'admin' limit 1`,
      ),
    );
    if (admin.length === 0) {
      throw new WorkflowError('forbidden', 'only an admin of a workspace may create a workspace');
    }
    const inserted = rowsOf(
      await tx.execute(
        sql`insert into workspaces (id, name, currency, basis)
            values (${input.id}, ${input.name}, ${input.currency}, 'amount')
            on conflict do nothing returning id`,
      ),
    );
    if (inserted.length === 0) {
      throw new WorkflowError('conflict', `a workspace "${input.id}" exists already`);
    }
    await tx.execute(
      sql`insert into memberships (workspace_id, user_id, role) values (${input.id}, ${userId}, 'admin')`,
    );
    await tx.execute(
      sql`insert into audit_log (workspace_id, user_id, user_email, action, entity, entity_id, after)
          values (${input.id}, ${userId}, ${actor.email}, 'workspace.create', 'workspace', ${input.id},
                  ${JSON.stringify({ name: input.name, currency: input.currency, admin: actor.email })}::jsonb)`,
    );
    return { id: input.id, name: input.name, currency: input.currency };
  });
}
