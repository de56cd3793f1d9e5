// Checks on a plan (METHOD §6): reconciliation with manager roll-ups, quota-to-OTE, pipeline
// coverage, account targets, capacity and fairness. Each check gives a status and findings a
// person can act on; the thresholds come from the plan.

import type { Cents } from '../model.ts';
import { formatAmount, formatNumber } from '../money.ts';
import { coefficientOfVariation } from '../stats.ts';
import type { Plan } from '../plan/types.ts';
import type { Allocation, RepAllocation } from './allocate.ts';
import { BOOKINGS_POOL, compareIds } from './allocate.ts';
import type { History } from './history.ts';

export type CheckCode =
  | 'reconciliation'
  | 'quota-to-ote'
  | 'pipeline-coverage'
  | 'account-targets'
  | 'capacity'
  | 'fairness';

/** pass; warning or fail by the check's severity; info when the check only reports; not-applicable without data. */
export type CheckStatus = 'pass' | 'warning' | 'fail' | 'info' | 'not-applicable';

export type FindingStatus =
  'pass' | 'warning' | 'red' | 'high-risk' | 'gap' | 'fail' | 'info' | 'not-applicable';

export interface CheckFinding {
  subject: { kind: 'rep' | 'segment' | 'manager' | 'company'; id: string; name: string };
  status: FindingStatus;
  /** The checked number (a ratio, a difference in cents, a coefficient of variation); null when not computable. */
  value: number | null;
  message: string;
}

export interface CheckResult {
  code: CheckCode;
  title: string;
  /** The severity a failure carries: error blocks sign-off, warning informs, info reports. */
  severity: 'error' | 'warning' | 'info';
  status: CheckStatus;
  rule: string;
  summary: string;
  findings: CheckFinding[];
}

export interface ManagerRollup {
  managerId: string;
  name: string;
  /** People in the subtree carrying quota in this pool. */
  reps: number;
  /** The manager's own quota (0 when it carries none) plus its reports' roll-ups. */
  quota: Cents;
  monthly: Cents[];
}

export interface CheckReport {
  checks: CheckResult[];
  /** Manager roll-ups of the bookings pool (every manager with quota-carrying people below). */
  rollups: ManagerRollup[];
  /** Account targets used (cents), by account id, and where they came from. */
  accountTargetSource: 'imported' | 'derived';
  /** Checks that failed with error severity. */
  failed: number;
  /** Checks with warnings. */
  warnings: number;
}

function subject(rep: RepAllocation): CheckFinding['subject'] {
  return { kind: 'rep', id: rep.id, name: rep.name };
}

function statusOf(
  findings: readonly CheckFinding[],
  severity: CheckResult['severity'],
): CheckStatus {
  if (findings.length === 0) return 'not-applicable';
  const bad = findings.some(
    (f) => f.status !== 'pass' && f.status !== 'not-applicable' && f.status !== 'info',
  );
  if (!bad) return findings.every((f) => f.status === 'not-applicable') ? 'not-applicable' : 'pass';
  return severity === 'error' ? 'fail' : severity === 'warning' ? 'warning' : 'info';
}

function ratioText(value: number): string {
  return value.toFixed(2);
}

function units(value: number, allocation: Pick<Allocation, 'basis' | 'currency'>): string {
  return formatAmount(value, allocation.basis, allocation.currency);
}

