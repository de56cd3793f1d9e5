// Attainment tracking of a period (METHOD §9), with the worked example of docs/methodology.md
// ("Tracking attainment"): three reps and a manager carrying quota, two levels of managers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { QuotaLine, TrackingInput } from './track.ts';
import { trackAttainment } from './track.ts';
import { TrackingInputError } from './errors.ts';

const dollars = (d: number): number => d * 100;
const flat = (d: number): number[] => new Array<number>(12).fill(dollars(d));
/** Bookings in dollars for the first months of the plan, zero afterwards. */
const booked = (...d: number[]): number[] =>
  Array.from({ length: 12 }, (_, m) => dollars(d[m] ?? 0));

const [ana, ...others]: [QuotaLine, ...QuotaLine[]] = [
  {
    repId: 'A',
    name: 'Ana',
    managerId: 'M',
    territoryId: 'N',
    segment: 'SMB',
    monthly: flat(30_000),
  },
  {
    repId: 'B',
    name: 'Ben',
    managerId: 'M',
    territoryId: 'S',
    segment: 'SMB',
    monthly: flat(20_000),
  },
  {
    repId: 'M',
    name: 'Mia',
    managerId: 'V',
    territoryId: 'N',
    segment: 'SMB',
    monthly: flat(10_000),
  },
  {
    repId: 'C',
    name: 'Cal',
    managerId: 'D',
    territoryId: 'S',
    segment: 'MM',
    monthly: flat(40_000),
  },
];
const quotas = [ana, ...others];

const example: TrackingInput = {
  planStart: '2025-01-01',
  months: 12,
  quotas,
  bookings: {
    A: booked(30_000, 30_000, 25_000, 25_000, 12_000, 99_999), // June is after the as-of month: ignored
    B: booked(0, 0, 0, 22_000, 15_000),
    C: booked(0, 0, 0, 40_000, 20_000),
  },
  asOf: '2025-05-20',
  period: { kind: 'quarter', index: 1 },
  thresholds: { green: 0.9, red: 0.6 },
  org: [
    { id: 'V', name: 'Vera (VP Sales)', managerId: null },
    { id: 'D', name: 'Dev', managerId: 'V' },
  ],
};

describe('worked example: Q2 on 20 May', () => {
  const report = trackAttainment(example);
  const rep = (id: string) => report.reps.find((r) => r.repId === id);
  const manager = (id: string) => report.managers.find((g) => g.key === id);

  it('counts 20 May as elapsed: E = April + 20/31 of May', () => {
    expect(report.period).toMatchObject({ label: 'Q2', state: 'open', elapsedDays: 50 });
    expect(rep('A')).toMatchObject({
      quota: dollars(90_000),
      bookings: dollars(37_000),
      gap: dollars(53_000),
      // 30,000 + 30,000 × 20 / 31 = 49,354.838… → $49,354.84
      expected: 4_935_484,
      indicator: 'yellow',
    });
    expect(rep('A')?.attainment).toBeCloseTo(0.4111, 4);
    expect(rep('A')?.paceAttainment).toBeCloseTo(0.7497, 4);
  });

  it('colours each rep on pace while the quarter is open', () => {
    expect(rep('B')?.paceAttainment).toBeCloseTo(1.1245, 4);
    expect(rep('B')?.indicator).toBe('green');
    expect(rep('C')?.paceAttainment).toBeCloseTo(0.9118, 4);
    expect(rep('C')?.indicator).toBe('green');
    expect(rep('M')).toMatchObject({ bookings: 0, paceAttainment: 0, indicator: 'red' });
    expect(report.reps.map((r) => [r.repId, r.expected])).toEqual([
      ['A', 4_935_484],
      ['B', 3_290_323],
      ['C', 6_580_645],
      ['M', 1_645_161],
    ]);
    expect(rep('B')?.attainment).toBeCloseTo(0.6167, 4);
    expect(rep('C')?.attainment).toBe(0.5);
  });

  it('rolls a manager up over the whole subtree, its own quota included', () => {
    expect(manager('M')).toMatchObject({
      label: 'Mia',
      reps: 3,
      quota: dollars(180_000),
      bookings: dollars(74_000),
      expected: 9_870_968,
      indicator: 'yellow',
    });
    // Vera carries no quota; her roll-up reaches Cal through Dev, a manager without a quota line.
    expect(manager('V')).toMatchObject({
      label: 'Vera (VP Sales)',
      reps: 4,
      quota: dollars(300_000),
      bookings: dollars(134_000),
      expected: 16_451_613,
      indicator: 'yellow',
    });
    expect(manager('V')?.attainment).toBeCloseTo(134 / 300, 10);
    expect(manager('V')?.paceAttainment).toBeCloseTo(0.8145, 4);
    expect(manager('M')?.paceAttainment).toBeCloseTo(0.7497, 4);
    expect(manager('D')).toMatchObject({ label: 'Dev', reps: 1, bookings: dollars(60_000) });
    expect(report.organisation).toMatchObject({
      quota: dollars(300_000),
      bookings: dollars(134_000),
    });
  });

  it('groups by territory and segment', () => {
    expect(report.territories.map((g) => [g.key, g.reps, g.bookings])).toEqual([
      ['N', 2, dollars(37_000)],
      ['S', 2, dollars(97_000)],
    ]);
    expect(report.segments.map((g) => [g.key, g.quota])).toEqual([
      ['MM', dollars(120_000)],
      ['SMB', dollars(180_000)],
    ]);
  });

  it('gives a monthly series whose months after the as-of month have no bookings yet', () => {
    expect(rep('A')?.series).toEqual([
      {
        month: 3,
        label: '2025-04',
        quota: dollars(30_000),
        bookings: dollars(25_000),
        cumulativeQuota: dollars(30_000),
        cumulativeBookings: dollars(25_000),
      },
      {
        month: 4,
        label: '2025-05',
        quota: dollars(30_000),
        bookings: dollars(12_000),
        cumulativeQuota: dollars(60_000),
        cumulativeBookings: dollars(37_000),
      },
      {
        month: 5,
        label: '2025-06',
        quota: dollars(30_000),
        bookings: null,
        cumulativeQuota: dollars(90_000),
        cumulativeBookings: null,
      },
    ]);
  });

  it('judges a closed quarter on attainment and has no colour for one not started', () => {
    const q1 = trackAttainment({ ...example, period: { kind: 'quarter', index: 0 } });
    const ana = q1.reps.find((r) => r.repId === 'A');
    expect(q1.period.state).toBe('closed');
    expect(ana).toMatchObject({
      bookings: dollars(85_000),
      expected: dollars(90_000),
      indicator: 'green',
    });
    expect(q1.reps.find((r) => r.repId === 'B')?.indicator).toBe('red');
    const q3 = trackAttainment({ ...example, period: { kind: 'quarter', index: 2 } });
    expect(q3.period.state).toBe('not-started');
    expect(q3.reps.every((r) => r.indicator === null && r.paceAttainment === null)).toBe(true);
  });
});

