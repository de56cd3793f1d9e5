// Who reports to whom, built once for a whole organisation: a manager's subtree (the server's
// access scope and the tracking roll-ups) in time proportional to its size, safe against loops.

import { findCycles } from '../audit/cycles.ts';
import { compareIds } from '../engine/allocate.ts';
import type { Issue } from '../issue.ts';

/** A person in the reporting lines: a rep, a manager or a planned hire. */
export interface OrgMember {
  id: string;
  managerId: string | null;
}

export interface OrgIndex {
  /** People in the index. */
  size: number;
  has(id: string): boolean;
  /** The manager link in use (null for a root, and for anyone whose link was part of a loop). */
  managerOf(id: string): string | null;
  /** Direct reports, in id order. */
  children(id: string): readonly string[];
  /** Every id that has at least one direct report, in id order. */
  managers(): readonly string[];
  /**
   * `id` itself (when it is in the index) and everyone below it, at any depth. An id that is
   * only referenced as a manager gives its reports; an unknown id gives the empty set.
   */
  subtree(id: string): Set<string>;
  /** Whether `memberId` is `managerId` or below it (walks up the reporting line: O(depth)). */
  contains(managerId: string, memberId: string): boolean;
  /** One 'manager-cycle' warning per loop in the reporting lines. */
  issues: readonly Issue[];
}

/**
 * Indexes reporting lines. The first entry of an id wins. A loop (A managed by B, B managed by
 * A; or someone managing themselves) cannot be a hierarchy: every manager link on it is dropped,
 * so its members become roots and none of them sees the others through the loop, and the loop is
 * reported as an Issue. What is left is a forest, so every walk ends.
 */
export function buildOrgIndex(members: readonly OrgMember[]): OrgIndex {
  const position = new Map<string, number>();
  const ids: string[] = [];
  const managerIds: (string | null)[] = [];
  for (const member of members) {
    if (position.has(member.id)) continue;
    position.set(member.id, ids.length);
    ids.push(member.id);
    managerIds.push(member.managerId);
  }
  const parent = new Int32Array(ids.length);
  managerIds.forEach((manager, i) => {
    parent[i] = manager === null ? -1 : (position.get(manager) ?? -1);
  });
  const issues: Issue[] = [];
  for (const cycle of findCycles(parent)) {
    const names = cycle.map((i) => ids[i] ?? '');
    for (const i of cycle) managerIds[i] = null;
    issues.push({
      code: 'manager-cycle',
      severity: 'warning',
      message:
        names.length === 1
          ? `${names[0] ?? ''} is recorded as their own manager; the link is ignored`
          : `${names.join(' → ')} → ${names[0] ?? ''} manage each other in a loop; these manager links are ignored, so each of them sees only their own reports`,
      expected: 'reporting lines without loops',
      location: { entity: 'rep', id: names[0] ?? '' },
    });
  }
  const children = new Map<string, string[]>();
  ids.forEach((id, i) => {
    const manager = managerIds[i] ?? null;
    if (manager === null) return;
    const list = children.get(manager);
    if (list === undefined) children.set(manager, [id]);
    else list.push(id);
  });
  for (const list of children.values()) list.sort(compareIds);
  const managerList = [...children.keys()].sort(compareIds);

  const managerOf = (id: string): string | null => {
    const i = position.get(id);
    return i === undefined ? null : (managerIds[i] ?? null);
  };
  return {
    size: ids.length,
    has: (id) => position.has(id),
    managerOf,
    children: (id) => children.get(id) ?? [],
    managers: () => managerList,
    subtree: (id) => {
      const out = new Set<string>();
      if (position.has(id)) out.add(id);
      const stack = [...(children.get(id) ?? [])];
      while (stack.length > 0) {
        const next = stack.pop() ?? '';
        out.add(next);
        const below = children.get(next);
        if (below !== undefined) for (const c of below) stack.push(c);
      }
      return out;
    },
    contains: (managerId, memberId) => {
      if (!position.has(memberId)) return false;
      for (let at: string | null = memberId; at !== null; at = managerOf(at)) {
        if (at === managerId) return true;
      }
      return false;
    },
    issues,
  };
}

/** The ids of a manager's subtree (see OrgIndex.subtree); build an index once for repeated calls. */
export function managerSubtree(members: readonly OrgMember[], managerId: string): Set<string> {
  return buildOrgIndex(members).subtree(managerId);
}
