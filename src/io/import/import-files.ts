// The import pipeline: open every file, settle the preset and each file's plan, then read the rows
// into canonical records, collecting every row error, and resolve the references between them.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Basis, CurrencyCode, CurrencyRate, EntityName, Rep } from '../../core/model.ts';
import type { Issue, Result } from '../../core/issue.ts';
import { fail, ok } from '../../core/issue.ts';
import { openTable } from '../read-table.ts';
import type { Table } from '../read-table.ts';
import { InvalidLocaleError, inferDateFormat, numberLocaleFor } from '../values.ts';
import type { CellValue, DateFormat, NumberLocale } from '../values.ts';
import { importState, rowConverter, sourceRowOf } from './convert-rows.ts';
import type { ImportRecords, ImportState, RowIssue } from './convert-rows.ts';
import { mappingRuleFor, planFile } from './file-plan.ts';
import type { FilePlan, SourceFile } from './file-plan.ts';
import { normalizeHeader } from './fields.ts';
import type { MappingFile } from './mapping-file.ts';
import { PRESET_NAMES, PRESETS, isPresetName, presetsMatching } from './presets.ts';
import type { PresetName } from './presets.ts';
import { cellText, readerContext } from './readers.ts';
import type { ReaderContext } from './readers.ts';
import { rateTable } from './rate-table.ts';
import { derivedRep, derivedTerritory, idOrNameIndex, repResolver } from './references.ts';
import type { KnownRep } from './references.ts';

export interface ImportContext {
  /** The workspace currency: amounts are converted into it. */
  currency: CurrencyCode;
  existing: {
    reps: KnownRep[];
    accountIds: ReadonlySet<string>;
    rates: CurrencyRate[];
    /** Territory ids already stored (optional): reps pointing at them need no derived territory. */
    territoryIds?: ReadonlySet<string>;
    /** Records stored per entity (optional; absent means none): decides first-import checks. */
    counts?: Partial<Record<EntityName, number>>;
  };
}

/**
 * Fields a file may leave out on a re-import without erasing them: stored records keep their
 * values of a field no file of the import has a column (or constant) for, as Salesforce's Data
 * Loader does. Field name → the model properties it fills. Keys, names, owners and the status
 * (read from a stage or flags every deals file must have) are always present.
 */
export const KEPT_WHEN_ABSENT: Readonly<Partial<Record<EntityName, Record<string, string[]>>>> = {
  deals: {
    name: ['name'],
    account_id: ['accountId'],
    source_rep_id: ['sourceRepId'],
    amount: ['amount', 'originalAmount'],
    created_date: ['createdDate'],
    close_date: ['closeDate'],
    stage: ['stage'],
    probability: ['probability'],
    type: ['type'],
    product: ['product'],
  },
  reps: {
    email: ['email'],
    manager_id: ['managerId'],
    role: ['role'],
    segment: ['segment'],
    territory_id: ['territoryId'],
    start_date: ['startDate'],
    end_date: ['endDate'],
    ote: ['ote', 'currency'],
  },
  territories: { parent_id: ['parentId'], segment: ['segment'] },
  accounts: {
    territory_id: ['territoryId'],
    owner_id: ['ownerId'],
    segment: ['segment'],
    industry: ['industry'],
    employees: ['employees'],
    annual_revenue: ['annualRevenue'],
    potential: ['potential'],
  },
  products: { family: ['family'], list_price: ['listPrice'] },
};

/** Deal fields the model needs from a first deals file: without them no bookings exist. */
const NEEDED_DEAL_FIELDS = ['amount', 'close_date'] as const;

export interface ImportOptions {
  /** Default: detected from the headers (a file carrying one preset's signature), else generic. */
  preset?: PresetName;
  mapping?: MappingFile;
  /** How day/month dates are ordered; else the mapping's, else inferred per file. */
  dateFormat?: DateFormat;
  /** Number locale of amounts ('de-DE' for a decimal comma). */
  locale?: string;
  /** Called every ~5,000 rows of a file and at its end. */
  onProgress?: (p: { file: string; rows: number; bytesRead: number; sizeBytes: number }) => void;
}

export interface ImportedFile {
  path: string;
  name: string;
  sha256: string;
  /** null: the file was ignored. */
  entity: EntityName | null;
  format: 'csv' | 'xlsx';
  rows: number;
  accepted: number;
  rejected: number;
  /** Model field → source header used. */
  columns: Record<string, string>;
}

