// Mapping files: YAML that tells the importer which header holds which field, fixed values, value
// maps and formats, for exports no preset knows. Validated with zod; every problem names its key.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Basis, CurrencyCode, DealStatus, DealType, EntityName } from '../../core/model.ts';
import { DEAL_STATUSES, DEAL_TYPES, ENTITY_NAMES } from '../../core/model.ts';
import { checkInput, MAX_INPUT_DEPTH, RESERVED_KEYS } from '../../core/input-check.ts';
import type { Issue, Result } from '../../core/issue.ts';
import { fail, ok } from '../../core/issue.ts';
import { DATE_FORMATS, InvalidLocaleError, numberLocaleFor } from '../values.ts';
import type { DateFormat } from '../values.ts';
import { fieldNames, fieldSpec } from './fields.ts';
import { PRESET_NAMES } from './presets.ts';
import type { PresetName } from './presets.ts';

/** Column name meaning "the row number": ids become `<file stem>-<row>`. */
export const ROW_COLUMN = '$row';

export interface MappingValues {
  /** Source value (stage or status) → status; keys compared case-insensitively. */
  status: Record<string, DealStatus>;
  /** Source value → deal type. */
  type: Record<string, DealType>;
}

export interface MappingFileRule {
  /** Glob on the file name ('opps*.csv'); `*` and `?` only, case-insensitive. */
  match: string;
  /** The entity the file holds, 'ignore' to skip it; omitted: detected as usual. */
  entity?: EntityName | 'ignore';
  /**
   * Model field → header (or `$row`); null: the file has no column for the field, so it is not
   * looked up by its usual header names either.
   */
  columns: Record<string, string | null>;
  /** Model field → fixed raw value for fields with no column. */
  constants: Record<string, string>;
  values: MappingValues;
  delimiter?: string;
  sheet?: string;
}

export interface MappingFile {
  /** Where it was read from (for messages), null when built in code. */
  path: string | null;
  preset?: PresetName;
  dateFormat?: DateFormat;
  locale?: string;
  /** Currency of amounts when a deals file has no currency column. */
  currency?: CurrencyCode;
  basis?: Basis;
  values: MappingValues;
  files: MappingFileRule[];
}

const TOP_KEYS = ['preset', 'date_format', 'locale', 'currency', 'basis', 'values', 'files'];
const FILE_KEYS = ['match', 'entity', 'columns', 'constants', 'values', 'delimiter', 'sheet'];
const VALUE_KEYS = ['status', 'type'];

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

const valuesSchema = z
  .strictObject({
    status: z.record(z.string(), z.enum(DEAL_STATUSES)).optional(),
    type: z.record(z.string(), z.enum(DEAL_TYPES)).optional(),
  })
  .optional();

const currencySchema = z
  .string()
  .regex(/^[A-Za-z]{3}$/, { message: 'not a currency code' })
  .transform((c) => c.toUpperCase());

const fileSchema = z.strictObject({
  match: z.string().min(1),
  entity: z.enum([...ENTITY_NAMES, 'ignore']).optional(),
  columns: z.record(z.string(), z.union([scalar, z.null()])).optional(),
  constants: z.record(z.string(), scalar).optional(),
  values: valuesSchema,
  delimiter: z.string().min(1).max(1).optional(),
  sheet: scalar.optional(),
});

const mappingSchema = z.strictObject({
  preset: z.enum(PRESET_NAMES).optional(),
  date_format: z.enum(DATE_FORMATS).optional(),
  locale: z.string().min(2).optional(),
  currency: currencySchema.optional(),
  basis: z.enum(['amount', 'count']).optional(),
  values: valuesSchema,
  files: z.array(fileSchema).optional(),
});

type RawMapping = z.infer<typeof mappingSchema>;

/** 'files[0].columns.close_date' */
function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

function show(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a text value',
  object: 'a mapping of keys to values',
  array: 'a list',
  number: 'a number',
};

function allowedKeys(path: readonly PropertyKey[]): string[] {
  const last = path.at(-1);
  if (path.length === 0) return TOP_KEYS;
  if (last === 'values') return VALUE_KEYS;
  if (typeof last === 'number' && path[0] === 'files') return FILE_KEYS;
  return [];
}

