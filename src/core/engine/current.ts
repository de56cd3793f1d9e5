// The current-methodology audit (the seed's gap analysis of current practice against best
// practice): when the quotas in force are given, compare them with the proposal — how much they
// vary against potential, whether they are "last year + a flat %", and how last period went.

import type { Cents } from '../model.ts';
import { coefficientOfVariation, median } from '../stats.ts';
import type { Plan } from '../plan/types.ts';
import type { Allocation } from './allocate.ts';
import { BOOKINGS_POOL } from './allocate.ts';
import type { History } from './history.ts';

/** Ratios current ÷ last year varying less than this (coefficient of variation) read as a flat uplift. */
export const FLAT_UPLIFT_MAX_CV = 0.03;
/** Reps with last-year bookings needed to call a flat uplift. */
export const FLAT_UPLIFT_MIN_REPS = 3;

export interface CurrentQuotaRow {
  repId: string;
  repName: string | null;
  current: Cents;
  /** The proposal's annual quota; null when the rep has none in the plan. */
  proposed: Cents | null;
  /** Credited bookings in the last 12 months of the fit window. */
  lastYear: number;
  /** Σ potential of the rep's accounts; null when it owns none. */
  potential: number | null;
  /** current ÷ last year; null without last-year bookings. */
  upliftRatio: number | null;
  /** last year ÷ current: how the last period went if the current quotas applied to it. */
  attainment: number | null;
}

export interface CurrentMethodologyReport {
  rows: CurrentQuotaRow[];
  /** Ids in the current quotas that are not reps of the workspace. */
  unknownReps: string[];
  dispersion: {
    /** Coefficient of variation of quota ÷ potential: current and proposed, over the same reps. */
    current: number | null;
    proposed: number | null;
    reps: number;
  };
  flatUplift: { detected: boolean; uplift: number | null; cv: number | null; reps: number };
  lastPeriod: { reps: number; shareAttaining: number | null; medianAttainment: number | null };
  /** The gap analysis in sentences. */
  findings: string[];
}

/** Compares the quotas in force with the proposal; null when the plan gives no current quotas. */
export function auditCurrentQuotas(
  plan: Plan,
  history: History,
  allocation: Allocation,
): CurrentMethodologyReport | null {
  if (plan.currentQuotas === null) return null;
  const proposedOf = new Map<string, Cents>();
  for (const r of allocation.reps) if (r.pool === BOOKINGS_POOL) proposedOf.set(r.id, r.quota);
  const seller = new Map(history.sellers.map((s) => [s.id, s]));
  const potentialOf = new Map<string, number>();
  for (const s of history.sellers)
    if (s.ownedAccounts > 0) potentialOf.set(s.id, s.accountPotential);
  const rows: CurrentQuotaRow[] = [];
  const unknownReps: string[] = [];
  for (const q of plan.currentQuotas) {
    const name = history.personNames.get(q.repId);
    if (name === undefined) {
      unknownReps.push(q.repId);
      continue;
    }
    const lastYear = seller.get(q.repId)?.trailing12 ?? 0;
    rows.push({
      repId: q.repId,
      repName: name,
      current: q.quota,
      proposed: proposedOf.get(q.repId) ?? null,
      lastYear,
      potential: potentialOf.get(q.repId) ?? null,
      upliftRatio: lastYear > 0 ? q.quota / lastYear : null,
      attainment: q.quota > 0 ? lastYear / q.quota : null,
    });
  }

  const both = rows.filter((r) => r.potential !== null && r.potential > 0 && r.proposed !== null);
  const dispersion = {
    current: coefficientOfVariation(both.map((r) => r.current / (r.potential ?? 1))),
    proposed: coefficientOfVariation(both.map((r) => (r.proposed ?? 0) / (r.potential ?? 1))),
    reps: both.length,
  };
  const ratios = rows.flatMap((r) => (r.upliftRatio === null ? [] : [r.upliftRatio]));
  const ratioCv = coefficientOfVariation(ratios);
  const detected =
    ratios.length >= FLAT_UPLIFT_MIN_REPS && ratioCv !== null && ratioCv < FLAT_UPLIFT_MAX_CV;
  const medianRatio = median(ratios);
  const flatUplift = {
    detected,
    uplift: medianRatio === null ? null : medianRatio - 1,
    cv: ratioCv,
    reps: ratios.length,
  };
  const attainments = rows.flatMap((r) => (r.attainment === null ? [] : [r.attainment]));
  const lastPeriod = {
    reps: attainments.length,
    shareAttaining:
      attainments.length === 0
        ? null
        : attainments.filter((a) => a >= 1).length / attainments.length,
    medianAttainment: median(attainments),
  };

  const findings: string[] = [];
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  if (flatUplift.detected && flatUplift.uplift !== null) {
    findings.push(
      `Current quotas look like "last year + ${pct(flatUplift.uplift)}": quota ÷ last year's bookings varies by only ${pct(flatUplift.cv ?? 0)} across ${flatUplift.reps} reps. That rewards last year's luck and punishes last year's effort; the proposal sets quotas from territory opportunity and productivity instead.`,
    );
  } else if (ratios.length >= FLAT_UPLIFT_MIN_REPS) {
    findings.push(
      `Current quotas are not a flat uplift on last year (quota ÷ last year's bookings varies by ${pct(flatUplift.cv ?? 0)} across ${flatUplift.reps} reps).`,
    );
  }
  if (dispersion.current !== null && dispersion.proposed !== null) {
    findings.push(
      `Against account potential, current quotas vary by ${pct(dispersion.current)} and the proposal by ${pct(dispersion.proposed)} (coefficient of variation over ${dispersion.reps} reps; lower means quota follows opportunity more closely).`,
    );
  }
  if (lastPeriod.shareAttaining !== null) {
    findings.push(
      `Measured against the current quotas, ${pct(lastPeriod.shareAttaining)} of ${lastPeriod.reps} reps attained in the last 12 months of history (median attainment ${pct(lastPeriod.medianAttainment ?? 0)}); a healthy plan has 70–80% attaining.`,
    );
  }
  if (unknownReps.length > 0) {
    findings.push(
      `${unknownReps.length} current quotas name reps not in the roster: ${unknownReps.slice(0, 5).join(', ')}${unknownReps.length > 5 ? ', …' : ''}.`,
    );
  }
  return { rows, unknownReps, dispersion, flatUplift, lastPeriod, findings };
}
