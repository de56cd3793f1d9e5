// The workbook's sheets of what the engine learnt from the history: Baseline (per rep, with the
// credibility-weighted productivity P as a live formula), Territory weights and Ramp & capacity
// (effective months, top-down mass x and bottom-up capacity c per plan month, live in growth).

import type ExcelJS from 'exceljs';
import type { Plan } from '../../core/plan/types.ts';
import type { PlanRun, Seller } from '../../core/engine/index.ts';
import { NO_SEGMENT } from '../../core/engine/index.ts';
import { WEIGHT_COMPONENTS } from '../../core/plan/types.ts';
import { rolePlan } from '../../core/plan/defaults.ts';
import { monthLabel } from '../../core/dates.ts';
import { columns, repeated, type Columns } from './columns.ts';
import { SHEETS, WEIGHTS_FIRST, type WorkbookLayout } from './workbook-layout.ts';
import {
  cellRef,
  rangeRef,
  sheetPrefix,
  spec,
  type CellSpec,
  type Formats,
  SheetWriter,
} from './xlsx-kit.ts';

export const BASELINE_COLUMNS: Columns<string> = columns([
  { key: 'id', header: 'Rep ID', width: 16 },
  { key: 'name', header: 'Name', width: 22 },
  { key: 'role', header: 'Role', width: 7 },
  { key: 'segment', header: 'Segment', width: 10 },
  { key: 'territory', header: 'Territory', width: 14 },
  { key: 'manager', header: 'Manager', width: 16 },
  { key: 'start', header: 'Start date', width: 11 },
  { key: 'end', header: 'End date', width: 11 },
  { key: 'planned', header: 'Planned hire', width: 8 },
  { key: 'fitMeasure', header: 'Credited bookings in the fit window', width: 15 },
  { key: 'fitRamped', header: 'Ramped months Σ e·σ (fit window)', width: 11 },
  { key: 'fitCapacity', header: 'Effective months Σ e (fit window)', width: 11 },
  { key: 'fullMonths', header: 'Fully ramped months', width: 9 },
  { key: 'won', header: 'Won deals', width: 8 },
  { key: 'lost', header: 'Lost deals', width: 8 },
  { key: 'winRate', header: 'Win rate', width: 8 },
  { key: 'trailing12', header: 'Last 12 months bookings', width: 15 },
  { key: 'own', header: 'Own productivity per ramped month', width: 14 },
  { key: 'z', header: 'Credibility z', width: 10 },
  { key: 'cohortLevel', header: 'Cohort', width: 14 },
  { key: 'cohortSize', header: 'Cohort reps', width: 8 },
  { key: 'cohortP', header: 'Cohort productivity P_c (territory-neutral)', width: 14 },
  { key: 'weight', header: 'Territory weight w', width: 9 },
  { key: 'P', header: 'Productivity P = z·own + (1 − z)·P_c·w', width: 15 },
]);

export const WEIGHT_COLUMNS: Columns<string> = columns([
  { key: 'id', header: 'Territory ID', width: 14 },
  { key: 'name', header: 'Territory', width: 18 },
  { key: 'reps', header: 'Plan reps', width: 8 },
  { key: 'fte', header: 'FTE in the plan', width: 9 },
  { key: 'potential', header: 'Account potential per FTE', width: 15 },
  { key: 'accounts', header: 'Accounts per FTE', width: 10 },
  { key: 'win_rate', header: 'Win rate', width: 9 },
  { key: 'n_potential', header: 'Potential ÷ mean', width: 10 },
  { key: 'n_accounts', header: 'Accounts ÷ mean', width: 10 },
  { key: 'n_win_rate', header: 'Win rate ÷ mean', width: 10 },
  { key: 'index', header: 'Index Σ coefficient × normalised', width: 11 },
  { key: 'computed', header: 'Computed weight (bounded)', width: 10 },
  { key: 'override', header: 'Override (plan file)', width: 10 },
  { key: 'weight', header: 'Weight used w', width: 10 },
]);

export function rampColumns(months: number, labels: readonly string[]): Columns<string> {
  return columns([
    { key: 'id', header: 'Rep ID', width: 16 },
    { key: 'name', header: 'Name', width: 22 },
    { key: 'role', header: 'Role', width: 7 },
    { key: 'territory', header: 'Territory', width: 14 },
    { key: 'start', header: 'Start date', width: 11 },
    { key: 'end', header: 'End date', width: 11 },
    { key: 'planned', header: 'Planned hire', width: 8 },
    { key: 'weight', header: 'Territory weight w', width: 9 },
    { key: 'P', header: 'Productivity P per ramped month', width: 14 },
    ...repeated(
      'e',
      labels.map((l) => `e ${l}`),
      8,
    ).slice(0, months),
    { key: 'effMonths', header: 'Effective months Σ e', width: 10 },
    { key: 'seasonal', header: 'Ramped months Σ e·σ', width: 10 },
    ...repeated(
      'x',
      labels.map((l) => `x ${l}`),
      8,
    ).slice(0, months),
    { key: 'xSum', header: 'Top-down mass Σ x = Σ w·e·σ', width: 11 },
    ...repeated(
      'c',
      labels.map((l) => `c ${l}`),
      12,
    ).slice(0, months),
    { key: 'cap', header: 'Bottom-up capacity Σ c = Σ P·(1+g)·e·σ', width: 15 },
  ]);
}

