// `npm run bench:workbook`: the quota model workbook of a generated 5,000-rep plan (the engine
// benchmark's organisation, bench/plan-engine.ts), written to XLSX. Issue 7's goal: < 10 s.
// Results go to docs/performance.md.

import { cpus } from 'node:os';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { backtestPlan } from '../src/core/backtest/backtest.ts';
import { learnHistory, runPlanOnHistory } from '../src/core/engine/index.ts';
import { planWithDefaults } from '../src/core/plan/defaults.ts';
import { buildQuotaWorkbook } from '../src/io/export/quota-workbook.ts';
import { syntheticOrg } from './plan-engine.ts';

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '7' },
  },
});
const reps = Number(values.reps);
const runs = Number(values.runs);
console.log(
  `workbook benchmark — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}`,
);
const dataset = syntheticOrg(reps, 24, Number(values.seed));
const plan = planWithDefaults({
  name: 'Bench',
  start: '2026-01-01',
  currency: 'USD',
  target: { kind: 'total', total: reps * 30_000_000 },
});
let t = process.hrtime.bigint();
const history = learnHistory(dataset, plan);
const run = runPlanOnHistory(plan, history);
const backtest = backtestPlan(dataset, plan, history, run.allocation);
const engineMs = ms(t);
if (run.blocked) throw new Error('bench plan blocked');
const dir = await mkdtemp(join(tmpdir(), 'qp-bench-workbook-'));
const times: number[] = [];
let bytes = 0;
for (let k = 0; k < runs; k++) {
  t = process.hrtime.bigint();
  const buffer = await buildQuotaWorkbook({
    plan,
    run,
    backtest,
    scenarios: null,
    meta: { source: 'bench', generatedOn: new Date().toISOString().slice(0, 10) },
  });
  const file = join(dir, 'workbook.xlsx');
  await writeFile(file, buffer);
  times.push(ms(t));
  bytes = (await stat(file)).size;
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `${reps.toLocaleString('en-US')} reps × ${run.allocation.months} months, ${run.allocation.segments.length} segments: ` +
    `engine + back-test ${(engineMs / 1000).toFixed(1)} s (not timed below); workbook built and written ` +
    `${((sorted[sorted.length >> 1] ?? 0) / 1000).toFixed(2)} s median ` +
    `(${((sorted[0] ?? 0) / 1000).toFixed(2)}–${((sorted.at(-1) ?? 0) / 1000).toFixed(2)} s over ${runs} runs), ` +
    `${(bytes / 1024 / 1024).toFixed(1)} MB; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; goal < 10 s`,
);
