// Refs come out in id order (code units), then entity, then detail, however many there are.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EntityName } from '../model.ts';
import { compareRefs, sortRefs } from './sort-refs.ts';
import type { AuditRef } from './types.ts';

const ref = fc.record({
  entity: fc.constantFrom<EntityName>('deals', 'reps', 'splits'),
  // Shared prefixes, ids that are prefixes of others, and characters above 255 now and then.
  id: fc.oneof(
    fc
      .string({ unit: fc.constantFrom('0', '1', 'A', 'a', '-'), maxLength: 6 })
      .map((s) => `OPP-${s}`),
    fc.string({ unit: fc.constantFrom('x', 'é', 'Ω', '9'), maxLength: 4 }),
  ),
  detail: fc.constantFrom('a', 'b'),
});

describe('sortRefs', () => {
  it('orders like a plain comparator sort, for small and large findings', () => {
    fc.assert(
      fc.property(fc.array(ref, { maxLength: 400 }), (refs: AuditRef[]) => {
        const expected = [...refs].sort(compareRefs);
        expect(sortRefs([...refs])).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('puts d10 before d9 (code units, not numbers) and shorter ids first', () => {
    const refs = ['d9', 'd10', 'd1', 'd'].map((id): AuditRef => ({
      entity: 'deals',
      id,
      detail: '',
    }));
    expect(sortRefs(refs).map((r) => r.id)).toEqual(['d', 'd1', 'd10', 'd9']);
  });

  it('sorts 100,000 random ids', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 48_271) % 2_147_483_647);
    const refs = Array.from({ length: 100_000 }, (): AuditRef => ({
      entity: 'deals',
      id: next().toString(36).toUpperCase(),
      detail: 'x',
    }));
    const ids = sortRefs(refs).map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
  });
});
