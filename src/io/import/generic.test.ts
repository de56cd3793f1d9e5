// The generic layout of docs/data-formats.md: one file per entity, references resolved by id,
// email or name, amounts converted with rates, files recognised by name or by headers.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../core/issue.ts';
import { readImportFiles } from './index.ts';
import type { ImportBatch, ImportContext, ImportOptions } from './index.ts';

const empty: ImportContext = {
  currency: 'USD',
  existing: { reps: [], accountIds: new Set(), rates: [] },
};

async function write(files: Record<string, string>): Promise<{ dir: string; paths: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'qp-generic-'));
  const paths: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text);
    paths.push(join(dir, name));
  }
  return { dir, paths };
}

async function importOk(
  paths: string[],
  options: ImportOptions = {},
  context = empty,
): Promise<ImportBatch> {
  const result = await readImportFiles(paths, options, context);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.value;
}

const workspaceFiles = {
  'territories.csv': 'id,name,parent_id,segment\nT-NA,North America,,\nT-EU,Europe,,ENT\n',
  'reps.csv': [
    'id,name,email,manager_id,role,segment,territory_id,start_date,end_date,ote,currency',
    'r1,Ada Stone,ada@example.com,m1,AE,SMB,T-NA,2023-01-09,,120000,',
    'r2,Ben Ortiz,ben@example.com,Cleo Park,SDR,,T-NA,,,,',
    'm1,Cleo Park,cleo@example.com,,MGR,,T-NA,,,,',
    'r3,Dora Lind,dora@example.com,m1,ae,,Europe,2024-02-01,2024-11-30,90000.50,EUR',
  ].join('\n'),
  'accounts.csv': [
    'id,name,territory_id,owner_id,segment,industry,employees,annual_revenue,potential',
    'a1,Acme,T-NA,ada@example.com,SMB,Software,120,"5,000,000.00",250000',
    'a2,Borealis,T-EU,r3,ENT,Energy,,,',
  ].join('\n'),
  'products.csv': 'id,name,family,list_price\np1,Core,Platform,1200\n',
  'rates.csv': 'currency,rate,valid_from\nEUR,1.1,\nEUR,1.2,2024-07-01\n',
  'deals-2024.csv': [
    'id,name,account_id,owner_id,source_rep_id,amount,currency,created_date,close_date,stage,status,probability,type,product',
    'd1,Acme core,Acme,ADA@example.com,Ben Ortiz,1000.50,,2024-01-10,2024-03-01,Closed Won,,40%,renewal,Core',
    'd2,Ghost deal,a1,Ghost Person,,200,USD,2024-02-01,2024-04-01,Closed Lost,,,new_business,',
    'd3,Borealis,a2,r3,,100,eur,2024-03-01,2024-08-01,Negotiation,open,0.5,expansion,p1',
    'd4,Early EUR,a2,r3,,100,EUR,2024-01-01,,,open,,,',
  ].join('\n'),
  'splits.csv': 'deal_id,rep_id,share\nd1,r1,60%\nd1,Ben Ortiz,0.4\n',
};

