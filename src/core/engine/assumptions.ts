// The assumption register: every input of a run, whether it is still ASSUMED or CONFIRMED (by
// whom, when), and which quotas depend on it — the list the seed's v0 → v3 loop works down.

import { rolePlan } from '../plan/defaults.ts';
import type { Confirmation, Plan } from '../plan/types.ts';
import { formatAmount } from '../money.ts';
import { monthIndex } from '../dates.ts';
import type { Allocation } from './allocate.ts';
import { BOOKINGS_POOL } from './allocate.ts';

export interface AssumptionEntry {
  /** Key path in the plan file ('target', 'roles.AE.ramp', 'territory_weights.TR-1'). */
  key: string;
  label: string;
  /** The value in words. */
  value: string;
  status: 'ASSUMED' | 'CONFIRMED';
  confirmedBy: string | null;
  confirmedAt: string | null;
  /** 'quotas' when quotas depend on it, 'checks' when only the checks do. */
  affects: 'quotas' | 'checks';
  /** Ids of the reps whose quotas depend on it directly (empty for checks-only inputs). */
  reps: string[];
}

export interface AssumptionRegister {
  entries: AssumptionEntry[];
  assumed: number;
  confirmed: number;
  /** Reps whose quota still depends on at least one ASSUMED input. */
  repsOnAssumptions: number;
}

/** The confirmation of a key path, or of the nearest parent path ('roles.AE' confirms 'roles.AE.ramp'). */
export function confirmationOf(
  plan: Pick<Plan, 'confirmed'>,
  key: string,
): Confirmation | undefined {
  let path = key;
  for (;;) {
    const c = plan.confirmed[path];
    if (c !== undefined) return c;
    const dot = path.lastIndexOf('.');
    if (dot < 0) return undefined;
    path = path.slice(0, dot);
  }
}

function money(cents: number, plan: Plan, basis: Allocation['basis'] = 'amount'): string {
  return formatAmount(cents, basis, plan.currency);
}

