// Attainment views kept in memory until the quotas of record they were computed from change.
// Team dashboards are the busiest read of a deployed server (every rep and manager, many times a
// day) while their data changes a few times a day: at publication, a bookings refresh or an
// approved adjustment. Every such change, from any server process on the database or by hand,
// fires the trigger of migration 0003, whose notice (sent when its transaction commits) makes every
// listening process drop its views; a process also drops them at once after its own writes.

import { QUOTAS_CHANGED_CHANNEL } from '../../db/index.ts';
import type { Database } from '../../db/index.ts';
import { createChangeCache } from '../change-cache.ts';
import type { ChangeCache } from '../change-cache.ts';

/**
 * A safety net only (notices drop the views, and a re-established listen starts afresh): ten
 * minutes, each view's expiry spread over the last quarter of it.
 */
const TTL_MS = 600_000;
/** Views kept at most, and their weight in rep lines (a 5,000-rep organisation weighs 5,000). */
const MAX_ENTRIES = 5_000;
const MAX_WEIGHT = 50_000;

interface CacheState {
  enabled: boolean;
  /** Nothing is kept while notices cannot be heard (unheardTtlMs 0). */
  views: ChangeCache<unknown>;
}

const states = new WeakMap<Database, CacheState>();

function stateOf(database: Database): CacheState {
  let state = states.get(database);
  if (state === undefined) {
    state = {
      enabled: true,
      views: createChangeCache(database, QUOTAS_CHANGED_CHANNEL, {
        ttlMs: TTL_MS,
        maxEntries: MAX_ENTRIES,
        maxWeight: MAX_WEIGHT,
      }),
    };
    states.set(database, state);
  }
  return state;
}

/** Turns the cache on or off for a database (on by default; off computes every view afresh). */
export function setAttainmentCaching(database: Database, enabled: boolean): void {
  const state = stateOf(database);
  state.enabled = enabled;
  if (!enabled) state.views.clear();
}

/**
 * Drops the views of `database` at once. Writers of quotas_of_record call it after their
 * transaction commits, so the same process reads its own writes without waiting for the notice.
 */
export function quotasChanged(database: Database): void {
  stateOf(database).views.clear();
}

/**
 * The view stored under `key`, or `compute()`'s, kept (weighing `weightOf` of it) unless the
 * quotas changed while it was computed. Callers must not modify what they get: it is shared.
 */
export async function cachedView<T>(
  database: Database,
  key: string,
  weightOf: (view: T) => number,
  compute: () => Promise<T>,
): Promise<T> {
  const state = stateOf(database);
  if (!state.enabled) return compute();
  await state.views.ready;
  const hit = state.views.get(key);
  if (hit !== undefined) return hit as T;
  // Turning the cache off also counts as a change.
  const mark = state.views.mark();
  const view = await compute();
  state.views.set(key, view, mark, { weight: weightOf(view) });
  return view;
}
