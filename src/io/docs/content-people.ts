// The package's documents for people: one quota letter per rep, manager talking points per team
// (each rep's quota and why, the likely objections with the answers the data gives) and the rep
// FAQ answered with this plan's numbers.

import type { RepAllocation } from '../../core/engine/index.ts';
import { rolePlan } from '../../core/plan/defaults.ts';
import { median } from '../../core/stats.ts';
import { WEIGHT_COMPONENTS } from '../../core/plan/types.ts';
import { daysInMonthIndex, monthIndex } from '../../core/dates.ts';
import type { DocsContext, Team } from './context.ts';
import { monthName } from './context.ts';
import { b, col, type Block, type Doc } from './model.ts';

const COMPONENT_WORDS: Record<string, string> = {
  potential: 'account potential per rep',
  accounts: 'accounts per rep',
  win_rate: 'win rate',
};

/** The months and quarters of a quota as tables, and its monthly chart. */
function quotaTables(ctx: DocsContext, rep: RepAllocation): Block[] {
  const a = ctx.run.allocation;
  const half = Math.ceil(a.months / 2);
  const monthRows: string[][] = [];
  for (let k = 0; k < half; k++) {
    const second = k + half;
    monthRows.push([
      monthName(a.monthLabels[k] ?? ''),
      ctx.money2(rep.monthly[k] ?? 0),
      second < a.months ? monthName(a.monthLabels[second] ?? '') : '',
      second < a.months ? ctx.money2(rep.monthly[second] ?? 0) : '',
    ]);
  }
  return [
    b.table([col.l('Month'), col.r('Quota'), col.l('Month'), col.r('Quota')], monthRows),
    b.table(
      [...a.quarterLabels.map((q) => col.r(q)), col.r('Year')],
      [[...rep.quarters.map((q) => ctx.money2(q)), ctx.money2(rep.quota)]],
      'Months add up to the quarters and the quarters to the year, to the cent.',
    ),
    b.chart({
      id: 'monthly',
      title: `${rep.name}: quota by month`,
      kind: 'bar',
      categories: a.monthLabels.map(monthName),
      series: [{ name: 'Quota', values: rep.monthly.map((m) => m / 100) }],
      unit: 'money',
      currency: ctx.plan.currency,
      alt: `Monthly quota of ${rep.name}: ${a.monthLabels.map((l, k) => `${l} ${ctx.money(rep.monthly[k] ?? 0)}`).join(', ')}.`,
    }),
  ];
}

function territoryText(ctx: DocsContext, rep: RepAllocation): string {
  const t = ctx.run.allocation.weights.territories.find((x) => x.id === rep.territoryId);
  if (t === undefined)
    return 'You have no territory in the plan, so your territory weight is 1 (neutral).';
  if (t.override !== null) {
    return `You cover ${t.name}. Its territory weight is ${t.weight.toFixed(2)}, set by hand in the plan (the data alone gave ${t.computed.toFixed(2)}).`;
  }
  const parts = WEIGHT_COMPONENTS.filter((c) => t.normalised[c] !== null).map(
    (c) => `${COMPONENT_WORDS[c] ?? c} ${ctx.pct(t.normalised[c] ?? 1)} of the average`,
  );
  return `You cover ${t.name}. Its territory weight is ${t.weight.toFixed(2)}${t.computed !== t.index ? ` (bounded from ${t.index.toFixed(2)})` : ''}: ${parts.join(', ')}. A weight above 1 means a richer patch than the average territory and a larger top-down share; below 1, a smaller one.`;
}

