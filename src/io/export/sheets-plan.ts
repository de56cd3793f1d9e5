// The workbook's Inputs sheet (the editable inputs as named, validated cells with their
// ASSUMED/CONFIRMED status, then every other input of the plan) and its Assumptions sheet (the
// assumption register with the reps that depend on each input, and the run's notes).

import type ExcelJS from 'exceljs';
import type { Plan } from '../../core/plan/types.ts';
import type { AssumptionEntry, PlanRun } from '../../core/engine/index.ts';
import { monthLabel } from '../../core/dates.ts';
import { SHEETS, INPUTS_FIRST, type InputCell, type WorkbookLayout } from './workbook-layout.ts';
import {
  cellRef,
  sheetPrefix,
  spec,
  type CellSpec,
  type Formats,
  SheetWriter,
} from './xlsx-kit.ts';
import { GOOD, WARN, BAD } from './sheet-allocation.ts';

export interface WorkbookMeta {
  /** Where the plan came from (a file path), for the title block. */
  source: string;
  /** The date the workbook was made (the caller's clock). */
  generatedOn: string;
}

/** The streaming worksheet keeps its validations here (missing from ExcelJS's types). */
interface WithValidations {
  dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
}

const INPUT_HEADERS = [
  'Input',
  'Value',
  'Unit',
  'Status',
  'Confirmed by',
  'Confirmed at',
  'Name',
  'Notes',
];

function validation(cell: InputCell): ExcelJS.DataValidation {
  const common = { showErrorMessage: true, errorStyle: 'stop' as const, showInputMessage: true };
  switch (cell.kind) {
    case 'share':
      return {
        ...common,
        type: 'decimal',
        operator: 'between',
        formulae: [0, 1],
        allowBlank: false,
        errorTitle: 'A share between 0 and 1',
        error: `${cell.label} must be between 0 and 1 (1 = top-down only).`,
        promptTitle: cell.label,
        prompt: 'Between 0 and 1.',
      };
    case 'rate':
      return cell.name === 'Growth'
        ? {
            ...common,
            type: 'decimal',
            operator: 'greaterThan',
            formulae: [-1],
            allowBlank: false,
            errorTitle: 'A growth rate above −1',
            error: 'Growth must be above −1 (−0.1 = 10% less productive).',
            promptTitle: cell.label,
            prompt: 'A rate above −1, e.g. 0.05 for +5%.',
          }
        : {
            ...common,
            type: 'decimal',
            operator: 'greaterThanOrEqual',
            formulae: [0],
            allowBlank: false,
            errorTitle: 'A rate of at least 0',
            error: 'Over-assignment must be 0 or more (0.03 = quotas sum to 3% above the target).',
            promptTitle: cell.label,
            prompt: 'A rate of 0 or more.',
          };
    case 'money':
      return cell.name === 'RoundingUnit'
        ? {
            ...common,
            type: 'decimal',
            operator: 'greaterThanOrEqual',
            formulae: [0.01],
            allowBlank: false,
            errorTitle: 'A rounding unit of at least one cent',
            error: 'The rounding unit must be at least 0.01.',
            promptTitle: cell.label,
            prompt: 'E.g. 1000 for whole thousands.',
          }
        : {
            ...common,
            type: 'decimal',
            operator: 'greaterThan',
            formulae: [0],
            allowBlank: cell.key.startsWith('roles.'),
            errorTitle: 'A target above 0',
            error: `${cell.label} must be above 0.`,
            promptTitle: cell.label,
            prompt: cell.key.startsWith('roles.')
              ? 'Above 0, or empty for the pool’s capacity.'
              : 'Above 0.',
          };
  }
}

