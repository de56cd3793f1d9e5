// What a server keeps of the database until the database says it changed: entries are dropped on
// a notice of the channel (LISTEN, see db/notifications.ts), which every server on the database
// hears when the writing transaction commits. A time to live stays as a safety net; while the
// notices cannot be heard (before the listen is up, or a database that cannot deliver them),
// entries live only `unheardTtlMs`.

import { listenForChanges } from '../db/index.ts';
import type { Database } from '../db/index.ts';
import { createTtlCache } from './ttl-cache.ts';
import type { TtlCacheOptions } from './ttl-cache.ts';

export interface ChangeCacheOptions extends TtlCacheOptions {
  /** How long entries live while notices are not heard (default 0: nothing is kept). */
  unheardTtlMs?: number | undefined;
}

export interface ChangeCache<V> {
  /** The value kept under `key`, or undefined. */
  get(key: string): V | undefined;
  /** The changes seen so far: take it before reading what `set` will keep. */
  mark(): number;
  /**
   * Keeps `value` unless a change was seen since `mark` (what was read may be older than the
   * change), until its time to live or `expiresAt`; `weight` counts against maxWeight.
   */
  set(key: string, value: V, mark: number, options?: { expiresAt?: number; weight?: number }): void;
  /** Forgets everything, as a notice does: this process's own change. */
  clear(): void;
  /** Resolves to whether notices are heard, once the listen is up or has failed. */
  readonly ready: Promise<boolean>;
}

export function createChangeCache<V>(
  database: Database,
  channel: string,
  options: ChangeCacheOptions,
): ChangeCache<V> {
  // Entries kept together (a dashboard's first minute) do not all expire in the same instant.
  const heardEntries = createTtlCache<V>({ jitter: 0.25, ...options });
  const unheardEntries = createTtlCache<V>({ ...options, ttlMs: options.unheardTtlMs ?? 0 });
  let generation = 0;
  let heard = false;
  const forget = (): void => {
    generation++;
    heardEntries.clear();
    unheardEntries.clear();
  };
  const ready = listenForChanges(database, channel, forget, () => {
    // (Re)connected: notices sent while the connection was down are lost; start afresh.
    forget();
    heard = true;
  }).then(
    () => heard,
    () => false,
  );
  const entries = () => (heard ? heardEntries : unheardEntries);
  return {
    get: (key) => entries().get(key),
    mark: () => generation,
    set: (key, value, mark, setOptions = {}) => {
      if (mark !== generation) return;
      entries().set(key, value, setOptions.expiresAt, setOptions.weight);
    },
    clear: forget,
    ready,
  };
}

/** The channels the database's triggers notify (for the server, which does not import db). */
export { AUTH_CHANGED_CHANNEL, QUOTAS_CHANGED_CHANNEL } from '../db/index.ts';
