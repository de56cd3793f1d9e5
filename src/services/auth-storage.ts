// What the server's sign-in layer needs from the database layer (which src/server may not import
// directly): the better-auth adapter over our auth tables and their model names, the shared
// counters of failed sign-ins, and one transaction shared by better-auth's writes and ours.

import { runWithAdapter } from '@better-auth/core/context';
import type { BetterAuthOptions } from '@better-auth/core';
import { authAdapterWithin } from '../db/auth-store.ts';
import type { Database, Queryable } from '../db/index.ts';

export { AUTH_MODEL_NAMES, authDatabaseAdapter } from '../db/auth-store.ts';
export type { Database } from '../db/index.ts';
export type { Queryable } from '../db/index.ts';
export {
  claimSignInAttempt,
  clearSignInCounters,
  lastSignInSuccess,
  pruneSignInCounters,
  recordSignInSuccess,
  releaseSignInAttempt,
  throttleDelayMs,
} from '../db/sign-in-throttle.ts';
export type { ThrottleRule } from '../db/sign-in-throttle.ts';

/**
 * Runs `fn` in one database transaction in which better-auth's writes (its internal adapter,
 * through `getCurrentAdapter`) take part too: everything `fn` does, ours and better-auth's,
 * commits together or not at all. `authOptions` are the running auth's options
 * (`(await auth.$context).options`).
 */
export async function inTransactionWithAuth<T>(
  database: Database,
  authOptions: BetterAuthOptions,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  return database.db.transaction((tx) =>
    runWithAdapter(authAdapterWithin(tx)(authOptions), () => fn(tx)),
  );
}
