// Holding back password guessing (OWASP ASVS 2.2.1): failed sign-ins are counted per account
// and per client address in the database, so every server process sees the same counts, and
// each counter makes further attempts wait, doubling the wait with every failure up to a cap.
// Successful sign-ins take back their count: an office behind one address is never held back by
// its own colleagues. An attacker cannot lock a person out for good: the waits end by
// themselves, and from an address the account already signed in from, only that address's own
// failures on the account count (an attacker elsewhere does not slow the person down).

import {
  claimSignInAttempt,
  clearSignInCounters,
  lastSignInSuccess,
  pruneSignInCounters,
  recordSignInSuccess,
  releaseSignInAttempt,
} from '../../services/auth-storage.ts';
import type { Database, ThrottleRule } from '../../services/auth-storage.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Per account (the lower-case e-mail, from every address it has not signed in from): 5 failures
 * free, then a wait of 30 s doubling per failure up to 15 minutes; forgotten a day after the
 * last failure. At most about 12 guesses an hour (ASVS 2.2.1 allows 100).
 */
export const DEFAULT_ACCOUNT_THROTTLE: ThrottleRule = {
  free: 5,
  baseMs: 30_000,
  capMs: 15 * MINUTE,
  resetMs: DAY,
};

/**
 * Per client address, over every account: 20 failures free (typos of a whole office), then a
 * wait of a minute doubling up to 15 minutes; forgotten an hour after the last failure. Against
 * one address trying many accounts (password spraying).
 */
export const DEFAULT_ADDRESS_THROTTLE: ThrottleRule = {
  free: 20,
  baseMs: MINUTE,
  capMs: 15 * MINUTE,
  resetMs: HOUR,
};

/** An address the account signed in from within this time is its own (see above). */
export const KNOWN_ADDRESS_MS = 30 * DAY;

export interface SignInThrottleOptions {
  account?: ThrottleRule | undefined;
  address?: ThrottleRule | undefined;
}

/** Why and how long an attempt is held back. */
export interface HeldBack {
  scope: 'account' | 'address';
  retryAfterSeconds: number;
}

/** The counters an attempt was counted against, to settle when its outcome is known. */
export interface SignInClaim {
  keys: string[];
  /** The pair key whose address counts as the account's own on success. */
  pairKey: string;
  knownAddress: boolean;
}

export interface SignInGuard {
  /** Counts the attempt, or says how long it must wait (then nothing was counted). */
  begin(email: string, ip: string | null): Promise<{ claim: SignInClaim } | { heldBack: HeldBack }>;
  /** The password was right: the attempt's counts are taken back; the address becomes known. */
  succeeded(claim: SignInClaim): Promise<void>;
  /** Forgets an account's failures everywhere (an admin set a new password). */
  clearAccount(email: string): Promise<void>;
}

const accountKey = (email: string): string => `account:${email}`;
const addressKey = (ip: string | null): string => `address:${ip ?? 'unknown'}`;
const pairKey = (email: string, ip: string | null): string => `pair:${email} ${ip ?? 'unknown'}`;

export function createSignInGuard(
  database: Database,
  options: SignInThrottleOptions = {},
  clock: () => number = Date.now,
): SignInGuard {
  const accountRule = options.account ?? DEFAULT_ACCOUNT_THROTTLE;
  const addressRule = options.address ?? DEFAULT_ADDRESS_THROTTLE;
  const { db } = database;
  let prunedAt = 0;

  return {
    async begin(email, ip) {
      const now = clock();
      // Old counters go at most hourly, by whichever process comes first.
      if (now - prunedAt > HOUR) {
        prunedAt = now;
        await pruneSignInCounters(db, now - Math.max(KNOWN_ADDRESS_MS, accountRule.resetMs));
      }
      const pair = pairKey(email, ip);
      const lastSuccess = await lastSignInSuccess(db, pair);
      const knownAddress = lastSuccess !== null && now - lastSuccess < KNOWN_ADDRESS_MS;
      const steps: [string, ThrottleRule, HeldBack['scope']][] = [
        [addressKey(ip), addressRule, 'address'],
        knownAddress ? [pair, accountRule, 'account'] : [accountKey(email), accountRule, 'account'],
      ];
      const claimed: string[] = [];
      for (const [key, rule, scope] of steps) {
        const waitMs = await claimSignInAttempt(db, key, rule, now);
        if (waitMs !== null) {
          for (const done of claimed) await releaseSignInAttempt(db, done);
          return { heldBack: { scope, retryAfterSeconds: Math.ceil(waitMs / 1000) } };
        }
        claimed.push(key);
      }
      return { claim: { keys: claimed, pairKey: pair, knownAddress } };
    },

    async succeeded(claim) {
      for (const key of claim.keys) {
        if (key !== claim.pairKey) await releaseSignInAttempt(db, key);
      }
      await recordSignInSuccess(db, claim.pairKey, clock());
    },

    async clearAccount(email) {
      await clearSignInCounters(db, [accountKey(email)], [`pair:${email} `]);
    },
  };
}
