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
  /** SQL type as in the schema ('date', 'char(3)'): staged text is cast to it. */
  sqlType: string;
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
      sqlType: column.getSQLType(),
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
          `${String(value)} is not a whole number${column.kind === 'bigint' ? ' of cents' : ''}`,
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
    `${JSON.stringify(value)} is not a ${column.kind} value`,
  );
}

/**
 * The records as COPY text for `spec.columns`, in chunks of about `chunkChars` characters, so a
 * million deals never sit in one giant string.
 */
export function* encodeCopyChunks(
  spec: EntitySpec,
  records: readonly object[],
  chunkChars = 4_000_000,
): Generator<string> {
  const columns = spec.columns;
  let chunk = '';
  for (const object of records) {
    const record = object as AnyRecord;
    let line = '';
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as ColumnSpec;
      if (c > 0) line += '\t';
      line += encodeValue(spec, column, record[column.field]);
    }
    chunk += line + '\n';
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
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

/** Throws DuplicateRecordError when two records share a key: the database would reject it anyway. */
export function assertUniqueKeys(spec: EntitySpec, records: readonly object[]): void {
  const seen = new Set<unknown>();
  const single = spec.key.length === 1 ? (spec.key[0] as ColumnSpec).field : null;
  for (const object of records) {
    const record = object as AnyRecord;
    const key =
      single === null
        ? JSON.stringify(spec.key.map((k) => record[k.field] ?? null))
        : record[single];
    if (seen.has(key)) {
      throw new DuplicateRecordError(
        spec.entity,
        spec.key.map((k) => `${k.field}=${JSON.stringify(record[k.field] ?? null)}`).join(', '),
      );
    }
    seen.add(key);
  }
}
