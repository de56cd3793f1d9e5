// Choosing and opening the database: --db and environment precedence, password masking,
// migrations on a fresh database and again, and a PGlite folder that keeps its data.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { isStatementTimeout } from './errors.ts';
import {
  describeTarget,
  migrateDatabase,
  openDatabase,
  resolveDatabaseOptions,
  resolveDatabaseTarget,
  SettingError,
} from './open-database.ts';
import { saveImport } from './save-import.ts';
import { inTransaction } from './sql-session.ts';
import { countRecords, ensureWorkspace } from './workspace-repository.ts';
import type { Database } from './open-database.ts';

describe('resolveDatabaseTarget', () => {
  it('prefers --db, then QUOTAPLAN_DB, then DATABASE_URL, then ./.quotaplan/db', () => {
    const env = { QUOTAPLAN_DB: '/data/qp', DATABASE_URL: 'postgres://u@h/db' };
    expect(resolveDatabaseTarget('/cli/db', env)).toEqual({ kind: 'pglite', dir: '/cli/db' });
    expect(resolveDatabaseTarget(undefined, env)).toEqual({ kind: 'pglite', dir: '/data/qp' });
    expect(resolveDatabaseTarget(undefined, { DATABASE_URL: 'postgres://u@h/db' })).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h/db',
    });
    expect(resolveDatabaseTarget(undefined, {})).toEqual({
      kind: 'pglite',
      dir: './.quotaplan/db',
    });
  });

  it('reads postgres:// and postgresql:// as servers and memory: as PGlite in memory', () => {
    expect(resolveDatabaseTarget('postgresql://h/db', {}).kind).toBe('postgres');
    expect(resolveDatabaseTarget('memory:', {})).toEqual({ kind: 'pglite', dir: null });
    expect(resolveDatabaseTarget('relative/folder', {})).toEqual({
      kind: 'pglite',
      dir: 'relative/folder',
    });
  });

  it('treats empty values as unset', () => {
    expect(resolveDatabaseTarget('', { QUOTAPLAN_DB: '', DATABASE_URL: 'memory:' })).toEqual({
      kind: 'pglite',
      dir: null,
    });
  });
});

describe('describeTarget', () => {
  it('never shows a Postgres password', () => {
    const described = describeTarget({
      kind: 'postgres',
      url: 'postgres://analyst:s3cr%40t@db.example.com:5432/plans?sslmode=require',
    });
    expect(described).not.toContain('s3cr');
    expect(described).toContain('analyst');
    expect(described).toContain('db.example.com:5432/plans');
  });

  it('masks a password given as a query parameter, and in URLs it cannot parse', () => {
    expect(
      describeTarget({ kind: 'postgres', url: 'postgres://h/db?password=hunter2' }),
    ).not.toContain('hunter2');
    expect(describeTarget({ kind: 'postgres', url: 'postgres://u:hunter2@[bad/db' })).not.toContain(
      'hunter2',
    );
  });

  it('names PGlite folders and memory', () => {
    expect(describeTarget({ kind: 'pglite', dir: null })).toBe('PGlite in memory');
    expect(describeTarget({ kind: 'pglite', dir: '/tmp/x' })).toBe('PGlite folder /tmp/x');
  });
});

const TABLES = [
  'accounts',
  'assumption_transitions',
  'audit_log',
  'auth_accounts',
  'credit_disputes',
  'credit_splits',
  'crm_connections',
  'currency_rates',
  'deals',
  'definition_approvals',
  'definition_terms',
  'import_replaced_rows',
  'imports',
  'memberships',
  'plan_versions',
  'plans',
  'products',
  'published_quotas',
  'quota_adjustments',
  'quotas_of_record',
  'rate_limits',
  'reps',
  'role_grants',
  'server_settings',
  'sessions',
  'sign_in_throttle',
  'signoff_gate_records',
  'signoff_policies',
  'signoff_records',
  'territories',
  'users',
  'verifications',
  'workspaces',
];

async function tablesOf(database: Database): Promise<string[]> {
  const rows = await inTransaction(database, (session) =>
    session.query<{ name: string }>(
      `select table_name as name from information_schema.tables
       where table_schema = 'public' order by table_name`,
    ),
  );
  return rows.map((r) => r.name);
}

async function appliedMigrations(database: Database): Promise<number> {
  const [row] = await inTransaction(database, (session) =>
    session.query<{ n: number }>(`select count(*)::int as n from drizzle.__drizzle_migrations`),
  );
  return row?.n ?? -1;
}

async function journalEntries(): Promise<number> {
  const journal = JSON.parse(
    await readFile(join(import.meta.dirname, 'migrations', 'meta', '_journal.json'), 'utf8'),
  ) as { entries: unknown[] };
  return journal.entries.length;
}

const oneRep = {
  reps: [
    {
      id: 'r1',
      name: 'Ada',
      email: null,
      managerId: null,
      role: 'AE',
      segment: null,
      territoryId: null,
      startDate: null,
      endDate: null,
      ote: null,
      currency: null,
      source: 'generic',
      derived: false,
    },
  ],
  territories: [],
  accounts: [],
  products: [],
  deals: [],
  rates: [],
  splits: [],
};
const meta = { preset: 'generic', importedBy: 'test', options: {}, files: [] };