function rampText(ctx: DocsContext, rep: RepAllocation): string {
  const a = ctx.run.allocation;
  const ramp = rolePlan(ctx.plan, rep.role).ramp;
  if (rep.effective.every((e) => e >= 1 - 1e-9)) {
    return `You are fully ramped for the whole plan: your quota counts ${a.months} full selling months.`;
  }
  const parts: string[] = [];
  if (rep.startDate !== null && rep.startDate >= a.start) {
    parts.push(
      `you start on ${rep.startDate}; your ramp expects ${ramp.map((x) => ctx.pct(x)).join(', ')} of full productivity in your first ${ramp.length} months, then 100%`,
    );
  } else if (rep.startDate !== null && rep.effective.some((e) => e > 0 && e < 1 - 1e-9)) {
    parts.push(`you are finishing the ramp that began on ${rep.startDate}`);
  }
  if (rep.endDate !== null) parts.push(`your quota ends with your last day, ${rep.endDate}`);
  const months = a.monthLabels
    .map((l, k) => ({ l, e: rep.effective[k] ?? 0 }))
    .filter((m) => m.e < 1 - 1e-9)
    .map((m) => `${monthName(m.l)} ${ctx.pct(m.e)}`);
  return `Your quota counts ${ctx.num(rep.effectiveMonths, 2)} effective selling months of ${a.months}: ${parts.join('; ')}. Months below full capacity: ${months.join(', ')}.`;
}

export function letterDoc(ctx: DocsContext, rep: RepAllocation, path: string): Doc {
  const a = ctx.run.allocation;
  const exp = ctx.explanation(rep.id);
  const d = exp?.derivation;
  const manager = ctx.personName(rep.managerId);
  const assumed = ctx.run.assumptions.entries.filter(
    (e) => e.status === 'ASSUMED' && e.reps.includes(rep.id),
  );
  const { green, red } = ctx.plan.checks.indicators;
  const blocks: Block[] = [
    b.p(`Dear ${rep.name},`),
    b.p(
      `your ${ctx.label} quota is ${ctx.money2(rep.quota)} of ${ctx.measureWords(rep)}, for ${monthName(a.monthLabels[0] ?? '')} to ${monthName(a.monthLabels.at(-1) ?? '')}. This letter shows it by month and quarter, how it was set, and where you can follow your progress.`,
    ),
    b.h1('Your quota by month and quarter'),
    ...quotaTables(ctx, rep),
    b.h1('Your territory'),
    b.p(territoryText(ctx, rep)),
    b.h1('Your selling time and ramp'),
    b.p(rampText(ctx, rep)),
    b.h1('How your quota was set'),
    // The engine's first sentence restates the quota, which the letter opens with.
    b.p(exp?.sentences.slice(1).join(' ') ?? ''),
  ];
  if (d !== undefined && rep.quota > 0) {
    blocks.push(
      b.table(
        [col.l('Step'), col.r('Amount')],
        [
          [`Target of your segment (${ctx.segmentLabel(rep.segment)})`, ctx.money(d.segmentTarget)],
          ['Top-down part: your territory and time’s share', ctx.money(d.topDown)],
          ['Bottom-up part: your expected productivity', ctx.money(d.bottomUp)],
          [
            `Blend: ${ctx.pct(d.topDownShare)} top-down, ${ctx.pct(1 - d.topDownShare)} bottom-up`,
            ctx.money(d.blended),
          ],
          [`With ${ctx.pct(d.overAssignment, 1)} over-assignment`, ctx.money2(d.unrounded)],
          [`Rounded to whole ${ctx.money(d.roundingUnit)}`, ctx.money2(rep.quota)],
        ],
      ),
    );
  }
  blocks.push(b.h1('Where to track it'));
  blocks.push(
    b.p(
      `Follow your attainment in ${ctx.trackingPlace}. Attainment is your credited bookings divided by your quota for the same period; while a period is open it is compared with the quota expected to date (the finished months plus the share of the current month that has passed). Green means above ${ctx.pct(green)} of that pace, yellow ${ctx.pct(red)}–${ctx.pct(green)}, red below ${ctx.pct(red)}.`,
    ),
  );
  blocks.push(
    b.p(
      manager === null
        ? 'Questions about your quota go to RevOps, who keep the plan and its inputs.'
        : `Questions about your quota go to ${manager}, who has the derivation of every quota in the team, or to RevOps.`,
    ),
  );
  if (assumed.length > 0) {
    blocks.push(
      b.note(
        `Draft: ${assumed.length} input${assumed.length === 1 ? '' : 's'} behind your quota ${assumed.length === 1 ? 'is' : 'are'} still awaiting confirmation (${assumed
          .slice(0, 4)
          .map((e) => e.label.toLowerCase())
          .join(
            ', ',
          )}${assumed.length > 4 ? ', …' : ''}). The number may change until the plan is signed off.`,
        'warning',
      ),
    );
  }
  return {
    path,
    title: `${rep.name}: your ${ctx.label} quota`,
    subtitle: `${ctx.plan.name} · quota letter · ${ctx.generatedOn}`,
    // The id only when it tells more than the name (CRMs that key reps by name repeat it).
    audience: rep.id === rep.name ? rep.name : `${rep.name} (${rep.id})`,
    blocks,
  };
}

