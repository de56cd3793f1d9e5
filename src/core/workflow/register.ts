// The assumption register's decisions kept beside the immutable versions: a person confirms (or
// reopens) one input at the value they were shown, on one version. A decision holds for that
// version and the later ones while the input keeps that value; once the value changes, the input
// is ASSUMED again until someone confirms the new value. The plan file's own `confirmed:` (plan
// files written by hand) stays the fallback when no decision applies.

import type { AssumptionEntry, AssumptionRegister } from '../engine/assumptions.ts';

/** One person's decision about one input of the register. */
export interface RegisterDecision {
  /** The register key ('target', 'roles.AE.ramp', 'territory_weights.West'). */
  key: string;
  /** The version it was made on. */
  version: number;
  status: 'CONFIRMED' | 'ASSUMED';
  /** The input's value in words, as the register showed it when the decision was made. */
  value: string;
  by: string;
  /** ISO timestamp. */
  at: string;
}

type EntryLike = Pick<AssumptionEntry, 'key' | 'value' | 'status' | 'confirmedBy' | 'confirmedAt'>;

/**
 * The decision that applies to an input of `version`: the latest one (decisions in the order they
 * were made) made on this version or an earlier one, if it was about the value the input has now.
 */
export function decisionFor(
  entry: Pick<EntryLike, 'key' | 'value'>,
  decisions: readonly RegisterDecision[],
  version: number,
): RegisterDecision | null {
  let last: RegisterDecision | null = null;
  for (const d of decisions) if (d.key === entry.key && d.version <= version) last = d;
  return last !== null && last.value === entry.value ? last : null;
}

/** The entries with the decisions applied (entries without an applicable decision unchanged). */
export function applyRegisterDecisions<E extends EntryLike>(
  entries: readonly E[],
  decisions: readonly RegisterDecision[],
  version: number,
): E[] {
  return entries.map((entry) => {
    const d = decisionFor(entry, decisions, version);
    if (d === null) return entry;
    return d.status === 'CONFIRMED'
      ? { ...entry, status: 'CONFIRMED', confirmedBy: d.by, confirmedAt: d.at }
      : { ...entry, status: 'ASSUMED', confirmedBy: null, confirmedAt: null };
  });
}

/** A run's register with the decisions applied, its counts recomputed. */
export function registerWithDecisions(
  register: AssumptionRegister,
  decisions: readonly RegisterDecision[],
  version: number,
): AssumptionRegister {
  const entries = applyRegisterDecisions(register.entries, decisions, version);
  const onAssumptions = new Set<string>();
  for (const e of entries) if (e.status === 'ASSUMED') for (const r of e.reps) onAssumptions.add(r);
  return {
    entries,
    assumed: entries.filter((e) => e.status === 'ASSUMED').length,
    confirmed: entries.filter((e) => e.status === 'CONFIRMED').length,
    repsOnAssumptions: onAssumptions.size,
  };
}
