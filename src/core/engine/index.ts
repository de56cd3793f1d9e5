// The quota engine (METHOD §2, §4, §5, §6): pure functions from a Dataset and a Plan to quotas,
// checks, explanations and the assumption register.

export { runPlan, runPlanOnHistory } from './run.ts';
export type { PlanRun } from './run.ts';
export { learnHistory, lastCompleteMonth, PlanInputError, windowLength } from './history.ts';
export type { AccountFacts, History, HistoryOptions, MonthWindow, Seller } from './history.ts';
export { allocate, BOOKINGS_POOL, compareIds, NO_SEGMENT, quarterSums } from './allocate.ts';
export type {
  Allocation,
  Cohort,
  CohortLevel,
  Methodology,
  RepAllocation,
  SegmentAllocation,
} from './allocate.ts';
export { cohortTable, COHORT_MIN_FULL_MONTHS, poolOf, segmentOf } from './cohorts.ts';
export type { CohortTable } from './cohorts.ts';
export { territoryWeights, weightLookup } from './weights.ts';
export type { TerritoryInput, TerritoryWeight, WeightsResult } from './weights.ts';
export { roundToUnits, splitOverMonths } from './rounding.ts';
export { checkPlan } from './checks.ts';
export type {
  CheckCode,
  CheckFinding,
  CheckReport,
  CheckResult,
  CheckStatus,
  FindingStatus,
  ManagerRollup,
} from './checks.ts';
export { explainAllocation, explainWeights, noHistoryReason } from './explain.ts';
export type { RepExplanation, WeightExplanation } from './explain.ts';
export { assumptionRegister, confirmationOf } from './assumptions.ts';
export type { AssumptionEntry, AssumptionRegister } from './assumptions.ts';
export { auditCurrentQuotas } from './current.ts';
export type { CurrentMethodologyReport, CurrentQuotaRow } from './current.ts';