/** Objections a rep is likely to raise, with the answer the data gives. */
function objections(ctx: DocsContext, rep: RepAllocation, team: Team): { q: string; a: string }[] {
  const out: { q: string; a: string }[] = [];
  const plan = ctx.plan;
  const a = ctx.run.allocation;
  const seller = ctx.seller(rep.id);
  const lastYear = seller?.trailing12 ?? 0;
  const companyUp = ctx.lastYear > 0 ? a.target / ctx.lastYear - 1 : null;
  if (lastYear > 0 && rep.quota > lastYear) {
    out.push({
      q: `“My quota is ${ctx.pct(rep.quota / lastYear - 1)} above what I sold last year.”`,
      a: `Last year ${rep.name} booked ${ctx.money(lastYear)}. ${companyUp === null ? '' : `The company target is ${ctx.pct(companyUp)} above last year's ${ctx.money(ctx.lastYear)}, and quotas add ${ctx.pct(plan.overAssignment, 1)} over-assignment on top. `}The bottom-up part already expects ${ctx.money(rep.productivity)} per fully ramped month, × (1 + ${ctx.pct(plan.growth, 1)}) growth; the rest is the territory's share of the target.`,
    });
  } else if (lastYear > 0) {
    out.push({
      q: '“My quota is lower than what I sold last year: am I being written down?”',
      a: `No: the quota is ${ctx.money(rep.quota)} against ${ctx.money(lastYear)} booked last year because it follows the territory's opportunity and the selling time in the plan (${ctx.num(rep.effectiveMonths)} months), not last year's number. Anything above quota is upside.`,
    });
  }
  const t = a.weights.territories.find((x) => x.id === rep.territoryId);
  if (t !== undefined) {
    out.push({
      q:
        t.weight >= 1
          ? '“My territory is not richer than the others.”'
          : '“My territory is being treated as weak.”',
      a: `${t.name}'s weight is ${t.weight.toFixed(2)}${t.override !== null ? ' (set by hand in the plan)' : ''}: ${WEIGHT_COMPONENTS.filter(
        (c) => t.normalised[c] !== null,
      )
        .map((c) => `${COMPONENT_WORDS[c] ?? c} ${ctx.pct(t.normalised[c] ?? 1)} of the average`)
        .join(
          ', ',
        )}. The weight is bounded to ${plan.territoryWeights.min}–${plan.territoryWeights.max} and confirmed by sales leadership; if the data misses something about the territory, raise it with RevOps before sign-off.`,
    });
  }
  if (rep.effective.some((e) => e < 1 - 1e-9)) {
    out.push({
      q: '“I am not selling the whole year at full speed.”',
      a: `The quota already counts that: ${ctx.num(rep.effectiveMonths, 2)} effective months of ${a.months}, with the ramp and the start or end date applied month by month.`,
    });
  }
  const peers = team.reps.filter((r) => r.id !== rep.id && r.measure === rep.measure);
  const peerMedian = median(peers.map((r) => r.quota));
  if (peerMedian !== null && peers.length > 0) {
    const diff = rep.quota - peerMedian;
    out.push({
      q:
        diff >= 0
          ? '“Why is mine higher than my colleagues’?”'
          : '“Why is mine lower than my colleagues’?”',
      a: `The team's median is ${ctx.money(peerMedian)}; ${rep.name}'s is ${ctx.money(Math.abs(diff))} ${diff >= 0 ? 'above' : 'below'} it. The differences come from territory weight (${rep.weight.toFixed(2)}), selling time (${ctx.num(rep.effectiveMonths)} months) and the productivity record (${ctx.money(rep.productivity)} per month, ${ctx.pct(rep.credibility)} from their own history) — the same formula for everyone.`,
    });
  }
  const bt = ctx.backtestRep(rep.id);
  if (bt !== undefined && bt.quota > 0) {
    out.push({
      q: '“Is this achievable?”',
      a: `Under the same method last year, ${rep.name}'s quota would have been ${ctx.money(bt.quota)} and they booked ${ctx.money(bt.bookings)}: ${ctx.pct(bt.attainment)} attainment. Across the team ${ctx.pct(ctx.backtest?.shareAttaining ?? 0)} of reps would have attained.`,
    });
  }
  const ote = ctx.run.checks.checks
    .find((c) => c.code === 'quota-to-ote')
    ?.findings.find((f) => f.subject.id === rep.id);
  if (ote !== undefined && ote.status === 'warning' && ote.value !== null) {
    out.push({
      q: '“My quota is out of line with my pay.”',
      a: `At full speed the quota is ${ote.value.toFixed(1)}× OTE, outside the ${plan.checks.quotaToOte.min}–${plan.checks.quotaToOte.max}× band: the check is flagged to the compensation team.`,
    });
  }
  const coverage = ctx.run.checks.checks
    .find((c) => c.code === 'pipeline-coverage')
    ?.findings.find((f) => f.subject.id === rep.id);
  if (
    coverage !== undefined &&
    (coverage.status === 'red' || coverage.status === 'warning') &&
    coverage.value !== null
  ) {
    out.push({
      q: '“My pipeline will not carry the first quarter.”',
      a: `Right now the open pipeline closing in the first quarter covers ${coverage.value.toFixed(2)}× the first-quarter quota (${ctx.money(rep.quarters[0] ?? 0)}), below the ${plan.checks.coverage.warning}× the plan looks for: agree a pipeline plan in the first one-to-one.`,
    });
  }
  return out;
}

