// CSV renderings of reports that several front ends (CLI now, server later) offer for download.

import type { AuditReport } from '../core/audit/index.ts';
import type { BacktestResult, Bucket, GroupResult } from '../core/backtest/backtest.ts';
import type { Basis } from '../core/model.ts';
import { toCsv } from '../io/write-csv.ts';

/** One line per affected record: rule, severity, title, entity, id, detail. */
export function auditToCsv(report: AuditReport): string {
  return toCsv(
    ['code', 'severity', 'title', 'entity', 'id', 'detail'],
    report.findings.flatMap((f) =>
      f.refs.map((r) => [f.code, f.severity, f.title, r.entity, r.id, r.detail]),
    ),
  );
}

/** Cents (or hundredths of a deal under the count basis) → currency units (or deals), 2 decimals. */
export function toUnits(cents: number): number {
  return Math.round(cents) / 100;
}

/** A ratio for JSON: null when it is not a finite number (k* of reps with no capacity). */
function finite(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : x;
}

function bucketsJson(buckets: readonly Bucket[]): object[] {
  return buckets.map((b) => ({
    label: b.label,
    min: b.min,
    max: finite(b.max),
    reps: b.reps,
    share: b.share,
  }));
}

function groupsJson(groups: readonly GroupResult[]): object[] {
  return groups.map((g) => ({
    key: g.key,
    label: g.label,
    reps: g.reps,
    share_attaining: g.shareAttaining,
    buckets: bucketsJson(g.buckets),
  }));
}

/** What the units of a report's numbers are, in words. */
export function unitsText(basis: Basis, currency: string): string {
  return basis === 'count'
    ? 'quantities (targets, quotas, capacity, bookings) in won deals, up to two decimals; shares and attainment are fractions (0.75 = 75%)'
    : `money in ${currency} (currency units, up to two decimals); shares and attainment are fractions (0.75 = 75%)`;
}

/**
 * The back-test as JSON (backtest --format json, backtest.json): snake_case keys, money in
 * currency units with up to two decimals (deals under the count basis).
 */
export function backtestToJson(result: BacktestResult, basis: Basis, currency: string): object {
  return {
    _units: unitsText(basis, currency),
    plan: result.plan,
    currency,
    basis,
    share_attaining: result.shareAttaining,
    verdict: result.verdict,
    verdict_text: result.verdictText,
    in_sample: result.inSample,
    notes: result.notes,
    test_window: result.testWindow,
    fit_window: result.fitWindow,
    ambition: finite(result.ambition),
    plan_target: toUnits(result.planTarget),
    plan_capacity: toUnits(result.planCapacity),
    test_target: toUnits(result.testTarget),
    test_capacity: toUnits(result.testCapacity),
    k_star: finite(result.kStar),
    target_at_k_star: result.targetAtKStar === null ? null : toUnits(result.targetAtKStar),
    reps: result.reps,
    buckets: bucketsJson(result.buckets),
    by_segment: groupsJson(result.bySegment),
    by_territory: groupsJson(result.byTerritory),
    quarters: result.quarters.map((q) => ({
      label: q.label,
      from: q.from,
      to: q.to,
      reps: q.reps,
      share_attaining: q.shareAttaining,
    })),
    per_rep: result.perRep.map((r) => ({
      rep_id: r.repId,
      rep_name: r.repName,
      segment: r.segment,
      territory_id: r.territoryId,
      territory_name: r.territoryName,
      start_date: r.startDate,
      end_date: r.endDate,
      quota: toUnits(r.quota),
      bookings: toUnits(r.bookings),
      attainment: r.attainment,
      attainment_at_capacity: finite(r.attainmentAtCapacity),
      quarters: r.quarters.map((q) => ({
        label: q.label,
        quota: toUnits(q.quota),
        bookings: toUnits(q.bookings),
        attainment: q.attainment,
      })),
    })),
    issues: result.issues,
  };
}
