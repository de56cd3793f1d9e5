// `npm run bench:server`: issue 5's server benchmark — 200 concurrent clients reading team
// attainment for a generated 5,000-rep organisation on Postgres, goal p95 < 100 ms. The server
// runs in a child process (`quotaplan serve`) so autocannon does not share its event loop.

import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { quantileSorted } from '../src/core/stats.ts';
import { createRng } from '../src/core/random.ts';
import { openDatabase, saveImport, workflow } from '../src/db/index.ts';
import type { Database } from '../src/db/index.ts';
import { createApp } from '../src/server/app.ts';
import { createAuth } from '../src/server/auth/index.ts';
import { addMember } from '../src/server/members.ts';
import { resolveAuthSecret } from '../src/services/auth-secret.ts';
import { createDraftPlan, evaluatePlanText } from '../src/services/workflow/plan-versions.ts';
import type { WorkflowContext } from '../src/services/workflow/plan-versions.ts';
import { writeQuotaOfRecord } from '../src/services/workflow/signoff.ts';
import { workspaceIn } from '../src/services/workspace.ts';
import type { Workspace } from '../src/services/workspace.ts';
import { syntheticOrg } from './plan-engine.ts';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '5000' },
    'deals-per-rep': { type: 'string', default: '24' },
    seed: { type: 'string', default: '7' },
    connections: { type: 'string', default: '200' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    runs: { type: 'string', default: '1' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    'goal-ms': { type: 'string', default: '100' },
    /** Server processes (`quotaplan serve --workers`): a number, or `auto` (one per core). */
    workers: { type: 'string', default: '1' },
    /** Keep the database afterwards (its URL is printed), to look into it; drop it by hand. */
    'keep-db': { type: 'boolean', default: false },
    /** A folder: the server process writes a V8 CPU profile there (node --cpu-prof). */
    profile: { type: 'string' },
  },
});

function positiveInteger(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`--${name} must be a whole number of at least 1 (got "${raw}")`);
  }
  return n;
}

const REPS = positiveInteger('reps', values.reps);
const DEALS_PER_REP = positiveInteger('deals-per-rep', values['deals-per-rep']);
const SEED = positiveInteger('seed', values.seed);
const CONNECTIONS = positiveInteger('connections', values.connections);
const DURATION_S = positiveInteger('duration', values.duration);
const WARMUP_S = positiveInteger('warmup', values.warmup);
const RUNS = positiveInteger('runs', values.runs);
const GOAL_MS = positiveInteger('goal-ms', values['goal-ms']);

const PASSWORD = 'bench password, long enough';
/** Bookings are refreshed to the end of the plan's first half: Q1 and Q2 complete, Q3-Q4 ahead. */
const BOOKINGS_AS_OF_MONTHS = 6;
const SYSTEM = { userId: null, email: 'bench set-up' };

function seconds(start: bigint): string {
  return (Number(process.hrtime.bigint() - start) / 1e9).toFixed(1);
}

