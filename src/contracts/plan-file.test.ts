// The plan file schema: what a valid file turns into, and that every mistake is named by its key
// path, its value and what was expected.

import { describe, expect, it } from 'vitest';
import { formatIssue } from '../core/issue.ts';
import { AE_ROLE, DEFAULT_ROLES, planWithDefaults } from '../core/plan/defaults.ts';
import { PRESETS } from '../core/simulation/index.ts';
import {
  confirmedTerritories,
  parsePlanFile,
  PlanTablesMissingError,
  toPlan,
  type PlanFile,
  type PlanFileProblem,
} from './plan-file.ts';

const MINIMAL = { name: 'FY2027 quotas', start: '2027-01-01', currency: 'USD', target: 12_000_000 };

function valid(input: unknown): PlanFile {
  const parsed = parsePlanFile(input);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => formatIssue(p.issue)).join('\n'));
  return parsed.value;
}

function problems(input: unknown): PlanFileProblem[] {
  const parsed = parsePlanFile(input, 'plan.yaml');
  if (parsed.ok) throw new Error('expected the file to be refused');
  return parsed.problems;
}

/** The formatted lines of a refused file. */
function errors(input: unknown): string[] {
  return problems(input).map((p) => formatIssue(p.issue));
}

describe('a valid plan file', () => {
  it('takes METHOD.md defaults for every key it leaves out', () => {
    const plan = toPlan(valid(MINIMAL), 'amount');
    expect(plan).toEqual(
      planWithDefaults({
        name: 'FY2027 quotas',
        start: '2027-01-01',
        currency: 'USD',
        target: { kind: 'total', total: 1_200_000_000 },
      }),
    );
  });

  it('converts currency units to cents, and deals to hundredths under the count basis', () => {
    const file = valid({
      ...MINIMAL,
      target: 10_005_534.25,
      methodology: { rounding: 500 },
      ote: { 'R-1': 150_000 },
    });
    const plan = toPlan(file, 'amount');
    expect(plan.target).toEqual({ kind: 'total', total: 1_000_553_425 });
    expect(plan.roundingUnit).toBe(50_000);
    expect(plan.ote).toEqual({ 'R-1': 15_000_000 });
    // 500 deals = 50,000 hundredths; the default rounding unit is one deal.
    const counted = toPlan(valid({ ...MINIMAL, target: 500 }), 'count');
    expect(counted.target).toEqual({ kind: 'total', total: 50_000 });
    expect(counted.roundingUnit).toBe(100);
    expect(toPlan(valid(MINIMAL), 'amount').roundingUnit).toBe(100_000);
    // Large amounts keep their cents exactly.
    expect(toPlan(valid({ ...MINIMAL, target: 123_456_789_012.34 }), 'amount').target).toEqual({
      kind: 'total',
      total: 12_345_678_901_234,
    });
  });

  it('reads every key of the documented example', () => {
    const file = valid({
      name: 'FY2027 quotas',
      start: '2027-01-01',
      months: 12,
      currency: 'USD',
      targets: { SMB: 4_000_000, MM: 5_000_000, ENT: 3_000_000 },
      methodology: { top_down_share: 0.6, growth: 0.1, over_assignment: 0.05, rounding: 1000 },
      seasonality: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.1],
      as_of: '2026-10-31',
      history_months: 18,
      seed: 7,
      roles: {
        AE: { ramp: [0.2, 0.6], counts: ['new_business'], ote: 150_000 },
        SDR: { measure: 'sourced_pipeline', target: 3_000_000 },
        MGR: { quota: false },
        SE: { measure: 'bookings' },
      },
      territory_weights: {
        bounds: [0.8, 1.2],
        coefficients: { potential: 1 },
        overrides: { 'TR-7': 1.1 },
      },
      hires: [
        {
          id: 'HIRE-1',
          name: 'New AE West',
          role: 'AE',
          segment: 'SMB',
          territory: 'TR-7',
          manager: 'M-2',
          start: '2027-03-15',
          ote: 140_000,
        },
        { id: 'HIRE-2', start: '2027-05-01' },
      ],
      departures: [{ rep: 'R-12', end: '2027-06-30' }],
      ote: { 'R-1': 150_000 },
      account_targets: 'derived',
      current_quotas: 'none',
      checks: {
        quota_to_ote: [3, 7],
        coverage: { warning: 2.5, red: 1.5 },
        account_target_ratio: 1.2,
        backtest: { pass: [0.65, 0.85], review_below: 0.5 },
        indicators: { green: 0.95, red: 0.5 },
      },
      confirmed: {
        target: { by: 'cro@acme.com', at: '2026-11-20' },
        'targets.SMB': { by: 'cro@acme.com', at: '2026-11-20' },
        'methodology.top_down_share': { by: 'vp.sales@acme.com', at: '2026-11-21' },
        'roles.AE.ramp': { by: 'vp.sales@acme.com', at: '2026-11-21' },
        'territory_weights.overrides.TR-7': { by: 'ops@acme.com', at: '2026-11-21' },
        'hires.HIRE-1': { by: 'ops@acme.com', at: '2026-11-21' },
        'departures.R-12': { by: 'ops@acme.com', at: '2026-11-21' },
        'ote.R-1': { by: 'hr@acme.com', at: '2026-11-21' },
        'checks.coverage': { by: 'ops@acme.com', at: '2026-11-21' },
      },
    });
    const plan = toPlan(file, 'amount');
    expect(plan.target).toEqual({
      kind: 'segments',
      bySegment: { SMB: 400_000_000, MM: 500_000_000, ENT: 300_000_000 },
    });
    expect([plan.topDownShare, plan.growth, plan.overAssignment]).toEqual([0.6, 0.1, 0.05]);
    expect(plan.seasonality).toEqual({ mode: 'custom', shares: file.seasonality });
    expect([plan.asOf, plan.historyMonths, plan.seed]).toEqual(['2026-10-31', 18, 7]);
    // Roles merge over their defaults; a role code the defaults do not know starts as an AE.
    expect(plan.roles.AE).toEqual({
      ...AE_ROLE,
      ramp: [0.2, 0.6],
      counts: ['new_business'],
      ote: 15_000_000,
    });
    expect(plan.roles.SDR).toEqual({ ...DEFAULT_ROLES.SDR, target: 300_000_000 });
    expect(plan.roles.MGR?.carriesQuota).toBe(false);
    expect(plan.roles.AM).toEqual(DEFAULT_ROLES.AM);
    expect(plan.roles.SE).toEqual(AE_ROLE);
    // Coefficients given replace the defaults: the ones left out are 0.
    expect(plan.territoryWeights).toEqual({
      min: 0.8,
      max: 1.2,
      coefficients: { potential: 1, accounts: 0, win_rate: 0 },
      overrides: { 'TR-7': 1.1 },
    });
    expect(plan.hires).toEqual([
      {
        id: 'HIRE-1',
        name: 'New AE West',
        role: 'AE',
        segment: 'SMB',
        territoryId: 'TR-7',
        managerId: 'M-2',
        startDate: '2027-03-15',
        endDate: null,
        ote: 14_000_000,
      },
      {
        id: 'HIRE-2',
        name: 'HIRE-2',
        role: 'AE',
        segment: null,
        territoryId: null,
        managerId: null,
        startDate: '2027-05-01',
        endDate: null,
        ote: null,
      },
    ]);
    expect(plan.departures).toEqual([{ repId: 'R-12', endDate: '2027-06-30' }]);
    expect(plan.checks).toEqual({
      quotaToOte: { min: 3, max: 7 },
      coverage: { warning: 2.5, red: 1.5 },
      accountTargetRatio: 1.2,
      backtest: { passMin: 0.65, passMax: 0.85, reviewMin: 0.5 },
      indicators: { green: 0.95, red: 0.5 },
    });
    expect(plan.confirmed['roles.AE.ramp']).toEqual({ by: 'vp.sales@acme.com', at: '2026-11-21' });
    expect(Object.keys(plan.confirmed)).toHaveLength(9);
  });

  it('takes the CSV contents it names from the caller, and refuses to run without them', () => {
    const file = valid({ ...MINIMAL, account_targets: 'targets.csv', current_quotas: 'q.csv' });
    expect(() => toPlan(file, 'amount')).toThrow(PlanTablesMissingError);
    const plan = toPlan(file, 'amount', {
      accountTargets: [{ accountId: 'A-1', target: 500 }],
      currentQuotas: [{ repId: 'R-1', quota: 900 }],
    });
    expect(plan.accountTargets).toEqual([{ accountId: 'A-1', target: 500 }]);
    expect(plan.currentQuotas).toEqual([{ repId: 'R-1', quota: 900 }]);
  });
});

