// The credit-split rule: each deal's shares must be fractions in (0, 1] summing to 1, and every
// split must name a known deal and rep, or credit is lost or counted twice.

import type { CreditSplit, Deal } from '../model.ts';
import { RULE_DEFINITIONS as R } from './catalogue.ts';
import type { AuditRule } from './context.ts';
import { hashText } from './hashing.ts';
import type { AuditRef } from './types.ts';

/** Tolerance on the sum of a deal's shares (shares are floating fractions). */
export const SHARE_SUM_TOLERANCE = 1e-6;

/** A 2^20-bit filter (128 KB): with thousands of split deals, few other deals pass it. */
const FILTER_BITS = 20;
const FILTER_MASK = (1 << FILTER_BITS) - 1;

function splitId(split: CreditSplit): string {
  return `${split.dealId}/${split.repId}`;
}

export const splitSharesInvalid: AuditRule = {
  definition: R.splitSharesInvalid,
  applies: (ctx) => ctx.dataset.splits.length > 0,
  run: (ctx) => {
    const { deals, splits } = ctx.dataset;
    // Only the deals that have splits are looked up, not a set of every deal id.
    const sums = new Map<
      string,
      { sum: number; count: number; badShare: boolean; known: boolean }
    >();
    for (const split of splits) {
      const entry = sums.get(split.dealId) ?? { sum: 0, count: 0, badShare: false, known: false };
      entry.sum += split.share;
      entry.count += 1;
      if (!(split.share > 0 && split.share <= 1)) entry.badShare = true;
      sums.set(split.dealId, entry);
    }
    // Deals are matched to split deal ids by id hash: a bit-set test, then the exact hashes, and
    // only then the deal's id, so the million deals without splits are never read.
    const bits = new Uint8Array(1 << (FILTER_BITS - 3));
    const hashes = new Set<number>();
    for (const dealId of sums.keys()) {
      const hash = hashText(dealId);
      hashes.add(hash);
      const slot = hash & FILTER_MASK;
      bits[slot >>> 3] = (bits[slot >>> 3] as number) | (1 << (slot & 7));
    }
    const { idHash } = ctx.deals;
    for (let i = 0; i < idHash.length; i++) {
      const hash = idHash[i] as number;
      const slot = hash & FILTER_MASK;
      if (((bits[slot >>> 3] as number) & (1 << (slot & 7))) === 0 || !hashes.has(hash)) continue;
      const entry = sums.get((deals[i] as Deal).id);
      if (entry !== undefined) entry.known = true;
    }
    const refs: AuditRef[] = [];
    for (const split of splits) {
      if (sums.get(split.dealId)?.known !== true) {
        refs.push({
          entity: 'splits',
          id: splitId(split),
          detail: `split names deal '${split.dealId}', no such deal`,
        });
      } else if (!ctx.repIndex.has(split.repId)) {
        refs.push({
          entity: 'splits',
          id: splitId(split),
          detail: `split of deal ${split.dealId} names rep '${split.repId}', no such rep`,
        });
      }
    }
    for (const [dealId, { sum, count, badShare, known }] of sums) {
      if (!known) continue;
      const sumOk = Math.abs(sum - 1) <= SHARE_SUM_TOLERANCE;
      if (sumOk && !badShare) continue;
      const shares = `${count} split${count === 1 ? '' : 's'}`;
      refs.push({
        entity: 'deals',
        id: dealId,
        detail: sumOk
          ? `a share outside (0, 1] among ${shares}`
          : `shares sum to ${Number(sum.toFixed(6))} over ${shares}, not 1`,
      });
    }
    return refs;
  },
};
