// Label comparisons behind the spelling rules.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { digitsOf, normaliseLabel, withinOneEdit } from './text.ts';

/** Reference optimal-string-alignment distance, by the textbook table. */
function osaDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      const row = d[i];
      if (row !== undefined) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

describe('normaliseLabel', () => {
  it('ignores case, spaces, hyphens, underscores and dots', () => {
    expect(normaliseLabel('GTX Pro')).toBe('gtxpro');
    expect(normaliseLabel('GTXPro')).toBe('gtxpro');
    expect(normaliseLabel('Mid-Market_Co.')).toBe('midmarketco');
  });
});

describe('withinOneEdit', () => {
  it('accepts one insertion, deletion, substitution or neighbour swap', () => {
    expect(withinOneEdit('technolgy', 'technology')).toBe(true);
    expect(withinOneEdit('retail', 'retial')).toBe(true);
    expect(withinOneEdit('finance', 'financi')).toBe(true);
    expect(withinOneEdit('software', 'sofware')).toBe(true);
    expect(withinOneEdit('medical', 'medicine')).toBe(false);
    expect(withinOneEdit('abcd', 'badc')).toBe(false);
  });

  it('agrees with the full Damerau-Levenshtein (OSA) distance', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(withinOneEdit(a, b)).toBe(osaDistance(a, b) <= 1);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('digitsOf', () => {
  it('keeps the digits in order', () => {
    expect(digitsOf('Zone 12 (B3)')).toBe('123');
    expect(digitsOf('North')).toBe('');
  });
});
