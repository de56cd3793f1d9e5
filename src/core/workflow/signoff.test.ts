// The sign-off gate over a real plan run: every item passes on complete facts, and each missing
// fact fails its own item with a sentence that names what is missing and who has to act. The
// approvers are the policy's titles, each a different person; an override is shown as one and
// counts only once someone other than the overrider approved.
import { describe, expect, it } from 'vitest';
import { makeDataset, makeDeal, makeRep, makeTerritory } from '../audit/test-builders.ts';
import type { Deal } from '../model.ts';
import { DEFAULT_WEIGHTS, planWithDefaults } from '../plan/defaults.ts';
import type { Plan } from '../plan/types.ts';
import { runPlan } from '../engine/run.ts';
import { DEFAULT_DEFINITION_TERMS } from './definitions.ts';
import {
  approverPolicyProblem,
  coverTitles,
  gateDifferences,
  signOffChecklist,
  SIGN_OFF_ITEM_IDS,
} from './signoff.ts';
import type { SignOffFacts, SignOffItemId } from './signoff.ts';

function monthlyWins(owner: string, dollars: number): Deal[] {
  return Array.from({ length: 12 }, (_, k) => {
    const month = String(k + 1).padStart(2, '0');
    return makeDeal(`${owner}-${month}`, {
      ownerId: owner,
      amount: dollars * 100,
      originalAmount: dollars * 100,
      createdDate: `2024-${month}-01`,
      closeDate: `2024-${month}-15`,
    });
  });
}

const dataset = makeDataset({
  settings: { asOf: '2024-12-31' },
  territories: [makeTerritory('N', { name: 'North' }), makeTerritory('S', { name: 'South' })],
  reps: [
    makeRep('A', { name: 'Ana', territoryId: 'N' }),
    makeRep('B', { name: 'Ben', territoryId: 'S' }),
  ],
  deals: [...monthlyWins('A', 30_000), ...monthlyWins('B', 15_000)],
});

const hire = {
  id: 'H-1',
  name: 'Cleo',
  role: 'AE',
  segment: null,
  territoryId: 'S',
  managerId: null,
  startDate: '2025-07-01',
  endDate: null,
  ote: null,
};

function planWith(confirmed: Plan['confirmed']): Plan {
  return planWithDefaults({
    name: 'FY2025',
    start: '2025-01-01',
    currency: 'USD',
    target: { kind: 'total', total: 120_000_000 },
    seasonality: { mode: 'flat' },
    territoryWeights: { ...DEFAULT_WEIGHTS, overrides: { N: 1.2, S: 0.8 } },
    hires: [hire],
    confirmed,
  });
}

const confirmedPlan = planWith({
  territory_weights: { by: 'cro@acme.com', at: '2025-01-12' },
  'roles.AE.ramp': { by: 'vp@acme.com', at: '2025-01-12' },
});
const run = runPlan(dataset, confirmedPlan);

const approvals = [
  { title: 'vp_sales', by: 'Vic', at: '2025-01-08' },
  { title: 'cro', by: 'Cora', at: '2025-01-09' },
];

function complete(): SignOffFacts {
  return {
    version: 4,
    policy: { approverTitles: ['vp_sales', 'cro'] },
    definitions: DEFAULT_DEFINITION_TERMS.map((t) => ({ key: t.key, term: t.term, approvals })),
    audit: { errors: 0 },
    plan: confirmedPlan,
    run: { checks: run.checks, assumptions: run.assumptions.entries },
    backtest: { verdict: 'pass', shareAttaining: 0.75 },
    backtestOverride: null,
    quotaApprovals: [
      { by: 'Vic', title: 'vp_sales', at: '2025-01-20T09:00:00Z', version: 4 },
      { by: 'Cora', title: 'cro', at: '2025-01-20T10:00:00Z', version: 4 },
    ],
  };
}

function item(facts: SignOffFacts, id: SignOffItemId) {
  const found = signOffChecklist(facts).items.find((i) => i.id === id);
  if (found === undefined) throw new Error(`no item ${id}`);
  return found;
}