describe('a refused plan file', () => {
  it('names the key path, the value and what was expected', () => {
    expect(errors({ ...MINIMAL, methodology: { top_down_share: 1.5 } })).toEqual([
      'plan.yaml: methodology.top_down_share: 1.5; expected a share between 0 and 1',
    ]);
    expect(errors({ ...MINIMAL, start: '2027-01-15' })).toEqual([
      'plan.yaml: start: "2027-01-15"; expected the first day of a month (YYYY-MM-01)',
    ]);
    expect(errors({ ...MINIMAL, start: '2027-02-30' })[0]).toContain(
      'start: "2027-02-30"; expected the first day of a month written YYYY-MM-DD',
    );
  });

  it('refuses unknown keys at every level, listing the keys that are allowed', () => {
    const found = problems({
      ...MINIMAL,
      methodolgy: { growth: 0 },
      roles: { AE: { rmap: [0.5] } },
      checks: { coverage: { amber: 2 } },
    });
    expect(found.map((p) => p.path)).toEqual([
      ['roles', 'AE', 'rmap'],
      ['checks', 'coverage', 'amber'],
      ['methodolgy'],
    ]);
    const lines = found.map((p) => formatIssue(p.issue));
    expect(lines[0]).toBe(
      'plan.yaml: roles.AE.rmap: unknown key; expected one of ramp, counts, measure, quota, ote, target',
    );
    expect(lines[2]).toContain('methodolgy: unknown key; expected one of name, start, months');
    expect(found.every((p) => p.issue.code === 'plan-unknown-key')).toBe(true);
  });

  it('needs exactly one of target and targets', () => {
    const noTarget = { name: MINIMAL.name, start: MINIMAL.start, currency: MINIMAL.currency };
    expect(errors(noTarget)).toEqual([
      'plan.yaml: target: missing; expected either target (one company target) or targets (one per segment)',
    ]);
    expect(errors({ ...MINIMAL, targets: { SMB: 1 } })).toEqual([
      'plan.yaml: targets: {"SMB":1}; expected target or targets, not both',
    ]);
  });

  it('names a missing required key', () => {
    const noName = { start: MINIMAL.start, currency: MINIMAL.currency, target: MINIMAL.target };
    const [problem] = problems(noName);
    expect(problem?.issue.code).toBe('plan-missing-key');
    expect(problem && formatIssue(problem.issue)).toBe(
      'plan.yaml: name: missing; expected the plan’s name (text)',
    );
  });

  it.each([
    [{ months: 0 }, 'months: 0; expected a whole number of months from 1 to 36'],
    [{ months: 12.5 }, 'months: 12.5; expected a whole number of months from 1 to 36'],
    [{ currency: 'usd' }, 'currency: "usd"; expected a three-letter ISO 4217 currency code'],
    [
      { target: -5 },
      'target: -5; expected a company target in currency units (or deals) of 0 or more',
    ],
    [{ target: '12,000,000' }, 'target: "12,000,000"; expected a company target in currency units'],
    [
      { target: 10.005 },
      'target: 10.005; expected a company target in currency units (or deals) with at most two decimals',
    ],
    [{ methodology: { growth: -1 } }, 'methodology.growth: -1; expected a growth rate above -1'],
    [
      { methodology: { over_assignment: -0.1 } },
      'methodology.over_assignment: -0.1; expected an over-assignment rate of 0 or more',
    ],
    [{ methodology: { rounding: 0 } }, 'methodology.rounding: 0; expected a rounding unit'],
    [
      { methodology: { rounding: 0.001 } },
      'methodology.rounding: 0.001; expected a rounding unit in currency units (or deals under the count basis) with at most two decimals (whole cents)',
    ],
    [
      { seasonality: 'seasonal' },
      'seasonality: "seasonal"; expected flat, historical, or a list of 12 shares',
    ],
    [{ seasonality: [0.5, 0.5] }, 'seasonality: [0.5,0.5]; expected a list of exactly 12 shares'],
    [
      { seasonality: Array.from({ length: 12 }, () => 0.1) },
      'seasonality: [0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1]; expected 12 shares summing to 1',
    ],
    [
      { roles: { AE: { ramp: [0.5, 1.2] } } },
      'roles.AE.ramp[1]: 1.2; expected a fraction of full productivity between 0 and 1',
    ],
    [
      { roles: { AE: { counts: ['upsell'] } } },
      'roles.AE.counts[0]: "upsell"; expected one of new_business, expansion, renewal',
    ],
    [{ roles: { AE: { counts: [] } } }, 'roles.AE.counts: []; expected at least one deal type'],
    [
      { roles: { AE: { measure: 'revenue' } } },
      'roles.AE.measure: "revenue"; expected one of bookings, sourced_pipeline, sourced_deals',
    ],
    [
      { roles: { ae: {} } },
      'roles: the key "ae" is not accepted; expected an upper-case role code',
    ],
    [{ ote: { '': 5 } }, 'ote: the key "" is not accepted; expected a rep id (not empty)'],
    [
      { territory_weights: { bounds: [1.3, 0.7] } },
      'territory_weights.bounds: [1.3,0.7]; expected [low, high] with low ≤ high',
    ],
    [
      { territory_weights: { bounds: [0, 1] } },
      'territory_weights.bounds[0]: 0; expected a weight bound above 0',
    ],
    [
      { territory_weights: { coefficients: { potential: 0, accounts: 0 } } },
      'territory_weights.coefficients: {"potential":0,"accounts":0}; expected at least one coefficient above 0',
    ],
    [
      { territory_weights: { coefficients: { potential: -1, accounts: 1 } } },
      'territory_weights.coefficients.potential: -1; expected a coefficient of 0 or more',
    ],
    [
      { territory_weights: { overrides: { 'TR-7': 1.5 } } },
      'territory_weights.overrides.TR-7: 1.5; expected a weight within the bounds [0.7, 1.3]',
    ],
    [
      { hires: [{ id: 'H-1', start: '2027-02-30' }] },
      'hires[0].start: "2027-02-30"; expected a start date written YYYY-MM-DD',
    ],
    [
      {
        hires: [
          { id: 'H-1', start: '2027-02-01' },
          { id: 'H-1', start: '2027-03-01' },
        ],
      },
      'hires[1].id: "H-1"; expected an id used by one hire only',
    ],
    [
      { departures: [{ rep: 'R-1' }] },
      'departures[0].end: missing; expected the last working day written YYYY-MM-DD',
    ],
    [
      { checks: { coverage: { warning: 2, red: 3 } } },
      'checks.coverage.red: 3; expected a red level at or below the warning level (2)',
    ],
    [
      { checks: { quota_to_ote: [6, 4] } },
      'checks.quota_to_ote: [6,4]; expected [low, high] with low ≤ high',
    ],
    [
      { account_targets: '' },
      'account_targets: ""; expected derived, or the path of a CSV file with columns account_id, target',
    ],
    [
      { confirmed: { target: { by: 'cro' } } },
      'confirmed.target.at: missing; expected the date it was confirmed written YYYY-MM-DD',
    ],
  ])('refuses %j', (change, expected) => {
    const lines = errors({ ...MINIMAL, ...change });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`plan.yaml: ${expected}`);
  });

  it.each([
    // Issue 13: dates in a sane range, a target that gives quotas, names of a sane length.
    [
      { start: '9999-12-01' },
      'start: "9999-12-01"; expected the first day of a month from 1900-01-01 to 2199-12-31',
    ],
    [
      { start: '1899-12-01' },
      'start: "1899-12-01"; expected the first day of a month from 1900-01-01 to 2199-12-31',
    ],
    [
      { hires: [{ id: 'H-1', start: '2300-01-01' }] },
      'hires[0].start: "2300-01-01"; expected a start date from 1900-01-01 to 2199-12-31',
    ],
    [{ target: 0 }, 'target: 0; expected a company target in currency units (or deals) above 0'],
    [
      { target: undefined, targets: { SMB: 0, MM: 0 } },
      'targets: {"SMB":0,"MM":0}; expected at least one segment target above 0',
    ],
    [{ name: 'n'.repeat(201) }, 'expected the plan’s name of at most 200 characters'],
    [
      { name: 'a\u0000b' },
      'name: "a\\u0000b"; expected the plan’s name without control characters',
    ],
    [
      { hires: [{ id: 'H-1', name: 'x'.repeat(1_000_000), start: '2027-02-01' }] },
      '(1,000,000 characters); expected the hire’s name of at most 200 characters',
    ],
    // A number that would overflow what the engine computes from it is refused where it is read.
    [
      { methodology: { growth: 1e308 } },
      'methodology.growth: 1e+308; expected a growth rate above -1 and at most 10',
    ],
    [
      { methodology: { over_assignment: 1e308 } },
      'methodology.over_assignment: 1e+308; expected an over-assignment rate of at most 10',
    ],
    [
      { target: 1e308 },
      'target: 1e+308; expected a company target in currency units (or deals) below 9e+11',
    ],
    [
      { checks: { coverage: { warning: 1e308 } } },
      'checks.coverage.warning: 1e+308; expected a coverage multiple of at most 1,000',
    ],
    [
      { scenarios: { boom: { deal_size_multiplier: 1e308 } } },
      'scenarios.boom.deal_size_multiplier: 1e+308; expected a deal-size multiplier of at most 1,000',
    ],
    [{ seed: 1e300 }, 'seed: 1e+300; expected a whole number'],
    [
      { roles: { AE: { ramp: new Array<number>(61).fill(1) } } },
      'expected a ramp of at most 60 months',
    ],
  ])('refuses %j (issue 13)', (change, expected) => {
    const lines = errors({ ...MINIMAL, ...change });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(expected);
  });

  it('refuses __proto__, constructor and prototype keys like any other unknown key, anywhere', () => {
    const input = JSON.parse(
      JSON.stringify({
        ...MINIMAL,
        target: undefined,
        targets: { SMB: 1, PROTO: 2 },
        roles: { AE: { ramp: [1] }, PROTO: {} },
        methodology: { growth: 0.1 },
      })
        .replace('"PROTO":2', '"constructor":2')
        .replace('"PROTO":{}', '"__proto__":{"ramp":[0.5]}')
        .replace('"growth":0.1', '"growth":0.1,"prototype":1'),
    ) as unknown;
    expect(errors(input)).toEqual([
      'plan.yaml: targets.constructor: unknown key; expected a key other than __proto__, constructor, prototype (reserved)',
      'plan.yaml: roles.__proto__: unknown key; expected a key other than __proto__, constructor, prototype (reserved)',
      'plan.yaml: methodology.prototype: unknown key; expected a key other than __proto__, constructor, prototype (reserved)',
    ]);
    // Nothing was polluted on the way.
    expect(({} as Record<string, unknown>).ramp).toBeUndefined();
  });

  it('refuses a document nested deeper than any plan is', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { x: deep };
    expect(errors({ ...MINIMAL, roles: deep })[0]).toContain('nested more than 32 levels deep');
  });

  it('refuses a confirmed key path that names no input of the plan', () => {
    const confirm = { by: 'cro@acme.com', at: '2026-11-20' };
    const refused = (key: string): string[] =>
      errors({
        ...MINIMAL,
        hires: [{ id: 'H-1', start: '2027-02-01' }],
        confirmed: { [key]: confirm },
      });
    expect(refused('methodology.alpha')).toEqual([
      'plan.yaml: confirmed: "methodology.alpha" names no input of this plan; expected methodology.<key>, with key one of top_down_share, growth, over_assignment, rounding',
    ]);
    expect(refused('tagret')[0]).toContain(
      '"tagret" names no input of this plan; expected an input key: name',
    );
    expect(refused('hires.H-2')[0]).toContain(
      'expected hires.<id>, the id of a planned hire: one of H-1',
    );
    expect(refused('targets.SMB')[0]).toContain(
      'a segment of targets: none are listed in this plan',
    );
    expect(refused('roles.AE.rampp')[0]).toContain('roles.AE.<key>, with key one of ramp');
    expect(refused('seasonality.march')[0]).toContain('seasonality itself');
    expect(refused('territory_weights.overrides.TR-9')[0]).toContain(
      'a territory of overrides: none are listed in this plan',
    );
    // A computed weight is confirmed by territory id; the workspace says whether it exists.
    const computed = valid({ ...MINIMAL, confirmed: { 'territory_weights.TR-3': confirm } });
    expect(confirmedTerritories(computed)).toEqual(['TR-3']);
    for (const key of [
      'target',
      'roles.SDR',
      'roles.AE.ramp',
      'hires.H-1',
      'checks.backtest',
      'territory_weights.bounds',
    ]) {
      expect(
        parsePlanFile({
          ...MINIMAL,
          hires: [{ id: 'H-1', start: '2027-02-01' }],
          confirmed: { [key]: confirm },
        }).ok,
        key,
      ).toBe(true);
    }
  });
});