describeEachDatabase('migrations', (getDb) => {
  it('create every table on a fresh database', async () => {
    expect(await tablesOf(getDb())).toEqual(TABLES);
    expect(await appliedMigrations(getDb())).toBe(await journalEntries());
  });

  it('run again without error or change, keeping the data', async () => {
    await ensureWorkspace(getDb(), 'again', { name: 'Again', currency: 'USD', basis: 'amount' });
    await saveImport(getDb(), 'again', oneRep, meta);
    await migrateDatabase(getDb());
    await migrateDatabase(getDb());
    expect(await tablesOf(getDb())).toEqual(TABLES);
    expect(await appliedMigrations(getDb())).toBe(await journalEntries());
    expect((await countRecords(getDb(), 'again')).reps).toBe(1);
  });
});

describe('a PGlite folder', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('is created in an existing empty folder, by a child process that reports its failures', async () => {
    const root = await mkdtemp(join(tmpdir(), 'qp-db-'));
    dirs.push(root);
    const database = await openDatabase({ kind: 'pglite', dir: root });
    try {
      expect(await tablesOf(database)).toEqual(TABLES);
      expect((await readFile(join(root, 'PG_VERSION'), 'utf8')).trim()).toMatch(/^\d+$/);
    } finally {
      await database.close();
    }
    // A folder that is not a database and cannot become one: the child's error names it.
    const blocked = join(root, 'blocked');
    await mkdir(blocked);
    await writeFile(join(blocked, 'global'), 'not a directory');
    await expect(openDatabase({ kind: 'pglite', dir: blocked })).rejects.toThrow(
      `could not create the PGlite database in ${blocked}`,
    );
  });

  it('is created when missing and keeps its data after close and reopen', async () => {
    const root = await mkdtemp(join(tmpdir(), 'qp-db-'));
    dirs.push(root);
    const dir = join(root, 'nested', 'db');
    const first = await openDatabase({ kind: 'pglite', dir });
    await ensureWorkspace(first, 'kept', { name: 'Kept', currency: 'EUR', basis: 'count' });
    await saveImport(first, 'kept', oneRep, meta);
    await first.close();

    const second = await openDatabase({ kind: 'pglite', dir });
    try {
      const workspace = await ensureWorkspace(second, 'kept', {
        name: 'Other',
        currency: 'USD',
        basis: 'amount',
      });
      expect(workspace).toMatchObject({
        name: 'Kept',
        currency: 'EUR',
        basis: 'count',
        created: false,
      });
      expect((await countRecords(second, 'kept')).reps).toBe(1);
      expect(await appliedMigrations(second)).toBe(await journalEntries());
      // A small buffer pool keeps PGlite's never-shrinking memory down (see open-database.ts).
      const [pool] = await inTransaction(second, (session) =>
        session.query<{ size: string }>(`select current_setting('shared_buffers') as size`),
      );
      expect(pool?.size).toBe('32MB');
    } finally {
      await second.close();
    }
  });
});

describe('resolveDatabaseOptions', () => {
  it('reads QUOTAPLAN_STATEMENT_TIMEOUT in seconds, 0 for no limit, and refuses anything else', () => {
    expect(resolveDatabaseOptions({})).toEqual({});
    expect(resolveDatabaseOptions({ QUOTAPLAN_STATEMENT_TIMEOUT: ' ' })).toEqual({});
    expect(resolveDatabaseOptions({ QUOTAPLAN_STATEMENT_TIMEOUT: '2.5' })).toEqual({
      statementTimeoutMs: 2500,
    });
    expect(resolveDatabaseOptions({ QUOTAPLAN_STATEMENT_TIMEOUT: '0' })).toEqual({
      statementTimeoutMs: 0,
    });
    for (const bad of ['ten', '-1', '5s', 'Infinity']) {
      expect(() => resolveDatabaseOptions({ QUOTAPLAN_STATEMENT_TIMEOUT: bad })).toThrow(
        new SettingError(
          `QUOTAPLAN_STATEMENT_TIMEOUT must be a number of seconds from 0 (no limit) to 86400; got "${bad}"`,
        ),
      );
    }
  });
});

describeEachDatabase('the statement timeout', (getDb) => {
  it('cancels a longer statement on Postgres and rolls its transaction back (PGlite: runs it)', async () => {
    const shared = getDb();
    const options = { statementTimeoutMs: 300 };
    const database = await openDatabase(
      shared.target.kind === 'postgres' ? shared.target : { kind: 'pglite', dir: null },
      options,
    );
    try {
      await inTransaction(database, (s) => s.execute('create table timeout_probe (n int)'));
      const slow = inTransaction(database, async (session) => {
        await session.execute('insert into timeout_probe values (1)');
        await session.query('select pg_sleep(1)');
      });
      if (shared.target.kind === 'postgres') {
        const error = await slow.then(
          () => null,
          (e: unknown) => e,
        );
        expect(isStatementTimeout(error)).toBe(true);
        expect((error as Error).message).toBe('canceling statement due to statement timeout');
        // Rolled back, and the connections serve the next statement.
        const [row] = await inTransaction(database, (s) =>
          s.query<{ n: number }>('select count(*)::int as n from timeout_probe'),
        );
        expect(row?.n).toBe(0);
      } else {
        // PGlite runs Postgres in this thread without timers: the statement runs to its end.
        await slow;
        const [row] = await inTransaction(database, (s) =>
          s.query<{ n: number }>('select count(*)::int as n from timeout_probe'),
        );
        expect(row?.n).toBe(1);
      }
    } finally {
      await database.close();
    }
  }, 30_000);
});
