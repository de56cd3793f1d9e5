import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planWithDefaults } from '../plan/defaults.ts';
import type { Plan } from '../plan/types.ts';
import { allocate } from './allocate.ts';
import type { Allocation } from './allocate.ts';
import type { Seller } from './history.ts';
import { makeHistory, makeSeller } from './test-builders.ts';

const START = '2025-01-01';

function plan(overrides: Partial<Plan> = {}): Plan {
  return planWithDefaults({
    name: 'Test plan',
    start: START,
    currency: 'USD',
    target: { kind: 'total', total: 120_000_000 },
    seasonality: { mode: 'flat' },
    ...overrides,
  });
}

// ---- generators

const DATES_IN_2025 = fc
  .record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
  .map(
    ({ month, day }) => `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  );

const sellerArb = fc.record({
  segment: fc.constantFrom('SMB', 'MM', 'ENT'),
  territory: fc.constantFrom('t1', 't2', 't3', null),
  role: fc.constantFrom('AE', 'AM'),
  // Cents per ramped month: 0, or at least a cent (denormal doubles would break exact ratios).
  own: fc.option(fc.oneof(fc.constant(0), fc.double({ min: 1, max: 5_000_000, noNaN: true })), {
    nil: null,
  }),
  // Σ e over the fit window: 0, or at least a day at the first ramp step (never a denormal).
  fitCapacity: fc.oneof(fc.constant(0), fc.double({ min: 0.008, max: 24, noNaN: true })),
  fullMonths: fc.integer({ min: 0, max: 24 }),
  won: fc.integer({ min: 0, max: 50 }),
  lost: fc.integer({ min: 0, max: 50 }),
  start: fc.option(DATES_IN_2025, { nil: null, freq: 2 }),
  end: fc.option(DATES_IN_2025, { nil: null, freq: 2 }),
});

type SellerSpec = typeof sellerArb extends fc.Arbitrary<infer T> ? T : never;

function toSellers(specs: SellerSpec[]): Seller[] {
  return specs.map((s, i) =>
    makeSeller(`r${i + 1}`, {
      segment: s.segment,
      territoryId: s.territory,
      role: s.role,
      own: s.own,
      fitCapacity: s.fitCapacity,
      fullMonths: s.fullMonths,
      won: s.won,
      lost: s.lost,
      startDate: s.start,
      endDate: s.end,
    }),
  );
}

const planArb = fc.record({
  target: fc.integer({ min: 0, max: 10_000_000_000 }),
  alpha: fc.double({ min: 0, max: 1, noNaN: true }),
  growth: fc.double({ min: -0.5, max: 1, noNaN: true }),
  over: fc.double({ min: 0, max: 0.3, noNaN: true }),
  unit: fc.constantFrom(1, 100, 100_000),
});

function planOf(p: {
  target: number;
  alpha: number;
  growth: number;
  over: number;
  unit: number;
}): Plan {
  return plan({
    target: { kind: 'total', total: p.target },
    topDownShare: p.alpha,
    growth: p.growth,
    overAssignment: p.over,
    roundingUnit: p.unit,
  });
}

function bookingsQuota(a: Allocation): number {
  return a.reps.reduce((sum, r) => sum + r.quota, 0);
}

describe('allocate: the invariants of METHOD §5', () => {
  it('each segment: Σ quotas = round(T_s × (1 + o)) to the cent, Σ T_s = T; months sum to the annual quota, nothing negative', () => {
    fc.assert(
      fc.property(fc.array(sellerArb, { minLength: 1, maxLength: 12 }), planArb, (specs, p) => {
        const a = allocate(planOf(p), makeHistory(toSellers(specs)));
        if (a.issues.some((i) => i.severity === 'error')) return; // e.g. no rep active in the plan
        expect(a.segments.reduce((x, s) => x + s.target, 0)).toBe(p.target);
        for (const s of a.segments) {
          const sum = a.reps
            .filter((r) => r.segment === s.segment)
            .reduce((x, r) => x + r.quota, 0);
          expect(s.total).toBe(Math.round(s.target * (1 + p.over)));
          expect(sum).toBe(s.total);
        }
        expect(bookingsQuota(a)).toBe(a.segments.reduce((x, s) => x + s.total, 0));
        if (a.segments.length === 1) {
          expect(bookingsQuota(a)).toBe(Math.round(p.target * (1 + p.over)));
        }
        for (const r of a.reps) {
          expect(r.quota).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(r.quota)).toBe(true);
          expect(r.monthly.every((m) => m >= 0 && Number.isInteger(m))).toBe(true);
          expect(r.monthly.reduce((x, m) => x + m, 0)).toBe(r.quota);
          expect(r.quarters.reduce((x, m) => x + m, 0)).toBe(r.quota);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a rep with no effective capacity gets no quota, in any month', () => {
    fc.assert(
      fc.property(fc.array(sellerArb, { minLength: 1, maxLength: 8 }), planArb, (specs, p) => {
        const sellers = toSellers(specs);
        // One rep who left before the plan, one who starts after it.
        sellers.push(makeSeller('gone', { endDate: '2024-11-30', own: 1_000_000 }));
        sellers.push(makeSeller('later', { startDate: '2026-02-01', planned: true, own: null }));
        const a = allocate(planOf(p), makeHistory(sellers));
        expect(a.reps.find((r) => r.id === 'gone')).toBeUndefined();
        expect(a.reps.find((r) => r.id === 'later')).toBeUndefined();
        for (const r of a.reps) {
          r.effective.forEach((e, k) => {
            if (e === 0) expect(r.monthly[k]).toBe(0);
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('doubling every capacity and the target doubles every unrounded quota', () => {
    fc.assert(
      fc.property(fc.array(sellerArb, { minLength: 1, maxLength: 10 }), planArb, (specs, p) => {
        const sellers = toSellers(specs);
        const doubled = sellers.map((s) => ({ ...s, own: s.own === null ? null : 2 * s.own }));
        const a = allocate(planOf(p), makeHistory(sellers));
        const b = allocate(planOf({ ...p, target: 2 * p.target }), makeHistory(doubled));
        expect(b.reps.map((r) => r.id)).toEqual(a.reps.map((r) => r.id));
        a.reps.forEach((r, k) => {
          const twice = b.reps[k]?.unrounded ?? NaN;
          // Segment targets are whole cents, so a doubled split may differ by a cent or two.
          expect(Math.abs(twice - 2 * r.unrounded)).toBeLessThanOrEqual(
            2 + 1e-6 + 1e-9 * r.unrounded,
          );
          expect(Math.abs((b.reps[k]?.capacity ?? NaN) - 2 * r.capacity)).toBeLessThanOrEqual(
            1e-6 * Math.max(1, r.capacity),
          );
        });
      }),
      { numRuns: 200 },
    );
  });

  it('swapping two identical reps swaps their quotas, and input order does not matter', () => {
    fc.assert(
      fc.property(
        fc.array(sellerArb, { minLength: 1, maxLength: 8 }),
        sellerArb,
        planArb,
        fc.integer({ min: 0, max: 1000 }),
        (specs, twin, p, seed) => {
          const sellers = toSellers(specs);
          const a = makeSeller('twin-a', {
            segment: twin.segment,
            territoryId: twin.territory,
            own: twin.own,
            fitCapacity: twin.fitCapacity,
            fullMonths: twin.fullMonths,
            startDate: twin.start,
          });
          const b = { ...a, id: 'twin-b', name: 'Rep twin-b' };
          const one = allocate(planOf(p), makeHistory([...sellers, a, b]));
          // The same people, listed in another order.
          const shuffled = [...sellers, b, a];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = (seed * (i + 7)) % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j] as Seller, shuffled[i] as Seller];
          }
          const two = allocate(planOf(p), makeHistory(shuffled));
          expect(two.reps.map((r) => [r.id, r.quota, r.monthly])).toEqual(
            one.reps.map((r) => [r.id, r.quota, r.monthly]),
          );
          const ra = one.reps.find((r) => r.id === 'twin-a');
          const rb = one.reps.find((r) => r.id === 'twin-b');
          if (ra === undefined || rb === undefined) return;
          expect(rb.unrounded).toBe(ra.unrounded);
          // Rounding may give one twin the extra unit and the cents left below a unit (ties go
          // to the smaller id), never more.
          expect(Math.abs(ra.quota - rb.quota)).toBeLessThan(2 * p.unit);
          expect(ra.quota).toBeGreaterThanOrEqual(rb.quota);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('allocate: segments, pools and edge cases', () => {
  it('splits a total target over segments in proportion to bottom-up capacity', () => {
    const sellers = [
      makeSeller('a', { segment: 'SMB', own: 1_000_000 }),
      makeSeller('b', { segment: 'ENT', own: 3_000_000 }),
    ];
    const a = allocate(
      plan({ target: { kind: 'total', total: 100_000_000 } }),
      makeHistory(sellers),
    );
    const smb = a.segments.find((s) => s.segment === 'SMB');
    const ent = a.segments.find((s) => s.segment === 'ENT');
    expect(smb?.target).toBe(25_000_000);
    expect(ent?.target).toBe(75_000_000);
    expect(smb?.targetSource).toBe('plan total split by capacity');
    expect(a.methodology).toBe('blended');
  });

  it('runs per segment with the segment targets the plan gives (segment-weighted blended)', () => {
    const sellers = [
      makeSeller('a', { segment: 'SMB', own: 1_000_000 }),
      makeSeller('b', { segment: 'ENT', own: 3_000_000 }),
    ];
    const a = allocate(
      plan({ target: { kind: 'segments', bySegment: { SMB: 40_000_000, ENT: 60_000_000 } } }),
      makeHistory(sellers),
    );
    expect(a.methodology).toBe('segment-weighted blended');
    expect(a.reps.find((r) => r.id === 'a')?.quota).toBe(40_000_000);
    expect(a.reps.find((r) => r.id === 'b')?.quota).toBe(60_000_000);
  });

  it('refuses a segment target without reps, and reps of a segment without a target', () => {
    const a = allocate(
      plan({ target: { kind: 'segments', bySegment: { SMB: 40_000_000, MM: 10_000_000 } } }),
      makeHistory([makeSeller('a', { segment: 'SMB' }), makeSeller('b', { segment: 'ENT' })]),
    );
    const codes = a.issues
      .filter((i) => i.severity === 'error')
      .map((i) => `${i.code}:${i.location?.id}`);
    expect(codes).toEqual([
      'plan-segment-without-target:ENT',
      'plan-target-segment-without-reps:MM',
    ]);
  });

  it('runs a segment without productivity history top-down only, and says so', () => {
    const sellers = [
      makeSeller('a', { own: null, fitCapacity: 0 }),
      makeSeller('b', { own: null, fitCapacity: 0 }),
    ];
    const a = allocate(plan(), makeHistory(sellers));
    expect(a.segments[0]?.bottomUpAvailable).toBe(false);
    expect(a.segments[0]?.topDownShare).toBe(1);
    expect(a.issues.map((i) => i.code)).toContain('plan-no-bottom-up');
    expect(a.reps.map((r) => r.quota)).toEqual([60_000_000, 60_000_000]);
  });

  it('keeps roles with another measure in their own pool with their own target', () => {
    const sellers = [
      makeSeller('ae', { own: 1_000_000 }),
      makeSeller('sdr', { role: 'SDR', measure: 'sourced_pipeline', own: 5_000_000 }),
    ];
    const p = plan({
      roles: {
        ...plan().roles,
        SDR: { ...plan().defaultRole, measure: 'sourced_pipeline', target: 50_000_000 },
      },
    });
    const a = allocate(p, makeHistory(sellers));
    expect(a.reps.find((r) => r.id === 'ae')?.quota).toBe(120_000_000);
    expect(a.reps.find((r) => r.id === 'sdr')?.quota).toBe(50_000_000);
    expect(a.target).toBe(120_000_000);
    const sdr = a.segments.find((s) => s.pool === 'SDR');
    expect(sdr?.targetSource).toBe('role target');
  });

  it('widens a cohort from role and segment to segment to all reps', () => {
    const sellers = [
      makeSeller('veteran', { segment: 'ENT', own: 2_000_000 }),
      makeSeller('new-smb', { segment: 'SMB', own: null, fitCapacity: 0, fullMonths: 0 }),
    ];
    const a = allocate(plan(), makeHistory(sellers));
    const rep = a.reps.find((r) => r.id === 'new-smb');
    expect(rep?.cohort).toEqual({ level: 'all reps', productivity: 2_000_000, members: 1 });
    expect(rep?.credibility).toBe(0);
    expect(rep?.productivity).toBe(2_000_000);
  });
});
