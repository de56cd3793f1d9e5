// Reads a plan file from disk: YAML syntax, the plan-file schema (each problem with its line), the
// account-target and current-quota CSVs it names, and the engine's Plan built from all of it.

import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { Issue, Result } from '../../core/issue.ts';
import { fail, ok } from '../../core/issue.ts';
import type { Basis, Cents } from '../../core/model.ts';
import type { AccountTarget, CurrentQuota, Plan } from '../../core/plan/types.ts';
import type { KeyPath, PlanFile, PlanTables } from '../../contracts/plan-file.ts';
import { parsePlanFile, toPlan } from '../../contracts/plan-file.ts';
import { openTable } from '../read-table.ts';
import { parseMoney } from '../values.ts';

/**
 * The longest plan text read, in characters: a real plan is a few kilobytes (the OTE of 50,000
 * reps fits in two megabytes); a larger text is a mistake, and parsing it would hold the thread.
 */
export const MAX_PLAN_TEXT_LENGTH = 2_000_000;
/** At most this many YAML syntax errors are reported (a broken file can have thousands). */
const MAX_SYNTAX_ERRORS = 20;

export interface ReadPlanOptions {
  /** The workspace's basis: amounts are currency units, or deals under 'count'. */
  basis: Basis;
  /** Whether the plan may name CSV files to read (default true). */
  files?: boolean | undefined;
}

export interface PlanFileContents {
  plan: Plan;
  file: PlanFile;
  /** The YAML text as read, for records of the run. */
  text: string;
}

/** The 1-based line of the node at `path`, or of the nearest enclosing node that exists. */
function lineOf(
  doc: Document,
  counter: LineCounter,
  path: KeyPath,
  unknownKey: boolean,
): number | undefined {
  if (unknownKey && path.length > 0) {
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    const key = path[path.length - 1];
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isScalar(pair.key) && String(pair.key.value) === String(key) && pair.key.range) {
          return counter.linePos(pair.key.range[0]).line;
        }
      }
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as
      YamlNode | null | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * Where a plan input sits in the plan file's text: the 1-based line of the value at `path` (or of
 * its nearest enclosing key), for pointing engine findings at the file. Undefined when the text
 * does not parse.
 */
export function planLineOf(text: string, path: KeyPath): number | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length > 0) return undefined;
  return lineOf(doc, counter, path, false);
}

function fileProblem(file: string, code: string, message: string, expected?: string): Issue {
  const issue: Issue = { code, severity: 'error', message, location: { file } };
  if (expected !== undefined) issue.expected = expected;
  return issue;
}

interface TableSpec<T> {
  /** The plan key that names the file ('account_targets'). */
  key: string;
  idColumn: string;
  amountColumn: string;
  amountExpected: string;
  build: (id: string, cents: Cents) => T;
}

/**
 * Reads a two-column CSV (id, amount in currency units) named by the plan. Every bad row is an
 * issue with file, row, column, value and expectation; whether an id exists is the engine's call.
 */
async function readAmountTable<T>(path: string, spec: TableSpec<T>): Promise<Result<T[]>> {
  const opened = await openTable(path);
  if (!opened.ok) return opened;
  const table = opened.value;
  const idIndex = table.headers.indexOf(spec.idColumn);
  const amountIndex = table.headers.indexOf(spec.amountColumn);
  if (idIndex < 0 || amountIndex < 0) {
    table.close();
    const missing = [spec.idColumn, spec.amountColumn].filter((c) => !table.headers.includes(c));
    return fail({
      code: 'plan-table-columns',
      severity: 'error',
      message: `${spec.key}: the file has no column ${missing.map((c) => `"${c}"`).join(' or ')}`,
      expected: `a header with the columns ${spec.idColumn}, ${spec.amountColumn}`,
      location: { file: path, row: 1 },
    });
  }
  const issues: Issue[] = [];
  const records: T[] = [];
  for await (const item of table.rows()) {
    if (item.kind === 'problem') {
      issues.push(item.issue);
      continue;
    }
    const rawId = item.values[idIndex] ?? '';
    const id = String(rawId).trim();
    const rawAmount = item.values[amountIndex] ?? '';
    if (id === '') {
      issues.push({
        code: 'plan-table-value',
        severity: 'error',
        message: `${spec.idColumn} is empty`,
        expected: `an id in every row`,
        location: { file: path, row: item.row, column: spec.idColumn },
      });
    }
    const parsed = parseMoney(rawAmount, { decimal: '.' });
    if (!parsed.ok || parsed.value === null || parsed.value < 0) {
      issues.push({
        code: 'plan-table-value',
        severity: 'error',
        message: `${spec.amountColumn} is not an amount`,
        expected: spec.amountExpected,
        location: {
          file: path,
          row: item.row,
          column: spec.amountColumn,
          value: String(rawAmount),
        },
      });
      continue;
    }
    if (id !== '') records.push(spec.build(id, parsed.value));
  }
  if (records.length === 0 && issues.length === 0) {
    issues.push(
      fileProblem(path, 'empty-file', `${spec.key}: the file has no data rows`, 'one row per id'),
    );
  }
  return issues.length > 0 ? fail(...issues) : ok(records);
}

