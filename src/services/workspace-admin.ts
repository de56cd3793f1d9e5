// Creating a workspace over the API (issue 14: files that share nothing with a workspace belong in
// a new one): any admin of a workspace may create one and becomes its admin; the workspace, the
// membership and the audit entry are one transaction.

import { workflow } from '../db/index.ts';
import type { Database } from '../db/index.ts';
import { WorkflowError } from './workflow/errors.ts';
import type { Actor } from './workflow/errors.ts';

export interface NewWorkspace {
  id: string;
  name: string;
  currency: string;
}

export async function createWorkspace(
  database: Database,
  actor: Actor,
  input: NewWorkspace,
): Promise<{ id: string; name: string; currency: string }> {
  if (actor.userId === null) throw new WorkflowError('forbidden', 'sign in as an admin first');
  const userId = actor.userId;
  return database.db.transaction(async (tx) => {
    const memberships = await workflow.membershipsOfUser(tx, userId);
    if (!memberships.some((m) => m.role === 'admin')) {
      throw new WorkflowError('forbidden', 'only an admin of a workspace may create a workspace');
    }
    if (!(await workflow.insertWorkspace(tx, input))) {
      throw new WorkflowError('conflict', `a workspace "${input.id}" exists already`);
    }
    await workflow.upsertMembership(tx, {
      workspaceId: input.id,
      userId,
      role: 'admin',
      title: null,
      repId: null,
    });
    await workflow.appendAudit(tx, {
      workspaceId: input.id,
      userId,
      userEmail: actor.email,
      action: 'workspace.create',
      entity: 'workspace',
      entityId: input.id,
      after: { name: input.name, currency: input.currency, admin: actor.email },
    });
    return { id: input.id, name: input.name, currency: input.currency };
  });
}
