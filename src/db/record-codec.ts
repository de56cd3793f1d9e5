// How each entity's records become COPY text lines and come back: the column list, key and value
// types are read from the drizzle tables of schema.ts, whose property names are the model's fields.

import { getTableColumns } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { EntityName } from '../core/model.ts';
import {
  COPY_NULL,
  escapeCopyField,
  formatTextArray,
  parseTextArray,
  unescapeCopyField,
} from './copy-text.ts';
import { DuplicateRecordError, InvalidRecordError } from './errors.ts';
import { ENTITY_TABLES } from './schema.ts';

type ColumnKind = 'text' | 'integer' | 'bigint' | 'float' | 'date' | 'boolean' | 'text[]';

export interface ColumnSpec {
  /** Property of the model record ('closeDate'). */
  field: string;
  /** SQL column name ('close_date'). */
  column: string;
  kind: ColumnKind;
  nullable: boolean;
}

export interface EntitySpec {
  entity: EntityName;
  table: string;
  /** The record's key within a workspace (workspace_id excluded). */
  key: ColumnSpec[];
  /** Every stored column of a record, in table order; workspace_id and import_id excluded. */
  columns: ColumnSpec[];
  /** True when rows carry source/derived, so derived rows must not overwrite real ones. */
  hasProvenance: boolean;
}

/** Columns every entity table has that are bookkeeping, not part of the model's record. */
const BOOKKEEPING = new Set(['workspace_id', 'import_id']);

function kindOf(column: PgColumn): ColumnKind {
  const type = column.getSQLType();
  if (type === 'text' || type.startsWith('char(') || type.startsWith('varchar')) return 'text';
  if (type === 'integer') return 'integer';
  if (type === 'bigint') return 'bigint';
  if (type === 'double precision') return 'float';
  if (type === 'date') return 'date';
  if (type === 'boolean') return 'boolean';
  if (type === 'text[]') return 'text[]';
  throw new Error(`record-codec: no COPY codec for ${column.name} ${type}`);
}

function specOf(entity: EntityName, table: PgTable): EntitySpec {
  const config = getTableConfig(table);
  const columns: ColumnSpec[] = [];
  const byName = new Map<string, ColumnSpec>();
  for (const [field, column] of Object.entries(getTableColumns(table)) as [string, PgColumn][]) {
    if (BOOKKEEPING.has(column.name)) continue;
    const spec = {
      field,
      column: column.name,
      kind: kindOf(column),
      nullable: !column.notNull,
    };
    columns.push(spec);
    byName.set(column.name, spec);
  }
  const keyColumns =
    config.primaryKeys[0]?.columns ?? config.uniqueConstraints[0]?.columns ?? undefined;
  if (keyColumns === undefined) throw new Error(`record-codec: ${config.name} has no key`);
  const key = keyColumns
    .filter((c) => !BOOKKEEPING.has(c.name))
    .map((c) => {
      const spec = byName.get(c.name);
      if (spec === undefined) throw new Error(`record-codec: key column ${c.name} missing`);
      return spec;
    });
  return {
    entity,
    table: config.name,
    key,
    columns,
    hasProvenance: byName.has('derived'),
  };
}

export const ENTITY_SPECS: Record<EntityName, EntitySpec> = {
  reps: specOf('reps', ENTITY_TABLES.reps),
  territories: specOf('territories', ENTITY_TABLES.territories),
  accounts: specOf('accounts', ENTITY_TABLES.accounts),
  products: specOf('products', ENTITY_TABLES.products),
  deals: specOf('deals', ENTITY_TABLES.deals),
  rates: specOf('rates', ENTITY_TABLES.rates),
  splits: specOf('splits', ENTITY_TABLES.splits),
};

/** Records are read through their field names; the schema's type assertions vouch for them. */
type AnyRecord = Readonly<Record<string, unknown>>;

/** A value for an error message; never throws (BigInt, cycles). */
function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  try {
    // JSON.stringify returns undefined for undefined and functions, whatever its type says.
    const text = JSON.stringify(value) as string | undefined;
    return text ?? typeof value;
  } catch {
    return typeof value;
  }
}

