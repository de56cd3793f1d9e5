// Monte Carlo trials (METHOD §8) and their summary. Trial t draws from its own random stream,
// named by the plan's seed, the scenario and t, so any split of the trials over worker threads
// gives the same numbers as one thread. Bookings are whole cents, so every sum is exact whatever
// the order of addition.

import { createRng } from '../random.ts';
import { quantileSorted } from '../stats.ts';
import type { SimulationModel } from './model.ts';

/** Monthly means below this are drawn by inversion; larger ones by the generator's PTRS sampler. */
const INVERSION_LIMIT = 30;

/** What a block of trials [from, to) produced. */
export interface TrialBlock {
  from: number;
  to: number;
  /** Team bookings of each trial of the block. */
  team: Float64Array;
  /** Reps with quota who attained, per trial of the block. */
  attainedReps: Uint32Array;
  /** Per seller: trials in which it attained; Σ and Σ² of its annual bookings. */
  attained: Uint32Array;
  sum: Float64Array;
  sumOfSquares: Float64Array;
}

/** Runs trials [from, to) of a model; `progress` is called with the number of trials done so far. */
export function simulateTrials(
  model: SimulationModel,
  from: number,
  to: number,
  progress?: (done: number) => void,
): TrialBlock {
  const n = model.ids.length;
  const L = model.months;
  const { mu, sizes, sizeRange, quota, hazard } = model;
  const count = Math.max(0, to - from);
  const block: TrialBlock = {
    from,
    to,
    team: new Float64Array(count),
    attainedReps: new Uint32Array(count),
    attained: new Uint32Array(n),
    sum: new Float64Array(n),
    sumOfSquares: new Float64Array(n),
  };
  const logSurvive = hazard > 0 && hazard < 1 ? Math.log(1 - hazard) : 0;
  // e^-mean of every rep-month, once per block: Poisson draws by inversion need it.
  const expNeg = new Float64Array(mu.length);
  for (let k = 0; k < mu.length; k++) expNeg[k] = Math.exp(-(mu[k] ?? 0));
  for (let t = from; t < to; t++) {
    const rng = createRng(model.seed, `simulation:${model.scenario}:${t}`);
    const next = rng.next;
    let team = 0;
    let attainedReps = 0;
    for (let i = 0; i < n; i++) {
      // Months worked before leaving: geometric with the monthly hazard (one draw per rep).
      let months = L;
      if (hazard >= 1) months = 0;
      else if (hazard > 0) months = Math.min(L, Math.floor(Math.log(1 - next()) / logSurvive));
      const first = sizeRange[2 * i] ?? 0;
      const choices = (sizeRange[2 * i + 1] ?? 0) - first;
      let total = 0;
      if (choices > 0) {
        for (let m = 0; m < months; m++) {
          const at = i * L + m;
          const mean = mu[at] ?? 0;
          if (mean <= 0) continue;
          let deals: number;
          if (mean < INVERSION_LIMIT) {
            // Inversion: one uniform, walking the Poisson distribution function up from 0.
            const u = next();
            let p = expNeg[at] ?? 0;
            let cdf = p;
            deals = 0;
            while (u > cdf && deals < 1000) {
              deals++;
              p *= mean / deals;
              cdf += p;
            }
          } else {
            deals = rng.poisson(mean);
          }
          for (let d = 0; d < deals; d++) total += sizes[first + Math.floor(next() * choices)] ?? 0;
        }
      }
      team += total;
      block.sum[i] = (block.sum[i] ?? 0) + total;
      block.sumOfSquares[i] = (block.sumOfSquares[i] ?? 0) + total * total;
      const q = quota[i] ?? 0;
      if (q > 0 && total >= q) {
        attainedReps++;
        block.attained[i] = (block.attained[i] ?? 0) + 1;
      }
    }
    block.team[t - from] = team;
    block.attainedReps[t - from] = attainedReps;
    if (progress !== undefined && ((t - from + 1) % 50 === 0 || t + 1 === to))
      progress(t - from + 1);
  }
  return block;
}

export interface RepOutcome {
  repId: string;
  repName: string;
  quota: number;
  /** Share of trials in which the rep's bookings reached its quota. */
  pAttain: number;
  meanBookings: number;
}

export interface ScenarioResult {
  scenario: string;
  levers: SimulationModel['levers'];
  trials: number;
  seed: number;
  target: number;
  /** P(team bookings ≥ T). */
  pTeamAtTarget: number;
  meanTeam: number;
  p10: number;
  p50: number;
  p90: number;
  /** Mean over trials of the share of reps with quota who attained. */
  expectedShareAttaining: number;
  reps: RepOutcome[];
  notes: string[];
}

/** Merges blocks covering trials [0, trials) into the scenario's result. */
export function summariseTrials(
  model: SimulationModel,
  blocks: readonly TrialBlock[],
): ScenarioResult {
  const ordered = [...blocks].sort((a, b) => a.from - b.from);
  const trials = ordered.reduce((t, b) => t + (b.to - b.from), 0);
  const n = model.ids.length;
  const team = new Float64Array(trials);
  const attained = new Uint32Array(n);
  const sum = new Float64Array(n);
  let attainedReps = 0;
  let at = 0;
  for (const b of ordered) {
    team.set(b.team, at);
    at += b.team.length;
    for (const a of b.attainedReps) attainedReps += a;
    for (let i = 0; i < n; i++) {
      attained[i] = (attained[i] ?? 0) + (b.attained[i] ?? 0);
      sum[i] = (sum[i] ?? 0) + (b.sum[i] ?? 0);
    }
  }
  let atTarget = 0;
  let total = 0;
  for (const x of team) {
    total += x;
    if (x >= model.target) atTarget++;
  }
  const sorted = Float64Array.from(team).sort();
  let withQuota = 0;
  for (const q of model.quota) if (q > 0) withQuota++;
  const reps: RepOutcome[] = model.ids.map((id, i) => ({
    repId: id,
    repName: model.names[i] ?? id,
    quota: model.quota[i] ?? 0,
    pAttain: trials === 0 ? 0 : (attained[i] ?? 0) / trials,
    meanBookings: trials === 0 ? 0 : (sum[i] ?? 0) / trials,
  }));
  return {
    scenario: model.scenario,
    levers: model.levers,
    trials,
    seed: model.seed,
    target: model.target,
    pTeamAtTarget: trials === 0 ? 0 : atTarget / trials,
    meanTeam: trials === 0 ? 0 : total / trials,
    p10: trials === 0 ? 0 : quantileSorted(sorted, 0.1),
    p50: trials === 0 ? 0 : quantileSorted(sorted, 0.5),
    p90: trials === 0 ? 0 : quantileSorted(sorted, 0.9),
    expectedShareAttaining:
      trials === 0 || withQuota === 0 ? 0 : attainedReps / (trials * withQuota),
    reps,
    notes: model.notes,
  };
}
