// The deals behind a rep's bookings figure (METHOD §9): won deals that closed in a period,
// credited to the rep as their owner or through a credit split, with the rep's share and the
// credited amount computed exactly as the bookings are (largest remainder over the deal's
// shares, so the credits of a deal add up to its amount). Pure: deals and splits in, rows out.

import { splitCents } from '../baseline/credit.ts';
import type { Cents, DealType, IsoDate } from '../model.ts';

export interface CreditableDeal {
  id: string;
  name: string | null;
  accountId: string | null;
  ownerId: string | null;
  /** Cents in the workspace currency; null when the deal has none. */
  amount: Cents | null;
  type: DealType | null;
  closeDate: IsoDate;
}

export interface DealSplit {
  dealId: string;
  repId: string;
  share: number;
}

export interface CreditedDeal {
  dealId: string;
  name: string | null;
  accountId: string | null;
  closeDate: IsoDate;
  type: DealType | null;
  /** The deal's whole amount (cents; under the count basis 100 = one deal). */
  amount: Cents;
  /** The rep's fraction of the deal: 1 for the owner of an unsplit deal. */
  share: number;
  /** What the rep is credited: their part of the amount (cents, or hundredths of a deal). */
  credited: Cents;
  /** Whether the credit comes from a split (else from owning the deal). */
  split: boolean;
}

/**
 * The deals credited to `repId`, by close date then id. `counts` are the deal types the rep's
 * role counts (a deal without a type counts as new business, as in the engine); under the count
 * basis each deal is worth 100 (one deal) and its shares split that.
 */
export function creditedDeals(input: {
  repId: string;
  deals: readonly CreditableDeal[];
  splits: readonly DealSplit[];
  counts: readonly DealType[];
  basis: 'amount' | 'count';
}): CreditedDeal[] {
  const splitsOf = new Map<string, DealSplit[]>();
  for (const s of input.splits) {
    const list = splitsOf.get(s.dealId);
    if (list === undefined) splitsOf.set(s.dealId, [s]);
    else list.push(s);
  }
  const rows: CreditedDeal[] = [];
  for (const deal of input.deals) {
    if (!input.counts.includes(deal.type ?? 'new_business')) continue;
    const value = input.basis === 'count' ? 100 : (deal.amount ?? 0);
    const shares = splitsOf.get(deal.id);
    if (shares === undefined || shares.length === 0) {
      if (deal.ownerId !== input.repId) continue;
      rows.push({ ...dealFields(deal), amount: value, share: 1, credited: value, split: false });
      continue;
    }
    const k = shares.findIndex((s) => s.repId === input.repId);
    const mine = shares[k];
    if (mine === undefined) continue;
    const parts =
      value === 0 || !shares.some((s) => s.share > 0)
        ? null
        : splitCents(
            Math.round(value),
            shares.map((s) => s.share),
          );
    rows.push({
      ...dealFields(deal),
      amount: value,
      share: mine.share,
      credited: parts?.[k] ?? 0,
      split: true,
    });
  }
  return rows.sort((a, b) =>
    a.closeDate === b.closeDate
      ? a.dealId < b.dealId
        ? -1
        : a.dealId > b.dealId
          ? 1
          : 0
      : a.closeDate < b.closeDate
        ? -1
        : 1,
  );
}

function dealFields(deal: CreditableDeal) {
  return {
    dealId: deal.id,
    name: deal.name,
    accountId: deal.accountId,
    closeDate: deal.closeDate,
    type: deal.type,
  };
}
