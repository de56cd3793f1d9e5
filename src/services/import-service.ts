// Import use case: read CRM export files, and either store everything in one transaction or
// store nothing and explain every problem (or, with skipInvalid, store the good rows and write
// the rejected ones to a rejects file).

import { basename } from 'node:path';
import type { Issue } from '../core/issue.ts';
import { auditDataset } from '../core/audit/audit-dataset.ts';
import type { AuditFinding, AuditRef } from '../core/audit/types.ts';
import { ENTITY_NAMES } from '../core/model.ts';
import type { EntityName, IsoDate } from '../core/model.ts';
import { isIsoDate } from '../core/dates.ts';
import { ok } from '../core/issue.ts';
import type { Result } from '../core/issue.ts';
import {
  DEAL_STATUS_FIELDS,
  ENTITY_FIELDS,
  inspectImportFiles,
  loadMappingFile,
  parseMappingText,
  PRESET_NAMES,
  readImportFiles,
  type FieldKind,
  type ImportBatch,
  type ImportedFile,
  type InspectedFile,
  type MappingFile,
  type PresetName,
} from '../io/import/index.ts';
import type { DateFormat } from '../io/values.ts';
import { numberLocaleFor } from '../io/values.ts';
import { writeCsvFile } from '../io/write-csv.ts';
import { countRecords, loadReferenceData, saveImport } from '../db/index.ts';
import type { AsOf } from '../core/as-of.ts';
import {
  withWorkspace,
  workspaceAsOf,
  type Workspace,
  type WorkspaceRequest,
} from './workspace.ts';

export interface ImportRequest extends WorkspaceRequest {
  paths: string[];
  preset?: string | undefined;
  mappingPath?: string | undefined;
  /** A mapping document sent with the request (YAML or JSON text) instead of a mapping file. */
  mappingText?: string | undefined;
  dateFormat?: string | undefined;
  locale?: string | undefined;
  skipInvalid?: boolean | undefined;
  rejectsPath?: string | undefined;
  /** Extraction date of the data (stored as the workspace's as-of date). */
  asOf?: string | undefined;
  importedBy: string;
  /** The user behind the import, for its audit entry (null: the command line). */
  importedByUserId?: string | null | undefined;
  onProgress?: (p: { file: string; rows: number; bytesRead: number; sizeBytes: number }) => void;
}

export interface ImportSummary {
  importId: number;
  location: string;
  preset: PresetName;
  currency: string;
  /** The workspace's as-of date after the import, and where it came from (METHOD §1). */
  asOf: AsOf | null;
  files: ImportedFile[];
  counts: Record<EntityName, { inserted: number; updated: number }>;
  notices: Issue[];
  rejected: number;
  rejectsPath: string | null;
}

/** Success, or every blocking problem (the CLI shows the first 20) with what was read so far. */
export type ImportOutcome =
  | { ok: true; value: ImportSummary }
  | { ok: false; issues: Issue[]; files: ImportedFile[]; notices: Issue[] };

function refused(
  issues: Issue[],
  files: ImportedFile[] = [],
  notices: Issue[] = [],
): ImportOutcome {
  return { ok: false, issues, files, notices };
}

const DATE_FORMAT_ALIASES: Record<string, DateFormat> = {
  iso: 'ISO',
  'yyyy-mm-dd': 'ISO',
  mdy: 'MDY',
  us: 'MDY',
  'm/d/yyyy': 'MDY',
  dmy: 'DMY',
  eu: 'DMY',
  'd/m/yyyy': 'DMY',
  'd.m.yyyy': 'DMY',
};

function usage(code: string, message: string, expected: string): Issue {
  return { code, severity: 'error', message, expected };
}

/** 'us', 'M/D/YYYY', 'mdy' … → the canonical format; undefined when absent or unknown. */
export function parseDateFormatOption(value: string | undefined): DateFormat | undefined {
  return value === undefined ? undefined : DATE_FORMAT_ALIASES[value.toLowerCase()];
}