function reconciliation(
  allocation: Allocation,
  history: History,
): { check: CheckResult; rollups: ManagerRollup[] } {
  const findings: CheckFinding[] = [];
  for (const seg of allocation.segments) {
    const sum = allocation.reps
      .filter((r) => r.pool === seg.pool && r.segment === seg.segment)
      .reduce((a, r) => a + r.quota, 0);
    const diff = sum - seg.total;
    findings.push({
      subject: { kind: 'segment', id: `${seg.pool}/${seg.segment}`, name: seg.segment },
      status: diff === 0 ? 'pass' : 'fail',
      value: diff,
      message:
        diff === 0
          ? `Σ quotas of ${seg.segment} (${seg.pool}) = ${units(seg.total, allocation)}, its target with over-assignment, to the cent`
          : `Σ quotas of ${seg.segment} (${seg.pool}) differs from its target by ${diff} cents`,
    });
  }
  for (const rep of allocation.reps) {
    const months = rep.monthly.reduce((a, b) => a + b, 0);
    const quarters = rep.quarters.reduce((a, b) => a + b, 0);
    if (months !== rep.quota || quarters !== rep.quota) {
      findings.push({
        subject: subject(rep),
        status: 'fail',
        value: months - rep.quota,
        message: `Months (${months}) or quarters (${quarters}) of ${rep.name} do not sum to the annual quota (${rep.quota} cents)`,
      });
    }
  }
  // Manager roll-ups of the bookings pool: each manager's own quota plus its reports' roll-ups.
  const quotaOf = new Map<string, RepAllocation>();
  for (const rep of allocation.reps) if (rep.pool === BOOKINGS_POOL) quotaOf.set(rep.id, rep);
  const months = allocation.months;
  const rollup = new Map<string, { reps: number; quota: number; monthly: number[] }>();
  const cycles = new Set<string>();
  const people = history.managerOf.size + 1;
  for (const rep of quotaOf.values()) {
    let manager: string | null = history.managerOf.get(rep.id) ?? rep.managerId;
    // A walk up longer than the number of people is a loop of reporting lines.
    for (let steps = 0; manager !== null; steps++) {
      if (manager === rep.id || steps > people) {
        cycles.add(manager);
        break;
      }
      let r = rollup.get(manager);
      if (r === undefined) {
        r = { reps: 0, quota: 0, monthly: new Array<number>(months).fill(0) };
        rollup.set(manager, r);
      }
      r.reps++;
      r.quota += rep.quota;
      const monthly = r.monthly;
      rep.monthly.forEach((v, k) => (monthly[k] = (monthly[k] ?? 0) + v));
      manager = history.managerOf.get(manager) ?? null;
    }
  }
  const rollups: ManagerRollup[] = [];
  for (const [managerId, r] of rollup) {
    const own = quotaOf.get(managerId);
    rollups.push({
      managerId,
      name: history.personNames.get(managerId) ?? managerId,
      reps: r.reps + (own === undefined ? 0 : 1),
      quota: r.quota + (own?.quota ?? 0),
      monthly: r.monthly.map((v, k) => v + (own?.monthly[k] ?? 0)),
    });
  }
  rollups.sort((a, b) => compareIds(a.managerId, b.managerId));
  // Each roll-up must equal the manager's own quota plus its direct reports' roll-ups.
  // What each manager's direct reports add up to: a report's roll-up, or its own quota.
  const rollupOf = new Map(rollups.map((r) => [r.managerId, r]));
  const direct = new Map<string, number>();
  for (const [id, m] of history.managerOf) {
    if (m === null || !rollup.has(m)) continue;
    const part = rollupOf.get(id)?.quota ?? quotaOf.get(id)?.quota ?? 0;
    direct.set(m, (direct.get(m) ?? 0) + part);
  }
  let mismatches = 0;
  for (const r of rollups) {
    const own = quotaOf.get(r.managerId)?.quota ?? 0;
    const expected = own + (direct.get(r.managerId) ?? 0);
    if (expected !== r.quota && !cycles.has(r.managerId)) {
      mismatches++;
      findings.push({
        subject: { kind: 'manager', id: r.managerId, name: r.name },
        status: 'fail',
        value: r.quota - expected,
        message: `Roll-up of ${r.name} (${units(r.quota, allocation)}) is not its own quota plus its reports' roll-ups (${units(expected, allocation)})`,
      });
    }
  }
  for (const id of cycles) {
    findings.push({
      subject: { kind: 'manager', id, name: history.personNames.get(id) ?? id },
      status: 'fail',
      value: null,
      message: `${history.personNames.get(id) ?? id} is their own manager through a loop of reporting lines: the roll-up is undefined`,
    });
  }
  if (rollups.length > 0 && mismatches === 0 && cycles.size === 0) {
    findings.push({
      subject: { kind: 'company', id: 'managers', name: 'Manager roll-ups' },
      status: 'pass',
      value: 0,
      message: `${rollups.length} manager roll-ups each equal the manager's own quota plus their reports' roll-ups`,
    });
  }
  const check: CheckResult = {
    code: 'reconciliation',
    title: 'Reconciliation',
    severity: 'error',
    status: statusOf(findings, 'error'),
    rule: 'Σ rep quotas = target to the cent; months and quarters sum to the annual quota; every manager roll-up = Σ of its reps',
    summary: '',
    findings,
  };
  check.summary =
    check.status === 'pass'
      ? `Quotas sum to the target to the cent in every segment; ${rollups.length} manager roll-ups reconcile`
      : `${findings.filter((f) => f.status === 'fail').length} reconciliation failures`;
  return { check, rollups };
}