interface Located {
  line(path: readonly PropertyKey[]): number | undefined;
}

function mappingIssue(
  file: string,
  where: Located,
  path: readonly PropertyKey[],
  message: string,
  expected: string | undefined,
  value: string | undefined,
): Issue {
  const row = where.line(path);
  const issue: Issue = {
    code: 'mapping-invalid',
    severity: 'error',
    message: `key "${keyPath(path)}": ${message}`,
    location: { file },
  };
  if (row !== undefined) issue.location = { ...issue.location, row };
  if (value !== undefined) issue.location = { ...issue.location, value };
  if (expected !== undefined) issue.expected = expected;
  return issue;
}

function zodIssues(file: string, data: unknown, error: z.ZodError, where: Located): Issue[] {
  const issues: Issue[] = [];
  for (const zi of error.issues) {
    if (zi.code === 'unrecognized_keys') {
      for (const key of zi.keys) {
        const path = [...zi.path, key];
        const allowed = allowedKeys(zi.path);
        issues.push(
          mappingIssue(
            file,
            where,
            path,
            `unknown key "${key}"`,
            allowed.length > 0 ? `one of the keys ${allowed.join(', ')}` : undefined,
            show(valueAt(data, path)),
          ),
        );
      }
      continue;
    }
    let expected: string | undefined;
    if (zi.code === 'invalid_value') expected = `one of ${zi.values.map(String).join(', ')}`;
    else if (zi.code === 'invalid_type') expected = TYPE_WORDS[zi.expected] ?? zi.expected;
    else if (zi.path.at(-1) === 'currency') expected = 'a 3-letter currency code like EUR';
    else if (zi.code === 'invalid_union' && zi.path.at(-2) === 'columns') {
      expected = `a header of the file, ${ROW_COLUMN} for the row number, or null (not in this file)`;
    } else if (zi.code === 'too_small') expected = 'a non-empty value';
    else if (zi.code === 'too_big') expected = 'a single character';
    const value = valueAt(data, zi.path);
    const message = value === undefined ? 'missing' : 'not valid';
    issues.push(mappingIssue(file, where, zi.path, message, expected, show(value)));
  }
  return issues;
}

/** Field names in columns/constants must exist for the rule's entity. */
function fieldIssues(file: string, raw: RawMapping, where: Located): Issue[] {
  const issues: Issue[] = [];
  (raw.files ?? []).forEach((rule, i) => {
    const entity = rule.entity;
    if (entity === undefined || entity === 'ignore') return;
    for (const section of ['columns', 'constants'] as const) {
      for (const name of Object.keys(rule[section] ?? {})) {
        if (fieldSpec(entity, name) !== undefined) continue;
        issues.push(
          mappingIssue(
            file,
            where,
            ['files', i, section, name],
            `unknown field "${name}" for ${entity}`,
            `one of ${fieldNames(entity).join(', ')}`,
            name,
          ),
        );
      }
    }
  });
  if (raw.locale !== undefined) {
    try {
      numberLocaleFor(raw.locale);
    } catch (error) {
      if (!(error instanceof InvalidLocaleError)) throw error;
      issues.push(
        mappingIssue(
          file,
          where,
          ['locale'],
          'not a locale',
          'a tag like en-US or de-DE',
          raw.locale,
        ),
      );
    }
  }
  return issues;
}

function toValues(raw: RawMapping['values']): MappingValues {
  return { status: { ...raw?.status }, type: { ...raw?.type } };
}

function toMapping(path: string | null, raw: RawMapping): MappingFile {
  const mapping: MappingFile = {
    path,
    values: toValues(raw.values),
    files: (raw.files ?? []).map((f) => {
      const rule: MappingFileRule = {
        match: f.match,
        columns: { ...f.columns },
        constants: { ...f.constants },
        values: toValues(f.values),
      };
      if (f.entity !== undefined) rule.entity = f.entity;
      if (f.delimiter !== undefined) rule.delimiter = f.delimiter;
      if (f.sheet !== undefined) rule.sheet = f.sheet;
      return rule;
    }),
  };
  if (raw.preset !== undefined) mapping.preset = raw.preset;
  if (raw.date_format !== undefined) mapping.dateFormat = raw.date_format;
  if (raw.locale !== undefined) mapping.locale = raw.locale;
  if (raw.currency !== undefined) mapping.currency = raw.currency;
  if (raw.basis !== undefined) mapping.basis = raw.basis;
  return mapping;
}

