// Every rep's quota explained: the whole derivation as data (what a spreadsheet would show in
// its cells) and as two or three plain sentences a rep can read.

import { formatAmount } from '../money.ts';
import type { Cents, IsoDate } from '../model.ts';
import type { Plan, WeightComponent } from '../plan/types.ts';
import { WEIGHT_COMPONENTS } from '../plan/types.ts';
import { rolePlan } from '../plan/defaults.ts';
import type { Allocation, Cohort, RepAllocation, SegmentAllocation } from './allocate.ts';
import type { Seller } from './history.ts';
import type { TerritoryWeight, WeightsResult } from './weights.ts';

export interface WeightExplanation {
  territoryId: string;
  territoryName: string;
  weight: number;
  computed: number;
  override: number | null;
  index: number;
  components: {
    component: WeightComponent;
    raw: number | null;
    normalised: number | null;
    coefficient: number;
  }[];
}

export interface RepExplanation {
  repId: string;
  repName: string;
  quota: Cents;
  monthly: Cents[];
  quarters: Cents[];
  derivation: {
    pool: string;
    segment: string;
    measure: RepAllocation['measure'];
    /** T_s and R_s = the segment's quotas after over-assignment. */
    segmentTarget: Cents;
    segmentTotal: Cents;
    topDownShare: number;
    growth: number;
    overAssignment: number;
    roundingUnit: Cents;
    territory: WeightExplanation | null;
    capacity: {
      startDate: IsoDate | null;
      endDate: IsoDate | null;
      planned: boolean;
      effective: number[];
      effectiveMonths: number;
      seasonalMonths: number;
    };
    productivity: {
      own: number | null;
      fitCapacity: number;
      credibility: number;
      cohort: Cohort;
      productivity: number;
    };
    bottomUpCapacity: number;
    topDown: number;
    bottomUp: number;
    /** α × top-down + (1 − α) × bottom-up, before over-assignment. */
    blended: number;
    unrounded: number;
    /** quota − unrounded: what rounding added or took. */
    roundingDelta: number;
  };
  sentences: string[];
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

const COMPONENT_WORDS: Record<WeightComponent, string> = {
  potential: 'account potential per rep',
  accounts: 'number of accounts per rep',
  win_rate: 'win rate',
};

/** One territory's weight with its components and the coefficients the index used. */
function weightExplanation(t: TerritoryWeight, weights: WeightsResult): WeightExplanation {
  return {
    territoryId: t.id,
    territoryName: t.name,
    weight: t.weight,
    computed: t.computed,
    override: t.override,
    index: t.index,
    components: WEIGHT_COMPONENTS.map((c) => ({
      component: c,
      raw: t.raw[c],
      normalised: t.normalised[c],
      coefficient: weights.coefficients[c],
    })),
  };
}

/**
 * Every territory's weight of an allocation (METHOD §4), in the allocation's order: the
 * components (raw per FTE, normalised to their mean), the coefficients used (a component the
 * data lacks is dropped and the rest rescaled to sum 1), the index, the computed weight clamped
 * to the bounds, the override and the weight the quotas use. Weights are multipliers around 1.
 */
export function explainWeights(allocation: Allocation): WeightExplanation[] {
  return allocation.weights.territories.map((t) => weightExplanation(t, allocation.weights));
}

const MEASURE_WORDS: Record<RepAllocation['measure'], string> = {
  bookings: 'bookings',
  sourced_pipeline: 'sourced pipeline',
  sourced_deals: 'sourced deals',
};

/** Explains every rep of an allocation. */
export function explainAllocation(plan: Plan, allocation: Allocation): RepExplanation[] {
  const money = (value: number): string =>
    formatAmount(value, allocation.basis, allocation.currency);
  const segmentOf = new Map<string, SegmentAllocation>();
  for (const s of allocation.segments) segmentOf.set(`${s.pool}\u0000${s.segment}`, s);
  const weightOf = new Map(allocation.weights.territories.map((t) => [t.id, t]));
  const countsOf = (role: string): string => {
    const r = rolePlan(plan, role);
    return r.counts.map((t) => t.replace('_', ' ')).join(' and ');
  };
  const fitMonths = allocation.fit.months;
  // 'FY2027 quotas' reads as 'FY2027' in "Ana's FY2027 quota is …", and 'FY2027 quotas (demo)'
  // as 'FY2027 (demo)'.
  const planLabel = allocation.name.replace(/\s+quotas?(\s*\([^)]*\))?$/i, '$1');

