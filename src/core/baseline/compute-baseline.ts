// Baseline metrics (METHOD §3): the deals go into per-seller accumulators (typed arrays), the
// sellers are summed into groups (rep, territory, segment, manager, company) and capacity added.

import {
  activeFraction,
  DEFAULT_RAMP,
  rampFactor,
  tenureMonth,
  validateRamp,
} from '../capacity.ts';
import {
  isIsoDate,
  maxDate,
  minDate,
  monthEnd,
  monthIndex,
  monthLabel,
  monthStart,
} from '../dates.ts';
import type { MonthIndex } from '../dates.ts';
import { formatIssue } from '../issue.ts';
import type { Dataset, Deal, DealType, IsoDate, Rep } from '../model.ts';
import { roundCents } from '../money.ts';
import { flatSeasonality, historicalSeasonality, seasonalFactor } from '../seasonality.ts';
import type { Seasonality } from '../seasonality.ts';
import { creditTable, idFilter, splitCents } from './credit.ts';
import { dayNumberOf, monthIndexOf } from './date-digits.ts';
import type { BaselineGrouping, BaselineOptions, BaselineReport, BaselineRow } from './types.ts';

/** Thrown when computeBaseline is called with options that are not valid (bad dates, from after to, bad ramp). */
export class BaselineOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineOptionsError';
  }
}

/**
 * The longest window the baseline measures, in calendar months (ten years): the work and the
 * report (every month of every row) grow with it, and quota planning looks back at most as far
 * (a plan's history_months is at most 120). Without `from`, the window starts at the earliest
 * closed deal or MAX_BASELINE_MONTHS before `to`, whichever is later; a longer `from`…`to` is
 * refused.
 */
export const MAX_BASELINE_MONTHS = 120;

/** Key and label of the group for sellers without the grouping's attribute. */
export const NONE_KEY = '(none)';
/** Key and label of the seller of deals that have neither an owner nor credit splits. */
export const NO_OWNER_KEY = '(no owner)';
/** Σ e below this (1 with room for floating error) leaves productivity undefined. */
const MIN_CAPACITY = 1 - 1e-9;

const KIND_WON = 0;
const KIND_LOST = 1;
const KIND_OPEN = 2;

/** First day of the month of the earliest won or lost close date on or before `to`. */
function defaultFrom(deals: readonly Deal[], to: IsoDate): IsoDate {
  let earliest: IsoDate | null = null;
  for (const deal of deals) {
    const close = deal.closeDate;
    if (deal.status === 'open' || close === null || close > to) continue;
    if (earliest === null || close < earliest) earliest = close;
  }
  return monthStart(monthIndex(earliest ?? to));
}