export function talkingPointsDoc(ctx: DocsContext, team: Team, path: string): Doc {
  const a = ctx.run.allocation;
  const total = team.reps.reduce((s, r) => s + r.quota, 0);
  const last = team.reps.reduce((s, r) => s + (ctx.seller(r.id)?.trailing12 ?? 0), 0);
  const attained = team.reps.map((r) => ctx.backtestRep(r.id)).filter((r) => r !== undefined);
  const blocks: Block[] = [
    b.p(
      `${team.name}'s team carries ${ctx.money(total)} in ${ctx.label} quotas over ${team.reps.length} rep${team.reps.length === 1 ? '' : 's'}${last > 0 ? `, against ${ctx.money(last)} booked by the same people last year` : ''}. ${attained.length > 0 ? `Under this method last year, ${attained.filter((r) => r.attainment >= 1).length} of ${attained.length} would have attained. ` : ''}Every quota below comes from the same formula; the reasons are the rep's territory, selling time and track record.`,
    ),
    b.table(
      [
        col.l('Rep'),
        col.l('Territory'),
        col.r('Weight'),
        col.r('Months'),
        col.r('Last year'),
        ...a.quarterLabels.map((q) => col.r(q)),
        col.r('Annual quota'),
      ],
      team.reps.map((r) => [
        r.name,
        r.territoryName ?? '—',
        r.weight.toFixed(2),
        ctx.num(r.effectiveMonths),
        ctx.money(ctx.seller(r.id)?.trailing12 ?? 0),
        ...r.quarters.map((q) => ctx.money(q)),
        ctx.money(r.quota),
      ]),
    ),
  ];
  if (team.reps.length > 1 && team.reps.length <= 40) {
    blocks.push(
      b.chart({
        id: 'team',
        title: `${team.name}: annual quotas`,
        kind: 'bar',
        categories: team.reps.map((r) => r.name),
        series: [
          { name: 'Annual quota', values: team.reps.map((r) => r.quota / 100) },
          {
            name: 'Booked last year',
            values: team.reps.map((r) => (ctx.seller(r.id)?.trailing12 ?? 0) / 100),
          },
        ],
        unit: 'money',
        currency: ctx.plan.currency,
        alt: `Annual quota and last year's bookings for ${team.name}'s team.`,
      }),
    );
  }
  for (const rep of team.reps) {
    blocks.push(b.h2(`${rep.name}: ${ctx.money(rep.quota)}`));
    blocks.push(b.p(ctx.explanation(rep.id)?.sentences.slice(1).join(' ') ?? ''));
    const list = objections(ctx, rep, team);
    if (list.length > 0) {
      blocks.push(b.h3('Likely objections, and what the data says'));
      blocks.push(b.list(list.map((o) => `${o.q} ${o.a}`)));
    }
  }
  return {
    path,
    title: `Talking points: ${team.name}'s team`,
    subtitle: `${ctx.plan.name} · manager talking points · ${ctx.generatedOn}`,
    audience:
      team.id === ''
        ? 'sales leadership (reps without a manager)'
        : `${team.name} and sales leadership`,
    blocks,
  };
}

