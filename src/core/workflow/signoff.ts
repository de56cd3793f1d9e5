// The sign-off gate of the seed's step 1d, computed from stored facts: definitions approved,
// data clean, weights confirmed, the model reconciled, the back-test in band (or overridden with
// a written reason and approved by someone else), ramps for every planned hire, quotas approved by
// every approver title (VP Sales and CRO unless the workspace says otherwise), each by a
// different person. Every item carries its evidence, so the gate can be recorded as it stood.

import type { Verdict } from '../backtest/backtest.ts';
import { confirmationOf } from '../engine/assumptions.ts';
import type { AssumptionEntry } from '../engine/assumptions.ts';
import type { CheckReport } from '../engine/checks.ts';
import { rolePlan } from '../plan/defaults.ts';
import type { Plan } from '../plan/types.ts';
import { WorkflowInputError } from './errors.ts';

/** Every leader title a member may hold. */
export const LEADER_TITLE_NAMES: Readonly<Record<string, string>> = {
  vp_sales: 'VP Sales',
  cro: 'CRO',
  finance: 'Finance',
};

/** The seed's gate: "VP Sales/CRO approved". A workspace may name other titles (two at least). */
export const DEFAULT_APPROVER_TITLES = ['vp_sales', 'cro'] as const;

/** Fewer approver titles than this would let one person satisfy the gate. */
export const MIN_APPROVER_TITLES = 2;

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

/** An approval by a person (`by`, their e-mail) holding a title; `at` a date or timestamp. */
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

/** Who must approve: the titles, each approval by a different person. */
export interface SignOffPolicy {
  approverTitles: readonly string[];
}

export interface SignOffFacts {
  /** The plan version being signed off. */
  version: number;
  policy: SignOffPolicy;
  /**
   * The Definition Alignment terms with the approvals of their current wording (the server
   * drops approvals of an earlier wording when a term is edited).
   */
  definitions: readonly {
    key: string;
    term: string;
    revision?: number;
    approvals: readonly Approval[];
  }[];
  /** The latest data audit: its error-level issues; null when the data was never audited. */
  audit: { errors: number; warnings?: number; data?: string } | null;
  plan: Pick<Plan, 'hires' | 'roles' | 'defaultRole' | 'confirmed' | 'checks'>;
  /** Parts of the version's PlanRun; `assumptions` with the register's later decisions applied. */
  run: {
    checks: Pick<CheckReport, 'checks'>;
    assumptions: readonly (Pick<AssumptionEntry, 'key' | 'label' | 'status' | 'reps'> &
      Partial<Pick<AssumptionEntry, 'value' | 'confirmedBy' | 'confirmedAt'>>)[];
  };
  /** The back-test of this version; null when it was not run. */
  backtest: { verdict: Verdict; shareAttaining: number } | null;
  backtestOverride: BacktestOverride | null;
  /** Approvals of quotas, of this version and earlier ones. */
  quotaApprovals: readonly (Approval & { version: number })[];
}

/**
 * passed: the fact holds; overridden: it does not, but a leader accepted it in writing and
 * someone else approved (counts toward the gate, and is shown as an override, not a pass);
 * open: the gate waits for it.
 */
export type SignOffItemState = 'passed' | 'overridden' | 'open';

export interface SignOffItem {
  id: SignOffItemId;
  label: string;
  state: SignOffItemState;
  /** The item counts toward the gate (passed or overridden). */
  passed: boolean;
  /** A sentence for a VP: what holds, or what is missing and who has to act. */
  detail: string;
  /** The facts the item was judged on, one line each (who, when, which value). */
  evidence: string[];
  /** Present when a written override was recorded (the back-test), whether or not it counts yet. */
  overridden?: BacktestOverride;
}

export interface SignOffChecklist {
  items: SignOffItem[];
  /** Every item passed or is overridden. */
  ready: boolean;
}

export function titleName(title: string): string {
  return LEADER_TITLE_NAMES[title] ?? title;
}

