// The v0 plan init-plan writes: "we come with an opinion". Last year's bookings flat, METHOD.md's
// defaults for everything else, every role of the roster written out, nothing confirmed.

import type { Basis, Cents, Dataset, DealType, IsoDate } from '../model.ts';
import { DEAL_TYPES, KNOWN_ROLES } from '../model.ts';
import { monthEnd, monthIndex, monthLabel, monthStart, type MonthIndex } from '../dates.ts';
import { formatMoney } from '../money.ts';
import { latestPastDate, resolveAsOf } from '../as-of.ts';
import type { QuotaMeasure } from './types.ts';
import {
  AE_ROLE,
  DEFAULT_CHECKS,
  DEFAULT_HISTORY_MONTHS,
  DEFAULT_ROLES,
  DEFAULT_TOP_DOWN_SHARE,
  DEFAULT_WEIGHTS,
} from './defaults.ts';

/** A role as the plan file writes it (the keys a person is most likely to change). */
export interface DraftRole {
  ramp: number[];
  counts: DealType[];
  measure: QuotaMeasure;
  quota?: boolean;
}

/**
 * The data of a v0 plan file, in the file's own keys and units (money in currency units, or
 * deals under the count basis). src/contracts/plan-file.ts validates this shape; the core may not
 * import it, so the shape is spelled out here and the writer's signature checks that they agree.
 */
export interface DraftPlanFile {
  name: string;
  as_of: IsoDate;
  start: IsoDate;
  months: number;
  currency: string;
  target: number;
  methodology: {
    top_down_share: number;
    growth: number;
    over_assignment: number;
    rounding: number;
  };
  seasonality: 'historical';
  history_months: number;
  seed: number;
  roles: Record<string, DraftRole>;
  territory_weights: {
    bounds: [number, number];
    coefficients: { potential: number; accounts: number; win_rate: number };
  };
  hires: [];
  departures: [];
  account_targets: 'derived';
  current_quotas: 'none';
  checks: {
    quota_to_ote: [number, number];
    coverage: { warning: number; red: number };
    account_target_ratio: number;
    backtest: { pass: [number, number]; review_below: number };
    indicators: { green: number; red: number };
  };
}

/** Where the values of a draft came from, per top-level key of the file ('target', 'as_of'). */
export type DraftNotes = Partial<Record<keyof DraftPlanFile, string>>;

export interface DraftPlan {
  file: DraftPlanFile;
  notes: DraftNotes;
}

/** Thrown when a workspace holds no dated deal or rep, so no as-of date can be found. */
export class DraftPlanError extends Error {
  override readonly name = 'DraftPlanError';
}

/** The last month wholly covered by data extracted on `asOf`. */
function lastCompleteMonth(asOf: IsoDate): MonthIndex {
  const m = monthIndex(asOf);
  return monthEnd(m) === asOf ? m : m - 1;
}

/** Role codes of the roster: the known roles first, in their usual order, then the rest A–Z. */
function rosterRoles(dataset: Dataset): string[] {
  const present = new Set(dataset.reps.map((r) => r.role));
  const known = KNOWN_ROLES.filter((r) => present.has(r));
  const other = [...present].filter((r) => !(KNOWN_ROLES as readonly string[]).includes(r)).sort();
  return [...known, ...other];
}

/**
 * A v0 plan for the twelve months after the as-of month. The target is the won bookings of the
 * last 12 complete months up to the as-of date (won deals under the count basis), counting the
 * deal types the quota-carrying bookings roles of the roster count (a deal without a type counts
 * as new business, as in the engine), rounded to $1,000 (to 1 deal): last year flat, growth 0.
 * Throws DraftPlanError when the data holds no date at all.
 */