function quotaToOte(plan: Plan, allocation: Allocation): CheckResult {
  const { min, max } = plan.checks.quotaToOte;
  const findings: CheckFinding[] = [];
  let missing = 0;
  for (const rep of allocation.reps) {
    if (rep.pool !== BOOKINGS_POOL || rep.quota === 0) continue;
    if (rep.ote === null || rep.ote <= 0 || !(rep.seasonalMonths > 0)) {
      missing++;
      continue;
    }
    const annualised = (rep.quota * 12) / rep.seasonalMonths;
    const ratio = annualised / rep.ote;
    const inside = ratio >= min && ratio <= max;
    findings.push({
      subject: subject(rep),
      status: inside ? 'pass' : 'warning',
      value: ratio,
      message: `${rep.name}: fully ramped annual quota ${units(annualised, allocation)} is ${ratioText(ratio)}× OTE ${units(rep.ote, allocation)}${inside ? '' : ` (outside ${min}–${max})`}`,
    });
  }
  const outside = findings.filter((f) => f.status === 'warning').length;
  return {
    code: 'quota-to-ote',
    title: 'Quota to OTE',
    severity: 'warning',
    status: allocation.basis === 'count' ? 'not-applicable' : statusOf(findings, 'warning'),
    rule: `fully ramped annualised quota ÷ OTE in [${min}, ${max}]`,
    summary:
      findings.length === 0
        ? `No OTE known for any rep${missing > 0 ? ` (${missing} reps without OTE)` : ''}: set ote per rep or per role in the plan`
        : `${outside} of ${findings.length} reps outside ${min}–${max}× OTE${missing > 0 ? `; ${missing} reps without OTE` : ''}`,
    findings,
  };
}

function coverage(plan: Plan, allocation: Allocation, history: History): CheckResult {
  const { warning, red } = plan.checks.coverage;
  const findings: CheckFinding[] = [];
  const sellerOf = new Map(history.sellers.map((s) => [s.id, s]));
  const quarter = allocation.quarterLabels[0] ?? 'Q1';
  let unpriced = 0;
  for (const rep of allocation.reps) {
    if (rep.pool !== BOOKINGS_POOL) continue;
    const q1 = rep.quarters[0] ?? 0;
    if (q1 <= 0) continue;
    const seller = sellerOf.get(rep.id);
    const open = seller?.openFirstQuarter ?? 0;
    const without = seller?.openFirstQuarterUnpriced ?? 0;
    unpriced += without;
    const ratio = open / q1;
    const status: FindingStatus = ratio < red ? 'red' : ratio < warning ? 'warning' : 'pass';
    findings.push({
      subject: subject(rep),
      status,
      value: ratio,
      message: `${rep.name}: ${units(open, allocation)} open pipeline closing in ${quarter} against a ${units(q1, allocation)} quota = ${ratioText(ratio)}× coverage${without > 0 ? ` (${dealCount(without)} open ${without === 1 ? 'deal has' : 'deals have'} no amount or no expected close date and count as nothing)` : ''}`,
    });
  }
  const reds = findings.filter((f) => f.status === 'red').length;
  const warnings = findings.filter((f) => f.status === 'warning').length;
  return {
    code: 'pipeline-coverage',
    title: 'Pipeline coverage',
    severity: 'warning',
    status: statusOf(findings, 'warning'),
    rule: `open pipeline closing in the first plan quarter ÷ first-quarter quota ≥ ${warning} (red below ${red})`,
    summary:
      findings.length === 0
        ? 'No rep has a first-quarter quota'
        : `${reds} reps red (< ${red}×), ${warnings} below ${warning}×, ${findings.length - reds - warnings} covered${unpriced > 0 ? `; ${dealCount(unpriced)} open ${unpriced === 1 ? 'deal has' : 'deals have'} no amount or no expected close date, so ${unpriced === 1 ? 'it counts' : 'they count'} as nothing: coverage is understated` : ''}`,
    findings,
  };
}

