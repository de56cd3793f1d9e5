// The one factory for the workspace database: a PGlite folder, PGlite in memory, or a Postgres
// server, chosen from --db or the environment, migrated to the current schema when opened.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Sql } from 'postgres';
import { lockFolder } from './folder-lock.ts';
import type { FolderLock } from './folder-lock.ts';
import * as schema from './schema.ts';

export type DatabaseTarget =
  | { kind: 'pglite'; /** null = in memory */ dir: string | null }
  | { kind: 'postgres'; url: string };

/** Where PGlite keeps a workspace when neither --db nor the environment says otherwise. */
export const DEFAULT_DATABASE_DIR = './.quotaplan/db';

export type Schema = typeof schema;

/** The drizzle instance repositories use; the same type for both drivers. */
export type AppDatabase = PgDatabase<PgQueryResultHKT, Schema>;

/** The driver underneath, for bulk COPY and transactions the query builder cannot express. */
export type DatabaseClient = { kind: 'pglite'; pglite: PGlite } | { kind: 'postgres'; sql: Sql };

export interface Database {
  target: DatabaseTarget;
  db: AppDatabase;
  client: DatabaseClient;
  /** Closes the connection(s); safe to call twice. */
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = join(import.meta.dirname, 'migrations');

/**
 * Picks the database: `value` (--db) wins, then QUOTAPLAN_DB, then DATABASE_URL, then the PGlite
 * folder ./.quotaplan/db. 'postgres://…' and 'postgresql://…' are servers, 'memory:' is PGlite in
 * memory, anything else a folder. Empty strings count as unset.
 */
export function resolveDatabaseTarget(
  value: string | undefined,
  env: Record<string, string | undefined>,
): DatabaseTarget {
  const chosen =
    [value, env.QUOTAPLAN_DB, env.DATABASE_URL].find(
      (v): v is string => v !== undefined && v.trim() !== '',
    ) ?? DEFAULT_DATABASE_DIR;
  const trimmed = chosen.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { kind: 'postgres', url: trimmed };
  if (trimmed.toLowerCase() === 'memory:') return { kind: 'pglite', dir: null };
  return { kind: 'pglite', dir: chosen };
}

/** The target for messages and logs: a Postgres password is replaced by '***'. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') {
    return target.dir === null ? 'PGlite in memory' : `PGlite folder ${target.dir}`;
  }
  return `Postgres ${maskPostgresUrl(target.url)}`;
}

function maskPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (key.toLowerCase() === 'password') parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    // Not a URL the WHATWG parser accepts: mask anything between "user:" and "@" by hand.
    return url
      .replace(/^([a-z]+:\/\/[^:/@]*):[^@]*@/i, '$1:***@')
      .replace(/([?&]password=)[^&]*/gi, '$1***');
  }
}

export interface DatabaseOptions {
  /**
   * Postgres: the longest one statement may run, in milliseconds, before the server cancels it
   * (its transaction then rolls back); 0 for no limit. Default DEFAULT_STATEMENT_TIMEOUT_MS.
   * PGlite cannot time a statement out: it runs in the calling thread, without timers.
   */
  statementTimeoutMs?: number | undefined;
}

/**
 * Default of DatabaseOptions.statementTimeoutMs: two minutes. The longest statements we know of
 * take seconds (importing a million deals: COPY 4.4 s, rebuilding an index 2.1 s, see
 * docs/performance.md); the limit is there to end a runaway or stuck statement, not to hurry any.
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 120_000;

/** The environment variable for DatabaseOptions.statementTimeoutMs, in seconds (0: no limit). */
export const STATEMENT_TIMEOUT_VARIABLE = 'QUOTAPLAN_STATEMENT_TIMEOUT';

/** The database options the environment asks for (QUOTAPLAN_STATEMENT_TIMEOUT, in seconds). */
export function resolveDatabaseOptions(env: Record<string, string | undefined>): DatabaseOptions {
  const seconds = parseSeconds(STATEMENT_TIMEOUT_VARIABLE, env[STATEMENT_TIMEOUT_VARIABLE]);
  return seconds === undefined ? {} : { statementTimeoutMs: Math.round(seconds * 1000) };
}

/** A setting given as a number of seconds is not one. */
export class SettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingError';
  }
}

/**
 * The seconds an environment variable gives (decimals allowed, 0 for no limit); undefined when it
 * is unset or empty. Anything else throws SettingError naming the variable.
 */
export function parseSeconds(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
    throw new SettingError(
      `${name} must be a number of seconds from 0 (no limit) to 86400; got "${value}"`,
    );
  }
  return seconds;
}

/** Opens the database, creating the PGlite folder if needed, and applies pending migrations. */
export async function openDatabase(
  target: DatabaseTarget,
  options: DatabaseOptions = {},
): Promise<Database> {
  return target.kind === 'pglite' ? openPglite(target) : openPostgres(target, options);
}

