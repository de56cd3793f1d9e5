// A plan run with the register's decisions applied: what the sign-off gate judges and the
// documents print. Pure (no database), so the render worker applies it too.

import type { AssumptionEntry, AssumptionRegister } from '../../core/engine/assumptions.ts';
import { applyRegisterDecisions } from '../../core/workflow/index.ts';
import type { RegisterDecision } from '../../core/workflow/index.ts';

/** `prepared` with its register's entries decided by the plan's decisions, for `version`. */
export function withDecisions<P extends { run: { assumptions: AssumptionRegister } }>(
  prepared: P,
  decisions: readonly RegisterDecision[],
  version: number,
): P {
  const entries: AssumptionEntry[] = applyRegisterDecisions(
    prepared.run.assumptions.entries,
    decisions,
    version,
  );
  const onAssumptions = new Set<string>();
  for (const e of entries) if (e.status === 'ASSUMED') for (const r of e.reps) onAssumptions.add(r);
  return {
    ...prepared,
    run: {
      ...prepared.run,
      assumptions: {
        entries,
        assumed: entries.filter((e) => e.status === 'ASSUMED').length,
        confirmed: entries.filter((e) => e.status === 'CONFIRMED').length,
        repsOnAssumptions: onAssumptions.size,
      },
    },
  };
}
