// Field readers on plain arrays of cells: what each kind of field turns text into, and the
// expected text of what it refuses.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberLocaleFor } from '../values.ts';
import type { CellValue } from '../values.ts';
import type { FieldKind } from './fields.ts';
import { compileReader, isInvalid, readerContext, UNMAPPED } from './readers.ts';
import type { FieldSource, ReaderContext } from './readers.ts';
import { BASE_STATUS, BASE_TYPE, MAVEN_STATUS, mergeValueMaps } from './value-maps.ts';

function context(locale = 'en-US', probability: 'auto' | 'percent' = 'auto'): ReaderContext {
  const maps = mergeValueMaps({ status: BASE_STATUS, type: BASE_TYPE }, { status: MAVEN_STATUS });
  return readerContext('deals', numberLocaleFor(locale), probability, maps.status, maps.type);
}

const column: FieldSource = { kind: 'column', index: 0, header: 'Cell' };

function readAll(kind: FieldKind, cells: CellValue[], ctx = context(), options = {}): unknown[] {
  const reader = compileReader<unknown>('field', kind, column, ctx, options);
  return cells.map((cell) => reader.read([cell], 2));
}

describe('field readers', () => {
  it('read empty cells as unknown and flags as false', () => {
    expect(readAll('money', ['', '  '])).toEqual([null, null]);
    expect(readAll('date', [''])).toEqual([null]);
    expect(readAll('boolean', [''])).toEqual([false]);
    expect(readAll('text', ['  Acme  '])).toEqual(['Acme']);
  });

  it('read amounts into cents, with the locale and a scale', () => {
    expect(readAll('money', ['1234.5', '$12,500.00', '-7'])).toEqual([123450, 1250000, -700]);
    expect(readAll('money', ['1.234,56'], context('de-DE'))).toEqual([123456]);
    // Maven's revenue column is in millions of dollars.
    expect(readAll('money', ['1100.04'], context(), { scale: 1_000_000 })).toEqual([
      110_004_000_000,
    ]);
  });

  it('refuse text in an amount with the expected form', () => {
    const [value] = readAll('money', ['about 5k']);
    expect(isInvalid(value)).toBe(true);
    expect(value).toMatchObject({ code: 'invalid-amount', expected: 'an amount like 1,234.56' });
  });

  it('round-trip any cents written as units with two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        const sign = cents < 0 ? '-' : '';
        const abs = Math.abs(cents);
        const text = `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
        expect(readAll('money', [text])[0]).toBe(cents === 0 ? 0 : cents);
      }),
    );
  });

  it('read dates in the file format and cache them by raw text', () => {
    const ctx = context();
    ctx.dateFormat = 'MDY';
    expect(
      readAll('date', ['3/31/2024', '2024-01-22T16:14:25.000+0000', '3/31/2024'], ctx),
    ).toEqual(['2024-03-31', '2024-01-22', '2024-03-31']);
    expect(ctx.dateCache.size).toBe(2);
    const [bad] = readAll('date', ['2/30/2024'], ctx);
    expect(bad).toMatchObject({
      code: 'invalid-date',
      expected: 'a date like 3/31/2024 (M/D/YYYY)',
    });
  });

  it('read probabilities as fractions in percent or auto scale', () => {
    expect(readAll('probability', ['40', '0.4', '40%'])).toEqual([0.4, 0.4, 0.4]);
    expect(readAll('probability', ['1', '100'], context('en-US', 'percent'))).toEqual([0.01, 1]);
  });

  it('read statuses through the value map, case-insensitively', () => {
    expect(readAll('status', ['Won', 'LOST', 'engaging'])).toEqual(['won', 'lost', 'open']);
    const [bad] = readAll('status', ['Maybe']);
    expect(bad).toMatchObject({ code: 'invalid-status' });
  });

  it('read types through the value map and mark unknown ones', () => {
    expect(readAll('type', ['New Business', 'existingbusiness', 'Renewal', 'Barter'])).toEqual([
      'new_business',
      'expansion',
      'renewal',
      UNMAPPED,
    ]);
  });

  it('read roles as codes and count titles it cannot place', () => {
    const ctx = context();
    expect(
      readAll('role', ['ae', 'Account Executive', 'CSM', 'Head of Growth Initiatives'], ctx),
    ).toEqual(['AE', 'AE', 'CSM', 'AE']);
    expect([...ctx.assumedRoles]).toEqual([['Head of Growth Initiatives', 1]]);
  });

  it('read currencies as upper-case ISO codes', () => {
    expect(readAll('currency', ['eur', 'USD'])).toEqual(['EUR', 'USD']);
    expect(readAll('currency', ['Euro'])[0]).toMatchObject({ code: 'invalid-currency' });
  });

  it('invert rates given per unit of the corporate currency', () => {
    expect(readAll('number', ['0.8'], context(), { invert: true })).toEqual([1.25]);
    expect(readAll('number', ['0'], context(), { invert: true })[0]).toMatchObject({
      expected: 'a number above 0',
    });
  });

  it('build row-number ids from the file stem', () => {
    const reader = compileReader<string>('id', 'id', { kind: 'row' }, context());
    expect(reader.read(['x'], 17)).toBe('deals-17');
    expect(reader.column).toBe('$row');
  });

  it('parse a constant once and give it to every row', () => {
    const reader = compileReader<string>(
      'currency',
      'currency',
      { kind: 'constant', raw: 'eur' },
      context(),
    );
    expect(reader.read([], 2)).toBe('EUR');
    expect(reader.read([], 3)).toBe('EUR');
  });
});
