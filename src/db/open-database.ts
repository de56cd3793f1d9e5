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

/** Opens the database, creating the PGlite folder if needed, and applies pending migrations. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'pglite' ? openPglite(target) : openPostgres(target);
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

async function openPglite(target: { kind: 'pglite'; dir: string | null }): Promise<Database> {
  if (target.dir !== null && !existsSync(join(target.dir, 'PG_VERSION'))) {
    await createPgliteFolder(target.dir);
  }
  const options = {
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  };
  const pglite = target.dir === null ? new PGlite(options) : new PGlite(target.dir, options);
  await pglite.waitReady;
  const database = finish(target, drizzlePglite({ client: pglite, schema }), {
    kind: 'pglite',
    pglite,
  });
  await migrateOrClose(database);
  return database;
}

async function openPostgres(target: { kind: 'postgres'; url: string }): Promise<Database> {
  const sql = postgres(target.url, {
    max: 10,
    onnotice: () => undefined,
    // COPY output is parsed by hand, whatever the server's defaults: dates as YYYY-MM-DD, and
    // doubles in their shortest exact form (any extra_float_digits > 0 on Postgres 12+).
    connection: { DateStyle: 'ISO, MDY', extra_float_digits: '1', application_name: 'quotaplan' },
  });
  const database = finish(target, drizzlePostgres({ client: sql, schema }), {
    kind: 'postgres',
    sql,
  });
  await migrateOrClose(database);
  return database;
}

function finish(target: DatabaseTarget, db: AppDatabase, client: DatabaseClient): Database {
  let closed: Promise<void> | null = null;
  return {
    target,
    db,
    client,
    close: () => {
      closed ??= client.kind === 'pglite' ? client.pglite.close() : client.sql.end({ timeout: 5 });
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
