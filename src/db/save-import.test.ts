// saveImport and loadDataset on both drivers: every field comes back exactly, re-imports are
// idempotent, derived records never overwrite real ones, a failure leaves nothing behind and
// workspaces never see each other's rows.

import fc from 'fast-check';
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.ts';
import type {
  Account,
  CreditSplit,
  CurrencyRate,
  Dataset,
  Deal,
  Product,
  Rep,
  Territory,
} from '../core/model.ts';
import { DuplicateRecordError, InvalidRecordError, WorkspaceNotFoundError } from './errors.ts';
import { loadDataset, loadReferenceData } from './load-dataset.ts';
import type { Database } from './open-database.ts';
import { saveImport } from './save-import.ts';
import type { ImportMeta, ImportRecords } from './save-import.ts';
import { deals as dealsTable, reps as repsTable } from './schema.ts';
import { inTransaction } from './sql-session.ts';
import { countRecords, ensureWorkspace, listImports } from './workspace-repository.ts';

const AWKWARD = [
  'Zoë "Z" O\'Brien, Jr.',
  'line one\nline two\r\nline three',
  'tab\there',
  'back\\slash \\N \\t',
  '\\N',
  '',
  '日本語の名前 · 🚀 · عربى',
  '{braces},"quotes"',
];

function rep(id: string, over: Partial<Rep> = {}): Rep {
  return {
    id,
    name: `Rep ${id}`,
    email: null,
    managerId: null,
    role: 'AE',
    segment: null,
    territoryId: null,
    startDate: null,
    endDate: null,
    ote: null,
    currency: null,
    source: 'generic',
    derived: false,
    ...over,
  };
}

function deal(id: string, over: Partial<Deal> = {}): Deal {
  return {
    id,
    name: `Deal ${id}`,
    accountId: null,
    ownerId: 'r1',
    sourceRepId: null,
    amount: 100_000,
    originalAmount: 100_000,
    currency: 'USD',
    createdDate: '2024-01-02',
    closeDate: '2024-03-31',
    stage: 'Closed Won',
    status: 'won',
    probability: 1,
    type: 'new_business',
    product: null,
    unmapped: [],
    source: 'generic',
    derived: false,
    ...over,
  };
}

function records(over: Partial<ImportRecords> = {}): ImportRecords {
  return {
    reps: [],
    territories: [],
    accounts: [],
    products: [],
    deals: [],
    rates: [],
    splits: [],
    ...over,
  };
}

const meta: ImportMeta = {
  preset: 'generic',
  importedBy: 'analyst@example.com',
  options: { dateFormat: 'YYYY-MM-DD', skipInvalid: false },
  files: [
    {
      name: 'deals.csv',
      sha256: 'ab'.repeat(32),
      entity: 'deals',
      rows: 4,
      accepted: 3,
      rejected: 1,
    },
    { name: 'notes.csv', sha256: 'cd'.repeat(32), entity: null, rows: 0, accepted: 0, rejected: 0 },
  ],
};