export interface RejectedRow {
  file: string;
  row: number;
  reasons: string[];
  /** Header → raw cell text. */
  values: Record<string, string>;
}

export interface ImportBatch {
  preset: PresetName;
  /** Valid rows only. */
  records: ImportRecords;
  files: ImportedFile[];
  /** Every row error, in file then row order; each names file, row, column, value and expected. */
  errors: Issue[];
  /** One per rejected row (the rows behind `errors`). */
  rejects: RejectedRow[];
  /** Non-blocking: ignored footers and files, derived records, assumed defaults, skipped rows. */
  notices: Issue[];
  settings: { basis?: Basis };
  /**
   * Per entity read by this import that has stored records: the fields no file has a column for
   * (KEPT_WHEN_ABSENT), whose stored values stay as they are, and the model properties behind them.
   */
  untouched: Partial<Record<EntityName, { fields: string[]; properties: string[] }>>;
  /** The file and row a record was read from, by its entity and id (see sourceRowOf). */
  sourceRow(entity: EntityName, id: string): { file: string; row: number } | undefined;
}

const PROGRESS_EVERY = 5_000;

// Rates come first (deals convert with them), reps before accounts and deals (they resolve
// owners), accounts before deals, deals before what refers to them.
const ENTITY_ORDER: readonly EntityName[] = [
  'rates',
  'territories',
  'reps',
  'accounts',
  'products',
  'deals',
  'splits',
];

function notice(
  code: string,
  message: string,
  file?: string,
  severity: 'info' | 'warning' = 'info',
): Issue {
  const issue: Issue = { code, severity, message };
  if (file !== undefined) issue.location = { file };
  return issue;
}