/**
 * Parses mapping-file YAML. `file` names the source in issues. Problems come back as Issues
 * with the key path ('files[0].entity'), the YAML line, the value found and what was expected.
 */
export function parseMappingText(
  text: string,
  file: string,
  path: string | null = null,
): Result<MappingFile> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return fail(
      // A broken document can have thousands; the first ones say what is wrong.
      ...doc.errors.slice(0, 20).map((e): Issue => {
        const row = lineCounter.linePos(e.pos[0]).line;
        return {
          code: 'mapping-invalid',
          severity: 'error',
          message: `not valid YAML: ${e.message.split('\n')[0] ?? e.message}`,
          expected: 'YAML like the one in examples/mapping-reference.yaml',
          location: { file, row },
        };
      }),
    );
  }
  const where: Located = {
    line(keys) {
      for (let n = keys.length; n >= 0; n--) {
        const node: unknown = doc.getIn(keys.slice(0, n), true);
        if (node !== null && typeof node === 'object' && 'range' in node) {
          const range = (node as { range?: [number, number, number] }).range;
          if (range !== undefined) return lineCounter.linePos(range[0]).line;
        }
      }
      return undefined;
    },
  };
  let data: unknown;
  try {
    // The yaml library refuses more than 100 alias expansions per anchor ("billion laughs").
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return fail({
      code: 'mapping-invalid',
      severity: 'error',
      message: `the aliases cannot be expanded: ${error.message}`,
      expected: 'a mapping without aliases (*name) that expand into large structures',
      location: { file },
    });
  }
  // Before the schema: zod leaves a `__proto__` key of a mapping out without a word, and a NUL
  // character cannot be stored with the import.
  const checked = checkInput(data);
  const unsafe: Issue[] = [
    ...(checked.tooDeep === null
      ? []
      : [
          mappingIssue(
            file,
            where,
            checked.tooDeep,
            `nested more than ${MAX_INPUT_DEPTH} levels deep`,
            'a mapping as documented (a few levels of keys and lists)',
            undefined,
          ),
        ]),
    ...checked.reservedKeys.map((path) =>
      mappingIssue(
        file,
        where,
        path,
        `unknown key "${String(path.at(-1))}"`,
        `a key other than ${RESERVED_KEYS.join(', ')} (reserved)`,
        undefined,
      ),
    ),
    ...checked.nulCharacters.map((path) =>
      mappingIssue(
        file,
        where,
        path,
        'holds a NUL character',
        'text without NUL characters (\\0)',
        undefined,
      ),
    ),
  ];
  if (unsafe.length > 0) return fail(...unsafe);
  const parsed = mappingSchema.safeParse(data);
  if (!parsed.success) return fail(...zodIssues(file, data, parsed.error, where));
  const more = fieldIssues(file, parsed.data, where);
  if (more.length > 0) return fail(...more);
  return ok(toMapping(path, parsed.data));
}

/** Reads and validates a mapping file (YAML). */
export async function loadMappingFile(path: string): Promise<Result<MappingFile>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail({
      code: 'mapping-unreadable',
      severity: 'error',
      message: `cannot read the mapping file: ${reason}`,
      location: { file: path },
    });
  }
  return parseMappingText(text, basename(path), path);
}

/** True when a file name matches a mapping glob (`*`, `?`; case-insensitive; name only). */
export function matchesGlob(name: string, glob: string): boolean {
  let pattern = '^';
  for (const ch of glob) {
    if (ch === '*') pattern += '.*';
    else if (ch === '?') pattern += '.';
    else pattern += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`${pattern}$`, 'i').test(name);
}
