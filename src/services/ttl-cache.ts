// A small in-process cache whose entries live a few seconds: the server remembers who a session
// cookie belongs to and what a user's membership is, instead of reading them on every request.

export interface TtlCacheOptions {
  /** How long an entry is served, in milliseconds; 0 turns the cache off (nothing is kept). */
  ttlMs: number;
  /** Entries kept at most; beyond it the oldest entry goes first. */
  maxEntries: number;
  /** The clock in milliseconds (tests pass their own). */
  now?: () => number;
}

export interface TtlCache<V> {
  /** The value stored under `key`, or undefined when there is none or it has expired. */
  get(key: string): V | undefined;
  /**
   * Stores `value` for the cache's time to live, or until `expiresAt` (ms, same clock) when
   * that comes first: a session that ends in two seconds is not served for five.
   */
  set(key: string, value: V, expiresAt?: number): void;
  delete(key: string): void;
  /** Forgets everything: after a change this process made, nobody sees the old value. */
  clear(): void;
  readonly size: number;
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
  const now = options.now ?? Date.now;
  // Map keeps insertion order, so its first key is the oldest entry.
  const entries = new Map<string, { value: V; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, expiresAt) {
      if (ttlMs === 0) return;
      const until = Math.min(now() + ttlMs, expiresAt ?? Number.POSITIVE_INFINITY);
      entries.delete(key);
      if (until <= now()) return;
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(key, { value, expiresAt: until });
    },
    delete(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
