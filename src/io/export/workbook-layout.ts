// Where everything sits in the quota workbook, decided before any row is written: the sheets
// reference each other's cells (a rep's productivity on Baseline, its capacity on Ramp & capacity,
// its segment's target on Allocation), and the streaming writer cannot go back to fill them in.

import type { Plan } from '../../core/plan/types.ts';
import type { RepAllocation, SegmentAllocation } from '../../core/engine/index.ts';
import type { PlanRun } from '../../core/engine/index.ts';
import { BOOKINGS_POOL, quarterSums } from '../../core/engine/index.ts';
import { monthName } from '../docs/context.ts';
import { definedName } from './xlsx-kit.ts';

export const SHEETS = {
  inputs: 'Inputs',
  baseline: 'Baseline',
  weights: 'Territory weights',
  ramp: 'Ramp & capacity',
  allocation: 'Allocation',
  backtest: 'Back-test',
  scenarios: 'Scenarios',
  checks: 'Checks',
  assumptions: 'Assumptions',
} as const;

/** One pool and segment of the allocation: a block of consecutive rep rows on Allocation. */
export interface GroupLayout {
  index: number;
  segment: SegmentAllocation;
  reps: RepAllocation[];
  /** Its row in the segment table of Allocation. */
  row: number;
  /** First and last rep row of its block on Allocation. */
  first: number;
  last: number;
  /** Indexes (into groups) of the groups of the same pool, in allocation order. */
  poolGroups: number[];
  /**
   * How its target T_s is set: a named input (`Target`, `Target_SMB`), or a share of a named
   * total split over the pool's segments by capacity; an optional total left empty means the
   * segment's own capacity (a role without a target).
   */
  target: { kind: 'input'; name: string } | { kind: 'split'; name: string; optional: boolean };
}

/** A named, editable input on the Inputs sheet. */
export interface InputCell {
  name: string;
  label: string;
  /** The value in the cell (currency units for money). */
  value: number | null;
  kind: 'money' | 'share' | 'rate';
  /** Assumption-register key whose status the row shows. */
  key: string;
  note: string;
  row: number;
}

export interface WorkbookLayout {
  months: number;
  /** The plan months by name, 'Jul 2017', …: the headings of the monthly columns. */
  monthLabels: string[];
  quarterLabels: string[];
  /** Quarter k covers months quarterMonths[k] (0-based month indexes). */
  quarterMonths: number[][];
  groups: GroupLayout[];
  /** Reps in block order: the order of every per-rep sheet. */
  reps: RepAllocation[];
  /** Code-unit rank of each rep id (the engine's tie-break of its rounding), by rep id. */
  idKey: Map<string, number>;
  inputs: InputCell[];
  /** Row of a territory on Territory weights, by territory id. */
  territoryRow: Map<string, number>;
  baselineFirst: number;
  rampFirst: number;
  /** Rows of the plan-month labels and σ on Ramp & capacity. */
  rampMonthRow: number;
  rampSigmaRow: number;
  segmentHeader: number;
  repHeader: number;
  repFirst: number;
}

/** Input rows start here on the Inputs sheet (the header is the row before). */
export const INPUTS_FIRST = 6;
export const WEIGHTS_FIRST = 6;
export const BASELINE_FIRST = 6;
export const RAMP_MONTH_ROW = 5;
export const RAMP_SIGMA_ROW = 6;
export const RAMP_FIRST = 9;
export const SEGMENT_HEADER = 6;