function headerRow(cols: Columns<string>): CellSpec[] {
  return cols.defs.map((d) => spec.header(d.header));
}

export function setWidths(ws: ExcelJS.Worksheet, cols: Columns<string>): void {
  ws.columns = cols.defs.map((d) => ({ width: d.width }));
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** The weight cell of a rep's territory, or the constant 1 without a territory. */
export function weightFormula(territoryId: string | null, layout: WorkbookLayout): string {
  const row = territoryId === null ? undefined : layout.territoryRow.get(territoryId);
  return row === undefined
    ? '1'
    : `${sheetPrefix(SHEETS.weights)}${cellRef(WEIGHT_COLUMNS.col('weight'), row, true)}`;
}

export function writeBaseline(
  ws: ExcelJS.Worksheet,
  plan: Plan,
  run: PlanRun,
  layout: WorkbookLayout,
  fmt: Formats,
): void {
  const cols = BASELINE_COLUMNS;
  setWidths(ws, cols);
  const w = new SheetWriter(ws);
  const a = run.allocation;
  const sellers = new Map<string, Seller>(run.history.sellers.map((s) => [s.id, s]));
  const names = run.history.personNames;
  w.row(1, [spec.text('Baseline: what each rep did in the fit window', 'title')]);
  w.row(2, [
    spec.text(
      `Fit window ${a.fit.from === a.fit.to + 1 ? '(empty)' : `${monthLabel(a.fit.from)} to ${monthLabel(a.fit.to)}`} (${a.fit.months} months): ${a.fit.note}`,
      'subtitle',
    ),
  ]);
  w.row(3, [
    spec.text(
      'Productivity P is credibility-weighted (METHOD §5): own productivity with weight z = min(1, Σe ÷ 12), the cohort’s territory-neutral median × w with weight 1 − z. Own, z and the cohort are values from the engine; P is a formula.',
      'note',
    ),
  ]);
  w.row(layout.baselineFirst - 1, headerRow(cols));
  layout.reps.forEach((rep, k) => {
    const r = layout.baselineFirst + k;
    const s = sellers.get(rep.id);
    const col = (key: string): string => cellRef(cols.col(key), r);
    const cells: CellSpec[] = [
      spec.text(rep.id),
      spec.text(rep.name),
      spec.text(rep.role),
      spec.text(rep.segment === NO_SEGMENT ? null : rep.segment),
      spec.text(rep.territoryName ?? rep.territoryId),
      spec.text(rep.managerId === null ? null : (names.get(rep.managerId) ?? rep.managerId)),
      spec.text(rep.startDate),
      spec.text(rep.endDate),
      spec.text(yesNo(rep.planned)),
      spec.num(s === undefined ? null : s.fitMeasure / 100, fmt.money),
      spec.num(s?.fitRampedMonths ?? null, fmt.number),
      spec.num(rep.fitCapacity, fmt.number),
      spec.num(s?.fullMonths ?? null, fmt.integer),
      spec.num(s?.won ?? null, fmt.number),
      spec.num(s?.lost ?? null, fmt.number),
      spec.fx(
        `IF(${col('won')}+${col('lost')}>0,${col('won')}/(${col('won')}+${col('lost')}),"")`,
        fmt.percent,
      ),
      spec.num(s === undefined ? null : s.trailing12 / 100, fmt.money),
      spec.num(rep.own === null ? null : rep.own / 100, fmt.money),
      spec.num(rep.credibility, fmt.ratio),
      spec.text(rep.cohort.level),
      spec.num(rep.cohort.members, fmt.integer),
      spec.num(rep.cohort.productivity === null ? null : rep.cohort.productivity / 100, fmt.money),
      spec.fx(weightFormula(rep.territoryId, layout), fmt.ratio),
      spec.fx(
        `IF(${col('cohortP')}="",${col('own')},${col('z')}*${col('own')}+(1-${col('z')})*${col('cohortP')}*${col('weight')})`,
        fmt.money,
        'output',
      ),
    ];
    w.row(r, cells);
  });
  const last = layout.baselineFirst + layout.reps.length - 1;
  if (layout.reps.length > 0) {
    w.row(last + 2, [
      spec.text('Total', 'output'),
      ...new Array<CellSpec | undefined>(cols.col('fitMeasure') - 2).fill(undefined),
      spec.fx(
        `SUM(${rangeRef(cols.col('fitMeasure'), layout.baselineFirst, cols.col('fitMeasure'), last)})`,
        fmt.money,
        'output',
      ),
    ]);
  }
  ws.autoFilter = `A${layout.baselineFirst - 1}:${cols.letter('P')}${Math.max(last, layout.baselineFirst)}`;
}

export function writeTerritoryWeights(
  ws: ExcelJS.Worksheet,
  plan: Plan,
  run: PlanRun,
  layout: WorkbookLayout,
  fmt: Formats,
): void {
  const cols = WEIGHT_COLUMNS;
  setWidths(ws, cols);
  const w = new SheetWriter(ws);
  const weights = run.allocation.weights;
  const tw = plan.territoryWeights;
  w.row(1, [spec.text('Territory weights (METHOD §4)', 'title')]);
  w.row(2, [
    spec.text(
      `Each component per FTE is divided by its mean over the territories; the index Σ coefficient × normalised is bounded to [${tw.min}, ${tw.max}]; an override in the plan file replaces it.`,
      'subtitle',
    ),
  ]);
  const coef = WEIGHT_COMPONENTS.map(
    (c) => `${c.replace('_', ' ')} ${weights.coefficients[c].toFixed(4)}`,
  );
  w.row(3, [
    spec.text(
      `Coefficients used (missing components dropped, the rest rescaled to sum 1): ${coef.join(', ')}`,
      'note',
    ),
  ]);
  w.row(4, [
    spec.text(
      'Values from the engine: the weights also set the cohorts’ territory-neutral productivity, so change bounds, coefficients or overrides in the plan file and export again.',
      'note',
    ),
  ]);
  w.row(WEIGHT_COLUMNS_HEADER, headerRow(cols));
  const repsIn = new Map<string, number>();
  for (const r of run.allocation.reps) {
    if (r.territoryId !== null) repsIn.set(r.territoryId, (repsIn.get(r.territoryId) ?? 0) + 1);
  }
  weights.territories.forEach((t) => {
    const row = layout.territoryRow.get(t.id) ?? 0;
    w.row(row, [
      spec.text(t.id),
      spec.text(t.name),
      spec.num(repsIn.get(t.id) ?? 0, fmt.integer),
      spec.num(t.fte, fmt.number),
      spec.num(t.raw.potential === null ? null : t.raw.potential / 100, fmt.money0),
      spec.num(t.raw.accounts, fmt.number),
      spec.num(t.raw.win_rate, fmt.percent),
      spec.num(t.normalised.potential, fmt.ratio),
      spec.num(t.normalised.accounts, fmt.ratio),
      spec.num(t.normalised.win_rate, fmt.ratio),
      spec.num(t.index, fmt.ratio),
      spec.num(t.computed, fmt.ratio),
      spec.num(t.override, fmt.ratio),
      spec.num(t.weight, fmt.ratio, 'output'),
    ]);
  });
  let row = layout.territoryRow.size + WEIGHT_COLUMNS_HEADER + 2;
  if (weights.territories.length === 0) {
    w.row(WEIGHT_COLUMNS_HEADER + 1, [
      spec.text('No plan rep has a territory: every weight is 1.', 'note'),
    ]);
    row = WEIGHT_COLUMNS_HEADER + 3;
  }
  w.row(row, [spec.text('Components left out', 'section')]);
  row++;
  if (weights.missing.length === 0) w.row(row++, [spec.text('none: every component is used')]);
  for (const m of weights.missing) {
    w.row(row++, [spec.text(m.component.replace('_', ' ')), spec.text(m.reason)]);
  }
  if (weights.territories.length > 0) {
    const first = WEIGHT_COLUMNS_HEADER + 1;
    const last = first + weights.territories.length - 1;
    const ref = `${cols.letter('weight')}${first}:${cols.letter('weight')}${last}`;
    ws.addConditionalFormatting({
      ref,
      rules: [
        {
          type: 'colorScale',
          priority: 1,
          cfvo: [
            { type: 'num', value: tw.min },
            { type: 'num', value: 1 },
            { type: 'num', value: tw.max },
          ],
          color: [{ argb: 'FFF8CBAD' }, { argb: 'FFFFFFFF' }, { argb: 'FFC6EFCE' }],
        },
      ],
    });
  }
}

const WEIGHT_COLUMNS_HEADER = WEIGHTS_FIRST - 1;

export function writeRampCapacity(
  ws: ExcelJS.Worksheet,
  plan: Plan,
  run: PlanRun,
  layout: WorkbookLayout,
  fmt: Formats,
): Columns<string> {
  const L = layout.months;
  const cols = rampColumns(L, layout.monthLabels);
  setWidths(ws, cols);
  const w = new SheetWriter(ws);
  const a = run.allocation;
  w.row(1, [
    spec.text('Ramp & capacity: effective months, top-down mass and bottom-up capacity', 'title'),
  ]);
  w.row(2, [
    spec.text(
      'e(m) = active fraction × ramp factor (values from the engine); x(m) = w × e(m) × σ(m) weighs the top-down share; c(m) = P × (1 + g) × e(m) × σ(m) is bottom-up capacity and follows the Growth input.',
      'subtitle',
    ),
  ]);
  const roles = [...new Set(a.reps.map((r) => r.role))].sort();
  const ramps = roles.map((role) => {
    const ramp = rolePlan(plan, role).ramp;
    return `${role}: ${ramp.length === 0 ? 'no ramp' : ramp.map((x) => `${Math.round(x * 100)}%`).join(' · ')} then 100%`;
  });
  w.row(3, [spec.text(`Ramp schedules by tenure month — ${ramps.join('; ')}`, 'note')]);
  w.row(4, [
    spec.text(
      `Seasonality: ${a.seasonality.mode} (σ = 12 × the month's share; an average month is 1)`,
      'note',
    ),
  ]);
  const e1 = cols.col('e1');
  const monthRow: (CellSpec | undefined)[] = new Array<CellSpec | undefined>(e1 - 1).fill(
    undefined,
  );
  monthRow[e1 - 2] = spec.text('Plan month', 'output');
  const sigmaRow: (CellSpec | undefined)[] = [...monthRow];
  sigmaRow[e1 - 2] = spec.text('Seasonal factor σ', 'output');
  w.row(layout.rampMonthRow, [
    ...monthRow,
    ...layout.monthLabels.map((l) => spec.text(l, 'header')),
  ]);
  w.row(layout.rampSigmaRow, [
    ...sigmaRow,
    ...a.seasonality.sigma.map((s) => spec.num(s, fmt.ratio)),
  ]);
  w.row(layout.rampFirst - 1, headerRow(cols));
  const bl = BASELINE_COLUMNS;
  layout.reps.forEach((rep, k) => {
    const r = layout.rampFirst + k;
    const br = layout.baselineFirst + k;
    const sig = (m: number): string => cellRef(cols.col(`e${m}`), layout.rampSigmaRow, true);
    const e = (m: number): string => cellRef(cols.col(`e${m}`), r);
    const wRef = cellRef(cols.col('weight'), r);
    const pRef = cellRef(cols.col('P'), r);
    const ms = Array.from({ length: L }, (_, m) => m + 1);
    const x = ms.map((m) => spec.fx(`${wRef}*${e(m)}*${sig(m)}`, fmt.ratio, 'working'));
    const cap = ms.map((m) =>
      spec.fx(`${pRef}*(1+Growth)*${e(m)}*${sig(m)}`, fmt.money, 'working'),
    );
    // Σ as a chain of additions in month order: the engine adds in that order, and SUM may not.
    const chain = (key: string): string =>
      ms.map((m) => cellRef(cols.col(`${key}${m}`), r)).join('+');
    w.row(r, [
      spec.text(rep.id),
      spec.text(rep.name),
      spec.text(rep.role),
      spec.text(rep.territoryName ?? rep.territoryId),
      spec.text(rep.startDate),
      spec.text(rep.endDate),
      spec.text(yesNo(rep.planned)),
      spec.fx(`${sheetPrefix(SHEETS.baseline)}${cellRef(bl.col('weight'), br)}`, fmt.ratio),
      spec.fx(`${sheetPrefix(SHEETS.baseline)}${cellRef(bl.col('P'), br)}`, fmt.money),
      ...rep.effective.map((v) => spec.num(v, fmt.ratio)),
      spec.fx(`SUM(${cellRef(e1, r)}:${e(L)})`, fmt.number),
      spec.fx(`SUMPRODUCT(${cellRef(e1, r)}:${e(L)},${sig(1)}:${sig(L)})`, fmt.number),
      ...x,
      spec.fx(chain('x'), fmt.ratio, 'output'),
      ...cap,
      spec.fx(chain('c'), fmt.money, 'output'),
    ]);
  });
  const last = layout.rampFirst + layout.reps.length - 1;
  if (layout.reps.length > 0) {
    const col = cols.col('e1');
    const ecells =
      layout.rampFirst <= last ? rangeRef(col, layout.rampFirst, col + L - 1, last) : '';
    ws.addConditionalFormatting({
      ref: ecells.replaceAll('$', ''),
      rules: [
        {
          type: 'colorScale',
          priority: 2,
          cfvo: [
            { type: 'num', value: 0 },
            { type: 'num', value: 1 },
          ],
          color: [{ argb: 'FFFFFFFF' }, { argb: 'FF9BC2E6' }],
        },
      ],
    });
  }
  return cols;
}
