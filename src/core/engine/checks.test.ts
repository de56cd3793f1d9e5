import { describe, expect, it } from 'vitest';
import { planWithDefaults } from '../plan/defaults.ts';
import type { Plan } from '../plan/types.ts';
import { allocate } from './allocate.ts';
import { assumptionRegister } from './assumptions.ts';
import { checkPlan } from './checks.ts';
import type { CheckCode } from './checks.ts';
import { auditCurrentQuotas } from './current.ts';
import { explainAllocation, noHistoryReason } from './explain.ts';
import type { History, Seller } from './history.ts';
import { makeHistory, makeSeller } from './test-builders.ts';

function plan(overrides: Partial<Plan> = {}): Plan {
  return planWithDefaults({
    name: 'FY2025',
    start: '2025-01-01',
    currency: 'USD',
    target: { kind: 'total', total: 120_000_000 },
    seasonality: { mode: 'flat' },
    ...overrides,
  });
}

function run(p: Plan, sellers: Seller[], overrides: Partial<History> = {}) {
  const history = makeHistory(sellers, overrides);
  const allocation = allocate(p, history);
  return { history, allocation, checks: checkPlan(p, history, allocation) };
}

function check(report: ReturnType<typeof checkPlan>, code: CheckCode) {
  const c = report.checks.find((x) => x.code === code);
  if (c === undefined) throw new Error(`no check ${code}`);
  return c;
}

