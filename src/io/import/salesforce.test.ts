// The salesforce preset: the genuine Data Loader export (data/salesforce-demo/), a report export
// with two currencies (test/fixtures/salesforce-report/), and User and CurrencyType exports.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../core/issue.ts';
import { readImportFiles } from './index.ts';
import type { ImportBatch, ImportContext, ImportOptions } from './index.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const demo = join(root, 'data', 'salesforce-demo');
const report = join(root, 'test', 'fixtures', 'salesforce-report');
const empty: ImportContext = {
  currency: 'USD',
  existing: { reps: [], accountIds: new Set(), rates: [] },
};

async function importOk(
  paths: string[],
  options: ImportOptions = {},
  context = empty,
): Promise<ImportBatch> {
  const result = await readImportFiles(paths, options, context);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.value;
}

describe('salesforce preset: Data Loader export', () => {
  it('reads the 50 opportunities and 22 accounts of the demo org', async () => {
    const batch = await importOk([join(demo, 'Opportunity.csv'), join(demo, 'Account.csv')]);
    expect(batch.preset).toBe('salesforce');
    expect(batch.errors).toEqual([]);
    const deals = batch.records.deals;
    expect(deals).toHaveLength(50);
    expect(deals.filter((d) => d.status === 'won')).toHaveLength(12);
    expect(deals.filter((d) => d.status === 'lost')).toHaveLength(3);
    expect(deals.filter((d) => d.status === 'open')).toHaveLength(35);
    expect(batch.records.accounts).toHaveLength(22);
    const accountIds = new Set(batch.records.accounts.map((a) => a.id));
    expect(deals.every((d) => d.accountId !== null && accountIds.has(d.accountId))).toBe(true);
  });

  it('reads percent probabilities as fractions, timestamps as dates and the custom product field', async () => {
    const batch = await importOk([join(demo, 'Opportunity.csv')]);
    const first = batch.records.deals.find((d) => d.id === '006Ec00000AieKFIAZ');
    expect(first).toMatchObject({
      name: 'Patterson-Hansen - Merchant Services - November 2024',
      stage: 'Qualification',
      status: 'open',
      probability: 0.1,
      amount: 112_474_115,
      createdDate: '2024-01-22',
      closeDate: '2024-11-10',
      product: 'Merchant Services',
    });
    const probabilities = batch.records.deals.map((d) => d.probability ?? -1);
    expect(probabilities.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(
      batch.records.deals.filter((d) => d.status === 'won').every((d) => d.probability === 1),
    ).toBe(true);
  });

  it('derives one rep from the single OwnerId when there is no roster', async () => {
    const batch = await importOk([join(demo, 'Opportunity.csv')]);
    expect(batch.records.reps).toEqual([
      expect.objectContaining({
        id: '005Ec000004oBPNIA2',
        role: 'AE',
        derived: true,
        source: 'salesforce',
      }),
    ]);
    expect(batch.records.deals.every((d) => d.ownerId === '005Ec000004oBPNIA2')).toBe(true);
    expect(batch.notices.map((n) => n.code)).toContain('roster-derived');
    // Accounts the deals point at are derived when no Account file comes with them.
    expect(batch.records.accounts.every((a) => a.derived)).toBe(true);
  });

  it('skips rows marked IsDeleted with a notice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-sf-'));
    const text = await readFile(join(demo, 'Opportunity.csv'), 'utf8');
    const lines = text.split('\n');
    lines[1] = (lines[1] ?? '').replace('006Ec00000AieKFIAZ,,', '006Ec00000AieKFIAZ,1,');
    await writeFile(join(dir, 'Opportunity.csv'), lines.join('\n'));
    const batch = await importOk([join(dir, 'Opportunity.csv')]);
    expect(batch.records.deals).toHaveLength(49);
    expect(batch.records.deals.some((d) => d.id === '006Ec00000AieKFIAZ')).toBe(false);
    const skipped = batch.notices.find((n) => n.code === 'deleted-rows-skipped');
    expect(skipped?.message).toBe('1 row marked as deleted (IsDeleted): skipped');
    expect(batch.files[0]).toMatchObject({ rows: 50, accepted: 49, rejected: 0 });
  });

  it('reads User exports as reps and CurrencyType as rates per corporate unit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-sf-'));
    await writeFile(
      join(dir, 'User.csv'),
      [
        'Id,Name,Email,ManagerId,IsActive,UserRole.Name',
        '005A,Casey Demo,casey@example.com,005M,1,Account Executive',
        '005B,Robin Sample,robin@example.com,005M,1,Western Sales Team',
        '005M,Morgan Lead,morgan@example.com,,1,Sales Manager',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'CurrencyType.csv'),
      'IsoCode,ConversionRate,IsCorporate\nUSD,1,1\nEUR,0.8,\n',
    );
    await writeFile(
      join(dir, 'Opportunity.csv'),
      [
        'Id,Name,StageName,Amount,CurrencyIsoCode,CloseDate,OwnerId,IsWon,IsClosed',
        '006A,First,Closed Won,1000.00,EUR,2024-05-01,005A,1,1',
        '006B,Second,Closed Lost,500,USD,2024-05-02,robin@example.com,,1',
      ].join('\n'),
    );
    const batch = await importOk([
      join(dir, 'User.csv'),
      join(dir, 'CurrencyType.csv'),
      join(dir, 'Opportunity.csv'),
    ]);
    expect(batch.errors).toEqual([]);
    expect(batch.records.rates).toContainEqual({ currency: 'EUR', rate: 1.25, validFrom: null });
    expect(batch.records.reps.map((r) => [r.id, r.role, r.managerId])).toEqual([
      ['005A', 'AE', '005M'],
      ['005B', 'AE', '005M'],
      ['005M', 'MGR', null],
    ]);
    expect(batch.notices.find((n) => n.code === 'role-assumed')?.message).toContain(
      '"Western Sales Team"',
    );
    const [won, lost] = batch.records.deals;
    expect(won).toMatchObject({
      status: 'won',
      originalAmount: 100_000,
      currency: 'EUR',
      amount: 125_000,
    });
    expect(lost).toMatchObject({ status: 'lost', ownerId: '005B', amount: 50_000 });
    expect(batch.notices.map((n) => n.code)).not.toContain('roster-derived');
  });

  it('recognises a CurrencyType export on its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-sf-'));
    await writeFile(join(dir, 'CurrencyType.csv'), 'IsoCode,ConversionRate\nGBP,0.5\n');
    const batch = await importOk([join(dir, 'CurrencyType.csv')]);
    expect(batch.preset).toBe('salesforce');
    expect(batch.records.rates).toEqual([{ currency: 'GBP', rate: 2, validFrom: null }]);
  });
});

