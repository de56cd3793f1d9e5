// SQL fragments built from an entity's column specs: quoted names, column lists, key matches.

import type { ColumnSpec, EntitySpec } from './record-codec.ts';

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"a", "b"` or, with an alias, `t."a", t."b"`. */
export function columnList(columns: readonly ColumnSpec[], alias?: string): string {
  const prefix = alias === undefined ? '' : `${alias}.`;
  return columns.map((c) => prefix + quoteIdent(c.column)).join(', ');
}

/**
 * A staged column as its real type: staging tables hold text only, so that COPY itself never
 * fails and every type error surfaces in an ordinary statement.
 */
export function stagedValue(column: ColumnSpec, alias: string): string {
  const name = `${alias}.${quoteIdent(column.column)}`;
  return column.sqlType === 'text' ? name : `${name}::${column.sqlType}`;
}

/** The staged columns, each cast to its type. */
export function stagedList(columns: readonly ColumnSpec[], alias: string): string {
  return columns.map((c) => stagedValue(c, alias)).join(', ');
}

/** `t."k" = s."k" and …` from a table row to a staged row; a nullable key part matches NULLs. */
export function keyMatch(spec: EntitySpec, table: string, staged: string): string {
  return spec.key
    .map((k) => {
      const stored = `${table}.${quoteIdent(k.column)}`;
      const operator = k.nullable ? 'is not distinct from' : '=';
      return `${stored} ${operator} ${stagedValue(k, staged)}`;
    })
    .join(' and ');
}

/**
 * ORDER BY list of the key, text compared byte-wise so both drivers return the same order.
 * With `stagedAlias`, orders staged (all-text) rows by their typed values.
 */
export function keyOrder(spec: EntitySpec, stagedAlias?: string): string {
  return spec.key
    .map((k) => {
      const value = stagedAlias === undefined ? quoteIdent(k.column) : stagedValue(k, stagedAlias);
      if (k.kind === 'text') return `${value} collate "C"`;
      return k.nullable ? `${value} nulls first` : value;
    })
    .join(', ');
}