describe('checks (METHOD §6)', () => {
  it('reconciles segment totals and manager roll-ups up a two-level hierarchy', () => {
    const sellers = [
      makeSeller('r1', { own: 1_000_000, managerId: 'm1' }),
      makeSeller('r2', { own: 2_000_000, managerId: 'm1' }),
      makeSeller('r3', { own: 3_000_000, managerId: 'm2' }),
    ];
    const { allocation, checks } = run(plan(), sellers, {
      managerOf: new Map([
        ['r1', 'm1'],
        ['r2', 'm1'],
        ['r3', 'm2'],
        ['m1', 'vp'],
        ['m2', 'vp'],
        ['vp', null],
      ]),
      personNames: new Map([
        ['m1', 'Mia'],
        ['m2', 'Max'],
        ['vp', 'Vera'],
      ]),
    });
    expect(check(checks, 'reconciliation').status).toBe('pass');
    const byId = new Map(checks.rollups.map((r) => [r.managerId, r]));
    const q = (id: string) => allocation.reps.find((r) => r.id === id)?.quota ?? NaN;
    expect(byId.get('m1')?.quota).toBe(q('r1') + q('r2'));
    expect(byId.get('m2')?.quota).toBe(q('r3'));
    expect(byId.get('vp')?.quota).toBe(120_000_000);
    expect(byId.get('vp')?.reps).toBe(3);
    expect(byId.get('vp')?.monthly.reduce((a, b) => a + b, 0)).toBe(120_000_000);
  });

  it('fails reconciliation on a loop of reporting lines', () => {
    const { checks } = run(plan(), [makeSeller('r1', { managerId: 'm1' })], {
      managerOf: new Map([
        ['r1', 'm1'],
        ['m1', 'm2'],
        ['m2', 'm1'],
      ]),
    });
    const rec = check(checks, 'reconciliation');
    expect(rec.status).toBe('fail');
    expect(rec.findings.some((f) => f.message.includes('loop'))).toBe(true);
    expect(checks.failed).toBe(1);
  });

  it('flags quota-to-OTE outside [4, 6] on the fully ramped, annualised quota', () => {
    const sellers = [
      makeSeller('in', { own: 1_000_000, ote: 12_000_000 }), // quota 60M cents = 5× OTE
      makeSeller('low', { own: 1_000_000, ote: 20_000_000 }), // 3×
      makeSeller('none', { own: 1_000_000 }),
    ];
    const { checks } = run(plan({ target: { kind: 'total', total: 180_000_000 } }), sellers);
    const c = check(checks, 'quota-to-ote');
    expect(c.status).toBe('warning');
    expect(c.findings.map((f) => [f.subject.id, f.status, f.value])).toEqual([
      ['in', 'pass', 5],
      ['low', 'warning', 3],
    ]);
    expect(c.summary).toContain('1 reps without OTE');
  });

  it('annualises the quota of a rep who starts mid-year before comparing it with OTE', () => {
    const sellers = [
      makeSeller('full', { own: 1_000_000, ote: 10_000_000 }),
      makeSeller('new', { own: null, fitCapacity: 0, startDate: '2025-07-01', ote: 10_000_000 }),
    ];
    const { checks, allocation } = run(plan({ topDownShare: 1 }), sellers);
    const hire = allocation.reps.find((r) => r.id === 'new');
    const finding = check(checks, 'quota-to-ote').findings.find((f) => f.subject.id === 'new');
    expect(finding?.value).toBeCloseTo(((hire?.quota ?? 0) * 12) / 4.5 / 10_000_000, 9);
  });

  it('grades pipeline coverage of the first quarter: red below 2×, warning below 3×', () => {
    const sellers = [
      makeSeller('red', { openFirstQuarter: 10_000_000 }),
      makeSeller('amber', { openFirstQuarter: 25_000_000 }),
      makeSeller('green', { openFirstQuarter: 40_000_000 }),
    ];
    // Top-down, flat, equal weights: each rep's Q1 quota is 10,000,000 cents.
    const { checks } = run(plan({ topDownShare: 1 }), sellers);
    const c = check(checks, 'pipeline-coverage');
    // The months' leftover cents go to the earliest months: Q1 is 10,000,002 cents.
    expect(c.findings.map((f) => [f.subject.id, f.status, f.value?.toFixed(5)])).toEqual([
      ['amber', 'warning', '2.50000'],
      ['green', 'pass', '4.00000'],
      ['red', 'red', '1.00000'],
    ]);
    expect(c.status).toBe('warning');
  });

  it('says why coverage is low when open deals have no amount or no expected close date', () => {
    const sellers = [
      makeSeller('unpriced', { openFirstQuarter: 0, openFirstQuarterUnpriced: 2_089 }),
      makeSeller('priced', { openFirstQuarter: 40_000_000 }),
    ];
    const { checks } = run(plan({ topDownShare: 1 }), sellers);
    const c = check(checks, 'pipeline-coverage');
    expect(c.summary).toMatch(
      /^1 reps red \(< 2×\), \d below 3×, \d covered; 2,089 open deals have no amount or no expected close date, so they count as nothing: coverage is understated$/,
    );
    const red = c.findings.find((f) => f.subject.id === 'unpriced');
    expect(red?.message).toContain(
      '(2,089 open deals have no amount or no expected close date and count as nothing)',
    );
    expect(c.findings.find((f) => f.subject.id === 'priced')?.message).not.toContain('no amount');
  });

  it('marks high risk where quota exceeds 1.10× the targets of the rep’s accounts', () => {
    const sellers = [
      makeSeller('ok', { ownedAccounts: 3, accountTrailing12: 40_000_000 }),
      makeSeller('risky', { ownedAccounts: 2, accountTrailing12: 20_000_000 }),
      makeSeller('no-accounts'),
    ];
    const { checks } = run(plan({ topDownShare: 1 }), sellers);
    const c = check(checks, 'account-targets');
    expect(c.findings.map((f) => [f.subject.id, f.status, f.value])).toEqual([
      ['ok', 'pass', 1],
      ['risky', 'high-risk', 2],
    ]);
    expect(c.summary).toContain('1 reps own no accounts');
  });

  it('reports the capacity gap with the headcount that closes it', () => {
    const sellers = [makeSeller('a', { own: 2_000_000, fullMonths: 12 })];
    const { checks, allocation } = run(plan(), sellers);
    // C = 24,000,000 cents against T = 120,000,000: gap 96,000,000 = 4 FTE-years at 2,000,000 a month.
    expect(allocation.segments[0]?.headcountToClose).toBeCloseTo(4, 12);
    const c = check(checks, 'capacity');
    expect(c.status).toBe('warning');
    expect(c.findings[0]?.message).toContain('4.0 fully ramped FTEs');
  });

  it('measures fairness as the coefficient of variation of quota ÷ potential', () => {
    const sellers = [
      makeSeller('a', { ownedAccounts: 1, accountPotential: 100_000_000 }),
      makeSeller('b', { ownedAccounts: 1, accountPotential: 300_000_000 }),
    ];
    const { checks } = run(plan({ topDownShare: 1 }), sellers);
    const c = check(checks, 'fairness');
    // Ratios 0.6 and 0.2: mean 0.4, standard deviation 0.2.
    expect(c.findings[0]?.value).toBeCloseTo(0.5, 12);
    expect(c.status).toBe('info');
  });
});

