// The maven preset on the real Maven "CRM Sales Opportunities" files (data/maven/), checked
// against the counts in data/maven/SOURCE.md.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatIssue } from '../../core/issue.ts';
import { readImportFiles } from './index.ts';
import type { ImportBatch, ImportContext } from './index.ts';

const dir = join(import.meta.dirname, '..', '..', '..', 'data', 'maven');
const files = [
  'accounts.csv',
  'data_dictionary.csv',
  'products.csv',
  'sales_pipeline.csv',
  'sales_teams.csv',
];
const context: ImportContext = {
  currency: 'USD',
  existing: { reps: [], accountIds: new Set(), rates: [] },
};

let batch: ImportBatch;

beforeAll(async () => {
  const result = await readImportFiles(
    files.map((f) => join(dir, f)),
    {},
    context,
  );
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  batch = result.value;
});

describe('maven preset', () => {
  it('is detected from the pipeline headers and reads every row without errors', () => {
    expect(batch.preset).toBe('maven');
    expect(batch.errors).toEqual([]);
    expect(batch.rejects).toEqual([]);
    expect(batch.notices.map((n) => n.code)).toContain('preset-detected');
  });

  it('imports the 8,800 opportunities with SOURCE.md stage counts', () => {
    const deals = batch.records.deals;
    expect(deals).toHaveLength(8800);
    const by = (status: string) => deals.filter((d) => d.status === status).length;
    expect(by('won')).toBe(4238);
    expect(by('lost')).toBe(2473);
    expect(by('open')).toBe(1589 + 500);
    expect(deals.every((d) => d.unmapped.length === 0)).toBe(true);
  });

  it('keeps amounts in cents: won total $10,005,534, lost deals 0, open deals none', () => {
    const deals = batch.records.deals;
    const wonCents = deals
      .filter((d) => d.status === 'won')
      .reduce((s, d) => s + (d.amount ?? 0), 0);
    expect(wonCents).toBe(1_000_553_400);
    expect(deals.filter((d) => d.status === 'lost').every((d) => d.amount === 0)).toBe(true);
    expect(deals.filter((d) => d.status === 'open').every((d) => d.amount === null)).toBe(true);
    expect(deals.every((d) => d.currency === 'USD')).toBe(true);
  });

  it('keeps the pipeline’s product spelling and blank accounts', () => {
    const deals = batch.records.deals;
    expect(deals.filter((d) => d.product === 'GTXPro')).toHaveLength(1480);
    expect(deals.filter((d) => d.accountId === null)).toHaveLength(1425);
    expect(
      deals.filter((d) => d.stage === 'Prospecting').every((d) => d.createdDate === null),
    ).toBe(true);
    expect(deals.find((d) => d.id === '1C1I7A6R')).toMatchObject({
      ownerId: 'Moses Frase',
      accountId: 'Cancity',
      createdDate: '2016-10-20',
      closeDate: '2017-03-01',
      amount: 105_400,
      type: 'new_business',
    });
  });

  it('builds the roster: 35 agents, 6 derived managers, 3 derived territories', () => {
    const reps = batch.records.reps;
    const agents = reps.filter((r) => !r.derived);
    expect(agents).toHaveLength(35);
    const managers = reps.filter((r) => r.role === 'MGR');
    expect(managers).toHaveLength(6);
    expect(managers.every((m) => m.derived)).toBe(true);
    const owners = new Set(batch.records.deals.map((d) => d.ownerId));
    expect(owners.size).toBe(30);
    const idle = agents.filter((a) => !owners.has(a.id)).map((a) => a.name);
    expect(idle.sort()).toEqual([
      'Carl Lin',
      'Carol Thompson',
      'Elizabeth Anderson',
      'Mei-Mei Johns',
      'Natalya Ivanova',
    ]);
    const managerIds = new Set(managers.map((m) => m.id));
    expect(agents.every((a) => a.managerId !== null && managerIds.has(a.managerId))).toBe(true);
    expect(batch.records.territories.map((t) => t.id).sort()).toEqual(['Central', 'East', 'West']);
    expect(batch.records.territories.every((t) => t.derived)).toBe(true);
    expect(managers.every((m) => m.territoryId !== null)).toBe(true);
  });

  it('reads accounts with revenue in millions and products with list prices', () => {
    expect(batch.records.accounts).toHaveLength(85);
    expect(batch.records.accounts.find((a) => a.id === 'Acme Corporation')).toMatchObject({
      name: 'Acme Corporation',
      industry: 'technolgy',
      employees: 2822,
      annualRevenue: 110_004_000_000,
    });
    expect(batch.records.products).toHaveLength(7);
    expect(batch.records.products.find((p) => p.id === 'GTX Pro')).toMatchObject({
      family: 'GTX',
      listPrice: 482_100,
    });
  });

  it('ignores the data dictionary with a notice and records every file', () => {
    const ignored = batch.notices.find((n) => n.code === 'file-ignored');
    expect(ignored?.location?.file).toBe('data_dictionary.csv');
    const pipeline = batch.files.find((f) => f.name === 'sales_pipeline.csv');
    expect(pipeline).toMatchObject({
      entity: 'deals',
      rows: 8800,
      accepted: 8800,
      rejected: 0,
      sha256: '825ce8f6c32d4009548b468df3173d55a46fd73f2531f532c5459371dc52adf2',
      columns: { id: 'opportunity_id', owner_id: 'sales_agent', close_date: 'close_date' },
    });
    expect(batch.files.find((f) => f.name === 'data_dictionary.csv')?.entity).toBeNull();
    expect(batch.notices.find((n) => n.code === 'deal-type-assumed')?.message).toBe(
      '8,800 deals had no type: counted as new business (ASSUMED)',
    );
  });
});
