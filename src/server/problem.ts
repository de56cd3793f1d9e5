// Errors as JSON problem details (RFC 9457) with a stable `code`: the one place where failures
// become HTTP statuses. Unexpected errors are logged on the server (without SQL parameters, see
// error-log.ts) and reach the client as a generic 500 without a stack trace.

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Issue } from '../core/issue.ts';
import { isStatementTimeout, WorkflowError } from '../services/workflow/errors.ts';
import type { WorkflowErrorCode } from '../services/workflow/errors.ts';
import { errorLogText } from './error-log.ts';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  /** Stable machine-readable code, e.g. 'stale-version'. */
  code: string;
  detail: string;
  issues?: readonly Issue[];
}

/** An expected refusal raised by the server itself (auth, scope, bad parameters). */
export class HttpProblem extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly issues: readonly Issue[];
  constructor(
    status: ContentfulStatusCode,
    code: string,
    detail: string,
    issues: readonly Issue[] = [],
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign-in required',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Invalid input',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

const WORKFLOW_STATUS: Record<WorkflowErrorCode, ContentfulStatusCode> = {
  'not-found': 404,
  'stale-version': 409,
  conflict: 409,
  invalid: 422,
  forbidden: 403,
  'precondition-failed': 409,
};

export function problemBody(
  status: number,
  code: string,
  detail: string,
  issues: readonly Issue[] = [],
): ProblemBody {
  // A 422 always lists what is wrong, so a client can show it next to the field it names.
  if (status === 422 && issues.length === 0) {
    issues = [{ code, severity: 'error', message: detail }];
  }
  return {
    type: `https://quotaplan.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(issues.length > 0 ? { issues } : {}),
  };
}

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  detail: string,
  issues: readonly Issue[] = [],
): Response {
  return c.json(problemBody(status, code, detail, issues), status, {
    'content-type': 'application/problem+json',
  });
}

/** The app's onError: known errors to their status, anything else to a logged, generic 500. */
export function errorToResponse(
  error: Error,
  c: Context,
  log: (message: string) => void,
): Response {
  // Hono's HTTPException carrying its own response (the CSRF guard's problem body).
  if (error instanceof HTTPException) {
    if (error.res !== undefined) return error.getResponse();
    const code =
      error.status === 415
        ? 'unsupported-media-type'
        : error.status === 413
          ? 'payload-too-large'
          : 'bad-request';
    return problem(c, error.status, code, error.message);
  }
  if (error instanceof HttpProblem)
    return problem(c, error.status, error.code, error.message, error.issues);
  if (error instanceof WorkflowError) {
    return problem(c, WORKFLOW_STATUS[error.code], error.code, error.message, error.issues);
  }
  if (isStatementTimeout(error)) {
    log(`${c.req.method} ${new URL(c.req.url).pathname}: a database statement timed out`);
    return problem(
      c,
      503,
      'timeout',
      'a database statement ran longer than the statement timeout and was cancelled; the change it belonged to was rolled back',
    );
  }
  log(`${c.req.method} ${new URL(c.req.url).pathname} failed: ${errorLogText(error)}`);
  return problem(
    c,
    500,
    'internal',
    'the server could not complete the request; it has been logged',
  );
}
