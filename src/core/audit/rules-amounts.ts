// Rules about money and numbers: invalid cents, won deals without value, outliers, currencies
// that cannot be converted, rates and probabilities out of range.

import type { Deal } from '../model.ts';
import { RULE_DEFINITIONS as R } from './catalogue.ts';
import { dealRefs, type AuditRule } from './context.ts';
import { WON } from './deal-columns.ts';
import { quantileInPlace } from '../stats.ts';
import type { AuditRef } from './types.ts';

/** Segments with fewer won deals than this are too small to call anything an outlier. */
export const OUTLIER_MIN_DEALS = 20;
/** How many interquartile ranges above Q3 an amount must lie to be an outlier. */
export const OUTLIER_IQR_FACTOR = 3;

function isCents(value: number | null): boolean {
  return value === null || Number.isSafeInteger(value);
}

export const invalidAmount: AuditRule = {
  definition: R.invalidAmount,
  run: (ctx) => {
    const { reps, accounts, products } = ctx.dataset;
    const refs = dealRefs(ctx, ctx.deals.hits.badCents, (deal) =>
      isCents(deal.amount)
        ? `original amount ${deal.originalAmount} is not whole cents`
        : `amount ${deal.amount} is not whole cents`,
    );
    for (const rep of reps) {
      if (isCents(rep.ote)) continue;
      refs.push({ entity: 'reps', id: rep.id, detail: `OTE ${rep.ote} is not whole cents` });
    }
    for (const account of accounts) {
      if (isCents(account.annualRevenue) && isCents(account.potential)) continue;
      const bad = isCents(account.potential)
        ? `annual revenue ${account.annualRevenue}`
        : `potential ${account.potential}`;
      refs.push({ entity: 'accounts', id: account.id, detail: `${bad} is not whole cents` });
    }
    for (const product of products) {
      if (isCents(product.listPrice)) continue;
      refs.push({
        entity: 'products',
        id: product.id,
        detail: `list price ${product.listPrice} is not whole cents`,
      });
    }
    return refs;
  },
};

export const wonNonpositiveAmount: AuditRule = {
  definition: R.wonNonpositiveAmount,
  // On a count basis (Olist) a won deal counts as one whatever its amount.
  applies: (ctx) => ctx.dataset.settings.basis === 'amount',
  run: (ctx) => {
    // Keyed by amount (NaN: none); shared by every deal with it (see dealWithoutOwner).
    const details = new Map<number, string>();
    return dealRefs(ctx, ctx.deals.hits.wonNotPositive, (deal) => {
      const value = deal.amount ?? Number.NaN;
      let detail = details.get(value);
      if (detail === undefined) {
        detail = Number.isNaN(value)
          ? 'won deal has no amount'
          : `won deal amount is ${ctx.money(value)}`;
        details.set(value, detail);
      }
      return detail;
    });
  },
};

export const negativeAmount: AuditRule = {
  definition: R.negativeAmount,
  run: (ctx) =>
    dealRefs(
      ctx,
      ctx.deals.hits.negative,
      (deal) => `${deal.status} deal amount is ${ctx.money(deal.amount ?? 0)}`,
    ),
};

/** Segment name of each rep or account as an index into `names`, −1 when it has none. */
function segmentIndex(
  records: readonly { segment: string | null }[],
  names: string[],
  index: Map<string, number>,
): Int32Array {
  const out = new Int32Array(records.length);
  for (let r = 0; r < records.length; r++) {
    const segment = (records[r] as { segment: string | null }).segment;
    if (segment === null) {
      out[r] = -1;
      continue;
    }
    let k = index.get(segment);
    if (k === undefined) {
      k = names.length;
      names.push(segment);
      index.set(segment, k);
    }
    out[r] = k;
  }
  return out;
}