/** The register of a run: one entry per input, in plan-file order. */
export function assumptionRegister(plan: Plan, allocation: Allocation): AssumptionRegister {
  const entries: AssumptionEntry[] = [];
  const all = allocation.reps.map((r) => r.id);
  const bookings = allocation.reps.filter((r) => r.pool === BOOKINGS_POOL).map((r) => r.id);
  const add = (
    key: string,
    label: string,
    value: string,
    affects: AssumptionEntry['affects'],
    reps: string[],
  ): void => {
    const c = confirmationOf(plan, key);
    entries.push({
      key,
      label,
      value,
      status: c === undefined ? 'ASSUMED' : 'CONFIRMED',
      confirmedBy: c?.by ?? null,
      confirmedAt: c?.at ?? null,
      affects,
      reps: affects === 'checks' ? [] : reps,
    });
  };

  if (plan.target.kind === 'total') {
    add(
      'target',
      'Company target',
      money(plan.target.total, plan, allocation.basis),
      'quotas',
      bookings,
    );
  } else {
    for (const [segment, value] of Object.entries(plan.target.bySegment)) {
      add(
        `targets.${segment}`,
        `Target of segment ${segment}`,
        money(value, plan, allocation.basis),
        'quotas',
        allocation.reps
          .filter((r) => r.pool === BOOKINGS_POOL && r.segment === segment)
          .map((r) => r.id),
      );
    }
  }
  add('methodology.top_down_share', 'Top-down share α', String(plan.topDownShare), 'quotas', all);
  add('methodology.growth', 'Growth on bottom-up capacity', String(plan.growth), 'quotas', all);
  add('methodology.over_assignment', 'Over-assignment', String(plan.overAssignment), 'quotas', all);
  add(
    'methodology.rounding',
    'Rounding unit',
    money(plan.roundingUnit, plan, allocation.basis),
    'quotas',
    all,
  );
  add(
    'seasonality',
    'Seasonality',
    plan.seasonality.mode === 'custom'
      ? plan.seasonality.shares.map((s) => s.toFixed(4)).join(', ')
      : `${plan.seasonality.mode}${plan.seasonality.mode !== allocation.seasonality.mode ? ` (used: ${allocation.seasonality.mode})` : ''}`,
    'quotas',
    all,
  );
  add(
    'as_of',
    'Data as-of date',
    plan.asOf ?? `${allocation.asOf} (latest date in the data)`,
    'quotas',
    all,
  );
  add('history_months', 'Months of history learnt from', String(plan.historyMonths), 'quotas', all);

  const roles = [...new Set(allocation.reps.map((r) => r.role))].sort();
  for (const role of roles) {
    const settings = rolePlan(plan, role);
    const ofRole = allocation.reps.filter((r) => r.role === role);
    // Reps whose tenure falls within the ramp in the fit window or the plan months.
    const ramping = ofRole
      .filter(
        (r) =>
          r.startDate !== null &&
          monthIndex(r.startDate) + settings.ramp.length - 1 >= allocation.fit.from &&
          monthIndex(r.startDate) <= monthIndex(allocation.start) + allocation.months - 1,
      )
      .map((r) => r.id);
    add(
      `roles.${role}.ramp`,
      `Ramp of ${role}`,
      settings.ramp.length === 0 ? 'none' : settings.ramp.join(', '),
      'quotas',
      ramping,
    );
    add(
      `roles.${role}.counts`,
      `Deal types counted for ${role}`,
      settings.counts.join(', '),
      'quotas',
      ofRole.map((r) => r.id),
    );
    add(
      `roles.${role}.measure`,
      `Quota measure of ${role}`,
      settings.measure,
      'quotas',
      ofRole.map((r) => r.id),
    );
    if (settings.ote !== null)
      add(`roles.${role}.ote`, `OTE of ${role}`, money(settings.ote, plan), 'checks', []);
    if (settings.measure !== 'bookings') {
      add(
        `roles.${role}.target`,
        `Target of ${role}`,
        settings.target === null
          ? 'their bottom-up capacity (no target given)'
          : money(settings.target, plan, allocation.basis),
        'quotas',
        ofRole.map((r) => r.id),
      );
    }
  }

  const withTerritory = allocation.reps.filter((r) => r.territoryId !== null).map((r) => r.id);
  const w = plan.territoryWeights;
  add(
    'territory_weights.bounds',
    'Territory weight bounds',
    `${w.min} to ${w.max}`,
    'quotas',
    withTerritory,
  );
  add(
    'territory_weights.coefficients',
    'Territory weight coefficients',
    `potential ${w.coefficients.potential}, accounts ${w.coefficients.accounts}, win rate ${w.coefficients.win_rate}`,
    'quotas',
    withTerritory,
  );
  const repsIn = new Map<string, string[]>();
  for (const r of allocation.reps) {
    if (r.territoryId === null) continue;
    const list = repsIn.get(r.territoryId);
    if (list === undefined) repsIn.set(r.territoryId, [r.id]);
    else list.push(r.id);
  }
  const inPlan = new Set(all);
  for (const t of allocation.weights.territories) {
    const reps = repsIn.get(t.id) ?? [];
    if (t.override !== null) {
      add(
        `territory_weights.overrides.${t.id}`,
        `Weight of ${t.name} (override)`,
        t.override.toFixed(2),
        'quotas',
        reps,
      );
    } else {
      add(
        `territory_weights.${t.id}`,
        `Weight of ${t.name} (computed)`,
        t.weight.toFixed(2),
        'quotas',
        reps,
      );
    }
  }
  for (const hire of plan.hires) {
    add(
      `hires.${hire.id}`,
      `Planned hire ${hire.name}`,
      `${hire.role}, starts ${hire.startDate}`,
      'quotas',
      inPlan.has(hire.id) ? [hire.id] : [],
    );
  }
  for (const d of plan.departures) {
    add(
      `departures.${d.repId}`,
      `Departure of ${d.repId}`,
      `last day ${d.endDate}`,
      'quotas',
      inPlan.has(d.repId) ? [d.repId] : [],
    );
  }
  for (const [rep, ote] of Object.entries(plan.ote))
    add(`ote.${rep}`, `OTE of ${rep}`, money(ote, plan), 'checks', []);
  add(
    'account_targets',
    'Account targets',
    plan.accountTargets === null
      ? 'derived: trailing 12 months × (1 + growth)'
      : `${plan.accountTargets.length} imported`,
    'checks',
    [],
  );
  const c = plan.checks;
  add(
    'checks.quota_to_ote',
    'Quota-to-OTE band',
    `${c.quotaToOte.min} to ${c.quotaToOte.max}`,
    'checks',
    [],
  );
  add(
    'checks.coverage',
    'Pipeline coverage thresholds',
    `warning below ${c.coverage.warning}, red below ${c.coverage.red}`,
    'checks',
    [],
  );
  add(
    'checks.account_target_ratio',
    'Account-target ratio limit',
    String(c.accountTargetRatio),
    'checks',
    [],
  );
  add(
    'checks.backtest',
    'Back-test band',
    `pass ${c.backtest.passMin}–${c.backtest.passMax}, review from ${c.backtest.reviewMin}`,
    'checks',
    [],
  );

  const onAssumptions = new Set<string>();
  for (const e of entries) if (e.status === 'ASSUMED') for (const r of e.reps) onAssumptions.add(r);
  return {
    entries,
    assumed: entries.filter((e) => e.status === 'ASSUMED').length,
    confirmed: entries.filter((e) => e.status === 'CONFIRMED').length,
    repsOnAssumptions: onAssumptions.size,
  };
}
