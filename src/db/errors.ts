// Errors the database layer throws for misuse of its API. Problems in user data never get here:
// importers report them as Issues before anything is saved.

/** The workspace id names no workspace in this database (call ensureWorkspace first). */
export class WorkspaceNotFoundError extends Error {
  readonly workspaceId: string;
  constructor(workspaceId: string) {
    super(`no workspace "${workspaceId}" in this database`);
    this.name = 'WorkspaceNotFoundError';
    this.workspaceId = workspaceId;
  }
}

/** Two records of one import share a key; the importer must resolve duplicates first. */
export class DuplicateRecordError extends Error {
  readonly entity: string;
  readonly key: string;
  constructor(entity: string, key: string) {
    super(`${entity}: two records share the key ${key}; an import may hold each record once`);
    this.name = 'DuplicateRecordError';
    this.entity = entity;
    this.key = key;
  }
}

/** A record's value cannot be stored as its column's type (cents that are not an integer…). */
export class InvalidRecordError extends Error {
  readonly entity: string;
  readonly field: string;
  constructor(entity: string, field: string, message: string) {
    super(`${entity}.${field}: ${message}`);
    this.name = 'InvalidRecordError';
    this.entity = entity;
    this.field = field;
  }
}

/**
 * Whether a database error is a unique violation (SQLSTATE 23505), of `constraint` when given:
 * the last word on a race two writers ran at once. PGlite and postgres.js both carry the code,
 * Drizzle wraps them as the cause.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth += 1) {
    const fields = e as Error & { code?: unknown; constraint?: unknown; constraint_name?: unknown };
    if (fields.code === '23505') {
      const name = fields.constraint ?? fields.constraint_name;
      return constraint === undefined || name === undefined || name === constraint;
    }
    e = e.cause;
  }
  return false;
}

/**
 * Whether an error is Postgres cancelling a statement that ran longer than the statement timeout
 * (SQLSTATE 57014, query_canceled; DatabaseOptions.statementTimeoutMs). Its transaction rolled back.
 */
export function isStatementTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '57014' && typeof message === 'string' && message.includes('statement timeout');
}
