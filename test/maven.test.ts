// The Maven CRM sample end to end through the real command: import with its preset, the audit
// finds the data set's documented quirks, and the per-rep baseline equals an independent
// computation from the raw CSV.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ROOT, runCli } from './cli.ts';

const MAVEN = join(ROOT, 'data', 'maven');
let db = '';

beforeAll(async () => {
  db = join(await mkdtemp(join(tmpdir(), 'qp-maven-')), 'db');
  const files = [
    'sales_pipeline.csv',
    'sales_teams.csv',
    'accounts.csv',
    'products.csv',
    'data_dictionary.csv',
  ];
  const run = await runCli([
    'import',
    '--preset',
    'maven',
    '--db',
    db,
    ...files.map((f) => join(MAVEN, f)),
  ]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}, 120_000);

interface Finding {
  code: string;
  severity: string;
  count: number;
  refs: { id: string; detail: string }[];
}

describe('the Maven CRM sample', () => {
  it('reports its documented quirks in the audit', async () => {
    const run = await runCli(['audit', '--db', db, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: Finding[] };
    const byCode = new Map(report.findings.map((f) => [f.code, f]));
    // Quirk 2: 1,425 open deals have no account (1,088 Engaging + 337 Prospecting).
    expect(byCode.get('open-deal-without-account')?.count).toBe(1425);
    expect(byCode.get('open-deal-without-account')?.severity).toBe('warning');
    // Quirk 4: the pipeline spells 'GTXPro', the product table 'GTX Pro' (1,480 rows).
    expect(byCode.get('product-spelling-mismatch')?.count).toBe(1480);
    // Quirk 6: five agents have no opportunities.
    const idle = byCode.get('rep-without-deals');
    expect(idle?.count).toBe(5);
    expect(idle?.refs.map((r) => r.id).sort()).toEqual([
      'Carl Lin',
      'Carol Thompson',
      'Elizabeth Anderson',
      'Mei-Mei Johns',
      'Natalya Ivanova',
    ]);
    // Quirk 9: 461 rows are identical to another row but for the id.
    expect(byCode.get('near-duplicate-deals')?.count).toBe(461);
    // Quirk 5: the sector 'technolgy' is a misspelling of 'technology'.
    expect(
      byCode.get('inconsistent-spelling')?.refs.some((r) => r.detail.includes('technolgy')),
    ).toBe(true);
    // A well-formed export has no error-level ownership problems.
    expect(byCode.has('owner-not-in-roster')).toBe(false);
    expect(byCode.has('deal-without-owner')).toBe(false);
  });

  it('computes the per-rep baseline exactly as the raw CSV gives it', async () => {
    const raw = parse<Record<string, string>>(
      await readFile(join(MAVEN, 'sales_pipeline.csv'), 'utf8'),
      { columns: true, skip_empty_lines: true },
    );
    interface Expected {
      bookings: number;
      won: number;
      lost: number;
      sizes: number[];
      cycles: number[];
    }
    const expected = new Map<string, Expected>();
    for (const row of raw) {
      const agent = row.sales_agent ?? '';
      const e = expected.get(agent) ?? { bookings: 0, won: 0, lost: 0, sizes: [], cycles: [] };
      expected.set(agent, e);
      const value = Number(row.close_value);
      if (row.deal_stage === 'Won') {
        e.bookings += value;
        e.won += 1;
        e.sizes.push(value);
        const days =
          (Date.parse(row.close_date ?? '') - Date.parse(row.engage_date ?? '')) / 86_400_000;
        e.cycles.push(days);
      } else if (row.deal_stage === 'Lost') {
        e.lost += 1;
      }
    }

    const run = await runCli(['baseline', '--db', db, '--by', 'rep', '--format', 'csv']);
    expect(run.code).toBe(0);
    const rows = parse<Record<string, string>>(run.stdout, { columns: true });
    // Every agent of sales_teams.csv, including the five without deals; managers carry no deals.
    expect(rows).toHaveLength(35);
    expect(Object.keys(rows[0] ?? {})).toEqual(
      expect.arrayContaining([
        'rep_id',
        'rep_name',
        'territory',
        'bookings',
        'won',
        'lost',
        'win_rate',
        'avg_deal_size',
        'median_deal_size',
        'cycle_days',
        'open_pipeline',
        'weighted_pipeline',
      ]),
    );
    let checked = 0;
    for (const row of rows) {
      const e = expected.get(row.rep_id ?? '');
      if (e === undefined) {
        expect(row.bookings).toBe('0.00');
        continue;
      }
      checked += 1;
      expect(row.bookings).toBe(`${e.bookings}.00`);
      expect(Number(row.won)).toBe(e.won);
      expect(Number(row.lost)).toBe(e.lost);
      expect(Number(row.win_rate)).toBeCloseTo(e.won / (e.won + e.lost), 4);
      const sorted = [...e.sizes].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      const median =
        sorted.length % 2 === 1
          ? (sorted[mid] ?? 0)
          : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
      expect(Number(row.median_deal_size)).toBeCloseTo(median, 2);
      expect(Number(row.avg_deal_size)).toBeCloseTo(e.bookings / e.won, 2);
      const cycle = e.cycles.reduce((a, b) => a + b, 0) / e.cycles.length;
      expect(Number(row.cycle_days)).toBeCloseTo(cycle, 1);
      // Open Maven deals carry no value, so there is no open pipeline in money.
      expect(row.open_pipeline).toBe('0.00');
    }
    expect(checked).toBe(30);
    // The company total is the documented won value.
    const total = rows.reduce((sum, r) => sum + Number(r.bookings), 0);
    expect(total).toBe(10_005_534);
  });

  it('re-importing the same files changes nothing', async () => {
    const before = await runCli(['status', '--db', db, '--format', 'json']);
    const files = ['sales_pipeline.csv', 'sales_teams.csv', 'accounts.csv', 'products.csv'];
    const again = await runCli([
      'import',
      '--preset',
      'maven',
      '--db',
      db,
      '--format',
      'json',
      ...files.map((f) => join(MAVEN, f)),
    ]);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout) as {
      counts: Record<string, { inserted: number; updated: number }>;
    };
    expect(summary.counts.deals).toEqual({ inserted: 0, updated: 8800 });
    const after = await runCli(['status', '--db', db, '--format', 'json']);
    const counts = (s: string): unknown => (JSON.parse(s) as { counts: unknown }).counts;
    expect(counts(after.stdout)).toEqual(counts(before.stdout));
  });
});
