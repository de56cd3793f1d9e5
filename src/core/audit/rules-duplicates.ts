// Rules about records entered twice: repeated ids, and deals that differ only in id and name
// (the same opportunity keyed in twice, as in the Maven sample's 461 look-alike rows).

import type { Deal, EntityName } from '../model.ts';
import { RULE_DEFINITIONS as R } from './catalogue.ts';
import type { AuditRule } from './context.ts';
import { equalGroups } from './hashing.ts';
import type { AuditRef } from './types.ts';

/** How many twins a near-duplicate's detail names before summarising the rest. */
export const TWINS_NAMED = 5;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function repeatedIdRefs(
  records: readonly { id: string }[],
  entity: EntityName,
  noun: string,
): AuditRef[] {
  const counts = new Map<string, number>();
  let repeated = false;
  for (const record of records) {
    const seen = counts.get(record.id);
    counts.set(record.id, (seen ?? 0) + 1);
    if (seen !== undefined) repeated = true;
  }
  if (!repeated) return [];
  const refs: AuditRef[] = [];
  for (const record of records) {
    const count = counts.get(record.id) ?? 0;
    if (count < 2) continue;
    refs.push({ entity, id: record.id, detail: `${count} ${noun} share id '${record.id}'` });
  }
  return refs;
}

export const duplicateDealId: AuditRule = {
  definition: R.duplicateDealId,
  run: (ctx) => {
    const deals = ctx.dataset.deals;
    const groups = equalGroups(
      ctx.deals.idHash,
      (i, j) => (deals[i] as Deal).id === (deals[j] as Deal).id,
    );
    const refs: AuditRef[] = [];
    for (const members of groups.values()) {
      const id = (deals[members[0] as number] as Deal).id;
      const detail = `${members.length} deals share id '${id}'`;
      for (let k = 0; k < members.length; k++) refs.push({ entity: 'deals', id, detail });
    }
    return refs;
  },
};

export const duplicateRecordId: AuditRule = {
  definition: R.duplicateRecordId,
  run: (ctx) => {
    const { reps, territories, accounts, products } = ctx.dataset;
    return [
      ...repeatedIdRefs(reps, 'reps', 'reps'),
      ...repeatedIdRefs(territories, 'territories', 'territories'),
      ...repeatedIdRefs(accounts, 'accounts', 'accounts'),
      ...repeatedIdRefs(products, 'products', 'products'),
    ];
  },
};

/** Equal in every field but id, name, provenance and the unmapped list. */
function sameContent(a: Deal, b: Deal): boolean {
  return (
    a.ownerId === b.ownerId &&
    a.accountId === b.accountId &&
    a.sourceRepId === b.sourceRepId &&
    a.product === b.product &&
    a.stage === b.stage &&
    a.status === b.status &&
    a.amount === b.amount &&
    a.originalAmount === b.originalAmount &&
    a.currency === b.currency &&
    a.createdDate === b.createdDate &&
    a.closeDate === b.closeDate &&
    a.type === b.type &&
    a.probability === b.probability
  );
}

export const nearDuplicateDeals: AuditRule = {
  definition: R.nearDuplicateDeals,
  run: (ctx) => {
    const deals = ctx.dataset.deals;
    const groups = equalGroups(ctx.deals.contentHash, (i, j) =>
      sameContent(deals[i] as Deal, deals[j] as Deal),
    );
    const refs: AuditRef[] = [];
    for (const members of groups.values()) {
      const ids = members.map((i) => (deals[i] as Deal).id).sort(compareText);
      const others = ids.length - 1;
      const more = others > TWINS_NAMED ? ` and ${others - TWINS_NAMED} more` : '';
      const noun = others === 1 ? 'deal' : 'deals';
      // Only the first few ids are named, so a large group stays linear.
      const head = ids.slice(0, TWINS_NAMED + 1);
      for (let k = 0; k < ids.length; k++) {
        const named = head.filter((_, j) => j !== k).slice(0, TWINS_NAMED);
        refs.push({
          entity: 'deals',
          id: ids[k] ?? '',
          detail: `identical to ${noun} ${named.join(', ')}${more} except for id and name`,
        });
      }
    }
    return refs;
  },
};
