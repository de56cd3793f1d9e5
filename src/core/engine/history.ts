// What the quota engine learns from the history (METHOD §1–§3): the fit window, seasonality,
// each seller's credited measure, capacity and productivity over the fit window, win rates,
// account facts for territory weights and account targets, open pipeline for coverage, and the
// actual measure in the plan months (the back-test's "what really happened").
// One pass over the deals; everything after it works on per-seller numbers.

import { activeFraction, rampFactor, tenureMonth, validateRamp } from '../capacity.ts';
import { monthEnd, monthIndex, monthStart } from '../dates.ts';
import type { MonthIndex } from '../dates.ts';
import { latestPastDate, resolveAsOf } from '../as-of.ts';
import type { AsOf } from '../as-of.ts';
import { creditTable, idFilter, splitCents } from '../baseline/credit.ts';
import { monthIndexOf } from '../baseline/date-digits.ts';
import { formatIssue } from '../issue.ts';
import type { Issue } from '../issue.ts';
import type { Cents, Dataset, DealType, IsoDate } from '../model.ts';
import {
  customSeasonality,
  flatSeasonality,
  historicalSeasonality,
  seasonalFactor,
} from '../seasonality.ts';
import type { Seasonality } from '../seasonality.ts';
import { rolePlan } from '../plan/defaults.ts';
import type { Plan, QuotaMeasure, RolePlan } from '../plan/types.ts';

/** Thrown when the engine is called with inputs the plan loader should have refused. */
export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}

/** Months m with from ≤ m ≤ to; empty when to < from. */
export interface MonthWindow {
  from: MonthIndex;
  to: MonthIndex;
}

export function windowLength(window: MonthWindow): number {
  return Math.max(0, window.to - window.from + 1);
}

/** A seller who may carry quota under the plan: a roster rep of a quota-carrying role, or a planned hire. */
export interface Seller {
  id: string;
  name: string;
  email: string | null;
  role: string;
  measure: QuotaMeasure;
  /** The rep's segment, else its territory's segment; null when neither is known. */
  segment: string | null;
  territoryId: string | null;
  managerId: string | null;
  startDate: IsoDate | null;
  /** After the plan's departures. */
  endDate: IsoDate | null;
  planned: boolean;
  /** Annual OTE in cents of the plan currency (plan per rep, else roster, else role); null when unknown. */
  ote: Cents | null;
  ramp: readonly number[];
  /** Σ over fit months of e. */
  fitCapacity: number;
  /** Σ over fit months of e × σ: fully ramped, average-season months. */
  fitRampedMonths: number;
  /** Fit months with e = 1 (employed the whole month and fully ramped). */
  fullMonths: number;
  /** Σ credited measure over the fit window (cents; hundredths of a deal for counts). */
  fitMeasure: number;
  /** Σ credited measure over the last 12 months of the fit window (last year's bookings). */
  trailing12: number;
  /** Credited won and lost deals of the counted types closed in the fit window. */
  won: number;
  lost: number;
  /** own_i = fitMeasure / fitRampedMonths per month, defined when fitCapacity ≥ 1 (METHOD §3). */
  own: number | null;
  /** Accounts the rep owns, and the Σ of their potential and of their trailing-12-month bookings. */
  ownedAccounts: number;
  accountPotential: number;
  accountTrailing12: number;
  /** Open pipeline of counted types closing in the first plan quarter (cents or hundredths of a deal). */
  openFirstQuarter: number;
  /**
   * The seller's open deals that add nothing to openFirstQuarter for want of data: no expected
   * close date, or closing in the first plan quarter with no amount (amount basis). Coverage
   * reads low for that reason, and says so.
   */
  openFirstQuarterUnpriced: number;
  /** Credited measure in each plan month, from the data (the back-test's actuals). */
  actual: Float64Array;
}

