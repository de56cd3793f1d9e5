// The package's documents about the plan itself: the methodology documentation (territory
// weights, ramp schedules, segment splits, back-test, the formulas with this plan's values) and
// the Definition Alignment Document with its approval status.

import { BOOKINGS_POOL, type RepAllocation } from '../../core/engine/index.ts';
import { rolePlan } from '../../core/plan/defaults.ts';
import { WEIGHT_COMPONENTS } from '../../core/plan/types.ts';
import { median } from '../../core/stats.ts';
import { DEFINITION_APPROVER_TITLES } from '../../core/workflow/definitions.ts';
import type { DefinitionStatus, DocsContext } from './context.ts';
import { monthName } from './context.ts';
import { b, col, type Block, type Doc } from './model.ts';

const TITLE_WORDS: Record<string, string> = { vp_sales: 'VP Sales', cro: 'CRO' };

export function titleWords(title: string): string {
  return TITLE_WORDS[title] ?? title;
}

/** The rep the worked example follows: a full-year bookings rep with the median quota. */
export function exampleRep(ctx: DocsContext): RepAllocation | undefined {
  const L = ctx.run.allocation.months;
  const full = ctx.bookingsReps.filter((r) => r.effectiveMonths >= L - 1e-9 && r.quota > 0);
  const pool = full.length > 0 ? full : ctx.bookingsReps.filter((r) => r.quota > 0);
  const sorted = [...pool].sort((x, y) => x.quota - y.quota || (x.id < y.id ? -1 : 1));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function ramps(ctx: DocsContext): Block {
  const roles = [...new Set(ctx.run.allocation.reps.map((r) => r.role))].sort();
  const longest = Math.max(0, ...roles.map((role) => rolePlan(ctx.plan, role).ramp.length));
  return b.table(
    [
      col.l('Role'),
      ...Array.from({ length: longest + 1 }, (_, k) =>
        col.r(`Month ${k + 1}${k === longest ? '+' : ''}`),
      ),
    ],
    roles.map((role) => {
      const ramp = rolePlan(ctx.plan, role).ramp;
      return [role, ...Array.from({ length: longest + 1 }, (_, k) => ctx.pct(ramp[k] ?? 1))];
    }),
    'Share of full productivity expected in each tenure month (the month of the start date is month 1).',
  );
}

export function methodologyDoc(ctx: DocsContext): Doc {
  const { plan, run } = ctx;
  const a = run.allocation;
  const hires = a.reps.filter((r) => r.planned).length;
  const gap = a.target - a.capacity;
  const segments = a.segments.filter((s) => s.pool === BOOKINGS_POOL);
  const headcount = segments.reduce(
    (sum, s) => sum + (s.gap > 0 ? (s.headcountToClose ?? 0) : 0),
    0,
  );
  const alpha = plan.topDownShare;
  const blocks: Block[] = [];

  blocks.push(b.h1('In one paragraph'));
  blocks.push(
    b.p(
      `The ${ctx.label} plan shares a company target of ${ctx.money(a.target)} over ${a.reps.length} reps${hires > 0 ? ` (${hires} of them planned hires)` : ''} for the ${a.months} months from ${monthName(a.monthLabels[0] ?? '')}. ` +
        `Each quota blends ${ctx.pct(alpha)} top-down (the territory's opportunity and the rep's selling time) with ${ctx.pct(1 - alpha)} bottom-up (the rep's own productivity, weighted by how much history it rests on, × (1 + ${ctx.pct(plan.growth, 1)}) growth). ` +
        `The quotas add up to ${ctx.money(a.quota)}: the target plus ${ctx.pct(plan.overAssignment, 1)} over-assignment, in multiples of ${ctx.money(plan.roundingUnit)} and then to ${ctx.smallest} by month. ` +
        (gap > 0
          ? `Bottom-up capacity is ${ctx.money(a.capacity)}, ${ctx.money(gap)} short of the target; about ${ctx.num(headcount)} fully ramped reps would close that gap, which is a matter for headcount, coverage or investment, not for seller burden.`
          : `Bottom-up capacity is ${ctx.money(a.capacity)}, ${ctx.money(-gap)} above the target: the target asks for ${ctx.pct(a.capacity > 0 ? a.target / a.capacity : 0)} of what the team is expected to sell.`),
    ),
  );
  blocks.push(
    b.table(
      [col.l('Input'), col.l('Value'), col.l('Status')],
      run.assumptions.entries
        .filter(
          (e) =>
            e.affects === 'quotas' &&
            !e.key.startsWith('territory_weights.') &&
            !e.key.startsWith('hires.'),
        )
        .map((e) => [
          e.label,
          e.value,
          e.status === 'CONFIRMED'
            ? `confirmed by ${e.confirmedBy ?? ''} on ${e.confirmedAt ?? ''}`
            : 'ASSUMED',
        ]),
      `Data as of ${a.asOf} (${a.asOfNote}); the engine learnt from ${a.fit.months} months of history (${a.fit.note}).`,
    ),
  );

  blocks.push(b.h1('The formulas, with this plan’s values'));
  blocks.push(
    b.list([
      'Effective capacity e(m) = share of the month employed × ramp factor: 1 for a full month at full productivity.',
      `Top-down: q_TD = T_s × x_i ÷ Σx, with x_i = w (territory weight) × Σ e(m) × σ(m) (seasonality): the share of the segment target T_s that the rep's territory and selling time stand for.`,
      `Bottom-up: q_BU = T_s × c_i ÷ C_s, with c_i = P × (1 + g) × Σ e(m) × σ(m), g = ${ctx.pct(plan.growth, 1)}; P = z × own productivity + (1 − z) × cohort median × w, z = min(1, months of history ÷ 12).`,
      `Blend: q = ${alpha} × q_TD + ${+(1 - alpha).toFixed(4)} × q_BU, then × (1 + ${plan.overAssignment}) over-assignment.`,
      `Rounding: each annual quota floored to ${ctx.money(plan.roundingUnit)}; whole units to the largest remainders (ties: the smaller rep id); the cents below one unit to the largest quota; months to the cent by largest remainder (ties: the earlier month).`,
    ]),
  );
  const ex = exampleRep(ctx);
  const exp = ex === undefined ? undefined : ctx.explanation(ex.id);
  if (ex !== undefined && exp !== undefined) {
    const d = exp.derivation;
    const seg = a.segments.find((s) => s.pool === ex.pool && s.segment === ex.segment);
    const members = a.reps.filter((r) => r.pool === ex.pool && r.segment === ex.segment);
    const massOf = (r: RepAllocation): number => r.weight * r.seasonalMonths;
    const sumMass = members.reduce((s, r) => s + massOf(r), 0);
    blocks.push(b.h2(`Worked example: ${ex.name}`));
    blocks.push(
      b.table(
        [col.l('Step'), col.l('How'), col.r('Value')],
        [
          [
            'Effective months Σe',
            'employed share × ramp, month by month',
            ctx.num(ex.effectiveMonths, 2),
          ],
          [
            'Top-down mass x',
            `w ${ex.weight.toFixed(2)} × Σ e·σ ${ex.seasonalMonths.toFixed(2)}`,
            ctx.num(massOf(ex), 2),
          ],
          [
            'Segment target T_s',
            seg === undefined ? '' : `${ctx.segmentLabel(seg.segment)} (${seg.targetSource})`,
            ctx.money(d.segmentTarget),
          ],
          [
            'Top-down q_TD',
            `T_s × ${ctx.num(massOf(ex), 2)} ÷ ${ctx.num(sumMass, 2)}`,
            ctx.money(ex.topDown),
          ],
          [
            'Productivity P per month',
            `z ${ex.credibility.toFixed(2)} × own ${ex.own === null ? '—' : ctx.money(ex.own)} + (1 − z) × cohort ${ex.cohort.productivity === null ? '—' : ctx.money(ex.cohort.productivity)} × w`,
            ctx.money(ex.productivity),
          ],
          ['Capacity c_i', `P × (1 + ${plan.growth}) × Σ e·σ`, ctx.money(ex.capacity)],
          [
            'Bottom-up q_BU',
            `T_s × c_i ÷ C_s (${ctx.money(seg?.capacity ?? 0)})`,
            ctx.money(ex.bottomUp),
          ],
          [
            'Blend',
            `${d.topDownShare} × q_TD + ${+(1 - d.topDownShare).toFixed(4)} × q_BU`,
            ctx.money(d.blended),
          ],
          ['Over-assigned', `× (1 + ${plan.overAssignment})`, ctx.money2(d.unrounded)],
          [
            'Annual quota',
            `rounded (${d.roundingDelta >= 0 ? '+' : '−'}${ctx.money2(Math.abs(d.roundingDelta))})`,
            ctx.money2(ex.quota),
          ],
        ],
      ),
    );
    blocks.push(b.p(exp.sentences.slice(1).join(' ')));
  }

  blocks.push(b.h1('Territory weights'));
  const w = run.allocation.weights;
  const tw = plan.territoryWeights;
  blocks.push(
    b.p(
      `A territory's weight says how rich its patch is compared with the average territory: each component is measured per FTE and divided by its mean over the ${w.territories.length} territories with plan reps, then combined with the coefficients ${WEIGHT_COMPONENTS.map((c) => `${c.replace('_', ' ')} ${w.coefficients[c].toFixed(2)}`).join(', ')} and bounded to ${tw.min}–${tw.max}. A weight set by hand (an override) replaces the computed one. Reps without a territory have weight 1.`,
    ),
  );
  if (w.territories.length > 0) {
    const repsIn = (id: string): number => a.reps.filter((r) => r.territoryId === id).length;
    const fmt = (v: number | null): string => (v === null ? '—' : v.toFixed(2));
    blocks.push(
      b.table(
        [
          col.l('Territory'),
          col.r('Reps'),
          col.r('FTE'),
          col.r('Potential'),
          col.r('Accounts'),
          col.r('Win rate'),
          col.r('Index'),
          col.r('Weight'),
          col.l('Set by'),
        ],
        w.territories.map((t) => [
          t.name,
          String(repsIn(t.id)),
          t.fte.toFixed(1),
          fmt(t.normalised.potential),
          fmt(t.normalised.accounts),
          fmt(t.normalised.win_rate),
          t.index.toFixed(2),
          t.weight.toFixed(2),
          t.override !== null ? 'override' : t.computed !== t.index ? 'bounded' : 'computed',
        ]),
        'Potential, accounts and win rate are each divided by the mean over the territories (1.00 = average).',
      ),
    );
    blocks.push(
      b.chart({
        id: 'territory-weights',
        title: 'Territory weights',
        kind: 'bar',
        categories: w.territories.map((t) => t.name),
        series: [{ name: 'Weight', values: w.territories.map((t) => t.weight) }],
        unit: 'number',
        currency: plan.currency,
        reference: { value: 1, label: 'average' },
        alt: `Territory weights: ${w.territories.map((t) => `${t.name} ${t.weight.toFixed(2)}`).join(', ')}.`,
      }),
    );
  }
  for (const m of w.missing)
    blocks.push(b.note(`${m.component.replace('_', ' ')} is left out: ${m.reason}.`, 'warning'));

  blocks.push(b.h1('Ramp schedules'));
  blocks.push(ramps(ctx));
  const ramping = a.reps.filter((r) => r.effective.some((e) => e < 1 - 1e-9));
  if (ramping.length > 0) {
    blocks.push(
      b.p(
        `${ramping.length === 1 ? 'One rep ramps, starts or leaves' : `${ramping.length} reps ramp, start or leave`} during the plan; their quotas follow their effective months (a full year is ${a.months}).`,
      ),
    );
    blocks.push(
      b.table(
        [
          col.l('Rep'),
          col.l('Start'),
          col.l('End'),
          col.r('Effective months'),
          col.r('Annual quota'),
        ],
        ramping.map((r) => [
          `${r.name}${r.planned ? ' (planned hire)' : ''}`,
          r.startDate ?? '—',
          r.endDate ?? '—',
          ctx.num(r.effectiveMonths, 2),
          ctx.money(r.quota),
        ]),
      ),
    );
  }

  blocks.push(b.h1('Segment splits'));
  blocks.push(
    b.p(
      plan.target.kind === 'segments'
        ? 'Each segment has its own target, set in the plan; the blend runs within each segment.'
        : segments.length > 1
          ? 'The company target is split over the segments in proportion to their bottom-up capacity, to the cent; the blend then runs within each segment.'
          : 'All bookings reps share one target.',
    ),
  );
  blocks.push(
    b.table(
      [
        col.l('Pool'),
        col.l('Segment'),
        col.r('Reps'),
        col.r('FTE'),
        col.r('Target'),
        col.r('Capacity'),
        col.r('Gap'),
        col.r('Quotas'),
      ],
      a.segments.map((s) => [
        s.pool,
        ctx.segmentLabel(s.segment),
        String(s.reps),
        s.fte.toFixed(1),
        ctx.money(s.target),
        ctx.money(s.capacity),
        s.gap > 0 ? ctx.money(s.gap) : '—',
        ctx.money(s.quota),
      ]),
      'Gap = target − capacity; quotas = the target × (1 + over-assignment), to the cent.',
    ),
  );
  if (a.segments.length > 1) {
    blocks.push(
      b.chart({
        id: 'segments',
        title: 'Target and bottom-up capacity by segment',
        kind: 'bar',
        categories: a.segments.map(
          (s) => `${s.pool === BOOKINGS_POOL ? '' : `${s.pool} `}${ctx.segmentLabel(s.segment)}`,
        ),
        series: [
          { name: 'Target', values: a.segments.map((s) => s.target / 100) },
          { name: 'Capacity', values: a.segments.map((s) => s.capacity / 100) },
        ],
        unit: 'money',
        currency: plan.currency,
        alt: `Target and capacity by segment: ${a.segments.map((s) => `${ctx.segmentLabel(s.segment)} ${ctx.money(s.target)} vs ${ctx.money(s.capacity)}`).join('; ')}.`,
      }),
    );
  }

  blocks.push(b.h1('Seasonality'));
  blocks.push(
    b.p(
      `Seasonality used: ${a.seasonality.mode}. A month's seasonal factor σ is 12 × its share of the year's bookings (1 = an average month); a month with σ = 1.2 carries 20% more quota than an average one.`,
    ),
  );
  blocks.push(
    b.chart({
      id: 'seasonality',
      title: 'Seasonal factor σ by plan month',
      kind: 'line',
      categories: a.monthLabels.map(monthName),
      series: [{ name: 'σ', values: a.seasonality.sigma }],
      unit: 'number',
      currency: plan.currency,
      reference: { value: 1, label: 'average month' },
      alt: `Seasonal factors: ${a.monthLabels.map((l, k) => `${l} ${(a.seasonality.sigma[k] ?? 1).toFixed(2)}`).join(', ')}.`,
    }),
  );

  blocks.push(b.h1('Back-test: would these quotas have worked last year?'));
  const bt = ctx.backtest;
  if (bt === null) {
    blocks.push(b.note('The back-test was not run (the plan is blocked).', 'warning'));
  } else {
    const { passMin, passMax } = plan.checks.backtest;
    blocks.push(
      b.note(
        `Verdict: ${bt.verdict}. ${bt.verdictText}.`,
        bt.verdict === 'pass' ? 'success' : 'warning',
      ),
    );
    blocks.push(
      b.list([
        `Test year ${bt.testWindow.from} to ${bt.testWindow.to}; learnt from ${bt.fitWindow.from} to ${bt.fitWindow.to}${bt.inSample ? ' (in sample: the data has too little history before the test year)' : ''}.`,
        `${bt.reps} reps; ${ctx.pct(bt.shareAttaining, 1)} would have attained their quota (the healthy band is ${ctx.pct(passMin)}–${ctx.pct(passMax)}).`,
        `Ambition of the plan k = target ÷ capacity = ${Number.isFinite(bt.ambition) ? bt.ambition.toFixed(2) : '—'}.`,
        bt.kStar === null || bt.targetAtKStar === null
          ? 'No calibration: no rep had capacity in the test year.'
          : `Calibration: at k* = ${bt.kStar.toFixed(2)}, a target of ${ctx.money(bt.targetAtKStar)}, three reps in four would have attained last year.`,
        ...bt.notes,
      ]),
    );
    blocks.push(
      b.chart({
        id: 'backtest',
        title: 'Last year’s attainment under this method',
        kind: 'bar',
        categories: bt.buckets.map((x) => x.label),
        series: [{ name: 'Share of reps', values: bt.buckets.map((x) => x.share) }],
        unit: 'percent',
        currency: plan.currency,
        alt: `Attainment distribution: ${bt.buckets.map((x) => `${x.label} ${ctx.pct(x.share)}`).join(', ')}.`,
      }),
    );
    if (bt.bySegment.length > 1 || bt.byTerritory.length > 1) {
      blocks.push(
        b.table(
          [col.l('Group'), col.r('Reps'), col.r('Share attaining')],
          [
            ...bt.bySegment.map((g) => [
              `Segment ${ctx.segmentLabel(g.label)}`,
              String(g.reps),
              ctx.pct(g.shareAttaining, 1),
            ]),
            ...bt.byTerritory.map((g) => [
              `Territory ${g.label}`,
              String(g.reps),
              ctx.pct(g.shareAttaining, 1),
            ]),
          ],
        ),
      );
    }
  }

  blocks.push(b.h1('Checks'));
  blocks.push(
    b.table(
      [col.l('Check'), col.l('Status'), col.l('Summary')],
      run.checks.checks.map((c) => [c.title, c.status, c.summary]),
    ),
  );

  blocks.push(b.h1('Quota distribution'));
  const byQuota = [...a.reps]
    .filter((r) => r.measure === 'bookings')
    .sort((x, y) => y.quota - x.quota);
  if (byQuota.length <= 40) {
    blocks.push(
      b.chart({
        id: 'quotas',
        title: 'Annual quota by rep',
        kind: 'bar',
        categories: byQuota.map((r) => r.name),
        series: [{ name: 'Annual quota', values: byQuota.map((r) => r.quota / 100) }],
        unit: 'money',
        currency: plan.currency,
        alt: `Annual quotas from ${ctx.money(byQuota.at(-1)?.quota ?? 0)} to ${ctx.money(byQuota[0]?.quota ?? 0)}.`,
      }),
    );
  } else {
    const max = byQuota[0]?.quota ?? 0;
    const bins = 12;
    const step = Math.max(1, Math.ceil(max / bins / 100_000) * 100_000);
    const counts = new Array<number>(bins).fill(0);
    for (const r of byQuota) {
      const k = Math.min(bins - 1, Math.floor(r.quota / step));
      counts[k] = (counts[k] ?? 0) + 1;
    }
    blocks.push(
      b.chart({
        id: 'quotas',
        title: 'Reps by annual quota',
        kind: 'bar',
        categories: counts.map((_, k) => `${ctx.money(k * step)}–`),
        series: [{ name: 'Reps', values: counts }],
        unit: 'number',
        currency: plan.currency,
        alt: `Reps by annual quota band of ${ctx.money(step)}.`,
      }),
    );
  }
  const quotas = byQuota.map((r) => r.quota);
  blocks.push(
    b.p(
      `Bookings quotas range from ${ctx.money(quotas.length === 0 ? 0 : Math.min(...quotas))} to ${ctx.money(Math.max(0, ...quotas))}; the median is ${ctx.money(median(quotas) ?? 0)}.`,
    ),
  );

  blocks.push(b.h1('What is still assumed'));
  const open = run.assumptions.entries.filter((e) => e.status === 'ASSUMED');
  blocks.push(
    b.p(
      `${open.length} inputs are still ASSUMED (${run.assumptions.confirmed} confirmed); the quotas of ${run.assumptions.repsOnAssumptions} reps depend on at least one of them. They are confirmed in the plan file's confirmed: section, each with who and when.`,
    ),
  );
  blocks.push(
    b.list(
      open
        .slice(0, 15)
        .map((e) => `${e.label}: ${e.value}`)
        .concat(
          open.length > 15
            ? [
                `… and ${open.length - 15} more (assumptions.json, the workbook's Assumptions sheet)`,
              ]
            : [],
        ),
    ),
  );

  return {
    path: 'methodology',
    title: `How the ${ctx.label} quotas were set`,
    subtitle: `Methodology documentation · ${plan.name} · ${ctx.generatedOn}`,
    audience: 'reps, managers, leadership and RevOps',
    blocks,
  };
}

/** The approval status of a term in words, e.g. 'pending approval by VP Sales and CRO'. */
export function approvalText(status: DefinitionStatus): { text: string; approved: boolean } {
  const byTitle = new Map(status.approvals.map((a) => [a.title, a]));
  const done = DEFINITION_APPROVER_TITLES.filter((t) => byTitle.has(t));
  const pending = DEFINITION_APPROVER_TITLES.filter((t) => !byTitle.has(t));
  const approved = done.map((t) => {
    const a = byTitle.get(t);
    return `${titleWords(t)} (${a?.by ?? ''}, ${a?.at ?? ''})`;
  });
  const names = (titles: readonly string[]): string => titles.map(titleWords).join(' and ');
  if (pending.length === 0)
    return { text: `Approved by ${approved.join(' and ')}`, approved: true };
  if (done.length === 0) return { text: `Pending approval by ${names(pending)}`, approved: false };
  return {
    text: `Approved by ${approved.join(' and ')}; pending approval by ${names(pending)}`,
    approved: false,
  };
}

function inThisPlan(ctx: DocsContext, key: string): string {
  const { plan, run } = ctx;
  const a = run.allocation;
  const quotas = ctx.bookingsReps.map((r) => r.quota).filter((q) => q > 0);
  const roles = [...new Set(a.reps.map((r) => r.role))].sort();
  const c = plan.checks;
  switch (key) {
    case 'quota':
      return `Annual quotas from ${ctx.money(Math.min(...quotas))} to ${ctx.money(Math.max(...quotas))} (median ${ctx.money(median(quotas) ?? 0)}) for ${a.months} months from ${a.start}; ${a.seasonality.mode} seasonality.`;
    case 'credited-booking':
      return (
        roles
          .map(
            (r) =>
              `${r}: ${rolePlan(plan, r)
                .counts.map((t) => t.replace('_', ' '))
                .join(', ')}`,
          )
          .join('; ') + `; in ${plan.currency}.`
      );
    case 'quota-attainment':
      return `Green above ${ctx.pct(c.indicators.green)}, yellow ${ctx.pct(c.indicators.red)}–${ctx.pct(c.indicators.green)}, red below ${ctx.pct(c.indicators.red)} of pace.`;
    case 'territory-weight': {
      const w = a.weights.territories.map((t) => t.weight);
      const overrides = a.weights.territories.filter((t) => t.override !== null);
      return w.length === 0
        ? 'No territories: every weight is 1.'
        : `Bounds ${plan.territoryWeights.min}–${plan.territoryWeights.max}; ${w.length} territories from ${Math.min(...w).toFixed(2)} to ${Math.max(...w).toFixed(2)}${overrides.length > 0 ? `; set by hand: ${overrides.map((t) => `${t.name} ${t.weight.toFixed(2)}`).join(', ')}` : ''}.`;
    }
    case 'ramp-schedule':
      return (
        roles
          .map(
            (r) =>
              `${r}: ${
                rolePlan(plan, r)
                  .ramp.map((x) => ctx.pct(x))
                  .join(' / ') || 'none'
              }`,
          )
          .join('; ') + '.'
      );
    case 'blended-model':
      return `α = ${plan.topDownShare} (${ctx.pct(plan.topDownShare)} top-down), growth ${ctx.pct(plan.growth, 1)}, over-assignment ${ctx.pct(plan.overAssignment, 1)}.`;
    case 'pipeline-coverage':
      return `Warning below ${c.coverage.warning}×, red below ${c.coverage.red}× of the first plan quarter's quota.`;
    case 'quota-to-ote':
      return `Band ${c.quotaToOte.min}–${c.quotaToOte.max}×.`;
    case 'back-test':
      return ctx.backtest === null
        ? `Band ${ctx.pct(c.backtest.passMin)}–${ctx.pct(c.backtest.passMax)}.`
        : `Band ${ctx.pct(c.backtest.passMin)}–${ctx.pct(c.backtest.passMax)}; this plan: ${ctx.pct(ctx.backtest.shareAttaining, 1)} (${ctx.backtest.verdict}).`;
    default:
      return '—';
  }
}

export function definitionsDoc(ctx: DocsContext): Doc {
  const statuses = ctx.definitions.map((d) => ({ d, s: approvalText(d) }));
  const approved = statuses.filter((x) => x.s.approved).length;
  const everyone = DEFINITION_APPROVER_TITLES.map(titleWords).join(' and ');
  const blocks: Block[] = [
    b.p(
      'Quotas fail politically when people disagree on what counts. These are the terms the quota model uses, with the values this plan gives them; the VP of Sales and the CRO sign each one off before the quotas are rolled out. Disagreements (what is new business, what is expansion, is a renewal a booking) are settled here, not in mid-quarter disputes.',
    ),
    approved === statuses.length && statuses.length > 0
      ? b.note(
          `Approved: all ${statuses.length} definitions are approved by ${everyone}.`,
          'success',
        )
      : b.note(
          `Pending approval by ${everyone}: ${statuses.length - approved} of ${statuses.length} definitions are not yet approved by both.`,
          'warning',
        ),
    b.table(
      [col.l('Term'), col.l('Definition'), col.l('In this plan'), col.l('Approval')],
      statuses.map(({ d, s }) => [
        d.term.term,
        d.term.definition,
        inThisPlan(ctx, d.term.key),
        s.text,
      ]),
    ),
    b.h1('Sign-off'),
    b.table(
      [col.l('Title'), col.l('Name'), col.l('Date'), col.l('Terms approved')],
      DEFINITION_APPROVER_TITLES.map((t) => {
        const mine = ctx.definitions
          .map((d) => d.approvals.find((a) => a.title === t))
          .filter((a) => a !== undefined);
        const last = [...mine].sort((x, y) => (x.at < y.at ? 1 : -1))[0];
        return [
          titleWords(t),
          last?.by ?? '________________',
          last?.at ?? '__________',
          `${mine.length} of ${ctx.definitions.length}`,
        ];
      }),
    ),
  ];
  return {
    path: 'definitions',
    title: 'Definition Alignment Document',
    subtitle: `${ctx.plan.name} · status on ${ctx.generatedOn}`,
    audience: 'VP Sales, CRO, RevOps and every manager',
    blocks,
  };
}
