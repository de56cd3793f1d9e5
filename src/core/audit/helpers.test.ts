// The audit's small algorithms: date keys, cycles in a parent graph, hash grouping.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromDayNumber, isIsoDate } from '../dates.ts';
import { findCycles } from './cycles.ts';
import { createIdIndex } from './id-index.ts';
import { dateKey, INVALID_DATE, NO_DATE } from './date-key.ts';
import { equalGroups, finishHash, mixText } from './hashing.ts';

describe('dateKey', () => {
  it('keys real dates as YYYYMMDD and everything else as invalid', () => {
    expect(dateKey('2024-02-29')).toBe(20240229);
    expect(dateKey(null)).toBe(NO_DATE);
    for (const bad of [
      '2023-02-29',
      '2024-13-01',
      '2024-1-01',
      '2024/01/01',
      '20240101',
      '2024-01-0x',
    ]) {
      expect(dateKey(bad), bad).toBe(INVALID_DATE);
    }
  });

  it('accepts exactly the ISO dates and orders keys like the dates', () => {
    const day = fc.integer({ min: -100_000, max: 100_000 }).map(fromDayNumber);
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(Math.sign(dateKey(a) - dateKey(b))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/), (text) => {
        expect(dateKey(text) !== INVALID_DATE).toBe(isIsoDate(text));
      }),
    );
  });
});

describe('findCycles', () => {
  it('returns each loop once, from its smallest node, without the nodes leading into it', () => {
    // 0 → 1 → 2 → 1, 3 → 3, 4 → 0, 5 has no parent
    expect(findCycles(Int32Array.from([1, 2, 1, 3, 0, -1]))).toEqual([[1, 2], [3]]);
  });
});

describe('equalGroups', () => {
  it('finds the equal pairs among 20,000 records spread over many buckets', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `v${i % 15_000}`);
    const hashes = Uint32Array.from(values, (v) => finishHash(mixText(0, v)));
    const groups = equalGroups(hashes, (i, j) => values[i] === values[j]);
    expect(groups.size).toBe(5_000);
    expect(groups.get(3)).toEqual([3, 15_003]);
  });

  it('groups exactly the equal values, even when every hash collides', () => {
    const pool = fc.constantFrom('a', 'b', 'c', 'dd');
    fc.assert(
      fc.property(fc.array(pool, { maxLength: 40 }), fc.boolean(), (values, collide) => {
        const hashes = Uint32Array.from(values, (v) => (collide ? 7 : finishHash(mixText(0, v))));
        const same = (i: number, j: number): boolean => values[i] === values[j];
        const groups = equalGroups(hashes, same);
        const expected = new Map<number, number[]>();
        values.forEach((v, i) => {
          const first = values.indexOf(v);
          expected.set(first, [...(expected.get(first) ?? []), i]);
        });
        for (const [first, members] of expected) if (members.length < 2) expected.delete(first);
        expect(groups).toEqual(expected);
      }),
    );
  });
});

describe('createIdIndex', () => {
  it('finds the first position of every id and nothing else', () => {
    const id = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '1'), maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(id, { maxLength: 30 }),
        fc.array(id, { maxLength: 10 }),
        (ids, probes) => {
          const index = createIdIndex(ids);
          for (const probe of [...ids, ...probes])
            expect(index.get(probe)).toBe(ids.indexOf(probe));
        },
      ),
    );
  });

  it('tells apart ids that are prefixes of their neighbours', () => {
    const index = createIdIndex(['ab', 'abc', 'c', '']);
    expect([
      index.get('ab'),
      index.get('abc'),
      index.get('bc'),
      index.get(''),
      index.get('a'),
    ]).toEqual([0, 1, -1, 3, -1]);
  });
});
