// The Allocation sheet: every quota as live formulas from the Inputs sheet. A segment table (one
// row per quota pool and segment: target, capacity, over-assigned total and the rounding's
// bookkeeping) above one block of rep rows per segment (top-down, bottom-up, blend,
// over-assignment, largest-remainder rounding to the unit, months to the cent). The formulas
// repeat the engine's arithmetic in the engine's order (src/core/engine/allocate.ts and
// rounding.ts), so a recalculated workbook gives the engine's quotas to the cent; how is
// documented in docs/methodology.md ("The quota workbook").

import type ExcelJS from 'exceljs';
import type { Plan } from '../../core/plan/types.ts';
import type { PlanRun } from '../../core/engine/index.ts';
import { NO_SEGMENT } from '../../core/engine/index.ts';
import { columns, repeated, type ColumnDef, type Columns } from './columns.ts';
import { SHEETS, type GroupLayout, type WorkbookLayout } from './workbook-layout.ts';
import {
  cellRef,
  rangeRef,
  sheetPrefix,
  spec,
  type CellSpec,
  type Formats,
  SheetWriter,
} from './xlsx-kit.ts';

export const SEGMENT_COLUMNS: Columns<string> = columns([
  { key: 'pool', header: 'Quota pool', width: 16 },
  { key: 'segment', header: 'Segment', width: 22 },
  { key: 'measure', header: 'Measure', width: 10 },
  { key: 'source', header: 'Target from', width: 14 },
  { key: 'reps', header: 'Reps', width: 7 },
  { key: 'tCents', header: 'Target T_s (cents)', width: 14 },
  { key: 'target', header: 'Target T_s', width: 14 },
  { key: 'capacity', header: 'Bottom-up capacity C_s', width: 14 },
  { key: 'mass', header: 'Top-down mass Σx', width: 11 },
  { key: 'gap', header: 'Gap T_s − C_s', width: 14 },
  { key: 'alpha', header: 'α used', width: 8 },
  { key: 'alloc', header: 'Allocatable (1 = yes)', width: 10 },
  { key: 'sBasis', header: 'Split basis (capacity, else Σx)', width: 14 },
  { key: 'sExact', header: 'Target share, exact (cents)', width: 14 },
  { key: 'sFloor', header: 'Target share, floor', width: 14 },
  { key: 'sRem', header: 'Target share, remainder', width: 11 },
  { key: 'sRank', header: 'Target share, rank', width: 9 },
  { key: 'rCents', header: 'Quotas sum to R_s (cents)', width: 14 },
  { key: 'rUnits', header: 'Quotas sum to R_s', width: 14 },
  { key: 'floors', header: 'Σ floors (cents)', width: 14 },
  { key: 'takeN', header: 'Units taken back', width: 9 },
  { key: 'take', header: 'Σ taken back (cents)', width: 12 },
  { key: 'left', header: 'Left to place (cents)', width: 12 },
  { key: 'k', header: 'Whole units to hand out', width: 10 },
  { key: 'n', header: 'Reps sharing', width: 8 },
  { key: 'rest', header: 'Cents below a unit', width: 11 },
  { key: 'maxAfter', header: 'Largest quota after units (cents)', width: 14 },
  { key: 'sumQuota', header: 'Σ annual quotas', width: 14 },
  { key: 'diff', header: 'Σ quotas − R_s (cents)', width: 11 },
]);

