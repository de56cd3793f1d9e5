// The worker-thread runner: the same scenario gives deep-equal results on one thread and on
// several, reports progress up to the total, and a failing worker rejects with a clear message.

import { describe, expect, it } from 'vitest';
import {
  makeAccount,
  makeDataset,
  makeDeal,
  makeRep,
  makeTerritory,
} from '../core/audit/test-builders.ts';
import type { Deal } from '../core/model.ts';
import { runPlan } from '../core/engine/index.ts';
import { planWithDefaults } from '../core/plan/defaults.ts';
import { createRng } from '../core/random.ts';
import { buildSimulationModel, PRESETS, type SimulationModel } from '../core/simulation/index.ts';
import {
  runSimulation,
  shareModel,
  SimulationWorkerError,
  splitTrials,
} from './simulation-runner.ts';

/** Twelve reps in two territories with two years of won and lost deals. */
function smallOrg(): SimulationModel {
  const rng = createRng(11, 'runner-test');
  const reps = Array.from({ length: 12 }, (_, i) =>
    makeRep(`r${i}`, {
      territoryId: i < 6 ? 't1' : 't2',
      startDate: i === 11 ? '2025-09-01' : null,
    }),
  );
  const deals: Deal[] = [];
  for (const rep of reps) {
    for (let d = 0; d < 40; d++) {
      const year = d % 2 === 0 ? 2024 : 2025;
      if (rep.startDate !== null && year === 2024) continue;
      const month = String(1 + rng.int(12)).padStart(2, '0');
      deals.push(
        makeDeal(`${rep.id}-${d}`, {
          ownerId: rep.id,
          accountId: `a-${rep.territoryId}`,
          amount: 100_000 + rng.int(2_000_000),
          originalAmount: null,
          createdDate: `${year}-${month}-01`,
          closeDate: `${year}-${month}-20`,
          status: rng.next() < 0.4 ? 'won' : 'lost',
        }),
      );
    }
  }
  const dataset = makeDataset({
    settings: { asOf: '2025-12-31' },
    territories: [makeTerritory('t1'), makeTerritory('t2')],
    accounts: [
      makeAccount('a-t1', { territoryId: 't1' }),
      makeAccount('a-t2', { territoryId: 't2' }),
    ],
    reps,
    deals,
  });
  const plan = planWithDefaults({
    name: 'Runner test',
    start: '2026-01-01',
    currency: 'USD',
    target: { kind: 'total', total: 12 * 8 * 120_000_000 },
    seed: 5,
  });
  const run = runPlan(dataset, plan);
  return buildSimulationModel(plan, run.history, run.allocation, {
    name: 'expected',
    levers: PRESETS.expected,
  });
}

describe('runSimulation', () => {
  it('gives deep-equal results on 1 and on 3 workers, and reports progress to the total', async () => {
    const model = smallOrg();
    expect(model.ids.length).toBe(12);
    const one = await runSimulation(model, 301, { workers: 1 });
    const seen: number[] = [];
    const three = await runSimulation(model, 301, {
      workers: 3,
      progress: (done, total) => {
        expect(total).toBe(301);
        seen.push(done);
      },
    });
    expect(three).toEqual(one);
    expect(one.trials).toBe(301);
    expect(one.meanTeam).toBeGreaterThan(0);
    expect(one.p10).toBeLessThanOrEqual(one.p50);
    expect(one.p50).toBeLessThanOrEqual(one.p90);
    expect(seen.at(-1)).toBe(301);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('puts the large arrays of a model into shared memory once', () => {
    const model = smallOrg();
    const shared = shareModel(model);
    for (const key of ['mu', 'sizes', 'sizeRange', 'quota'] as const) {
      expect(shared[key].buffer, key).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(shared[key]), key).toEqual(Array.from(model[key]));
    }
    expect(shareModel(model)).toBe(shared);
  });

  it('splits the trials into contiguous blocks covering all of them', () => {
    expect(splitTrials(10, 3)).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 6 },
      { from: 6, to: 10 },
    ]);
    // Never more blocks than trials.
    expect(splitTrials(2, 4)).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 2 },
    ]);
  });

  it('rejects with the worker, its trials and the cause when a worker fails', async () => {
    const broken = { ...smallOrg(), mu: [1, 2, 3] } as unknown as SimulationModel;
    const run = runSimulation(broken, 20, { workers: 2 });
    await expect(run).rejects.toBeInstanceOf(SimulationWorkerError);
    await expect(run).rejects.toThrow(
      /simulation worker [12] of 2 \(trials \d+–\d+ of scenario expected\) failed: the simulation worker got no valid model/,
    );
  });

  it('refuses a number of workers or trials below 1', async () => {
    const model = smallOrg();
    await expect(runSimulation(model, 10, { workers: 0 })).rejects.toThrow(
      'workers must be a whole number of 1 or more (got 0)',
    );
    await expect(runSimulation(model, 0)).rejects.toThrow(
      'trials must be a whole number of 1 or more',
    );
  });
});