/** A count of deals with grouping ('2,089'). */
function dealCount(n: number): string {
  return formatNumber(Math.round(n));
}

function accountTargets(
  plan: Plan,
  allocation: Allocation,
  history: History,
): { check: CheckResult; source: CheckReport['accountTargetSource'] } {
  const limit = plan.checks.accountTargetRatio;
  const imported = plan.accountTargets;
  const findings: CheckFinding[] = [];
  // Σ targets of each owner's accounts: derived from the history pass, or summed from the file.
  const importedSum = new Map<string, number>();
  if (imported !== null) {
    const targetOf = new Map<string, number>();
    for (const t of imported)
      targetOf.set(t.accountId, (targetOf.get(t.accountId) ?? 0) + t.target);
    const known = new Set<string>();
    for (const a of history.accounts) {
      known.add(a.id);
      if (a.ownerId !== null) {
        importedSum.set(a.ownerId, (importedSum.get(a.ownerId) ?? 0) + (targetOf.get(a.id) ?? 0));
      }
    }
    for (const t of imported) {
      if (!known.has(t.accountId)) {
        findings.push({
          subject: { kind: 'company', id: t.accountId, name: t.accountId },
          status: 'warning',
          value: null,
          message: `Account target for ${t.accountId}, which is not an account of the workspace`,
        });
      }
    }
  }
  const sellerOf = new Map(history.sellers.map((s) => [s.id, s]));
  let noAccounts = 0;
  for (const rep of allocation.reps) {
    if (rep.pool !== BOOKINGS_POOL || rep.quota === 0) continue;
    const seller = sellerOf.get(rep.id);
    if (seller === undefined || seller.ownedAccounts === 0) {
      noAccounts++;
      continue;
    }
    const entry = {
      count: seller.ownedAccounts,
      sum:
        imported === null
          ? seller.accountTrailing12 * (1 + plan.growth)
          : (importedSum.get(rep.id) ?? 0),
    };
    const ratio = entry.sum > 0 ? rep.quota / entry.sum : null;
    const risky = ratio === null || ratio > limit;
    findings.push({
      subject: subject(rep),
      status: risky ? 'high-risk' : 'pass',
      value: ratio,
      message:
        ratio === null
          ? `${rep.name}: quota ${units(rep.quota, allocation)} but the ${entry.count} accounts they own have no target`
          : `${rep.name}: quota ${units(rep.quota, allocation)} is ${ratioText(ratio)}× the ${units(entry.sum, allocation)} targets of their ${entry.count} accounts${risky ? ` (above ${limit}: high risk)` : ''}`,
    });
  }
  const risky = findings.filter((f) => f.status === 'high-risk').length;
  const check: CheckResult = {
    code: 'account-targets',
    title: 'Account targets',
    severity: 'warning',
    status: statusOf(findings, 'warning'),
    rule: `quota ÷ Σ targets of the rep's accounts ≤ ${limit} (${imported === null ? 'targets derived: trailing 12 months × (1 + growth)' : 'imported targets'})`,
    summary:
      findings.length === 0
        ? `No rep owns accounts${noAccounts > 0 ? ` (${noAccounts} reps checked)` : ''}: the account-target gap cannot be measured`
        : `${risky} of ${findings.length} reps at high risk (quota above ${limit}× their accounts' targets)${noAccounts > 0 ? `; ${noAccounts} reps own no accounts` : ''}`,
    findings,
  };
  return { check, source: imported === null ? 'derived' : 'imported' };
}

