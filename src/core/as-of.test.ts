import { describe, expect, it } from 'vitest';
import { formatAsOf, latestPastDate, resolveAsOf } from './as-of.ts';
import { makeDataset, makeDeal, makeRep } from './audit/test-builders.ts';

describe('the as-of date (METHOD §1)', () => {
  // A CRM export taken on 2024-06-30 whose open pipeline is expected to close next year.
  const exported = makeDataset({
    reps: [makeRep('r1', { startDate: '2022-03-01' }), makeRep('r2', { endDate: '2024-05-31' })],
    deals: [
      makeDeal('won-1', { status: 'won', createdDate: '2024-04-02', closeDate: '2024-06-28' }),
      makeDeal('lost-1', { status: 'lost', createdDate: '2024-05-01', closeDate: '2024-06-30' }),
      makeDeal('open-1', { status: 'open', createdDate: '2024-06-12', closeDate: '2025-06-30' }),
      makeDeal('open-2', { status: 'open', createdDate: '2024-06-20', closeDate: '2024-09-15' }),
    ],
  });

  it('is the latest past date of the data: never an open deal’s expected close date', () => {
    expect(latestPastDate(exported)).toEqual({
      date: '2024-06-30',
      field: 'close date',
      entity: 'deal',
      id: 'lost-1',
    });
  });

  it('counts created dates, and reps’ start and end dates', () => {
    const created = makeDataset({
      reps: [],
      deals: [
        makeDeal('o', { status: 'open', createdDate: '2024-07-04', closeDate: '2026-01-01' }),
      ],
    });
    expect(latestPastDate(created)).toMatchObject({ date: '2024-07-04', field: 'created date' });
    const left = makeDataset({ reps: [makeRep('r9', { endDate: '2024-08-31' })], deals: [] });
    expect(latestPastDate(left)).toMatchObject({ date: '2024-08-31', field: 'end date', id: 'r9' });
    expect(latestPastDate(makeDataset({ reps: [], deals: [] }))).toBeNull();
  });

  it('takes a given date first, then the plan’s, then the workspace’s, then the data', () => {
    const data = () => latestPastDate(exported);
    expect(
      resolveAsOf({ given: '2024-01-31', givenAs: 'given with --as-of', plan: '2024-02-29', data }),
    ).toMatchObject({
      date: '2024-01-31',
      source: 'given',
      note: 'given with --as-of',
    });
    expect(resolveAsOf({ plan: '2024-02-29', workspace: '2024-03-31', data })).toMatchObject({
      date: '2024-02-29',
      source: 'plan',
    });
    expect(resolveAsOf({ plan: null, workspace: '2024-03-31', data })?.source).toBe('workspace');
    const fromData = resolveAsOf({ workspace: null, data });
    expect(fromData?.source).toBe('data');
    expect(fromData === null ? '' : formatAsOf(fromData)).toBe(
      "2024-06-30 (the latest past date in the data: the close date of closed deal lost-1; open deals' expected close dates are forecasts and do not count)",
    );
    expect(resolveAsOf({ data: () => null, planStartEve: '2024-12-31' })?.source).toBe(
      'plan start',
    );
    expect(resolveAsOf({ data: () => null })).toBeNull();
  });
});
