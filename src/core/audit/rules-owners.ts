// Rules about who owns deals: missing or unknown owners, deals outside a rep's employment,
// departed reps still holding pipeline, reps with no history at all.

import type { Rep } from '../model.ts';
import { RULE_DEFINITIONS as R } from './catalogue.ts';
import { dealRefs, type AuditRule } from './context.ts';
import { NO_DATE, STATUS_NAMES } from './deal-columns.ts';
import type { AuditRef } from './types.ts';

export const dealWithoutOwner: AuditRule = {
  definition: R.dealWithoutOwner,
  run: (ctx) => {
    // One text per status, shared by every ref: a million refs need not mean a million strings.
    const details = STATUS_NAMES.map((name) => `${name} deal has no owner`);
    return dealRefs(ctx, ctx.deals.hits.noOwner, (_, i) => details[ctx.deals.status[i] ?? 0] ?? '');
  },
};

export const ownerNotInRoster: AuditRule = {
  definition: R.ownerNotInRoster,
  run: (ctx) =>
    dealRefs(
      ctx,
      ctx.deals.hits.unknownOwner,
      (deal) => `deal ${deal.id} owned by '${deal.ownerId ?? ''}', no such rep`,
    ),
};

export const unknownSourceRep: AuditRule = {
  definition: R.unknownSourceRep,
  run: (ctx) =>
    dealRefs(
      ctx,
      ctx.deals.hits.unknownSourceRep,
      (deal) => `deal ${deal.id} sourced by '${deal.sourceRepId ?? ''}', no such rep`,
    ),
};

export const dealOutsideEmployment: AuditRule = {
  definition: R.dealOutsideEmployment,
  run: (ctx) =>
    dealRefs(ctx, ctx.deals.hits.outsideEmployment, (deal, i) => {
      const o = ctx.deals.owner[i] ?? 0;
      const rep = ctx.dataset.reps[o] as Rep;
      const early = (ctx.deals.close[i] ?? 0) < (ctx.repStart[o] ?? 0);
      const when = early
        ? `before owner '${rep.name}' started on ${rep.startDate ?? ''}`
        : `after owner '${rep.name}' left on ${rep.endDate ?? ''}`;
      return `${deal.status} on ${deal.closeDate ?? ''}, ${when}`;
    }),
};

export const inactiveRepOpenPipeline: AuditRule = {
  definition: R.inactiveRepOpenPipeline,
  applies: (ctx) => ctx.asOf !== null,
  run: (ctx) => {
    const reps = ctx.dataset.reps;
    const { repOpenCount, repOpenAmount } = ctx.deals;
    const refs: AuditRef[] = [];
    for (let r = 0; r < reps.length; r++) {
      const count = repOpenCount[r] as number;
      const end = ctx.repEnd[r] as number;
      if (count === 0 || end <= NO_DATE || end >= ctx.asOfKey) continue;
      const rep = reps[r] as Rep;
      refs.push({
        entity: 'reps',
        id: rep.id,
        detail: `'${rep.name}' left on ${rep.endDate ?? ''} and still owns ${count} open deal${count === 1 ? '' : 's'} worth ${ctx.money(repOpenAmount[r] as number)}`,
      });
    }
    return refs;
  },
};

export const repWithoutDeals: AuditRule = {
  definition: R.repWithoutDeals,
  run: (ctx) => {
    const { reps, splits } = ctx.dataset;
    const active = Uint8Array.from(ctx.deals.repHasDeals);
    for (const split of splits) {
      const r = ctx.repIndex.get(split.repId);
      if (r !== undefined) active[r] = 1;
    }
    const refs: AuditRef[] = [];
    for (const rep of reps) {
      if (rep.role === 'MGR') continue;
      // A repeated id resolves to its first record, which stands for all of them.
      if (active[ctx.repIndex.get(rep.id) ?? 0] === 1) continue;
      refs.push({
        entity: 'reps',
        id: rep.id,
        detail: `'${rep.name}' (${rep.role}) owns, sourced and shares no deal`,
      });
    }
    return refs;
  },
};
