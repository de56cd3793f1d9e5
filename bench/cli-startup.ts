// `npm run bench:cli`: the CPU time the command line spends before doing anything useful: `--help`
// (issue 14's goal: under 0.5 s of CPU) and `status` on an existing demo-sized workspace. Each
// command runs in a child process several times; CPU is user + system time of the child, from
// the kernel, so it does not depend on how busy the rest of the machine is the way wall time does.
// Results go to docs/performance.md.

import { spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'quotaplan.js');

/** Reports the process's own CPU time on exit (user + system, microseconds) on standard error. */
const REPORT_CPU = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); writeSync(2, `\\nqp-cpu ${u.user + u.system}\\n`); });",
)}`;

/** Median CPU seconds (user + system) and wall seconds of `quotaplan ...args`, over `runs` runs. */
function measure(args: string[]): { cpu: number; wall: number } {
  const samples: { cpu: number; wall: number }[] = [];
  for (let r = 0; r < runs; r++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['--import', REPORT_CPU, bin, ...args], {
      encoding: 'utf8',
      env: { ...process.env, QUOTAPLAN_DB: '', DATABASE_URL: '' },
    });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`quotaplan ${args.join(' ')}: ${result.stderr}`);
    const cpu = /qp-cpu (\d+)/.exec(result.stderr)?.[1];
    if (cpu === undefined) throw new Error('the child did not report its CPU time');
    samples.push({ cpu: Number(cpu) / 1e6, wall });
  }
  const median = (xs: number[]): number =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return { cpu: median(samples.map((s) => s.cpu)), wall: median(samples.map((s) => s.wall)) };
}

console.log(
  `CLI start-up benchmark — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}, load ${loadavg()[0]?.toFixed(1)}`,
);
const db = join(await mkdtemp(join(tmpdir(), 'qp-bench-cli-')), 'db');
const demo = spawnSync(process.execPath, [bin, 'demo', '--db', db], { encoding: 'utf8' });
if (demo.status !== 0) throw new Error(`demo: ${demo.stderr}`);
for (const args of [['--help'], ['plan', '--help'], ['status', '--db', db]]) {
  const { cpu, wall } = measure(args);
  console.log(
    `quotaplan ${args.join(' ').padEnd(40)} CPU ${cpu.toFixed(2)} s (median of ${runs}), wall ${wall.toFixed(2)} s`,
  );
}