/** Checks the request's options before any file is read. */
export function validateImportRequest(request: ImportRequest): Issue[] {
  const issues: Issue[] = [];
  if (request.paths.length === 0) {
    issues.push(usage('no-files', 'no files to import', 'one or more CSV or XLSX paths'));
  }
  if (request.preset !== undefined && !PRESET_NAMES.includes(request.preset as PresetName)) {
    issues.push(
      usage('unknown-preset', `unknown preset "${request.preset}"`, PRESET_NAMES.join(', ')),
    );
  }
  if (
    request.dateFormat !== undefined &&
    !(request.dateFormat.toLowerCase() in DATE_FORMAT_ALIASES)
  ) {
    issues.push(
      usage(
        'unknown-date-format',
        `unknown date format "${request.dateFormat}"`,
        'ISO, MDY (M/D/YYYY) or DMY (D/M/YYYY, D.M.YYYY)',
      ),
    );
  }
  if (request.locale !== undefined) {
    try {
      numberLocaleFor(request.locale);
    } catch {
      issues.push(
        usage(
          'unknown-locale',
          `unknown locale "${request.locale}"`,
          'a locale tag like en-US or de-DE',
        ),
      );
    }
  }
  if (request.currency !== undefined && !/^[A-Za-z]{3}$/.test(request.currency)) {
    issues.push(
      usage(
        'invalid-currency',
        `invalid currency "${request.currency}"`,
        'a 3-letter ISO code like USD',
      ),
    );
  }
  if (request.asOf !== undefined && !isIsoDate(request.asOf)) {
    issues.push(
      usage('invalid-as-of', `invalid as-of date "${request.asOf}"`, 'a date like 2026-10-31'),
    );
  }
  if (request.mappingPath !== undefined && request.mappingText !== undefined) {
    issues.push(
      usage(
        'mapping-twice',
        'a mapping file and a mapping document were both given',
        'one mapping: a file or the document',
      ),
    );
  }
  if (request.skipInvalid === true && request.rejectsPath === undefined) {
    issues.push(
      usage(
        'rejects-required',
        '--skip-invalid needs --rejects FILE',
        'a path where rejected rows are written',
      ),
    );
  }
  return issues;
}

/** What issues about a mapping sent with a request name as its file (the multipart field). */
export const MAPPING_DOCUMENT_NAME = 'mapping';

/**
 * The request's mapping: the document sent with it, else the mapping file it names, else none.
 * Both are read by the same parser (JSON is YAML too); problems name the key path, the line and
 * what was expected.
 */
export async function loadRequestMapping(
  request: ImportRequest,
): Promise<Result<MappingFile | undefined>> {
  if (request.mappingText !== undefined) {
    return parseMappingText(request.mappingText, MAPPING_DOCUMENT_NAME);
  }
  if (request.mappingPath !== undefined) return loadMappingFile(request.mappingPath);
  return ok(undefined);
}

export async function importFiles(request: ImportRequest): Promise<ImportOutcome> {
  const problems = validateImportRequest(request);
  if (problems.length > 0) return refused(problems);

  const loaded = await loadRequestMapping(request);
  if (!loaded.ok) return refused(loaded.issues);
  const mapping = loaded.value;
  const dateFormat = parseDateFormatOption(request.dateFormat);

  return withWorkspace(request, (workspace) =>
    importIntoWorkspace(workspace, request, mapping, dateFormat),
  );
}

/** Reads the files against the workspace's stored reference data (nothing is written). */
async function readBatch(
  workspace: Workspace,
  request: ImportRequest,
  mapping: MappingFile | undefined,
  dateFormat: DateFormat | undefined,
) {
  const reference = await loadReferenceData(workspace.database, workspace.id);
  const counts = await countRecords(workspace.database, workspace.id);
  const read = await readImportFiles(
    request.paths,
    {
      ...(request.preset === undefined ? {} : { preset: request.preset as PresetName }),
      ...(mapping === undefined ? {} : { mapping }),
      ...(dateFormat === undefined ? {} : { dateFormat }),
      ...(request.locale === undefined ? {} : { locale: request.locale }),
      ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
    },
    {
      currency: workspace.settings.currency,
      existing: {
        reps: reference.reps,
        accountIds: new Set(reference.accountIds),
        rates: reference.rates,
        territoryIds: new Set(reference.territories.map((t) => t.id)),
        counts,
      },
    },
  );
  return read;
}

/** One field a mapping can give a column for, as the import wizard offers it. */
export interface MappingField {
  name: string;
  kind: FieldKind;
  /** The file must have a column (or a constant) for it. */
  required: boolean;
}

export interface MappingEntity {
  entity: EntityName;
  fields: MappingField[];
  /** Groups of fields of which at least one is needed (deals: what says won, lost or open). */
  requiredOneOf: string[][];
}

/** The entities and fields of the mapping format (docs/data-formats.md), for the wizard. */
export function mappingCatalog(): MappingEntity[] {
  return ENTITY_NAMES.map((entity) => ({
    entity,
    fields: ENTITY_FIELDS[entity].map((f) => ({
      name: f.name,
      kind: f.kind,
      required: f.required,
    })),
    requiredOneOf: entity === 'deals' ? [[...DEAL_STATUS_FIELDS]] : [],
  }));
}

/** A file of a dry run: how it would be read, its columns with sample values, its row counts. */
export interface PreviewFile extends InspectedFile {
  rows: number;
  accepted: number;
  rejected: number;
}

/** An audited record with the file and row it was read from (null: derived by the import). */
export interface PreviewAuditRef extends AuditRef {
  file: string | null;
  row: number | null;
}

