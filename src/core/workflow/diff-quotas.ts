// Per-rep quota changes between two plan versions: who was added or removed, who moved and by
// how much, with totals, so the sign-off meeting sees the effect of every edit on every seller.

import { compareIds } from '../engine/allocate.ts';
import type { Cents } from '../model.ts';
import { WorkflowInputError } from './errors.ts';

/** A rep's quota in one version: annual cents and the monthly cents that sum to it. */
export interface VersionQuota {
  id: string;
  name: string;
  quota: Cents;
  monthly: readonly Cents[];
}

export type QuotaChangeStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface QuotaDiffRow {
  repId: string;
  /** The name in the later version, else in the earlier one. */
  name: string;
  /** Annual quota in each version, cents; null when the rep is not in it. */
  before: Cents | null;
  after: Cents | null;
  /** (after ?? 0) − (before ?? 0), cents. */
  delta: Cents;
  /** delta ÷ before; null when before is null or 0. */
  deltaShare: number | null;
  /** changed when the annual quota or any month differs. */
  status: QuotaChangeStatus;
  /**
   * after − before per month, cents (a missing version counts as 0; when the versions have a
   * different number of months, the shorter is padded with 0).
   */
  monthlyDelta: Cents[];
}

export interface QuotaDiff {
  /** Every rep of either version, in id order. */
  rows: QuotaDiffRow[];
  totals: {
    before: Cents;
    after: Cents;
    delta: Cents;
    deltaShare: number | null;
    added: number;
    removed: number;
    changed: number;
    unchanged: number;
  };
}

function byId(rows: readonly VersionQuota[], which: string): Map<string, VersionQuota> {
  const map = new Map<string, VersionQuota>();
  for (const row of rows) {
    if (map.has(row.id))
      throw new WorkflowInputError(`rep ${row.id} appears twice in the ${which} quotas`);
    if (!Number.isInteger(row.quota) || row.monthly.some((v) => !Number.isInteger(v)))
      throw new WorkflowInputError(`the ${which} quota of ${row.id} is not in whole cents`);
    map.set(row.id, row);
  }
  return map;
}

/** The quota changes from `before` to `after`. Invariant: before + delta = after, per rep and month. */
export function diffQuotas(
  before: readonly VersionQuota[],
  after: readonly VersionQuota[],
): QuotaDiff {
  const left = byId(before, 'earlier');
  const right = byId(after, 'later');
  const ids = [...new Set([...left.keys(), ...right.keys()])].sort(compareIds);
  const totals = { before: 0, after: 0, added: 0, removed: 0, changed: 0, unchanged: 0 };
  const rows = ids.map((repId): QuotaDiffRow => {
    const a = left.get(repId);
    const b = right.get(repId);
    const months = Math.max(a?.monthly.length ?? 0, b?.monthly.length ?? 0);
    const monthlyDelta = Array.from(
      { length: months },
      (_, m) => (b?.monthly[m] ?? 0) - (a?.monthly[m] ?? 0),
    );
    const status: QuotaChangeStatus =
      a === undefined
        ? 'added'
        : b === undefined
          ? 'removed'
          : a.quota !== b.quota ||
              a.monthly.length !== b.monthly.length ||
              monthlyDelta.some((d) => d !== 0)
            ? 'changed'
            : 'unchanged';
    totals[status]++;
    const from = a?.quota ?? null;
    const to = b?.quota ?? null;
    totals.before += from ?? 0;
    totals.after += to ?? 0;
    const delta = (to ?? 0) - (from ?? 0);
    return {
      repId,
      name: b?.name ?? a?.name ?? repId,
      before: from,
      after: to,
      delta,
      deltaShare: from === null || from === 0 ? null : delta / from,
      status,
      monthlyDelta,
    };
  });
  const delta = totals.after - totals.before;
  return {
    rows,
    totals: { ...totals, delta, deltaShare: totals.before === 0 ? null : delta / totals.before },
  };
}