function step(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

/** A fresh database on the server of `adminUrl` and the function that drops it. */
async function throwawayDatabase(
  adminUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `qp_bench_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end({ timeout: 5 });
      }
    },
  };
}

async function postgresVersion(adminUrl: string): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    const [row] = await sql<{ server_version: string }[]>`show server_version`;
    return row?.server_version ?? 'unknown';
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Runs `fn` over `items`, at most `parallel` at a time, in order of the items. */
async function inBatches<T, R>(
  items: readonly T[],
  parallel: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += parallel) {
    out.push(...(await Promise.all(items.slice(i, i + parallel).map(fn))));
  }
  return out;
}

interface Organisation {
  workspace: Workspace;
  planId: number;
  managers: string[];
  reps: number;
}

/**
 * The generated organisation imported, v0 drafted and published as the quota of record, and the
 * first half-year's bookings written as a bookings refresh would.
 */
async function buildOrganisation(database: Database): Promise<Organisation> {
  let t = process.hrtime.bigint();
  const dataset = syntheticOrg(REPS, DEALS_PER_REP, SEED);
  const workspace0 = await workspaceIn(database, 'bench', 'USD');
  await saveImport(
    database,
    workspace0.id,
    {
      reps: dataset.reps,
      territories: dataset.territories,
      accounts: dataset.accounts,
      products: dataset.products,
      deals: dataset.deals,
      rates: dataset.rates,
      splits: dataset.splits,
    },
    { preset: 'bench', importedBy: SYSTEM.email, options: { seed: SEED }, files: [] },
    { asOf: dataset.settings.asOf },
  );
  const workspace = await workspaceIn(database, 'bench', 'USD');
  step(`imported ${dataset.reps.length} people, ${dataset.deals.length} deals in ${seconds(t)} s`);

  t = process.hrtime.bigint();
  const context: WorkflowContext = { workspace, actor: SYSTEM };
  const { planId, version } = await createDraftPlan(context, { name: 'Bench plan' });
  const stored = await workflow.getVersion(database.db, planId, version);
  if (stored === null) throw new Error(`plan ${planId} v${version} was not saved`);
  // The sign-off gate is not what this benchmark measures: publish v0 directly.
  const evaluated = await evaluatePlanText(workspace, stored.planYaml, 'bench plan');
  await writeQuotaOfRecord(context, planId, version, evaluated);
  step(`drafted and published plan ${planId} in ${seconds(t)} s`);

  t = process.hrtime.bigint();
  const rows = await workflow.quotasOfRecordInScope(database.db, planId, { kind: 'all' });
  const plan = await workflow.getPlan(database.db, workspace.id, planId);
  if (plan?.periodStart == null) throw new Error(`plan ${planId} is not published`);
  const asOf = addMonths(plan.periodStart, BOOKINGS_AS_OF_MONTHS, -1);
  const rng = createRng(SEED, 'bench-server-bookings');
  const bookings = rows
    .filter((r) => r.carriesQuota)
    .map((r) => ({
      repId: r.repId,
      // Each rep books 40-140% of their monthly quota in the months up to the as-of date.
      bookings: r.monthly.map((q, m) =>
        m < BOOKINGS_AS_OF_MONTHS ? Math.round(q * (0.4 + rng.next())) : 0,
      ),
    }));
  await database.db.transaction(async (tx) => {
    await workflow.updateBookings(tx, planId, bookings, asOf);
  });
  const managers = rows
    .filter((r) => !r.carriesQuota && rows.some((x) => x.managerId === r.repId))
    .map((r) => r.repId);
  step(`bookings of ${bookings.length} reps to ${asOf} written in ${seconds(t)} s`);
  return { workspace, planId, managers, reps: bookings.length };
}

/** The last day of the month `months` after the first of `start`'s month, when `lastDay` is -1. */
function addMonths(start: string, months: number, lastDay: -1): string {
  const d = new Date(`${start.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  d.setUTCDate(d.getUTCDate() + lastDay);
  return d.toISOString().slice(0, 10);
}

/**
 * One user per manager, linked to their rep record, each signed in once. Sign-in goes through an
 * in-process app on the same database and secret whose login rate limit is raised for set-up
 * only: the server under test keeps the production default.
 */
async function signInManagers(
  database: Database,
  workspace: Workspace,
  managers: readonly string[],
  baseURL: string,
): Promise<string[]> {
  const t = process.hrtime.bigint();
  const { secret } = await resolveAuthSecret(database, {});
  const auth = createAuth({
    database,
    baseURL,
    secret,
    loginRateLimit: { window: 60, max: managers.length + 10 },
  });
  // One client address for all set-up sign-ins (app.request has no socket to read it from).
  const app = createApp({ database, auth, baseURL, log: step, clientIp: () => '127.0.0.1' });
  const emailOf = (id: string): string => `${id.toLowerCase()}@bench.example.com`;
  await inBatches(managers, 8, (id) =>
    addMember(auth, workspace, SYSTEM, {
      email: emailOf(id),
      name: `Manager ${id}`,
      password: PASSWORD,
      role: 'manager',
      title: null,
      repId: id,
    }),
  );
  const cookies = await inBatches(managers, 8, async (id) => {
    const response = await app.request('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { origin: baseURL, 'content-type': 'application/json' },
      body: JSON.stringify({ email: emailOf(id), password: PASSWORD }),
    });
    if (response.status !== 200) {
      throw new Error(`sign-in of ${emailOf(id)}: ${response.status} ${await response.text()}`);
    }
    const cookie = response.headers.getSetCookie().find((c) => c.includes('session_token'));
    if (cookie === undefined) throw new Error(`sign-in of ${emailOf(id)} set no session cookie`);
    return cookie.split(';')[0] ?? '';
  });
  step(`${managers.length} managers added and signed in in ${seconds(t)} s`);
  return cookies;
}

type ServerProcess = ChildProcessByStdio<null, Readable, Readable>;

/** `quotaplan serve` in a child process; resolves once it listens. */
async function startServerProcess(dbUrl: string, port: number): Promise<ServerProcess> {
  const bin = join(import.meta.dirname, '..', 'bin', 'quotaplan.js');
  const profile =
    values.profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', values.profile];
  const child = spawn(
    process.execPath,
    [
      ...profile,
      bin,
      'serve',
      '--db',
      dbUrl,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--workers',
      values.workers,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  await new Promise<void>((resolve, reject) => {
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('Press Ctrl+C')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`the server exited with ${String(code)} before listening: ${stderr}`));
    });
  });
  return child;
}