function encodeValue(spec: EntitySpec, column: ColumnSpec, value: unknown): string {
  if (value === null || value === undefined) return COPY_NULL;
  switch (column.kind) {
    case 'text':
    case 'date':
      if (typeof value !== 'string') break;
      // COPY rejects NUL outright, and a COPY error mid-stream is hard to recover from cleanly.
      if (value.includes('\0')) {
        throw new InvalidRecordError(spec.entity, column.field, 'text contains a NUL character');
      }
      return escapeCopyField(value);
    case 'integer':
    case 'bigint':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new InvalidRecordError(
          spec.entity,
          column.field,
          `${show(value)} is not a whole number${column.kind === 'bigint' ? ' of cents' : ''}`,
        );
      }
      return String(value);
    case 'float':
      if (typeof value !== 'number') break;
      return String(value);
    case 'boolean':
      if (typeof value !== 'boolean') break;
      return value ? 't' : 'f';
    case 'text[]':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) break;
      return escapeCopyField(formatTextArray(value));
  }
  throw new InvalidRecordError(
    spec.entity,
    column.field,
    `${show(value)} is not a ${column.kind} value`,
  );
}

/** Characters a text field must not hold as they are: escaped ones, and NUL (refused). */
const SPECIAL = /[\\\t\n\r\0]/;

/** Encodes one column's values; compiled once per column so the row loop has no switch. */
type FieldEncoder = (value: unknown) => string;

function fieldEncoder(spec: EntitySpec, column: ColumnSpec): FieldEncoder {
  if (column.kind === 'text' || column.kind === 'date') {
    return (value) => {
      if (typeof value === 'string') {
        return SPECIAL.test(value) ? encodeValue(spec, column, value) : value;
      }
      return encodeValue(spec, column, value);
    };
  }
  return (value) => encodeValue(spec, column, value);
}

/**
 * The records as COPY text lines of `spec.columns`, each line opened by `prefix` (values of
 * leading columns, tab-terminated), in chunks of about `chunkChars` characters: small strings
 * die young, so a million deals never sit in one giant string.
 */
export function* encodeCopyChunks(
  spec: EntitySpec,
  records: readonly object[],
  options: { prefix?: string; chunkChars?: number } = {},
): Generator<string> {
  const prefix = options.prefix ?? '';
  const chunkChars = options.chunkChars ?? 256_000;
  const columns = spec.columns;
  const fields = columns.map((c) => c.field);
  const encoders = columns.map((c) => fieldEncoder(spec, c));
  const last = columns.length - 1;
  let chunk = '';
  for (const object of records) {
    const record = object as AnyRecord;
    let line = prefix;
    for (let c = 0; c < last; c++) {
      line += (encoders[c] as FieldEncoder)(record[fields[c] as string]) + '\t';
    }
    if (last >= 0) line += (encoders[last] as FieldEncoder)(record[fields[last] as string]);
    chunk += line + '\n';
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

function decodeValue(kind: ColumnKind, raw: string): unknown {
  if (raw === COPY_NULL) return null;
  switch (kind) {
    case 'text':
      return unescapeCopyField(raw);
    case 'date':
      return raw;
    case 'integer':
    case 'bigint':
    case 'float':
      return Number(raw);
    case 'boolean':
      return raw === 't';
    case 'text[]':
      return parseTextArray(unescapeCopyField(raw));
  }
}

/** A record from one row of COPY output of `columns` (the raw, still escaped fields). */
export function decodeRecord(columns: readonly ColumnSpec[], fields: readonly string[]): object {
  const record: Record<string, unknown> = {};
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c] as ColumnSpec;
    record[column.field] = decodeValue(column.kind, fields[c] ?? COPY_NULL);
  }
  return record;
}

/** Distinct values per column that share one string (or number) across records. */
const SHARED_VALUES_LIMIT = 100_000;

/**
 * A copy of a string that holds no reference to a larger one. Fields split out of a COPY chunk
 * are slices of it: kept as they are, a million records would keep every chunk alive.
 */