/** One of everything, with every awkward value the columns can hold. */
function fullRecords(): ImportRecords {
  const territories: Territory[] = [
    {
      id: 't-emea',
      name: 'EMEA',
      parentId: null,
      segment: null,
      source: 'generic',
      derived: false,
    },
    {
      id: 't-uk',
      name: AWKWARD[0] ?? '',
      parentId: 't-emea',
      segment: 'ENT',
      source: 'generic',
      derived: false,
    },
  ];
  const reps: Rep[] = [
    rep('r1', {
      name: AWKWARD[1] ?? '',
      email: 'ada@example.com',
      managerId: 'r3',
      segment: 'MM',
      territoryId: 't-uk',
      startDate: '2020-02-29',
      endDate: '2024-12-31',
      ote: 18_000_000,
      currency: 'GBP',
    }),
    rep('r2', { name: AWKWARD[2] ?? '', role: 'SDR', ote: 0, currency: 'USD' }),
    rep('r3', { name: AWKWARD[6] ?? '', role: 'MGR', derived: true, source: 'salesforce' }),
  ];
  const accounts: Account[] = [
    {
      id: 'a1',
      name: AWKWARD[3] ?? '',
      territoryId: 't-uk',
      ownerId: 'r1',
      segment: 'ENT',
      industry: 'Software',
      employees: 2_147_483_647,
      annualRevenue: 9_007_199_254_740_991,
      potential: -1,
      source: 'generic',
      derived: false,
    },
    {
      id: 'a2',
      name: AWKWARD[4] ?? '',
      territoryId: null,
      ownerId: null,
      segment: null,
      industry: null,
      employees: null,
      annualRevenue: null,
      potential: null,
      source: 'generic',
      derived: true,
    },
  ];
  const products: Product[] = [
    {
      id: 'p1',
      name: AWKWARD[7] ?? '',
      family: 'Core',
      listPrice: 1_999,
      source: 'generic',
      derived: false,
    },
    { id: 'p2', name: 'Add-on', family: null, listPrice: null, source: 'generic', derived: false },
  ];
  const deals: Deal[] = [
    deal('d1', {
      name: AWKWARD[5] ?? '',
      accountId: 'a1',
      sourceRepId: 'r2',
      amount: -9_007_199_254_740_991,
      originalAmount: -8_000_000_000_000_000,
      currency: 'EUR',
      probability: 1 / 3,
      type: 'expansion',
      product: 'p1',
      unmapped: ['stage', 'type'],
    }),
    deal('d2', {
      name: null,
      ownerId: null,
      amount: null,
      originalAmount: null,
      createdDate: null,
      closeDate: null,
      stage: null,
      status: 'open',
      probability: null,
      type: null,
      unmapped: ['type'],
      derived: true,
    }),
    deal('d3', {
      name: AWKWARD[6] ?? '',
      status: 'lost',
      probability: 0.1,
      type: 'renewal',
      stage: AWKWARD[2] ?? '',
    }),
  ];
  const rates: CurrencyRate[] = [
    { currency: 'EUR', rate: 1.0823, validFrom: null },
    { currency: 'EUR', rate: 1.1, validFrom: '2024-01-01' },
    { currency: 'GBP', rate: 1.27, validFrom: null },
  ];
  const splits: CreditSplit[] = [
    { dealId: 'd1', repId: 'r1', share: 0.6 },
    { dealId: 'd1', repId: 'r2', share: 0.4 },
    { dealId: 'd3', repId: 'r1', share: 1 },
  ];
  return { reps, territories, accounts, products, deals, rates, splits };
}

