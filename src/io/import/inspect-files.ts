// What the import wizard shows before any row is converted: each file's header with a few raw
// values per column, how the importer would read it (entity and columns, or why it cannot), and
// which columns the usual header names find for every entity, so that a person can map the rest.

import type { EntityName } from '../../core/model.ts';
import { ENTITY_NAMES } from '../../core/model.ts';
import type { Issue } from '../../core/issue.ts';
import type { Table } from '../read-table.ts';
import { suggestColumns } from './file-plan.ts';
import type { SourceFile } from './file-plan.ts';
import { openImportFiles, planImport, sourceFile } from './import-files.ts';
import type { MappingFile } from './mapping-file.ts';
import type { PresetName } from './presets.ts';
import { cellText } from './readers.ts';

/** Rows read for sample values (the file is closed after them). */
const SAMPLE_SCAN_ROWS = 50;
/** Distinct non-empty values kept per column. */
const SAMPLES_PER_COLUMN = 3;
/** Longer values are cut (a free-text column should not fill the page). */
const SAMPLE_MAX_CHARS = 60;

export interface InspectedColumn {
  /** The header as written in the file. */
  name: string;
  /** Up to 3 distinct non-empty raw values from the first rows. */
  samples: string[];
}

/**
 * - recognised: the file will be read as `entity`;
 * - ignored: the preset or the mapping skips it;
 * - unrecognised: nothing says what it holds (no preset rule, no telling name or headers, or
 *   the files look like exports of different systems);
 * - refused: it is recognised but cannot be read (a required column missing, a mapped column
 *   absent);
 * - unreadable: it is not a table that can be opened (empty, binary, old .xls …).
 */
export type InspectedStatus = 'recognised' | 'ignored' | 'unrecognised' | 'refused' | 'unreadable';

export interface InspectedFile {
  path: string;
  name: string;
  status: InspectedStatus;
  /** The entity the file would be read as, when the importer can tell. */
  entity: EntityName | null;
  /** Which rule decided ('Maven sales_pipeline', 'mapping files[0]', 'generic deals (by name)'). */
  label: string | null;
  format: 'csv' | 'xlsx' | null;
  /** The CSV delimiter detected or given; null for XLSX and unreadable files. */
  delimiter: string | null;
  /** The header's columns, in file order, with sample values. */
  headers: InspectedColumn[];
  /** Model field → header the importer would read it from (`$row`: the row number). */
  columns: Record<string, string>;
  /** For every entity: field → header that the field's usual names find in this file. */
  suggested: Record<EntityName, Record<string, string>>;
  /** Why the file is unrecognised, refused or unreadable. */
  issues: Issue[];
}

export interface ImportInspection {
  /** The preset the files would be read with; null when they look like different systems. */
  preset: PresetName | null;
  files: InspectedFile[];
  /** Every blocking problem of the files (each names its file) and of the batch. */
  issues: Issue[];
}

async function sampleColumns(table: Table): Promise<InspectedColumn[]> {
  const seen = table.headers.map(() => new Set<string>());
  let rows = 0;
  for await (const item of table.rows()) {
    if (item.kind === 'row') {
      item.values.forEach((value, i) => {
        const set = seen[i];
        if (set === undefined || set.size >= SAMPLES_PER_COLUMN) return;
        const text = cellText(value);
        if (text === '') return;
        set.add(text.length > SAMPLE_MAX_CHARS ? `${text.slice(0, SAMPLE_MAX_CHARS - 1)}…` : text);
      });
    }
    rows++;
    if (rows >= SAMPLE_SCAN_ROWS) break;
  }
  return table.headers.map((name, i) => ({ name, samples: [...(seen[i] ?? [])] }));
}

function suggestionsFor(headers: readonly string[]): Record<EntityName, Record<string, string>> {
  const out = {} as Record<EntityName, Record<string, string>>;
  for (const entity of ENTITY_NAMES) out[entity] = suggestColumns(entity, headers);
  return out;
}

function issueFile(issue: Issue): string | undefined {
  return issue.location?.file;
}

/**
 * Opens the files, settles the preset and each file's plan exactly as readImportFiles does, and
 * reads the first rows of each for sample values. Converts no row; a file that cannot be read
 * is described with its problem, never thrown.
 */
export async function inspectImportFiles(
  paths: readonly string[],
  options: { preset?: PresetName; mapping?: MappingFile },
): Promise<ImportInspection> {
  const mapping = options.mapping;
  const files: SourceFile[] = paths.map((p, i) => sourceFile(i, p));
  const { opened, issues: openIssues } = await openImportFiles(files, mapping);
  try {
    const inspected = new Map<number, InspectedFile>();
    for (const file of files) {
      if (opened.some((o) => o.file.index === file.index)) continue;
      inspected.set(file.index, {
        path: file.path,
        name: file.name,
        status: 'unreadable',
        entity: null,
        label: null,
        format: null,
        delimiter: null,
        headers: [],
        columns: {},
        suggested: suggestionsFor([]),
        issues: openIssues.filter((i) => issueFile(i) === file.path),
      });
    }
    const settled = planImport(opened, mapping, options.preset ?? mapping?.preset);
    const batchIssues = 'issues' in settled ? settled.issues : [];
    for (const { file, table } of opened) {
      const planned =
        'issues' in settled ? undefined : settled.files.find((f) => f.file.index === file.index);
      const result = planned?.result;
      let status: InspectedStatus = 'unrecognised';
      let issues: Issue[] = [];
      if (result !== undefined && 'issues' in result) {
        issues = result.issues;
        status = issues.some((i) => i.code === 'file-not-recognised') ? 'unrecognised' : 'refused';
      } else if (result !== undefined) {
        status = result.plan.use === 'ignore' ? 'ignored' : 'recognised';
      }
      const plan = result !== undefined && 'plan' in result ? result.plan : undefined;
      inspected.set(file.index, {
        path: file.path,
        name: file.name,
        status,
        entity: plan?.use === 'ignore' ? null : (plan?.entity ?? null),
        label: plan?.label ?? null,
        format: table.format,
        delimiter: table.delimiter,
        headers: await sampleColumns(table),
        columns: plan?.columns ?? {},
        suggested: suggestionsFor(table.headers),
        issues,
      });
    }
    const ordered = files.flatMap((f) => {
      const found = inspected.get(f.index);
      return found === undefined ? [] : [found];
    });
    return {
      preset: 'issues' in settled ? null : settled.preset,
      files: ordered,
      issues: [...ordered.flatMap((f) => f.issues), ...batchIssues],
    };
  } finally {
    for (const { table } of opened) table.close();
  }
}
