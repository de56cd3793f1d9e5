import { describe, expect, it } from 'vitest';
import { PRESETS } from './model.ts';
import type { SimulationModel } from './model.ts';
import { simulateTrials, summariseTrials } from './trials.ts';

/** One or more sellers with given monthly means and deal sizes, no attrition. */
function model(
  sellers: { mu: number[]; sizes: number[]; quota?: number }[],
  overrides: Partial<SimulationModel> = {},
): SimulationModel {
  const months = sellers[0]?.mu.length ?? 12;
  const sizeRange = new Int32Array(2 * sellers.length);
  let at = 0;
  sellers.forEach((s, i) => {
    sizeRange[2 * i] = at;
    at += s.sizes.length;
    sizeRange[2 * i + 1] = at;
  });
  return {
    scenario: 'test',
    levers: PRESETS.expected,
    seed: 42,
    months,
    ids: sellers.map((_, i) => `r${i}`),
    names: sellers.map((_, i) => `Rep ${i}`),
    quota: Float64Array.from(sellers.map((s) => s.quota ?? 0)),
    mu: Float64Array.from(sellers.flatMap((s) => s.mu)),
    sizeRange,
    sizes: Float64Array.from(sellers.flatMap((s) => s.sizes)),
    hazard: 0,
    target: 0,
    lambda: new Float64Array(sellers.length),
    sizeSource: sellers.map(() => 'own' as const),
    notes: [],
    ...overrides,
  };
}

describe('simulateTrials', () => {
  it('matches the compound-Poisson mean and variance of a rep’s annual bookings', () => {
    // Monthly means with a seasonal shape (a ramp at the start), sizes from a skewed list.
    const mu = [0.4, 0.9, 1.6, 2, 2, 2, 2.5, 2.5, 2, 2, 1.8, 3.2];
    const sizes = [100_000, 150_000, 200_000, 250_000, 1_000_000, 120_000, 90_000, 400_000];
    const m = model([{ mu, sizes }]);
    const trials = 40_000;
    const block = simulateTrials(m, 0, trials);
    const meanX = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    const meanX2 = sizes.reduce((a, b) => a + b * b, 0) / sizes.length;
    const totalMu = mu.reduce((a, b) => a + b, 0);
    const expectedMean = totalMu * meanX;
    const expectedVariance = totalMu * meanX2;
    const mean = (block.sum[0] ?? 0) / trials;
    const variance = (block.sumOfSquares[0] ?? 0) / trials - mean * mean;
    // Four standard errors of the mean; the variance within 4 %.
    expect(Math.abs(mean - expectedMean)).toBeLessThan(4 * Math.sqrt(expectedVariance / trials));
    expect(Math.abs(variance / expectedVariance - 1)).toBeLessThan(0.04);
  });

  it('gives the same result for any split of the trials into blocks', () => {
    const m = model(
      [
        { mu: new Array<number>(12).fill(1.5), sizes: [100, 250, 990], quota: 3_000 },
        { mu: new Array<number>(12).fill(0.7), sizes: [5_000, 7_000], quota: 50_000 },
      ],
      { hazard: 0.02, target: 60_000 },
    );
    const whole = summariseTrials(m, [simulateTrials(m, 0, 999)]);
    const parts = summariseTrials(m, [
      simulateTrials(m, 700, 999),
      simulateTrials(m, 0, 333),
      simulateTrials(m, 333, 700),
    ]);
    expect(parts).toEqual(whole);
    expect(whole.trials).toBe(999);
    expect(whole.p10).toBeLessThanOrEqual(whole.p50);
    expect(whole.p50).toBeLessThanOrEqual(whole.p90);
  });

  it('stops a departed rep’s bookings: with certain attrition nobody books', () => {
    const m = model([{ mu: new Array<number>(12).fill(3), sizes: [100], quota: 1 }], { hazard: 1 });
    const result = summariseTrials(m, [simulateTrials(m, 0, 50)]);
    expect(result.meanTeam).toBe(0);
    expect(result.reps[0]?.pAttain).toBe(0);
  });
});