describe('signOffChecklist', () => {
  it('is ready when every fact is in place, with the items in the seed’s order', () => {
    const list = signOffChecklist(complete());
    expect(list.items.map((i) => i.id)).toEqual([...SIGN_OFF_ITEM_IDS]);
    expect(list.items.filter((i) => !i.passed)).toEqual([]);
    expect(list.ready).toBe(true);
    expect(list.items.map((i) => i.detail)).toEqual([
      'VP Sales and CRO approved all 9 definitions.',
      'The data audit finds no errors.',
      'All 4 territory weight inputs are confirmed.',
      'The quotas add up to the target to the cent, and every manager roll-up adds up to its team.',
      'The back-test shows 75% of reps attaining, inside the 70%–80% band.',
      'Every planned hire has a confirmed ramp (1 hire, AE).',
      'Vic (VP Sales) and Cora (CRO) approved the quotas of version 4.',
    ]);
    expect(list.items.map((i) => i.state)).toEqual(new Array(7).fill('passed'));
  });

  it('names the definitions each approver still has to approve', () => {
    const facts = complete();
    facts.definitions = facts.definitions.map((d) =>
      d.key === 'territory-weight'
        ? { ...d, approvals: approvals.filter((a) => a.title !== 'cro') }
        : d,
    );
    const result = item(facts, 'definitions-approved');
    expect(result.passed).toBe(false);
    expect(result.detail).toBe("CRO has not approved 'Territory weight'.");
    expect(signOffChecklist(facts).ready).toBe(false);
  });

  it('fails on error-level audit issues and on data never audited', () => {
    expect(item({ ...complete(), audit: { errors: 3 } }, 'data-clean')).toMatchObject({
      passed: false,
      detail:
        'The data audit finds 3 errors; they must be fixed in the source data and re-imported before sign-off.',
    });
    expect(item({ ...complete(), audit: null }, 'data-clean').passed).toBe(false);
  });

  it('lists the territory weights still ASSUMED', () => {
    const assumedRun = runPlan(
      dataset,
      planWith({ 'roles.AE.ramp': { by: 'vp', at: '2025-01-12' } }),
    );
    const facts = {
      ...complete(),
      run: { checks: assumedRun.checks, assumptions: assumedRun.assumptions.entries },
    };
    expect(item(facts, 'weights-confirmed')).toMatchObject({
      passed: false,
      detail:
        '4 territory weight inputs are still ASSUMED: Territory weight bounds, Territory weight coefficients and 2 more.',
    });
  });

  it('fails when reconciliation fails, with the first failure in words', () => {
    const checks = {
      checks: run.checks.checks.map((c) =>
        c.code === 'reconciliation'
          ? {
              ...c,
              status: 'fail' as const,
              findings: [
                {
                  subject: { kind: 'segment' as const, id: 'bookings/SMB', name: 'SMB' },
                  value: 3,
                  status: 'fail' as const,
                  message: 'Σ quotas of SMB differs from its target by 3 cents',
                },
              ],
            }
          : c,
      ),
    };
    expect(
      item({ ...complete(), run: { ...complete().run, checks } }, 'reconciliation'),
    ).toMatchObject({
      passed: false,
      detail: '1 reconciliation failure: Σ quotas of SMB differs from its target by 3 cents.',
    });
  });

  it('counts a back-test outside the band only with a written override and a second approver, shown as an override', () => {
    const outside = {
      ...complete(),
      backtest: { verdict: 'fail' as const, shareAttaining: 0.57 },
    };
    expect(item(outside, 'backtest-in-band')).toMatchObject({
      state: 'open',
      passed: false,
      detail:
        'The back-test shows 57% of reps attaining (fail), outside the 70%–80% band; adjust the plan or record an override with a written reason.',
    });
    expect(
      item(
        { ...outside, backtestOverride: { by: 'Cora', at: '2025-01-15', reason: '   ' } },
        'backtest-in-band',
      ).passed,
    ).toBe(false);
    const override = {
      by: 'Cora',
      at: '2025-01-15T09:30:00Z',
      reason: 'Two large renewals moved to Q1. ',
    };
    // The overrider is the only approver so far: the override is recorded but does not count.
    const alone = item(
      {
        ...outside,
        backtestOverride: override,
        quotaApprovals: [{ by: 'Cora', title: 'cro', at: '2025-01-16', version: 4 }],
      },
      'backtest-in-band',
    );
    expect(alone).toMatchObject({ state: 'open', passed: false });
    expect(alone.detail).toBe(
      'The back-test shows 57% of reps attaining (fail), outside the 70%–80% band. Cora overrode it on 2025-01-15, and an approver other than Cora must approve the quotas before the override counts: “Two large renewals moved to Q1.”',
    );
    const overridden = item({ ...outside, backtestOverride: override }, 'backtest-in-band');
    expect(overridden).toMatchObject({
      state: 'overridden',
      passed: true,
      overridden: {
        by: 'Cora',
        at: '2025-01-15T09:30:00Z',
        reason: 'Two large renewals moved to Q1.',
      },
    });
    expect(overridden.detail).toBe(
      'The back-test shows 57% of reps attaining (fail), outside the 70%–80% band: not a pass. Cora overrode it on 2025-01-15 and Vic (VP Sales) approved the quotas: “Two large renewals moved to Q1.”',
    );
    expect(overridden.evidence).toEqual([
      'Share of reps attaining: 57% (fail); band 70%–80%',
      'Override by Cora on 2025-01-15: “Two large renewals moved to Q1.”',
      'Approved by Vic (VP Sales) on 2025-01-20',
    ]);
    expect(signOffChecklist({ ...outside, backtestOverride: override }).ready).toBe(true);
    expect(item({ ...complete(), backtest: null }, 'backtest-in-band').passed).toBe(false);
  });

  it('needs a confirmed ramp with a step below full productivity for every planned hire’s role', () => {
    const unconfirmed = runPlan(
      dataset,
      planWith({ territory_weights: { by: 'cro', at: '2025-01-12' } }),
    );
    const facts = {
      ...complete(),
      run: { checks: unconfirmed.checks, assumptions: unconfirmed.assumptions.entries },
    };
    expect(item(facts, 'ramps-for-hires')).toMatchObject({
      passed: false,
      detail: 'The ramp of AE is still ASSUMED (planned hire Cleo).',
    });
    const noRamp = { ...confirmedPlan, roles: { AE: { ...confirmedPlan.defaultRole, ramp: [1] } } };
    expect(item({ ...complete(), plan: noRamp }, 'ramps-for-hires').detail).toBe(
      'AE has no ramp below full productivity (planned hire Cleo).',
    );
    expect(
      item({ ...complete(), plan: { ...confirmedPlan, hires: [] } }, 'ramps-for-hires'),
    ).toMatchObject({
      passed: true,
      detail: 'There are no planned hires.',
    });
  });

  it('needs every approver title’s approval of this very version, each by a different person', () => {
    const earlier = {
      ...complete(),
      quotaApprovals: [
        { by: 'Vic', title: 'vp_sales', at: '2025-01-02', version: 3 },
        { by: 'Cora', title: 'cro', at: '2025-01-02', version: 3 },
      ],
    };
    expect(item(earlier, 'quotas-approved')).toMatchObject({
      state: 'open',
      passed: false,
      detail:
        'Quotas were approved for version 3, not for this version 4; VP Sales and CRO must approve them again.',
    });
    const oneTitle = {
      ...complete(),
      quotaApprovals: [{ by: 'Vic', title: 'vp_sales', at: '2025-01-21', version: 4 }],
    };
    expect(item(oneTitle, 'quotas-approved').detail).toBe(
      'Version 4 is approved by Vic (VP Sales); CRO must approve it too.',
    );
    // One person approving under both titles (their title changed in between) covers one title.
    const onePerson = {
      ...complete(),
      quotaApprovals: [
        { by: 'Vic', title: 'vp_sales', at: '2025-01-21', version: 4 },
        { by: 'Vic', title: 'cro', at: '2025-01-22', version: 4 },
      ],
    };
    expect(item(onePerson, 'quotas-approved')).toMatchObject({
      passed: false,
      detail:
        'Version 4 is approved by Vic (VP Sales); CRO must approve it too, each a different person.',
    });
    // Finance is a leader, but not an approver title of this policy.
    const finance = {
      ...complete(),
      quotaApprovals: [{ by: 'Fin', title: 'finance', at: '2025-01-21', version: 4 }],
    };
    expect(item(finance, 'quotas-approved')).toMatchObject({
      passed: false,
      detail: 'VP Sales and CRO have not approved the quotas of version 4.',
      evidence: ['Finance: Fin on 2025-01-21 (not an approver title)'],
    });
    // A policy of CRO and Finance: Finance's approval counts, the VP's does not.
    const policy = { approverTitles: ['cro', 'finance'] };
    const cfo = {
      ...complete(),
      policy,
      definitions: complete().definitions.map((d) => ({
        ...d,
        approvals: [
          { title: 'cro', by: 'Cora', at: '2025-01-09' },
          { title: 'finance', by: 'Fin', at: '2025-01-09' },
        ],
      })),
      quotaApprovals: [
        { by: 'Cora', title: 'cro', at: '2025-01-21', version: 4 },
        { by: 'Fin', title: 'finance', at: '2025-01-21', version: 4 },
      ],
    };
    expect(item(cfo, 'quotas-approved')).toMatchObject({
      passed: true,
      label: 'Individual quotas approved by CRO and Finance',
      detail: 'Cora (CRO) and Fin (Finance) approved the quotas of version 4.',
    });
    expect(item(cfo, 'definitions-approved').label).toBe('Definitions approved by CRO and Finance');
    expect(signOffChecklist(cfo).ready).toBe(true);
  });

  it('refuses a policy one person could satisfy alone', () => {
    expect(approverPolicyProblem(['vp_sales', 'cro'])).toBeNull();
    expect(approverPolicyProblem(['cro'])).toMatch(/at least 2 approver titles/);
    expect(approverPolicyProblem(['cro', 'cro'])).toBe('a title is named twice');
    expect(approverPolicyProblem(['cro', 'ceo'])).toMatch(/unknown title "ceo"/);
    expect(() => signOffChecklist({ ...complete(), policy: { approverTitles: ['cro'] } })).toThrow(
      /sign-off policy/,
    );
  });

  it('matches titles to different people even when the first match would block another title', () => {
    // Ann approved as VP Sales and as CRO (a title change in between); Bob only as CRO. The only
    // way to cover both titles is Ann for VP Sales and Bob for CRO.
    const { byTitle, missing } = coverTitles(
      ['cro', 'vp_sales'],
      [
        { by: 'Ann', title: 'cro', at: '1' },
        { by: 'Bob', title: 'cro', at: '2' },
        { by: 'Ann', title: 'vp_sales', at: '3' },
      ],
    );
    expect(missing).toEqual([]);
    expect(byTitle.get('vp_sales')?.by).toBe('Ann');
    expect(byTitle.get('cro')?.by).toBe('Bob');
  });

  it('gives every item its evidence and tells a recorded gate from today’s', () => {
    const recorded = signOffChecklist(complete());
    const byId = new Map(recorded.items.map((i) => [i.id, i]));
    expect(byId.get('definitions-approved')?.evidence[0]).toBe(
      'Quota: VP Sales Vic on 2025-01-08; CRO Cora on 2025-01-09',
    );
    expect(byId.get('quotas-approved')?.evidence).toEqual([
      'VP Sales: Vic on 2025-01-20',
      'CRO: Cora on 2025-01-20',
    ]);
    expect(byId.get('ramps-for-hires')?.evidence[0]).toMatch(
      /^Ramp of AE: .* \(CONFIRMED by vp@acme\.com on 2025-01-12\) \(planned hire Cleo\)$/,
    );
    expect(gateDifferences(recorded.items, recorded.items)).toEqual([]);
    // A term reworded later: its approvals no longer count.
    const later = complete();
    later.definitions = later.definitions.map((d) =>
      d.key === 'quota' ? { ...d, approvals: [] } : d,
    );
    expect(gateDifferences(recorded.items, signOffChecklist(later).items)).toEqual([
      'definitions-approved',
    ]);
  });
});