export function draftPlan(dataset: Dataset, options: { asOf?: IsoDate } = {}): DraftPlan {
  const resolved = resolveAsOf({
    given: options.asOf,
    givenAs: 'given to init-plan',
    workspace: dataset.settings.asOf,
    data: () => latestPastDate(dataset),
  });
  if (resolved === null) {
    throw new DraftPlanError(
      'the workspace has no dated deals or reps, so there is no as-of date to plan from',
    );
  }
  const asOf = resolved.date;
  const basis: Basis = dataset.settings.basis;
  const currency = dataset.settings.currency;
  const asOfMonth = monthIndex(asOf);
  const start = monthStart(asOfMonth + 1);

  const roleCodes = rosterRoles(dataset);
  const roles: Record<string, DraftRole> = {};
  for (const code of roleCodes.length > 0 ? roleCodes : ['AE']) {
    const base = DEFAULT_ROLES[code] ?? AE_ROLE;
    roles[code] = {
      ramp: [...base.ramp],
      counts: [...base.counts],
      measure: base.measure,
      ...(base.carriesQuota ? {} : { quota: false }),
    };
  }
  const counted = new Set<DealType>();
  for (const code of Object.keys(roles)) {
    const base = DEFAULT_ROLES[code] ?? AE_ROLE;
    if (base.carriesQuota && base.measure === 'bookings') {
      for (const t of base.counts) counted.add(t);
    }
  }
  if (counted.size === 0) for (const t of AE_ROLE.counts) counted.add(t);
  const countedTypes = DEAL_TYPES.filter((t) => counted.has(t));

  // Trailing twelve complete months up to the as-of date.
  const last = lastCompleteMonth(asOf);
  const first = last - 11;
  const from = monthStart(first);
  const to = monthEnd(last);
  let bookings: Cents = 0;
  let won = 0;
  for (const deal of dataset.deals) {
    if (deal.status !== 'won' || deal.closeDate === null) continue;
    if (deal.closeDate < from || deal.closeDate > to) continue;
    if (!counted.has(deal.type ?? 'new_business')) continue;
    bookings += deal.amount ?? 0;
    won++;
  }
  const window = `${monthLabel(first)}..${monthLabel(last)}`;
  const typesText = countedTypes.join(' + ');
  // A plan file's target must be above 0 (a target of 0 gives every quota 0): without bookings
  // in the window there is nothing to draft it from.
  if (basis === 'count' ? won === 0 : bookings <= 0) {
    throw new DraftPlanError(
      `no ${typesText} bookings were won in ${window}, the twelve months before the as-of date ${asOf}: there is nothing to base a target on (import the deals, or choose an as-of date after months with bookings)`,
    );
  }
  // Rounded to 1,000 currency units, and at least that: the target is above 0.
  const target = basis === 'count' ? won : Math.max(1000, Math.round(bookings / 100 / 1000) * 1000);
  const measured =
    basis === 'count'
      ? `${won.toLocaleString('en-US')} won deals`
      : formatMoney(bookings, currency);
  const rounded = basis === 'count' ? `${target} deals` : formatMoney(target * 100, currency);

  const startYear = start.slice(0, 4);
  const name = start.endsWith('-01-01')
    ? `FY${startYear} quotas`
    : `Quotas from ${start.slice(0, 7)}`;

  const file: DraftPlanFile = {
    name,
    as_of: asOf,
    start,
    months: 12,
    currency,
    target,
    methodology: {
      top_down_share: DEFAULT_TOP_DOWN_SHARE,
      growth: 0,
      over_assignment: 0,
      rounding: basis === 'count' ? 1 : 1000,
    },
    seasonality: 'historical',
    history_months: DEFAULT_HISTORY_MONTHS,
    seed: 1,
    roles,
    territory_weights: {
      bounds: [DEFAULT_WEIGHTS.min, DEFAULT_WEIGHTS.max],
      coefficients: { ...DEFAULT_WEIGHTS.coefficients },
    },
    hires: [],
    departures: [],
    account_targets: 'derived',
    current_quotas: 'none',
    checks: {
      quota_to_ote: [DEFAULT_CHECKS.quotaToOte.min, DEFAULT_CHECKS.quotaToOte.max],
      coverage: { ...DEFAULT_CHECKS.coverage },
      account_target_ratio: DEFAULT_CHECKS.accountTargetRatio,
      backtest: {
        pass: [DEFAULT_CHECKS.backtest.passMin, DEFAULT_CHECKS.backtest.passMax],
        review_below: DEFAULT_CHECKS.backtest.reviewMin,
      },
      indicators: { ...DEFAULT_CHECKS.indicators },
    },
  };
  const notes: DraftNotes = {
    as_of: resolved.note,
    start: `the first month after the as-of month (${monthLabel(asOfMonth)})`,
    currency: `the workspace currency${basis === 'count' ? ' (amounts below are numbers of deals: the workspace counts won deals)' : ''}`,
    target:
      `last 12 months' ${basis === 'count' ? 'won deals' : 'bookings'} (${window}, ${typesText}) = ` +
      `${measured}, rounded to ${rounded}, flat growth`,
    name: `the start year${start.endsWith('-01-01') ? '' : ' and month'}`,
    months: 'a year, the default',
    methodology: `METHOD.md's defaults: half top-down, half bottom-up; no growth; no over-assignment; quotas in multiples of ${basis === 'count' ? '1 deal' : formatMoney(100_000, currency)}`,
    seasonality: "METHOD.md's default",
    history_months: "METHOD.md's default",
    seed: 'the default',
    territory_weights: "METHOD.md's defaults; no overrides",
    hires: 'none planned yet',
    departures: 'none planned yet',
    account_targets: "METHOD.md's default",
    current_quotas: 'none given',
    checks: "METHOD.md's defaults",
    roles:
      roleCodes.length > 0
        ? `every role of the roster (${roleCodes.join(', ')}) with METHOD.md's default settings`
        : 'the roster holds no reps: the AE defaults',
  };
  return { file, notes };
}
