// The "Map columns" step of the import wizard as plain data: what the person chose for each file,
// the mapping document it makes (the format of mapping files, docs/data-formats.md: sent to the
// server with the dry run and the import, and offered as YAML for `quotaplan import --mapping`),
// and the required fields still without a column, found before any request.

import { Document } from 'yaml';

/** The column choice meaning "the row number": ids become `<file stem>-<row>`. */
export const ROW_NUMBER = '$row';

/** CSV delimiters a mapping may name ('' keeps the detected one). */
export const DELIMITERS: readonly { value: string; label: string }[] = [
  { value: ',', label: 'comma (,)' },
  { value: ';', label: 'semicolon (;)' },
  { value: '\t', label: 'tab' },
  { value: '|', label: 'pipe (|)' },
];

/** The date orders of the mapping format's `date_format` (io/values.ts, which the web may not import). */
export const DATE_ORDERS = ['ISO', 'MDY', 'DMY'] as const;

/** One entity of the mapping format, as the dry run describes it. */
export interface CatalogEntity {
  entity: string;
  fields: readonly { name: string; kind: string; required: boolean }[];
  requiredOneOf: readonly (readonly string[])[];
}

/** What the dry run says of an uploaded file that matters for mapping it. */
export interface MappableFile {
  name: string;
  entity: string | null;
  format: 'csv' | 'xlsx' | null;
  delimiter: string | null;
  columns: Record<string, string>;
  headers: readonly { name: string; samples: readonly string[] }[];
  suggested: Record<string, Record<string, string>>;
}

export interface FileMapping {
  /** The uploaded file's name (the mapping rule's `match`). */
  name: string;
  /** An entity of the catalog, or 'ignore'. */
  entity: string;
  /** Field → header, ROW_NUMBER, or '' for "not in this file". */
  columns: Record<string, string>;
  /** '' keeps the detected delimiter. */
  delimiter: string;
}

export interface MappingDraft {
  /** '' lets the server detect it from the headers. */
  preset: string;
  /** '' infers the date order per file. */
  dateFormat: '' | (typeof DATE_ORDERS)[number];
  /** '' keeps the preset's (or the workspace's) basis. */
  basis: '' | 'amount' | 'count';
  files: FileMapping[];
  /** Source values → ours, for stages and types the check found no meaning for; '' = none. */
  values: { status: Record<string, string>; type: Record<string, string> };
}

/** The mapping document: plain data in the mapping-file format (keys as in the YAML). */
export interface MappingDocument {
  preset?: string;
  date_format?: string;
  basis?: string;
  values?: { status?: Record<string, string>; type?: Record<string, string> };
  files: {
    match: string;
    entity: string;
    delimiter?: string;
    columns?: Record<string, string | null>;
  }[];
}

/** The columns a file starts with for `entity`: what the importer found, else the usual names. */
export function columnsFor(
  file: MappableFile,
  entity: string,
  catalog: readonly CatalogEntity[],
): Record<string, string> {
  const found = entity === file.entity ? file.columns : (file.suggested[entity] ?? {});
  const out: Record<string, string> = {};
  for (const field of catalog.find((e) => e.entity === entity)?.fields ?? []) {
    out[field.name] = found[field.name] ?? '';
  }
  return out;
}

/** A file's mapping as the dry run read it (an unrecognised file starts as deals). */
export function fileMappingOf(
  file: MappableFile,
  catalog: readonly CatalogEntity[],
  entity: string = file.entity ?? 'deals',
): FileMapping {
  return {
    name: file.name,
    entity,
    columns: entity === 'ignore' ? {} : columnsFor(file, entity, catalog),
    delimiter: '',
  };
}

export function draftOf(
  files: readonly MappableFile[],
  catalog: readonly CatalogEntity[],
  preset: string,
): MappingDraft {
  return {
    preset,
    dateFormat: '',
    basis: '',
    files: files.map((f) => fileMappingOf(f, catalog)),
    values: { status: {}, type: {} },
  };
}

/**
 * The mapping document of a draft. Every field of a file's entity is written: a header, `$row`,
 * or null ("not in this file", so the importer does not look for it by its usual names either):
 * what the wizard showed is exactly what is read, here and with the CLI.
 */
