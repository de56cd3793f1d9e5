// The server's short-lived cache: entries end at their time to live or their own expiry,
// whichever comes first; it holds a bounded number of entries and a bounded weight; 0 keeps nothing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTtlCache, TtlCacheConfigError } from './ttl-cache.ts';

function clock(start = 1_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('createTtlCache', () => {
  it('serves an entry until its time to live has passed, then forgets it', () => {
    const c = clock();
    const cache = createTtlCache<string>({ ttlMs: 5_000, maxEntries: 10, now: c.now });
    cache.set('cookie', 'user 1');
    c.advance(4_999);
    expect(cache.get('cookie')).toBe('user 1');
    c.advance(1);
    expect(cache.get('cookie')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never serves an entry past its own expiry, even within the time to live', () => {
    const c = clock();
    const cache = createTtlCache<string>({ ttlMs: 5_000, maxEntries: 10, now: c.now });
    // A session that ends in 2 seconds.
    cache.set('cookie', 'user 1', c.now() + 2_000);
    c.advance(1_999);
    expect(cache.get('cookie')).toBe('user 1');
    c.advance(1);
    expect(cache.get('cookie')).toBeUndefined();
    // Already expired: not stored at all.
    cache.set('old', 'user 2', c.now() - 1);
    expect(cache.get('old')).toBeUndefined();
  });

  it('keeps nothing when the time to live is 0', () => {
    const cache = createTtlCache<string>({ ttlMs: 0, maxEntries: 10 });
    cache.set('cookie', 'user 1');
    expect(cache.get('cookie')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entry beyond its size, and clear() forgets everything', () => {
    const c = clock();
    const cache = createTtlCache<number>({ ttlMs: 60_000, maxEntries: 2, now: c.now });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3); // rewriting makes it the newest
    cache.set('c', 4);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('c')).toBeUndefined();
  });

  it('never holds more than maxEntries, whatever is stored (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 50 })), {
          maxLength: 60,
        }),
        (maxEntries, writes) => {
          const c = clock();
          const cache = createTtlCache<number>({ ttlMs: 100, maxEntries, now: c.now });
          for (const [key, step] of writes) {
            c.advance(step);
            cache.set(key, step);
            expect(cache.size).toBeLessThanOrEqual(maxEntries);
            // What was just written is served back.
            expect(cache.get(key)).toBe(step);
          }
        },
      ),
    );
  });

  it('keeps the weight under maxWeight by dropping the oldest entries, and never keeps one too heavy', () => {
    const c = clock();
    const cache = createTtlCache<string>({
      ttlMs: 60_000,
      maxEntries: 100,
      maxWeight: 10,
      now: c.now,
    });
    cache.set('a', 'team a', undefined, 4);
    cache.set('b', 'team b', undefined, 4);
    expect(cache.weight).toBe(8);
    cache.set('c', 'team c', undefined, 3); // 11 > 10: a goes
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([
      undefined,
      'team b',
      'team c',
    ]);
    expect(cache.weight).toBe(7);
    cache.set('org', 'the whole organisation', undefined, 11); // heavier than the cache
    expect(cache.get('org')).toBeUndefined();
    expect(cache.weight).toBe(7);
    cache.set('b', 'team b again', undefined, 1); // rewriting replaces the weight
    expect(cache.weight).toBe(4);
    c.advance(60_000);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.weight).toBe(3);
    cache.clear();
    expect(cache.weight).toBe(0);
  });

  it('spreads the expiry of entries stored together over the jitter', () => {
    const c = clock();
    const draws = [0, 0.5, 0.999];
    const cache = createTtlCache<string>({
      ttlMs: 60_000,
      maxEntries: 10,
      jitter: 0.25,
      now: c.now,
      random: () => draws.shift() ?? 0,
    });
    cache.set('a', 'full minute');
    cache.set('b', '52.5 s');
    cache.set('c', 'about 45 s');
    c.advance(45_015);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([
      'full minute',
      '52.5 s',
      undefined,
    ]);
    c.advance(52_500 - 45_015);
    expect([cache.get('a'), cache.get('b')]).toEqual(['full minute', undefined]);
    c.advance(60_000 - 52_500);
    expect(cache.get('a')).toBeUndefined();
    expect(() => createTtlCache({ ttlMs: 1, maxEntries: 1, jitter: 1.5 })).toThrow(
      /fraction from 0 to 1/,
    );
  });

  it('never holds more than maxWeight (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 25 })), {
          maxLength: 60,
        }),
        (maxWeight, writes) => {
          const cache = createTtlCache<number>({ ttlMs: 1_000, maxEntries: 1_000, maxWeight });
          for (const [key, weight] of writes) {
            cache.set(key, weight, undefined, weight);
            expect(cache.weight).toBeLessThanOrEqual(maxWeight);
            expect(cache.get(key)).toBe(weight <= maxWeight ? weight : undefined);
          }
        },
      ),
    );
  });

  it('refuses a negative time to live or a size below 1, naming what was expected', () => {
    expect(() => createTtlCache({ ttlMs: -1, maxEntries: 1 })).toThrow(TtlCacheConfigError);
    expect(() => createTtlCache({ ttlMs: -1, maxEntries: 1 })).toThrow(/0 or more milliseconds/);
    expect(() => createTtlCache({ ttlMs: 1, maxEntries: 0 })).toThrow(/whole number ≥ 1/);
    expect(() => createTtlCache({ ttlMs: 1, maxEntries: 1, maxWeight: 0 })).toThrow(/above 0/);
    const cache = createTtlCache<number>({ ttlMs: 1, maxEntries: 1 });
    expect(() => {
      cache.set('a', 1, undefined, -1);
    }).toThrow(/finite number ≥ 0/);
  });
});
