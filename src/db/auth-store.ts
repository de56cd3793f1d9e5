// Storage for sign-in: better-auth's Drizzle adapter over our auth tables, and the server
// settings table (read once, written once) that keeps a generated auth secret.

import { drizzleAdapter } from '@better-auth/drizzle-adapter';
import { eq } from 'drizzle-orm';
import {
  authAccounts,
  rateLimits,
  serverSettings,
  sessions,
  users,
  verifications,
} from './auth-schema.ts';
import type { Database } from './open-database.ts';
import type { Queryable } from './workflow-repository.ts';

/**
 * better-auth's model names → our table names. Pass each as `modelName` in the better-auth
 * options (user, session, account, verification, rateLimit), so the adapter finds the tables
 * of AUTH_TABLES under these keys.
 */
export const AUTH_MODEL_NAMES = {
  user: 'users',
  session: 'sessions',
  account: 'auth_accounts',
  verification: 'verifications',
  rateLimit: 'rate_limits',
} as const;

/** The Drizzle tables keyed by the model names above, as the adapter looks them up. */
const AUTH_TABLES = {
  [AUTH_MODEL_NAMES.user]: users,
  [AUTH_MODEL_NAMES.session]: sessions,
  [AUTH_MODEL_NAMES.account]: authAccounts,
  [AUTH_MODEL_NAMES.verification]: verifications,
  [AUTH_MODEL_NAMES.rateLimit]: rateLimits,
};

/** The value for better-auth's `database` option: the same drizzle instance the app uses. */
export function authDatabaseAdapter(database: Database): ReturnType<typeof drizzleAdapter> {
  // transaction: true lets a user and their credential be created all or nothing.
  return drizzleAdapter(database.db, { provider: 'pg', schema: AUTH_TABLES, transaction: true });
}

/**
 * The same adapter over an open transaction of the app (workflow-repository's Queryable), so
 * that better-auth's writes join it: a user, their credential and their membership commit
 * together. Its own transactions are savepoints inside that one.
 */
export function authAdapterWithin(tx: Queryable): ReturnType<typeof drizzleAdapter> {
  return drizzleAdapter(tx, {
    provider: 'pg',
    schema: AUTH_TABLES,
    transaction: true,
  });
}

/**
 * The stored value of a server setting, storing `create()` first when there is none. Two
 * servers starting at once on one database both get the first value written.
 */
export async function readOrCreateServerSetting(
  database: Database,
  key: string,
  create: () => string,
): Promise<{ value: string; created: boolean }> {
  const existing = await readServerSetting(database, key);
  if (existing !== null) return { value: existing, created: false };
  const inserted = await database.db
    .insert(serverSettings)
    .values({ key, value: create() })
    .onConflictDoNothing({ target: serverSettings.key })
    .returning({ value: serverSettings.value });
  const mine = inserted[0];
  if (mine !== undefined) return { value: mine.value, created: true };
  const winner = await readServerSetting(database, key);
  if (winner === null) throw new Error(`server setting "${key}" vanished while it was created`);
  return { value: winner, created: false };
}

async function readServerSetting(database: Database, key: string): Promise<string | null> {
  const rows = await database.db
    .select({ value: serverSettings.value })
    .from(serverSettings)
    .where(eq(serverSettings.key, key));
  return rows[0]?.value ?? null;
}
