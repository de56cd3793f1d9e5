// The v0 plan: last year's bookings flat, the next twelve months, every roster role written out.

import { describe, expect, it } from 'vitest';
import { makeDataset, makeDeal, makeRep } from '../audit/test-builders.ts';
import { draftPlan, DraftPlanError } from './draft.ts';

const deals = [
  // Inside the trailing twelve months 2023-07..2024-06: new business, expansion, untyped.
  makeDeal('d1', { amount: 400_000_00, closeDate: '2023-07-01' }),
  makeDeal('d2', { amount: 250_000_00, closeDate: '2024-06-30', type: 'expansion' }),
  makeDeal('d3', { amount: 100_000_00, closeDate: '2024-01-15', type: null }),
  // Not counted: a renewal (AEs do not count renewals), a lost deal, one before the window.
  makeDeal('d4', { amount: 999_000_00, closeDate: '2024-02-01', type: 'renewal' }),
  makeDeal('d5', { amount: 999_000_00, closeDate: '2024-02-01', status: 'lost' }),
  makeDeal('d6', { amount: 999_000_00, closeDate: '2023-06-30' }),
];

describe('draftPlan', () => {
  it('plans the year after the as-of month at last year’s counted bookings, flat', () => {
    const dataset = makeDataset({
      reps: [makeRep('r1'), makeRep('m1', { role: 'MGR' }), makeRep('s1', { role: 'SE' })],
      deals,
    });
    const { file, notes } = draftPlan(dataset);
    expect(file.as_of).toBe('2024-06-30');
    expect(file.start).toBe('2024-07-01');
    expect(file.name).toBe('Quotas from 2024-07');
    expect(file.months).toBe(12);
    // 400,000 + 250,000 + 100,000 = 750,000, already a multiple of 1,000.
    expect(file.target).toBe(750_000);
    expect(notes.target).toBe(
      "last 12 months' bookings (2023-07..2024-06, new_business + expansion) = $750,000, rounded to $750,000, flat growth",
    );
    expect(Object.keys(file.roles)).toEqual(['AE', 'MGR', 'SE']);
    expect(file.roles.MGR).toEqual({
      ramp: [0.25, 0.5, 0.75],
      counts: ['new_business', 'expansion'],
      measure: 'bookings',
      quota: false,
    });
    expect(file.roles.AE?.quota).toBeUndefined();
    expect(file.methodology).toEqual({
      top_down_share: 0.5,
      growth: 0,
      over_assignment: 0,
      rounding: 1000,
    });
    expect(file.hires).toEqual([]);
    expect(file).not.toHaveProperty('confirmed');
  });

  it('counts renewals when an AM role is in the roster, and rounds to $1,000', () => {
    const dataset = makeDataset({
      reps: [makeRep('r1'), makeRep('a1', { role: 'AM' })],
      deals: [...deals, makeDeal('d7', { amount: 1_499_99, closeDate: '2024-03-01' })],
    });
    const { file, notes } = draftPlan(dataset);
    // 750,000 + 999,000 renewal + 1,499.99 = 1,750,499.99 → 1,750,000.
    expect(file.target).toBe(1_750_000);
    expect(notes.target).toContain('new_business + expansion + renewal');
  });

  it('starts from a given as-of date and skips its incomplete month', () => {
    const { file, notes } = draftPlan(makeDataset({ reps: [makeRep('r1')], deals }), {
      asOf: '2024-06-29',
    });
    expect(file.as_of).toBe('2024-06-29');
    expect(file.start).toBe('2024-07-01');
    // The window is 2023-06..2024-05: d1, d3 and d6 count, d2 (June 30) does not.
    expect(file.target).toBe(1_499_000);
    expect(notes.as_of).toBe('given to init-plan');
  });

  it('targets a number of deals under the count basis', () => {
    const dataset = makeDataset({ settings: { basis: 'count' }, reps: [makeRep('r1')], deals });
    const { file } = draftPlan(dataset);
    expect(file.target).toBe(3);
    expect(file.methodology.rounding).toBe(1);
  });

  it('refuses to draft a target of 0: a window without bookings has nothing to base it on', () => {
    const dataset = makeDataset({ reps: [makeRep('r1')], deals });
    expect(() => draftPlan(dataset, { asOf: '2030-06-30' })).toThrow(
      /no new_business \+ expansion bookings were won in 2029-07\.\.2030-06/,
    );
    // Bookings too small to round to $1,000 still give a target above 0.
    const small = makeDataset({
      reps: [makeRep('r1')],
      deals: [makeDeal('s1', { amount: 120_00, closeDate: '2024-03-01' })],
    });
    expect(draftPlan(small, { asOf: '2024-06-30' }).file.target).toBe(1000);
  });

  it('refuses a workspace without any date', () => {
    expect(() => draftPlan(makeDataset())).toThrow(DraftPlanError);
  });
});
