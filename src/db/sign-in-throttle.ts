// Counters of failed sign-ins in the database, so that every server process on it holds an
// account, an address or a pair back alike. Each attempt is counted before the password is
// checked, in one statement that also decides whether it may go ahead (so parallel attempts
// cannot all slip through before the first failure is written); a success takes its count back.

import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { signInThrottle } from './auth-schema.ts';
import type { AppDatabase } from './open-database.ts';

/** When a counter holds attempts back: after `free` failures, for base × 2^(failures − free). */
export interface ThrottleRule {
  /** Failures allowed before any wait. */
  free: number;
  /** The first wait, in milliseconds; each further failure doubles it... */
  baseMs: number;
  /** ...up to this. */
  capMs: number;
  /** A counter with no failure for this long starts again from zero. */
  resetMs: number;
}

/** Milliseconds an attempt must wait after the latest of `failures` failures; 0: none. */
export function throttleDelayMs(rule: ThrottleRule, failures: number): number {
  if (failures < rule.free) return 0;
  // Capped exponent: 2^30 × any sensible base is far past every cap.
  return Math.min(rule.capMs, rule.baseMs * 2 ** Math.min(failures - rule.free, 30));
}

/**
 * Counts one attempt against `key` unless the counter holds it back. Returns null when the
 * attempt was counted (it may go ahead), else the milliseconds it must wait.
 */
export async function claimSignInAttempt(
  db: AppDatabase,
  key: string,
  rule: ThrottleRule,
  now: number,
): Promise<number | null> {
  const t = signInThrottle;
  const stale = sql`${now}::bigint - ${t.lastFailure} >= ${rule.resetMs}::bigint`;
  const claimed = await db
    .insert(t)
    .values({ key, failures: 1, lastFailure: now })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: sql`case when ${stale} then 1 else ${t.failures} + 1 end`,
        lastFailure: now,
      },
      setWhere: sql`${stale} or ${t.failures} < ${rule.free}::int or ${now}::bigint >=
        ${t.lastFailure} + least(${rule.capMs}::float8,
          ${rule.baseMs}::float8 * power(2, least(${t.failures} - ${rule.free}::int, 30)))`,
    })
    .returning({ failures: t.failures });
  if (claimed.length > 0) return null;
  const [row] = await db.select().from(t).where(eq(t.key, key));
  if (row === undefined) return null;
  return Math.max(1, row.lastFailure + throttleDelayMs(rule, row.failures) - now);
}

/** Takes back one counted attempt (it succeeded, or it was never made). */
export async function releaseSignInAttempt(db: AppDatabase, key: string): Promise<void> {
  await db
    .update(signInThrottle)
    .set({ failures: sql`greatest(${signInThrottle.failures} - 1, 0)` })
    .where(eq(signInThrottle.key, key));
}

/** A successful sign-in of a pair: its failures are forgotten and its address becomes known. */
export async function recordSignInSuccess(
  db: AppDatabase,
  key: string,
  now: number,
): Promise<void> {
  await db
    .insert(signInThrottle)
    .values({ key, failures: 0, lastFailure: now, lastSuccess: now })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: { failures: 0, lastSuccess: now },
    });
}

/** When the pair last signed in successfully (ms since the epoch), or null. */
export async function lastSignInSuccess(db: AppDatabase, key: string): Promise<number | null> {
  const [row] = await db
    .select({ lastSuccess: signInThrottle.lastSuccess })
    .from(signInThrottle)
    .where(eq(signInThrottle.key, key));
  return row?.lastSuccess ?? null;
}

/** Forgets the counters of these keys and of every key that starts with one of `prefixes`. */
export async function clearSignInCounters(
  db: AppDatabase,
  keys: readonly string[],
  prefixes: readonly string[] = [],
): Promise<void> {
  const conditions = [
    ...(keys.length > 0 ? [inArray(signInThrottle.key, [...keys])] : []),
    ...prefixes.map((prefix) => sql`starts_with(${signInThrottle.key}, ${prefix})`),
  ];
  if (conditions.length === 0) return;
  await db.delete(signInThrottle).where(or(...conditions));
}

/** Deletes counters with no failure and no success since `before` (ms since the epoch). */
export async function pruneSignInCounters(db: AppDatabase, before: number): Promise<void> {
  await db
    .delete(signInThrottle)
    .where(
      and(
        lt(signInThrottle.lastFailure, before),
        or(isNull(signInThrottle.lastSuccess), lt(signInThrottle.lastSuccess, before)),
      ),
    );
}