  return allocation.reps.map((rep): RepExplanation => {
    const seg = segmentOf.get(`${rep.pool}\u0000${rep.segment}`);
    const alpha = seg?.topDownShare ?? plan.topDownShare;
    const t = rep.territoryId === null ? undefined : weightOf.get(rep.territoryId);
    const territory = t === undefined ? null : weightExplanation(t, allocation.weights);
    const blended = alpha * rep.topDown + (1 - alpha) * rep.bottomUp;

    // Sentence 1: the number and what it counts.
    const what =
      rep.measure === 'bookings' ? `${countsOf(rep.role)} bookings` : MEASURE_WORDS[rep.measure];
    const sentences: string[] = [];
    const quarters = rep.quarters
      .map((q, k) => `${allocation.quarterLabels[k] ?? `Q${k + 1}`} ${money(q)}`)
      .join(', ');
    sentences.push(
      rep.quota === 0
        ? `${rep.name} carries no ${planLabel} quota: ${rep.effectiveMonths === 0 ? 'no selling time in the plan' : 'the segment has no target to share'}.`
        : `${rep.name}'s ${planLabel} quota is ${money(rep.quota)} of ${what} (${quarters}).`,
    );

    // Sentence 2: time and territory.
    const full = rep.effective.every((e) => e >= 1 - 1e-9);
    let time = `It assumes ${rep.effectiveMonths.toFixed(1)} effective selling months out of ${allocation.months}`;
    if (!full) {
      const parts: string[] = [];
      if (rep.startDate !== null && rep.startDate >= allocation.start) {
        const ramp = rolePlan(plan, rep.role).ramp;
        parts.push(
          `${rep.planned ? 'a planned start' : 'a start'} on ${rep.startDate}${ramp.length > 0 ? `, ramping through ${ramp.map(pct).join(', ')} of full productivity` : ''}`,
        );
      } else if (rep.startDate !== null) {
        parts.push(`the end of the ramp that began on ${rep.startDate}`);
      }
      if (rep.endDate !== null) parts.push(`a last day on ${rep.endDate}`);
      if (parts.length > 0) time += ` (${parts.join(' and ')})`;
    }
    if (t === undefined) {
      time += ', with no territory weighting (weight 1)';
    } else {
      let why = '';
      if (t.override !== null) why = ', set by hand';
      else {
        const strongest = WEIGHT_COMPONENTS.filter((c) => t.normalised[c] !== null)
          .map((c) => ({ c, n: t.normalised[c] ?? 1 }))
          .sort((a, b) => Math.abs(b.n - 1) - Math.abs(a.n - 1))[0];
        if (strongest !== undefined && Math.abs(strongest.n - 1) >= 0.005) {
          why = `: its ${COMPONENT_WORDS[strongest.c]} is ${pct(Math.abs(strongest.n - 1))} ${strongest.n > 1 ? 'above' : 'below'} the average territory`;
        }
        if (t.computed !== t.index)
          why += `${why === '' ? ':' : ';'} capped at ${t.computed.toFixed(2)}`;
      }
      time += ` in ${t.name} (territory weight ${t.weight.toFixed(2)}${why})`;
    }
    sentences.push(`${time}.`);

    // Sentence 3: the blend.
    if (rep.quota > 0 && seg !== undefined) {
      const share = `the ${rep.segment === '(none)' ? '' : `${rep.segment} `}target of ${money(seg.target)}`;
      const td = `${money(rep.topDown * (1 + plan.overAssignment))} is this territory's and time's share of ${share}`;
      let bu = '';
      if (alpha < 1) {
        const source =
          rep.own === null || rep.credibility === 0
            ? `the median of comparable reps (${rep.cohort.level}), as there is no history of their own yet`
            : rep.credibility >= 1 || rep.cohort.productivity === null
              ? `their own last ${Math.min(fitMonths, Math.round(rep.fitCapacity))} months`
              : `${pct(rep.credibility)} their own record${rep.own === 0 ? ` (no bookings in ${Math.round(rep.fitCapacity)} months)` : ''} and ${pct(1 - rep.credibility)} the median of comparable reps (${rep.cohort.level})`;
        bu = `${money(rep.bottomUp * (1 + plan.overAssignment))} follows their expected productivity of ${money(rep.productivity)} per month, weighted ${source}`;
      }
      const blend =
        alpha >= 1
          ? `All of it is top-down: ${td}.`
          : alpha <= 0
            ? `All of it is bottom-up: ${bu}.`
            : `It blends ${pct(alpha)} top-down and ${pct(1 - alpha)} bottom-up: ${td}; ${bu}.`;
      sentences.push(blend);
    }

    return {
      repId: rep.id,
      repName: rep.name,
      quota: rep.quota,
      monthly: rep.monthly,
      quarters: rep.quarters,
      derivation: {
        pool: rep.pool,
        segment: rep.segment,
        measure: rep.measure,
        segmentTarget: seg?.target ?? 0,
        segmentTotal: seg?.total ?? 0,
        topDownShare: alpha,
        growth: plan.growth,
        overAssignment: plan.overAssignment,
        roundingUnit: plan.roundingUnit,
        territory,
        capacity: {
          startDate: rep.startDate,
          endDate: rep.endDate,
          planned: rep.planned,
          effective: rep.effective,
          effectiveMonths: rep.effectiveMonths,
          seasonalMonths: rep.seasonalMonths,
        },
        productivity: {
          own: rep.own,
          fitCapacity: rep.fitCapacity,
          credibility: rep.credibility,
          cohort: rep.cohort,
          productivity: rep.productivity,
        },
        bottomUpCapacity: rep.capacity,
        topDown: rep.topDown,
        bottomUp: rep.bottomUp,
        blended,
        unrounded: rep.unrounded,
        roundingDelta: rep.quota - rep.unrounded,
      },
      sentences,
    };
  });
}

/**
 * Why a rep's quota rests on no record of their own: null when the rep has any credited won or
 * lost deal (or sourced measure) in the fit window, or is a planned hire (flagged as such);
 * otherwise a sentence saying where the quota comes from instead (the territory's top-down share
 * and comparable reps' productivity), for the "no history" flag of the quota table and scenarios.
 */
export function noHistoryReason(
  rep: Pick<RepAllocation, 'planned' | 'cohort'>,
  seller: Pick<Seller, 'won' | 'lost' | 'fitMeasure'> | undefined,
  fitMonths: number,
): string | null {
  if (rep.planned || seller === undefined) return null;
  if (seller.won + seller.lost > 0 || seller.fitMeasure !== 0) return null;
  const source =
    rep.cohort.level === 'none'
      ? "the territory's share of the target"
      : `the territory's share of the target and the median productivity of comparable reps (${rep.cohort.level})`;
  return `No won or lost deal in the ${fitMonths} months of history: the quota comes from ${source}, not from a record of their own.`;
}