/**
 * Applies the committed migrations in src/db/migrations that the database has not seen yet;
 * running it again is a no-op. openDatabase already calls it.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  const client = database.client;
  if (client.kind === 'pglite') {
    await migratePglite(drizzlePglite({ client: client.pglite, schema }), config);
    return;
  }
  // Two processes opening the same server at once must not both create the tables.
  const reserved = await client.sql.reserve();
  try {
    await reserved`select pg_advisory_lock(hashtextextended('quotaplan:migrate', 0))`;
    await migratePostgres(drizzlePostgres({ client: client.sql, schema }), config);
  } finally {
    try {
      await reserved`select pg_advisory_unlock(hashtextextended('quotaplan:migrate', 0))`;
    } finally {
      reserved.release();
    }
  }
}

/**
 * PGlite's buffer pool lives in its WebAssembly memory, which never shrinks, and PGlite's 128 MB
 * default fills up while a million deals are read. Bulk COPY and large scans go through small
 * ring buffers anyway, so a smaller pool costs them nothing measurable and saves ~100 MB of peak
 * memory (1M deals: analysis process 1.0 GB to 0.9 GB, same load time).
 */
const PGLITE_SHARED_BUFFERS = '32MB';

/**
 * Creates the PGlite folder's database in a child process (see create-pglite-folder.ts): PGlite's
 * initdb takes the process to ~1.3 GB of RSS, which the child returns when it exits; here, it
 * stayed for the whole import (1M deals: the import's peak). 'memory:' still runs it in process.
 */
async function createPgliteFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const script = join(import.meta.dirname, 'create-pglite-folder.ts');
  await new Promise<void>((resolve, reject) => {
    // Node 22 before 22.18 strips types only with the flag (see bin/quotaplan.js).
    const flags = process.features.typescript
      ? []
      : ['--experimental-strip-types', '--no-warnings'];
    execFile(process.execPath, [...flags, script, dir], (error, _stdout, stderr) => {
      if (error === null) resolve();
      else
        reject(
          new Error(
            `could not create the PGlite database in ${dir}: ${(stderr.trim() || error.message).slice(0, 2000)}`,
          ),
        );
    });
  });
}

/**
 * Opens PGlite in memory or on a folder. A folder is locked first (folder-lock.ts): PGlite keeps
 * its pages in the process that opened it, so a second process on the same folder would lose its
 * writes; it gets DatabaseInUseError instead, naming the process that has the folder.
 */
async function openPglite(target: { kind: 'pglite'; dir: string | null }): Promise<Database> {
  let lock: FolderLock | null = null;
  if (target.dir !== null) {
    await mkdir(target.dir, { recursive: true });
    lock = await lockFolder(target.dir);
  }
  try {
    if (target.dir !== null && !existsSync(join(target.dir, 'PG_VERSION'))) {
      await createPgliteFolder(target.dir);
    }
    const options = {
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    };
    const pglite = target.dir === null ? new PGlite(options) : new PGlite(target.dir, options);
    await pglite.waitReady;
    const database = finish(
      target,
      drizzlePglite({ client: pglite, schema }),
      { kind: 'pglite', pglite },
      lock,
    );
    await migrateOrClose(database);
    return database;
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

async function openPostgres(
  target: { kind: 'postgres'; url: string },
  options: DatabaseOptions,
): Promise<Database> {
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const sql = postgres(target.url, {
    max: 10,
    onnotice: () => undefined,
    connection: {
      // COPY output is parsed by hand, whatever the server's defaults: dates as YYYY-MM-DD, and
      // doubles in their shortest exact form (any extra_float_digits > 0 on Postgres 12+).
      DateStyle: 'ISO, MDY',
      extra_float_digits: '1',
      application_name: 'quotaplan',
      // Every statement of every connection: the server cancels one running longer, and ends a
      // session left idle inside a transaction as long (its locks would otherwise stay held).
      statement_timeout: statementTimeoutMs,
      idle_in_transaction_session_timeout: statementTimeoutMs,
    },
  });
  const database = finish(target, drizzlePostgres({ client: sql, schema }), {
    kind: 'postgres',
    sql,
  });
  await migrateOrClose(database);
  return database;
}

function finish(
  target: DatabaseTarget,
  db: AppDatabase,
  client: DatabaseClient,
  lock: FolderLock | null = null,
): Database {
  let closed: Promise<void> | null = null;
  const closeClient = async (): Promise<void> => {
    try {
      await (client.kind === 'pglite' ? client.pglite.close() : client.sql.end({ timeout: 5 }));
    } finally {
      await lock?.release();
    }
  };
  return {
    target,
    db,
    client,
    close: () => {
      closed ??= closeClient();
      return closed;
    },
  };
}

async function migrateOrClose(database: Database): Promise<void> {
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}
