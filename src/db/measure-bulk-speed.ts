// Times saveImport and loadDataset on synthetic deals, PGlite on disk and Postgres (not a test):
// node src/db/measure-bulk-speed.ts [deals=1000000] [postgres admin url] [pglite|postgres|both]

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { Deal, DealStatus } from '../core/model.ts';
import { ensureWorkspace, loadDataset, openDatabase, saveImport } from './index.ts';
import type { Database, DatabaseTarget, ImportRecords } from './index.ts';

const count = Number(process.argv[2] ?? 1_000_000);
const adminUrl = process.argv[3] ?? 'postgres://postgres@127.0.0.1:5432/test';
const only = process.argv[4] ?? 'both';

/** Deterministic pseudo-random deals; ids shuffled so the key order differs from input order. */
function syntheticDeals(n: number, amountShift: number): Deal[] {
  const statuses: DealStatus[] = ['won', 'lost', 'open'];
  const deals: Deal[] = [];
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (let i = 0; i < n; i++) {
    const r = next();
    const month = 1 + (r % 12);
    const day = 1 + (r % 28);
    const amount = (r % 10_000_000) + amountShift;
    deals.push({
      id: `006${((i * 7919) % n).toString(36).padStart(8, '0')}`,
      name: `Deal ${i}, "Acme" \\ Q${1 + (month % 4)}`,
      accountId: `001${(r % 50_000).toString(36)}`,
      ownerId: `005${(r % 5_000).toString(36)}`,
      sourceRepId: r % 5 === 0 ? `005${(r % 700).toString(36)}` : null,
      amount,
      originalAmount: amount,
      currency: 'USD',
      createdDate: `2023-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      closeDate: `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      stage: 'Closed Won',
      status: statuses[r % 3] ?? 'open',
      probability: (r % 101) / 100,
      type: 'new_business',
      product: r % 2 === 0 ? 'Platform' : null,
      unmapped: r % 17 === 0 ? ['stage'] : [],
      source: 'generic',
      derived: false,
    });
  }
  return deals;
}

function records(deals: Deal[]): ImportRecords {
  return { reps: [], territories: [], accounts: [], products: [], deals, rates: [], splits: [] };
}

const meta = { preset: 'generic', importedBy: 'measure', options: {}, files: [] };

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  console.log(`  ${label.padEnd(34)} ${((performance.now() - start) / 1000).toFixed(2)} s`);
  return result;
}

async function measure(target: DatabaseTarget, label: string): Promise<void> {
  console.log(`${label}: ${count.toLocaleString('en-US')} deals`);
  const database: Database = await openDatabase(target);
  try {
    await ensureWorkspace(database, 'bench', { name: 'Bench', currency: 'USD', basis: 'amount' });
    const first = syntheticDeals(count, 0);
    const saved = await timed('save (new workspace)', () =>
      saveImport(database, 'bench', records(first), meta),
    );
    if (saved.counts.deals.inserted !== count) throw new Error('not every deal was inserted');
    await timed('save again, identical', () => saveImport(database, 'bench', records(first), meta));
    const changed = syntheticDeals(count, 1);
    await timed('save again, every amount changed', () =>
      saveImport(database, 'bench', records(changed), meta),
    );
    const loaded = await timed('loadDataset', () => loadDataset(database, 'bench'));
    if (loaded.deals.length !== count) throw new Error('loadDataset lost deals');
    console.log(
      `  peak RSS so far                    ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    );
  } finally {
    await database.close();
  }
}

if (only !== 'postgres') {
  const dir = await mkdtemp(join(tmpdir(), 'qp-measure-'));
  try {
    await measure({ kind: 'pglite', dir }, `PGlite on disk (${dir})`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (only !== 'pglite') {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  const name = `qp_measure_${Date.now().toString(36)}`;
  try {
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await measure({ kind: 'postgres', url: url.toString() }, 'Postgres');
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
