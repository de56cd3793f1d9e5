// The workbook's result sheets: Back-test (last year's quotas against last year's bookings, with
// live attainment and share attaining), Scenarios (the Monte Carlo results), and Checks (live
// reconciliation of the workbook's own quotas, then the engine's checks of METHOD §6).

import type ExcelJS from 'exceljs';
import type { Plan } from '../../core/plan/types.ts';
import type { PlanRun } from '../../core/engine/index.ts';
import type { BacktestResult } from '../../core/backtest/backtest.ts';
import type { ScenarioResult } from '../../core/simulation/index.ts';
import { NO_SEGMENT } from '../../core/engine/index.ts';
import { SHEETS, type WorkbookLayout } from './workbook-layout.ts';
import { SEGMENT_COLUMNS, GOOD, WARN, BAD } from './sheet-allocation.ts';
import type { Columns } from './columns.ts';
import {
  cellRef,
  rangeRef,
  sheetPrefix,
  spec,
  type CellSpec,
  type Formats,
  SheetWriter,
} from './xlsx-kit.ts';

function indicatorRules(top: string, plan: Plan): ExcelJS.ConditionalFormattingRule[] {
  const { green, red } = plan.checks.indicators;
  return [
    {
      type: 'expression',
      formulae: [`AND(ISNUMBER(${top}),${top}>${green})`],
      priority: 1,
      style: GOOD,
    },
    {
      type: 'expression',
      formulae: [`AND(ISNUMBER(${top}),${top}>=${red},${top}<=${green})`],
      priority: 2,
      style: WARN,
    },
    {
      type: 'expression',
      formulae: [`AND(ISNUMBER(${top}),${top}<${red})`],
      priority: 3,
      style: BAD,
    },
  ];
}

export function writeBacktest(
  ws: ExcelJS.Worksheet,
  plan: Plan,
  backtest: BacktestResult | null,
  fmt: Formats,
): void {
  ws.columns = [
    { width: 18 },
    { width: 24 },
    { width: 12 },
    { width: 16 },
    { width: 15 },
    { width: 15 },
    { width: 12 },
    { width: 14 },
    { width: 40 },
  ];
  const w = new SheetWriter(ws);
  w.row(1, [
    spec.text('Back-test: would these quotas have worked last year? (METHOD §7)', 'title'),
  ]);
  if (backtest === null) {
    w.row(2, [spec.text('Not run: the back-test needs a plan that is not blocked.', 'subtitle')]);
    return;
  }
  const b = backtest;
  const { passMin, passMax, reviewMin } = plan.checks.backtest;
  w.row(2, [spec.text(b.verdictText, 'subtitle')]);
  const perRepHeader = 16 + b.buckets.length;
  const first = perRepHeader + 1;
  const last = first + b.perRep.length - 1;
  const att = `G${first}:G${Math.max(first, last)}`;
  const facts: [string, CellSpec][] = [
    ['Test year', spec.text(`${b.testWindow.from} to ${b.testWindow.to}`)],
    [
      'Fit window',
      spec.text(
        `${b.fitWindow.from} to ${b.fitWindow.to} (${b.fitWindow.months} months)${b.inSample ? ', in sample' : ''}`,
      ),
    ],
    ['Reps', spec.num(b.reps, fmt.integer)],
    [
      'Share attaining (live)',
      spec.fx(
        b.perRep.length === 0 ? '0' : `COUNTIF(${att},">=1")/COUNT(${att})`,
        fmt.percent,
        'output',
      ),
    ],
    [
      'Verdict',
      spec.text(
        `${b.verdict}: pass ${Math.round(passMin * 100)}–${Math.round(passMax * 100)}%, review from ${Math.round(reviewMin * 100)}%`,
      ),
    ],
    ['Ambition k = T ÷ C', spec.num(Number.isFinite(b.ambition) ? b.ambition : null, fmt.ratio)],
    ['k* (three reps in four attain)', spec.num(b.kStar, fmt.ratio)],
    ['T* = k* × C', spec.num(b.targetAtKStar === null ? null : b.targetAtKStar / 100, fmt.money)],
  ];
  facts.forEach(([label, value], k) => {
    w.row(4 + k, [spec.text(label), value]);
  });
  ws.addConditionalFormatting({
    ref: 'B7',
    rules: [
      {
        type: 'expression',
        formulae: [`AND(B7>=${passMin},B7<=${passMax})`],
        priority: 1,
        style: GOOD,
      },
      {
        type: 'expression',
        formulae: [`OR(AND(B7>=${reviewMin},B7<${passMin}),B7>${passMax})`],
        priority: 2,
        style: WARN,
      },
      { type: 'expression', formulae: [`B7<${reviewMin}`], priority: 3, style: BAD },
    ],
  });
  w.row(13, [spec.text(b.notes.join(' '), 'note')]);
  w.row(
    14,
    ['Attainment', 'Reps', 'Share'].map((h) => spec.header(h)),
  );
  b.buckets.forEach((bucket, k) => {
    w.row(15 + k, [
      spec.text(bucket.label),
      spec.num(bucket.reps, fmt.integer),
      spec.num(bucket.share, fmt.percent),
    ]);
  });
  w.row(
    perRepHeader,
    [
      'Rep ID',
      'Name',
      'Segment',
      'Territory',
      'Quota last year',
      'Bookings last year',
      'Attainment',
      'At capacity (k = 1)',
      'Quarters (quota → bookings)',
    ].map((h) => spec.header(h)),
  );
  b.perRep.forEach((r, k) => {
    const row = first + k;
    w.row(row, [
      spec.text(r.repId),
      spec.text(r.repName),
      spec.text(r.segment === NO_SEGMENT ? null : r.segment),
      spec.text(r.territoryName ?? r.territoryId),
      spec.num(r.quota / 100, fmt.money),
      spec.num(r.bookings / 100, fmt.money),
      spec.fx(`IF(E${row}>0,F${row}/E${row},"")`, fmt.percent),
      spec.num(
        Number.isFinite(r.attainmentAtCapacity) ? r.attainmentAtCapacity : null,
        fmt.percent,
      ),
      spec.text(
        r.quarters
          .map((q) => `${q.label} ${Math.round(q.quota / 100)} → ${Math.round(q.bookings / 100)}`)
          .join('; '),
      ),
    ]);
  });
  if (b.perRep.length > 0)
    ws.addConditionalFormatting({ ref: att, rules: indicatorRules(`G${first}`, plan) });
}