const byId = <T extends { id: string }>(rows: T[]): T[] =>
  [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

function expectedDataset(input: ImportRecords, settings: Dataset['settings']): Dataset {
  return {
    settings,
    reps: byId(input.reps),
    territories: byId(input.territories),
    accounts: byId(input.accounts),
    products: byId(input.products),
    deals: byId(input.deals),
    rates: [...input.rates].sort(
      (a, b) =>
        a.currency.localeCompare(b.currency) ||
        (a.validFrom ?? '').localeCompare(b.validFrom ?? ''),
    ),
    splits: [...input.splits].sort(
      (a, b) => a.dealId.localeCompare(b.dealId) || a.repId.localeCompare(b.repId),
    ),
  };
}

async function workspace(database: Database, id: string): Promise<string> {
  await ensureWorkspace(database, id, {
    name: `Workspace ${id}`,
    currency: 'USD',
    basis: 'amount',
  });
  return id;
}

async function storedImportId(
  database: Database,
  ws: string,
  dealId: string,
): Promise<number | undefined> {
  const rows = await database.db
    .select({ importId: dealsTable.importId })
    .from(dealsTable)
    .where(and(eq(dealsTable.workspaceId, ws), eq(dealsTable.id, dealId)));
  return rows[0]?.importId;
}

describeEachDatabase('saveImport and loadDataset', (getDb) => {
  it('round-trip every field of every entity exactly', async () => {
    const ws = await workspace(getDb(), 'roundtrip');
    const input = fullRecords();
    const saved = await saveImport(getDb(), ws, input, meta, {
      asOf: '2024-06-30',
      basis: 'count',
    });
    expect(saved.counts).toEqual({
      reps: { inserted: 3, updated: 0 },
      territories: { inserted: 2, updated: 0 },
      accounts: { inserted: 2, updated: 0 },
      products: { inserted: 2, updated: 0 },
      deals: { inserted: 3, updated: 0 },
      rates: { inserted: 3, updated: 0 },
      splits: { inserted: 3, updated: 0 },
    });
    const loaded = await loadDataset(getDb(), ws);
    expect(loaded).toEqual(
      expectedDataset(input, { currency: 'USD', basis: 'count', asOf: '2024-06-30' }),
    );
    expect(typeof loaded.accounts[0]?.annualRevenue).toBe('number');
    expect(loaded.deals.find((d) => d.id === 'd1')?.probability).toBe(1 / 3);
  });

  it('records the import with its files, options and counts', async () => {
    const ws = await workspace(getDb(), 'history');
    const saved = await saveImport(getDb(), ws, records({ reps: [rep('r1')] }), meta);
    const history = await listImports(getDb(), ws);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      id: saved.importId,
      preset: 'generic',
      importedBy: 'analyst@example.com',
      options: meta.options,
      files: meta.files,
      counts: saved.counts,
      status: 'completed',
      error: null,
    });
    expect(Date.parse(history[0]?.startedAt ?? '')).not.toBeNaN();
    expect(Date.parse(history[0]?.finishedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(history[0]?.startedAt ?? ''),
    );
  });

  it('re-importing the same data inserts nothing and changes nothing', async () => {
    const ws = await workspace(getDb(), 'idempotent');
    const input = fullRecords();
    const first = await saveImport(getDb(), ws, input, meta);
    const before = await loadDataset(getDb(), ws);
    const countsBefore = await countRecords(getDb(), ws);

    const second = await saveImport(getDb(), ws, fullRecords(), meta);
    expect(second.counts).toEqual({
      reps: { inserted: 0, updated: 3 },
      territories: { inserted: 0, updated: 2 },
      accounts: { inserted: 0, updated: 2 },
      products: { inserted: 0, updated: 2 },
      deals: { inserted: 0, updated: 3 },
      rates: { inserted: 0, updated: 3 },
      splits: { inserted: 0, updated: 3 },
    });
    expect(await countRecords(getDb(), ws)).toEqual(countsBefore);
    expect(await loadDataset(getDb(), ws)).toEqual(before);
    // Nothing was rewritten: rows still name the import that last changed them.
    expect(await storedImportId(getDb(), ws, 'd1')).toBe(first.importId);
  });

  it('updates changed records in place and inserts new ones', async () => {
    const ws = await workspace(getDb(), 'update');
    await saveImport(getDb(), ws, records({ deals: [deal('d1'), deal('d2')] }), meta);
    const next = await saveImport(
      getDb(),
      ws,
      records({ deals: [deal('d1', { amount: 250_00, status: 'lost' }), deal('d2'), deal('d3')] }),
      meta,
    );
    expect(next.counts.deals).toEqual({ inserted: 1, updated: 2 });
    const loaded = await loadDataset(getDb(), ws);
    expect(loaded.deals.map((d) => [d.id, d.amount, d.status])).toEqual([
      ['d1', 250_00, 'lost'],
      ['d2', 100_000, 'won'],
      ['d3', 100_000, 'won'],
    ]);
    expect(await storedImportId(getDb(), ws, 'd1')).toBe(next.importId);
  });

  it('never lets a derived record overwrite a real one, but lets a real one replace a derived one', async () => {
    const ws = await workspace(getDb(), 'derived');
    const derivedR1 = rep('r1', { name: 'r1', derived: true, source: 'derived-from-deals' });
    await saveImport(getDb(), ws, records({ reps: [derivedR1] }), meta);

    const real = await saveImport(
      getDb(),
      ws,
      records({ reps: [rep('r1', { name: 'Ada Byron' })] }),
      meta,
    );
    expect(real.counts.reps).toEqual({ inserted: 0, updated: 1 });

    const again = await saveImport(
      getDb(),
      ws,
      records({ reps: [derivedR1, rep('r2', { derived: true })] }),
      meta,
    );
    expect(again.counts.reps).toEqual({ inserted: 1, updated: 0 });
    const loaded = await loadDataset(getDb(), ws);
    expect(loaded.reps.map((r) => [r.id, r.name, r.derived])).toEqual([
      ['r1', 'Ada Byron', false],
      ['r2', 'Rep r2', true],
    ]);
    const stored = await getDb()
      .db.select({ importId: repsTable.importId })
      .from(repsTable)
      .where(and(eq(repsTable.workspaceId, ws), eq(repsTable.id, 'r1')));
    expect(stored[0]?.importId).toBe(real.importId);

    // A newer derivation refreshes an older derived record.
    await saveImport(
      getDb(),
      ws,
      records({ reps: [rep('r2', { derived: true, role: 'SDR' })] }),
      meta,
    );
    expect((await loadDataset(getDb(), ws)).reps.find((r) => r.id === 'r2')?.role).toBe('SDR');
  });

  it("replaces a deal's stored splits with the import's set", async () => {
    const ws = await workspace(getDb(), 'splits');
    await saveImport(
      getDb(),
      ws,
      records({
        splits: [
          { dealId: 'd1', repId: 'r1', share: 0.5 },
          { dealId: 'd1', repId: 'r2', share: 0.5 },
          { dealId: 'd2', repId: 'r2', share: 1 },
        ],
      }),
      meta,
    );
    await saveImport(
      getDb(),
      ws,
      records({ splits: [{ dealId: 'd1', repId: 'r1', share: 1 }] }),
      meta,
    );
    expect((await loadDataset(getDb(), ws)).splits).toEqual([
      { dealId: 'd1', repId: 'r1', share: 1 },
      { dealId: 'd2', repId: 'r2', share: 1 },
    ]);
  });

  it('keeps one undated rate per currency', async () => {
    const ws = await workspace(getDb(), 'rates');
    await saveImport(
      getDb(),
      ws,
      records({ rates: [{ currency: 'EUR', rate: 1.05, validFrom: null }] }),
      meta,
    );
    const second = await saveImport(
      getDb(),
      ws,
      records({ rates: [{ currency: 'EUR', rate: 1.09, validFrom: null }] }),
      meta,
    );
    expect(second.counts.rates).toEqual({ inserted: 0, updated: 1 });
    expect((await loadDataset(getDb(), ws)).rates).toEqual([
      { currency: 'EUR', rate: 1.09, validFrom: null },
    ]);
  });

  it('rolls everything back when a write fails half-way, on a fresh workspace and on an existing one', async () => {
    const ws = await workspace(getDb(), 'rollback');
    const badStatus = records({
      reps: [rep('r1')],
      deals: [deal('d1'), deal('d2', { status: 'pending' as Deal['status'] }), deal('d3')],
    });
    await expect(saveImport(getDb(), ws, badStatus, meta, { asOf: '2030-01-01' })).rejects.toThrow(
      /deals_status_check/,
    );
    expect(Object.values(await countRecords(getDb(), ws)).every((n) => n === 0)).toBe(true);

    await saveImport(getDb(), ws, fullRecords(), meta);
    const before = await loadDataset(getDb(), ws);
    const countsBefore = await countRecords(getDb(), ws);
    // The new rep is written before the deals fail: an impossible date, refused inside COPY.
    const failing = fullRecords();
    failing.reps.push(rep('r9'));
    failing.deals[0] = deal('d1', { amount: 1 });
    failing.deals.push(deal('d9', { closeDate: '2024-02-30' }));
    await expect(saveImport(getDb(), ws, failing, meta, { basis: 'count' })).rejects.toThrow(
      /2024-02-30/,
    );
    expect(await countRecords(getDb(), ws)).toEqual(countsBefore);
    expect(await loadDataset(getDb(), ws)).toEqual(before);

    const history = await listImports(getDb(), ws);
    expect(history.map((i) => i.status)).toEqual(['failed', 'completed', 'failed']);
    expect(history[2]?.error).toMatch(/2024-02-30/);
    expect(history[2]?.counts).toBeNull();
  });

  it('refuses records it cannot store faithfully, and duplicates, writing nothing', async () => {
    const ws = await workspace(getDb(), 'refused');
    await expect(
      saveImport(getDb(), ws, records({ deals: [deal('d1', { amount: 10.5 })] }), meta),
    ).rejects.toBeInstanceOf(InvalidRecordError);
    await expect(
      saveImport(getDb(), ws, records({ reps: [rep('r1', { name: 'nul\0byte' })] }), meta),
    ).rejects.toBeInstanceOf(InvalidRecordError);
    await expect(
      saveImport(getDb(), ws, records({ deals: [deal('d1'), deal('d2'), deal('d1')] }), meta),
    ).rejects.toBeInstanceOf(DuplicateRecordError);
    expect((await countRecords(getDb(), ws)).deals).toBe(0);
  });

  it('keeps two workspaces in one database apart', async () => {
    const a = await workspace(getDb(), 'ws-a');
    const b = await workspace(getDb(), 'ws-b');
    await saveImport(
      getDb(),
      a,
      records({ reps: [rep('r1', { name: 'Ada' })], deals: [deal('d1')] }),
      meta,
    );
    await saveImport(
      getDb(),
      b,
      records({
        reps: [rep('r1', { name: 'Bo' })],
        deals: [deal('d1', { amount: 7 }), deal('d2')],
      }),
      meta,
    );
    await saveImport(getDb(), a, records({ deals: [deal('d1', { amount: 3 })] }), meta);

    const loadedA = await loadDataset(getDb(), a);
    const loadedB = await loadDataset(getDb(), b);
    expect(loadedA.reps.map((r) => r.name)).toEqual(['Ada']);
    expect(loadedA.deals.map((d) => [d.id, d.amount])).toEqual([['d1', 3]]);
    expect(loadedB.reps.map((r) => r.name)).toEqual(['Bo']);
    expect(loadedB.deals.map((d) => [d.id, d.amount])).toEqual([
      ['d1', 7],
      ['d2', 100_000],
    ]);
    expect((await countRecords(getDb(), a)).deals).toBe(1);
    expect(await listImports(getDb(), b)).toHaveLength(1);
  });

  it('loads reference data without the deals', async () => {
    const ws = await workspace(getDb(), 'reference');
    const input = fullRecords();
    await saveImport(getDb(), ws, input, meta);
    const reference = await loadReferenceData(getDb(), ws);
    const expected = expectedDataset(input, { currency: 'USD', basis: 'amount', asOf: null });
    expect(reference).toEqual({
      settings: expected.settings,
      reps: expected.reps,
      territories: expected.territories,
      accountIds: ['a1', 'a2'],
      rates: expected.rates,
      dealCount: 3,
    });
  });

  it('refuses a workspace that does not exist', async () => {
    await expect(saveImport(getDb(), 'nowhere', records(), meta)).rejects.toBeInstanceOf(
      WorkspaceNotFoundError,
    );
    await expect(loadDataset(getDb(), 'nowhere')).rejects.toBeInstanceOf(WorkspaceNotFoundError);
    await expect(loadReferenceData(getDb(), 'nowhere')).rejects.toBeInstanceOf(
      WorkspaceNotFoundError,
    );
  });

  it('stores any text a CRM can export, exactly', async () => {
    const ws = await workspace(getDb(), 'any-text');
    const text = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\0'));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 30 }), async (names) => {
        const input = names.map((name, i) =>
          deal(`d${String(i).padStart(3, '0')}`, { name, stage: name }),
        );
        await saveImport(getDb(), ws, records({ deals: input }), meta);
        const loaded = (await loadDataset(getDb(), ws)).deals.slice(0, input.length);
        expect(loaded.map((d) => [d.name, d.stage])).toEqual(names.map((n) => [n, n]));
      }),
      { numRuns: 15 },
    );
  });

  it('loads records in key order whatever order they were stored in, in slices or whole', async () => {
    const ws = await workspace(getDb(), 'sliced');
    const ids = Array.from(
      { length: 3000 },
      (_, i) => `${AWKWARD[i % AWKWARD.length]}#${(i * 7919) % 3000}`,
    );
    await saveImport(
      getDb(),
      ws,
      records({ deals: ids.slice(0, 1500).map((id) => deal(id)) }),
      meta,
    );
    await saveImport(
      getDb(),
      ws,
      records({ deals: ids.slice(1000).map((id) => deal(id, { amount: 7 })) }),
      meta,
    );
    const byteOrder = [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const whole = await loadDataset(getDb(), ws);
    const sliced = await loadDataset(getDb(), ws, { slicePages: 2 });
    expect(whole.deals.map((d) => d.id)).toEqual(byteOrder);
    expect(sliced).toEqual(whole);
    expect(whole.deals.filter((d) => d.amount === 7)).toHaveLength(2000);
  });

  it('bulk-loads a large batch and keeps the deals indexes', async () => {
    const ws = await workspace(getDb(), 'bulk');
    const indexes = (): Promise<{ name: string; definition: string }[]> =>
      inTransaction(getDb(), (session) =>
        session.query<{ name: string; definition: string }>(
          `select indexname as name, indexdef as definition from pg_indexes
           where tablename = 'deals' order by indexname`,
        ),
      );
    const before = await indexes();
    const many = Array.from({ length: 120_000 }, (_, i) =>
      deal(`D${String((i * 7919) % 120_000).padStart(6, '0')}`, {
        amount: i,
        ownerId: `r${i % 50}`,
      }),
    );
    const first = await saveImport(getDb(), ws, records({ deals: many }), meta);
    expect(first.counts.deals).toEqual({ inserted: 120_000, updated: 0 });
    expect(await indexes()).toEqual(before);

    const changed = many.map((d, i) => (i % 2 === 0 ? { ...d, amount: -1 } : d));
    changed.push(deal('E000001'));
    const second = await saveImport(getDb(), ws, records({ deals: changed }), meta);
    expect(second.counts.deals).toEqual({ inserted: 1, updated: 120_000 });
    expect(await indexes()).toEqual(before);
    const loaded = await loadDataset(getDb(), ws);
    expect(loaded.deals).toHaveLength(120_001);
    expect(loaded.deals.filter((d) => d.amount === -1)).toHaveLength(60_000);
    expect(loaded.deals[0]?.id).toBe('D000000');
  });
});
