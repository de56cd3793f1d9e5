// Runs a test suite once per database target: PGlite in memory always, and a real Postgres
// (a fresh database created for the suite on 127.0.0.1:5432) when reachable. Without Postgres the
// suite is skipped with a loud banner, unless QUOTAPLAN_REQUIRE_SERVICES=1 (CI), where it fails.

import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../src/db/index.ts';

const ADMIN_URL = process.env.QUOTAPLAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRED = process.env.QUOTAPLAN_REQUIRE_SERVICES === '1';

let reachable: Promise<string | null> | null = null;

/** null when Postgres answers, else why not. Checked once per process. */
export function postgresProblem(): Promise<string | null> {
  reachable ??= (async () => {
    const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => undefined });
    try {
      await sql`select 1`;
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      await sql.end({ timeout: 1 });
    }
  })();
  return reachable;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export function describeEachDatabase(name: string, fn: (getDb: () => Database) => void): void {
  describe(`${name} [pglite]`, () => {
    let database: Database | null = null;
    beforeAll(async () => {
      database = await openDatabase({ kind: 'pglite', dir: null });
    });
    afterAll(async () => {
      await database?.close();
    });
    fn(() => {
      if (database === null) throw new Error('database not open');
      return database;
    });
  });

  describe(`${name} [postgres]`, () => {
    let database: Database | null = null;
    let skipReason: string | null = null;
    const dbName = `qp_test_${randomBytes(6).toString('hex')}`;
    beforeAll(async () => {
      const problem = await postgresProblem();
      if (problem !== null) {
        if (REQUIRED) {
          throw new Error(`Postgres is required (QUOTAPLAN_REQUIRE_SERVICES=1) but ${ADMIN_URL} is not reachable: ${problem}`);
        }
        skipReason = problem;
        console.warn(
          `\n${'!'.repeat(78)}\n!! POSTGRES NOT AVAILABLE at ${ADMIN_URL}: "${name}" [postgres] suites skipped.\n!! (${problem})\n!! Start it, or set QUOTAPLAN_REQUIRE_SERVICES=1 to make this a failure.\n${'!'.repeat(78)}\n`,
        );
        return;
      }
      const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
      try {
        await admin.unsafe(`create database ${dbName}`);
      } finally {
        await admin.end();
      }
      database = await openDatabase({ kind: 'postgres', url: withDatabase(ADMIN_URL, dbName) });
    });
    beforeEach((context) => {
      if (skipReason !== null) context.skip();
    });
    afterAll(async () => {
      if (database === null) return;
      await database.close();
      const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
      try {
        await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      } finally {
        await admin.end();
      }
    });
    fn(() => {
      if (database === null) throw new Error('database not open');
      return database;
    });
  });
}
