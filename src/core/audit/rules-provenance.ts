// Info rules about records no source file held: the importer built them from references, so
// they lack attributes (managers, segments, dates) the plan would use.

import type { EntityName } from '../model.ts';
import { RULE_DEFINITIONS as R } from './catalogue.ts';
import type { AuditRule } from './context.ts';
import type { AuditRef } from './types.ts';

function derivedRefs(
  records: readonly { id: string; name: string; derived: boolean }[],
  entity: EntityName,
  from: string,
): AuditRef[] {
  const refs: AuditRef[] = [];
  for (const record of records) {
    if (!record.derived) continue;
    refs.push({ entity, id: record.id, detail: `'${record.name}' built from ${from}` });
  }
  return refs;
}

export const rosterDerived: AuditRule = {
  definition: R.rosterDerived,
  run: (ctx) =>
    ctx.dataset.reps
      .filter((rep) => rep.derived)
      .map((rep) => ({
        entity: 'reps' as const,
        id: rep.id,
        detail: `'${rep.name}' named only as ${rep.role === 'MGR' ? 'a manager' : 'a deal owner'}, no roster row`,
      })),
};

export const territoriesDerived: AuditRule = {
  definition: R.territoriesDerived,
  run: (ctx) => derivedRefs(ctx.dataset.territories, 'territories', 'references, no territory row'),
};

export const accountsDerived: AuditRule = {
  definition: R.accountsDerived,
  run: (ctx) => derivedRefs(ctx.dataset.accounts, 'accounts', 'deal account names, no account row'),
};

export const productsDerived: AuditRule = {
  definition: R.productsDerived,
  run: (ctx) => derivedRefs(ctx.dataset.products, 'products', 'deal product names, no product row'),
};