function capacity(allocation: Allocation): CheckResult {
  const findings: CheckFinding[] = allocation.segments.map((seg): CheckFinding => {
    const short = seg.gap > 0.5;
    const who = { kind: 'segment' as const, id: `${seg.pool}/${seg.segment}`, name: seg.segment };
    if (!seg.bottomUpAvailable) {
      return {
        subject: who,
        status: 'not-applicable',
        value: null,
        message: `${seg.segment}: no productivity history, so no bottom-up capacity to compare`,
      };
    }
    const hc =
      seg.headcountToClose === null
        ? ''
        : `; ${seg.headcountToClose.toFixed(1)} fully ramped FTEs would close it — meet it with headcount, coverage or investment, not seller burden`;
    return {
      subject: who,
      status: short ? 'gap' : 'pass',
      value: seg.gap,
      message: short
        ? `${seg.segment}: target ${units(seg.target, allocation)} exceeds bottom-up capacity ${units(seg.capacity, allocation)} by ${units(seg.gap, allocation)} (a strategic gap)${hc}`
        : `${seg.segment}: capacity ${units(seg.capacity, allocation)} covers the target ${units(seg.target, allocation)}`,
    };
  });
  const gaps = findings.filter((f) => f.status === 'gap').length;
  return {
    code: 'capacity',
    title: 'Capacity',
    severity: 'warning',
    status: statusOf(findings, 'warning'),
    rule: 'bottom-up capacity C_s ≥ target T_s in every segment',
    summary:
      gaps === 0
        ? 'Capacity covers the target in every segment'
        : `${gaps} segments carry a strategic gap`,
    findings,
  };
}

function fairness(allocation: Allocation, history: History): CheckResult {
  const potentialOf = new Map<string, number>();
  for (const s of history.sellers)
    if (s.ownedAccounts > 0) potentialOf.set(s.id, s.accountPotential);
  const ratios: number[] = [];
  const findings: CheckFinding[] = [];
  for (const rep of allocation.reps) {
    if (rep.pool !== BOOKINGS_POOL || rep.quota === 0) continue;
    const fullyRamped = rep.effective.every((e) => e >= 1 - 1e-9);
    const potential = potentialOf.get(rep.id) ?? 0;
    if (!fullyRamped || !(potential > 0)) continue;
    const ratio = rep.quota / potential;
    ratios.push(ratio);
    findings.push({
      subject: subject(rep),
      status: 'info',
      value: ratio,
      message: `${rep.name}: quota is ${ratioText(ratio)}× the potential of their accounts`,
    });
  }
  const cv = coefficientOfVariation(ratios);
  if (cv !== null) {
    findings.unshift({
      subject: { kind: 'company', id: 'fairness', name: 'Fully ramped reps' },
      status: 'info',
      value: cv,
      message: `Coefficient of variation of quota ÷ potential across ${ratios.length} fully ramped reps: ${(cv * 100).toFixed(1)}% (lower is fairer)`,
    });
  }
  return {
    code: 'fairness',
    title: 'Fairness',
    severity: 'info',
    status: cv === null ? 'not-applicable' : 'info',
    rule: `coefficient of variation of quota ÷ potential across fully ramped reps (potential: ${history.potentialSource === 'field' ? 'the accounts’ potential field' : 'their accounts’ trailing 12 months of bookings'})`,
    summary:
      cv === null
        ? 'Not measurable: fewer than two fully ramped reps own accounts with potential'
        : `Quota ÷ potential varies by ${(cv * 100).toFixed(1)}% (coefficient of variation) across ${ratios.length} fully ramped reps`,
    findings,
  };
}

/** Runs every check of METHOD §6 on an allocation. */
export function checkPlan(plan: Plan, history: History, allocation: Allocation): CheckReport {
  const rec = reconciliation(allocation, history);
  const acc = accountTargets(plan, allocation, history);
  const checks = [
    rec.check,
    quotaToOte(plan, allocation),
    coverage(plan, allocation, history),
    acc.check,
    capacity(allocation),
    fairness(allocation, history),
  ];
  return {
    checks,
    rollups: rec.rollups,
    accountTargetSource: acc.source,
    failed: checks.filter((c) => c.status === 'fail').length,
    warnings: checks.filter((c) => c.status === 'warning').length,
  };
}