export function writeInputs(
  wb: { definedNames: ExcelJS.DefinedNames },
  ws: ExcelJS.Worksheet,
  plan: Plan,
  run: PlanRun,
  layout: WorkbookLayout,
  fmt: Formats,
  meta: WorkbookMeta,
): void {
  ws.columns = [
    { width: 40 },
    { width: 18 },
    { width: 10 },
    { width: 12 },
    { width: 24 },
    { width: 12 },
    { width: 20 },
    { width: 70 },
  ];
  const w = new SheetWriter(ws);
  const a = run.allocation;
  const entries = new Map(run.assumptions.entries.map((e) => [e.key, e]));
  const unit = a.basis === 'count' ? 'deals' : plan.currency;
  w.row(1, [spec.text(`${plan.name}: quota model workbook`, 'title')]);
  w.row(2, [
    spec.text(
      `Made by quotaplan from ${meta.source} on ${meta.generatedOn}; data as of ${a.asOf}; plan ${a.start} for ${a.months} months, ${a.methodology}.`,
      'subtitle',
    ),
  ]);
  w.row(3, [
    spec.text(
      'Blue cells on yellow are inputs: change one and every quota on Allocation recalculates, rounded exactly as quotaplan rounds. Everything else comes from the plan file and the data; change it there and export again.',
      'note',
    ),
  ]);
  w.row(
    INPUTS_FIRST - 1,
    INPUT_HEADERS.map((h) => spec.header(h)),
  );
  const statusOf = (key: string): AssumptionEntry | undefined => entries.get(key);
  for (const cell of layout.inputs) {
    const entry = statusOf(cell.key);
    const format = cell.kind === 'money' ? fmt.money : fmt.ratio;
    w.row(cell.row, [
      spec.text(cell.label),
      spec.num(cell.value, format, 'input'),
      spec.text(cell.kind === 'money' ? unit : cell.kind === 'share' ? 'share' : 'rate'),
      spec.text(entry?.status ?? 'ASSUMED'),
      spec.text(entry?.confirmedBy ?? null),
      spec.text(entry?.confirmedAt ?? null),
      spec.text(cell.name),
      spec.text(cell.note),
    ]);
    wb.definedNames.add(`${SHEETS.inputs}!${cellRef(2, cell.row, true)}`, cell.name);
    (ws as unknown as WithValidations).dataValidations.add(cellRef(2, cell.row), validation(cell));
  }
  const unitRow = INPUTS_FIRST + layout.inputs.length;
  const roundingRow = layout.inputs.find((i) => i.name === 'RoundingUnit')?.row ?? INPUTS_FIRST;
  w.row(unitRow, [
    spec.text('Rounding unit in cents (derived)'),
    spec.fx(`ROUND(${cellRef(2, roundingRow)}*100,0)`, fmt.integer),
    spec.text('cents'),
    undefined,
    undefined,
    undefined,
    spec.text('RoundingUnitCents'),
    spec.text('The formulas compute in cents, as the engine does.'),
  ]);
  wb.definedNames.add(`${SHEETS.inputs}!${cellRef(2, unitRow, true)}`, 'RoundingUnitCents');

  let row = unitRow + 2;
  w.row(row++, [spec.text('The plan', 'section')]);
  const facts: [string, string][] = [
    ['Plan', plan.name],
    ['Methodology', a.methodology],
    ['Currency', a.basis === 'count' ? 'deals (count basis)' : plan.currency],
    ['Plan months', `${a.monthLabels[0] ?? ''} to ${a.monthLabels.at(-1) ?? ''} (${a.months})`],
    ['Data as of', a.asOf],
    ['As-of date from', a.asOfNote],
    [
      'Fit window',
      a.fit.months === 0
        ? 'empty'
        : `${monthLabel(a.fit.from)} to ${monthLabel(a.fit.to)} (${a.fit.months} months)`,
    ],
    ['Seasonality used', a.seasonality.mode],
    ['Territories with plan reps', String(a.weights.territories.length)],
    ['Reps with quota', String(a.reps.length)],
  ];
  for (const [label, value] of facts) w.row(row++, [spec.text(label), spec.text(value)]);

  row++;
  w.row(row++, [
    spec.text('Every input of the plan and its status (the assumption register)', 'section'),
  ]);
  w.row(
    row++,
    ['Input', 'Value', 'Key', 'Status', 'Confirmed by', 'Confirmed at', 'Affects'].map((h) =>
      spec.header(h),
    ),
  );
  const registerFirst = row;
  for (const e of run.assumptions.entries) {
    w.row(row++, [
      spec.text(e.label),
      spec.text(e.value),
      spec.text(e.key),
      spec.text(e.status),
      spec.text(e.confirmedBy),
      spec.text(e.confirmedAt),
      spec.text(e.affects === 'quotas' ? `quotas of ${e.reps.length} reps` : 'checks only'),
    ]);
  }
  const statusRange = (from: number, to: number): string => `D${from}:D${to}`;
  const rules = (top: number): ExcelJS.ConditionalFormattingRule[] => [
    { type: 'expression', formulae: [`D${top}="CONFIRMED"`], priority: 1, style: GOOD },
    { type: 'expression', formulae: [`D${top}="ASSUMED"`], priority: 2, style: WARN },
  ];
  ws.addConditionalFormatting({
    ref: statusRange(INPUTS_FIRST, unitRow - 1),
    rules: rules(INPUTS_FIRST),
  });
  if (row > registerFirst) {
    ws.addConditionalFormatting({
      ref: statusRange(registerFirst, row - 1),
      rules: rules(registerFirst),
    });
  }
}

