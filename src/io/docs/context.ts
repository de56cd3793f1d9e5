// What every document of the package is written from: the plan, its run, the back-test, the
// definition terms with their approvals, and the formatting of this plan's numbers (money in the
// plan currency through core/money.ts, or deals under the count basis).

import type { Plan } from '../../core/plan/types.ts';
import type { PlanRun, RepAllocation, RepExplanation, Seller } from '../../core/engine/index.ts';
import { NO_SEGMENT } from '../../core/engine/index.ts';
import type { BacktestResult, BacktestRep } from '../../core/backtest/backtest.ts';
import type { DefinitionTerm } from '../../core/workflow/definitions.ts';
import { formatAmount, formatMoney, formatNumber } from '../../core/money.ts';
import { rolePlan } from '../../core/plan/defaults.ts';

/** A definition term with the approvals it has (title: 'vp_sales' or 'cro'). */
export interface DefinitionStatus {
  term: DefinitionTerm;
  approvals: readonly { title: string; by: string; at: string }[];
}

export interface DocsInput {
  plan: Plan;
  run: PlanRun;
  backtest: BacktestResult | null;
  definitions: readonly DefinitionStatus[];
  /** How the runbook writes the commands: the plan file, the database, the import preset. */
  commands: { planPath: string; db: string | null; preset: string | null };
  /** Where reps track their attainment, in words. */
  trackingPlace: string;
  /** The date on the documents (the caller's clock), YYYY-MM-DD. */
  generatedOn: string;
}

export interface Team {
  /** Manager id; '' for reps without a manager. */
  id: string;
  name: string;
  reps: RepAllocation[];
}

export interface DocsContext extends DocsInput {
  /** Money (or deals) of the plan, whole units: '$1,234,567'. */
  money: (cents: number) => string;
  /** The same with cents: '$1,234,567.89'. */
  money2: (cents: number) => string;
  pct: (fraction: number, decimals?: number) => string;
  num: (value: number, decimals?: number) => string;
  /** The smallest unit quotas are split to: 'the cent', or a hundredth of a deal. */
  smallest: string;
  /** 'FY2018' from 'FY2018 quotas (Maven example)'. */
  label: string;
  explanation: (repId: string) => RepExplanation | undefined;
  seller: (repId: string) => Seller | undefined;
  backtestRep: (repId: string) => BacktestRep | undefined;
  personName: (id: string | null) => string | null;
  teams: Team[];
  /** Last year's credited bookings of the bookings pool (the fit window's last 12 months). */
  lastYear: number;
  bookingsReps: RepAllocation[];
  segmentLabel: (segment: string) => string;
  /** Words for what a rep's quota counts. */
  measureWords: (rep: RepAllocation) => string;
}

export function docsContext(input: DocsInput): DocsContext {
  const { plan, run } = input;
  const a = run.allocation;
  const count = a.basis === 'count';
  const explanations = new Map(run.explanations.map((e) => [e.repId, e]));
  const sellers = new Map(run.history.sellers.map((s) => [s.id, s]));
  const backtestReps = new Map((input.backtest?.perRep ?? []).map((r) => [r.repId, r]));
  const names = run.history.personNames;
  const personName = (id: string | null): string | null =>
    id === null ? null : (names.get(id) ?? id);
  const byManager = new Map<string, RepAllocation[]>();
  for (const rep of a.reps) {
    const key = rep.managerId ?? '';
    const list = byManager.get(key);
    if (list === undefined) byManager.set(key, [rep]);
    else list.push(rep);
  }
  const teams = [...byManager.entries()]
    .map(([id, reps]) => ({
      id,
      name: id === '' ? 'Reps without a manager' : (personName(id) ?? id),
      reps,
    }))
    .sort((x, y) => (x.id === '' ? 1 : y.id === '' ? -1 : x.name.localeCompare(y.name, 'en')));
  const bookingsReps = a.reps.filter((r) => r.measure === 'bookings');
  const lastYear = bookingsReps.reduce((sum, r) => sum + (sellers.get(r.id)?.trailing12 ?? 0), 0);
  return {
    ...input,
    smallest: count ? 'the hundredth of a deal' : 'the cent',
    money: (cents) => formatAmount(cents, a.basis, plan.currency),
    money2: (cents) =>
      count
        ? `${formatNumber(cents / 100, 2)} deals`
        : formatMoney(cents, plan.currency, { decimals: 2 }),
    pct: (fraction, decimals = 0) => `${formatNumber(fraction * 100, decimals)}%`,
    num: (value, decimals = 1) => formatNumber(value, decimals),
    label: a.name.replace(/\s+(quotas?|plan)\b.*$/i, '').trim() || a.name,
    explanation: (id) => explanations.get(id),
    seller: (id) => sellers.get(id),
    backtestRep: (id) => backtestReps.get(id),
    personName,
    teams,
    lastYear,
    bookingsReps,
    segmentLabel: (segment) => (segment === NO_SEGMENT ? 'all reps' : segment),
    measureWords: (rep) =>
      rep.measure === 'bookings'
        ? `${rolePlan(plan, rep.role)
            .counts.map((t) => t.replace('_', ' '))
            .join(' and ')} bookings`
        : rep.measure === 'sourced_pipeline'
          ? 'sourced pipeline'
          : 'sourced deals',
  };
}

/** Months of the plan as 'Jan 2018'. */
export function monthName(label: string): string {
  const [year, month] = label.split('-');
  const names = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  return `${names[Number(month) - 1] ?? month} ${year ?? ''}`;
}
