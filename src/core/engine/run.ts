// One quota run: learn from the history, allocate, check, explain, list the assumptions and, when
// current quotas are given, audit them. Pure: a Dataset and a Plan in, a PlanRun out.

import type { Dataset } from '../model.ts';
import type { Plan } from '../plan/types.ts';
import { allocate } from './allocate.ts';
import type { Allocation } from './allocate.ts';
import { assumptionRegister } from './assumptions.ts';
import type { AssumptionRegister } from './assumptions.ts';
import { checkPlan } from './checks.ts';
import type { CheckReport } from './checks.ts';
import { auditCurrentQuotas } from './current.ts';
import type { CurrentMethodologyReport } from './current.ts';
import { explainAllocation } from './explain.ts';
import type { RepExplanation } from './explain.ts';
import { learnHistory } from './history.ts';
import type { History, HistoryOptions } from './history.ts';

export interface PlanRun {
  history: History;
  allocation: Allocation;
  checks: CheckReport;
  explanations: RepExplanation[];
  assumptions: AssumptionRegister;
  currentMethodology: CurrentMethodologyReport | null;
  /** True when an error-level issue or a failed error-severity check makes the run unusable. */
  blocked: boolean;
}

export function runPlan(dataset: Dataset, plan: Plan, options: HistoryOptions = {}): PlanRun {
  const history = learnHistory(dataset, plan, options);
  return runPlanOnHistory(plan, history);
}

/** The part of a run after the history pass (what the allocation benchmark times). */
export function runPlanOnHistory(plan: Plan, history: History): PlanRun {
  const allocation = allocate(plan, history);
  const checks = checkPlan(plan, history, allocation);
  return {
    history,
    allocation,
    checks,
    explanations: explainAllocation(plan, allocation),
    assumptions: assumptionRegister(plan, allocation),
    currentMethodology: auditCurrentQuotas(plan, history, allocation),
    blocked: allocation.issues.some((i) => i.severity === 'error') || checks.failed > 0,
  };
}
