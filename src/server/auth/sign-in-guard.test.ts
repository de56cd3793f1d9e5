// The failure counters of password sign-ins on both databases, with a clock of the test's own:
// back-off per account and per address, successes taken back, waits that end by themselves, an
// account's own address unaffected by an attacker elsewhere, and one count for every process.

import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createSignInGuard, DEFAULT_ACCOUNT_THROTTLE } from './sign-in-guard.ts';
import type { HeldBack, SignInClaim, SignInGuard } from './sign-in-guard.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function clock(start = Date.UTC(2026, 0, 5, 9)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** One attempt that fails (the wrong password): the claim is simply not taken back. */
async function fail(guard: SignInGuard, email: string, ip: string): Promise<HeldBack | null> {
  const outcome = await guard.begin(email, ip);
  return 'heldBack' in outcome ? outcome.heldBack : null;
}

async function succeed(guard: SignInGuard, email: string, ip: string): Promise<HeldBack | null> {
  const outcome = await guard.begin(email, ip);
  if ('heldBack' in outcome) return outcome.heldBack;
  await guard.succeeded(outcome.claim);
  return null;
}

describeEachDatabase('the sign-in guard', (getDb) => {
  it('holds an account back after 5 failures from any addresses, doubling the wait up to 15 minutes', async () => {
    const time = clock();
    const guard = createSignInGuard(getDb(), {}, time.now);
    const email = 'backoff@example.com';
    for (let i = 1; i <= 5; i += 1) expect(await fail(guard, email, `203.0.113.${i}`)).toBeNull();
    // A sixth address changes nothing: the account is counted, not the address.
    expect(await fail(guard, email, '203.0.113.6')).toEqual({
      scope: 'account',
      retryAfterSeconds: 30,
    });
    // Held-back attempts are not counted: the wait does not grow while someone keeps knocking.
    time.advance(10 * SECOND);
    expect((await fail(guard, email, '203.0.113.7'))?.retryAfterSeconds).toBe(20);
    let wait = 30 * SECOND;
    for (const expected of [60, 120, 240, 480, 900, 900]) {
      time.advance(wait);
      expect(await fail(guard, email, '203.0.113.8')).toBeNull();
      const held = await fail(guard, email, '203.0.113.8');
      expect(held?.retryAfterSeconds).toBe(expected);
      wait = expected * SECOND;
    }
    // No more than ASVS's 100 guesses an hour: here 5 + one per wait.
    expect(DEFAULT_ACCOUNT_THROTTLE.capMs).toBe(15 * MINUTE);
  });

  it('forgets an account’s failures a day after the last one, and when an admin sets a password', async () => {
    const time = clock();
    const guard = createSignInGuard(getDb(), {}, time.now);
    for (let i = 0; i < 5; i += 1) await fail(guard, 'later@example.com', '198.51.100.1');
    expect(await fail(guard, 'later@example.com', '198.51.100.1')).not.toBeNull();
    time.advance(24 * 60 * MINUTE);
    for (let i = 0; i < 5; i += 1) {
      expect(await fail(guard, 'later@example.com', '198.51.100.1')).toBeNull();
    }
    expect(await fail(guard, 'later@example.com', '198.51.100.1')).not.toBeNull();
    await guard.clearAccount('later@example.com');
    expect(await succeed(guard, 'later@example.com', '198.51.100.1')).toBeNull();
  });

  it('counts only failures per address: an office behind one address signs in all day', async () => {
    const time = clock();
    const guard = createSignInGuard(getDb(), {}, time.now);
    const office = '192.0.2.77';
    for (let round = 0; round < 10; round += 1) {
      for (let person = 1; person <= 6; person += 1) {
        expect(await succeed(guard, `colleague${person}@example.com`, office)).toBeNull();
      }
      time.advance(5 * SECOND);
    }
    // Failures are counted: 20 free for the address over every account, then a wait.
    for (let i = 1; i <= 20; i += 1) {
      expect(await fail(guard, `sprayed${i}@example.com`, office)).toBeNull();
    }
    expect(await fail(guard, 'sprayed21@example.com', office)).toEqual({
      scope: 'address',
      retryAfterSeconds: 60,
    });
  });

  it('lets a person sign in from their own address while an attacker elsewhere holds the account back', async () => {
    const time = clock();
    const guard = createSignInGuard(getDb(), {}, time.now);
    const email = 'victim@example.com';
    expect(await succeed(guard, email, '192.0.2.10')).toBeNull();
    for (let i = 1; i <= 12; i += 1) {
      time.advance(16 * MINUTE);
      await fail(guard, email, `203.0.113.${100 + i}`);
    }
    expect(await fail(guard, email, '203.0.113.200')).not.toBeNull();
    // From the address the account signed in from, only that address's failures count.
    expect(await succeed(guard, email, '192.0.2.10')).toBeNull();
    // A new address of the person's still waits, but never longer than 15 minutes.
    const held = await fail(guard, email, '192.0.2.99');
    expect(held?.scope).toBe('account');
    expect(held?.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
  });

  it('counts parallel attempts one by one, so a burst cannot pass the limit', async () => {
    const guard = createSignInGuard(getDb());
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => guard.begin('burst@example.com', `203.0.113.${i % 6}`)),
    );
    const allowed = outcomes.filter((o): o is { claim: SignInClaim } => 'claim' in o);
    expect(allowed).toHaveLength(5);
    // A second server process on the same database sees the same counts.
    const otherProcess = createSignInGuard(getDb());
    expect('heldBack' in (await otherProcess.begin('burst@example.com', '203.0.113.9'))).toBe(true);
  });
});
