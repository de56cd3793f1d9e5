// The sign-off gate of the seed's step 1d, computed from stored facts: definitions approved,
// data clean, weights confirmed, the model reconciled, the back-test in band (or overridden with
// a written reason), ramps for every planned hire, quotas approved by a leader.

import type { Verdict } from '../backtest/backtest.ts';
import { confirmationOf } from '../engine/assumptions.ts';
import type { AssumptionEntry } from '../engine/assumptions.ts';
import type { CheckReport } from '../engine/checks.ts';
import { rolePlan } from '../plan/defaults.ts';
import type { Plan } from '../plan/types.ts';
import { DEFINITION_APPROVER_TITLES } from './definitions.ts';

/** Leader titles whose approval makes a version's quotas approved (the server's leader role). */
export const QUOTA_APPROVER_TITLES = ['vp_sales', 'cro', 'finance'] as const;

const TITLE_NAMES: Readonly<Record<string, string>> = {
  vp_sales: 'VP Sales',
  cro: 'CRO',
  finance: 'Finance',
};

export const SIGN_OFF_ITEM_IDS = [
  'definitions-approved',
  'data-clean',
  'weights-confirmed',
  'reconciliation',
  'backtest-in-band',
  'ramps-for-hires',
  'quotas-approved',
] as const;
export type SignOffItemId = (typeof SIGN_OFF_ITEM_IDS)[number];

/** An approval by a person holding a title ('vp_sales', 'cro', 'finance'); `at` a date or timestamp. */
export interface Approval {
  by: string;
  title: string;
  at: string;
}

/** A written decision to sign off despite a back-test outside the band. */
export interface BacktestOverride {
  by: string;
  at: string;
  reason: string;
}

export interface SignOffFacts {
  /** The plan version being signed off. */
  version: number;
  /**
   * The Definition Alignment terms with the approvals of their current wording (the server
   * drops approvals of an earlier wording when a term is edited).
   */
  definitions: readonly { key: string; term: string; approvals: readonly Approval[] }[];
  /** The latest data audit: its error-level issues; null when the data was never audited. */
  audit: { errors: number } | null;
  plan: Pick<Plan, 'hires' | 'roles' | 'defaultRole' | 'confirmed' | 'checks'>;
  /** Parts of the version's PlanRun; `assumptions` may be refreshed with later confirmations. */
  run: {
    checks: Pick<CheckReport, 'checks'>;
    assumptions: readonly Pick<AssumptionEntry, 'key' | 'label' | 'status' | 'reps'>[];
  };
  /** The back-test of this version; null when it was not run. */
  backtest: { verdict: Verdict; shareAttaining: number } | null;
  backtestOverride: BacktestOverride | null;
  /** Approvals of quotas, of this version and earlier ones. */
  quotaApprovals: readonly (Approval & { version: number })[];
}

export interface SignOffItem {
  id: SignOffItemId;
  label: string;
  passed: boolean;
  /** A sentence for a VP: what holds, or what is missing and who has to act. */
  detail: string;
  /** Present when the item passed by a written override (the back-test). */
  overridden?: BacktestOverride;
}

export interface SignOffChecklist {
  items: SignOffItem[];
  /** Every item passed. */
  ready: boolean;
}