export function writeAssumptions(
  ws: ExcelJS.Worksheet,
  run: PlanRun,
  issues: readonly { severity: string; code: string; message: string }[],
): void {
  ws.columns = [
    { width: 34 },
    { width: 36 },
    { width: 30 },
    { width: 12 },
    { width: 24 },
    { width: 12 },
    { width: 10 },
    { width: 60 },
  ];
  const w = new SheetWriter(ws);
  const reg = run.assumptions;
  w.row(1, [spec.text('Assumption register', 'title')]);
  w.row(2, [
    spec.text(
      `${reg.assumed} inputs still ASSUMED, ${reg.confirmed} CONFIRMED; the quotas of ${reg.repsOnAssumptions} reps depend on at least one assumption. Confirm an input in the plan file's confirmed: section.`,
      'subtitle',
    ),
  ]);
  w.row(
    4,
    [
      'Key',
      'Input',
      'Value',
      'Status',
      'Confirmed by',
      'Confirmed at',
      'Reps',
      'Reps whose quota depends on it',
    ].map((h) => spec.header(h)),
  );
  let row = 5;
  for (const e of reg.entries) {
    const reps =
      e.reps.length > 30
        ? `${e.reps.slice(0, 30).join(', ')} … and ${e.reps.length - 30} more`
        : e.reps.join(', ');
    w.row(row++, [
      spec.text(e.key),
      spec.text(e.label),
      spec.text(e.value),
      spec.text(e.status),
      spec.text(e.confirmedBy),
      spec.text(e.confirmedAt),
      spec.num(e.reps.length, '0'),
      spec.text(e.affects === 'checks' ? '(checks only)' : reps),
    ]);
  }
  if (row > 5) {
    ws.addConditionalFormatting({
      ref: `D5:D${row - 1}`,
      rules: [
        { type: 'expression', formulae: ['D5="CONFIRMED"'], priority: 1, style: GOOD },
        { type: 'expression', formulae: ['D5="ASSUMED"'], priority: 2, style: WARN },
      ],
    });
  }
  row++;
  w.row(row++, [spec.text('Notes and issues of the run', 'section')]);
  if (issues.length === 0) w.row(row++, [spec.text('none')]);
  const first = row;
  for (const issue of issues) {
    w.row(row++, [spec.text(issue.severity), spec.text(issue.code), spec.text(issue.message)]);
  }
  if (row > first) {
    ws.addConditionalFormatting({
      ref: `A${first}:A${row - 1}`,
      rules: [
        { type: 'expression', formulae: [`A${first}="error"`], priority: 3, style: BAD },
        { type: 'expression', formulae: [`A${first}="warning"`], priority: 4, style: WARN },
      ],
    });
  }
}

/** A reference to a cell of another sheet. */
export function ref(sheet: string, col: number, row: number, absolute = false): string {
  return `${sheetPrefix(sheet)}${cellRef(col, row, absolute)}`;
}

export type { CellSpec };
