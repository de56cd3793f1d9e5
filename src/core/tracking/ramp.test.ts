// Ramp tracking of new hires, with the worked example of docs/methodology.md: a hire starting
// on 16 March with the default ramp who is 32 days behind the curve on 10 May.
import { describe, expect, it } from 'vitest';
import { trackRamps } from './ramp.ts';
import type { RampRep, RampTrackingInput } from './ramp.ts';

const months = (...cents: number[]): number[] =>
  Array.from({ length: 12 }, (_, m) => cents[m] ?? 0);

// Full rate $40,000 a month. March: 16 of 31 days × 0.25; April 0.50; May 0.75; then full.
const ria: RampRep = {
  repId: 'H-1',
  name: 'Ria',
  startDate: '2025-03-16',
  ramp: [0.25, 0.5, 0.75],
  monthly: months(0, 0, 516_129, 2_000_000, 3_000_000, 4_000_000, 4_000_000),
};

const input: RampTrackingInput = {
  planStart: '2025-01-01',
  months: 12,
  reps: [ria],
  bookings: { 'H-1': months(0, 0, 0, 800_000, 200_000) },
  asOf: '2025-05-10',
};

describe('worked example: Ria on 10 May', () => {
  const [tracked] = trackRamps(input);

  it('shows the ramped quota against the full quota of each ramp month', () => {
    expect(
      tracked?.months.map((m) => [m.label, m.tenureMonth, m.rampFactor, m.quota, m.fullQuota]),
    ).toEqual([
      ['2025-03', 1, 0.25, 516_129, 2_064_516],
      ['2025-04', 2, 0.5, 2_000_000, 4_000_000],
      ['2025-05', 3, 0.75, 3_000_000, 4_000_000],
    ]);
  });

  it('marks finished months whose cumulative bookings fell short as missed', () => {
    expect(tracked?.months.map((m) => m.milestone)).toEqual(['missed', 'missed', 'in-progress']);
    expect(tracked?.months.map((m) => m.cumulativeBookings)).toEqual([0, 800_000, 1_000_000]);
  });

  it('is 32 days behind: the curve stood at her $10,000 on 7.26 April', () => {
    // Expected by 10 May: 5,161.29 + 20,000 + 30,000 × 10/31 = $34,838.71.
    expect(tracked?.expectedToDate).toBe(3_483_871);
    expect(tracked?.bookingsToDate).toBe(1_000_000);
    expect(tracked?.daysBehind).toBe(32);
    expect(tracked?.status).toBe('behind');
    expect(tracked?.rampComplete).toBe(false);
  });

  it('is on track with a wider tolerance, and on track at zero days when ahead of the curve', () => {
    expect(trackRamps({ ...input, maxDaysBehind: 45 })[0]?.status).toBe('on-track');
    const ahead = trackRamps({
      ...input,
      bookings: { 'H-1': months(0, 0, 600_000, 2_000_000, 1_000_000) },
    })[0];
    expect(ahead).toMatchObject({ daysBehind: 0, status: 'on-track' });
    expect(ahead?.months.map((m) => m.milestone)).toEqual(['met', 'met', 'in-progress']);
  });
});

describe('trackRamps', () => {
  it('counts the days behind from the start date, not the start of the month', () => {
    // Nothing booked by 20 March: five days of her curve (16 to 20 March) have passed.
    const [early] = trackRamps({ ...input, bookings: {}, asOf: '2025-03-20' });
    expect(early).toMatchObject({ daysBehind: 5, status: 'on-track' });
  });

  it('has no status before the start date', () => {
    const [before] = trackRamps({ ...input, asOf: '2025-03-10' });
    expect(before).toMatchObject({ daysBehind: null, status: 'not-started', expectedToDate: 0 });
    expect(before?.months.map((m) => m.milestone)).toEqual(['in-progress', 'upcoming', 'upcoming']);
  });

  it('judges the ramp at its last day once it is over', () => {
    const [done] = trackRamps({ ...input, asOf: '2025-09-30' });
    expect(done?.rampComplete).toBe(true);
    expect(done?.expectedToDate).toBe(516_129 + 2_000_000 + 3_000_000);
    expect(done?.months.map((m) => m.milestone)).toEqual(['missed', 'missed', 'missed']);
  });

  it('tracks a hire who started before the plan from the plan start, and leaves out anyone already ramped', () => {
    const reps: RampRep[] = [
      { ...ria, repId: 'E', startDate: '2024-12-10', monthly: months(2_000_000, 3_000_000) },
      { ...ria, repId: 'F', startDate: '2024-06-01', monthly: months(4_000_000) },
      { ...ria, repId: 'G', startDate: '2026-02-01', monthly: months() },
    ];
    const tracked = trackRamps({ ...input, reps, bookings: {} });
    expect(tracked.map((t) => t.repId)).toEqual(['E']);
    expect(tracked[0]?.months.map((m) => [m.label, m.tenureMonth])).toEqual([
      ['2025-01', 2],
      ['2025-02', 3],
    ]);
  });

  it('refuses a ramp step above 1 and a quota of the wrong length', () => {
    expect(() => trackRamps({ ...input, reps: [{ ...ria, ramp: [1.5] }] })).toThrow(
      /outside \[0, 1\]/,
    );
    expect(() => trackRamps({ ...input, reps: [{ ...ria, monthly: [1] }] })).toThrow(/1 months/);
  });
});