describe('the simulation keys', () => {
  it('maps trials and custom scenarios into the plan; a lever left out takes the expected preset', () => {
    const plan = toPlan(
      valid({
        ...MINIMAL,
        seed: 42,
        simulation: { trials: 5000 },
        scenarios: {
          'hiring-freeze': { attrition: 0.2 },
          push: {
            win_rate_points: 0.05,
            deal_size_multiplier: 1.2,
            attrition: 0,
            extra_ramp_months: 2,
            extra_hires: 10,
          },
        },
      }),
      'amount',
    );
    expect(plan.seed).toBe(42);
    expect(plan.trials).toBe(5000);
    expect(plan.scenarios).toEqual({
      'hiring-freeze': { ...PRESETS.expected, attrition: 0.2 },
      push: {
        winRatePoints: 0.05,
        dealSizeMultiplier: 1.2,
        attrition: 0,
        extraRampMonths: 2,
        extraHires: 10,
      },
    });
    const defaults = toPlan(valid({ ...MINIMAL, simulation: {} }), 'amount');
    expect(defaults.trials).toBe(2000);
    expect(defaults.scenarios).toEqual({});
  });

  it('refuses out-of-range trials and levers, naming the key path and the value', () => {
    expect(errors({ ...MINIMAL, simulation: { trials: 0 } })).toEqual([
      'plan.yaml: simulation.trials: 0; expected trials per scenario: a whole number from 1 to 1,000,000',
    ]);
    expect(errors({ ...MINIMAL, simulation: { trials: 2500.5 } })[0]).toContain(
      'simulation.trials: 2500.5; expected trials per scenario: a whole number',
    );
    expect(errors({ ...MINIMAL, simulation: { trails: 10 } })).toEqual([
      'plan.yaml: simulation.trails: unknown key; expected one of trials',
    ]);
    const levers = (l: Record<string, unknown>): string[] =>
      errors({ ...MINIMAL, scenarios: { s1: l } });
    expect(levers({ win_rate_points: -1.5 })).toEqual([
      'plan.yaml: scenarios.s1.win_rate_points: -1.5; expected a change of the win rate between -1 and 1 (-0.1 = ten points lower)',
    ]);
    expect(levers({ deal_size_multiplier: 0 })).toEqual([
      'plan.yaml: scenarios.s1.deal_size_multiplier: 0; expected a deal-size multiplier above 0',
    ]);
    expect(levers({ attrition: 1.2 })).toEqual([
      'plan.yaml: scenarios.s1.attrition: 1.2; expected an annual attrition between 0 and 1',
    ]);
    expect(levers({ extra_ramp_months: 25 })).toEqual([
      'plan.yaml: scenarios.s1.extra_ramp_months: 25; expected months added to the ramp: a whole number from 0 to 24',
    ]);
    expect(levers({ extra_hires: 1.5 })).toEqual([
      'plan.yaml: scenarios.s1.extra_hires: 1.5; expected hires added at the plan start: a whole number from 0 to 10,000',
    ]);
    expect(levers({ win_rate: 0.1 })[0]).toBe(
      'plan.yaml: scenarios.s1.win_rate: unknown key; expected one of win_rate_points, deal_size_multiplier, attrition, extra_ramp_months, extra_hires',
    );
    expect(errors({ ...MINIMAL, scenarios: [] })).toEqual([
      'plan.yaml: scenarios: []; expected a mapping of scenario name to levers',
    ]);
  });

  it('refuses a custom scenario named like a preset or all', () => {
    for (const name of ['worst', 'expected', 'best', 'all']) {
      const lines = errors({ ...MINIMAL, scenarios: { [name]: { attrition: 0.3 } } });
      expect(lines, name).toEqual([
        `plan.yaml: scenarios: the key "${name}" is not accepted; expected a name other than worst, expected, best, all (the presets and all)`,
      ]);
    }
    expect(errors({ ...MINIMAL, scenarios: { 'bad name': {} } })[0]).toContain(
      'the key "bad name" is not accepted; expected a scenario name of letters, digits, - and _',
    );
  });

  it('accepts confirmations of simulation, its trials, scenarios and one scenario', () => {
    const confirm = { by: 'cfo@acme.com', at: '2026-11-20' };
    const base = { ...MINIMAL, scenarios: { freeze: { extra_hires: 0 } } };
    for (const key of ['simulation', 'simulation.trials', 'scenarios', 'scenarios.freeze']) {
      expect(parsePlanFile({ ...base, confirmed: { [key]: confirm } }).ok, key).toBe(true);
    }
    expect(errors({ ...base, confirmed: { 'scenarios.boom': confirm } })).toEqual([
      'plan.yaml: confirmed: "scenarios.boom" names no input of this plan; expected scenarios.<name>, a scenario of scenarios: one of freeze',
    ]);
    expect(errors({ ...base, confirmed: { 'simulation.seed': confirm } })[0]).toContain(
      'expected simulation.<key>, with key one of trials',
    );
  });
});
