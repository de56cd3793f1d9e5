// The plan workflow in pure functions: Definition Alignment terms, version diffs, the assumption
// register's decisions and the sign-off gate. The server stores the facts; these functions judge
// them.

export { DEFAULT_DEFINITION_TERMS, DEFINITION_APPROVER_TITLES } from './definitions.ts';
export type { DefinitionApproverTitle, DefinitionTerm } from './definitions.ts';
export { WorkflowInputError } from './errors.ts';
export { diffInputs, jsonEqual } from './diff-inputs.ts';
export type { InputChange } from './diff-inputs.ts';
export { diffQuotas } from './diff-quotas.ts';
export type { QuotaChangeStatus, QuotaDiff, QuotaDiffRow, VersionQuota } from './diff-quotas.ts';
export { applyRegisterDecisions, decisionFor, registerWithDecisions } from './register.ts';
export type { RegisterDecision } from './register.ts';
export {
  approverPolicyProblem,
  coverTitles,
  DEFAULT_APPROVER_TITLES,
  gateDifferences,
  LEADER_TITLE_NAMES,
  MIN_APPROVER_TITLES,
  SIGN_OFF_ITEM_IDS,
  signOffChecklist,
  titleName,
} from './signoff.ts';
export type {
  Approval,
  BacktestOverride,
  SignOffChecklist,
  SignOffFacts,
  SignOffItem,
  SignOffItemId,
  SignOffItemState,
  SignOffPolicy,
} from './signoff.ts';
export { monthsKept, planOverlaps, supersessionProblem } from './overlap.ts';
export type { PlanOverlap, PlanSpan } from './overlap.ts';
