// The Definition Alignment Document of a workspace: the terms (our defaults until someone edits
// them), and their approval per term by the VP of Sales and the CRO. Editing a term raises its
// revision, so approvals of the old wording no longer count.

import {
  DEFAULT_DEFINITION_TERMS,
  DEFINITION_APPROVER_TITLES,
} from '../../core/workflow/definitions.ts';
import type { DefinitionApproverTitle } from '../../core/workflow/definitions.ts';
import { workflow } from '../../db/index.ts';
import type { LeaderTitle } from '../../db/index.ts';
import { WorkflowError } from './errors.ts';
import type { WorkflowContext } from './plan-versions.ts';

export interface DefinitionStatus {
  key: string;
  term: string;
  definition: string;
  revision: number;
  updatedAt: string;
  updatedBy: string;
  /** Approvals of the current revision, by title. */
  approvals: { title: LeaderTitle; by: string; at: string }[];
  /** Titles whose approval of the current revision is still missing. */
  missing: DefinitionApproverTitle[];
  approved: boolean;
}

/** The workspace's terms (created from the defaults on first use) with their approval status. */
export async function listDefinitions(context: WorkflowContext): Promise<DefinitionStatus[]> {
  const { database, id } = context.workspace;
  let terms = await workflow.listDefinitionTerms(database.db, id);
  if (terms.length === 0) {
    await workflow.insertDefinitionTerms(
      database.db,
      DEFAULT_DEFINITION_TERMS.map((t, position) => ({
        workspaceId: id,
        key: t.key,
        position,
        term: t.term,
        definition: t.definition,
        revision: 1,
        updatedBy: 'quotaplan defaults',
      })),
    );
    terms = await workflow.listDefinitionTerms(database.db, id);
  }
  const approvals = await workflow.listDefinitionApprovals(database.db, id);
  return terms.map((t) => {
    const current = approvals.filter((a) => a.key === t.key && a.revision === t.revision);
    const titles = new Set<string>(current.map((a) => a.title));
    const missing = DEFINITION_APPROVER_TITLES.filter((title) => !titles.has(title));
    return {
      key: t.key,
      term: t.term,
      definition: t.definition,
      revision: t.revision,
      updatedAt: t.updatedAt.toISOString(),
      updatedBy: t.updatedBy,
      approvals: current.map((a) => ({ title: a.title, by: a.by, at: a.at.toISOString() })),
      missing,
      approved: missing.length === 0,
    };
  });
}

async function requireTerm(context: WorkflowContext, key: string): Promise<DefinitionStatus> {
  const term = (await listDefinitions(context)).find((t) => t.key === key);
  if (term === undefined) throw new WorkflowError('not-found', `there is no term "${key}"`);
  return term;
}

/** Rewords a term: a new revision that needs fresh approvals. */
export async function editDefinition(
  context: WorkflowContext,
  key: string,
  change: { term: string; definition: string; reason: string },
): Promise<DefinitionStatus> {
  await requireTerm(context, key);
  const { workspace, actor } = context;
  await workspace.database.db.transaction(async (tx) => {
    // Read locked: of two edits at once, the second's "before" is the first's wording and
    // revision, so the audit entries chain and neither edit's revision is counted twice.
    const before = await workflow.lockDefinitionTerm(tx, workspace.id, key);
    if (before === null) throw new WorkflowError('not-found', `there is no term "${key}"`);
    await workflow.updateDefinitionTerm(tx, workspace.id, key, {
      term: change.term,
      definition: change.definition,
      updatedBy: actor.email,
    });
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'definition.edit',
      entity: 'definition',
      entityId: key,
      before: { term: before.term, definition: before.definition, revision: before.revision },
      after: { term: change.term, definition: change.definition, revision: before.revision + 1 },
      reason: change.reason,
    });
  });
  return requireTerm(context, key);
}

/** Approves the current revision of a term for the approver's title (VP Sales or CRO). */
export async function approveDefinition(
  context: WorkflowContext,
  key: string,
  title: LeaderTitle | null,
): Promise<DefinitionStatus> {
  if (title === null || !(DEFINITION_APPROVER_TITLES as readonly string[]).includes(title)) {
    throw new WorkflowError(
      'forbidden',
      'definitions are approved by the VP of Sales and the CRO; your title is neither',
    );
  }
  const term = await requireTerm(context, key);
  const { workspace, actor } = context;
  await workspace.database.db.transaction(async (tx) => {
    const added = await workflow.insertDefinitionApproval(tx, {
      workspaceId: workspace.id,
      key,
      revision: term.revision,
      title,
      by: actor.email,
    });
    if (!added) {
      throw new WorkflowError(
        'conflict',
        `revision ${term.revision} of "${term.term}" is already approved by the ${title}`,
      );
    }
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'definition.approve',
      entity: 'definition',
      entityId: key,
      before: { missing: term.missing },
      after: { revision: term.revision, approvedAs: title },
    });
  });
  return requireTerm(context, key);
}
