// Mid-period changes: proration of the month that contains the effective date (with the worked
// example of docs/methodology.md) and the structural-change flag.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prorateChange, structuralChanges } from './adjustments.ts';
import type { QuotaChange } from './adjustments.ts';

const plan = { planStart: '2025-01-01', months: 12 };
const flat = (cents: number): number[] => new Array<number>(12).fill(cents);

describe('worked example: quota relief from 11 April', () => {
  it('gives April 10 days at the old quota and 20 at the new one', () => {
    const result = prorateChange({
      ...plan,
      before: flat(3_000_000),
      after: flat(1_500_000),
      effective: '2025-04-11',
    });
    expect(result).toEqual({
      ok: true,
      value: [...flat(3_000_000).slice(0, 3), 2_000_000, ...flat(1_500_000).slice(4)],
    });
  });
});

describe('prorateChange', () => {
  it('rounds the prorated month half away from zero', () => {
    // February 2025: 28 days; from the 15th, 14 days before and 14 from: (101 + 0) / 2 = 50.5 → 51.
    const result = prorateChange({
      ...plan,
      before: flat(101),
      after: flat(0),
      effective: '2025-02-15',
    });
    expect(result.ok && result.value[1]).toBe(51);
  });

  it('returns an Issue for an effective date outside the plan or not a date', () => {
    const outside = prorateChange({
      ...plan,
      before: flat(1),
      after: flat(2),
      effective: '2026-01-01',
    });
    expect(outside).toMatchObject({
      ok: false,
      issues: [
        { code: 'adjustment-date-outside-plan', expected: 'a date from 2025-01-01 to 2025-12-31' },
      ],
    });
    const invalid = prorateChange({
      ...plan,
      before: flat(1),
      after: flat(2),
      effective: '2025-02-29',
    });
    expect(invalid).toMatchObject({ ok: false, issues: [{ code: 'adjustment-date-invalid' }] });
  });

  it('refuses monthly values of the wrong length', () => {
    expect(() =>
      prorateChange({ ...plan, before: [1], after: flat(2), effective: '2025-03-01' }),
    ).toThrow(/before must hold 12 monthly amounts/);
  });

  const change = fc
    .record({
      months: fc.integer({ min: 1, max: 18 }),
      before: fc.array(fc.integer({ min: -1e9, max: 1e11 }), { minLength: 18, maxLength: 18 }),
      after: fc.array(fc.integer({ min: -1e9, max: 1e11 }), { minLength: 18, maxLength: 18 }),
      month: fc.nat(),
      day: fc.integer({ min: 1, max: 31 }),
    })
    .map(({ months, before, after, month, day }): { change: QuotaChange; month: number } => {
      const m = month % months;
      const date = new Date(Date.UTC(2025, m, 1));
      const last = new Date(Date.UTC(2025, m + 1, 0)).getUTCDate();
      const iso = `${date.toISOString().slice(0, 8)}${String(Math.min(day, last)).padStart(2, '0')}`;
      return {
        change: {
          planStart: '2025-01-01',
          months,
          before: before.slice(0, months),
          after: after.slice(0, months),
          effective: iso,
        },
        month: m,
      };
    });

  it('keeps earlier months, takes the new values later, and stays between the two in the month of the change', () => {
    fc.assert(
      fc.property(change, ({ change: c, month }) => {
        const result = prorateChange(c);
        if (!result.ok) throw new Error('a date inside the plan was refused');
        result.value.forEach((v, m) => {
          const b = c.before[m] ?? 0;
          const a = c.after[m] ?? 0;
          expect(Number.isInteger(v)).toBe(true);
          if (m < month) expect(v).toBe(b);
          else if (m > month) expect(v).toBe(a);
          else {
            expect(v).toBeGreaterThanOrEqual(Math.min(a, b));
            expect(v).toBeLessThanOrEqual(Math.max(a, b));
          }
        });
      }),
    );
  });

  it('gives the month the new value exactly when the change is effective on its first day', () => {
    fc.assert(
      fc.property(change, ({ change: c, month }) => {
        const first = { ...c, effective: `${c.effective.slice(0, 8)}01` };
        const result = prorateChange(first);
        expect(result.ok && result.value[month]).toBe(c.after[month]);
      }),
    );
  });

  it('changes nothing when the quota before and after are the same', () => {
    fc.assert(
      fc.property(change, ({ change: c }) => {
        expect(prorateChange({ ...c, after: c.before })).toEqual({ ok: true, value: c.before });
      }),
    );
  });
});

describe('structuralChanges', () => {
  it('flags a quarter in which more than one rep changed, and not a rep changed twice', () => {
    const flags = structuralChanges(
      [
        { repId: 'B', effective: '2025-04-11' },
        { repId: 'A', effective: '2025-06-30' },
        { repId: 'A', effective: '2025-05-01' },
        { repId: 'C', effective: '2025-08-01' },
        { repId: 'C', effective: '2025-09-15' },
        { repId: 'D', effective: '2026-02-01' },
      ],
      { ...plan, kind: 'quarter' },
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      label: 'Q2',
      from: '2025-04-01',
      to: '2025-06-30',
      repIds: ['A', 'B'],
      adjustments: 3,
      issue: { code: 'structural-change', severity: 'warning' },
    });
    expect(flags[0]?.issue.message).toBe(
      '2 reps had their quota changed in Q2 (A, B): a structural change to review as a whole, not rep by rep',
    );
  });

  it('groups by month when asked', () => {
    const adjustments = [
      { repId: 'A', effective: '2025-04-30' },
      { repId: 'B', effective: '2025-05-01' },
    ];
    expect(structuralChanges(adjustments, { ...plan, kind: 'month' })).toEqual([]);
    expect(structuralChanges(adjustments, { ...plan, kind: 'year' }).map((f) => f.label)).toEqual([
      'Year',
    ]);
  });
});