async function stopServerProcess(child: ServerProcess): Promise<void> {
  if (child.exitCode !== null) return;
  // autocannon drops its connections at the end with requests in flight; the server finishes
  // them anyway. Stopping it before they are done leaves it hanging (see docs/performance.md).
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    step('the server did not stop within 10 s of SIGTERM: killed');
    child.kill('SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Before measuring: a manager's team attainment answers 200 with their 8 reps, and asking for
 * another manager's team answers 404, so the load runs against the real access checks.
 */
async function checkAnswers(
  base: string,
  path: string,
  cookies: readonly string[],
  managers: readonly string[],
): Promise<void> {
  const [first, second] = managers;
  const [cookie] = cookies;
  if (first === undefined || second === undefined || cookie === undefined) {
    throw new Error('the benchmark needs at least two managers');
  }
  const own = await fetch(`${base}${path}?period=quarter&index=1`, { headers: { cookie } });
  if (own.status !== 200) throw new Error(`team attainment: ${own.status} ${await own.text()}`);
  const view = (await own.json()) as {
    report: { reps: { repId: string }[]; organisation: { attainment: number | null } };
  };
  if (view.report.reps.length === 0 || view.report.organisation.attainment === null) {
    throw new Error(`team attainment of ${first} has no reps or no attainment`);
  }
  const other = await fetch(`${base}${path}?period=quarter&manager=${second}`, {
    headers: { cookie },
  });
  if (other.status !== 404) {
    throw new Error(`${first} asking for ${second}'s team: expected 404, got ${other.status}`);
  }
  await other.arrayBuffer();
  step(`check: ${first} sees ${view.report.reps.length} reps; another team answers 404`);
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on every architecture Node runs on. */
const CLOCK_TICKS_PER_S = 100;

/** CPU time (user + system, ms) of each process, read from /proc; missing ones are left out. */
function cpuMsOf(pids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      // Fields after the parenthesised command name: state is 3rd, utime 14th, stime 15th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (Number.isFinite(ticks)) out.set(pid, (ticks * 1000) / CLOCK_TICKS_PER_S);
    } catch {
      // Not Linux, or the process has gone.
    }
  }
  return out;
}

interface CpuMeter {
  start(): Promise<void>;
  /** Milliseconds of CPU since start(): the server process, and Postgres (its backends). */
  stop(): Promise<{ server: number; postgres: number }>;
}

/** A process and its children (a cluster's workers), from /proc; just the process elsewhere. */
function processTree(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((x) => x !== '')
      .map(Number);
    return [pid, ...children];
  } catch {
    return [pid];
  }
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** CPU used by the server's processes and by the Postgres backends of its database. */
function cpuMeter(serverPid: number, sql: postgres.Sql): CpuMeter {
  let server = 0;
  let backends = new Map<number, number>();
  const serverMs = (): number => sum(cpuMsOf(processTree(serverPid)).values());
  const backendPids = async (): Promise<number[]> => {
    const rows = await sql<{ pid: number }[]>`
      select pid from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`;
    return rows.map((r) => r.pid);
  };
  return {
    async start() {
      server = serverMs();
      backends = cpuMsOf(await backendPids());
    },
    async stop() {
      const serverUsed = serverMs() - server;
      let postgresMs = 0;
      // A backend the pool opened during the run counts from zero.
      for (const [pid, ms] of cpuMsOf(await backendPids())) {
        postgresMs += ms - (backends.get(pid) ?? 0);
      }
      return { server: serverUsed, postgres: postgresMs };
    },
  };
}

interface Measured {
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** autocannon's own percentiles (whole milliseconds), for comparison. */
  autocannon: { p50: number; p97_5: number; p99: number };
  /** CPU per request (ms): the server process, its Postgres backends, this load generator. */
  cpuPerRequest: { server: number; postgres: number; loadGenerator: number };
  /** The 1-minute load average when the run ended (the machine is shared). */
  load: number;
}

/**
 * One autocannon run. Every request is a manager's team attainment of a quarter; the cookie and
 * the quarter rotate request by request. Latencies are recorded from every response (autocannon
 * reports p50, p97.5 and p99 but no p95), in milliseconds with fractions.
 */
async function load(
  url: string,
  cookies: readonly string[],
  seconds: number,
  meter: CpuMeter,
): Promise<Measured> {
  let next = 0;
  await meter.start();
  const ownCpu = process.cpuUsage();
  const latencies: number[] = [];
  let non2xx = 0;
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => {
              const n = next++;
              return {
                ...request,
                path: `${request.path}?period=quarter&index=${n % 4}`,
                headers: { ...request.headers, cookie: cookies[n % cookies.length] ?? '' },
              };
            },
          },
        ],
      },
      (error: unknown, result: autocannon.Result) => {
        if (error === null || error === undefined) resolve(result);
        else reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
      },
    );
  });
  instance?.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode < 200 || statusCode > 299) non2xx++;
    latencies.push(responseTime);
  });
  const result = await finished;
  const cpu = await meter.stop();
  const own = process.cpuUsage(ownCpu);
  const perRequest = (ms: number): number => ms / Math.max(1, latencies.length);
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => (latencies.length === 0 ? NaN : quantileSorted(latencies, p));
  return {
    requests: latencies.length,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rps: latencies.length / result.duration,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    max: latencies.at(-1) ?? NaN,
    autocannon: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
    },
    cpuPerRequest: {
      server: perRequest(cpu.server),
      postgres: perRequest(cpu.postgres),
      loadGenerator: perRequest((own.user + own.system) / 1000),
    },
    load: loadavg()[0] ?? NaN,
  };
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells
    .map((c, i) => {
      const text = typeof c === 'number' ? c.toFixed(1) : c;
      return i === 0 ? text.padEnd(widths[i] ?? 0) : text.padStart(widths[i] ?? 0);
    })
    .join('  ');
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const pgVersion = await postgresVersion(values.pg);
  step(
    `server benchmark — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}, Postgres ${pgVersion}, load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const server = await throwawayDatabase(values.pg);
  let child: ServerProcess | null = null;
  let failed: boolean;
  try {
    const database = await openDatabase({ kind: 'postgres', url: server.url });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let org: Organisation;
    let cookies: string[];
    try {
      org = await buildOrganisation(database);
      cookies = await signInManagers(database, org.workspace, org.managers, base);
    } finally {
      await database.close();
    }
    child = await startServerProcess(server.url, port);
    const path = `/api/workspaces/${org.workspace.id}/plans/${org.planId}/attainment`;
    await checkAnswers(base, path, cookies, org.managers);
    step(`set-up done in ${seconds(started)} s; warm-up ${WARMUP_S} s`);
    const admin = postgres(server.url, { max: 1, onnotice: () => undefined });
    const runs: Measured[] = [];
    try {
      const meter = cpuMeter(child.pid ?? 0, admin);
      await load(`${base}${path}`, cookies, WARMUP_S, meter);
      for (let r = 0; r < RUNS; r++) {
        step(`run ${r + 1} of ${RUNS}: ${CONNECTIONS} connections, ${DURATION_S} s`);
        runs.push(await load(`${base}${path}`, cookies, DURATION_S, meter));
      }
    } finally {
      await admin.end({ timeout: 5 });
    }
    const widths = [4, 8, 7, 7, 7, 7, 7, 7, 9, 11, 10, 10, 5];
    console.log(
      `\n${org.reps} reps, ${org.managers.length} managers signed in; ${CONNECTIONS} connections × ${DURATION_S} s; GET team attainment (period=quarter); server workers: ${values.workers}; attainment cache: ${process.env.QUOTAPLAN_ATTAINMENT_CACHE === 'off' ? 'off' : 'on'}`,
    );
    console.log(
      row(
        [
          'run',
          'requests',
          'non-2xx',
          'req/s',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'max ms',
          'ac p97.5',
          'server CPU',
          'pg CPU',
          'ac CPU',
          'load',
        ],
        widths,
      ),
    );
    runs.forEach((m, i) => {
      console.log(
        row(
          [
            String(i + 1),
            String(m.requests),
            String(m.non2xx + m.errors + m.timeouts),
            m.rps,
            m.p50,
            m.p95,
            m.p99,
            m.max,
            String(m.autocannon.p97_5),
            m.cpuPerRequest.server.toFixed(3),
            m.cpuPerRequest.postgres.toFixed(3),
            m.cpuPerRequest.loadGenerator.toFixed(3),
            m.load,
          ],
          widths,
        ),
      );
    });
    failed = runs.some((m) => m.non2xx + m.errors + m.timeouts > 0 || !(m.p95 < GOAL_MS));
    console.log(
      '(latencies in ms from every response; ac p97.5 = autocannon’s own percentile; CPU in ms per request: the server process, its Postgres backends, autocannon; load = 1-minute load average)',
    );
    console.log(
      failed
        ? `\nFAIL: goal p95 < ${GOAL_MS} ms with no failed request`
        : `\nOK: p95 < ${GOAL_MS} ms in every run, no failed request`,
    );
  } finally {
    if (child !== null) await stopServerProcess(child);
    if (values['keep-db']) step(`kept the database ${server.url}`);
    else await server.drop();
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