function titleName(title: string): string {
  return TITLE_NAMES[title] ?? title;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "'A', 'B' and 'C'", or "'A', 'B' and 4 more" past three names. */
function listOf(names: readonly string[], quote = true): string {
  const shown = names.slice(0, names.length > 3 ? 2 : 3).map((n) => (quote ? `'${n}'` : n));
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`;
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function definitionsApproved(facts: SignOffFacts): SignOffItem {
  const base = {
    id: 'definitions-approved',
    label: `Definitions approved by ${listOf(DEFINITION_APPROVER_TITLES.map(titleName), false)}`,
  } as const;
  if (facts.definitions.length === 0) {
    return { ...base, passed: false, detail: 'The Definition Alignment Document has no terms.' };
  }
  const missing = DEFINITION_APPROVER_TITLES.map((title) => ({
    title,
    terms: facts.definitions
      .filter((d) => !d.approvals.some((a) => a.title === title))
      .map((d) => d.term),
  })).filter((m) => m.terms.length > 0);
  if (missing.length === 0) {
    return {
      ...base,
      passed: true,
      detail: `${listOf(DEFINITION_APPROVER_TITLES.map(titleName), false)} approved all ${plural(facts.definitions.length, 'definition')}.`,
    };
  }
  return {
    ...base,
    passed: false,
    detail: `${missing.map((m) => `${titleName(m.title)} has not approved ${listOf(m.terms)}`).join('; ')}.`,
  };
}

function dataClean(facts: SignOffFacts): SignOffItem {
  const base = { id: 'data-clean', label: 'Historical data cleaned and validated' } as const;
  if (facts.audit === null) {
    return { ...base, passed: false, detail: 'The data has not been audited yet.' };
  }
  const { errors } = facts.audit;
  return errors === 0
    ? { ...base, passed: true, detail: 'The data audit finds no errors.' }
    : {
        ...base,
        passed: false,
        detail: `The data audit finds ${plural(errors, 'error')}; they must be fixed in the source data and re-imported before sign-off.`,
      };
}

function isWeightKey(key: string): boolean {
  return key === 'territory_weights' || key.startsWith('territory_weights.');
}

function weightsConfirmed(facts: SignOffFacts): SignOffItem {
  const base = { id: 'weights-confirmed', label: 'Territory weights confirmed' } as const;
  const inputs = facts.run.assumptions.filter((e) => isWeightKey(e.key) && e.reps.length > 0);
  if (inputs.length === 0) {
    return { ...base, passed: true, detail: 'No quota depends on a territory weight.' };
  }
  const assumed = inputs.filter((e) => e.status !== 'CONFIRMED');
  if (assumed.length === 0) {
    return {
      ...base,
      passed: true,
      detail: `All ${plural(inputs.length, 'territory weight input')} are confirmed.`,
    };
  }
  return {
    ...base,
    passed: false,
    detail: `${plural(assumed.length, 'territory weight input is', 'territory weight inputs are')} still ASSUMED: ${listOf(
      assumed.map((e) => e.label),
      false,
    )}.`,
  };
}

function reconciled(facts: SignOffFacts): SignOffItem {
  const base = { id: 'reconciliation', label: 'Blended model reconciled' } as const;
  const check = facts.run.checks.checks.find((c) => c.code === 'reconciliation');
  if (check === undefined || check.status === 'not-applicable') {
    return { ...base, passed: false, detail: 'There are no quotas to reconcile in this version.' };
  }
  if (check.status === 'pass') {
    return {
      ...base,
      passed: true,
      detail:
        'The quotas add up to the target to the cent, and every manager roll-up adds up to its team.',
    };
  }
  const failures = check.findings.filter((f) => f.status === 'fail');
  const first = failures[0]?.message ?? check.summary;
  return {
    ...base,
    passed: false,
    detail: `${plural(failures.length, 'reconciliation failure')}: ${first}${failures.length > 1 ? ', and more' : ''}.`,
  };
}

function validOverride(o: BacktestOverride): boolean {
  return o.reason.trim() !== '' && o.by.trim() !== '';
}

function backtestInBand(facts: SignOffFacts): SignOffItem {
  const base = { id: 'backtest-in-band', label: 'Back-test within the target band' } as const;
  const { passMin, passMax } = facts.plan.checks.backtest;
  const band = `${pct(passMin)}–${pct(passMax)}`;
  const b = facts.backtest;
  if (b === null) {
    return { ...base, passed: false, detail: 'The back-test has not been run for this version.' };
  }
  const shown = `The back-test shows ${pct(b.shareAttaining)} of reps attaining`;
  if (b.verdict === 'pass') {
    return { ...base, passed: true, detail: `${shown}, inside the ${band} band.` };
  }
  const outside = `${shown} (${b.verdict}), outside the ${band} band`;
  const o = facts.backtestOverride;
  if (o !== null && validOverride(o)) {
    const reason = o.reason.trim();
    // A reason that ends its own sentence gets no second full stop after the quote.
    const stop = /[.!?…]$/.test(reason) ? '' : '.';
    return {
      ...base,
      passed: true,
      detail: `${outside}; ${o.by} overrode it on ${o.at.slice(0, 10)}: “${reason}”${stop}`,
      overridden: { by: o.by, at: o.at, reason: o.reason.trim() },
    };
  }
  return {
    ...base,
    passed: false,
    detail:
      o === null
        ? `${outside}; adjust the plan or record an override with a written reason.`
        : `${outside}; the override needs a name and a written reason.`,
  };
}

function rampsForHires(facts: SignOffFacts): SignOffItem {
  const base = { id: 'ramps-for-hires', label: 'Ramp schedules for all planned hires' } as const;
  const { plan } = facts;
  if (plan.hires.length === 0) {
    return { ...base, passed: true, detail: 'There are no planned hires.' };
  }
  const roles = [...new Set(plan.hires.map((h) => h.role))].sort();
  const problems: string[] = [];
  for (const role of roles) {
    const hires = plan.hires.filter((h) => h.role === role).map((h) => h.name);
    const who = `${hires.length === 1 ? 'planned hire' : 'planned hires'} ${listOf(hires, false)}`;
    const ramp = rolePlan(plan, role).ramp;
    if (!ramp.some((step) => step < 1)) {
      problems.push(`${role} has no ramp below full productivity (${who})`);
      continue;
    }
    const key = `roles.${role}.ramp`;
    const entry = facts.run.assumptions.find((e) => e.key === key);
    const confirmed =
      entry !== undefined ? entry.status === 'CONFIRMED' : confirmationOf(plan, key) !== undefined;
    if (!confirmed) problems.push(`the ramp of ${role} is still ASSUMED (${who})`);
  }
  if (problems.length === 0) {
    return {
      ...base,
      passed: true,
      detail: `Every planned hire has a confirmed ramp (${plural(plan.hires.length, 'hire')}, ${listOf(roles, false)}).`,
    };
  }
  const text = problems.join('; ');
  return { ...base, passed: false, detail: `${text.charAt(0).toUpperCase()}${text.slice(1)}.` };
}

function quotasApproved(facts: SignOffFacts): SignOffItem {
  const base = { id: 'quotas-approved', label: 'Individual quotas approved' } as const;
  const leader = (a: Approval): boolean =>
    (QUOTA_APPROVER_TITLES as readonly string[]).includes(a.title);
  const mine = facts.quotaApprovals.filter((a) => a.version === facts.version);
  const approval = mine.find(leader);
  if (approval !== undefined) {
    return {
      ...base,
      passed: true,
      detail: `${approval.by} (${titleName(approval.title)}) approved the quotas of version ${facts.version} on ${approval.at.slice(0, 10)}.`,
    };
  }
  const leaders = listOf(QUOTA_APPROVER_TITLES.map(titleName), false).replace(/ and /, ' or ');
  const earlier = facts.quotaApprovals
    .filter((a) => a.version !== facts.version && leader(a))
    .map((a) => a.version);
  const detail =
    mine.length > 0
      ? `Version ${facts.version} was approved only by ${listOf(
          mine.map((a) => `${a.by} (${titleName(a.title)})`),
          false,
        )}; the quotas need a leader's approval (${leaders}).`
      : earlier.length > 0
        ? `Quotas were approved for version ${Math.max(...earlier)}, not for this version ${facts.version}; a leader (${leaders}) must approve them again.`
        : `No leader (${leaders}) has approved the quotas of version ${facts.version}.`;
  return { ...base, passed: false, detail };
}

/** The sign-off checklist of a plan version, items in the seed's order; ready when all pass. */
export function signOffChecklist(facts: SignOffFacts): SignOffChecklist {
  const items = [
    definitionsApproved(facts),
    dataClean(facts),
    weightsConfirmed(facts),
    reconciled(facts),
    backtestInBand(facts),
    rampsForHires(facts),
    quotasApproved(facts),
  ];
  return { items, ready: items.every((i) => i.passed) };
}
