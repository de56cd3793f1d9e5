// Records through COPY text and back: the decoder used for whole tables returns exactly what the
// one-record decoder returns, shared values or not.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Deal } from '../core/model.ts';
import {
  assertUniqueKeys,
  decodeRecord,
  encodeCopyChunks,
  ENTITY_SPECS,
  inKeyOrder,
  recordDecoder,
} from './record-codec.ts';
import { DuplicateRecordError } from './errors.ts';

const spec = ENTITY_SPECS.deals;

const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0'));
const fewTexts = fc.constantFrom('Closed Won', 'Negotiation\twith tab', 'a\\b', 'Zürich – Q3', '');
const date = fc.constantFrom('2024-01-31', '2025-02-28', '2026-11-22');

const deal: fc.Arbitrary<Deal> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('\0')),
  name: fc.option(text),
  accountId: fc.option(fc.oneof(text, fewTexts)),
  ownerId: fc.option(fc.constantFrom('REP-00001', 'REP-00002 with a long name')),
  sourceRepId: fc.constant(null),
  amount: fc.option(fc.integer({ min: -1e12, max: 1e12 })),
  originalAmount: fc.option(fc.integer({ min: -1e12, max: 1e12 })),
  currency: fc.constantFrom('USD', 'EUR'),
  createdDate: fc.option(date),
  closeDate: fc.option(date),
  stage: fc.option(fewTexts),
  status: fc.constantFrom('won', 'lost', 'open'),
  probability: fc.option(fc.constantFrom(0, 0.1, 0.25, 1 / 3, 1)),
  type: fc.option(fc.constantFrom('new_business', 'expansion', 'renewal')),
  product: fc.option(fewTexts),
  unmapped: fc.subarray<'stage' | 'type'>(['stage', 'type']),
  source: fc.constantFrom('generic', 'salesforce'),
  derived: fc.boolean(),
});

function rowsOf(deals: readonly Deal[]): string[][] {
  const lines = [...encodeCopyChunks(spec, deals, { chunkChars: 64 })].join('').split('\n');
  lines.pop();
  return lines.map((line) => line.split('\t'));
}

describe('recordDecoder', () => {
  it('decodes every row as decodeRecord does', () => {
    fc.assert(
      fc.property(fc.array(deal, { maxLength: 30 }), (deals) => {
        const decode = recordDecoder(spec);
        const rows = rowsOf(deals);
        expect(rows.map((fields) => decode(fields))).toEqual(
          rows.map((fields) => decodeRecord(spec.columns, fields)),
        );
        expect(rows.map((fields) => decode(fields))).toEqual(deals);
      }),
    );
  });

  it('gives each record its own unmapped array', () => {
    const decode = recordDecoder(spec);
    const [a, b] = rowsOf([
      { ...sample(), id: 'a' },
      { ...sample(), id: 'b' },
    ]).map((fields) => decode(fields) as Deal);
    a?.unmapped.push('type');
    expect(b?.unmapped).toEqual([]);
  });
});

describe('assertUniqueKeys', () => {
  it('finds the same duplicates in key order as with a set', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'ab', 'B', 'é'), { maxLength: 8 }),
        (ids) => {
          const deals = ids.map((id) => ({ ...sample(), id }));
          const verdict = (check: () => void): string => {
            try {
              check();
              return 'unique';
            } catch (error) {
              expect(error).toBeInstanceOf(DuplicateRecordError);
              return 'duplicate';
            }
          };
          expect(
            verdict(() => {
              assertUniqueKeys(spec, inKeyOrder(spec, deals), { sorted: true });
            }),
          ).toBe(
            verdict(() => {
              assertUniqueKeys(spec, deals);
            }),
          );
        },
      ),
    );
  });
});

function sample(): Deal {
  return {
    id: 'x',
    name: 'Acme - Expansion',
    accountId: 'ACC-1',
    ownerId: 'REP-1',
    sourceRepId: null,
    amount: 100,
    originalAmount: 100,
    currency: 'USD',
    createdDate: '2024-01-01',
    closeDate: null,
    stage: 'Closed Won',
    status: 'won',
    probability: 1,
    type: 'expansion',
    product: null,
    unmapped: [],
    source: 'generic',
    derived: false,
  };
}