export const outlierAmount: AuditRule = {
  definition: R.outlierAmount,
  run: (ctx) => {
    const { status, owner, account, amount } = ctx.deals;
    // Segment names; the last one, 'all', holds won deals with neither rep nor account segment.
    const names: string[] = [];
    const index = new Map<string, number>();
    const repSegment = segmentIndex(ctx.dataset.reps, names, index);
    const accountSegment = segmentIndex(ctx.dataset.accounts, names, index);
    const all = names.length;
    names.push('all');
    /** Segment of deal i when it is won with a finite amount, else −1. */
    const segmentOf = (i: number): number => {
      if (status[i] !== WON || !Number.isFinite(amount[i])) return -1;
      const o = owner[i] as number;
      const fromRep = o >= 0 ? (repSegment[o] as number) : -1;
      if (fromRep >= 0) return fromRep;
      const a = account[i] as number;
      const fromAccount = a >= 0 ? (accountSegment[a] as number) : -1;
      return fromAccount >= 0 ? fromAccount : all;
    };
    const sizes = new Int32Array(names.length);
    for (let i = 0; i < status.length; i++) {
      const s = segmentOf(i);
      if (s >= 0) sizes[s] = (sizes[s] as number) + 1;
    }
    const samples = Array.from(sizes, (size) =>
      size >= OUTLIER_MIN_DEALS ? new Float64Array(size) : null,
    );
    if (samples.every((sample) => sample === null)) return [];
    const filled = new Int32Array(names.length);
    for (let i = 0; i < status.length; i++) {
      const s = segmentOf(i);
      const sample = s < 0 ? null : samples[s];
      if (sample === null || sample === undefined) continue;
      const next = filled[s] as number;
      sample[next] = amount[i] as number;
      filled[s] = next + 1;
    }
    const limits = samples.map((sample) => {
      if (sample === null) return Number.POSITIVE_INFINITY;
      const q1 = quantileInPlace(sample, 0.25);
      const q3 = quantileInPlace(sample, 0.75);
      return q3 + OUTLIER_IQR_FACTOR * (q3 - q1);
    });
    const refs: AuditRef[] = [];
    for (let i = 0; i < status.length; i++) {
      const s = segmentOf(i);
      if (s < 0) continue;
      const limit = limits[s] as number;
      const value = amount[i] as number;
      if (value <= limit) continue;
      refs.push({
        entity: 'deals',
        id: (ctx.dataset.deals[i] as Deal).id,
        detail: `won ${ctx.money(value)}, above ${ctx.money(limit)} (Q3 + 3×IQR of ${sizes[s] as number} won deals in segment '${names[s] ?? ''}')`,
      });
    }
    return refs;
  },
};

export const currencyWithoutRate: AuditRule = {
  definition: R.currencyWithoutRate,
  run: (ctx) => {
    const home = ctx.dataset.settings.currency;
    const rated = new Set(ctx.dataset.rates.map((r) => r.currency));
    // Detail per currency; undefined when the currency has a rate.
    const details = new Map<string, string | undefined>();
    const refs: AuditRef[] = [];
    for (const i of ctx.deals.hits.foreignCurrency) {
      const deal = ctx.dataset.deals[i] as Deal;
      const c = deal.currency;
      let detail = details.get(c);
      if (!details.has(c)) {
        detail = rated.has(c) ? undefined : `deal in ${c}, no ${c} rate to ${home}`;
        details.set(c, detail);
      }
      if (detail !== undefined) refs.push({ entity: 'deals', id: deal.id, detail });
    }
    for (const rep of ctx.dataset.reps) {
      const c = rep.currency;
      if (c === null || c === home || rated.has(c)) continue;
      refs.push({
        entity: 'reps',
        id: rep.id,
        detail: `OTE of '${rep.name}' in ${c}, no ${c} rate to ${home}`,
      });
    }
    return refs;
  },
};

export const invalidRate: AuditRule = {
  definition: R.invalidRate,
  run: (ctx) => {
    const refs: AuditRef[] = [];
    for (const rate of ctx.dataset.rates) {
      if (Number.isFinite(rate.rate) && rate.rate > 0) continue;
      const from = rate.validFrom === null ? '' : ` from ${rate.validFrom}`;
      refs.push({
        entity: 'rates',
        id: rate.currency,
        detail: `${rate.currency} rate${from} is ${rate.rate}`,
      });
    }
    return refs;
  },
};

export const probabilityOutOfRange: AuditRule = {
  definition: R.probabilityOutOfRange,
  run: (ctx) =>
    dealRefs(
      ctx,
      ctx.deals.hits.badProbability,
      (deal) => `probability ${deal.probability} is not a fraction between 0 and 1`,
    ),
};
