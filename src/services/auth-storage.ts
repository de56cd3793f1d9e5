// What the server's sign-in layer needs from the database layer (which src/server may not import
// directly): the better-auth adapter over our auth tables and their model names, and the shared
// counters of failed sign-ins.

export { AUTH_MODEL_NAMES, authDatabaseAdapter } from '../db/auth-store.ts';
export type { Database } from '../db/index.ts';
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
