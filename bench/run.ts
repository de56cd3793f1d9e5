// `npm run bench`: import + audit + baseline of a generated organisation (default 1,000,000 deals,
// 5,000 reps), on PGlite and, when reachable, Postgres. Prints throughput and peak memory; the
// results go into docs/performance.md by hand, with the machine and date.

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

async function measure(label: string, target: string): Promise<void> {
  const files = ['territories.csv', 'reps.csv', 'accounts.csv', 'products.csv', 'deals.csv'].map(
    (f) => join(out, f),
  );
  // Creating a database (PGlite's initdb, the migrations) is a one-time cost: keep it out of the
  // import's time, and report it on its own.
  let start = process.hrtime.bigint();
  const fresh = await openDatabase(resolveDatabaseTarget(target, {}));
  await workspaceIn(fresh, label, 'USD');
  await fresh.close();
  const createSeconds = seconds(start);
  start = process.hrtime.bigint();
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

  const database: Database = await openDatabase(resolveDatabaseTarget(target, {}));
  try {
    await workspaceIn(database, label, 'USD');
    start = process.hrtime.bigint();
    const dataset = await loadDataset(database, 'default');
    const loadSeconds = seconds(start);
    start = process.hrtime.bigint();
    const audit = auditDataset(dataset, {});
    const auditSeconds = seconds(start);
    start = process.hrtime.bigint();
    const asOf = latestDataDate(dataset) ?? '2026-01-01';
    const baseline = computeBaseline(dataset, { by: 'rep', asOf });
    const baselineSeconds = seconds(start);
    console.log(
      JSON.stringify(
        {
          database: label,
          deals: dealRows,
          create_database_seconds: Number(createSeconds.toFixed(2)),
          import_seconds: Number(importSeconds.toFixed(2)),
          import_deals_per_second: Math.round(dealRows / importSeconds),
          load_seconds: Number(loadSeconds.toFixed(2)),
          audit_seconds: Number(auditSeconds.toFixed(2)),
          baseline_seconds: Number(baselineSeconds.toFixed(2)),
          audit_plus_baseline_seconds: Number((auditSeconds + baselineSeconds).toFixed(2)),
          findings: audit.findings.length,
          baseline_rows: baseline.rows.length,
          peak_rss_mb_so_far: peakRssMb(),
        },
        null,
        2,
      ),
    );
  } finally {
    await database.close();
  }
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
    await measure('pglite', join(dir, 'db'));
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
      await measure('postgres', values.pg.replace(/\/[^/]*$/, `/${name}`));
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
}
console.log(`${values.db}: peak RSS of the process ${peakRssMb()} MB`);
