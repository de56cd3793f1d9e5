// Runs a test suite once per database driver: PGlite in memory always, and a throwaway database
// on the Postgres server at 127.0.0.1:5432 (QUOTAPLAN_TEST_PG_URL) when it is reachable.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import postgres from 'postgres';
import { describeTarget, openDatabase } from '../../src/db/index.ts';
import type { Database, DatabaseTarget } from '../../src/db/index.ts';

const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The server database used to create and drop the per-suite databases. */
export function testPostgresUrl(): string {
  const url = process.env.QUOTAPLAN_TEST_PG_URL;
  return url === undefined || url === '' ? DEFAULT_TEST_PG_URL : url;
}

type Reachability = { ok: true } | { ok: false; reason: string };

const PROBE: unique symbol = Symbol.for('quotaplan.test.postgresProbe');
type ProbeHolder = { [PROBE]?: Promise<Reachability> | undefined };

/** Connects once per process (cached on globalThis, so re-imported modules share it). */
function probePostgres(url: string): Promise<Reachability> {
  const holder = globalThis as ProbeHolder;
  const cached = holder[PROBE];
  if (cached !== undefined) return cached;
  const probe = (async (): Promise<Reachability> => {
    const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => undefined });
    try {
      await sql`select 1`;
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    } finally {
      await sql.end({ timeout: 1 }).catch(() => undefined);
    }
  })();
  holder[PROBE] = probe;
  return probe;
}

const reachability = await probePostgres(testPostgresUrl());
const servicesRequired = process.env.QUOTAPLAN_REQUIRE_SERVICES === '1';
let warned = false;

function warnSkipped(reason: string): void {
  if (warned) return;
  warned = true;
  const where = describeTarget({ kind: 'postgres', url: testPostgresUrl() });
  console.warn(
    [
      '',
      '*'.repeat(78),
      `POSTGRES NOT AVAILABLE: ${where} (${reason})`,
      'Postgres suites skipped. Start it with',
      '  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      'or set QUOTAPLAN_TEST_PG_URL; QUOTAPLAN_REQUIRE_SERVICES=1 makes this a failure.',
      '*'.repeat(78),
      '',
    ].join('\n'),
  );
}

/** A fresh, empty database on the test server and the function that drops it again. */
async function createServerDatabase(): Promise<{
  target: DatabaseTarget;
  drop: () => Promise<void>;
}> {
  const adminUrl = testPostgresUrl();
  const name = `qp_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end({ timeout: 5 });
      }
    },
  };
}

/**
 * Declares `describe(name)` with one nested suite per target, 'pglite' and 'postgres', each
 * calling `fn` with a getter for its open, migrated database.
 *
 * Lifetime: each nested suite gets its own fresh database, opened before its first test and
 * closed (Postgres: dropped) after its last. Tests inside one suite share that database, so they
 * should use their own workspace ids or expect earlier tests' data.
 *
 * When the Postgres server is unreachable the 'postgres' suite is skipped with a warning, or
 * fails when QUOTAPLAN_REQUIRE_SERVICES=1.
 */
export function describeEachDatabase(name: string, fn: (getDb: () => Database) => void): void {
  describe(name, () => {
    describe('pglite', () => {
      suiteDatabase(async () => {
        const database = await openDatabase({ kind: 'pglite', dir: null });
        return { database, dispose: () => database.close() };
      }, fn);
    });

    if (reachability.ok) {
      describe('postgres', () => {
        suiteDatabase(async () => {
          const server = await createServerDatabase();
          try {
            const database = await openDatabase(server.target);
            return {
              database,
              dispose: async () => {
                await database.close();
                await server.drop();
              },
            };
          } catch (error) {
            await server.drop();
            throw error;
          }
        }, fn);
      });
    } else if (servicesRequired) {
      describe('postgres', () => {
        const reason = reachability.reason;
        beforeAll(() => {
          throw new Error(
            `Postgres is required (QUOTAPLAN_REQUIRE_SERVICES=1) but ${describeTarget({ kind: 'postgres', url: testPostgresUrl() })} is unreachable: ${reason}`,
          );
        });
        fn(() => {
          throw new Error('Postgres is required but unreachable');
        });
      });
    } else {
      warnSkipped(reachability.reason);
      describe.skip('postgres', () => {
        fn(() => {
          throw new Error('Postgres suites are skipped: the server is unreachable');
        });
      });
    }
  });
}

function suiteDatabase(
  open: () => Promise<{ database: Database; dispose: () => Promise<void> }>,
  fn: (getDb: () => Database) => void,
): void {
  let opened: { database: Database; dispose: () => Promise<void> } | null = null;
  beforeAll(async () => {
    opened = await open();
  });
  afterAll(async () => {
    await opened?.dispose();
    opened = null;
  });
  fn(() => {
    if (opened === null)
      throw new Error('the suite database is not open (use getDb() inside tests)');
    return opened.database;
  });
}
