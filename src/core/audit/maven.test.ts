// The audit on the real Maven "CRM Sales Opportunities" sample (data/maven), mapped by hand the
// way an importer would: the quirks data/maven/SOURCE.md lists must show up as findings.

import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Dataset, Deal } from '../model.ts';
import { auditDataset } from './index.ts';
import type { AuditReport } from './index.ts';
import { makeAccount, makeDataset, makeProduct, makeRep, makeTerritory } from './test-builders.ts';

const MAVEN = new URL('../../../data/maven/', import.meta.url);

/** Rows of a Maven CSV as objects (the files have no quoted fields). */
async function readCsv(name: string): Promise<Record<string, string>[]> {
  const text = await readFile(new URL(name, MAVEN), 'utf8');
  const [header = '', ...lines] = text.trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}

const orNull = (value: string | undefined): string | null =>
  value === undefined || value === '' ? null : value;

async function mavenDataset(): Promise<Dataset> {
  const [teams, accounts, products, pipeline] = await Promise.all([
    readCsv('sales_teams.csv'),
    readCsv('accounts.csv'),
    readCsv('products.csv'),
    readCsv('sales_pipeline.csv'),
  ]);
  const managers = [...new Set(teams.map((t) => t['manager'] ?? ''))];
  const offices = [...new Set(teams.map((t) => t['regional_office'] ?? ''))];
  const deals = pipeline.map((row): Deal => {
    const stage = row['deal_stage'] ?? '';
    const status = stage === 'Won' ? 'won' : stage === 'Lost' ? 'lost' : 'open';
    const value = orNull(row['close_value']);
    const amount = value === null ? null : Number(value) * 100;
    return {
      id: row['opportunity_id'] ?? '',
      name: null,
      accountId: orNull(row['account']),
      ownerId: orNull(row['sales_agent']),
      sourceRepId: null,
      amount,
      originalAmount: amount,
      currency: 'USD',
      createdDate: orNull(row['engage_date']),
      closeDate: orNull(row['close_date']),
      stage,
      status,
      probability: null,
      type: 'new_business',
      product: orNull(row['product']),
      unmapped: [],
      source: 'maven',
      derived: false,
    };
  });
  return makeDataset({
    territories: offices.map((o) => makeTerritory(o, { name: o })),
    reps: [
      ...managers.map((m) =>
        makeRep(m, { name: m, role: 'MGR', territoryId: null, segment: null }),
      ),
      ...teams.map((t) =>
        makeRep(t['sales_agent'] ?? '', {
          name: t['sales_agent'] ?? '',
          managerId: t['manager'] ?? null,
          territoryId: t['regional_office'] ?? null,
          segment: null,
        }),
      ),
    ],
    accounts: accounts.map((a) =>
      makeAccount(a['account'] ?? '', {
        name: a['account'] ?? '',
        territoryId: null,
        segment: null,
        industry: orNull(a['sector']),
      }),
    ),
    products: products.map((p) => makeProduct(p['product'] ?? '', { name: p['product'] ?? '' })),
    deals,
  });
}

function countOf(report: AuditReport, code: string): number {
  return report.findings.find((f) => f.code === code)?.count ?? 0;
}

describe('audit of the Maven sample', () => {
  it('finds the quirks SOURCE.md documents and no blocking errors', async () => {
    const report = auditDataset(await mavenDataset());
    expect(report.asOf).toBe('2017-12-31');
    // Quirk 4: 'GTXPro' on 1,480 deals vs 'GTX Pro' in products.csv.
    expect(countOf(report, 'product-spelling-mismatch')).toBe(1_480);
    const mismatch = report.findings.find((f) => f.code === 'product-spelling-mismatch');
    expect(mismatch?.refs[0]?.detail).toBe("product 'GTXPro' vs 'GTX Pro' in the product list");
    // Quirk 2: 1,425 open deals without an account, no closed one.
    expect(countOf(report, 'open-deal-without-account')).toBe(1_425);
    expect(countOf(report, 'deal-without-account')).toBe(0);
    // Quirk 1: every Engaging and Prospecting deal lacks a close date.
    expect(countOf(report, 'open-deal-without-close-date')).toBe(2_089);
    // Quirk 6: five agents have no opportunities (managers are not counted).
    const idle = report.findings.find((f) => f.code === 'rep-without-deals');
    expect(idle?.refs.map((r) => r.id)).toEqual([
      'Carl Lin',
      'Carol Thompson',
      'Elizabeth Anderson',
      'Mei-Mei Johns',
      'Natalya Ivanova',
    ]);
    // Quirk 9: 461 rows share every field but the opportunity id with another row.
    expect(countOf(report, 'near-duplicate-deals')).toBe(461);
    // Quirk 5: the sector 'technolgy' (12 accounts) is the only spelling, caught by the vocabulary.
    const spelling = report.findings.find((f) => f.code === 'inconsistent-spelling');
    expect(spelling?.count).toBe(12);
    expect(spelling?.refs[0]?.detail).toBe(
      "industry 'technolgy' (12 accounts) looks like a misspelling of 'technology'",
    );
    expect(report.errorCount).toBe(0);
  });
});