function checkDate(value: IsoDate, name: string): void {
  if (!isIsoDate(value)) {
    throw new BaselineOptionsError(`${name} ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
  }
}

/** What each seller's group is, and the groups' descriptions. */
interface Grouping {
  groupOf: Int32Array;
  groups: Pick<BaselineRow, 'key' | 'label' | 'repId' | 'repName' | 'territory' | 'manager'>[];
}

function groupSellers(
  by: BaselineGrouping,
  sellerCount: number,
  extraIds: readonly (string | null)[],
  reps: readonly Rep[],
  included: readonly boolean[],
  dataset: Dataset,
): Grouping {
  const territoryNames = new Map<string, string>();
  for (const t of dataset.territories)
    if (!territoryNames.has(t.id)) territoryNames.set(t.id, t.name);
  const repNames = new Map<string, string>();
  for (const r of reps) if (!repNames.has(r.id)) repNames.set(r.id, r.name);
  const territoryLabel = (id: string | null): string | null =>
    id === null ? null : (territoryNames.get(id) ?? id);
  const managerLabel = (id: string | null): string | null =>
    id === null ? null : (repNames.get(id) ?? id);

  const groupOf = new Int32Array(sellerCount).fill(-1);
  const groups: Grouping['groups'] = [];
  const index = new Map<string, number>();
  const assign = (seller: number, key: string, label: string, territory: string | null): void => {
    let g = index.get(key);
    if (g === undefined) {
      g = groups.length;
      index.set(key, g);
      groups.push({ key, label, repId: null, repName: null, territory, manager: null });
    }
    groupOf[seller] = g;
  };

  for (let i = 0; i < sellerCount; i++) {
    if (included[i] !== true) continue;
    const rep = i < reps.length ? reps[i] : undefined;
    const extraId = rep === undefined ? (extraIds[i - reps.length] ?? null) : null;
    switch (by) {
      case 'company':
        assign(i, 'company', 'Company', null);
        break;
      case 'rep': {
        if (rep !== undefined) {
          groupOf[i] = groups.length;
          groups.push({
            key: rep.id,
            label: rep.name,
            repId: rep.id,
            repName: rep.name,
            territory: territoryLabel(rep.territoryId),
            manager: managerLabel(rep.managerId),
          });
        } else if (extraId !== null) {
          groupOf[i] = groups.length;
          groups.push({
            key: extraId,
            label: `(not in roster) ${extraId}`,
            repId: extraId,
            repName: null,
            territory: null,
            manager: null,
          });
        } else {
          assign(i, NO_OWNER_KEY, NO_OWNER_KEY, null);
        }
        break;
      }
      case 'territory': {
        const id = rep?.territoryId ?? null;
        const label = territoryLabel(id) ?? NONE_KEY;
        assign(i, id ?? NONE_KEY, label, label);
        break;
      }
      case 'segment': {
        const segment = rep?.segment ?? null;
        assign(i, segment ?? NONE_KEY, segment ?? NONE_KEY, null);
        break;
      }
      case 'manager': {
        const id = rep?.managerId ?? null;
        assign(i, id ?? NONE_KEY, managerLabel(id) ?? NONE_KEY, null);
        break;
      }
    }
  }
  return { groupOf, groups };
}

/** Per-seller sums, indexed by seller (monthly ones by seller × months + month offset). */
interface Accumulators {
  size: number;
  bookings: Float64Array;
  won: Float64Array;
  lost: Float64Array;
  /** Won deals that have an amount: the denominator of the average deal size. */
  wonSized: Float64Array;
  /** Σ share × full amount of those deals: the numerator of the average deal size. */
  sizeSum: Float64Array;
  cycleSum: Float64Array;
  cycleWeight: Float64Array;
  open: Float64Array;
  weighted: Float64Array;
  /** 1 when the seller was credited any counted deal. */
  credited: Uint8Array;
  monthlyBookings: Float64Array;
  monthlyWon: Float64Array;
}

function newAccumulators(size: number, months: number): Accumulators {
  return {
    size,
    bookings: new Float64Array(size),
    won: new Float64Array(size),
    lost: new Float64Array(size),
    wonSized: new Float64Array(size),
    sizeSum: new Float64Array(size),
    cycleSum: new Float64Array(size),
    cycleWeight: new Float64Array(size),
    open: new Float64Array(size),
    weighted: new Float64Array(size),
    credited: new Uint8Array(size),
    monthlyBookings: new Float64Array(size * months),
    monthlyWon: new Float64Array(size * months),
  };
}

function growAccumulators(old: Accumulators, size: number, months: number): Accumulators {
  const next = newAccumulators(size, months);
  next.bookings.set(old.bookings);
  next.won.set(old.won);
  next.lost.set(old.lost);
  next.wonSized.set(old.wonSized);
  next.sizeSum.set(old.sizeSum);
  next.cycleSum.set(old.cycleSum);
  next.cycleWeight.set(old.cycleWeight);
  next.open.set(old.open);
  next.weighted.set(old.weighted);
  next.credited.set(old.credited);
  next.monthlyBookings.set(old.monthlyBookings);
  next.monthlyWon.set(old.monthlyWon);
  return next;
}

/** Median of an ascending run of cents: the middle value, or the mean of the two middle values rounded to the cent. */
function median(sorted: Float64Array): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = n >> 1;
  const upper = sorted[mid] ?? 0;
  return n % 2 === 1 ? upper : roundCents(((sorted[mid - 1] ?? 0) + upper) / 2);
}

/**
 * Baseline metrics over the window [from, to] (METHOD §3), grouped by rep, territory, segment,
 * manager or company, with the company row as `total`. Money in cents; counts fractional only
 * with credit splits; rampedMonths in fully ramped, average-season months; productivity in cents
 * per ramped month (won deals per ramped month under the count basis). Invariant: the rows of
 * any grouping sum to the total (bookings, counts and pipelines to the cent).
 * Every rule and choice is stated in docs/methodology.md, "Baseline metrics".
 */
export function computeBaseline(dataset: Dataset, options: BaselineOptions): BaselineReport {
  const { asOf, by } = options;
  checkDate(asOf, 'asOf');
  const to = options.to ?? asOf;
  checkDate(to, 'to');
  if (options.from !== undefined) checkDate(options.from, 'from');
  const earliest = monthStart(monthIndex(to) - MAX_BASELINE_MONTHS + 1);
  const from = options.from ?? maxDate(defaultFrom(dataset.deals, to), earliest) ?? earliest;
  if (from > to) throw new BaselineOptionsError(`from ${from} is after to ${to}`);
  const spanned = monthIndex(to) - monthIndex(from) + 1;
  if (spanned > MAX_BASELINE_MONTHS) {
    throw new BaselineOptionsError(
      `the window from ${from} to ${to} spans ${spanned.toLocaleString('en-US')} months; the baseline measures at most ${MAX_BASELINE_MONTHS} (ten years)`,
    );
  }
  const ramp = options.ramp ?? DEFAULT_RAMP;
  const rampCheck = validateRamp(ramp);
  if (!rampCheck.ok) {
    throw new BaselineOptionsError(rampCheck.issues.map((i) => formatIssue(i)).join('; '));
  }
  const types: DealType[] | null = options.types === undefined ? null : [...options.types];
  const typeSet = types === null ? null : new Set<DealType | null>(types);
  const amountBasis = dataset.settings.basis === 'amount';

  const fromMonth = monthIndex(from);
  const toMonth = monthIndex(to);
  const months = toMonth - fromMonth + 1;

  // Sellers: the roster first (the first row wins for a duplicated id), then, as deals name
  // them, owner ids missing from the roster and "no owner". Accumulators grow with them.
  const reps = dataset.reps;
  const sellerIndex = new Map<string, number>();
  reps.forEach((rep, i) => {
    if (!sellerIndex.has(rep.id)) sellerIndex.set(rep.id, i);
  });
  const extraIds: (string | null)[] = [];
  let acc = newAccumulators(reps.length + 16, months);
  let noOwner = -1;
  const sellerOf = (id: string | null): number => {
    let i = id === null ? (noOwner < 0 ? undefined : noOwner) : sellerIndex.get(id);
    if (i === undefined) {
      i = reps.length + extraIds.length;
      extraIds.push(id);
      if (id === null) noOwner = i;
      else sellerIndex.set(id, i);
      if (i >= acc.size) acc = growAccumulators(acc, 2 * acc.size, months);
    }
    acc.credited[i] = 1;
    return i;
  };

  const addWon = (
    s: number,
    share: number,
    cents: number,
    /** The deal's full amount in cents; NaN when it has none. */
    size: number,
    cell: number,
    cycle: number,
  ): void => {
    const a = acc;
    a.bookings[s] = (a.bookings[s] ?? 0) + cents;
    a.won[s] = (a.won[s] ?? 0) + share;
    const at = s * months + cell;
    a.monthlyBookings[at] = (a.monthlyBookings[at] ?? 0) + cents;
    a.monthlyWon[at] = (a.monthlyWon[at] ?? 0) + share;
    if (!Number.isNaN(size)) {
      a.wonSized[s] = (a.wonSized[s] ?? 0) + share;
      a.sizeSum[s] = (a.sizeSum[s] ?? 0) + share * size;
    }
    if (cycle >= 0) {
      a.cycleSum[s] = (a.cycleSum[s] ?? 0) + share * cycle;
      a.cycleWeight[s] = (a.cycleWeight[s] ?? 0) + share;
    }
  };
  const addLost = (s: number, share: number): void => {
    acc.lost[s] = (acc.lost[s] ?? 0) + share;
  };
  const addOpen = (s: number, cents: number, weightedCents: number): void => {
    acc.open[s] = (acc.open[s] ?? 0) + cents;
    acc.weighted[s] = (acc.weighted[s] ?? 0) + weightedCents;
  };

  // Credit splits, and the seller of each piece (resolved when its deal is counted).
  const splits = creditTable(dataset.splits);
  const hasSplits = splits.slotOf.size > 0;
  const maybeSplit = idFilter(splits.slotOf.keys(), splits.slotOf.size);
  const pieceSeller = new Int32Array(splits.repIds.length);

  // The one pass over the deals. For medians it lists the won deals with an amount: their
  // amount and who was credited (a seller, or −1 − the slot of a split).
  const deals = dataset.deals;
  const wonAmounts = new Float64Array(deals.length);
  const wonCredits = new Int32Array(deals.length);
  let wonListed = 0;
  let openWithoutAmount = 0;
  for (let d = 0; d < deals.length; d++) {
    const deal = deals[d];
    if (deal === undefined) continue;
    if (typeSet !== null && !typeSet.has(deal.type)) continue;
    let kind: number;
    if (deal.status === 'open') {
      // Open at `to`: a deal created after `to` did not exist yet.
      if (deal.createdDate !== null && deal.createdDate > to) continue;
      kind = KIND_OPEN;
    } else {
      const close = deal.closeDate;
      if (close === null || close < from || close > to) continue;
      kind = deal.status === 'won' ? KIND_WON : KIND_LOST;
    }
    const slot = hasSplits && maybeSplit.mayHave(deal.id) ? splits.slotOf.get(deal.id) : undefined;
    let target: number;
    let first = 0;
    let end = 0;
    if (slot === undefined) {
      target = sellerOf(deal.ownerId);
    } else {
      target = -1 - slot;
      first = splits.start[slot] ?? 0;
      end = splits.start[slot + 1] ?? 0;
      for (let p = first; p < end; p++) pieceSeller[p] = sellerOf(splits.repIds[p] ?? null);
    }
    const split = slot === undefined ? null : splits.shares.subarray(first, end);

    if (kind === KIND_WON) {
      const close = deal.closeDate ?? from;
      const cell = monthIndexOf(close) - fromMonth;
      const size = amountBasis && deal.amount !== null ? deal.amount : Number.NaN;
      const cents = Number.isNaN(size) ? 0 : size;
      if (!Number.isNaN(size)) {
        wonAmounts[wonListed] = cents;
        wonCredits[wonListed] = target;
        wonListed++;
      }
      // Created after close is impossible (the audit flags it); such a deal has no cycle.
      const cycle =
        deal.createdDate === null ? -1 : dayNumberOf(close) - dayNumberOf(deal.createdDate);
      if (split === null) {
        addWon(target, 1, cents, size, cell, cycle);
      } else {
        const parts = cents === 0 ? null : splitCents(cents, split);
        for (let p = first; p < end; p++) {
          const k = p - first;
          addWon(pieceSeller[p] ?? 0, split[k] ?? 0, parts?.[k] ?? 0, size, cell, cycle);
        }
      }
    } else if (kind === KIND_LOST) {
      if (split === null) addLost(target, 1);
      else for (let p = first; p < end; p++) addLost(pieceSeller[p] ?? 0, split[p - first] ?? 0);
    } else if (amountBasis && deal.amount === null) {
      openWithoutAmount++;
    } else if (amountBasis && deal.amount !== null) {
      const cents = deal.amount;
      const weightedCents = roundCents(cents * (deal.probability ?? 0));
      if (split === null) {
        addOpen(target, cents, weightedCents);
      } else {
        const parts = splitCents(cents, split);
        const weightedParts = splitCents(weightedCents, split);
        for (let p = first; p < end; p++) {
          addOpen(pieceSeller[p] ?? 0, parts[p - first] ?? 0, weightedParts[p - first] ?? 0);
        }
      }
    }
  }
  const sellerCount = reps.length + extraIds.length;
  const {
    bookings,
    won,
    lost,
    wonSized,
    sizeSum,
    cycleSum,
    cycleWeight,
    open,
    weighted,
    credited,
  } = acc;
  const { monthlyBookings, monthlyWon } = acc;

  // Who counts as a rep: every non-manager employed during the window, and anyone credited.
  const included: boolean[] = [];
  for (let i = 0; i < sellerCount; i++) {
    const rep = i < reps.length ? reps[i] : undefined;
    const firstRow = rep === undefined || sellerIndex.get(rep.id) === i;
    included.push(
      firstRow &&
        (credited[i] === 1 ||
          (rep !== undefined &&
            rep.role !== 'MGR' &&
            (rep.startDate === null || rep.startDate <= to) &&
            (rep.endDate === null || rep.endDate >= from))),
    );
  }

  // Seasonality from the company's won bookings (won deals under the count basis), complete months only.
  const companyMonthly = new Map<MonthIndex, number>();
  const series = amountBasis ? monthlyBookings : monthlyWon;
  for (let k = 0; k < months; k++) {
    let sum = 0;
    for (let i = 0; i < sellerCount; i++) sum += series[i * months + k] ?? 0;
    companyMonthly.set(fromMonth + k, sum);
  }
  const firstComplete = monthStart(fromMonth) === from ? fromMonth : fromMonth + 1;
  const lastComplete = monthEnd(toMonth) === to ? toMonth : toMonth - 1;
  const seasonality: Seasonality =
    lastComplete - firstComplete + 1 >= 12
      ? historicalSeasonality(companyMonthly, { from: firstComplete, to: lastComplete })
      : flatSeasonality();

  // Capacity of each roster rep over the window; a month the window covers in part counts in part.
  const capacity = new Float64Array(sellerCount);
  const ramped = new Float64Array(sellerCount);
  const sigma: number[] = [];
  for (let k = 0; k < months; k++) sigma.push(seasonalFactor(seasonality, fromMonth + k));
  for (let i = 0; i < reps.length; i++) {
    const rep = reps[i];
    if (rep === undefined || included[i] !== true) continue;
    const clipped = { startDate: maxDate(rep.startDate, from), endDate: minDate(rep.endDate, to) };
    for (let k = 0; k < months; k++) {
      const m = fromMonth + k;
      const a = activeFraction(clipped, m);
      if (a === 0) continue;
      const e = a * rampFactor(ramp, tenureMonth(rep.startDate, m));
      capacity[i] = (capacity[i] ?? 0) + e;
      ramped[i] = (ramped[i] ?? 0) + e * (sigma[k] ?? 1);
    }
  }

  const monthLabels: string[] = [];
  for (let k = 0; k < months; k++) monthLabels.push(monthLabel(fromMonth + k));

  const aggregate = (grouping: Grouping): BaselineRow[] => {
    const { groupOf, groups } = grouping;
    const g = groups.length;
    const sum = (values: Float64Array): Float64Array => {
      const out = new Float64Array(g);
      for (let i = 0; i < sellerCount; i++) {
        const gi = groupOf[i] ?? -1;
        if (gi >= 0) out[gi] = (out[gi] ?? 0) + (values[i] ?? 0);
      }
      return out;
    };
    const gBookings = sum(bookings);
    const gWon = sum(won);
    const gLost = sum(lost);
    const gSized = sum(wonSized);
    const gSizeSum = sum(sizeSum);
    const gCycleSum = sum(cycleSum);
    const gCycleWeight = sum(cycleWeight);
    const gOpen = sum(open);
    const gWeighted = sum(weighted);
    const gCapacity = sum(capacity);
    const gRamped = sum(ramped);
    const gReps = new Float64Array(g);
    const gMonthlyBookings = new Float64Array(g * months);
    const gMonthlyWon = new Float64Array(g * months);
    for (let i = 0; i < sellerCount; i++) {
      const gi = groupOf[i] ?? -1;
      if (gi < 0) continue;
      if (i < reps.length || extraIds[i - reps.length] !== null) gReps[gi] = (gReps[gi] ?? 0) + 1;
      for (let k = 0; k < months; k++) {
        const at = gi * months + k;
        gMonthlyBookings[at] = (gMonthlyBookings[at] ?? 0) + (monthlyBookings[i * months + k] ?? 0);
        gMonthlyWon[at] = (gMonthlyWon[at] ?? 0) + (monthlyWon[i * months + k] ?? 0);
      }
    }
    const sizes = amountBasis ? dealSizesByGroup(groupOf, g) : null;

    return groups.map((desc, gi): BaselineRow => {
      const wonCount = gWon[gi] ?? 0;
      const lostCount = gLost[gi] ?? 0;
      const sized = gSized[gi] ?? 0;
      const cycleW = gCycleWeight[gi] ?? 0;
      const rampedMonths = gRamped[gi] ?? 0;
      const groupBookings = gBookings[gi] ?? 0;
      const productive = (gCapacity[gi] ?? 0) >= MIN_CAPACITY && rampedMonths > 0;
      return {
        ...desc,
        reps: gReps[gi] ?? 0,
        bookings: groupBookings,
        won: wonCount,
        lost: lostCount,
        winRate: wonCount + lostCount > 0 ? wonCount / (wonCount + lostCount) : null,
        avgDealSize: amountBasis && sized > 0 ? roundCents((gSizeSum[gi] ?? 0) / sized) : null,
        medianDealSize: sizes === null ? null : median(sizes(gi)),
        cycleDays: cycleW > 0 ? (gCycleSum[gi] ?? 0) / cycleW : null,
        openPipeline: gOpen[gi] ?? 0,
        weightedPipeline: gWeighted[gi] ?? 0,
        rampedMonths,
        productivity: !productive
          ? null
          : amountBasis
            ? roundCents(groupBookings / rampedMonths)
            : wonCount / rampedMonths,
        monthly: monthLabels.map((month, k) => ({
          month,
          bookings: gMonthlyBookings[gi * months + k] ?? 0,
          won: gMonthlyWon[gi * months + k] ?? 0,
        })),
      };
    });
  };

  /**
   * The full amounts of each group's won deals, ascending, laid out group after group in one
   * array; a deal split between two sellers of one group is one deal of that group.
   */
  const dealSizesByGroup = (groupOf: Int32Array, g: number): ((gi: number) => Float64Array) => {
    // The distinct groups of a split deal's pieces, into `seen`.
    const seen: number[] = [];
    const groupsOfSplit = (slot: number): void => {
      seen.length = 0;
      for (let p = splits.start[slot] ?? 0; p < (splits.start[slot + 1] ?? 0); p++) {
        const gi = groupOf[pieceSeller[p] ?? 0] ?? -1;
        if (gi >= 0 && !seen.includes(gi)) seen.push(gi);
      }
    };
    // Counting sort: count per group, then place each amount at its group's next free slot.
    const counts = new Int32Array(g + 1);
    for (let w = 0; w < wonListed; w++) {
      const target = wonCredits[w] ?? 0;
      if (target >= 0) {
        const gi = groupOf[target] ?? -1;
        if (gi >= 0) counts[gi + 1] = (counts[gi + 1] ?? 0) + 1;
      } else {
        groupsOfSplit(-1 - target);
        for (const gi of seen) counts[gi + 1] = (counts[gi + 1] ?? 0) + 1;
      }
    }
    for (let gi = 0; gi < g; gi++) counts[gi + 1] = (counts[gi + 1] ?? 0) + (counts[gi] ?? 0);
    const amounts = new Float64Array(counts[g] ?? 0);
    const next = counts.slice(0, g);
    const put = (gi: number, amount: number): void => {
      const at = next[gi] ?? 0;
      amounts[at] = amount;
      next[gi] = at + 1;
    };
    for (let w = 0; w < wonListed; w++) {
      const target = wonCredits[w] ?? 0;
      const amount = wonAmounts[w] ?? 0;
      if (target >= 0) {
        const gi = groupOf[target] ?? -1;
        if (gi >= 0) put(gi, amount);
      } else {
        groupsOfSplit(-1 - target);
        for (const gi of seen) put(gi, amount);
      }
    }
    return (gi) => amounts.subarray(counts[gi] ?? 0, counts[gi + 1] ?? 0).sort();
  };

  const companyGrouping = groupSellers('company', sellerCount, extraIds, reps, included, dataset);
  const totalRow = aggregate(companyGrouping)[0] ?? emptyCompanyRow(monthLabels);
  const rows =
    by === 'company'
      ? [totalRow]
      : aggregate(groupSellers(by, sellerCount, extraIds, reps, included, dataset));
  const collator = new Intl.Collator('en', { numeric: true });
  rows.sort(
    (a, b) => collator.compare(a.label, b.label) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );

  return {
    by,
    from,
    to,
    asOf,
    months,
    basis: dataset.settings.basis,
    currency: dataset.settings.currency,
    seasonality: seasonality.mode,
    types,
    rows,
    total: totalRow,
    openWithoutAmount,
  };
}

/** The company row of a workspace with no reps and no counted deals. */
function emptyCompanyRow(monthLabels: readonly string[]): BaselineRow {
  return {
    key: 'company',
    label: 'Company',
    repId: null,
    repName: null,
    territory: null,
    manager: null,
    reps: 0,
    bookings: 0,
    won: 0,
    lost: 0,
    winRate: null,
    avgDealSize: null,
    medianDealSize: null,
    cycleDays: null,
    openPipeline: 0,
    weightedPipeline: 0,
    rampedMonths: 0,
    productivity: null,
    monthly: monthLabels.map((month) => ({ month, bookings: 0, won: 0 })),
  };
}