/**
 * Reads and validates a plan file. Fails with every problem found: a YAML syntax error (with its
 * line and column), each invalid or unknown key (key path, value, expectation and line), or bad
 * rows of the CSV files it names (file, row, column). Paths in the file are relative to its folder.
 */
export async function readPlanFile(
  path: string,
  options: ReadPlanOptions,
): Promise<Result<PlanFileContents>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT'
        ? fileProblem(
            path,
            'file-not-found',
            'the plan file does not exist',
            'a YAML plan file (quotaplan init-plan writes one)',
          )
        : fileProblem(path, 'file-unreadable', `the plan file cannot be read (${code ?? 'error'})`),
    );
  }
  return readPlanText(text, path, options);
}

/**
 * Validates a plan given as text, named `path` in messages. Files it names (account targets,
 * current quotas) are read relative to `path`'s folder, unless `options.files` is false: then a
 * plan naming a file is refused (a stored plan version must be self-contained).
 */
export async function readPlanText(
  text: string,
  path: string,
  options: ReadPlanOptions,
): Promise<Result<PlanFileContents>> {
  if (text.length > MAX_PLAN_TEXT_LENGTH) {
    return fail(
      fileProblem(
        path,
        'plan-too-large',
        `the plan text has ${text.length.toLocaleString('en-US')} characters`,
        `a plan file of at most ${MAX_PLAN_TEXT_LENGTH.toLocaleString('en-US')} characters`,
      ),
    );
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return fail(
      ...doc.errors.slice(0, MAX_SYNTAX_ERRORS).map((error): Issue => {
        const at = counter.linePos(error.pos[0]);
        const message = error.message.split('\n')[0] ?? error.message;
        return {
          code: 'plan-yaml-syntax',
          severity: 'error',
          message: `YAML syntax error at line ${at.line}, column ${at.col}: ${message}`,
          expected: 'valid YAML (indent with spaces; quote values that contain ": " or "#")',
          location: { file: path, row: at.line },
        };
      }),
    );
  }
  let input: unknown;
  try {
    // The yaml library refuses more than 100 alias expansions per anchor ("billion laughs").
    input = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return fail(
      fileProblem(
        path,
        'plan-yaml-aliases',
        `the plan file's aliases cannot be expanded: ${error.message}`,
        'a plan file without aliases (*name) that expand into large structures',
      ),
    );
  }
  if (input === null || input === undefined) {
    return fail(
      fileProblem(
        path,
        'empty-file',
        'the plan file is empty',
        'a YAML plan file (quotaplan init-plan writes one)',
      ),
    );
  }
  const parsed = parsePlanFile(input, path);
  if (!parsed.ok) {
    return fail(
      ...parsed.problems.map(({ path: keyPath, issue }) => {
        const byKey = issue.code === 'plan-unknown-key' || issue.code === 'plan-unknown-key-path';
        const row = lineOf(doc, counter, keyPath, byKey);
        return row === undefined ? issue : { ...issue, location: { ...issue.location, row } };
      }),
    );
  }
  const file = parsed.value;

  const folder = dirname(path);
  const resolve = (p: string): string => (isAbsolute(p) ? p : join(folder, p));
  const tables: PlanTables = {};
  const issues: Issue[] = [];
  const units = options.basis === 'count' ? 'a number of deals' : 'an amount in currency units';
  if (options.files === false) {
    const named: string[] = [];
    if (file.account_targets !== undefined && file.account_targets !== 'derived') {
      named.push('account_targets');
    }
    if (file.current_quotas !== undefined && file.current_quotas !== 'none') {
      named.push('current_quotas');
    }
    if (named.length > 0) {
      return fail(
        ...named.map((key): Issue => ({
          code: 'plan-file-reference',
          severity: 'error',
          message: `${key}: a stored plan version cannot name a file`,
          expected: key === 'account_targets' ? 'account_targets: derived' : 'current_quotas: none',
          location: { file: path },
        })),
      );
    }
  }
  if (file.account_targets !== undefined && file.account_targets !== 'derived') {
    const read = await readAmountTable<AccountTarget>(resolve(file.account_targets), {
      key: 'account_targets',
      idColumn: 'account_id',
      amountColumn: 'target',
      amountExpected: `${units} of 0 or more, like 125000.00`,
      build: (accountId, target) => ({ accountId, target }),
    });
    if (read.ok) tables.accountTargets = read.value;
    else issues.push(...read.issues);
  }
  if (file.current_quotas !== undefined && file.current_quotas !== 'none') {
    const read = await readAmountTable<CurrentQuota>(resolve(file.current_quotas), {
      key: 'current_quotas',
      idColumn: 'rep_id',
      amountColumn: 'quota',
      amountExpected: `an annual quota, ${units} of 0 or more, like 800000.00`,
      build: (repId, quota) => ({ repId, quota }),
    });
    if (read.ok) tables.currentQuotas = read.value;
    else issues.push(...read.issues);
  }
  if (issues.length > 0) return fail(...issues);
  return ok({ plan: toPlan(file, options.basis, tables), file, text });
}
