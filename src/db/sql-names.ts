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

/** `a."k" = b."k" and …` over the spec's key; a nullable key part matches NULL to NULL. */
export function keyMatch(spec: EntitySpec, a: string, b: string): string {
  return spec.key
    .map((k) => {
      const name = quoteIdent(k.column);
      const operator = k.nullable ? 'is not distinct from' : '=';
      return `${a}.${name} ${operator} ${b}.${name}`;
    })
    .join(' and ');
}

/** ORDER BY list of the key, text compared byte-wise so both drivers return the same order. */
export function keyOrder(spec: EntitySpec): string {
  return spec.key
    .map((k) => {
      const name = quoteIdent(k.column);
      if (k.kind === 'text') return `${name} collate "C"`;
      return k.nullable ? `${name} nulls first` : name;
    })
    .join(', ');
}
