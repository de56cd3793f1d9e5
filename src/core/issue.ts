// Expected problems with user data are values, not exceptions: an Issue names what is wrong,
// where, and what was expected. Importers, the audit and later the engine all speak it.

export type Severity = 'error' | 'warning' | 'info';

/** Where an issue sits: in a source file (file/row/column) or on a stored record (entity/id). */
export interface IssueLocation {
  file?: string;
  /** 1-based line of the record in its file; the header is row 1. */
  row?: number;
  column?: string;
  value?: string;
  entity?: string;
  id?: string;
}

export interface Issue {
  /** Stable, kebab-case code ('date-ambiguous', 'deal-without-owner'). */
  code: string;
  severity: Severity;
  message: string;
  /** What the value should have been ('a date like 2024-03-31'). */
  expected?: string;
  location?: IssueLocation;
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(...issues: Issue[]): Result<T> {
  return { ok: false, issues };
}

/** One line a person can read: `deals.csv row 12, column "Close Date": "31/02/2024" — expected …`. */
export function formatIssue(issue: Issue): string {
  const loc = issue.location;
  const where: string[] = [];
  if (loc?.file !== undefined) where.push(loc.file);
  if (loc?.row !== undefined) where.push(`row ${loc.row}`);
  if (loc?.column !== undefined) where.push(`column "${loc.column}"`);
  if (loc?.entity !== undefined && loc.id !== undefined) where.push(`${loc.entity} ${loc.id}`);
  let text = where.length > 0 ? `${where.join(', ')}: ` : '';
  text += issue.message;
  if (loc?.value !== undefined) text += ` (value ${JSON.stringify(loc.value)})`;
  if (issue.expected !== undefined) text += `; expected ${issue.expected}`;
  return text;
}