export function repColumns(
  months: number,
  labels: readonly string[],
  quarters: readonly string[],
): Columns<string> {
  const L = months;
  const m = labels.slice(0, L);
  const defs: ColumnDef[] = [
    { key: 'id', header: 'Rep ID', width: 16 },
    { key: 'name', header: 'Name', width: 22 },
    { key: 'role', header: 'Role', width: 7 },
    { key: 'pool', header: 'Quota pool', width: 10 },
    { key: 'segment', header: 'Segment', width: 10 },
    { key: 'territory', header: 'Territory', width: 14 },
    { key: 'weight', header: 'Territory weight w', width: 9 },
    { key: 'effMonths', header: 'Effective months Σe', width: 9 },
    { key: 'P', header: 'Productivity P per month', width: 13 },
    { key: 'cap', header: 'Bottom-up capacity Σc', width: 14 },
    { key: 'td', header: 'Top-down T_s × Σx ÷ Σx_s', width: 14 },
    { key: 'bu', header: 'Bottom-up T_s × Σc ÷ C_s', width: 14 },
    { key: 'blend', header: 'Blend α·TD + (1 − α)·BU', width: 14 },
    { key: 'unrounded', header: 'Scaled × (1 + o), unrounded', width: 14 },
    { key: 'floorU', header: 'Floored to the unit', width: 14 },
    { key: 'unitsU', header: 'Units by largest remainder', width: 12 },
    { key: 'restU', header: 'Cents below a unit', width: 10 },
    { key: 'quota', header: 'Annual quota', width: 14 },
    ...repeated('m', m, 12),
    ...repeated('q', quarters, 13),
    { key: 'key', header: 'Id order (tie-break)', width: 8 },
    { key: 'xSum', header: 'Σx', width: 10 },
    { key: 'cumX', header: 'Running Σx', width: 10 },
    { key: 'cumC', header: 'Running C', width: 14 },
    ...repeated(
      'qm',
      m.map((l) => `q ${l} (cents, unrounded)`),
      14,
    ),
    { key: 'annual', header: 'Unrounded annual (cents)', width: 14 },
    { key: 'elig', header: 'Shares the total (1 = q > 0)', width: 8 },
    { key: 'floor', header: 'Floor to unit (cents)', width: 14 },
    { key: 'rem', header: 'Remainder (cents)', width: 12 },
    { key: 'rank', header: 'Rank of remainder', width: 8 },
    { key: 'take', header: 'Taken back (cents)', width: 9 },
    { key: 'units', header: 'Units added', width: 7 },
    { key: 'after', header: 'After units (cents)', width: 14 },
    { key: 'winner', header: 'Gets the cents below a unit', width: 8 },
    { key: 'quotaC', header: 'Annual quota (cents)', width: 14 },
    { key: 'pos', header: 'Σ months (cents, share total)', width: 14 },
    ...repeated(
      'mf',
      m.map((l) => `${l} floor`),
      11,
    ),
    ...repeated(
      'mr',
      m.map((l) => `${l} remainder`),
      9,
    ),
    ...repeated(
      'mk',
      m.map((l) => `${l} rank`),
      6,
    ),
    { key: 'mleft', header: 'Cents left after floors', width: 8 },
  ];
  return columns(defs);
}

/** Σ of cells in order, as additions: the engine sums left to right, and SUM may compensate. */
function chain(refs: readonly string[]): string {
  return refs.length === 0 ? '0' : refs.join('+');
}

/** 1 + the number of entries ranked before entry i: larger remainder, ties to the earlier entry. */
function explicitRank(refs: readonly string[], i: number): string {
  const me = refs[i] ?? '';
  const terms = refs.flatMap((other, j) =>
    j === i ? [] : [j < i ? `(${other}>=${me})` : `(${other}>${me})`],
  );
  return terms.length === 0 ? '1' : `1+${terms.join('+')}`;
}

