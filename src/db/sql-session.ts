// One transaction with raw SQL and COPY on either driver: PGlite copies through its '/dev/blob'
// device, postgres.js through COPY … FROM STDIN / TO STDOUT streams. Bulk repositories use this.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Transaction } from '@electric-sql/pglite';
import type { TransactionSql } from 'postgres';
import type { Database } from './open-database.ts';

export type SqlParam = string | number | boolean | null;

export interface SqlSession {
  /** Runs one statement with $1… parameters and returns its rows. */
  query<T extends object>(text: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs one statement and returns how many rows it inserted, updated or deleted. */
  execute(text: string, params?: readonly SqlParam[]): Promise<number>;
  /** COPY text-format rows into `table (columns)`; each chunk holds whole lines. */
  copyIn(table: string, columns: readonly string[], chunks: Iterable<string>): Promise<void>;
  /** The text-format COPY output of `select` (no parameters: inline quoted literals). */
  copyOut(select: string): AsyncIterable<string>;
}

/**
 * Runs `fn` in one transaction: everything it does commits together or not at all.
 * `readOnly` gives Postgres a consistent snapshot across several reads.
 */
export async function inTransaction<T>(
  database: Database,
  fn: (session: SqlSession) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const client = database.client;
  if (process.env.QP_TRACE === '1') {
    const inner = fn;
    fn = (s) => inner(traced(s));
  }
  if (client.kind === 'pglite') {
    // PGlite has one connection and runs one transaction at a time: every read is consistent.
    return client.pglite.transaction((tx) => fn(pgliteSession(tx)));
  }
  const mode = options.readOnly === true ? 'isolation level repeatable read read only' : '';
  const result = await client.sql.begin(mode, (tx) => fn(postgresSession(tx)));
  return result as T;
}

function pgliteSession(tx: Transaction): SqlSession {
  return {
    async query<T extends object>(text: string, params: readonly SqlParam[] = []) {
      const result = await tx.query<T>(text, [...params]);
      return result.rows;
    },
    async execute(text, params = []) {
      const result = await tx.query(text, [...params]);
      return result.affectedRows ?? 0;
    },
    async copyIn(table, columns, chunks) {
      const statement = `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`;
      for (const chunk of chunks) await tx.query(statement, [], { blob: new Blob([chunk]) });
    },
    async *copyOut(select) {
      const result = await tx.query(`COPY (${select}) TO '/dev/blob'`);
      if (result.blob === undefined) return;
      const decoder = new TextDecoder();
      for await (const bytes of result.blob.stream()) {
        yield decoder.decode(bytes, { stream: true });
      }
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    },
  };
}

function postgresSession(tx: TransactionSql): SqlSession {
  return {
    async query<T extends object>(text: string, params: readonly SqlParam[] = []) {
      const rows = await tx.unsafe(text, [...params]);
      return rows as unknown as T[];
    },
    async execute(text, params = []) {
      const rows = await tx.unsafe(text, [...params]);
      return rows.count;
    },
    async copyIn(table, columns, chunks) {
      const writable = await tx
        .unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)
        .writable();
      await pipeline(Readable.from(chunks), writable);
    },
    async *copyOut(select) {
      const readable = await tx.unsafe(`COPY (${select}) TO STDOUT`).readable();
      const decoder = new TextDecoder();
      for await (const bytes of readable as AsyncIterable<Uint8Array>) {
        yield decoder.decode(bytes, { stream: true });
      }
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    },
  };
}

function traced(s: SqlSession): SqlSession {
  const t = async <T>(label: string, p: () => Promise<T>): Promise<T> => { const a = performance.now(); const r = await p(); console.log('   ', (performance.now() - a).toFixed(0).padStart(6), label.replace(/\s+/g, ' ').slice(0, 110)); return r; };
  return {
    query: (text, params) => t(text, () => s.query(text, params)),
    execute: (text, params) => t(text, () => s.execute(text, params)),
    copyIn: (table, cols, chunks) => t('COPY IN ' + table, () => s.copyIn(table, cols, chunks)),
    copyOut: (select) => s.copyOut(select),
  };
}