function ownCopy(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}

/**
 * Like decodeRecord, for many rows: every text, date and float column shares one value per
 * distinct raw field (up to SHARED_VALUES_LIMIT per column), so a million deals hold a few
 * thousand date, stage, owner and product strings instead of millions, and longer strings are
 * copied out of the chunk they were cut from. Key columns are not shared (they are unique).
 */
export function recordDecoder(spec: EntitySpec): (fields: readonly string[]) => object {
  const columns = spec.columns;
  const keys = new Set(spec.key);
  const shared = columns.map((column) =>
    keys.has(column) ||
    (column.kind !== 'text' && column.kind !== 'date' && column.kind !== 'float')
      ? null
      : new Map<string, unknown>(),
  );
  return (fields) => {
    const record: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as ColumnSpec;
      const raw = fields[c] ?? COPY_NULL;
      const values = shared[c];
      let value: unknown;
      if (values === null || values === undefined) {
        value = decodeValue(column.kind, raw);
        if (typeof value === 'string') value = ownCopy(value);
      } else {
        value = values.get(raw);
        if (value === undefined) {
          value = decodeValue(column.kind, raw);
          if (typeof value === 'string') value = ownCopy(value);
          if (values.size < SHARED_VALUES_LIMIT) values.set(ownCopy(raw), value);
        }
      }
      record[column.field] = value;
    }
    return record;
  };
}

/**
 * Throws DuplicateRecordError when two records share a key: the database would reject it anyway.
 * `sorted`: the records come from inKeyOrder, so equal keys are neighbours and a single-column
 * key needs no set (a million ids: ~0.1 s instead of ~1.3 s).
 */
export function assertUniqueKeys(
  spec: EntitySpec,
  records: readonly object[],
  options: { sorted?: boolean } = {},
): void {
  const single = spec.key.length === 1 ? (spec.key[0] as ColumnSpec).field : null;
  const duplicate = (record: AnyRecord): DuplicateRecordError =>
    new DuplicateRecordError(
      spec.entity,
      spec.key.map((k) => `${k.field}=${JSON.stringify(record[k.field] ?? null)}`).join(', '),
    );
  if (options.sorted === true && single !== null) {
    for (let i = 1; i < records.length; i++) {
      const record = records[i] as AnyRecord;
      if (record[single] === (records[i - 1] as AnyRecord)[single]) throw duplicate(record);
    }
    return;
  }
  const seen = new Set<unknown>();
  for (const object of records) {
    const record = object as AnyRecord;
    const key =
      single === null
        ? JSON.stringify(spec.key.map((k) => record[k.field] ?? null))
        : record[single];
    if (seen.has(key)) throw duplicate(record);
    seen.add(key);
  }
}

/**
 * The records in key order (a copy; already sorted input is returned as is). Loading in key
 * order lets the primary key's B-tree append at its right edge instead of splitting pages all
 * over; JS string order equals the database's byte order for all but astral characters, where
 * it only costs locality.
 */
export function inKeyOrder<T extends object>(
  spec: EntitySpec,
  records: readonly T[],
): readonly T[] {
  // One sortable string per record (key parts joined by NUL, which no stored text contains),
  // compared with plain < : far cheaper than a comparator that reads fields on every call.
  const fields = spec.key.map((k) => k.field);
  const part = (record: T, field: string): string => {
    const value = (record as AnyRecord)[field];
    return typeof value === 'string' ? value : '';
  };
  const single = fields.length === 1 ? (fields[0] as string) : null;
  const keyOf = (record: T): string =>
    single === null ? fields.map((field) => part(record, field)).join('\0') : part(record, single);
  const keys = records.map(keyOf);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) {
    sorted = (keys[i - 1] as string) <= (keys[i] as string);
  }
  if (sorted) return records;
  const order = keys.map((_, i) => i);
  order.sort((i, j) => {
    const a = keys[i] as string;
    const b = keys[j] as string;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return order.map((i) => records[i] as T);
}