describe('generic layout', () => {
  it('reads every entity and resolves references by id, email and name', async () => {
    const { paths } = await write(workspaceFiles);
    const batch = await importOk(paths);
    expect(batch.preset).toBe('generic');
    expect(batch.errors).toEqual([]);
    expect(batch.files.map((f) => f.entity)).toEqual([
      'territories',
      'reps',
      'accounts',
      'products',
      'rates',
      'deals',
      'splits',
    ]);
    const reps = new Map(batch.records.reps.map((r) => [r.id, r]));
    expect(reps.get('r1')).toMatchObject({
      ote: 12_000_000,
      currency: 'USD',
      startDate: '2023-01-09',
      territoryId: 'T-NA',
    });
    expect(reps.get('r2')?.managerId).toBe('m1');
    expect(reps.get('r3')).toMatchObject({
      role: 'AE',
      territoryId: 'T-EU',
      currency: 'EUR',
      ote: 9_000_050,
    });
    expect(batch.records.accounts[0]).toMatchObject({
      ownerId: 'r1',
      annualRevenue: 500_000_000,
      potential: 25_000_000,
    });
    expect(batch.records.territories.every((t) => !t.derived)).toBe(true);

    const deals = new Map(batch.records.deals.map((d) => [d.id, d]));
    expect(deals.get('d1')).toMatchObject({
      accountId: 'a1',
      ownerId: 'r1',
      sourceRepId: 'r2',
      amount: 100_050,
      currency: 'USD',
      status: 'won',
      probability: 0.4,
      type: 'renewal',
    });
    // A real roster exists, so an unknown owner keeps its raw value for the audit to flag.
    expect(deals.get('d2')).toMatchObject({ ownerId: 'Ghost Person', status: 'lost' });
    // EUR at 1.2 from July on (close date 2024-08-01); without a close date, the created date.
    expect(deals.get('d3')).toMatchObject({
      currency: 'EUR',
      originalAmount: 10_000,
      amount: 12_000,
      status: 'open',
    });
    expect(deals.get('d4')).toMatchObject({ amount: 11_000, type: 'new_business' });
    expect(batch.records.splits).toEqual([
      { dealId: 'd1', repId: 'r1', share: 0.6 },
      { dealId: 'd1', repId: 'r2', share: 0.4 },
    ]);
    expect(batch.notices.find((n) => n.code === 'deal-type-assumed')?.message).toBe(
      '1 deal had no type: counted as new business (ASSUMED)',
    );
  });

  it('keeps long deal names exactly (they are copied out of the reader’s chunk)', async () => {
    const names = [
      'Crystalmark Health - Expansion',
      'Zürich Rückversicherung – Erneuerung 2025',
      'Short',
    ];
    const { paths } = await write({
      'deals.csv': [
        'id,name,account_id,owner_id,amount,created_date,close_date,stage,status',
        ...names.map(
          (name, i) => `d${i},  ${name} ,a1,r1,100,2024-01-10,2024-03-01,Closed Won,won`,
        ),
      ].join('\n'),
    });
    const batch = await importOk(paths, { preset: 'generic' });
    expect(batch.records.deals.map((d) => d.name)).toEqual(names);
  });

  it('recognises a file by its headers when its name says nothing', async () => {
    const { paths } = await write({
      'export-7.csv': 'id,owner_id,close_date,status,amount\nx1,Ann,2024-05-05,won,10\n',
    });
    const batch = await importOk(paths);
    expect(batch.files[0]).toMatchObject({ entity: 'deals', accepted: 1 });
    expect(batch.records.reps).toEqual([expect.objectContaining({ id: 'Ann', derived: true })]);
  });

  it('reads amounts with a decimal comma under --locale de-DE', async () => {
    const { paths } = await write({
      'deals.csv': 'id;owner_id;close_date;status;amount\nx1;Ann;2024-05-05;won;1.234,56\n',
    });
    const batch = await importOk(paths, { locale: 'de-DE' });
    expect(batch.records.deals[0]?.amount).toBe(123_456);
  });

  it('reads XLSX workbooks like CSV files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-generic-'));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Deals');
    sheet.addRow(['id', 'owner_id', 'close_date', 'status', 'amount']);
    sheet.addRow(['x1', 'Ann', '2024-05-05', 'won', 1234.5]);
    const path = join(dir, 'deals.xlsx');
    await workbook.xlsx.writeFile(path);
    const batch = await importOk([path]);
    expect(batch.files[0]?.format).toBe('xlsx');
    expect(batch.records.deals[0]).toMatchObject({
      id: 'x1',
      amount: 123_450,
      closeDate: '2024-05-05',
    });
  });

  it('uses the workspace’s reps, accounts and rates', async () => {
    const { paths } = await write({
      'deals.csv':
        'id,owner_id,account_id,close_date,status,amount,currency\nx1,Ann,acc-9,2024-05-05,won,10,GBP\n',
    });
    const context: ImportContext = {
      currency: 'USD',
      existing: {
        reps: [{ id: 'Ann', name: 'Ann', email: null, derived: true }],
        accountIds: new Set(['acc-9']),
        rates: [{ currency: 'GBP', rate: 1.25, validFrom: null }],
      },
    };
    const batch = await importOk(paths, {}, context);
    // Ann was derived by an earlier import: found again, not derived twice.
    expect(batch.records.reps).toEqual([]);
    expect(batch.records.accounts).toEqual([]);
    expect(batch.records.deals[0]).toMatchObject({
      ownerId: 'Ann',
      accountId: 'acc-9',
      amount: 1250,
    });
  });

  it('applies a mapping file’s columns, constants and value maps', async () => {
    const { paths } = await write({
      'opps-q1.csv':
        'Opp Number,Rep Email,ACV,Booked On,Phase\nO-1,ann@example.com,"1,000",03/15/2024,Signed\nO-2,ann@example.com,50,03/16/2024,Pitching\n',
    });
    const batch = await importOk(
      paths,
      {
        mapping: {
          path: null,
          currency: 'EUR',
          values: { status: { Signed: 'won', Pitching: 'open' }, type: {} },
          files: [
            {
              match: 'opps*.csv',
              entity: 'deals',
              columns: {
                id: 'Opp Number',
                owner_id: 'Rep Email',
                amount: 'ACV',
                close_date: 'Booked On',
                stage: 'Phase',
              },
              constants: { type: 'expansion' },
              values: { status: {}, type: {} },
            },
          ],
        },
      },
      { ...empty, currency: 'EUR' },
    );
    expect(batch.errors).toEqual([]);
    expect(
      batch.records.deals.map((d) => [d.id, d.status, d.type, d.amount, d.currency, d.closeDate]),
    ).toEqual([
      ['O-1', 'won', 'expansion', 100_000, 'EUR', '2024-03-15'],
      ['O-2', 'open', 'expansion', 5_000, 'EUR', '2024-03-16'],
    ]);
    expect(batch.files[0]?.columns).toMatchObject({
      owner_id: 'Rep Email',
      close_date: 'Booked On',
    });
    expect(batch.records.reps[0]).toMatchObject({
      id: 'ann@example.com',
      name: 'Ann',
      email: 'ann@example.com',
    });
  });

  it('lets a mapping file override a preset’s value map and ignore files', async () => {
    const { paths } = await write({
      'pipeline.csv':
        'opportunity_id,sales_agent,deal_stage,close_value,close_date\nA1,Zed,Engaging,,\nA2,Zed,Won,10,2017-03-01\n',
      'notes.csv': 'anything,at,all\n1,2,3\n',
    });
    const batch = await importOk(paths, {
      mapping: {
        path: null,
        values: { status: { engaging: 'lost' }, type: {} },
        files: [
          {
            match: 'notes.csv',
            entity: 'ignore',
            columns: {},
            constants: {},
            values: { status: {}, type: {} },
          },
        ],
      },
    });
    expect(batch.preset).toBe('maven');
    expect(batch.records.deals.map((d) => d.status)).toEqual(['lost', 'won']);
    expect(batch.files.find((f) => f.name === 'notes.csv')?.entity).toBeNull();
  });

  it('reports progress with bytes read', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => `d${i},Ann,2024-01-01,won,${i}`);
    const { paths } = await write({
      'deals.csv': `id,owner_id,close_date,status,amount\n${rows.join('\n')}\n`,
    });
    const seen: { rows: number; bytesRead: number; sizeBytes: number }[] = [];
    await importOk(paths, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.rows)).toEqual([5000, 10_000, 12_000]);
    const last = seen.at(-1);
    expect(last?.bytesRead).toBe(last?.sizeBytes);
    expect(seen.every((p) => p.bytesRead > 0 && p.bytesRead <= p.sizeBytes)).toBe(true);
  });
});
