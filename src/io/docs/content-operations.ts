// The package's documents for running the plan: the RevOps runbook of the quarterly refresh (the
// real commands for this plan and workspace), the quarterly review agenda template with the data
// each item needs, and the maintenance schedule (seed 4a, METHOD §10) with this plan's numbers.

import { monthIndex, monthLabel, monthStart } from '../../core/dates.ts';
import { rolePlan } from '../../core/plan/defaults.ts';
import type { DocsContext } from './context.ts';
import { monthName } from './context.ts';
import { b, col, type Block, type Doc } from './model.ts';

function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@=-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** `--db …` as the runbook writes it (nothing for the default database). */
function dbFlag(ctx: DocsContext): string {
  return ctx.commands.db === null ? '' : ` --db ${shellWord(ctx.commands.db)}`;
}

/** The quarters of the plan: label, first and last month, the quota they carry. */
function quarters(
  ctx: DocsContext,
): { label: string; from: string; to: string; quota: number; next: string }[] {
  const a = ctx.run.allocation;
  const start = monthIndex(a.start);
  return a.quarterLabels.map((label, q) => {
    const first = start + 3 * q;
    const last = Math.min(start + a.months - 1, first + 2);
    return {
      label,
      from: monthStart(first),
      to: monthLabel(last),
      quota: ctx.bookingsReps.reduce((s, r) => s + (r.quarters[q] ?? 0), 0),
      next: monthStart(last + 1),
    };
  });
}

/** Ramping reps and the plan month in which each reaches each ramp step. */
function rampMilestones(ctx: DocsContext): Block | null {
  const a = ctx.run.allocation;
  const start = monthIndex(a.start);
  const end = start + a.months - 1;
  const rows: string[][] = [];
  for (const rep of a.reps) {
    if (rep.startDate === null) continue;
    const ramp = rolePlan(ctx.plan, rep.role).ramp;
    const first = monthIndex(rep.startDate);
    if (ramp.length === 0 || first + ramp.length < start || first > end) continue;
    const steps = [...ramp, 1].map(
      (share, k) => `${monthName(monthLabel(first + k))} (${ctx.pct(share)})`,
    );
    rows.push([rep.name, rep.startDate, steps.join(' → ')]);
  }
  if (rows.length === 0) return null;
  return b.table(
    [col.l('Rep'), col.l('Start'), col.l('Milestones by month')],
    rows,
    'A rep more than 30 days behind a milestone is a red flag (METHOD §10).',
  );
}

export function runbookDoc(ctx: DocsContext): Doc {
  const plan = shellWord(ctx.commands.planPath);
  const db = dbFlag(ctx);
  const preset = ctx.commands.preset === null ? '' : ` --preset ${ctx.commands.preset}`;
  const bt = ctx.backtest;
  const c = ctx.plan.checks;
  const blocks: Block[] = [
    b.p(
      `The quarterly refresh keeps the quotas true to the data: import the quarter's CRM export, check it, update the plan's facts (hires, departures, the as-of date), re-run the plan and its checks, and publish the workbook and this documentation package. The commands below are for this plan (${ctx.commands.planPath}) and workspace${ctx.commands.db === null ? ' (the default database, ./.quotaplan/db)' : ` (${ctx.commands.db})`}.`,
    ),
    b.h1('1. Bring in the quarter’s data'),
    b.code([
      `quotaplan import${preset}${db} <your CRM export files>`,
      `quotaplan audit${db} --fail-on error`,
      `quotaplan baseline${db} --by rep --format csv > baseline-by-rep.csv`,
    ]),
    b.p(
      'Imports are all or nothing and idempotent (re-importing a record updates it). Fix every error the audit lists before going on; warnings are judgement calls, note them.',
    ),
    b.h1('2. Update the plan file'),
    b.list([
      `Set as_of: to the extraction date of the export (now ${ctx.run.allocation.asOf}).`,
      'Add the quarter’s hires under hires: and leavers under departures:, with their dates.',
      'Record every input leadership confirmed under confirmed:, with who and when.',
      'Keep the file in version control: the plan is reviewed as a diff.',
    ]),
    b.h1('3. Run the plan and its checks'),
    b.code([
      `quotaplan plan ${plan}${db} --out plan-output --format table`,
      `quotaplan backtest ${plan}${db}`,
      `quotaplan simulate ${plan}${db} --scenario all`,
    ]),
    b.table(
      [col.l('Check'), col.l('Healthy'), col.l('Now')],
      [
        ['Audit errors', 'none', 'see the audit'],
        ...ctx.run.checks.checks.map((check) => [
          check.title,
          check.rule,
          `${check.status}: ${check.summary}`,
        ]),
        [
          'Back-test share attaining',
          `${ctx.pct(c.backtest.passMin)}–${ctx.pct(c.backtest.passMax)}`,
          bt === null ? 'not run' : `${ctx.pct(bt.shareAttaining, 1)} (${bt.verdict})`,
        ],
      ],
    ),
    b.h1('4. Publish'),
    b.code([
      `quotaplan export xlsx ${plan}${db} --out quota-model.xlsx`,
      `quotaplan docs ${plan}${db} --out docs-package --format pdf`,
    ]),
    b.list([
      'plan-output/quotas.csv holds every rep’s annual, monthly and quarterly quota: load it into the CRM’s quota fields (Salesforce Forecasting Quotas, HubSpot Goals).',
      'quota-model.xlsx is the model with every calculation visible; the Inputs sheet recalculates every quota.',
      'docs-package/ holds the methodology, the Definition Alignment Document, one letter per rep, talking points per team, the FAQ, this runbook, the review agenda and the maintenance schedule.',
      'Roll out in order: leadership, then managers (talking points), then reps (letters).',
    ]),
    b.h1('Mid-period changes'),
    b.p(
      'A territory move, a leave or quota relief takes effect on a date: the month containing it is split by days between the old and the new quota, later months take the new values. Record who, when, why, the values before and after and the approval. Fewer than three reps: RevOps with the manager. More, or a new segment or territory design: re-run the plan.',
    ),
  ];
  return {
    path: 'runbook',
    title: 'RevOps runbook: the quarterly quota refresh',
    subtitle: `${ctx.plan.name} · ${ctx.generatedOn}`,
    audience: 'RevOps and Sales Ops',
    blocks,
  };
}