export function faqDoc(ctx: DocsContext): Doc {
  const { plan, run } = ctx;
  const a = run.allocation;
  const weights = a.weights.territories;
  const blocks: Block[] = [];
  const qa = (q: string, ...answer: Block[]): void => {
    blocks.push(b.h2(q), ...answer);
  };
  const up = ctx.lastYear > 0 ? a.target / ctx.lastYear - 1 : null;
  const changes = ctx.bookingsReps
    .map((r) => ({ r, last: ctx.seller(r.id)?.trailing12 ?? 0 }))
    .filter((x) => x.last > 0 && x.r.effectiveMonths >= a.months - 1e-9)
    .map((x) => x.r.quota / x.last - 1);
  const medianChange = median(changes);
  qa(
    'Why is my quota higher than last year?',
    b.p(
      `${up === null ? `The company target is ${ctx.money(a.target)}.` : `The company target is ${ctx.money(a.target)}, ${ctx.pct(up, 1)} ${up >= 0 ? 'above' : 'below'} last year's ${ctx.money(ctx.lastYear)} of bookings by the reps in this plan.`} Quotas add ${ctx.pct(plan.overAssignment, 1)} over-assignment, a cushion for misses, so they sum to ${ctx.money(a.quota)}. ${medianChange === null ? '' : `For reps with a full year in both years, the median quota is ${ctx.pct(Math.abs(medianChange))} ${medianChange >= 0 ? 'above' : 'below'} what they booked last year. `}Your own quota follows your territory and selling time (${ctx.pct(plan.topDownShare)}) and your track record × (1 + ${ctx.pct(plan.growth, 1)}) growth (${ctx.pct(1 - plan.topDownShare)}); your quota letter shows each part.`,
    ),
  );
  const richest = [...weights].sort((x, y) => y.weight - x.weight)[0];
  const poorest = [...weights].sort((x, y) => x.weight - y.weight)[0];
  qa(
    'How does territory weighting work?',
    b.p(
      `Territories differ: more potential, more accounts, a better win rate. Each territory's weight compares it with the average territory on ${WEIGHT_COMPONENTS.filter(
        (c) => a.weights.coefficients[c] > 0,
      )
        .map((c) => `${COMPONENT_WORDS[c] ?? c} (${ctx.pct(a.weights.coefficients[c])})`)
        .join(
          ', ',
        )}, bounded to ${plan.territoryWeights.min}–${plan.territoryWeights.max}. ${richest !== undefined && poorest !== undefined ? `In this plan weights run from ${poorest.weight.toFixed(2)} (${poorest.name}) to ${richest.weight.toFixed(2)} (${richest.name}). ` : 'This plan has no territories, so every weight is 1. '}The weight scales only the top-down part of a quota (${ctx.pct(plan.topDownShare)}); the bottom-up part compares people, not patches, because cohort productivity is measured territory-neutral.`,
    ),
  );
  const full = ctx.bookingsReps.filter(
    (r) => r.effectiveMonths >= a.months - 1e-9 && r.territoryId !== null,
  );
  const mid = Math.min(a.months - 1, 5);
  const from = full[0];
  const to = full.find((r) => r.territoryId !== from?.territoryId);
  const midLabel = a.monthLabels[mid] ?? '';
  let move: Block[];
  if (from !== undefined && to !== undefined && midLabel !== '') {
    const days = daysInMonthIndex(monthIndex(`${midLabel}-01`));
    const before = Math.floor(days / 2);
    const oldQ = from.monthly[mid] ?? 0;
    const newQ = to.monthly[mid] ?? 0;
    const blended = Math.round((oldQ * before) / days + (newQ * (days - before)) / days);
    move = [
      b.p(
        `Your quota moves with you, from the day of the move: the month of the move is split by days (the old month's quota × days before the move ÷ days in the month + the new one × days from the move ÷ days in the month); later months take the new territory's quota. Every change is recorded with who, when, why, the values before and after and its approval; more than one rep moving in one period is a structural change and goes back to the plan.`,
      ),
      b.p(
        `Example with this plan's numbers: a rep with ${from.name}'s ${monthName(midLabel)} quota of ${ctx.money2(oldQ)} (${from.territoryName ?? ''}) moving on day ${before + 1} to a quota like ${to.name}'s ${ctx.money2(newQ)} (${to.territoryName ?? ''}) carries ${ctx.money2(oldQ)} × ${before}/${days} + ${ctx.money2(newQ)} × ${days - before}/${days} = ${ctx.money2(blended)} in ${monthName(midLabel)}.`,
      ),
    ];
  } else {
    move = [
      b.p(
        'Your quota moves with you, from the day of the move: the month of the move is split by days between the old and the new quota; later months take the new values. The change is recorded with who, when, why and its approval.',
      ),
    ];
  }
  qa('What happens if I switch territories?', ...move);
  const roles = [...new Set(a.reps.map((r) => r.role))].sort();
  const hires = a.reps.filter((r) => r.planned);
  qa(
    'How was my ramp set?',
    b.p(
      `New hires are expected to reach full productivity gradually: ${roles
        .map(
          (r) =>
            `${r} ${
              rolePlan(plan, r)
                .ramp.map((x) => ctx.pct(x))
                .join(' / ') || 'no ramp'
            }`,
        )
        .join(
          '; ',
        )} in the first months, then 100%. The month you start counts only the days you are employed. ${hires.length > 0 ? `This plan has ${hires.length} planned hire${hires.length === 1 ? '' : 's'} (${hires.map((h) => `${h.name} from ${h.startDate ?? ''}`).join(', ')}).` : ''}`,
    ),
  );
  qa(
    'What counts toward my quota?',
    b.p(
      `Won deals of the types your role counts (${roles
        .map(
          (r) =>
            `${r}: ${rolePlan(plan, r)
              .counts.map((t) => t.replace('_', ' '))
              .join(' and ')}`,
        )
        .join(
          '; ',
        )}), credited to the deal owner on the close date, or shared by the credit splits when a deal has them, in ${plan.currency}. The Definition Alignment Document has the exact definitions and who approved them.`,
    ),
  );
  const { green, red } = plan.checks.indicators;
  qa(
    'Where do I track my attainment, and what do the colours mean?',
    b.p(
      `In ${ctx.trackingPlace}. Attainment = credited bookings ÷ quota for the period. While a period is open you are compared with the pace expected to date: green above ${ctx.pct(green)}, yellow from ${ctx.pct(red)} to ${ctx.pct(green)}, red below ${ctx.pct(red)}.`,
    ),
  );
  const bt = ctx.backtest;
  qa(
    'How likely am I to make it?',
    b.p(
      bt === null
        ? 'The back-test was not run for this plan.'
        : `Applied to last year, this method would have had ${ctx.pct(bt.shareAttaining, 1)} of reps attaining (${bt.verdict}; the healthy band is ${ctx.pct(plan.checks.backtest.passMin)}–${ctx.pct(plan.checks.backtest.passMax)}). Quotas are meant to be reachable for most reps, not for everyone.`,
    ),
  );
  qa(
    'What if I think my quota is wrong?',
    b.p(
      `Talk to your manager first: they have the derivation of every quota in the team and the data behind each input. Corrections to data (a deal credited to the wrong rep, a territory that changed) go to RevOps; a change to a quota after sign-off needs an approval and is recorded. ${run.assumptions.assumed > 0 ? `Until sign-off, ${run.assumptions.assumed} inputs of the plan are still being confirmed.` : ''}`,
    ),
  );
  return {
    path: 'faq',
    title: `Your ${ctx.label} quota: questions and answers`,
    subtitle: `${plan.name} · rep FAQ · ${ctx.generatedOn}`,
    audience: 'every rep with a quota',
    blocks,
  };
}