/**
 * Why a list of approver titles cannot be a policy, or null when it can: at least two different
 * known titles, so that no one person can approve alone.
 */
export function approverPolicyProblem(titles: readonly string[]): string | null {
  const unknown = titles.filter((t) => LEADER_TITLE_NAMES[t] === undefined);
  if (unknown.length > 0) {
    return `unknown title ${unknown.map((t) => `"${t}"`).join(', ')}; the titles are ${Object.keys(LEADER_TITLE_NAMES).join(', ')}`;
  }
  if (new Set(titles).size !== titles.length) return 'a title is named twice';
  if (titles.length < MIN_APPROVER_TITLES) {
    return `sign-off needs at least ${MIN_APPROVER_TITLES} approver titles, so that no one person approves alone`;
  }
  return null;
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

function titlesText(titles: readonly string[]): string {
  return listOf(titles.map(titleName), false);
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function day(at: string): string {
  return at.slice(0, 10);
}

/**
 * Which approval stands for which title when every title needs a different person: a maximum
 * matching of titles to people (augmenting paths; a handful of titles). Approvals of other
 * titles are ignored.
 */
export function coverTitles<A extends Approval>(
  titles: readonly string[],
  approvals: readonly A[],
): { byTitle: Map<string, A>; missing: string[] } {
  const personOf = new Map<string, string>(); // person → title they stand for
  const chosen = new Map<string, A>(); // title → approval
  const assign = (title: string, seen: Set<string>): boolean => {
    for (const a of approvals) {
      if (a.title !== title || seen.has(a.by)) continue;
      seen.add(a.by);
      const held = personOf.get(a.by);
      if (held === undefined || assign(held, seen)) {
        personOf.set(a.by, title);
        chosen.set(title, a);
        return true;
      }
    }
    return false;
  };
  for (const title of titles) assign(title, new Set());
  const byTitle = new Map<string, A>();
  for (const title of titles) {
    const a = chosen.get(title);
    if (a !== undefined && personOf.get(a.by) === title) byTitle.set(title, a);
  }
  return { byTitle, missing: titles.filter((t) => !byTitle.has(t)) };
}

function definitionsApproved(facts: SignOffFacts): SignOffItem {
  const titles = facts.policy.approverTitles;
  const base = {
    id: 'definitions-approved',
    label: `Definitions approved by ${titlesText(titles)}`,
  } as const;
  if (facts.definitions.length === 0) {
    return {
      ...base,
      state: 'open',
      passed: false,
      detail: 'The Definition Alignment Document has no terms.',
      evidence: [],
    };
  }
  const covers = facts.definitions.map((d) => ({ d, ...coverTitles(titles, d.approvals) }));
  const evidence = covers.map(({ d, byTitle }) => {
    const revision = d.revision === undefined ? '' : ` (wording ${d.revision})`;
    const who = titles.map((t) => {
      const a = byTitle.get(t);
      return a === undefined
        ? `${titleName(t)} not yet`
        : `${titleName(t)} ${a.by} on ${day(a.at)}`;
    });
    return `${d.term}${revision}: ${who.join('; ')}`;
  });
  const missing = titles
    .map((title) => ({
      title,
      terms: covers.filter((c) => c.missing.includes(title)).map((c) => c.d.term),
    }))
    .filter((m) => m.terms.length > 0);
  if (missing.length === 0) {
    return {
      ...base,
      state: 'passed',
      passed: true,
      detail: `${titlesText(titles)} approved all ${plural(facts.definitions.length, 'definition')}.`,
      evidence,
    };
  }
  return {
    ...base,
    state: 'open',
    passed: false,
    detail: `${missing.map((m) => `${titleName(m.title)} has not approved ${listOf(m.terms)}`).join('; ')}.`,
    evidence,
  };
}

function dataClean(facts: SignOffFacts): SignOffItem {
  const base = { id: 'data-clean', label: 'Historical data cleaned and validated' } as const;
  if (facts.audit === null) {
    return {
      ...base,
      state: 'open',
      passed: false,
      detail: 'The data has not been audited yet.',
      evidence: [],
    };
  }
  const { errors, warnings, data } = facts.audit;
  const evidence = [
    `Data audit: ${plural(errors, 'error')}${warnings === undefined ? '' : `, ${plural(warnings, 'warning')}`}`,
    ...(data === undefined ? [] : [data]),
  ];
  return errors === 0
    ? {
        ...base,
        state: 'passed',
        passed: true,
        detail: 'The data audit finds no errors.',
        evidence,
      }
    : {
        ...base,
        state: 'open',
        passed: false,
        detail: `The data audit finds ${plural(errors, 'error')}; they must be fixed in the source data and re-imported before sign-off.`,
        evidence,
      };
}

type Entry = SignOffFacts['run']['assumptions'][number];

function entryLine(e: Entry): string {
  const value = e.value === undefined ? '' : ` ${e.value}`;
  const status =
    e.status === 'CONFIRMED'
      ? `CONFIRMED${e.confirmedBy == null ? '' : ` by ${e.confirmedBy}`}${e.confirmedAt == null ? '' : ` on ${day(e.confirmedAt)}`}`
      : 'ASSUMED';
  return `${e.label}:${value} (${status})`;
}

function isWeightKey(key: string): boolean {
  return key === 'territory_weights' || key.startsWith('territory_weights.');
}

function weightsConfirmed(facts: SignOffFacts): SignOffItem {
  const base = { id: 'weights-confirmed', label: 'Territory weights confirmed' } as const;
  const inputs = facts.run.assumptions.filter((e) => isWeightKey(e.key) && e.reps.length > 0);
  const evidence = inputs.map(entryLine);
  if (inputs.length === 0) {
    return {
      ...base,
      state: 'passed',
      passed: true,
      detail: 'No quota depends on a territory weight.',
      evidence,
    };
  }
  const assumed = inputs.filter((e) => e.status !== 'CONFIRMED');
  if (assumed.length === 0) {
    return {
      ...base,
      state: 'passed',
      passed: true,
      detail: `All ${plural(inputs.length, 'territory weight input')} are confirmed.`,
      evidence,
    };
  }
  return {
    ...base,
    state: 'open',
    passed: false,
    detail: `${plural(assumed.length, 'territory weight input is', 'territory weight inputs are')} still ASSUMED: ${listOf(
      assumed.map((e) => e.label),
      false,
    )}.`,
    evidence,
  };
}

function reconciled(facts: SignOffFacts): SignOffItem {
  const base = { id: 'reconciliation', label: 'Blended model reconciled' } as const;
  const check = facts.run.checks.checks.find((c) => c.code === 'reconciliation');
  if (check === undefined || check.status === 'not-applicable') {
    return {
      ...base,
      state: 'open',
      passed: false,
      detail: 'There are no quotas to reconcile in this version.',
      evidence: [],
    };
  }
  const failures = check.findings.filter((f) => f.status === 'fail');
  const evidence = [check.summary, ...failures.slice(0, 5).map((f) => f.message)];
  if (check.status === 'pass') {
    return {
      ...base,
      state: 'passed',
      passed: true,
      detail:
        'The quotas add up to the target to the cent, and every manager roll-up adds up to its team.',
      evidence,
    };
  }
  const first = failures[0]?.message ?? check.summary;
  return {
    ...base,
    state: 'open',
    passed: false,
    detail: `${plural(failures.length, 'reconciliation failure')}: ${first}${failures.length > 1 ? ', and more' : ''}.`,
    evidence,
  };
}

function validOverride(o: BacktestOverride): boolean {
  return o.reason.trim() !== '' && o.by.trim() !== '';
}

/** This version's approvals by holders of the policy's titles. */
function approvalsOfVersion(facts: SignOffFacts): (Approval & { version: number })[] {
  const titles = new Set(facts.policy.approverTitles);
  return facts.quotaApprovals.filter((a) => a.version === facts.version && titles.has(a.title));
}

function backtestInBand(facts: SignOffFacts): SignOffItem {
  const base = { id: 'backtest-in-band', label: 'Back-test within the target band' } as const;
  const { passMin, passMax } = facts.plan.checks.backtest;
  const band = `${pct(passMin)}–${pct(passMax)}`;
  const b = facts.backtest;
  if (b === null) {
    return {
      ...base,
      state: 'open',
      passed: false,
      detail: 'The back-test has not been run for this version.',
      evidence: [],
    };
  }
  const evidence = [
    `Share of reps attaining: ${pct(b.shareAttaining)} (${b.verdict}); band ${band}`,
  ];
  const shown = `The back-test shows ${pct(b.shareAttaining)} of reps attaining`;
  if (b.verdict === 'pass') {
    return {
      ...base,
      state: 'passed',
      passed: true,
      detail: `${shown}, inside the ${band} band.`,
      evidence,
    };
  }
  const outside = `${shown} (${b.verdict}), outside the ${band} band`;
  const o = facts.backtestOverride;
  if (o !== null && validOverride(o)) {
    const reason = o.reason.trim();
    const overridden = { by: o.by, at: o.at, reason };
    // A reason that ends its own sentence gets no second full stop after the quote.
    const quoted = `“${reason}”${/[.!?…]$/.test(reason) ? '' : '.'}`;
    const others = approvalsOfVersion(facts).filter((a) => a.by !== o.by);
    evidence.push(`Override by ${o.by} on ${day(o.at)}: “${reason}”`);
    for (const a of others)
      evidence.push(`Approved by ${a.by} (${titleName(a.title)}) on ${day(a.at)}`);
    const second = others[0];
    if (second === undefined) {
      return {
        ...base,
        state: 'open',
        passed: false,
        detail: `${outside}. ${o.by} overrode it on ${day(o.at)}, and an approver other than ${o.by} must approve the quotas before the override counts: ${quoted}`,
        evidence,
        overridden,
      };
    }
    return {
      ...base,
      state: 'overridden',
      passed: true,
      detail: `${outside}: not a pass. ${o.by} overrode it on ${day(o.at)} and ${second.by} (${titleName(second.title)}) approved the quotas: ${quoted}`,
      evidence,
      overridden,
    };
  }
  return {
    ...base,
    state: 'open',
    passed: false,
    detail:
      o === null
        ? `${outside}; adjust the plan or record an override with a written reason.`
        : `${outside}; the override needs a name and a written reason.`,
    evidence,
  };
}

function rampsForHires(facts: SignOffFacts): SignOffItem {
  const base = { id: 'ramps-for-hires', label: 'Ramp schedules for all planned hires' } as const;
  const { plan } = facts;
  if (plan.hires.length === 0) {
    return {
      ...base,
      state: 'passed',
      passed: true,
      detail: 'There are no planned hires.',
      evidence: [],
    };
  }
  const roles = [...new Set(plan.hires.map((h) => h.role))].sort();
  const problems: string[] = [];
  const evidence: string[] = [];
  for (const role of roles) {
    const hires = plan.hires.filter((h) => h.role === role).map((h) => h.name);
    const who = `${hires.length === 1 ? 'planned hire' : 'planned hires'} ${listOf(hires, false)}`;
    const ramp = rolePlan(plan, role).ramp;
    const key = `roles.${role}.ramp`;
    const entry = facts.run.assumptions.find((e) => e.key === key);
    evidence.push(
      entry === undefined
        ? `Ramp of ${role}: ${ramp.join(', ')} (${who})`
        : `${entryLine(entry)} (${who})`,
    );
    if (!ramp.some((step) => step < 1)) {
      problems.push(`${role} has no ramp below full productivity (${who})`);
      continue;
    }
    const confirmed =
      entry !== undefined ? entry.status === 'CONFIRMED' : confirmationOf(plan, key) !== undefined;
    if (!confirmed) problems.push(`the ramp of ${role} is still ASSUMED (${who})`);
  }
  if (problems.length === 0) {
    return {
      ...base,
      state: 'passed',
      passed: true,
      detail: `Every planned hire has a confirmed ramp (${plural(plan.hires.length, 'hire')}, ${listOf(roles, false)}).`,
      evidence,
    };
  }
  const text = problems.join('; ');
  return {
    ...base,
    state: 'open',
    passed: false,
    detail: `${text.charAt(0).toUpperCase()}${text.slice(1)}.`,
    evidence,
  };
}

function quotasApproved(facts: SignOffFacts): SignOffItem {
  const titles = facts.policy.approverTitles;
  const base = {
    id: 'quotas-approved',
    label: `Individual quotas approved by ${titlesText(titles)}`,
  } as const;
  const mine = facts.quotaApprovals.filter((a) => a.version === facts.version);
  const evidence = mine.map(
    (a) =>
      `${titleName(a.title)}: ${a.by} on ${day(a.at)}${titles.includes(a.title) ? '' : ' (not an approver title)'}`,
  );
  const { byTitle, missing } = coverTitles(titles, mine);
  const who = (a: Approval): string => `${a.by} (${titleName(a.title)})`;
  if (missing.length === 0) {
    return {
      ...base,
      state: 'passed',
      passed: true,
      detail: `${listOf(
        titles.map((t) => who(byTitle.get(t) as Approval)),
        false,
      )} approved the quotas of version ${facts.version}.`,
      evidence,
    };
  }
  const approved = titles.filter((t) => byTitle.has(t)).map((t) => who(byTitle.get(t) as Approval));
  // A title whose only approvals come from someone who already stands for another title.
  const samePerson = missing.filter((t) => mine.some((a) => a.title === t));
  const earlier = facts.quotaApprovals
    .filter((a) => a.version !== facts.version && titles.includes(a.title))
    .map((a) => a.version);
  let detail: string;
  if (approved.length > 0) {
    detail = `Version ${facts.version} is approved by ${listOf(approved, false)}; ${titlesText(missing)} must approve it too${
      samePerson.length > 0 ? ', each a different person' : ''
    }.`;
  } else if (earlier.length > 0) {
    detail = `Quotas were approved for version ${Math.max(...earlier)}, not for this version ${facts.version}; ${titlesText(titles)} must approve them again.`;
  } else {
    detail = `${titlesText(titles)} have not approved the quotas of version ${facts.version}.`;
  }
  return { ...base, state: 'open', passed: false, detail, evidence };
}

/** The sign-off checklist of a plan version, items in the seed's order; ready when all count. */
export function signOffChecklist(facts: SignOffFacts): SignOffChecklist {
  const problem = approverPolicyProblem(facts.policy.approverTitles);
  if (problem !== null) throw new WorkflowInputError(`sign-off policy: ${problem}`);
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

/**
 * The items whose judgement differs between a recorded gate and today's: another state, another
 * sentence or other evidence. Items missing from either side count as different.
 */
export function gateDifferences(
  recorded: readonly Pick<SignOffItem, 'id' | 'state' | 'detail' | 'evidence'>[],
  live: readonly Pick<SignOffItem, 'id' | 'state' | 'detail' | 'evidence'>[],
): SignOffItemId[] {
  const ids = new Set<SignOffItemId>([...recorded.map((i) => i.id), ...live.map((i) => i.id)]);
  return SIGN_OFF_ITEM_IDS.filter((id) => {
    if (!ids.has(id)) return false;
    const a = recorded.find((i) => i.id === id);
    const b = live.find((i) => i.id === id);
    if (a === undefined || b === undefined) return true;
    return (
      a.state !== b.state ||
      a.detail !== b.detail ||
      a.evidence.length !== b.evidence.length ||
      a.evidence.some((line, k) => line !== b.evidence[k])
    );
  });
}