export function writeScenarios(
  ws: ExcelJS.Worksheet,
  plan: Plan,
  run: PlanRun,
  scenarios: readonly ScenarioResult[] | null,
  fmt: Formats,
): void {
  const w = new SheetWriter(ws);
  const names = scenarios?.map((s) => s.scenario) ?? [];
  ws.columns = [{ width: 30 }, ...names.map(() => ({ width: 16 })), { width: 16 }];
  w.row(1, [spec.text('Scenarios: Monte Carlo of the plan year (METHOD §8)', 'title')]);
  if (scenarios === null || scenarios.length === 0) {
    w.row(2, [
      spec.text(
        'Not simulated for this workbook (quotaplan export xlsx runs them unless --no-scenarios).',
        'subtitle',
      ),
    ]);
    return;
  }
  const s0 = scenarios[0];
  w.row(2, [
    spec.text(
      `${s0?.trials ?? 0} trials per scenario, seed ${s0?.seed ?? plan.seed}: the same plan, seed and trials give the same numbers on any machine.`,
      'subtitle',
    ),
  ]);
  w.row(4, [spec.header('Scenario'), ...names.map((n) => spec.header(n))]);
  const rows: [string, (s: ScenarioResult) => CellSpec][] = [
    ['Win rate change (points)', (s) => spec.num(s.levers.winRatePoints * 100, '+0.0;-0.0;0')],
    ['Deal size multiplier', (s) => spec.num(s.levers.dealSizeMultiplier, '0.00"×"')],
    ['Annual attrition', (s) => spec.num(s.levers.attrition, fmt.percent)],
    ['Extra ramp months', (s) => spec.num(s.levers.extraRampMonths, fmt.integer)],
    ['Extra hires', (s) => spec.num(s.levers.extraHires, fmt.integer)],
    ['Target', (s) => spec.num(s.target / 100, fmt.money0)],
    ['P(team bookings ≥ target)', (s) => spec.num(s.pTeamAtTarget, fmt.percent, 'output')],
    ['Team bookings p10', (s) => spec.num(s.p10 / 100, fmt.money0)],
    ['Team bookings p50', (s) => spec.num(s.p50 / 100, fmt.money0)],
    ['Team bookings p90', (s) => spec.num(s.p90 / 100, fmt.money0)],
    ['Mean team bookings', (s) => spec.num(s.meanTeam / 100, fmt.money0)],
    [
      'Expected share of reps attaining',
      (s) => spec.num(s.expectedShareAttaining, fmt.percent, 'output'),
    ],
  ];
  rows.forEach(([label, value], k) => {
    w.row(5 + k, [spec.text(label), ...scenarios.map(value)]);
  });
  const pRow = 5 + rows.findIndex(([l]) => l.startsWith('P(team'));
  const last = String.fromCharCode(65 + names.length);
  ws.addConditionalFormatting({
    ref: `B${pRow}:${last}${pRow}`,
    rules: [
      {
        type: 'colorScale',
        priority: 1,
        cfvo: [
          { type: 'num', value: 0 },
          { type: 'num', value: 0.5 },
          { type: 'num', value: 1 },
        ],
        color: [{ argb: 'FFF8696B' }, { argb: 'FFFFEB84' }, { argb: 'FF63BE7B' }],
      },
    ],
  });
  let row = 6 + rows.length;
  w.row(row++, [
    spec.text(
      'P(attain) per rep: the share of trials in which the rep reached its quota',
      'section',
    ),
  ]);
  w.row(row++, [
    spec.header('Rep'),
    ...names.map((n) => spec.header(n)),
    spec.header('Annual quota'),
  ]);
  const first = row;
  const byRep = scenarios.map((s) => new Map(s.reps.map((r) => [r.repId, r])));
  for (const rep of run.allocation.reps) {
    w.row(row++, [
      spec.text(`${rep.name} (${rep.id})`),
      ...byRep.map((m) => spec.num(m.get(rep.id)?.pAttain ?? null, fmt.percent)),
      spec.num(rep.quota / 100, fmt.money0),
    ]);
  }
  if (row > first) {
    ws.addConditionalFormatting({
      ref: `B${first}:${last}${row - 1}`,
      rules: [
        {
          type: 'colorScale',
          priority: 2,
          cfvo: [
            { type: 'num', value: 0 },
            { type: 'num', value: 0.5 },
            { type: 'num', value: 1 },
          ],
          color: [{ argb: 'FFF8696B' }, { argb: 'FFFFEB84' }, { argb: 'FF63BE7B' }],
        },
      ],
    });
  }
  row++;
  for (const s of scenarios)
    for (const note of s.notes) w.row(row++, [spec.text(`${s.scenario}: ${note}`, 'note')]);
}

