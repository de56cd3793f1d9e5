// `npm run bench:simulation`: the scenario simulation of issue 4 — 2,000 trials × 5,000 reps × 12
// months through the worker-thread runner (goal < 5 s on the 2-core machine). The organisation is
// bench/plan-engine.ts's synthetic one. Prints wall time, trials/s, peak RSS and the workers used;
// the results go into docs/performance.md by hand, with the machine and date.

import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runPlan } from '../src/core/engine/index.ts';
import { planWithDefaults } from '../src/core/plan/defaults.ts';
import { buildSimulationModel, PRESETS } from '../src/core/simulation/index.ts';
import { defaultWorkers, runSimulation } from '../src/services/simulation-runner.ts';
import { syntheticOrg } from './plan-engine.ts';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '5000' },
    trials: { type: 'string', default: '2000' },
    'deals-per-rep': { type: 'string', default: '24' },
    workers: { type: 'string', default: String(defaultWorkers()) },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '7' },
  },
});

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const reps = Number(values.reps);
const trials = Number(values.trials);
const runs = Number(values.runs);
const workerCounts = values.workers.split(',').map(Number);

console.log(
  `simulation benchmark — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}, load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
let t = process.hrtime.bigint();
const plan = planWithDefaults({
  name: 'Bench',
  start: '2026-01-01',
  currency: 'USD',
  target: { kind: 'total', total: reps * 30_000_000 },
  seed: Number(values.seed),
});
const run = runPlan(syntheticOrg(reps, Number(values['deals-per-rep']), Number(values.seed)), plan);
const planMs = ms(t);
t = process.hrtime.bigint();
const model = buildSimulationModel(plan, run.history, run.allocation, {
  name: 'expected',
  levers: PRESETS.expected,
});
const modelMs = ms(t);
console.log(
  `${model.ids.length.toLocaleString('en-US')} sellers × ${model.months} months, ${trials.toLocaleString('en-US')} trials; ` +
    `plan run ${planMs.toFixed(0)} ms, model ${modelMs.toFixed(0)} ms (not timed below)`,
);
for (const workers of workerCounts) {
  const walls: number[] = [];
  let p50 = 0;
  for (let k = 0; k < runs; k++) {
    t = process.hrtime.bigint();
    const result = await runSimulation(model, trials, { workers });
    walls.push(ms(t));
    p50 = result.p50;
  }
  const sorted = [...walls].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1] ?? 0;
  console.log(
    `workers ${workers}: wall ${(median / 1000).toFixed(2)} s median (${((sorted[0] ?? 0) / 1000).toFixed(2)}–${((sorted.at(-1) ?? 0) / 1000).toFixed(2)} s over ${runs} runs), ` +
      `${Math.round(trials / (median / 1000)).toLocaleString('en-US')} trials/s, ` +
      `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (this thread and its workers); p50 team ${p50} cents`,
  );
}