describe('trackAttainment', () => {
  it('has no attainment and no colour for a rep without quota in the period', () => {
    const report = trackAttainment({
      ...example,
      quotas: [{ ...ana, monthly: new Array<number>(12).fill(0) }],
      bookings: {},
      org: [],
    });
    expect(report.reps[0]).toMatchObject({
      quota: 0,
      attainment: null,
      paceAttainment: null,
      indicator: null,
    });
  });

  it('reports bookings of someone without a quota line and leaves them out of every roll-up', () => {
    const report = trackAttainment({
      ...example,
      bookings: { ...example.bookings, X: booked(0, 0, 0, 5_000) },
    });
    expect(report.issues.map((i) => i.code)).toEqual(['bookings-without-quota']);
    expect(report.organisation.bookings).toBe(dollars(134_000));
  });

  it('refuses quotas or bookings of the wrong length and two lines for one rep', () => {
    expect(() => trackAttainment({ ...example, bookings: { A: [1, 2] } })).toThrow(
      /the bookings of A has 2 months \(expected 12\)/,
    );
    expect(() => trackAttainment({ ...example, quotas: [...quotas, ana] })).toThrow(
      TrackingInputError,
    );
  });

  it('makes every manager’s roll-up the sum over its subtree, and the organisation the sum of all', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            manager: fc.option(fc.nat(), { nil: null }),
            quota: fc.nat({ max: 5_000_000 }),
            booked: fc.nat({ max: 5_000_000 }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        fc.integer({ min: 0, max: 11 }),
        (people, month) => {
          // Each person reports to someone listed earlier, so the lines form a forest.
          const managerOf = people.map((p, i) =>
            p.manager === null || i === 0 ? null : p.manager % i,
          );
          const lines: QuotaLine[] = people.map((p, i) => ({
            repId: `r${i}`,
            name: `Rep ${i}`,
            managerId: managerOf[i] === null ? null : `r${managerOf[i]}`,
            territoryId: null,
            segment: null,
            monthly: new Array<number>(12).fill(p.quota),
          }));
          const bookings = Object.fromEntries(
            people.map((p, i) => [`r${i}`, new Array<number>(12).fill(p.booked)]),
          );
          const report = trackAttainment({
            ...example,
            quotas: lines,
            bookings,
            org: [],
            period: { kind: 'month', index: month },
          });
          const under = (top: number, i: number): boolean => {
            for (let at: number | null = i; at !== null; at = managerOf[at] ?? null) {
              if (at === top) return true;
            }
            return false;
          };
          for (const group of report.managers) {
            const top = Number((group.key ?? '').slice(1));
            const members = people.filter((_, i) => under(top, i));
            expect(group.reps).toBe(members.length);
            expect(group.quota).toBe(members.reduce((a, p) => a + p.quota, 0));
            expect(group.bookings).toBe(month <= 4 ? members.reduce((a, p) => a + p.booked, 0) : 0);
          }
          const all = (f: (r: (typeof report.reps)[number]) => number) =>
            report.reps.reduce((a, r) => a + f(r), 0);
          expect(report.organisation.quota).toBe(all((r) => r.quota));
          expect(report.organisation.bookings).toBe(all((r) => r.bookings));
          expect(report.organisation.gap).toBe(
            report.organisation.quota - report.organisation.bookings,
          );
        },
      ),
    );
  });
});