export interface PreviewAuditFinding extends Omit<AuditFinding, 'refs'> {
  /** The first affected records (at most 20); `count` is all of them. */
  refs: PreviewAuditRef[];
}

export interface PreviewAudit {
  asOf: IsoDate | null;
  errorCount: number;
  warningCount: number;
  findings: PreviewAuditFinding[];
}

/** What a dry run of an import found: nothing is stored. */
export interface ImportPreview {
  /** Null when the files look like exports of different systems. */
  preset: PresetName | null;
  /** True when the import of these files would be stored: no file problem and no row error. */
  ready: boolean;
  files: PreviewFile[];
  /** File problems, then row errors, in file and row order; at most 200. */
  errors: Issue[];
  errorCount: number;
  notices: Issue[];
  /** Per entity with stored records: fields the files have no column for, left as stored. */
  untouched: Record<string, string[]>;
  /** Valid records per entity. */
  records: Record<EntityName, number>;
  /** The first valid records of each entity, as they would be stored. */
  samples: Record<EntityName, unknown[]>;
  /**
   * The data-quality audit of the uploaded records on their own, with the workspace's settings
   * (exact for a first import into an empty workspace); null when the files cannot be read.
   */
  audit: PreviewAudit | null;
}

const SAMPLE_ROWS = 5;
const PREVIEW_ERRORS = 200;
const PREVIEW_REFS = 20;

function noRecords(): {
  records: Record<EntityName, number>;
  samples: Record<EntityName, unknown[]>;
} {
  const records = {} as Record<EntityName, number>;
  const samples = {} as Record<EntityName, unknown[]>;
  for (const entity of ENTITY_NAMES) {
    records[entity] = 0;
    samples[entity] = [];
  }
  return { records, samples };
}

/** The dry run of files that cannot be read as a whole: what is known of each, and why. */
function blockedPreview(
  preset: PresetName | null,
  files: InspectedFile[],
  issues: Issue[],
): ImportPreview {
  return {
    preset,
    ready: false,
    files: files.map((f) => ({ ...f, rows: 0, accepted: 0, rejected: 0 })),
    errors: issues.slice(0, PREVIEW_ERRORS),
    errorCount: issues.length,
    notices: [],
    untouched: {},
    ...noRecords(),
    audit: null,
  };
}

/**
 * A dry run of importIntoWorkspace: every file's columns with sample values and how it would be
 * read (or why it cannot be: unrecognised, refused, unreadable), the first records as they would
 * be stored, row errors and the audit with the source rows of the affected records; nothing is
 * stored. Options must already have passed validateImportRequest; the mapping is
 * loadRequestMapping's.
 */
export async function previewImportIntoWorkspace(
  workspace: Workspace,
  request: ImportRequest,
  mapping: MappingFile | undefined,
  dateFormat: DateFormat | undefined,
): Promise<ImportPreview> {
  const inspection = await inspectImportFiles(request.paths, {
    ...(request.preset === undefined ? {} : { preset: request.preset as PresetName }),
    ...(mapping === undefined ? {} : { mapping }),
  });
  if (inspection.issues.length > 0) {
    return blockedPreview(inspection.preset, inspection.files, inspection.issues);
  }
  const read = await readBatch(workspace, request, mapping, dateFormat);
  if (!read.ok) {
    // Only problems found while reading rows remain here (dates of a file that fit no order).
    const files = inspection.files.map((f) => {
      const own = read.issues.filter((i) => i.location?.file === f.name);
      return own.length === 0 ? f : { ...f, status: 'refused' as const, issues: own };
    });
    return blockedPreview(inspection.preset, files, read.issues);
  }
  const batch = read.value;
  const records = {} as Record<EntityName, number>;
  const samples = {} as Record<EntityName, unknown[]>;
  for (const entity of ENTITY_NAMES) {
    records[entity] = batch.records[entity].length;
    samples[entity] = batch.records[entity].slice(0, SAMPLE_ROWS);
  }
  const settings = {
    ...workspace.settings,
    ...(batch.settings.basis === undefined ? {} : { basis: batch.settings.basis }),
    ...(request.asOf === undefined ? {} : { asOf: request.asOf }),
  };
  const report = auditDataset({ settings, ...batch.records });
  const files = inspection.files.map((f): PreviewFile => {
    const counted = batch.files.find((b) => b.path === f.path);
    return {
      ...f,
      rows: counted?.rows ?? 0,
      accepted: counted?.accepted ?? 0,
      rejected: counted?.rejected ?? 0,
    };
  });
  return {
    preset: batch.preset,
    ready: batch.errors.length === 0,
    files,
    errors: batch.errors.slice(0, PREVIEW_ERRORS),
    errorCount: batch.errors.length,
    notices: batch.notices,
    untouched: Object.fromEntries(
      Object.entries(batch.untouched).map(([entity, kept]) => [entity, kept.fields]),
    ),
    records,
    samples,
    audit: {
      asOf: report.asOf,
      errorCount: report.errorCount,
      warningCount: report.warningCount,
      findings: report.findings.map((finding) => ({
        code: finding.code,
        severity: finding.severity,
        title: finding.title,
        description: finding.description,
        count: finding.count,
        refs: finding.refs.slice(0, PREVIEW_REFS).map((ref) => {
          const source = batch.sourceRow(ref.entity, ref.id);
          return { ...ref, file: source?.file ?? null, row: source?.row ?? null };
        }),
      })),
    },
  };
}

