// One transaction with raw SQL and COPY on either driver: PGlite copies through its '/dev/blob'
// device, postgres.js through COPY … FROM STDIN / TO STDOUT streams. Bulk repositories use this.

import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { Transaction } from '@electric-sql/pglite';
import type { TransactionSql } from 'postgres';
import type { Database } from './open-database.ts';

export type SqlParam = string | number | boolean | null;

/** Bytes of COPY data PGlite receives per statement. */
const PGLITE_COPY_BYTES = 32 * 1024 * 1024;

export interface SqlSession {
  readonly driver: 'pglite' | 'postgres';
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
  if (client.kind === 'pglite') {
    // PGlite has one connection and runs one transaction at a time: every read is consistent.
    return client.pglite.transaction((tx) => fn(pgliteSession(tx)));
  }
  const mode = options.readOnly === true ? 'isolation level repeatable read read only' : '';
  const result = await client.sql.begin(mode, (tx) => fn(postgresSession(tx)));
  return result as T;
}

function pgliteSession(tx: Transaction): SqlSession {
  // One COPY buffer per transaction, made on first use (a transaction's statements run one
  // after another, so its COPYs never overlap): a buffer per COPY left a 32 MB garbage array per
  // table of an import waiting for the GC.
  let copyBuffer: ArrayBuffer | null = null;
  return {
    driver: 'pglite',
    async query<T extends object>(text: string, params: readonly SqlParam[] = []) {
      const result = await tx.query<T>(text, [...params]);
      return result.rows;
    },
    async execute(text, params = []) {
      const result = await tx.query(text, [...params]);
      return result.affectedRows ?? 0;
    },
    async copyIn(table, columns, chunks) {
      // Every COPY statement costs PGlite a fixed overhead, so chunks are packed into blobs of
      // PGLITE_COPY_BYTES, encoded into one reused buffer that PGlite reads in place.
      const statement = `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`;
      const encoder = new TextEncoder();
      copyBuffer ??= new ArrayBuffer(PGLITE_COPY_BYTES, { maxByteLength: PGLITE_COPY_BYTES });
      const memory = copyBuffer;
      const buffer = new Uint8Array(memory);
      let used = 0;
      const flush = async (): Promise<void> => {
        if (used === 0) return;
        memory.resize(used);
        try {
          await tx.query(statement, [], { blob: new BufferBlob(memory) });
        } finally {
          memory.resize(PGLITE_COPY_BYTES);
        }
        used = 0;
      };
      for (const chunk of chunks) {
        const worstCase = chunk.length * 3; // UTF-8 bytes per UTF-16 unit, at most
        if (used + worstCase > PGLITE_COPY_BYTES) await flush();
        if (worstCase > PGLITE_COPY_BYTES) {
          await tx.query(statement, [], { blob: new Blob([chunk]) });
          continue;
        }
        used += encoder.encodeInto(chunk, buffer.subarray(used)).written;
      }
      await flush();
    },
    async *copyOut(select) {
      const result = await tx.query(`COPY (${select}) TO '/dev/blob'`);
      if (result.blob === undefined) return;
      const decoder = new TextDecoder();
      for await (const bytes of result.blob.stream() as AsyncIterable<Uint8Array>) {
        yield decoder.decode(bytes, { stream: true });
      }
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    },
  };
}

function postgresSession(tx: TransactionSql): SqlSession {
  return {
    driver: 'postgres',
    async query<T extends object>(text: string, params: readonly SqlParam[] = []) {
      const rows = await tx.unsafe(text, [...params]);
      return rows as unknown as T[];
    },
    async execute(text, params = []) {
      const rows = await tx.unsafe(text, [...params]);
      return rows.count;
    },
    async copyIn(table, columns, chunks) {
      const query = tx.unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN`);
      const rejected = serverRejection(query);
      const writable = await query.writable();
      await Promise.race([pipeline(Readable.from(chunks), writable), rejected]);
    },
    async *copyOut(select) {
      const readable = await tx.unsafe(`COPY (${select}) TO STDOUT`).readable();
      const decoder = new TextDecoder();
      try {
        // destroyOnReturn: false, so that a reader stopping early can still drain the rest.
        for await (const bytes of readable.iterator({ destroyOnReturn: false })) {
          yield decoder.decode(bytes as Uint8Array, { stream: true });
        }
      } finally {
        await releaseCopyConnection(readable);
      }
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    },
  };
}

/**
 * Puts the connection of a COPY … TO STDOUT back to work once its reader is done with it.
 *
 * postgres.js 3.4 pauses the connection's socket whenever a COPY row does not fit the stream's
 * buffer (any row over 64 KB does) and resumes it only when the stream asks for more. When the
 * COPY ends right then, nothing asks again: the socket stays paused and every later statement on
 * the connection waits forever (porsager/postgres#499; the fix, #1016, is not released). The
 * stream's own read hook is what resumes the socket, so it is called once the stream is done.
 * A reader that stopped early leaves rows in flight, and the connection runs nothing else until
 * the COPY has finished: the rest is drained and dropped first.
 */
async function releaseCopyConnection(readable: Readable): Promise<void> {
  if (!readable.readableEnded && !readable.destroyed) {
    readable.resume();
    await finished(readable).catch(() => undefined);
  }
  (readable as unknown as { _read(size: number): void })._read(0);
}

/**
 * Settles when the server rejects a COPY … FROM STDIN. postgres.js 3.4 hands that error only to
 * the query's `reject`, never to the writable, once the last chunk is sent: the writable then
 * waits forever and the transaction never rolls back (porsager/postgres#1173). Intercepting
 * `reject` turns the hang into the server's error.
 */
function serverRejection(query: object): Promise<never> {
  const pending = query as { reject?: (error: unknown) => void };
  const original = pending.reject;
  if (typeof original !== 'function') return new Promise<never>(() => undefined);
  const rejection = new Promise<never>((_, reject) => {
    pending.reject = (error: unknown) => {
      reject(error instanceof Error ? error : new Error(String(error)));
      original(error);
    };
  });
  // The race in copyIn observes it; a rejection after a successful COPY must not go unhandled.
  rejection.catch(() => undefined);
  return rejection;
}

/**
 * A Blob whose bytes PGlite reads without a copy: its COPY FROM '/dev/blob' only calls
 * arrayBuffer() and reads the result during the statement. A plain Blob copies the buffer, and
 * its copy and PGlite's arrayBuffer() of it (32 MB each per statement) pile up until the GC
 * (1M deals: ~150 MB of the import's peak). Should PGlite read blobs another way, the rows would
 * go missing: sql-session.test.ts checks that a COPY of several statements arrives whole.
 */
class BufferBlob extends Blob {
  readonly #memory: ArrayBuffer;
  constructor(memory: ArrayBuffer) {
    super([]);
    this.#memory = memory;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#memory);
  }
}
