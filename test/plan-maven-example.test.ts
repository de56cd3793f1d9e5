// The hand-written example plan of the Maven sample (examples/plan-maven.yaml) through the real
// command: a planned hire appears with its start date and a prorated, ramped quota; a departure
// ends a rep's quota; the current quotas (last year + 10 %) are recognised as a flat uplift.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ROOT, runCli } from './cli.ts';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qp-plan-example-'));
  const files = ['sales_pipeline.csv', 'sales_teams.csv', 'accounts.csv', 'products.csv'];
  const run = await runCli([
    'import',
    '--preset',
    'maven',
    '--db',
    join(dir, 'db'),
    ...files.map((f) => join(ROOT, 'data', 'maven', f)),
  ]);
  expect(run.code).toBe(0);
}, 120_000);

describe('examples/plan-maven.yaml', () => {
  it('plans the hire, the departure and audits the current quotas', async () => {
    const out = join(dir, 'out');
    const run = await runCli([
      'plan',
      join(ROOT, 'examples', 'plan-maven.yaml'),
      '--db',
      join(dir, 'db'),
      '--out',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Current quotas (the quotas in force, against this proposal):');
    expect(run.stdout).toMatch(/Current quotas look like "last year \+ 10\.\d%"/);
    const table: string[][] = parse(await readFile(join(out, 'quotas.csv'), 'utf8'));
    const [header, ...rows] = table;
    const col = (name: string): number => header?.indexOf(name) ?? -1;
    const hire = rows.find((r) => r[0] === 'HIRE-W1');
    expect(hire?.[col('start_date')]).toBe('2018-03-15');
    expect(hire?.[col('territory')]).toBe('West');
    // Nothing before the start; March prorated (17 of 31 days) and at 25 %, then 50 %, 75 %, 100 %.
    const month = (r: string[] | undefined, m: string): number => Number(r?.[col(m)]);
    expect(month(hire, '2018-01')).toBe(0);
    expect(month(hire, '2018-02')).toBe(0);
    const full = month(hire, '2018-07');
    expect(month(hire, '2018-03') / full).toBeCloseTo((17 / 31) * 0.25, 2);
    expect(month(hire, '2018-04') / full).toBeCloseTo(0.5, 2);
    expect(month(hire, '2018-05') / full).toBeCloseTo(0.75, 2);
    // Carl Lin leaves on 31 March: a first-quarter quota only.
    const carl = rows.find((r) => r[0] === 'Carl Lin');
    expect(Number(carl?.[col('Q1')])).toBeGreaterThan(0);
    expect(Number(carl?.[col('Q2')])).toBe(0);

    const checks = JSON.parse(await readFile(join(out, 'checks.json'), 'utf8')) as {
      currentMethodology: {
        flatUplift: { detected: boolean; uplift: number };
        findings: string[];
      } | null;
    };
    expect(checks.currentMethodology?.flatUplift.detected).toBe(true);
    expect(checks.currentMethodology?.flatUplift.uplift).toBeCloseTo(0.1, 2);
    expect(checks.currentMethodology?.findings[0]).toContain('last year + 10.0%');
  }, 60_000);
});