export interface AccountFacts {
  id: string;
  name: string;
  /** Own territory, else the owner's territory. */
  territoryId: string | null;
  ownerId: string | null;
  /** Won bookings of counted types in the last 12 months of the fit window (cents; hundredths of a deal for counts). */
  trailing12: number;
  /** The potential used for weights and fairness: the field, or trailing12 (see potentialSource). */
  potential: number;
}

export interface History {
  asOf: IsoDate;
  /** Where the as-of date came from (the plan, the workspace, the data). */
  asOfSource: AsOf;
  /** First plan month, and the plan's months. */
  startMonth: MonthIndex;
  months: number;
  fit: MonthWindow;
  /** Why the fit window is what it is, in words. */
  fitNote: string;
  seasonality: Seasonality;
  /** σ of each plan month. */
  sigma: Float64Array;
  sellers: Seller[];
  accounts: AccountFacts[];
  /** 'field' when some account has a potential, 'bookings' when the trailing 12 months stand in for it. */
  potentialSource: 'field' | 'bookings';
  /** Territory id → name. */
  territoryNames: ReadonlyMap<string, string>;
  /** Rep id → name, for every rep of the roster (managers included), for roll-ups and explanations. */
  personNames: ReadonlyMap<string, string>;
  /** Rep id → manager id, every rep of the roster and the hires. */
  managerOf: ReadonlyMap<string, string | null>;
  basis: Dataset['settings']['basis'];
  /**
   * The credited amounts of each seller's won deals in the fit window (cents; 100 per deal under
   * the count basis): seller i's are amounts[start[i]] .. amounts[start[i + 1] − 1]. The
   * simulation draws deal sizes from them.
   */
  wonSizes: { start: Int32Array; amounts: Float64Array };
  /** Company won measure per fit month (the seasonality's input). */
  companyMonthly: ReadonlyMap<MonthIndex, number>;
  issues: Issue[];
}

export interface HistoryOptions {
  /** Learn from these months instead of the plan's history window (the back-test). */
  fitWindow?: MonthWindow;
}

const TYPE_BIT: Record<DealType, number> = { new_business: 1, expansion: 2, renewal: 4 };
const FULL = 1 - 1e-9;

function typeMask(types: readonly DealType[]): number {
  let mask = 0;
  for (const t of types) mask |= TYPE_BIT[t];
  return mask;
}

/** True when the seller has e > 0 in at least one of the months [start, start + months). */
export function onRoster(
  s: Pick<Seller, 'startDate' | 'endDate' | 'ramp'>,
  start: MonthIndex,
  months: number,
): boolean {
  for (let m = start; m < start + months; m++) {
    const a = activeFraction(s, m);
    if (a > 0 && a * rampFactor(s.ramp, tenureMonth(s.startDate, m)) > 0) return true;
  }
  return false;
}

/** The last month wholly covered by data extracted on `asOf`. */
export function lastCompleteMonth(asOf: IsoDate): MonthIndex {
  const m = monthIndex(asOf);
  return monthEnd(m) === asOf ? m : m - 1;
}

function checkPlanShape(plan: Plan): void {
  if (!/^\d{4}-\d{2}-01$/.test(plan.start)) {
    throw new PlanInputError(`plan start ${plan.start} is not the first day of a month`);
  }
  if (!Number.isInteger(plan.months) || plan.months < 1 || plan.months > 36) {
    throw new PlanInputError(`plan months ${plan.months} is not a whole number from 1 to 36`);
  }
  for (const [code, role] of [
    ...Object.entries(plan.roles),
    ['(default)', plan.defaultRole] as const,
  ]) {
    const check = validateRamp(role.ramp);
    if (!check.ok) {
      throw new PlanInputError(
        `ramp of role ${code}: ${check.issues.map((i) => formatIssue(i)).join('; ')}`,
      );
    }
  }
}

/**
 * Learns the per-seller and per-account facts of a plan from a dataset. Problems with the plan's
 * references to the data (a departure of an unknown rep, a hire whose id is taken, a weight
 * override for an unknown territory) come back as error Issues in `issues`.
 */