describe('salesforce preset: report export', () => {
  const paths = [join(report, 'report1732000000000.csv'), join(report, 'rates.csv')];

  it('converts EUR deals to USD at the rate valid on the close date, to the cent', async () => {
    const batch = await importOk(paths);
    expect(batch.preset).toBe('salesforce');
    expect(batch.errors).toEqual([]);
    const deals = batch.records.deals;
    expect(deals).toHaveLength(30);
    const byName = (name: string, close: string) =>
      deals.find((d) => d.name === name && d.closeDate === close);
    // 7,420.35 EUR closed 2024-08-15: the July rate 1.1037 → 8,189.84 USD.
    expect(byName('Brightwater Labs - Platform', '2024-08-15')).toMatchObject({
      currency: 'EUR',
      originalAmount: 742_035,
      amount: 818_984,
      ownerId: 'Dana Whitfield',
      accountId: 'Brightwater Labs',
      status: 'won',
      probability: 1,
      type: 'new_business',
      createdDate: '2024-01-02',
    });
    // 12,345.67 EUR closed 2024-05-20: the January rate 1.0825 → 13,364.19 USD.
    expect(
      byName('Hollins, Crane and Park - Analytics Add-on, Phase 2', '2024-05-20'),
    ).toMatchObject({
      originalAmount: 1_234_567,
      amount: 1_336_419,
      stage: 'Proposal/Price Quote',
      status: 'open',
      probability: 0.75,
      type: 'expansion',
    });
    const usd = deals.filter((d) => d.currency === 'USD');
    expect(usd.every((d) => d.amount === d.originalAmount)).toBe(true);
    expect(deals.filter((d) => d.status === 'won')).toHaveLength(9);
    expect(deals.filter((d) => d.status === 'lost')).toHaveLength(3);
  });

  it('ignores the report footer and says how deal ids were built', async () => {
    const batch = await importOk(paths);
    const footer = batch.notices.find((n) => n.code === 'footer-ignored');
    expect(footer?.location?.file).toBe('report1732000000000.csv');
    const ids = batch.notices.find((n) => n.code === 'deal-ids-generated');
    expect(ids?.message).toContain('add "Opportunity ID" to the report');
    expect(batch.records.deals.every((d) => /^sfr-[0-9a-f]{12}$/.test(d.id))).toBe(true);
    expect(new Set(batch.records.deals.map((d) => d.id)).size).toBe(30);
  });

  it('builds the same ids when the same report is imported again', async () => {
    const first = await importOk(paths);
    const second = await importOk(paths);
    expect(second.records.deals.map((d) => d.id)).toEqual(first.records.deals.map((d) => d.id));
  });

  it('refuses EUR deals without a rate, naming the currency column', async () => {
    const batch = await importOk([join(report, 'report1732000000000.csv')]);
    const eurRows = batch.records.deals.filter((d) => d.currency === 'EUR');
    expect(eurRows).toHaveLength(0);
    expect(batch.errors.length).toBeGreaterThan(0);
    expect(batch.errors[0]).toMatchObject({
      code: 'missing-rate',
      message: 'no exchange rate for EUR; add it to a rates file',
      location: {
        file: 'report1732000000000.csv',
        row: 2,
        column: 'Amount Currency',
        value: 'EUR',
      },
    });
    expect(batch.errors[0]?.expected).toContain('EUR');
    expect(batch.rejects).toHaveLength(batch.errors.length);
  });
});
