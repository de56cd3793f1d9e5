// Rules about values the importer could not map (stages, types) and product names on deals that
// do not match the product list, or match it only after ignoring case and punctuation.

import type { Deal } from '../model.ts';
import { RULE_DEFINITIONS as R } from './catalogue.ts';
import { dealRefs, type AuditContext, type AuditRule } from './context.ts';
import { normaliseLabel } from './text.ts';
import type { AuditRef } from './types.ts';

export const unmappedStage: AuditRule = {
  definition: R.unmappedStage,
  run: (ctx) => {
    const { stage, status } = ctx.deals;
    // Keyed by stage and status; shared by every deal with both (see dealWithoutOwner).
    const details = new Map<number, string>();
    return dealRefs(ctx, ctx.deals.hits.unmappedStage, (deal, i) => {
      const key = (stage[i] ?? 0) * 4 + (status[i] ?? 0);
      let detail = details.get(key);
      if (detail === undefined) {
        detail = `stage '${deal.stage ?? ''}' is not in the value map; status '${deal.status}' is a guess`;
        details.set(key, detail);
      }
      return detail;
    });
  },
};

export const unmappedType: AuditRule = {
  definition: R.unmappedType,
  run: (ctx) => {
    const details = new Map<string | null, string>();
    return dealRefs(ctx, ctx.deals.hits.unmappedType, (deal) => {
      let detail = details.get(deal.type);
      if (detail === undefined) {
        detail = `deal type is not in the value map; taken as '${deal.type ?? 'new_business'}'`;
        details.set(deal.type, detail);
      }
      return detail;
    });
  },
};

/**
 * For each distinct product text on deals (ctx.deals.products): itself when it is a product id
 * or name, the product's spelling when it matches only after normalising, null when it matches
 * nothing.
 */
function productMatches(ctx: AuditContext): (string | null)[] {
  const exact = new Set<string>();
  const byNormal = new Map<string, string>();
  for (const product of ctx.dataset.products) {
    exact.add(product.id);
    exact.add(product.name);
    for (const spelling of [product.name, product.id]) {
      const normal = normaliseLabel(spelling);
      if (!byNormal.has(normal)) byNormal.set(normal, spelling);
    }
  }
  return ctx.deals.products.values.map((text) =>
    exact.has(text) ? text : (byNormal.get(normaliseLabel(text)) ?? null),
  );
}

const hasProducts = (ctx: AuditContext): boolean => ctx.dataset.products.length > 0;

export const productSpellingMismatch: AuditRule = {
  definition: R.productSpellingMismatch,
  applies: hasProducts,
  run: (ctx) => {
    const matches = productMatches(ctx);
    const texts = ctx.deals.products.values;
    const details = matches.map((match, k) =>
      match === null || match === texts[k]
        ? undefined
        : `product '${texts[k] ?? ''}' vs '${match}' in the product list`,
    );
    const refs: AuditRef[] = [];
    if (details.every((d) => d === undefined)) return refs;
    const { product } = ctx.deals;
    for (let i = 0; i < product.length; i++) {
      const code = product[i] as number;
      const detail = code === 0 ? undefined : details[code - 1];
      if (detail === undefined) continue;
      refs.push({ entity: 'deals', id: (ctx.dataset.deals[i] as Deal).id, detail });
    }
    return refs;
  },
};

export const unknownProduct: AuditRule = {
  definition: R.unknownProduct,
  applies: hasProducts,
  run: (ctx) => {
    const matches = productMatches(ctx);
    const texts = ctx.deals.products.values;
    const details = matches.map((match, k) =>
      match === null ? `product '${texts[k] ?? ''}', no such product` : undefined,
    );
    const refs: AuditRef[] = [];
    if (!matches.includes(null)) return refs;
    const { product } = ctx.deals;
    for (let i = 0; i < product.length; i++) {
      const code = product[i] as number;
      const detail = code === 0 ? undefined : details[code - 1];
      if (detail === undefined) continue;
      refs.push({ entity: 'deals', id: (ctx.dataset.deals[i] as Deal).id, detail });
    }
    return refs;
  },
};