export function writeChecks(
  ws: ExcelJS.Worksheet,
  run: PlanRun,
  layout: WorkbookLayout,
  fmt: Formats,
  rep: Columns<string>,
): void {
  ws.columns = [
    { width: 30 },
    { width: 16 },
    { width: 14 },
    { width: 12 },
    { width: 60 },
    { width: 60 },
  ];
  const w = new SheetWriter(ws);
  const A = sheetPrefix(SHEETS.allocation);
  const sc = SEGMENT_COLUMNS;
  w.row(1, [spec.text('Checks', 'title')]);
  w.row(2, [
    spec.text(
      'The first table recalculates with the workbook; the second is the engine’s run at export (METHOD §6).',
      'subtitle',
    ),
  ]);
  w.row(4, [spec.text('Live checks of this workbook', 'section')]);
  w.row(
    5,
    ['Check', 'Subject', 'Value', 'Status', 'Rule'].map((h) => spec.header(h)),
  );
  let row = 6;
  const liveFirst = row;
  for (const g of layout.groups) {
    const diff = `${A}${cellRef(sc.col('diff'), g.row, true)}`;
    w.row(row, [
      spec.text('Reconciliation'),
      spec.text(`${g.segment.pool} / ${g.segment.segment}`),
      spec.fx(diff, fmt.integer),
      spec.fx(`IF(C${row}=0,"pass","fail")`),
      spec.text(
        'Σ annual quotas − R_s in cents (R_s = the segment’s share of round(Σ T × (1 + o)))',
      ),
    ]);
    row++;
  }
  const n = layout.reps.length;
  if (n > 0) {
    const L = layout.months;
    const f = layout.repFirst;
    const l = f + n - 1;
    const months = `${A}${rangeRef(rep.col('m1'), f, rep.col(`m${L}`), l)}`;
    const quarters = `${A}${rangeRef(rep.col('q1'), f, rep.col(`q${layout.quarterLabels.length}`), l)}`;
    const quota = `${A}${rangeRef(rep.col('quotaC'), f, rep.col('quotaC'), l)}`;
    const annual = `${A}${rangeRef(rep.col('quota'), f, rep.col('quota'), l)}`;
    // Each month and quarter holds whole cents, so rounding their sum once is the sum of the
    // rounded cells (and needs no array arithmetic, which the stored results' evaluator lacks).
    const checks: [string, string, string][] = [
      [
        'Months add up',
        `ROUND(SUM(${months})*100,0)-SUM(${quota})`,
        'Σ monthly quotas − Σ annual quotas, in cents',
      ],
      [
        'Quarters add up',
        `ROUND(SUM(${quarters})*100,0)-SUM(${quota})`,
        'Σ quarterly quotas − Σ annual quotas, in cents',
      ],
      ['No negative quota', `COUNTIF(${annual},"<0")`, 'reps with a negative annual quota'],
    ];
    for (const [title, formula, rule] of checks) {
      w.row(row, [
        spec.text(title),
        spec.text('all reps'),
        spec.fx(formula, fmt.integer),
        spec.fx(`IF(C${row}=0,"pass","fail")`),
        spec.text(rule),
      ]);
      row++;
    }
  }
  const statusRules = (top: string): ExcelJS.ConditionalFormattingRule[] => [
    { type: 'expression', formulae: [`${top}="pass"`], priority: 1, style: GOOD },
    {
      type: 'expression',
      formulae: [`OR(${top}="warning",${top}="info")`],
      priority: 2,
      style: WARN,
    },
    {
      type: 'expression',
      formulae: [`OR(${top}="fail",${top}="red",${top}="high-risk",${top}="gap")`],
      priority: 3,
      style: BAD,
    },
  ];
  if (row > liveFirst)
    ws.addConditionalFormatting({
      ref: `D${liveFirst}:D${row - 1}`,
      rules: statusRules(`D${liveFirst}`),
    });

  row += 1;
  w.row(row++, [spec.text('Checks of the engine run at export', 'section')]);
  w.row(
    row++,
    ['Check', 'Severity', 'Findings', 'Status', 'Summary', 'Rule'].map((h) => spec.header(h)),
  );
  const engineFirst = row;
  for (const check of run.checks.checks) {
    w.row(row++, [
      spec.text(check.title),
      spec.text(check.severity),
      spec.num(check.findings.length, fmt.integer),
      spec.text(check.status),
      spec.text(check.summary),
      spec.text(check.rule),
    ]);
  }
  if (row > engineFirst)
    ws.addConditionalFormatting({
      ref: `D${engineFirst}:D${row - 1}`,
      rules: statusRules(`D${engineFirst}`),
    });
  row += 1;
  w.row(row++, [spec.text('Findings that did not pass', 'section')]);
  w.row(
    row++,
    ['Check', 'Subject', 'Value', 'Status', 'Message'].map((h) => spec.header(h)),
  );
  const findingsFirst = row;
  for (const check of run.checks.checks) {
    for (const finding of check.findings) {
      if (finding.status === 'pass' || finding.status === 'not-applicable') continue;
      w.row(row++, [
        spec.text(check.title),
        spec.text(finding.subject.name),
        spec.num(finding.value, fmt.number),
        spec.text(finding.status),
        spec.text(finding.message),
      ]);
    }
  }
  if (row > findingsFirst)
    ws.addConditionalFormatting({
      ref: `D${findingsFirst}:D${row - 1}`,
      rules: statusRules(`D${findingsFirst}`),
    });
}