function fileError(file: string, code: string, message: string, expected?: string): Issue {
  const issue: Issue = { code, severity: 'error', message, location: { file } };
  if (expected !== undefined) issue.expected = expected;
  return issue;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The file at `path`, the `index`-th of the import. */
export function sourceFile(index: number, path: string): SourceFile {
  const name = basename(path);
  const ext = extname(name);
  return { index, path, name, stem: ext === '' ? name : name.slice(0, -ext.length) };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Picks the preset from the files' headers when the caller named none. */
function detectPreset(
  tables: readonly { file: SourceFile; table: Table }[],
): { preset: PresetName; notice?: Issue } | { issues: Issue[] } {
  const found = new Map<PresetName, string[]>();
  for (const { file, table } of tables) {
    const headers = new Set(table.headers.map(normalizeHeader));
    for (const name of presetsMatching(headers)) {
      const files = found.get(name) ?? [];
      files.push(file.name);
      found.set(name, files);
    }
  }
  if (found.size === 0) return { preset: 'generic' };
  if (found.size > 1) {
    const list = [...found].map(([p, files]) => `${p} (${files.join(', ')})`).join('; ');
    return {
      issues: [
        {
          code: 'preset-ambiguous',
          severity: 'error',
          message: `the files look like exports of different systems: ${list}`,
          expected: `files of one system per import, or --preset with one of ${PRESET_NAMES.join(', ')}`,
        },
      ],
    };
  }
  const [[preset, files]] = [...found] as [[PresetName, string[]]];
  return {
    preset,
    notice: notice(
      'preset-detected',
      `preset ${preset} detected from the headers of ${files.join(', ')}`,
    ),
  };
}

interface FileCounts {
  rows: number;
  accepted: number;
  rejected: number;
  skipped: number;
}

interface Collected {
  errors: { order: number; issue: Issue }[];
  rejects: { order: number; reject: RejectedRow }[];
  notices: Issue[];
  fileIssues: Issue[];
}

const ROW_ORDER = 1_000_000_000;

/** Characters of a cell an issue quotes: a 5,000,000-character value is not repeated whole. */
const QUOTED_VALUE = 100;

/** A cell's text as issues quote it: at most QUOTED_VALUE characters, then "…". */
export function quotedValue(value: string): string {
  return value.length > QUOTED_VALUE ? `${value.slice(0, QUOTED_VALUE)}…` : value;
}

function rowIssue(file: string, row: number, i: RowIssue): Issue {
  return {
    code: i.code,
    severity: 'error',
    message: i.message,
    expected: i.expected,
    location: { file, row, column: i.column, value: quotedValue(i.value) },
  };
}

function rawValues(
  headers: readonly string[],
  values: readonly CellValue[],
): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((header, i) => {
    const cell = values[i];
    out[header] = cell === undefined ? '' : String(cell);
  });
  return out;
}

/**
 * Reads one file's rows through its converter. Dates follow one format per file: the caller's,
 * else inferred from the file's distinct date values. While only ISO-shaped values have been
 * seen, rows convert at once (ISO reads the same under every format); once a day/month value
 * leaves the order open, rows wait until a value settles it, or the file fails as ambiguous.
 */
async function readRows(
  plan: FilePlan,
  table: Table,
  ctx: ReaderContext,
  state: ImportState,
  explicitFormat: DateFormat | undefined,
  options: ImportOptions,
  out: Collected,
): Promise<FileCounts> {
  const counts: FileCounts = { rows: 0, accepted: 0, rejected: 0, skipped: 0 };
  const convert = rowConverter(plan, ctx, state);
  const name = plan.file.name;
  const orderBase = plan.file.index * ROW_ORDER;
  const headers = table.headers;

  const apply = (values: readonly CellValue[], row: number): void => {
    const outcome = convert(values, row);
    if (outcome === null) counts.accepted++;
    else if (outcome === 'skipped') counts.skipped++;
    else {
      counts.rejected++;
      for (const i of outcome)
        out.errors.push({ order: orderBase + row, issue: rowIssue(name, row, i) });
      out.rejects.push({
        order: orderBase + row,
        reject: {
          file: name,
          row,
          reasons: outcome.map((i) => issueText(i)),
          values: rawValues(headers, values),
        },
      });
    }
  };

  const dateColumns: number[] = [];
  for (const [field, source] of plan.sources) {
    const kind = field.endsWith('_date') || field === 'valid_from';
    if (kind && source.kind === 'column') dateColumns.push(source.index);
  }
  let settled = explicitFormat !== undefined || dateColumns.length === 0;
  ctx.dateFormat = explicitFormat ?? 'ISO';
  let waiting = false;
  const seen = new Set<string>();
  const dayMonth: string[] = [];
  const pending: { values: readonly CellValue[]; row: number }[] = [];
  let conflict: string[] | null = null;

  for await (const item of table.rows()) {
    counts.rows++;
    if (options.onProgress !== undefined && counts.rows % PROGRESS_EVERY === 0) {
      options.onProgress({
        file: name,
        rows: counts.rows,
        bytesRead: table.bytesRead(),
        sizeBytes: table.sizeBytes,
      });
    }
    if (item.kind === 'problem') {
      counts.rejected++;
      const issue: Issue = {
        ...item.issue,
        severity: 'error',
        location: { ...item.issue.location, file: name, row: item.row },
      };
      out.errors.push({ order: orderBase + item.row, issue });
      out.rejects.push({
        order: orderBase + item.row,
        reject: { file: name, row: item.row, reasons: [item.issue.message], values: {} },
      });
      continue;
    }
    const nulAt = nulColumn(item.values);
    if (nulAt >= 0) {
      // PostgreSQL cannot store a NUL character in text; no CRM means one.
      counts.rejected++;
      const column = headers[nulAt] ?? `column ${nulAt + 1}`;
      out.errors.push({
        order: orderBase + item.row,
        issue: {
          code: 'nul-character',
          severity: 'error',
          message: `${column} holds a NUL character (\\u0000)`,
          expected: 'text without NUL characters (the file may be damaged or not a text file)',
          location: {
            file: name,
            row: item.row,
            column,
            value: quotedValue(String(item.values[nulAt]).replaceAll('\u0000', '\\u0000')),
          },
        },
      });
      out.rejects.push({
        order: orderBase + item.row,
        reject: {
          file: name,
          row: item.row,
          reasons: [`${column}: holds a NUL character`],
          values: rawValues(
            headers,
            item.values.map((v) => (typeof v === 'string' ? v.replaceAll('\u0000', '') : v)),
          ),
        },
      });
      continue;
    }
    if (!settled) {
      for (const c of dateColumns) {
        const text = cellText(item.values[c]);
        // ISO-shaped and unreadable values read the same under every format: a few character
        // checks skip them without a lookup.
        if (!isDayMonthShaped(text) || seen.has(text)) continue;
        seen.add(text);
        dayMonth.push(text);
        const inferred = inferDateFormat(dayMonth);
        if (inferred.kind === 'conflicting') conflict = inferred.examples;
        else if (inferred.kind === 'ambiguous') waiting = true;
        else {
          settled = true;
          waiting = false;
          ctx.dateFormat = inferred.format;
        }
      }
      if (conflict !== null) break;
      if (waiting) {
        pending.push({ values: item.values, row: item.row });
        continue;
      }
      for (const p of pending) apply(p.values, p.row);
      pending.length = 0;
    }
    apply(item.values, item.row);
  }

  if (conflict === null && explicitFormat === undefined && settled && ctx.dateCache.size > 0) {
    const final = inferDateFormat(ctx.dateCache.keys());
    if (final.kind === 'conflicting') conflict = final.examples;
  }
  if (conflict !== null) {
    out.fileIssues.push(
      fileError(
        name,
        'date-format-conflicting',
        `dates mix month-first and day-first order (${quoted(conflict)}): fix the file, or pass --date-format MDY or DMY to read them all one way`,
        'one date order per file',
      ),
    );
  } else if (waiting) {
    const examples = inferDateFormat(dayMonth);
    const shown = examples.kind === 'ambiguous' ? examples.examples : dayMonth.slice(0, 5);
    out.fileIssues.push(
      fileError(
        name,
        'date-format-ambiguous',
        `ambiguous dates: ${quoted(shown)} read both as month/day and as day/month (no day above 12 tells them apart); pass --date-format MDY or DMY`,
        'a date order given with --date-format MDY or DMY (or date_format: in a mapping file)',
      ),
    );
  }
  options.onProgress?.({
    file: name,
    rows: counts.rows,
    bytesRead: table.bytesRead(),
    sizeBytes: table.sizeBytes,
  });
  return counts;
}

/** The index of the first cell holding a NUL character, or -1. */
function nulColumn(values: readonly CellValue[]): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string' && v.includes('\u0000')) return i;
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isDateSeparator(c: number): boolean {
  return c === 47 || c === 46 || c === 45; // '/', '.', '-'
}

/** True for '3/4/2024'-like text (one or two digits, then a separator), unlike ISO dates. */
function isDayMonthShaped(text: string): boolean {
  if (!isDigit(text.charCodeAt(0))) return false;
  const second = text.charCodeAt(1);
  return isDateSeparator(second) || (isDigit(second) && isDateSeparator(text.charCodeAt(2)));
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

function issueText(i: RowIssue): string {
  return `${i.column}: ${i.message} (value ${JSON.stringify(quotedValue(i.value))}); expected ${i.expected}`;
}

/** Opens each file with its mapping rule's delimiter and sheet; the files that cannot be opened give issues. */
export async function openImportFiles(
  files: readonly SourceFile[],
  mapping: MappingFile | undefined,
): Promise<{ opened: { file: SourceFile; table: Table }[]; issues: Issue[] }> {
  const opened: { file: SourceFile; table: Table }[] = [];
  const issues: Issue[] = [];
  for (const file of files) {
    const rule = mappingRuleFor(file.name, mapping)?.rule;
    const tableOptions: { delimiter?: string; sheet?: string } = {};
    if (rule?.delimiter !== undefined) tableOptions.delimiter = rule.delimiter;
    if (rule?.sheet !== undefined) tableOptions.sheet = rule.sheet;
    const result = await openTable(file.path, tableOptions);
    if (result.ok) opened.push({ file, table: result.value });
    else issues.push(...result.issues);
  }
  return { opened, issues };
}

/**
 * Settles the preset (the caller's, else the mapping's, else detected from the headers) and
 * plans every opened file under it: its entity and the source of each field, or its issues.
 * Fails only when the preset cannot be settled (files of different systems).
 */
export function planImport(
  opened: readonly { file: SourceFile; table: Table }[],
  mapping: MappingFile | undefined,
  presetOption: PresetName | undefined,
):
  | {
      preset: PresetName;
      notice?: Issue;
      files: {
        file: SourceFile;
        table: Table;
        result: { plan: FilePlan } | { issues: Issue[] };
      }[];
    }
  | { issues: Issue[] } {
  let presetName: PresetName;
  let detectedNotice: Issue | undefined;
  if (presetOption !== undefined) {
    presetName = presetOption;
  } else {
    const detected = detectPreset(opened);
    if ('issues' in detected) return { issues: detected.issues };
    presetName = detected.preset;
    detectedNotice = detected.notice;
  }
  const preset = PRESETS[presetName];
  const files = opened.map(({ file, table }) => ({
    file,
    table,
    result: planFile({ file, headers: table.headers, preset, mapping }),
  }));
  return detectedNotice === undefined
    ? { preset: presetName, files }
    : { preset: presetName, notice: detectedNotice, files };
}

/**
 * Reads CRM export files into canonical records. Fails (Result) only on problems that stop the
 * whole import before rows matter: no files, an unknown preset, an unreadable or unrecognised
 * file, missing required columns, ambiguous or conflicting dates. Row problems go into `errors`
 * and `rejects`, and those rows stay out of `records`.
 */
export async function readImportFiles(
  paths: string[],
  options: ImportOptions,
  context: ImportContext,
): Promise<Result<ImportBatch>> {
  if (paths.length === 0) {
    return fail({
      code: 'no-files',
      severity: 'error',
      message: 'no files to import',
      expected: 'one or more CSV or XLSX files',
    });
  }
  const mapping = options.mapping;
  const presetOption: string | undefined = options.preset ?? mapping?.preset;
  if (presetOption !== undefined && !isPresetName(presetOption)) {
    return fail({
      code: 'unknown-preset',
      severity: 'error',
      message: `unknown preset "${presetOption}"`,
      expected: `one of ${PRESET_NAMES.join(', ')}`,
      location: { value: presetOption },
    });
  }
  let locale: NumberLocale;
  try {
    locale = numberLocaleFor(options.locale ?? mapping?.locale);
  } catch (error) {
    if (!(error instanceof InvalidLocaleError)) throw error;
    return fail({
      code: 'unknown-locale',
      severity: 'error',
      message: error.message,
      expected: 'a locale tag like en-US or de-DE',
      location: { value: error.locale },
    });
  }

  // Open every file first: file-level problems of all files are reported together.
  const files = paths.map((p, i) => sourceFile(i, p));
  const hashes = files.map((f) => sha256Of(f.path).catch(() => ''));
  const { opened, issues: openIssues } = await openImportFiles(files, mapping);
  try {
    if (openIssues.length > 0) return fail(...openIssues);
    return await importOpened(
      files,
      opened,
      hashes,
      mapping,
      presetOption,
      locale,
      options,
      context,
    );
  } finally {
    // Tables read to the end are closed already; this releases ignored and refused files.
    for (const { table } of opened) table.close();
  }
}

async function importOpened(
  files: readonly SourceFile[],
  opened: readonly { file: SourceFile; table: Table }[],
  hashes: readonly Promise<string>[],
  mapping: MappingFile | undefined,
  presetOption: PresetName | undefined,
  locale: NumberLocale,
  options: ImportOptions,
  context: ImportContext,
): Promise<Result<ImportBatch>> {
  const notices: Issue[] = [];
  const settled = planImport(opened, mapping, presetOption);
  if ('issues' in settled) return fail(...settled.issues);
  const presetName = settled.preset;
  if (settled.notice !== undefined) notices.push(settled.notice);
  const preset = PRESETS[presetName];

  const planned: { plan: FilePlan; table: Table }[] = [];
  const planIssues: Issue[] = [];
  for (const { table, result } of settled.files) {
    if ('issues' in result) planIssues.push(...result.issues);
    else planned.push({ plan: result.plan, table });
  }
  if (planIssues.length > 0) return fail(...planIssues);

  const basis = mapping?.basis ?? preset.basis;
  const stored = context.existing.counts ?? {};
  const needed = missingModelColumns(planned, basis, stored.deals ?? 0);
  if (needed.length > 0) return fail(...needed);
  const untouched = untouchedFields(planned, stored);
  for (const [entity, kept] of Object.entries(untouched) as [EntityName, { fields: string[] }][]) {
    const count = stored[entity] ?? 0;
    const issue = notice(
      'fields-untouched',
      `${entity}: no column for ${kept.fields.join(', ')}; the ${plural(count, 'stored record')}' values of ${kept.fields.length === 1 ? 'this field' : 'these fields'} will not be touched`,
      undefined,
      'warning',
    );
    issue.expected = `a column for each field to replace, or leave them as they are`;
    notices.push(issue);
  }

  const workspace = context.currency;
  const state = importState(
    presetName,
    workspace,
    files.map((f) => f.name),
    rateTable(workspace, context.existing.rates),
    repResolver([], context.existing.reps),
  );
  const out: Collected = { errors: [], rejects: [], notices, fileIssues: [] };
  const counts = new Map<number, FileCounts>();
  const explicitFormat = options.dateFormat ?? mapping?.dateFormat;

  const readGroup = async (entity: EntityName, use: 'records' | 'created-dates'): Promise<void> => {
    for (const { plan, table } of planned) {
      if (plan.entity !== entity || plan.use !== use) continue;
      const ctx = readerContext(
        plan.file.stem,
        locale,
        plan.probability,
        plan.values.status,
        plan.values.type,
      );
      counts.set(
        plan.file.index,
        await readRows(plan, table, ctx, state, explicitFormat, options, out),
      );
      for (const [role, n] of ctx.assumedRoles) {
        out.notices.push(
          notice(
            'role-assumed',
            `${plural(n, 'rep')} with the role "${role}" counted as AE (ASSUMED); role codes are AE, SDR, AM, MGR or another short code`,
            plan.file.name,
            'warning',
          ),
        );
      }
    }
  };

  for (const entity of ENTITY_ORDER) {
    if (entity === 'reps') {
      state.rates = rateTable(workspace, context.existing.rates, state.records.rates);
    }
    if (entity === 'accounts' || entity === 'deals') {
      state.reps = repResolver(state.records.reps, context.existing.reps);
    }
    if (entity === 'deals') {
      const accountIndex = idOrNameIndex(state.records.accounts);
      const existingAccounts = context.existing.accountIds;
      state.accounts = (value) =>
        accountIndex(value) ?? (existingAccounts.has(value) ? value : undefined);
      state.deriveAccounts = state.records.accounts.length === 0 && existingAccounts.size === 0;
      state.deriveRoster =
        !state.records.reps.some((r) => !r.derived) &&
        !context.existing.reps.some((r) => !r.derived);
    }
    await readGroup(entity, 'records');
    if (entity === 'reps') deriveManagers(state, context, out.notices);
    if (entity === 'deals') await readGroup('deals', 'created-dates');
  }
  if (out.fileIssues.length > 0) return fail(...out.fileIssues);
  const noRows = emptyFiles(planned, counts);
  if (
    noRows.length > 0 &&
    noRows.length === planned.filter((p) => p.plan.use !== 'ignore').length
  ) {
    // Nothing to import at all: a header without rows is not a success.
    return fail(
      ...noRows.map((plan) =>
        fileError(
          plan.file.name,
          'no-rows',
          'the file has a header but no rows: nothing to import',
          'a file with at least one row under the header',
        ),
      ),
    );
  }
  for (const plan of noRows) {
    out.notices.push(
      notice(
        'no-rows',
        'the file has a header but no rows: nothing read from it',
        plan.file.name,
        'warning',
      ),
    );
  }

  finishDerived(state, context, out.notices);
  const fileRecords: ImportedFile[] = [];
  for (const { plan, table } of planned) {
    const c = counts.get(plan.file.index) ?? { rows: 0, accepted: 0, rejected: 0, skipped: 0 };
    fileNotices(plan, c, out.notices);
    out.notices.push(
      ...table.notices().map((n) => ({ ...n, location: { ...n.location, file: plan.file.name } })),
    );
    fileRecords.push({
      path: plan.file.path,
      name: plan.file.name,
      sha256: await (hashes[plan.file.index] ?? Promise.resolve('')),
      entity: plan.use === 'ignore' ? null : plan.entity,
      format: table.format,
      rows: c.rows,
      accepted: c.accepted,
      rejected: c.rejected,
      columns: plan.columns,
    });
  }
  dealNotices(state, out.notices);

  const settings: { basis?: Basis } = {};
  if (basis !== undefined) {
    settings.basis = basis;
    if (basis === 'count' && mapping?.basis === undefined) {
      out.notices.push(
        notice(
          'basis-count',
          `the ${presetName} preset counts won deals instead of amounts (deal-count basis): the source's declared revenue is unreliable`,
          undefined,
          'warning',
        ),
      );
    }
  }

  out.errors.sort((a, b) => a.order - b.order);
  out.rejects.sort((a, b) => a.order - b.order);
  return ok({
    preset: presetName,
    records: state.records,
    files: fileRecords,
    errors: out.errors.map((e) => e.issue),
    rejects: out.rejects.map((r) => r.reject),
    notices: out.notices,
    settings,
    untouched,
    sourceRow: (entity, id) => sourceRowOf(state, entity, id),
  });
}

/**
 * On a first import (no deals stored), a deals file without a column the model needs (amount,
 * close date) is refused, unless the mapping or the preset says it is absent (`amount: null`), or
 * the basis counts deals instead of amounts.
 */
function missingModelColumns(
  planned: readonly { plan: FilePlan }[],
  basis: Basis | undefined,
  storedDeals: number,
): Issue[] {
  if (storedDeals > 0) return [];
  const issues: Issue[] = [];
  for (const { plan } of planned) {
    if (plan.entity !== 'deals' || plan.use !== 'records') continue;
    const missing = NEEDED_DEAL_FIELDS.filter(
      (f) =>
        !plan.sources.has(f) &&
        !plan.declaredAbsent.has(f) &&
        !(f === 'amount' && basis === 'count'),
    );
    if (missing.length === 0) continue;
    issues.push(
      fileError(
        plan.file.name,
        'model-column-missing',
        `no column for ${missing.join(' or ')}: a first import needs ${missing.length === 1 ? 'it' : 'them'} for bookings (file read as ${plan.label})`,
        `a column named like ${missing.map((f) => `"${f}"`).join(', ')}, a files: rule mapping ${missing.length === 1 ? 'it' : 'them'} (columns: { ${missing[0] ?? ''}: <header> }), or columns: { ${missing[0] ?? ''}: null } when the export really has none`,
      ),
    );
  }
  return issues;
}

/** Per entity read, the KEPT_WHEN_ABSENT fields that no file of the entity provides. */
function untouchedFields(
  planned: readonly { plan: FilePlan }[],
  stored: Partial<Record<EntityName, number>>,
): Partial<Record<EntityName, { fields: string[]; properties: string[] }>> {
  const out: Partial<Record<EntityName, { fields: string[]; properties: string[] }>> = {};
  for (const entity of ENTITY_ORDER) {
    const kept = KEPT_WHEN_ABSENT[entity];
    if (kept === undefined || (stored[entity] ?? 0) === 0) continue;
    const plans = planned
      .map((p) => p.plan)
      .filter((p) => p.entity === entity && p.use !== 'ignore');
    if (!plans.some((p) => p.use === 'records')) continue;
    const fields = Object.keys(kept).filter((f) => !plans.some((p) => p.sources.has(f)));
    if (fields.length === 0) continue;
    out[entity] = { fields, properties: fields.flatMap((f) => kept[f] ?? []) };
  }
  return out;
}

/** The files to read (not ignored) that have no row under their header. */
function emptyFiles(
  planned: readonly { plan: FilePlan }[],
  counts: ReadonlyMap<number, FileCounts>,
): FilePlan[] {
  return planned
    .map((p) => p.plan)
    .filter((plan) => plan.use !== 'ignore' && (counts.get(plan.file.index)?.rows ?? 0) === 0);
}

/** Managers named by reps but absent from every roster become derived MGR reps. */
function deriveManagers(state: ImportState, context: ImportContext, notices: Issue[]): void {
  const reps = state.records.reps;
  if (reps.length === 0) return;
  const resolver = repResolver(reps, context.existing.reps);
  const created = new Map<string, Rep>();
  for (const rep of reps) {
    if (rep.managerId === null) continue;
    const found = resolver.resolve(rep.managerId);
    if (found !== undefined) {
      rep.managerId = found;
      continue;
    }
    if (!created.has(rep.managerId)) {
      created.set(rep.managerId, derivedRep(rep.managerId, 'MGR', state.source, rep.territoryId));
    }
  }
  if (created.size === 0) return;
  reps.push(...created.values());
  notices.push(
    notice(
      'managers-derived',
      `${plural(created.size, 'manager')} named by reps but not in the roster added as reps with role MGR (derived): ${[...created.keys()].join(', ')}`,
    ),
  );
}

/** Adds the derived reps, accounts and territories, and resolves rep and account territories. */
function finishDerived(state: ImportState, context: ImportContext, notices: Issue[]): void {
  const records = state.records;
  if (state.derivedOwners.size > 0) {
    let sdrs = 0;
    for (const { rep } of state.derivedOwners.values()) {
      records.reps.push(rep);
      if (rep.role === 'SDR') sdrs++;
    }
    const total = state.derivedOwners.size;
    notices.push(
      notice(
        'roster-derived',
        `no rep file and no reps in the workspace: derived ${plural(total, 'rep')} from the deals (${plural(total - sdrs, 'owner')} as AE${sdrs > 0 ? `, ${plural(sdrs, 'rep')} who only sourced deals as SDR` : ''}); import a rep file for names, managers and start dates`,
        undefined,
        'warning',
      ),
    );
  }
  if (state.derivedAccounts.size > 0) {
    records.accounts.push(...state.derivedAccounts.values());
    notices.push(
      notice(
        'accounts-derived',
        `no accounts file and no accounts in the workspace: derived ${plural(state.derivedAccounts.size, 'account')} from the deals' account names`,
      ),
    );
  }
  const knownTerritories = context.existing.territoryIds ?? new Set<string>();
  const territoryIndex = idOrNameIndex(records.territories);
  const deriveTerritories = records.territories.length === 0 && knownTerritories.size === 0;
  const derived = new Map<string, string>();
  const resolveTerritory = (value: string): string => {
    const found = territoryIndex(value) ?? (knownTerritories.has(value) ? value : undefined);
    if (found !== undefined) return found;
    if (deriveTerritories && !derived.has(value)) derived.set(value, value);
    return value;
  };
  for (const rep of records.reps)
    if (rep.territoryId !== null) rep.territoryId = resolveTerritory(rep.territoryId);
  for (const account of records.accounts) {
    if (account.territoryId !== null) account.territoryId = resolveTerritory(account.territoryId);
  }
  if (derived.size > 0) {
    for (const id of derived.keys()) records.territories.push(derivedTerritory(id, state.source));
    notices.push(
      notice(
        'territories-derived',
        `no territories file: derived ${plural(derived.size, 'territory', 'territories')} from the reps and accounts: ${[...derived.keys()].join(', ')}`,
      ),
    );
  }
}

function fileNotices(plan: FilePlan, c: FileCounts, notices: Issue[]): void {
  const name = plan.file.name;
  if (plan.use === 'ignore') {
    notices.push(
      notice('file-ignored', `file ignored: ${plan.ignoreReason ?? 'nothing to import'}`, name),
    );
    return;
  }
  if (plan.use === 'created-dates' && c.skipped > 0) {
    notices.push(
      notice(
        'rows-without-deal',
        `${plural(c.skipped, 'row')} name no deal of this import (leads that never closed): not deals, ignored`,
        name,
      ),
    );
  } else if (c.skipped > 0) {
    notices.push(
      notice(
        'deleted-rows-skipped',
        `${plural(c.skipped, 'row')} marked as deleted (IsDeleted): skipped`,
        name,
      ),
    );
  }
  if (plan.generatedId !== null && c.accepted > 0) {
    notices.push(
      notice(
        'deal-ids-generated',
        `no "Opportunity ID" column: deal ids were built from owner, account, name and created date; add "Opportunity ID" to the report so that re-imports keep matching the same deals when those change`,
        name,
        'warning',
      ),
    );
  }
}

function dealNotices(state: ImportState, notices: Issue[]): void {
  const c = state.counts;
  if (c.typeAssumed > 0) {
    notices.push(
      notice(
        'deal-type-assumed',
        `${plural(c.typeAssumed, 'deal')} had no type: counted as new business (ASSUMED)`,
        undefined,
        'warning',
      ),
    );
  }
  for (const [stage, n] of c.unmappedStages) {
    const issue = notice(
      'stage-unmapped',
      `${plural(n, 'deal')} with the stage "${stage}", which no value map covers: kept open and flagged unmapped`,
      undefined,
      'warning',
    );
    issue.expected = `an entry for "${stage}" under values.status in a mapping file (won, lost or open)`;
    issue.location = { column: 'stage', value: stage };
    notices.push(issue);
  }
  for (const [type, n] of c.unmappedTypes) {
    const issue = notice(
      'type-unmapped',
      `${plural(n, 'deal')} with the type "${type}", which no value map covers: type left empty and flagged unmapped`,
      undefined,
      'warning',
    );
    issue.expected = `an entry for "${type}" under values.type in a mapping file (new_business, expansion or renewal)`;
    issue.location = { column: 'type', value: type };
    notices.push(issue);
  }
  if (c.closedWithoutDate > 0) {
    notices.push(
      notice(
        'close-date-missing',
        `${plural(c.closedWithoutDate, 'won or lost deal')} without a close date: they count in no period`,
        undefined,
        'warning',
      ),
    );
  }
}