export function mappingDocument(
  draft: MappingDraft,
  catalog: readonly CatalogEntity[],
): MappingDocument {
  const doc: MappingDocument = { files: [] };
  if (draft.preset !== '') doc.preset = draft.preset;
  if (draft.dateFormat !== '') doc.date_format = draft.dateFormat;
  if (draft.basis !== '') doc.basis = draft.basis;
  const status = chosen(draft.values.status);
  const type = chosen(draft.values.type);
  if (status !== undefined || type !== undefined) {
    doc.values = {};
    if (status !== undefined) doc.values.status = status;
    if (type !== undefined) doc.values.type = type;
  }
  for (const file of draft.files) {
    if (file.entity === 'ignore') {
      doc.files.push({ match: file.name, entity: 'ignore' });
      continue;
    }
    const fields = catalog.find((e) => e.entity === file.entity)?.fields ?? [];
    const columns: Record<string, string | null> = {};
    for (const f of fields) {
      const column = file.columns[f.name] ?? '';
      if (column !== '') columns[f.name] = column;
    }
    for (const f of fields) {
      if ((file.columns[f.name] ?? '') === '') columns[f.name] = null;
    }
    const rule: MappingDocument['files'][number] = { match: file.name, entity: file.entity };
    if (file.delimiter !== '') rule.delimiter = file.delimiter;
    rule.columns = columns;
    doc.files.push(rule);
  }
  return doc;
}

function chosen(values: Record<string, string>): Record<string, string> | undefined {
  const entries = Object.entries(values).filter(([, v]) => v !== '');
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** The mapping as YAML, for `quotaplan import --mapping FILE` (and what the check sends). */
export function mappingYaml(draft: MappingDraft, catalog: readonly CatalogEntity[]): string {
  const doc = new Document(mappingDocument(draft, catalog));
  doc.commentBefore = [
    ' quotaplan mapping, made by the import wizard. Use it again with',
    `   quotaplan import --mapping this-file.yaml ${draft.files.map((f) => quoteArg(f.name)).join(' ')}`,
    ' null: not in this file. Reference: examples/mapping-reference.yaml',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

function quoteArg(name: string): string {
  return /^[\w.-]+$/.test(name) ? name : `'${name.replaceAll("'", "'\\''")}'`;
}

/**
 * The fields a file must have but the draft gives no column, as sentences naming the file
 * ("deals.csv: deals need a column for owner_id"). Empty when the draft can be checked.
 */
export function unmappedRequired(draft: MappingDraft, catalog: readonly CatalogEntity[]): string[] {
  const problems: string[] = [];
  for (const file of draft.files) {
    if (file.entity === 'ignore') continue;
    const info = catalog.find((e) => e.entity === file.entity);
    if (info === undefined) continue;
    const has = (name: string): boolean => (file.columns[name] ?? '') !== '';
    const missing = info.fields.filter((f) => f.required && !has(f.name)).map((f) => f.name);
    if (missing.length > 0) {
      problems.push(
        `${file.name}: ${file.entity} need a column for ${missing.join(' and ')} (required)`,
      );
    }
    for (const group of info.requiredOneOf) {
      if (!group.some(has)) {
        problems.push(
          `${file.name}: ${file.entity} need a column for one of ${group.join(', ')} (what says whether a deal is won, lost or open)`,
        );
      }
    }
  }
  return problems;
}

interface FoundIssue {
  code: string;
  location?: { value?: string | undefined } | undefined;
}

/**
 * Adds the stage, status and type values a check found no meaning for to the draft's value maps
 * (unset), so the person can give each one; values already there keep their choice.
 */
export function withUnmappedValues(
  draft: MappingDraft,
  notices: readonly FoundIssue[],
  errors: readonly FoundIssue[],
): MappingDraft {
  const status = { ...draft.values.status };
  const type = { ...draft.values.type };
  let added = false;
  for (const issue of [...notices, ...errors]) {
    const value = issue.location?.value;
    if (value === undefined || value === '') continue;
    const target =
      issue.code === 'stage-unmapped' || issue.code === 'invalid-status'
        ? status
        : issue.code === 'type-unmapped'
          ? type
          : undefined;
    if (target === undefined || value in target) continue;
    target[value] = '';
    added = true;
  }
  return added ? { ...draft, values: { status, type } } : draft;
}
