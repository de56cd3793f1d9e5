// The Definition Alignment Document of a workspace: the terms (our defaults until someone edits
// them), and their approval per term by the approver titles of the sign-off policy (the VP of
// Sales and the CRO by default), each a different person. Editing a term raises its revision, so
// approvals of the old wording no longer count.

import { DEFAULT_DEFINITION_TERMS } from '../../core/workflow/definitions.ts';
import { coverTitles, titleName } from '../../core/workflow/index.ts';
import { workflow } from '../../db/index.ts';
import type { LeaderTitle, Queryable } from '../../db/index.ts';
import { WorkflowError } from './errors.ts';
import type { WorkflowContext } from './plan-versions.ts';
import { signOffPolicyOf } from './policy.ts';

export interface DefinitionStatus {
  key: string;
  term: string;
  definition: string;
  revision: number;
  updatedAt: string;
  updatedBy: string;
  /** Approvals of the current revision, by title. */
  approvals: { title: LeaderTitle; by: string; at: string }[];
  /** Approver titles whose approval of the current revision is still missing. */
  missing: LeaderTitle[];
  approved: boolean;
}

/**
 * The workspace's terms (created from the defaults on first use) with their approval status, read
 * through `db` (a transaction that judges them, or the database).
 */
export async function listDefinitions(
  context: WorkflowContext,
  db: Queryable = context.workspace.database.db,
): Promise<DefinitionStatus[]> {
  const { id } = context.workspace;
  const { approverTitles } = await signOffPolicyOf(context, db);
  let terms = await workflow.listDefinitionTerms(db, id);
  if (terms.length === 0) {
    await workflow.insertDefinitionTerms(
      db,
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
    terms = await workflow.listDefinitionTerms(db, id);
  }
  const approvals = await workflow.listDefinitionApprovals(db, id);
  return terms.map((t) => {
    const current = approvals.filter((a) => a.key === t.key && a.revision === t.revision);
    const { missing } = coverTitles(
      approverTitles,
      current.map((a) => ({ by: a.by, title: a.title, at: a.at.toISOString() })),
    );
    return {
      key: t.key,
      term: t.term,
      definition: t.definition,
      revision: t.revision,
      updatedAt: t.updatedAt.toISOString(),
      updatedBy: t.updatedBy,
      approvals: current.map((a) => ({ title: a.title, by: a.by, at: a.at.toISOString() })),
      missing: missing as LeaderTitle[],
      approved: missing.length === 0,
    };
  });
}

async function requireTerm(
  context: WorkflowContext,
  key: string,
  db: Queryable = context.workspace.database.db,
): Promise<DefinitionStatus> {
  const term = (await listDefinitions(context, db)).find((t) => t.key === key);
  if (term === undefined) throw new WorkflowError('not-found', `there is no term "${key}"`);
  return term;
}

/** Rewords a term: a new revision that needs fresh approvals. */
export async function editDefinition(
  context: WorkflowContext,
  key: string,
  change: { term: string; definition: string; reason: string },
): Promise<DefinitionStatus> {
  const { workspace, actor } = context;
  await workspace.database.db.transaction(async (tx) => {
    await workflow.lockGovernance(tx, workspace.id);
    const before = await requireTerm(context, key, tx);
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

/**
 * Approves the current revision of a term for the approver's title (one of the policy's titles,
 * VP Sales or CRO by default); a person approves one wording once, under one title.
 */
export async function approveDefinition(
  context: WorkflowContext,
  key: string,
  title: LeaderTitle | null,
): Promise<DefinitionStatus> {
  const { approverTitles } = await signOffPolicyOf(context);
  if (title === null || !approverTitles.includes(title)) {
    const names = approverTitles.map(titleName).join(' and ');
    throw new WorkflowError(
      'forbidden',
      `definitions are approved by ${names}; your title is ${title === null ? 'none' : titleName(title)}`,
    );
  }
  const { workspace, actor } = context;
  await workspace.database.db.transaction(async (tx) => {
    await workflow.lockGovernance(tx, workspace.id);
    const term = await requireTerm(context, key, tx);
    const mine = term.approvals.find((a) => a.by === actor.email);
    if (mine !== undefined && mine.title !== title) {
      throw new WorkflowError(
        'conflict',
        `you approved revision ${term.revision} of "${term.term}" already, as ${titleName(mine.title)}; each title needs a different person`,
      );
    }
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
        `revision ${term.revision} of "${term.term}" is already approved by the ${titleName(title)}`,
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