export function learnHistory(dataset: Dataset, plan: Plan, options: HistoryOptions = {}): History {
  checkPlanShape(plan);
  const issues: Issue[] = [];
  const basis = dataset.settings.basis;
  const amountBasis = basis === 'amount';
  const startMonth = monthIndex(plan.start);
  const months = plan.months;
  const asOfSource = resolveAsOf({
    plan: plan.asOf,
    workspace: dataset.settings.asOf,
    data: () => latestPastDate(dataset),
    planStartEve: monthEnd(startMonth - 1),
  }) as AsOf;
  const asOf = asOfSource.date;

  // ---- the fit window (METHOD §1)
  let fit: MonthWindow;
  let fitNote: string;
  if (options.fitWindow !== undefined) {
    fit = options.fitWindow;
    fitNote = `given: ${monthStart(fit.from)} to ${monthEnd(fit.to)}`;
  } else {
    let firstClosed: IsoDate | null = null;
    for (const deal of dataset.deals) {
      const close = deal.closeDate;
      if (deal.status === 'open' || close === null || close > asOf) continue;
      if (firstClosed === null || close < firstClosed) firstClosed = close;
    }
    const to = Math.min(startMonth - 1, lastCompleteMonth(asOf));
    if (firstClosed === null) {
      fit = { from: to + 1, to };
      fitNote = 'no closed deals on or before the as-of date: nothing to learn from';
    } else {
      const from = Math.max(monthIndex(firstClosed), to - plan.historyMonths + 1);
      fit = { from, to };
      fitNote =
        windowLength(fit) === 0
          ? 'no complete month of history before the plan start'
          : `${monthStart(from)} to ${monthEnd(to)}: from the first month with a closed deal ` +
            `(at most ${plan.historyMonths} months) to the last complete month before the plan ` +
            `start covered by data extracted on ${asOf}`;
    }
  }
  const fitMonths = windowLength(fit);

  // ---- sellers: roster reps of quota-carrying roles (first row of an id wins), then hires
  const territoryNames = new Map<string, string>();
  const territorySegment = new Map<string, string | null>();
  for (const t of dataset.territories) {
    if (territoryNames.has(t.id)) continue;
    territoryNames.set(t.id, t.name);
    territorySegment.set(t.id, t.segment);
  }
  const departures = new Map<string, IsoDate>();
  for (const d of plan.departures) departures.set(d.repId, d.endDate);
  const personNames = new Map<string, string>();
  const managerOf = new Map<string, string | null>();
  const rateOf = new Map<string, number>();
  for (const r of dataset.rates) if (!rateOf.has(r.currency)) rateOf.set(r.currency, r.rate);

  const sellers: Seller[] = [];
  const roles: RolePlan[] = [];
  const sellerIndex = new Map<string, number>();
  const newSeller = (
    base: Omit<
      Seller,
      | 'measure'
      | 'ramp'
      | 'fitCapacity'
      | 'fitRampedMonths'
      | 'fullMonths'
      | 'fitMeasure'
      | 'trailing12'
      | 'won'
      | 'lost'
      | 'own'
      | 'openFirstQuarter'
      | 'openFirstQuarterUnpriced'
      | 'actual'
      | 'ownedAccounts'
      | 'accountPotential'
      | 'accountTrailing12'
    >,
    role: RolePlan,
  ): void => {
    sellerIndex.set(base.id, sellers.length);
    roles.push(role);
    sellers.push({
      ...base,
      measure: role.measure,
      ramp: role.ramp,
      fitCapacity: 0,
      fitRampedMonths: 0,
      fullMonths: 0,
      fitMeasure: 0,
      trailing12: 0,
      won: 0,
      lost: 0,
      own: null,
      openFirstQuarter: 0,
      openFirstQuarterUnpriced: 0,
      actual: new Float64Array(months),
      ownedAccounts: 0,
      accountPotential: 0,
      accountTrailing12: 0,
    });
  };
  for (const rep of dataset.reps) {
    if (personNames.has(rep.id)) continue;
    personNames.set(rep.id, rep.name);
    managerOf.set(rep.id, rep.managerId);
    const role = rolePlan(plan, rep.role);
    if (!role.carriesQuota) continue;
    let rosterOte: Cents | null = null;
    if (rep.ote !== null) {
      const currency = rep.currency ?? plan.currency;
      const rate = currency === plan.currency ? 1 : rateOf.get(currency);
      rosterOte = rate === undefined ? null : Math.round(rep.ote * rate);
    }
    newSeller(
      {
        id: rep.id,
        name: rep.name,
        email: rep.email,
        role: rep.role,
        segment:
          rep.segment ??
          (rep.territoryId === null ? null : (territorySegment.get(rep.territoryId) ?? null)),
        territoryId: rep.territoryId,
        managerId: rep.managerId,
        startDate: rep.startDate,
        endDate: departures.get(rep.id) ?? rep.endDate,
        planned: false,
        ote: plan.ote[rep.id] ?? rosterOte ?? role.ote,
      },
      role,
    );
  }
  for (const d of plan.departures) {
    if (!personNames.has(d.repId)) {
      issues.push({
        code: 'plan-departure-unknown-rep',
        severity: 'error',
        message: `Departure of rep ${d.repId}, who is not in the roster`,
        expected: 'the id of a rep in the workspace',
        location: { entity: 'departures', id: d.repId },
      });
    }
  }
  for (const hire of plan.hires) {
    if (personNames.has(hire.id)) {
      issues.push({
        code: 'plan-hire-id-taken',
        severity: 'error',
        message: `Planned hire ${hire.id} has the id of a rep already in the roster`,
        expected: 'an id no rep has (e.g. HIRE-1)',
        location: { entity: 'hires', id: hire.id },
      });
      continue;
    }
    if (hire.territoryId !== null && !territoryNames.has(hire.territoryId)) {
      issues.push({
        code: 'plan-hire-unknown-territory',
        severity: 'error',
        message: `Planned hire ${hire.id} is placed in territory ${hire.territoryId}, which does not exist`,
        expected: 'the id of a territory in the workspace',
        location: { entity: 'hires', id: hire.id, value: hire.territoryId },
      });
    }
    personNames.set(hire.id, hire.name);
    managerOf.set(hire.id, hire.managerId);
    const role = rolePlan(plan, hire.role);
    if (!role.carriesQuota) continue;
    newSeller(
      {
        id: hire.id,
        name: hire.name,
        email: null,
        role: hire.role,
        segment:
          hire.segment ??
          (hire.territoryId === null ? null : (territorySegment.get(hire.territoryId) ?? null)),
        territoryId: hire.territoryId,
        managerId: hire.managerId,
        startDate: hire.startDate,
        endDate: departures.get(hire.id) ?? hire.endDate,
        planned: true,
        ote: plan.ote[hire.id] ?? hire.ote ?? role.ote,
      },
      role,
    );
  }
  for (const id of Object.keys(plan.territoryWeights.overrides)) {
    if (!territoryNames.has(id)) {
      issues.push({
        code: 'plan-override-unknown-territory',
        severity: 'error',
        message: `Territory weight override for ${id}, which is not a territory of the workspace`,
        expected: 'the id of a territory in the workspace',
        location: { entity: 'territory_weights.overrides', id },
      });
    }
  }

  // ---- the one pass over the deals
  const n = sellers.length;
  const masks = new Uint8Array(n);
  roles.forEach((role, i) => (masks[i] = typeMask(role.counts)));
  // The company series (seasonality, the account-potential fallback) counts the deal types of
  // the bookings roles on this run's roster: sellers with e > 0 in a plan month (METHOD §2–3).
  // A role the plan lists but nobody on the roster holds adds nothing (issue 12: an AE-only
  // roster's seasonality is not shaped by renewals because the default AM role counts them).
  let companyMask = 0;
  sellers.forEach((s, i) => {
    if (s.measure === 'bookings' && onRoster(s, startMonth, months)) companyMask |= masks[i] ?? 0;
  });
  if (companyMask === 0 && plan.defaultRole.measure === 'bookings') {
    companyMask = typeMask(plan.defaultRole.counts);
  }
  const measureCode = new Uint8Array(n);
  sellers.forEach(
    (s, i) =>
      (measureCode[i] = s.measure === 'bookings' ? 0 : s.measure === 'sourced_pipeline' ? 1 : 2),
  );

  const fitMeasure = new Float64Array(n);
  const trailing12 = new Float64Array(n);
  const won = new Float64Array(n);
  const lost = new Float64Array(n);
  const openQ1 = new Float64Array(n);
  const unpricedQ1 = new Float64Array(n);
  const actual = new Float64Array(n * months);
  const companyFit = new Float64Array(fitMonths);
  const accountIndex = new Map<string, number>();
  dataset.accounts.forEach((a, i) => {
    if (!accountIndex.has(a.id)) accountIndex.set(a.id, i);
  });
  const trailing = new Float64Array(dataset.accounts.length);
  const trailingFrom = Math.max(fit.from, fit.to - 11);
  const q1Last = monthEnd(startMonth + Math.min(3, months) - 1);
  const planStart = monthStart(startMonth);
  const planLast = startMonth + months - 1;

  // Won deal sizes in the fit window, as (seller, amount) pairs, bucketed after the pass.
  let sizeSeller = new Int32Array(1024);
  let sizeAmount = new Float64Array(1024);
  let sizeCount = 0;
  const addSize = (s: number, amount: number): void => {
    if (sizeCount === sizeSeller.length) {
      const seller = new Int32Array(2 * sizeCount);
      seller.set(sizeSeller);
      sizeSeller = seller;
      const amounts = new Float64Array(2 * sizeCount);
      amounts.set(sizeAmount);
      sizeAmount = amounts;
    }
    sizeSeller[sizeCount] = s;
    sizeAmount[sizeCount] = amount;
    sizeCount++;
  };

  const splits = creditTable(dataset.splits);
  const hasSplits = splits.slotOf.size > 0;
  const maybeSplit = idFilter(splits.slotOf.keys(), splits.slotOf.size);
  const one = [1];

  for (const deal of dataset.deals) {
    const bit = deal.type === null ? 1 : TYPE_BIT[deal.type];
    const value = amountBasis ? (deal.amount ?? 0) : 100;
    // Sourced measures: every deal a rep sourced, by created date.
    if (deal.sourceRepId !== null && deal.createdDate !== null && deal.createdDate <= asOf) {
      const s = sellerIndex.get(deal.sourceRepId);
      if (s !== undefined && measureCode[s] !== 0 && ((masks[s] ?? 0) & bit) !== 0) {
        // Under the count basis there are no amounts: sourced pipeline is counted in deals.
        const credit = measureCode[s] === 1 && amountBasis ? (deal.amount ?? 0) : 100;
        const m = monthIndexOf(deal.createdDate);
        if (m >= fit.from && m <= fit.to) {
          fitMeasure[s] = (fitMeasure[s] ?? 0) + credit;
          if (m >= trailingFrom) trailing12[s] = (trailing12[s] ?? 0) + credit;
        }
        if (m >= startMonth && m <= planLast) {
          const at = s * months + (m - startMonth);
          actual[at] = (actual[at] ?? 0) + credit;
        }
      }
    }
    if (deal.status === 'open') {
      // Open deals the coverage cannot count: no expected close date, or closing in the first
      // quarter without an amount. Counted for the owner, so coverage can say why it is low.
      if (
        (deal.createdDate === null || deal.createdDate <= asOf) &&
        (deal.closeDate === null ||
          (amountBasis &&
            deal.amount === null &&
            deal.closeDate >= planStart &&
            deal.closeDate <= q1Last))
      ) {
        const s = deal.ownerId === null ? undefined : sellerIndex.get(deal.ownerId);
        if (s !== undefined && measureCode[s] === 0 && ((masks[s] ?? 0) & bit) !== 0) {
          unpricedQ1[s] = (unpricedQ1[s] ?? 0) + 1;
        }
      }
      if (
        deal.closeDate === null ||
        deal.closeDate < planStart ||
        deal.closeDate > q1Last ||
        (deal.createdDate !== null && deal.createdDate > asOf)
      ) {
        continue;
      }
    } else if (deal.closeDate === null) {
      continue;
    }
    const close = deal.closeDate;
    const m = monthIndexOf(close);
    const inFit = m >= fit.from && m <= fit.to;
    const inPlan = m >= startMonth && m <= planLast;
    if (deal.status === 'won' && inFit && (companyMask & bit) !== 0) {
      companyFit[m - fit.from] = (companyFit[m - fit.from] ?? 0) + value;
      if (m >= trailingFrom && deal.accountId !== null) {
        const a = accountIndex.get(deal.accountId);
        if (a !== undefined) trailing[a] = (trailing[a] ?? 0) + value;
      }
    }
    if (deal.status !== 'open' && !inFit && !inPlan) continue;

    // Credited sellers: the owner, or the reps of the deal's credit splits.
    const slot = hasSplits && maybeSplit.mayHave(deal.id) ? splits.slotOf.get(deal.id) : undefined;
    const first = slot === undefined ? 0 : (splits.start[slot] ?? 0);
    const end = slot === undefined ? 1 : (splits.start[slot + 1] ?? 0);
    const shares = slot === undefined ? one : splits.shares.subarray(first, end);
    const parts = slot === undefined || value === 0 ? null : splitCents(Math.round(value), shares);
    for (let p = first; p < end; p++) {
      const repId = slot === undefined ? deal.ownerId : (splits.repIds[p] ?? null);
      if (repId === null) continue;
      const s = sellerIndex.get(repId);
      if (s === undefined || measureCode[s] !== 0 || ((masks[s] ?? 0) & bit) === 0) continue;
      const k = p - first;
      const share = shares[k] ?? 0;
      const credit = parts === null ? (slot === undefined ? value : 0) : (parts[k] ?? 0);
      if (deal.status === 'open') {
        openQ1[s] = (openQ1[s] ?? 0) + credit;
      } else if (deal.status === 'won') {
        if (inFit) {
          fitMeasure[s] = (fitMeasure[s] ?? 0) + credit;
          if (m >= trailingFrom) trailing12[s] = (trailing12[s] ?? 0) + credit;
          won[s] = (won[s] ?? 0) + share;
          if (!amountBasis || deal.amount !== null) addSize(s, credit);
        }
        if (inPlan) {
          const at = s * months + (m - startMonth);
          actual[at] = (actual[at] ?? 0) + credit;
        }
      } else if (inFit) {
        lost[s] = (lost[s] ?? 0) + share;
      }
    }
  }

  const sizeStart = new Int32Array(n + 1);
  for (let k = 0; k < sizeCount; k++) {
    const s = sizeSeller[k] ?? 0;
    sizeStart[s + 1] = (sizeStart[s + 1] ?? 0) + 1;
  }
  for (let i = 0; i < n; i++) sizeStart[i + 1] = (sizeStart[i + 1] ?? 0) + (sizeStart[i] ?? 0);
  const sizeAmounts = new Float64Array(sizeCount);
  const nextSize = sizeStart.slice(0, n);
  for (let k = 0; k < sizeCount; k++) {
    const s = sizeSeller[k] ?? 0;
    const at = nextSize[s] ?? 0;
    sizeAmounts[at] = sizeAmount[k] ?? 0;
    nextSize[s] = at + 1;
  }

  // ---- seasonality (METHOD §2)
  const companyMonthly = new Map<MonthIndex, number>();
  for (let k = 0; k < fitMonths; k++) companyMonthly.set(fit.from + k, companyFit[k] ?? 0);
  let seasonality: Seasonality;
  if (plan.seasonality.mode === 'flat') {
    seasonality = flatSeasonality();
  } else if (plan.seasonality.mode === 'custom') {
    const custom = customSeasonality(plan.seasonality.shares);
    if (!custom.ok) {
      throw new PlanInputError(custom.issues.map((i) => formatIssue(i)).join('; '));
    }
    seasonality = custom.value;
  } else if (fitMonths >= 12) {
    seasonality = historicalSeasonality(companyMonthly, fit);
  } else {
    seasonality = flatSeasonality();
    issues.push({
      code: 'seasonality-flat-fallback',
      severity: 'info',
      message: `Historical seasonality needs 12 months of history; the fit window has ${fitMonths}, so seasonality is flat`,
    });
  }
  const sigma = new Float64Array(months);
  for (let k = 0; k < months; k++) sigma[k] = seasonalFactor(seasonality, startMonth + k);

  // ---- capacity and productivity over the fit window (METHOD §3)
  for (let i = 0; i < n; i++) {
    const s = sellers[i];
    if (s === undefined) continue;
    let capacity = 0;
    let ramped = 0;
    let full = 0;
    for (let h = fit.from; h <= fit.to; h++) {
      const a = activeFraction(s, h);
      if (a === 0) continue;
      const e = a * rampFactor(s.ramp, tenureMonth(s.startDate, h));
      capacity += e;
      ramped += e * seasonalFactor(seasonality, h);
      if (e >= FULL) full++;
    }
    s.fitCapacity = capacity;
    s.fitRampedMonths = ramped;
    s.fullMonths = full;
    s.fitMeasure = fitMeasure[i] ?? 0;
    s.trailing12 = trailing12[i] ?? 0;
    s.won = won[i] ?? 0;
    s.lost = lost[i] ?? 0;
    s.own = capacity >= FULL && ramped > 0 ? Math.max(0, s.fitMeasure / ramped) : null;
    s.openFirstQuarter = openQ1[i] ?? 0;
    s.openFirstQuarterUnpriced = unpricedQ1[i] ?? 0;
    s.actual = actual.slice(i * months, (i + 1) * months);
  }

  // ---- accounts (METHOD §4 potential, §6 account targets)
  const anyPotential = dataset.accounts.some((a) => a.potential !== null);
  const repTerritory = new Map<string, string | null>();
  for (const rep of dataset.reps)
    if (!repTerritory.has(rep.id)) repTerritory.set(rep.id, rep.territoryId);
  const accounts: AccountFacts[] = [];
  dataset.accounts.forEach((a, i) => {
    if (accountIndex.get(a.id) !== i) return;
    const t = trailing[i] ?? 0;
    const potential = anyPotential ? (a.potential ?? 0) : t;
    const owner = a.ownerId === null ? undefined : sellerIndex.get(a.ownerId);
    const seller = owner === undefined ? undefined : sellers[owner];
    if (seller !== undefined) {
      seller.ownedAccounts++;
      seller.accountPotential += potential;
      seller.accountTrailing12 += t;
    }
    accounts.push({
      id: a.id,
      name: a.name,
      territoryId:
        a.territoryId ?? (a.ownerId === null ? null : (repTerritory.get(a.ownerId) ?? null)),
      ownerId: a.ownerId,
      trailing12: t,
      potential,
    });
  });

  return {
    asOf,
    asOfSource,
    startMonth,
    months,
    fit,
    fitNote,
    seasonality,
    sigma,
    sellers,
    accounts,
    potentialSource: anyPotential ? 'field' : 'bookings',
    territoryNames,
    personNames,
    managerOf,
    basis,
    wonSizes: { start: sizeStart, amounts: sizeAmounts },
    companyMonthly,
    issues,
  };
}