export function reviewAgendaDoc(ctx: DocsContext): Doc {
  const a = ctx.run.allocation;
  const db = dbFlag(ctx);
  const plan = shellWord(ctx.commands.planPath);
  const qs = quarters(ctx);
  const n = ctx.bookingsReps.length;
  const total = ctx.bookingsReps.reduce((s, r) => s + r.quota, 0);
  const territories = a.weights.territories.map((t) => {
    const quota = ctx.bookingsReps
      .filter((r) => r.territoryId === t.id)
      .reduce((s, r) => s + r.quota, 0);
    return [
      t.name,
      t.weight.toFixed(2),
      ctx.money(quota),
      total > 0 ? ctx.pct(quota / total, 1) : '—',
    ];
  });
  const hires = a.reps.filter((r) => r.planned);
  const c = ctx.plan.checks;
  const blocks: Block[] = [
    b.p(
      `One meeting after each quarter (60 minutes; VP Sales, finance, RevOps, front-line managers). Each item names the data it needs; RevOps brings it from quotaplan the day before. The first review, after ${qs[0]?.label ?? 'Q1'}, also asks the end-of-first-cycle questions of the maintenance schedule.`,
    ),
    b.table(
      [col.l('Quarter'), col.l('Months'), col.r('Bookings quota'), col.l('Review on or after')],
      qs.map((q) => [
        q.label,
        `${monthName(q.from.slice(0, 7))} – ${monthName(q.to)}`,
        ctx.money(q.quota),
        q.next,
      ]),
      `${n} reps carry bookings quotas; the year's total is ${ctx.money(total)}.`,
    ),
    b.h1('Agenda'),
    b.table(
      [col.l('Time'), col.l('Item'), col.l('What happens'), col.l('Data it needs')],
      [
        [
          '0–10',
          'Attainment',
          `Share of reps at or above the quarter's quota against the ${ctx.pct(c.backtest.passMin)}–${ctx.pct(c.backtest.passMax)} target; below 50%, investigate the model's assumptions.`,
          `quotaplan baseline${db} --by rep --from <quarter start> --to <quarter end>, set against the quarter's quotas (quotas.csv).`,
        ],
        [
          '10–20',
          'Territory weights',
          'Each territory’s share of bookings against its share of quota below; more than 15% off: adjust the weight for the next period.',
          `quotaplan baseline${db} --by territory for the quarter.`,
        ],
        [
          '20–30',
          'Ramp accuracy',
          'New hires’ bookings against their ramp; consistently over or under: adjust the ramp.',
          'The ramp milestones of the maintenance schedule; bookings of each ramping rep.',
        ],
        [
          '30–40',
          'Headcount',
          `Actual hires and departures against the plan${hires.length > 0 ? ` (${hires.map((h) => `${h.name} from ${h.startDate ?? ''}`).join(', ')})` : ''}; recalculate the team's coverage.`,
          'HR’s roster; the plan file’s hires: and departures:.',
        ],
        [
          '40–50',
          'Pay and pipeline',
          `Quota-to-OTE inside ${c.quotaToOte.min}–${c.quotaToOte.max}×; next quarter's pipeline coverage at least ${c.coverage.warning}× (red below ${c.coverage.red}×).`,
          `quotaplan plan ${plan}${db} --out plan-output (checks.json).`,
        ],
        [
          '50–60',
          'Decisions',
          'Adjustments (who, what, effective date, approval), owners and the next review date; a trigger of the maintenance schedule means a re-plan.',
          'This agenda’s notes.',
        ],
      ],
    ),
  ];
  if (territories.length > 0) {
    blocks.push(b.h2('What the territory weights predict'));
    blocks.push(
      b.table(
        [col.l('Territory'), col.r('Weight'), col.r('Annual quota'), col.r('Share of quota')],
        territories,
        'Compare each share with the territory’s share of the quarter’s bookings.',
      ),
    );
  }
  blocks.push(
    b.h2('Notes'),
    b.table(
      [col.l('Decision or finding'), col.l('Owner'), col.l('Due')],
      [
        ['', '', ''],
        ['', '', ''],
        ['', '', ''],
      ],
    ),
  );
  return {
    path: 'review-agenda',
    title: 'Quarterly quota review: agenda template',
    subtitle: `${ctx.plan.name} · ${ctx.generatedOn}`,
    audience: 'VP Sales, finance, RevOps and front-line managers',
    blocks,
  };
}

