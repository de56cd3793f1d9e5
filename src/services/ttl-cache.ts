// A small in-process cache whose entries live a limited time: the server remembers who a session
// cookie belongs to and what a user's membership is for a few seconds, and the attainment views it
// computed until their data changes (attainment-cache.ts), instead of reading them on every request.

export interface TtlCacheOptions {
  /** How long an entry is served, in milliseconds; 0 turns the cache off (nothing is kept). */
  ttlMs: number;
  /** Entries kept at most; beyond it the oldest entry goes first. */
  maxEntries: number;
  /**
   * The most weight kept (entries weigh what `set` says, 1 by default); beyond it the oldest
   * entries go first, and an entry heavier than this is not kept. Default: no limit but the count.
   */
  maxWeight?: number;
  /** The clock in milliseconds (tests pass their own). */
  now?: () => number;
  /**
   * A fraction from 0 to 1: each entry lives ttlMs × (1 − jitter × a random number in [0, 1)), so
   * entries stored together do not all expire together (and send every reader to the database
   * at once). Default 0.
   */
  jitter?: number;
  /** Random numbers in [0, 1) for the jitter (tests pass their own). */
  random?: () => number;
}

export interface TtlCache<V> {
  /** The value stored under `key`, or undefined when there is none or it has expired. */
  get(key: string): V | undefined;
  /**
   * Stores `value` for the cache's time to live, or until `expiresAt` (ms, same clock) when
   * that comes first: a session that ends in two seconds is not served for five. `weight` counts
   * against maxWeight (default 1).
   */
  set(key: string, value: V, expiresAt?: number, weight?: number): void;
  delete(key: string): void;
  /** Forgets everything: after a change this process made, nobody sees the old value. */
  clear(): void;
  readonly size: number;
  /** The weight of the entries kept. */
  readonly weight: number;
}

export class TtlCacheConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TtlCacheConfigError';
  }
}

export function createTtlCache<V>(options: TtlCacheOptions): TtlCache<V> {
  const { ttlMs, maxEntries } = options;
  if (!Number.isFinite(ttlMs) || ttlMs < 0) {
    throw new TtlCacheConfigError(`ttlMs is ${ttlMs}; expected 0 or more milliseconds`);
  }
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TtlCacheConfigError(`maxEntries is ${maxEntries}; expected a whole number ≥ 1`);
  }
  const jitter = options.jitter ?? 0;
  if (!(jitter >= 0 && jitter <= 1)) {
    throw new TtlCacheConfigError(`jitter is ${jitter}; expected a fraction from 0 to 1`);
  }
  const random = options.random ?? Math.random;
  const maxWeight = options.maxWeight ?? Number.POSITIVE_INFINITY;
  if (Number.isNaN(maxWeight) || maxWeight <= 0) {
    throw new TtlCacheConfigError(`maxWeight is ${maxWeight}; expected a number above 0`);
  }
  const now = options.now ?? Date.now;
  // Map keeps insertion order, so its first key is the oldest entry.
  const entries = new Map<string, { value: V; expiresAt: number; weight: number }>();
  let total = 0;
  const remove = (key: string): void => {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    total -= entry.weight;
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        remove(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, expiresAt, weight = 1) {
      if (ttlMs === 0) return;
      if (!Number.isFinite(weight) || weight < 0) {
        throw new TtlCacheConfigError(`weight is ${weight}; expected a finite number ≥ 0`);
      }
      const lives = jitter === 0 ? ttlMs : ttlMs * (1 - jitter * random());
      const until = Math.min(now() + lives, expiresAt ?? Number.POSITIVE_INFINITY);
      remove(key);
      if (until <= now() || weight > maxWeight) return;
      while (entries.size > 0 && (entries.size >= maxEntries || total + weight > maxWeight)) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        remove(oldest.value);
      }
      entries.set(key, { value, expiresAt: until, weight });
      total += weight;
    },
    delete(key) {
      remove(key);
    },
    clear() {
      entries.clear();
      total = 0;
    },
    get size() {
      return entries.size;
    },
    get weight() {
      return total;
    },
  };
}