export function workbookLayout(plan: Plan, run: PlanRun): WorkbookLayout {
  const a = run.allocation;
  const groups: GroupLayout[] = [];
  const reps: RepAllocation[] = [];
  const segmentHeader = SEGMENT_HEADER;
  const repHeader = segmentHeader + a.segments.length + 4;
  let row = repHeader + 1;
  const taken = new Set<string>(['target', 'alpha', 'growth', 'overassignment', 'roundingunit']);
  taken.add('roundingunitcents');
  const inputs: InputCell[] = [];
  const bookingsGroups = a.segments.filter((s) => s.pool === BOOKINGS_POOL).length;
  const roleNames = new Map<string, string>();

  const pushInput = (cell: Omit<InputCell, 'row'>): void => {
    inputs.push({ ...cell, row: INPUTS_FIRST + inputs.length });
  };
  if (plan.target.kind === 'total') {
    pushInput({
      name: 'Target',
      label: 'Company target T (bookings)',
      value: plan.target.total / 100,
      kind: 'money',
      key: 'target',
      note:
        bookingsGroups > 1
          ? 'Split over the segments in proportion to their bottom-up capacity (Allocation, segment table).'
          : 'The sum the bookings quotas share, before over-assignment.',
    });
  }
  const segmentNames = new Map<string, string>();
  if (plan.target.kind === 'segments') {
    for (const [segment, value] of Object.entries(plan.target.bySegment)) {
      const name = definedName('Target', segment, taken);
      segmentNames.set(segment, name);
      pushInput({
        name,
        label: `Target of segment ${segment}`,
        value: value / 100,
        kind: 'money',
        key: `targets.${segment}`,
        note: 'The sum the bookings quotas of this segment share, before over-assignment.',
      });
    }
  }
  pushInput({
    name: 'Alpha',
    label: 'Top-down share α',
    value: plan.topDownShare,
    kind: 'share',
    key: 'methodology.top_down_share',
    note: '1 = top-down only, 0 = bottom-up only; a segment without bottom-up capacity uses 1.',
  });
  pushInput({
    name: 'Growth',
    label: 'Growth on bottom-up capacity g',
    value: plan.growth,
    kind: 'rate',
    key: 'methodology.growth',
    note: 'Capacity c = P × (1 + g) × e × σ (Ramp & capacity).',
  });
  pushInput({
    name: 'OverAssignment',
    label: 'Over-assignment o',
    value: plan.overAssignment,
    kind: 'rate',
    key: 'methodology.over_assignment',
    note: 'Quotas sum to round(T × (1 + o)).',
  });
  pushInput({
    name: 'RoundingUnit',
    label: 'Rounding unit of annual quotas',
    value: plan.roundingUnit / 100,
    kind: 'money',
    key: 'methodology.rounding',
    note: 'Annual quotas are whole multiples of it, but for the cents below one unit (largest remainder).',
  });
  for (const s of a.segments) {
    if (s.pool === BOOKINGS_POOL || roleNames.has(s.pool)) continue;
    const name = definedName('RoleTarget', s.pool, taken);
    roleNames.set(s.pool, name);
    const role = plan.roles[s.pool] ?? plan.defaultRole;
    pushInput({
      name,
      label: `Target of the ${s.pool} pool (${s.measure.replace('_', ' ')})`,
      value: role.target === null ? null : role.target / 100,
      kind: 'money',
      key: `roles.${s.pool}.target`,
      note: 'Empty = the pool’s own bottom-up capacity (ambition 1).',
    });
  }

  a.segments.forEach((segment, index) => {
    const members = a.reps.filter((r) => r.pool === segment.pool && r.segment === segment.segment);
    const first = row;
    row += members.length;
    reps.push(...members);
    let target: GroupLayout['target'];
    if (segment.pool === BOOKINGS_POOL) {
      if (plan.target.kind === 'segments') {
        target = { kind: 'input', name: segmentNames.get(segment.segment) ?? 'Target' };
      } else if (bookingsGroups === 1) {
        target = { kind: 'input', name: 'Target' };
      } else {
        target = { kind: 'split', name: 'Target', optional: false };
      }
    } else {
      target = { kind: 'split', name: roleNames.get(segment.pool) ?? '', optional: true };
    }
    groups.push({
      index,
      segment,
      reps: members,
      row: segmentHeader + 1 + index,
      first,
      last: row - 1,
      poolGroups: [],
      target,
    });
  });
  for (const g of groups) {
    g.poolGroups = groups.filter((h) => h.segment.pool === g.segment.pool).map((h) => h.index);
  }

  const sortedIds = a.reps.map((r) => r.id).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const idKey = new Map(sortedIds.map((id, k) => [id, k + 1]));
  const territoryRow = new Map(a.weights.territories.map((t, k) => [t.id, WEIGHTS_FIRST + k]));
  const quarterMonths = quarterSums(a.monthLabels.map(() => 0)).map((_, q) =>
    [3 * q, 3 * q + 1, 3 * q + 2].filter((k) => k < a.months),
  );
  return {
    months: a.months,
    // Headings read 'Jul 2017' beside the quarters' 'Q1', as on screen and in the documents.
    monthLabels: a.monthLabels.map(monthName),
    quarterLabels: a.quarterLabels,
    quarterMonths,
    groups,
    reps,
    idKey,
    inputs,
    territoryRow,
    baselineFirst: BASELINE_FIRST,
    rampFirst: RAMP_FIRST,
    rampMonthRow: RAMP_MONTH_ROW,
    rampSigmaRow: RAMP_SIGMA_ROW,
    segmentHeader,
    repHeader,
    repFirst: repHeader + 1,
  };
}