export function maintenanceDoc(ctx: DocsContext): Doc {
  const n = ctx.bookingsReps.length;
  const c = ctx.plan.checks;
  const thirty = Math.floor(0.3 * n);
  const q1 = quarters(ctx)[0];
  const milestones = rampMilestones(ctx);
  const blocks: Block[] = [
    b.p(
      'Quotas are not set and forgotten: markets shift, reps come and go, territories change. This schedule keeps the quotas attached to reality; RevOps runs it (for a single project the customer’s RevOps owns it from the external handoff; for a dedicated engagement the architect does).',
    ),
    b.h1('Monthly'),
    b.table(
      [col.l('Task'), col.l('What to check'), col.l('Red flag'), col.l('In this plan')],
      [
        [
          'Attainment pulse',
          'attainment against the pace expected to date',
          'more than 30% of reps below 50% of pace at month end',
          `more than ${thirty} of ${n} reps`,
        ],
        [
          'Pipeline coverage',
          'pipeline ÷ next period’s quota, by rep',
          `any rep below ${c.coverage.red}× coverage`,
          `first quarter quota ${ctx.money(q1?.quota ?? 0)}`,
        ],
        [
          'Ramp tracking',
          'ramping reps against their milestones',
          'a rep more than 30 days behind a milestone',
          milestones === null ? 'no rep ramps during the plan' : 'see the milestones below',
        ],
        [
          'Territory balance',
          'each territory’s share of bookings against the share its weight predicts',
          'more than 20% off',
          `${ctx.run.allocation.weights.territories.length} territories`,
        ],
      ],
    ),
    b.h1('Quarterly'),
    b.table(
      [col.l('Task'), col.l('What to review'), col.l('If off track')],
      [
        [
          'Attainment',
          `share attaining against ${ctx.pct(c.backtest.passMin)}–${ctx.pct(c.backtest.passMax)}`,
          'below 50%: investigate the model’s assumptions',
        ],
        [
          'Territory weights',
          'did results confirm the weights?',
          'more than 15% off: adjust the weights for the next period',
        ],
        [
          'Ramp schedule',
          'did new hires follow the ramp?',
          'consistently over or under: adjust the milestones',
        ],
        [
          'Headcount',
          'hires and departures against the plan',
          'recalculate the team’s quota coverage',
        ],
        [
          'Quota-to-OTE',
          `still within ${c.quotaToOte.min}–${c.quotaToOte.max}×?`,
          'drifting: flag to the compensation team',
        ],
      ],
    ),
    b.h1(
      `After the first cycle (end of ${q1?.label ?? 'Q1'}${q1 === undefined ? '' : `, ${q1.next}`})`,
    ),
    b.list([
      'Did the model predict attainment within ±10%?',
      'Did the pipeline created in the period convert at the expected rate?',
      'Are new hires tracking their ramp?',
      'Is the team on track for the annual target? If not: pipeline volume, conversion, allocation or timing?',
    ]),
    b.h1('Refinement triggers'),
    b.table(
      [col.l('Trigger'), col.l('Threshold'), col.l('Response')],
      [
        [
          'Attainment drop',
          'fewer than 50% of reps at quota for 2+ months in a row',
          're-engage; model, market or execution?',
        ],
        [
          'Territory imbalance',
          'a territory more than 25% over or under plan',
          're-score the weights, consider realignment',
        ],
        [
          'Headcount change',
          'more than 2 unplanned departures or hires in a quarter',
          'recalculate the team’s quotas',
        ],
        [
          'Market shift',
          'win rate more than 10 points below the baseline',
          'scope a recalibration',
        ],
      ],
    ),
    b.h1('Every 6 to 12 months'),
    b.list([
      'Recalibrate the model with fresh history (quotaplan import, then plan and backtest).',
      'Re-score every territory with updated market data.',
      'Review the segment mix: has it shifted enough to move quota between segments?',
      'Feed the updated model into the next fiscal year’s quota cycle.',
    ]),
    b.h1('Hypercare: the first month'),
    b.p(
      `Weekly 30-minute office hours for the first four weeks. Watch for calculation bugs visible only with live data, territory weights that the first weeks contradict, and fairness complaints; red flag: more than 30% of reps (${thirty} of ${n}) below 50% of pace.`,
    ),
  ];
  if (milestones !== null) blocks.push(b.h1('Ramp milestones'), milestones);
  return {
    path: 'maintenance',
    title: 'Maintenance schedule',
    subtitle: `${ctx.plan.name} · ${ctx.generatedOn}`,
    audience: 'RevOps (owner), sales leadership',
    blocks,
  };
}
