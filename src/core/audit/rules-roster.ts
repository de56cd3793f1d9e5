// Rules about the roster and territories: missing or unknown territories and managers, loops
// in the manager or territory hierarchy, impossible employment dates.

import type { Rep, Territory } from '../model.ts';
import { RULE_DEFINITIONS as R } from './catalogue.ts';
import type { AuditRule } from './context.ts';
import { NO_DATE } from './deal-columns.ts';
import { findCycles } from './cycles.ts';
import type { AuditRef } from './types.ts';

export const repWithoutTerritory: AuditRule = {
  definition: R.repWithoutTerritory,
  run: (ctx) => {
    const refs: AuditRef[] = [];
    for (const rep of ctx.dataset.reps) {
      if (rep.role === 'MGR' || rep.territoryId !== null) continue;
      refs.push({
        entity: 'reps',
        id: rep.id,
        detail: `'${rep.name}' (${rep.role}) has no territory`,
      });
    }
    return refs;
  },
};

export const unknownTerritory: AuditRule = {
  definition: R.unknownTerritory,
  applies: (ctx) => ctx.dataset.territories.length > 0,
  run: (ctx) => {
    const refs: AuditRef[] = [];
    for (const rep of ctx.dataset.reps) {
      const t = rep.territoryId;
      if (t === null || ctx.territoryIds.has(t)) continue;
      refs.push({
        entity: 'reps',
        id: rep.id,
        detail: `rep '${rep.name}' in territory '${t}', no such territory`,
      });
    }
    for (const account of ctx.dataset.accounts) {
      const t = account.territoryId;
      if (t === null || ctx.territoryIds.has(t)) continue;
      refs.push({
        entity: 'accounts',
        id: account.id,
        detail: `account '${account.name}' in territory '${t}', no such territory`,
      });
    }
    return refs;
  },
};

export const unknownParentTerritory: AuditRule = {
  definition: R.unknownParentTerritory,
  run: (ctx) => {
    const refs: AuditRef[] = [];
    for (const territory of ctx.dataset.territories) {
      const parent = territory.parentId;
      if (parent === null || ctx.territoryIds.has(parent)) continue;
      refs.push({
        entity: 'territories',
        id: territory.id,
        detail: `territory '${territory.name}' has parent '${parent}', no such territory`,
      });
    }
    return refs;
  },
};

function cycleRefs<T extends { id: string }>(
  records: readonly T[],
  parentId: (record: T) => string | null,
  index: ReadonlyMap<string, number>,
  entity: 'reps' | 'territories',
  label: string,
): AuditRef[] {
  const parent = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const p = parentId(records[i] as T);
    parent[i] = p === null ? -1 : (index.get(p) ?? -1);
  }
  const refs: AuditRef[] = [];
  for (const cycle of findCycles(parent)) {
    const ids = cycle.map((i) => (records[i] as T).id);
    const detail = `${label} loops: ${[...ids, ids[0] ?? ''].join(' → ')}`;
    for (const id of ids) refs.push({ entity, id, detail });
  }
  return refs;
}

export const managerCycle: AuditRule = {
  definition: R.managerCycle,
  run: (ctx) =>
    cycleRefs(ctx.dataset.reps, (rep: Rep) => rep.managerId, ctx.repIndex, 'reps', 'manager chain'),
};

export const territoryCycle: AuditRule = {
  definition: R.territoryCycle,
  run: (ctx) => {
    const territories = ctx.dataset.territories;
    const index = new Map<string, number>();
    territories.forEach((t, i) => {
      if (!index.has(t.id)) index.set(t.id, i);
    });
    return cycleRefs(
      territories,
      (t: Territory) => t.parentId,
      index,
      'territories',
      'territory hierarchy',
    );
  },
};

export const managerNotInRoster: AuditRule = {
  definition: R.managerNotInRoster,
  run: (ctx) => {
    const refs: AuditRef[] = [];
    for (const rep of ctx.dataset.reps) {
      const manager = rep.managerId;
      if (manager === null || ctx.repIndex.has(manager)) continue;
      refs.push({
        entity: 'reps',
        id: rep.id,
        detail: `'${rep.name}' reports to '${manager}', no such rep`,
      });
    }
    return refs;
  },
};

export const accountOwnerNotInRoster: AuditRule = {
  definition: R.accountOwnerNotInRoster,
  run: (ctx) => {
    const refs: AuditRef[] = [];
    for (const account of ctx.dataset.accounts) {
      const owner = account.ownerId;
      if (owner === null || ctx.repIndex.has(owner)) continue;
      refs.push({
        entity: 'accounts',
        id: account.id,
        detail: `account '${account.name}' owned by '${owner}', no such rep`,
      });
    }
    return refs;
  },
};

export const repEndBeforeStart: AuditRule = {
  definition: R.repEndBeforeStart,
  run: (ctx) => {
    const refs: AuditRef[] = [];
    const reps = ctx.dataset.reps;
    for (let r = 0; r < reps.length; r++) {
      const start = ctx.repStart[r] as number;
      const end = ctx.repEnd[r] as number;
      if (start <= NO_DATE || end <= NO_DATE || end >= start) continue;
      const rep = reps[r] as Rep;
      refs.push({
        entity: 'reps',
        id: rep.id,
        detail: `'${rep.name}' starts ${rep.startDate ?? ''}, ends ${rep.endDate ?? ''}`,
      });
    }
    return refs;
  },
};
