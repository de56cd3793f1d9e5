// Attainment tracking (METHOD §9, §10): periods, pace, indicators, roll-ups over the reporting
// lines, ramp tracking of new hires and mid-period quota changes.

export { TrackingInputError } from './errors.ts';
export {
  calendarStart,
  elapsedFraction,
  periodContaining,
  periodCount,
  periodMonths,
  resolvePeriod,
} from './period.ts';
export type {
  PeriodKind,
  PeriodSpec,
  PeriodState,
  PlanCalendar,
  ResolvedPeriod,
} from './period.ts';
export { checkThresholds, indicatorOf, periodIndicator } from './indicator.ts';
export type { Indicator, IndicatorThresholds } from './indicator.ts';
export { measureContext, measurePeriod } from './measures.ts';
export type { MeasureContext, PeriodMeasures, SeriesPoint } from './measures.ts';
export { buildOrgIndex, managerSubtree } from './org-index.ts';
export type { OrgIndex, OrgMember } from './org-index.ts';
export { trackAttainment } from './track.ts';
export type {
  GroupKind,
  GroupTracking,
  OrgPerson,
  QuotaLine,
  RepTracking,
  TrackingInput,
  TrackingReport,
} from './track.ts';
export { DEFAULT_MAX_DAYS_BEHIND, trackRamps } from './ramp.ts';
export type { Milestone, RampMonth, RampRep, RampTracking, RampTrackingInput } from './ramp.ts';
export { prorateChange, structuralChanges } from './adjustments.ts';
export type { AdjustmentRef, QuotaChange, StructuralChange } from './adjustments.ts';
export { creditedDeals } from './credited-deals.ts';
export type { CreditableDeal, CreditedDeal, DealSplit } from './credited-deals.ts';