describe('explanations', () => {
  it('carry the derivation and read as two or three sentences', () => {
    const sellers = [
      makeSeller('a', { name: 'Ana', own: 3_000_000 }),
      makeSeller('b', { name: 'Ben', own: 1_000_000, territoryId: null }),
    ];
    const p = plan();
    const { allocation } = run(p, sellers);
    const [ana] = explainAllocation(p, allocation);
    expect(ana?.derivation.topDownShare).toBe(0.5);
    expect(ana?.derivation.blended).toBeCloseTo(ana?.derivation.unrounded ?? NaN, 6);
    expect(ana?.derivation.productivity.credibility).toBe(1);
    expect(ana?.sentences).toHaveLength(3);
    expect(ana?.sentences[0]).toMatch(
      /^Ana's FY2025 quota is \$[\d,]+ of new business and expansion bookings \(Q1 \$/,
    );
    expect(ana?.sentences[2]).toContain('50% top-down and 50% bottom-up');
  });

  it('name the plan without its word "quotas", a note in brackets kept', () => {
    const sellers = [makeSeller('a', { name: 'Ana', own: 3_000_000 })];
    const cases: [string, string][] = [
      ['FY2025 quotas', 'FY2025'],
      ['FY2025 quotas (demo)', 'FY2025 (demo)'],
      ['FY2025 plan', 'FY2025 plan'],
    ];
    for (const [name, label] of cases) {
      const p = { ...plan(), name };
      const [ana] = explainAllocation(p, run(p, sellers).allocation);
      expect(ana?.sentences[0]).toMatch(
        new RegExp(`^Ana's ${label.replace(/[()]/g, '\\$&')} quota is `),
      );
    }
  });
});

describe('the no-history flag', () => {
  it('flags a rep with no won or lost deal in the history, and says where the quota comes from', () => {
    const sellers = [
      makeSeller('a', { name: 'Ana', own: 3_000_000, won: 4, lost: 2, fitMeasure: 36_000_000 }),
      makeSeller('b', { name: 'Ben', own: 0, won: 0, lost: 0, fitMeasure: 0 }),
    ];
    const { allocation, history } = run(plan(), sellers);
    const reasons = allocation.reps.map((r) => [
      r.id,
      noHistoryReason(
        r,
        history.sellers.find((s) => s.id === r.id),
        12,
      ),
    ]);
    expect(reasons[0]).toEqual(['a', null]);
    expect(reasons[1]?.[1]).toMatch(
      /^No won or lost deal in the 12 months of history: the quota comes from the territory's share of the target.*, not from a record of their own\.$/,
    );
    // Planned hires carry their own tag: no flag.
    const ben = allocation.reps[1];
    if (ben === undefined) throw new Error('no rep b');
    expect(noHistoryReason({ ...ben, planned: true }, history.sellers[1], 12)).toBeNull();
  });
});

describe('the assumption register', () => {
  it('lists every input as ASSUMED until confirmed, confirms children through a parent key, and names the reps that depend on it', () => {
    const sellers = [
      makeSeller('a', { own: 1_000_000 }),
      makeSeller('hire', { own: null, startDate: '2025-03-01', planned: true }),
    ];
    const p = plan({
      confirmed: {
        target: { by: 'cro@acme.com', at: '2024-11-20' },
        'roles.AE': { by: 'vp@acme.com', at: '2024-11-21' },
      },
    });
    const { allocation } = run(p, sellers);
    const register = assumptionRegister(p, allocation);
    const entry = (key: string) => register.entries.find((e) => e.key === key);
    expect(entry('target')).toMatchObject({ status: 'CONFIRMED', confirmedBy: 'cro@acme.com' });
    expect(entry('roles.AE.ramp')).toMatchObject({ status: 'CONFIRMED', reps: ['hire'] });
    expect(entry('methodology.top_down_share')).toMatchObject({
      status: 'ASSUMED',
      reps: ['a', 'hire'],
    });
    expect(entry('checks.coverage')).toMatchObject({ affects: 'checks', reps: [] });
    expect(register.repsOnAssumptions).toBe(2);
  });
});

describe('the current-methodology audit', () => {
  it('detects "last year + a flat %" and reports last period’s attainment', () => {
    const sellers = [
      makeSeller('a', { trailing12: 10_000_000, own: 1_000_000 }),
      makeSeller('b', { trailing12: 20_000_000, own: 1_000_000 }),
      makeSeller('c', { trailing12: 30_000_000, own: 1_000_000 }),
    ];
    const p = plan({
      currentQuotas: [
        { repId: 'a', quota: 11_000_000 },
        { repId: 'b', quota: 22_000_000 },
        { repId: 'c', quota: 33_000_000 },
        { repId: 'ghost', quota: 1 },
      ],
    });
    const { history, allocation } = run(p, sellers);
    const report = auditCurrentQuotas(p, history, allocation);
    expect(report?.flatUplift.detected).toBe(true);
    expect(report?.flatUplift.uplift).toBeCloseTo(0.1, 12);
    expect(report?.lastPeriod.shareAttaining).toBe(0);
    expect(report?.unknownReps).toEqual(['ghost']);
    expect(report?.findings[0]).toContain('last year + 10.0%');
  });

  it('is absent when no current quotas are given', () => {
    const p = plan();
    const { history, allocation } = run(p, [makeSeller('a')]);
    expect(auditCurrentQuotas(p, history, allocation)).toBeNull();
  });
});
