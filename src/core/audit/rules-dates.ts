// Rules about dates: invalid values, closed deals that cannot be placed in a period, dates in
// the wrong order or after the as-of date, and stale open pipeline. Deals with the same dates
// share one detail string (see dealWithoutOwner).

import { RULE_DEFINITIONS as R } from './catalogue.ts';
import { dealRefs, type AuditRule } from './context.ts';
import { dateKey, INVALID_DATE } from './date-key.ts';
import { STATUS_NAMES } from './deal-columns.ts';
import type { AuditRef } from './types.ts';

function notADate(labels: string[]): string {
  return `${labels.join(' and ')} not a YYYY-MM-DD calendar date`;
}

export const invalidDate: AuditRule = {
  definition: R.invalidDate,
  run: (ctx) => {
    const refs = dealRefs(ctx, ctx.deals.hits.invalidDate, (deal) => {
      const labels: string[] = [];
      if (dateKey(deal.createdDate) === INVALID_DATE) {
        labels.push(`created date '${deal.createdDate ?? ''}'`);
      }
      if (dateKey(deal.closeDate) === INVALID_DATE) {
        labels.push(`close date '${deal.closeDate ?? ''}'`);
      }
      return notADate(labels);
    });
    ctx.dataset.reps.forEach((rep, r) => {
      const labels: string[] = [];
      if (ctx.repStart[r] === INVALID_DATE) labels.push(`start date '${rep.startDate ?? ''}'`);
      if (ctx.repEnd[r] === INVALID_DATE) labels.push(`end date '${rep.endDate ?? ''}'`);
      if (labels.length > 0) refs.push({ entity: 'reps', id: rep.id, detail: notADate(labels) });
    });
    for (const rate of ctx.dataset.rates) {
      if (dateKey(rate.validFrom) !== INVALID_DATE) continue;
      refs.push({
        entity: 'rates',
        id: rate.currency,
        detail: notADate([`${rate.currency} rate valid-from date '${rate.validFrom ?? ''}'`]),
      });
    }
    return refs;
  },
};

export const wonWithoutCloseDate: AuditRule = {
  definition: R.wonWithoutCloseDate,
  run: (ctx) => {
    const details = STATUS_NAMES.map((name) => `${name} deal has no close date`);
    return dealRefs(
      ctx,
      ctx.deals.hits.closedNoCloseDate,
      (_, i) => details[ctx.deals.status[i] ?? 0] ?? '',
    );
  },
};

export const wonWithoutCreatedDate: AuditRule = {
  definition: R.wonWithoutCreatedDate,
  run: (ctx) => {
    const details = new Map<string | null, string>();
    return dealRefs(ctx, ctx.deals.hits.wonNoCreatedDate, (deal) => {
      let detail = details.get(deal.closeDate);
      if (detail === undefined) {
        const close = deal.closeDate === null ? '' : ` (won on ${deal.closeDate})`;
        detail = `won deal has no created date${close}`;
        details.set(deal.closeDate, detail);
      }
      return detail;
    });
  },
};

export const closeBeforeCreated: AuditRule = {
  definition: R.closeBeforeCreated,
  run: (ctx) => {
    const details = new Map<string, string>();
    return dealRefs(ctx, ctx.deals.hits.closeBeforeCreated, (deal) => {
      const key = `${deal.closeDate ?? ''}${deal.createdDate ?? ''}`;
      let detail = details.get(key);
      if (detail === undefined) {
        detail = `closes ${deal.closeDate ?? ''}, created ${deal.createdDate ?? ''}`;
        details.set(key, detail);
      }
      return detail;
    });
  },
};

export const wonAfterAsOf: AuditRule = {
  definition: R.wonAfterAsOf,
  // Against the latest date in the data nothing can be later, so only a given date counts.
  applies: (ctx) => ctx.asOfGiven,
  run: (ctx) => {
    const details = new Map<string | null, string>();
    return dealRefs(ctx, ctx.deals.hits.wonAfterAsOf, (deal) => {
      let detail = details.get(deal.closeDate);
      if (detail === undefined) {
        detail = `won on ${deal.closeDate ?? ''}, after the as-of date ${ctx.asOf ?? ''}`;
        details.set(deal.closeDate, detail);
      }
      return detail;
    });
  },
};

export const datedAfterAsOf: AuditRule = {
  definition: R.datedAfterAsOf,
  applies: (ctx) => ctx.asOfGiven,
  run: (ctx) => {
    const asOf = ctx.asOf ?? '';
    const details = new Map<string, string>();
    return dealRefs(ctx, ctx.deals.hits.datedAfterAsOf, (deal) => {
      const created = deal.createdDate;
      const createdLate = created !== null && dateKey(created) > dateKey(asOf);
      const key = createdLate ? `c${created}` : `l${deal.closeDate ?? ''}`;
      let detail = details.get(key);
      if (detail === undefined) {
        detail = createdLate
          ? `created ${created}, after the as-of date ${asOf}`
          : `lost on ${deal.closeDate ?? ''}, after the as-of date ${asOf}`;
        details.set(key, detail);
      }
      return detail;
    });
  },
};

function stageText(stage: string | undefined): string {
  return stage === undefined ? 'open deal' : `open deal at stage '${stage}'`;
}

export const openDealWithoutCloseDate: AuditRule = {
  definition: R.openDealWithoutCloseDate,
  run: (ctx) => {
    const { stage, stages } = ctx.deals;
    // By stage code: 0 for deals without a stage, k + 1 for stage k.
    const details = [undefined, ...stages.values].map(
      (name) => `${stageText(name)} has no expected close date`,
    );
    return dealRefs(ctx, ctx.deals.hits.openNoCloseDate, (_, i) => details[stage[i] ?? 0] ?? '');
  },
};

export const openDealPastCloseDate: AuditRule = {
  definition: R.openDealPastCloseDate,
  applies: (ctx) => ctx.asOf !== null,
  run: (ctx) => {
    const { stage, stages, close } = ctx.deals;
    const stale = ctx.deals.hits.openWithCloseDate.filter((i) => (close[i] ?? 0) < ctx.asOfKey);
    const details = new Map<number, string>();
    const refs: AuditRef[] = dealRefs(ctx, stale, (deal, i) => {
      const code = stage[i] ?? 0;
      const key = code * 100_000_000 + (close[i] ?? 0);
      let detail = details.get(key);
      if (detail === undefined) {
        const name = code === 0 ? undefined : stages.values[code - 1];
        detail = `${stageText(name)} expected to close ${deal.closeDate ?? ''}, before the as-of date ${ctx.asOf ?? ''}`;
        details.set(key, detail);
      }
      return detail;
    });
    return refs;
  },
};
