// Baseline metrics (METHOD §3): the public surface of src/core/baseline.

export {
  computeBaseline,
  BaselineOptionsError,
  MAX_BASELINE_MONTHS,
  NONE_KEY,
  NO_OWNER_KEY,
} from './compute-baseline.ts';
export { splitCents, creditTable } from './credit.ts';
export type { CreditTable } from './credit.ts';
export { BASELINE_GROUPINGS } from './types.ts';
export type {
  BaselineGrouping,
  BaselineOptions,
  BaselineRow,
  BaselineMonth,
  BaselineReport,
} from './types.ts';
