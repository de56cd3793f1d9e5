// The failures a workflow use case reports to its caller. Only the server turns them into HTTP
// statuses (server/problem.ts) and only the CLI into exit codes.

import type { Issue } from '../../core/issue.ts';

export type WorkflowErrorCode =
  /** The plan, version, term or adjustment does not exist in this workspace. */
  | 'not-found'
  /** The edit named a version that is no longer the newest (optimistic locking). */
  | 'stale-version'
  /** The request contradicts the record's state (publishing twice, approving a decided change). */
  | 'conflict'
  /** The plan text or the request's values are invalid; `issues` says where and why. */
  | 'invalid'
  /** The caller's role or title does not allow this action. */
  | 'forbidden'
  /** A precondition of the workflow is not met (signing off with open checklist items). */
  | 'precondition-failed';

export class WorkflowError extends Error {
  readonly code: WorkflowErrorCode;
  readonly issues: readonly Issue[];
  constructor(code: WorkflowErrorCode, message: string, issues: readonly Issue[] = []) {
    super(message);
    this.name = 'WorkflowError';
    this.code = code;
    this.issues = issues;
  }
}

/** Who does something: the user's id (null for the CLI) and the email recorded as "who". */
export interface Actor {
  userId: string | null;
  email: string;
}

/** Postgres cancelled a statement past the statement timeout (see src/db/errors.ts). */
export { isStatementTimeout } from '../../db/index.ts';
