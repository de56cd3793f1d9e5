// Resolves the people and companies deals and reps point at (by id, email or name) and builds the
// derived records a source implies when it has no roster or accounts file of its own.

import type { Account, Rep, Territory } from '../../core/model.ts';

export type KnownRep = Pick<Rep, 'id' | 'name' | 'email' | 'derived'>;

export interface RepResolver {
  /** The id of the rep `value` names (id, then email, then exact name), or undefined. */
  resolve(value: string): string | undefined;
  /** Makes a newly built rep resolvable. */
  add(rep: KnownRep): void;
}

interface RepIndex {
  byId: Map<string, string>;
  byEmail: Map<string, string>;
  byName: Map<string, string>;
}

function indexReps(reps: readonly KnownRep[]): RepIndex {
  const index: RepIndex = { byId: new Map(), byEmail: new Map(), byName: new Map() };
  for (const rep of reps) addTo(index, rep);
  return index;
}

function addTo(index: RepIndex, rep: KnownRep): void {
  if (!index.byId.has(rep.id)) index.byId.set(rep.id, rep.id);
  if (rep.email !== null && rep.email !== '') {
    const key = rep.email.toLowerCase();
    if (!index.byEmail.has(key)) index.byEmail.set(key, rep.id);
  }
  if (!index.byName.has(rep.name)) index.byName.set(rep.name, rep.id);
}

function lookup(index: RepIndex, value: string): string | undefined {
  return (
    index.byId.get(value) ??
    (value.includes('@') ? index.byEmail.get(value.toLowerCase()) : undefined) ??
    index.byName.get(value)
  );
}

/** Reps of this import are searched first, then the workspace's. */
export function repResolver(
  imported: readonly KnownRep[],
  existing: readonly KnownRep[],
): RepResolver {
  const mine = indexReps(imported);
  const theirs = indexReps(existing);
  const cache = new Map<string, string | null>();
  return {
    resolve(value) {
      const hit = cache.get(value);
      if (hit !== undefined) return hit ?? undefined;
      const found = lookup(mine, value) ?? lookup(theirs, value);
      cache.set(value, found ?? null);
      return found;
    },
    add(rep) {
      addTo(mine, rep);
      cache.clear();
    },
  };
}

/** True for text shaped like an email address (one '@', a dot after it, no spaces). */
export function looksLikeEmail(value: string): boolean {
  const at = value.indexOf('@');
  return (
    at > 0 &&
    at === value.lastIndexOf('@') &&
    value.indexOf('.', at) > at + 1 &&
    !value.endsWith('.') &&
    !/\s/.test(value)
  );
}

/** 'jane.doe-smith@acme.com' → 'Jane Doe Smith'; other text unchanged. */
export function readableName(value: string): string {
  if (!looksLikeEmail(value)) return value;
  const local = value.slice(0, value.indexOf('@'));
  const words = local.split(/[._+-]+/).filter((w) => w !== '');
  if (words.length === 0) return value;
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** A rep the importer built from a reference (deal owner, manager). */
export function derivedRep(
  id: string,
  role: string,
  source: string,
  territoryId: string | null = null,
): Rep {
  return {
    id,
    name: readableName(id),
    email: looksLikeEmail(id) ? id : null,
    managerId: null,
    role,
    segment: null,
    territoryId,
    startDate: null,
    endDate: null,
    ote: null,
    currency: null,
    source,
    derived: true,
  };
}

export function derivedAccount(id: string, source: string): Account {
  return {
    id,
    name: id,
    territoryId: null,
    ownerId: null,
    segment: null,
    industry: null,
    employees: null,
    annualRevenue: null,
    potential: null,
    source,
    derived: true,
  };
}

export function derivedTerritory(id: string, source: string): Territory {
  return { id, name: id, parentId: null, segment: null, source, derived: true };
}

/** Resolves a reference by id, then by name, among `records`. */
export function idOrNameIndex(
  records: readonly { id: string; name: string }[],
): (value: string) => string | undefined {
  const byId = new Set<string>();
  const byName = new Map<string, string>();
  for (const r of records) {
    byId.add(r.id);
    if (!byName.has(r.name)) byName.set(r.name, r.id);
  }
  return (value) => (byId.has(value) ? value : byName.get(value));
}
