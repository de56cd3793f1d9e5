// The workspace's sign-off policy: which leader titles must approve the definitions and the
// quotas, each by a different person (VP Sales and CRO unless an admin names others; two titles
// at least, so that no one person can satisfy the gate alone).

import { approverPolicyProblem, DEFAULT_APPROVER_TITLES } from '../../core/workflow/index.ts';
import { workflow } from '../../db/index.ts';
import type { LeaderTitle, Queryable } from '../../db/index.ts';
import { WorkflowError } from './errors.ts';
import type { WorkflowContext } from './plan-versions.ts';

export interface SignOffPolicyView {
  approverTitles: LeaderTitle[];
  /** Null while the workspace uses the default. */
  updatedBy: string | null;
  updatedAt: string | null;
}

/** The policy in force (the default until an admin sets one). */
export async function signOffPolicyOf(
  context: WorkflowContext,
  db: Queryable = context.workspace.database.db,
): Promise<SignOffPolicyView> {
  const row = await workflow.getSignoffPolicy(db, context.workspace.id);
  if (row === null) {
    return { approverTitles: [...DEFAULT_APPROVER_TITLES], updatedBy: null, updatedAt: null };
  }
  return {
    approverTitles: row.approverTitles,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Names the approver titles (an admin). Refused (422) when fewer than two different titles, so
 * one person can never approve alone. Versions signed off before keep the gate they were signed
 * off under (its record names the titles).
 */
export async function setSignOffPolicy(
  context: WorkflowContext,
  approverTitles: LeaderTitle[],
): Promise<SignOffPolicyView> {
  const problem = approverPolicyProblem(approverTitles);
  if (problem !== null) {
    throw new WorkflowError('invalid', problem, [
      {
        code: 'policy-invalid',
        severity: 'error',
        message: problem,
        expected: 'two or more different titles among vp_sales, cro and finance',
        location: { column: 'approverTitles', value: approverTitles.join(', ') },
      },
    ]);
  }
  const { workspace, actor } = context;
  await workspace.database.db.transaction(async (tx) => {
    await workflow.lockGovernance(tx, workspace.id);
    const before = await signOffPolicyOf(context, tx);
    await workflow.saveSignoffPolicy(tx, {
      workspaceId: workspace.id,
      approverTitles,
      updatedBy: actor.email,
    });
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'signoff.policy',
      entity: 'workspace',
      entityId: workspace.id,
      before: { approverTitles: before.approverTitles },
      after: { approverTitles },
    });
  });
  return signOffPolicyOf(context);
}