/**
 * The import against an open workspace (tests and the demo reuse one database across imports).
 * Options must already have passed validateImportRequest.
 */
export async function importIntoWorkspace(
  workspace: Workspace,
  request: ImportRequest,
  mapping: MappingFile | undefined,
  dateFormat: DateFormat | undefined,
): Promise<ImportOutcome> {
  if (
    request.currency !== undefined &&
    !workspace.created &&
    request.currency.toUpperCase() !== workspace.settings.currency
  ) {
    return refused([
      usage(
        'currency-mismatch',
        `this workspace counts money in ${workspace.settings.currency}; it cannot switch to ${request.currency.toUpperCase()}`,
        `--currency ${workspace.settings.currency} or a new --db`,
      ),
    ]);
  }
  const read = await readBatch(workspace, request, mapping, dateFormat);
  if (!read.ok) return refused(read.issues);
  const batch: ImportBatch = read.value;

  if (batch.errors.length > 0 && request.skipInvalid !== true) {
    return refused(batch.errors, batch.files, batch.notices);
  }
  let rejectsPath: string | null = null;
  if (request.skipInvalid === true && request.rejectsPath !== undefined) {
    rejectsPath = request.rejectsPath;
    await writeRejects(rejectsPath, batch);
  }
  const asOf: IsoDate | undefined = request.asOf;
  const saved = await saveImport(
    workspace.database,
    workspace.id,
    batch.records,
    {
      preset: batch.preset,
      importedBy: request.importedBy,
      options: {
        preset: request.preset ?? null,
        mapping:
          request.mappingPath === undefined
            ? request.mappingText === undefined
              ? null
              : `form field "${MAPPING_DOCUMENT_NAME}"`
            : basename(request.mappingPath),
        // A mapping sent with the request is kept with the import: nothing else holds it.
        ...(request.mappingText === undefined ? {} : { mappingText: request.mappingText }),
        dateFormat: dateFormat ?? null,
        locale: request.locale ?? null,
        skipInvalid: request.skipInvalid === true,
      },
      files: batch.files.map((f) => ({
        name: f.name,
        sha256: f.sha256,
        entity: f.entity,
        rows: f.rows,
        accepted: f.accepted,
        rejected: f.rejected,
      })),
      audit: {
        userId: request.importedByUserId ?? null,
        userEmail: request.importedBy,
      },
    },
    {
      ...(batch.settings.basis === undefined ? {} : { basis: batch.settings.basis }),
      ...(asOf === undefined ? {} : { asOf }),
    },
    { keep: keptProperties(batch) },
  );
  const settings = { ...workspace.settings, ...(asOf === undefined ? {} : { asOf }) };
  return {
    ok: true,
    value: {
      importId: saved.importId,
      location: workspace.location,
      preset: batch.preset,
      currency: workspace.settings.currency,
      asOf: await workspaceAsOf({ ...workspace, settings }),
      files: batch.files,
      counts: saved.counts,
      notices: batch.notices,
      rejected: batch.rejects.length,
      rejectsPath,
    },
  };
}

/** The model properties each entity's stored records keep (fields no file of the import has). */
function keptProperties(batch: ImportBatch): Partial<Record<EntityName, string[]>> {
  const keep: Partial<Record<EntityName, string[]>> = {};
  for (const [entity, kept] of Object.entries(batch.untouched) as [
    EntityName,
    { properties: string[] },
  ][]) {
    keep[entity] = kept.properties;
  }
  return keep;
}

/** Rejected rows with their reasons and every original column, so they can be fixed and re-imported. */
async function writeRejects(path: string, batch: ImportBatch): Promise<void> {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const reject of batch.rejects) {
    for (const header of Object.keys(reject.values)) {
      if (!seen.has(header)) {
        seen.add(header);
        columns.push(header);
      }
    }
  }
  await writeCsvFile(
    path,
    ['file', 'row', 'reasons', ...columns],
    batch.rejects.map((r) => [
      r.file,
      r.row,
      r.reasons.join('; '),
      ...columns.map((c) => r.values[c] ?? ''),
    ]),
  );
}
