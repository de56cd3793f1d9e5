// What the team and organisation dashboards derive from the quotas in the reader's scope: names
// of people, a manager's whole subtree, and the choices of the rep, territory and segment filters.

import type { AttainmentView, QuotaRow } from './api.ts';
import type { Choice } from './components/filter-bar.tsx';

/**
 * Names of people by id: from the attainment view (its reps, and its managers' roll-ups, which
 * are labelled with the manager's name), completed by the quotas once those have arrived.
 */
export function namesOf(
  view: AttainmentView | undefined,
  quotas: readonly QuotaRow[] = [],
): Map<string, string> {
  const names = new Map(quotas.map((q) => [q.repId, q.name]));
  for (const m of view?.report.managers ?? []) if (m.key !== null) names.set(m.key, m.label);
  for (const r of view?.report.reps ?? []) names.set(r.repId, r.name);
  return names;
}

/** Everyone below `managerId` at any depth, and the manager. */
export function subtreeOf(quotas: readonly QuotaRow[], managerId: string): QuotaRow[] {
  const children = new Map<string, QuotaRow[]>();
  for (const q of quotas) {
    if (q.managerId === null) continue;
    const list = children.get(q.managerId);
    if (list === undefined) children.set(q.managerId, [q]);
    else list.push(q);
  }
  const out: QuotaRow[] = [];
  const seen = new Set<string>([managerId]);
  const self = quotas.find((q) => q.repId === managerId);
  if (self !== undefined) out.push(self);
  const stack = [managerId];
  while (stack.length > 0) {
    const id = stack.pop() ?? '';
    for (const child of children.get(id) ?? []) {
      if (seen.has(child.repId)) continue;
      seen.add(child.repId);
      out.push(child);
      stack.push(child.repId);
    }
  }
  return out;
}

/** People who have someone reporting to them, by name. */
export function managersOf(quotas: readonly QuotaRow[]): Choice[] {
  const ids = new Set(quotas.flatMap((q) => (q.managerId === null ? [] : [q.managerId])));
  const names = namesOf(undefined, quotas);
  return [...ids]
    .map((id) => ({ value: id, label: names.get(id) ?? id }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export interface FilterChoices {
  reps: Choice[];
  territories: Choice[];
  segments: Choice[];
}

export function filterChoices(quotas: readonly QuotaRow[]): FilterChoices {
  const carrying = quotas.filter((q) => q.carriesQuota);
  const distinct = (values: readonly string[]): Choice[] =>
    [...new Set(values.filter((v) => v !== ''))]
      .sort((a, b) => a.localeCompare(b))
      .map((v) => ({ value: v, label: v }));
  return {
    reps: carrying
      .map((q) => ({ value: q.repId, label: q.name }))
      .sort((a, b) => a.label.localeCompare(b.label)),
    territories: distinct(carrying.map((q) => q.territoryId ?? '')),
    segments: distinct(carrying.map((q) => q.segment)),
  };
}