export function writeAllocation(
  ws: ExcelJS.Worksheet,
  plan: Plan,
  run: PlanRun,
  layout: WorkbookLayout,
  fmt: Formats,
  ramp: Columns<string>,
): Columns<string> {
  const L = layout.months;
  const rc = repColumns(L, layout.monthLabels, layout.quarterLabels);
  const sc = SEGMENT_COLUMNS;
  const widths: { width: number }[] = [];
  for (const d of [...rc.defs.entries(), ...sc.defs.entries()]) {
    const [k, def] = d;
    widths[k] = { width: Math.max(widths[k]?.width ?? 0, def.width) };
  }
  ws.columns = widths;
  const w = new SheetWriter(ws);
  const a = run.allocation;
  const S = (key: string, g: GroupLayout): string => cellRef(sc.col(key), g.row, true);
  const RAMP = sheetPrefix(SHEETS.ramp);

  w.row(1, [spec.text(`Allocation: ${a.name} (${a.methodology})`, 'title')]);
  w.row(2, [
    spec.text(
      'Every number below is a formula of the Inputs sheet (Target, Alpha, Growth, OverAssignment, RoundingUnit) and of the engine values on Baseline, Territory weights and Ramp & capacity. Change an input and the quotas follow, rounded exactly as the engine rounds.',
      'subtitle',
    ),
  ]);
  w.row(3, [
    spec.text(
      'Rounding (METHOD §5): annual quotas floored to the rounding unit; whole units go to the largest remainders (ties: the smaller rep id); the cents below one unit to the largest quota; then each rep’s months to the cent by largest remainder (ties: the earlier month). The workings in cents are to the right of the rep table.',
      'note',
    ),
  ]);
  w.row(layout.segmentHeader - 1, [spec.text('Quota pools and segments', 'section')]);
  w.row(
    layout.segmentHeader,
    sc.defs.map((d) => spec.header(d.header)),
  );

  // ---- segment table
  for (const g of layout.groups) {
    const s = g.segment;
    const pool = g.poolGroups.map((i) => layout.groups[i] as GroupLayout);
    const at = pool.findIndex((h) => h.index === g.index);
    const sr = g.row;
    const R = (key: string, h: GroupLayout = g): string => cellRef(sc.col(key), h.row);
    const rep = (key: string, row: number): string => cellRef(rc.col(key), row);
    const block = (key: string): string => rangeRef(rc.col(key), g.first, rc.col(key), g.last);
    let tCents: string;
    let sBasis: CellSpec | undefined;
    let sExact: CellSpec | undefined;
    let sFloor: CellSpec | undefined;
    let sRem: CellSpec | undefined;
    let sRank: CellSpec | undefined;
    if (g.target.kind === 'input') {
      tCents = `ROUND(${g.target.name}*100,0)`;
    } else {
      const amount = `ROUND(${g.target.name}*100,0)`;
      const anyCapacity = `OR(${pool.map((h) => `${R('capacity', h)}>0`).join(',')})`;
      const total = chain(pool.map((h) => R('sBasis', h)));
      const floors = chain(pool.map((h) => R('sFloor', h)));
      const n = pool.length;
      sBasis = spec.fx(`IF(${anyCapacity},${R('capacity')},${R('mass')})`, fmt.number, 'working');
      sExact = spec.fx(
        `IF(${total}>0,${amount}*${R('sBasis')}/(${total}),0)`,
        fmt.cents,
        'working',
      );
      sFloor = spec.fx(`INT(${R('sExact')})`, fmt.integer, 'working');
      sRem = spec.fx(`${R('sExact')}-${R('sFloor')}`, fmt.ratio, 'working');
      sRank = spec.fx(
        explicitRank(
          pool.map((h) => R('sRem', h)),
          at,
        ),
        fmt.integer,
        'working',
      );
      const left = `(${amount}-(${floors}))`;
      const split = `IF(${amount}=0,0,${R('sFloor')}+INT(${left}/${n})+IF(${R('sRank')}<=MOD(${left},${n}),1,0))`;
      tCents = g.target.optional
        ? `IF(ISBLANK(${g.target.name}),ROUND(${R('capacity')}*100,0),${split})`
        : split;
    }
    const left0 = `${R('rCents')}-${R('floors')}`;
    const source =
      g.target.kind === 'input'
        ? `Inputs: ${g.target.name}`
        : g.target.optional
          ? `${g.target.name}, else capacity`
          : `${g.target.name} split by capacity`;
    w.row(sr, [
      spec.text(s.pool),
      spec.text(s.segment === NO_SEGMENT ? '(no segment)' : s.segment),
      spec.text(s.measure.replace('_', ' ')),
      spec.text(source),
      spec.num(g.reps.length, fmt.integer),
      spec.fx(tCents, fmt.integer, 'working'),
      spec.fx(`${R('tCents')}/100`, fmt.money, 'output'),
      spec.fx(rep('cumC', g.last), fmt.money),
      spec.fx(rep('cumX', g.last), fmt.number),
      spec.fx(`${R('target')}-${R('capacity')}`, fmt.money),
      spec.fx(`IF(${R('capacity')}>0,Alpha,1)`, fmt.ratio),
      spec.fx(`IF(OR(${R('tCents')}=0,${R('mass')}>0),1,0)`, fmt.integer),
      sBasis,
      sExact,
      sFloor,
      sRem,
      sRank,
      spec.fx(
        `IF(${R('tCents')}>0,ROUND(${R('tCents')}*(1+OverAssignment),0),0)`,
        fmt.integer,
        'working',
      ),
      spec.fx(`${R('rCents')}/100`, fmt.money, 'output'),
      spec.fx(`SUM(${block('floor')})`, fmt.integer, 'working'),
      spec.fx(`IF(${left0}<0,ROUNDUP(-(${left0})/RoundingUnitCents,0),0)`, fmt.integer, 'working'),
      spec.fx(`SUM(${block('take')})`, fmt.integer, 'working'),
      spec.fx(`${left0}+${R('take')}`, fmt.integer, 'working'),
      spec.fx(
        `IF(${R('left')}>=RoundingUnitCents,INT(${R('left')}/RoundingUnitCents),0)`,
        fmt.integer,
        'working',
      ),
      spec.fx(`COUNTIF(${block('elig')},1)`, fmt.integer, 'working'),
      spec.fx(`${R('left')}-${R('k')}*RoundingUnitCents`, fmt.integer, 'working'),
      spec.fx(`MAX(${block('after')})`, fmt.integer, 'working'),
      spec.fx(`SUM(${block('quotaC')})/100`, fmt.money, 'output'),
      spec.fx(
        `SUM(${block('quotaC')})-IF(${R('alloc')}=1,${R('rCents')},0)`,
        fmt.integer,
        'output',
      ),
    ]);
  }
  const segFirst = layout.segmentHeader + 1;
  const segLast = layout.segmentHeader + layout.groups.length;
  if (layout.groups.length > 0) {
    const diff = `${sc.letter('diff')}${segFirst}:${sc.letter('diff')}${segLast}`;
    ws.addConditionalFormatting({
      ref: diff,
      rules: [
        { type: 'cellIs', operator: 'equal', formulae: ['0'], priority: 1, style: GOOD },
        {
          type: 'expression',
          formulae: [`${sc.letter('diff')}${segFirst}<>0`],
          priority: 2,
          style: BAD,
        },
      ],
    });
  }

  // ---- rep table
  const idxRow = layout.repHeader - 1;
  const mr1 = rc.col('mr1');
  const labelRow: (CellSpec | undefined)[] = new Array<CellSpec | undefined>(
    rc.col('key') - 1,
  ).fill(undefined);
  labelRow[0] = spec.text('Quotas per rep', 'section');
  labelRow.push(
    spec.text('Rounding workings, in cents (the engine’s order of operations)', 'section'),
  );
  const idx: (CellSpec | undefined)[] = new Array<CellSpec | undefined>(
    mr1 - rc.col('key') - 1,
  ).fill(undefined);
  // Month numbers over the remainder columns: the month rank's tie-break (the earlier month first).
  w.row(idxRow - 1, labelRow);
  w.row(
    idxRow,
    [
      ...idx,
      spec.text('month →', 'note'),
      ...Array.from({ length: L }, (_, k) => spec.num(k + 1, fmt.integer, 'note')),
    ],
    rc.col('key'),
  );
  w.row(
    layout.repHeader,
    rc.defs.map((d) => spec.header(d.header)),
  );
  const idxRange = rangeRef(mr1, idxRow, mr1 + L - 1, idxRow);

  const groupOf = new Map<string, GroupLayout>();
  for (const g of layout.groups) for (const r of g.reps) groupOf.set(`${r.pool}\u0000${r.id}`, g);

  layout.reps.forEach((rep, k) => {
    const r = layout.repFirst + k;
    const rr = layout.rampFirst + k;
    const g = groupOf.get(`${rep.pool}\u0000${rep.id}`);
    if (g === undefined) throw new Error(`rep ${rep.id} is in no segment block`);
    const T = S('tCents', g);
    const C = S('capacity', g);
    const X = S('mass', g);
    const A = S('alpha', g);
    const AL = S('alloc', g);
    const col = (key: string): string => cellRef(rc.col(key), r);
    const blk = (key: string): string => rangeRef(rc.col(key), g.first, rc.col(key), g.last);
    const rampRef = (key: string): string => `${RAMP}${cellRef(ramp.col(key), rr)}`;
    const months = Array.from({ length: L }, (_, m) => m + 1);
    const qm = months.map((m) =>
      spec.fx(
        `IF(AND(${AL}=1,${T}>0),(${A}*(${T}*${rampRef(`x${m}`)}/${X})+(1-${A})*IF(${C}>0,${T}*${rampRef(`c${m}`)}/${C},0))*(1+OverAssignment),0)`,
        fmt.cents,
        'working',
      ),
    );
    const share = (m: number): string =>
      `IF(${col('pos')}>0,${col('quotaC')}*MAX(0,${col(`qm${m}`)})/${col('pos')},${col('quotaC')}*1/${L})`;
    const mf = months.map((m) =>
      spec.fx(`IF(${col('quotaC')}=0,0,INT(${share(m)}))`, fmt.integer, 'working'),
    );
    const mrRow = rangeRef(mr1, r, mr1 + L - 1, r);
    const mr = months.map((m) =>
      spec.fx(`IF(${col('quotaC')}=0,0,${share(m)}-${col(`mf${m}`)})`, fmt.ratio, 'working'),
    );
    const mk = months.map((m) => {
      const me = col(`mr${m}`);
      return spec.fx(
        `1+SUMPRODUCT(--(${mrRow}>${me}))+SUMPRODUCT((${mrRow}=${me})*(${idxRange}<${m}))`,
        fmt.integer,
        'working',
      );
    });
    const monthCells = months.map((m) =>
      spec.fx(
        `(${col(`mf${m}`)}+INT(${col('mleft')}/${L})+IF(${col(`mk${m}`)}<=MOD(${col('mleft')},${L}),1,0))/100`,
        fmt.money,
      ),
    );
    const quarterCells = layout.quarterMonths.map((ms) =>
      spec.fx(ms.map((m) => col(`m${m + 1}`)).join('+'), fmt.money),
    );
    const first = r === g.first;
    w.row(r, [
      spec.text(rep.id),
      spec.text(rep.name),
      spec.text(rep.role),
      spec.text(rep.pool),
      spec.text(rep.segment === NO_SEGMENT ? null : rep.segment),
      spec.text(rep.territoryName ?? rep.territoryId),
      spec.fx(rampRef('weight'), fmt.ratio),
      spec.fx(rampRef('effMonths'), fmt.number),
      spec.fx(rampRef('P'), fmt.money),
      spec.fx(rampRef('cap'), fmt.money),
      spec.fx(`IF(AND(${AL}=1,${T}>0),${T}*${col('xSum')}/${X},0)/100`, fmt.money),
      spec.fx(`IF(AND(${AL}=1,${T}>0,${C}>0),${T}*${col('cap')}/${C},0)/100`, fmt.money),
      spec.fx(`${A}*${col('td')}+(1-${A})*${col('bu')}`, fmt.money),
      spec.fx(`${col('annual')}/100`, fmt.money),
      spec.fx(`${col('floor')}/100`, fmt.money),
      spec.fx(`(${col('units')}*RoundingUnitCents-${col('take')})/100`, fmt.money),
      spec.fx(`${col('winner')}*${S('rest', g)}/100`, fmt.money),
      spec.fx(`${col('quotaC')}/100`, fmt.money, 'output'),
      ...monthCells,
      ...quarterCells,
      spec.num(layout.idKey.get(rep.id) ?? 0, fmt.integer, 'working'),
      spec.fx(rampRef('xSum'), fmt.ratio, 'working'),
      spec.fx(
        first ? col('xSum') : `${cellRef(rc.col('cumX'), r - 1)}+${col('xSum')}`,
        fmt.ratio,
        'working',
      ),
      spec.fx(
        first ? col('cap') : `${cellRef(rc.col('cumC'), r - 1)}+${col('cap')}`,
        fmt.money,
        'working',
      ),
      ...qm,
      spec.fx(chain(months.map((m) => col(`qm${m}`))), fmt.cents, 'working'),
      spec.fx(
        `IF(AND(${AL}=1,${S('rCents', g)}>0,${col('annual')}>0),1,0)`,
        fmt.integer,
        'working',
      ),
      spec.fx(
        `IF(${col('elig')}=1,INT(${col('annual')}/RoundingUnitCents+0.0000001)*RoundingUnitCents,0)`,
        fmt.integer,
        'working',
      ),
      spec.fx(
        `IF(${col('elig')}=1,${col('annual')}-${col('floor')},-1E+300)`,
        fmt.cents,
        'working',
      ),
      spec.fx(
        `IF(${col('elig')}=1,1+SUMPRODUCT(--(${blk('rem')}>${col('rem')}))+SUMPRODUCT((${blk('rem')}=${col('rem')})*(${blk('key')}<${col('key')})),0)`,
        fmt.integer,
        'working',
      ),
      spec.fx(
        `IF(AND(${col('elig')}=1,${S('takeN', g)}>0),IF(${S('n', g)}+1-${col('rank')}<=${S('takeN', g)},MIN(${col('floor')},RoundingUnitCents),0),0)`,
        fmt.integer,
        'working',
      ),
      spec.fx(
        `IF(${col('elig')}=1,INT(${S('k', g)}/${S('n', g)})+IF(${col('rank')}<=MOD(${S('k', g)},${S('n', g)}),1,0),0)`,
        fmt.integer,
        'working',
      ),
      spec.fx(
        `IF(${col('elig')}=1,${col('floor')}-${col('take')}+${col('units')}*RoundingUnitCents,-1)`,
        fmt.integer,
        'working',
      ),
      spec.fx(
        `IF(${col('elig')}=1,IF(AND(${S('rest', g)}>0,${col('after')}=${S('maxAfter', g)}),IF(COUNTIFS(${blk('after')},${S('maxAfter', g)},${blk('key')},"<"&${col('key')})=0,1,0),0),0)`,
        fmt.integer,
        'working',
      ),
      spec.fx(
        `IF(${col('elig')}=1,${col('after')}+${col('winner')}*${S('rest', g)},0)`,
        fmt.integer,
        'working',
      ),
      spec.fx(chain(months.map((m) => `MAX(0,${col(`qm${m}`)})`)), fmt.cents, 'working'),
      ...mf,
      ...mr,
      ...mk,
      spec.fx(
        `${col('quotaC')}-SUM(${cellRef(rc.col('mf1'), r)}:${cellRef(rc.col(`mf${L}`), r)})`,
        fmt.integer,
        'working',
      ),
    ]);
  });
  const last = layout.repFirst + layout.reps.length - 1;
  if (layout.reps.length > 0) {
    w.row(last + 2, [
      spec.text('Total', 'output'),
      ...new Array<CellSpec | undefined>(rc.col('quota') - 2).fill(undefined),
      spec.fx(
        `SUM(${rangeRef(rc.col('quota'), layout.repFirst, rc.col('quota'), last)})`,
        fmt.money,
        'output',
      ),
      ...Array.from({ length: L + layout.quarterLabels.length }, (_, k) =>
        spec.fx(
          `SUM(${rangeRef(rc.col('m1') + k, layout.repFirst, rc.col('m1') + k, last)})`,
          fmt.money,
          'output',
        ),
      ),
    ]);
    w.row(last + 4, [
      spec.text(
        `Σ quotas of each segment equals its R_s to the cent (last column of the segment table); the Checks sheet compares them with the engine's run of ${plan.name} at export.`,
        'note',
      ),
    ]);
  }
  return rc;
}

export const GOOD: Partial<ExcelJS.Style> = {
  fill: {
    type: 'pattern',
    pattern: 'solid',
    bgColor: { argb: 'FFC6EFCE' },
    fgColor: { argb: 'FFC6EFCE' },
  },
  font: { color: { argb: 'FF006100' } },
};
export const WARN: Partial<ExcelJS.Style> = {
  fill: {
    type: 'pattern',
    pattern: 'solid',
    bgColor: { argb: 'FFFFEB9C' },
    fgColor: { argb: 'FFFFEB9C' },
  },
  font: { color: { argb: 'FF9C5700' } },
};
export const BAD: Partial<ExcelJS.Style> = {
  fill: {
    type: 'pattern',
    pattern: 'solid',
    bgColor: { argb: 'FFFFC7CE' },
    fgColor: { argb: 'FFFFC7CE' },
  },
  font: { color: { argb: 'FF9C0006' } },
};
