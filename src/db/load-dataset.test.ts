// Key order of loaded records: code point order, which is the byte order of UTF-8 and so the
// order of COLLATE "C" on both drivers.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints, inTextKeyOrder } from './load-dataset.ts';

const utf8Order = (a: string, b: string): number =>
  Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

// Well-formed strings mixing ASCII, high BMP (U+E000…U+FFFF) and astral characters.
const text = fc.string({
  unit: fc.constantFrom('a', 'b', 'Z', 'é', '\uE000', '\uFFFD', '😀', '𝒜', '中'),
  maxLength: 6,
});

describe('compareCodePoints', () => {
  it('orders strings as their UTF-8 bytes do', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(utf8Order(a, b));
      }),
    );
  });
});

describe('inTextKeyOrder', () => {
  it('sorts records by the key in UTF-8 byte order, keeping sorted input as it is', () => {
    fc.assert(
      fc.property(fc.uniqueArray(text), (ids) => {
        const records = ids.map((id) => ({ id }));
        const sorted = inTextKeyOrder([...records], 'id').map((r) => (r as { id: string }).id);
        expect(sorted).toEqual([...ids].sort(utf8Order));
        const again = sorted.map((id) => ({ id }));
        expect(inTextKeyOrder(again, 'id')).toBe(again);
      }),
    );
  });
});
