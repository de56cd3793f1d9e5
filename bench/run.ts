// `npm run bench`: import + audit + baseline of a generated organisation (default 1,000,000 deals,
// 5,000 reps), on PGlite and, when reachable, Postgres. The import and the analysis each run in
// their own process, as the CLI's commands do, so each reports its own peak memory. Prints
// throughput and peak memory; the results go into docs/performance.md by hand, with the machine
// and date.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { generateOrg } from './generate-org.ts';
import { importFiles } from '../src/services/import-service.ts';
import { workspaceIn } from '../src/services/workspace.ts';
import {
  loadDataset,
  openDatabase,
  resolveDatabaseTarget,
  type Database,
} from '../src/db/index.ts';
import { auditDataset } from '../src/core/audit/index.ts';
import { computeBaseline } from '../src/core/baseline/index.ts';
import { latestDataDate } from '../src/core/audit/index.ts';

const { values } = parseArgs({
  options: {
    deals: { type: 'string', default: '1000000' },
    reps: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '7' },
    db: { type: 'string', default: 'both' }, // pglite | postgres | both
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    // Internal: one step in a child process.
    phase: { type: 'string' },
    target: { type: 'string' },
  },
});

const deals = Number(values.deals);
const reps = Number(values.reps);
const out = join(import.meta.dirname, 'out', `org-${reps}-${deals}-s${values.seed}`);

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function pgReachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => undefined });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const files = ['territories.csv', 'reps.csv', 'accounts.csv', 'products.csv', 'deals.csv'].map(
  (f) => join(out, f),
);

/**
 * Step 0 (its own process): create the database and the workspace. A one-time cost (PGlite's
 * initdb, the migrations), kept out of the import's time and memory and reported on its own: the
 * CLI's import opens one database per process; closing one here and opening another in the
 * import's process left the first one's WebAssembly memory to the GC's timing (up to ~150 MB).
 */
async function createPhase(label: string, target: string): Promise<Record<string, number>> {
  const start = process.hrtime.bigint();
  const fresh = await openDatabase(resolveDatabaseTarget(target, {}));
  await workspaceIn(fresh, label, 'USD');
  await fresh.close();
  return { create_database_seconds: Number(seconds(start).toFixed(2)) };
}

/** Step 1 (its own process, like `quotaplan import`): import into the created workspace. */
async function importPhase(target: string): Promise<Record<string, number>> {
  const start = process.hrtime.bigint();
  const imported = await importFiles({
    paths: files,
    env: {},
    db: target,
    preset: 'generic',
    importedBy: 'bench',
  });
  const importSeconds = seconds(start);
  if (!imported.ok)
    throw new Error(
      `import failed: ${imported.issues
        .slice(0, 3)
        .map((i) => i.message)
        .join('; ')}`,
    );
  const dealRows = imported.value.files.find((f) => f.entity === 'deals')?.accepted ?? 0;
  return {
    deals: dealRows,
    import_seconds: Number(importSeconds.toFixed(2)),
    import_deals_per_second: Math.round(dealRows / importSeconds),
    import_peak_rss_mb: peakRssMb(),
  };
}

/** Step 2 (its own process, like `quotaplan audit` / `baseline`): load, audit, baseline. */
async function analysePhase(label: string, target: string): Promise<Record<string, number>> {
  const database: Database = await openDatabase(resolveDatabaseTarget(target, {}));
  try {
    await workspaceIn(database, label, 'USD');
    let start = process.hrtime.bigint();
    const dataset = await loadDataset(database, 'default');
    const loadSeconds = seconds(start);
    start = process.hrtime.bigint();
    const audit = auditDataset(dataset, {});
    const auditSeconds = seconds(start);
    start = process.hrtime.bigint();
    const asOf = latestDataDate(dataset) ?? '2026-01-01';
    const baseline = computeBaseline(dataset, { by: 'rep', asOf });
    const baselineSeconds = seconds(start);
    return {
      load_seconds: Number(loadSeconds.toFixed(2)),
      audit_seconds: Number(auditSeconds.toFixed(2)),
      baseline_seconds: Number(baselineSeconds.toFixed(2)),
      audit_plus_baseline_seconds: Number((auditSeconds + baselineSeconds).toFixed(2)),
      findings: audit.findings.length,
      baseline_rows: baseline.rows.length,
      analysis_peak_rss_mb: peakRssMb(),
    };
  } finally {
    await database.close();
  }
}

/** Runs one phase in a child process (so its peak memory is its own) and returns its numbers. */
function runPhase(phase: 'create' | 'import' | 'analyse', label: string, target: string): object {
  const args = [process.argv[1] ?? '', '--phase', phase, '--db', label, '--target', target];
  args.push('--deals', values.deals, '--reps', values.reps, '--seed', values.seed);
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: 'pipe' });
  if (child.status !== 0) {
    process.stderr.write(child.stderr);
    throw new Error(`the ${phase} step on ${label} failed`);
  }
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as object;
}

function measure(label: string, target: string): void {
  const result = {
    database: label,
    ...runPhase('create', label, target),
    ...runPhase('import', label, target),
    ...runPhase('analyse', label, target),
  };
  console.log(JSON.stringify(result, null, 2));
}

if (values.phase !== undefined) {
  const label = values.db;
  const target = values.target ?? '';
  const result =
    values.phase === 'create'
      ? await createPhase(label, target)
      : values.phase === 'import'
        ? await importPhase(target)
        : await analysePhase(label, target);
  console.log(JSON.stringify(result));
  process.exit(0);
}

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
if (!existsSync(join(out, 'deals.csv'))) {
  const start = process.hrtime.bigint();
  await generateOrg({ reps, deals, seed: Number(values.seed), out });
  console.log(`generated ${out} in ${seconds(start).toFixed(1)} s`);
}

// Each database runs in its own process so that peak memory is measured per database.
if (values.db === 'both') {
  for (const db of ['pglite', 'postgres']) {
    const args = [
      process.argv[1] ?? '',
      '--deals',
      values.deals,
      '--reps',
      values.reps,
      '--seed',
      values.seed,
      '--db',
      db,
      '--pg',
      values.pg,
    ];
    const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
  process.exit(0);
}

if (values.db === 'pglite') {
  const dir = await mkdtemp(join(tmpdir(), 'qp-bench-'));
  try {
    measure('pglite', join(dir, 'db'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
if (values.db === 'postgres') {
  if (!(await pgReachable(values.pg))) {
    console.log('postgres: not reachable, skipped');
  } else {
    const admin = postgres(values.pg, { max: 1, onnotice: () => undefined });
    const name = `qp_bench_${process.pid}`;
    await admin.unsafe(`create database ${name}`);
    try {
      measure('postgres', values.pg.replace(/\/[^/]*$/, `/${name}`));
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
}
