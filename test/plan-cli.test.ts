// init-plan and plan through the real command on the Maven sample: the v0 plan is written once,
// runs as it is, and its quotas.csv has the documented columns and sums to the target to the cent.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ROOT, runCli } from './cli.ts';

const MAVEN = join(ROOT, 'data', 'maven');
let dir = '';
let db = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qp-plan-cli-'));
  db = join(dir, 'db');
  const files = ['sales_pipeline.csv', 'sales_teams.csv', 'accounts.csv', 'products.csv'];
  const run = await runCli([
    'import',
    '--preset',
    'maven',
    '--db',
    db,
    ...files.map((f) => join(MAVEN, f)),
  ]);
  expect(run.code).toBe(0);
}, 120_000);

/** Cents of a CSV money cell written with two decimals ('1234.50'). */
function cents(cell: string): number {
  expect(cell).toMatch(/^-?\d+\.\d{2}$/);
  return Math.round(Number(cell) * 100);
}

describe('quotaplan init-plan and plan', () => {
  it('lists their options in --help', async () => {
    const init = await runCli(['init-plan', '--help']);
    expect(init.code).toBe(0);
    for (const option of ['--db', '--out', '--as-of', '--force'])
      expect(init.stdout).toContain(option);
    const plan = await runCli(['plan', '--help']);
    expect(plan.code).toBe(0);
    for (const option of ['--db', '--out', '--format', '<plan-file>']) {
      expect(plan.stdout).toContain(option);
    }
    const top = await runCli(['--help']);
    expect(top.stdout).toContain('init-plan');
    expect(top.stdout).toMatch(/\n {2}plan /);
  });

  it('writes a v0 plan, runs it, and writes quotas that sum to the target to the cent', async () => {
    const planPath = join(dir, 'plan.yaml');
    const init = await runCli(['init-plan', '--db', db, '--out', planPath]);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(
      "target: last 12 months' bookings (2017-01..2017-12, new_business + expansion) = $10,005,534, rounded to $10,006,000, flat growth",
    );
    const text = await readFile(planPath, 'utf8');
    expect(text).toContain('target: 10006000');
    expect(text).toContain('# Every input is ASSUMED until it is listed under `confirmed:`');

    // A second init-plan leaves the file alone unless forced.
    await writeFile(planPath, `${text}# reviewed\n`);
    const again = await runCli(['init-plan', '--db', db, '--out', planPath]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the file already exists; it was left as it is');
    expect(await readFile(planPath, 'utf8')).toContain('# reviewed');

    const out = join(dir, 'out');
    const run = await runCli(['plan', planPath, '--db', db, '--out', out, '--format', 'table']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('FY2018 quotas: blended, 2018-01..2018-12 (12 months)');
    expect(run.stdout).toContain('Target       $10,006,000');
    expect(run.stdout).toMatch(/Assumptions {2}\d+ still ASSUMED, 0 CONFIRMED/);
    expect(run.stdout).toMatch(/Darcel Schlecht .* Central .*\$\d{3},000/);

    const rows: string[][] = parse(await readFile(join(out, 'quotas.csv'), 'utf8'));
    const [header, ...reps] = rows;
    expect(header).toEqual([
      'rep_id',
      'rep_name',
      'role',
      'segment',
      'territory',
      'manager',
      'start_date',
      'annual_quota',
      '2018-01',
      '2018-02',
      '2018-03',
      '2018-04',
      '2018-05',
      '2018-06',
      '2018-07',
      '2018-08',
      '2018-09',
      '2018-10',
      '2018-11',
      '2018-12',
      'Q1',
      'Q2',
      'Q3',
      'Q4',
    ]);
    // 35 sales agents carry quota; the managers do not.
    expect(reps).toHaveLength(35);
    expect(reps.every((r) => r[2] === 'AE')).toBe(true);
    const annual = reps.reduce((sum, r) => sum + cents(r[7] ?? ''), 0);
    expect(annual).toBe(1_000_600_000);
    for (const r of reps) {
      const months = r.slice(8, 20).reduce((sum, c) => sum + cents(c), 0);
      const quarters = r.slice(20, 24).reduce((sum, c) => sum + cents(c), 0);
      expect(months, r[0]).toBe(cents(r[7] ?? ''));
      expect(quarters, r[0]).toBe(cents(r[7] ?? ''));
      // Quotas are whole thousands (the rounding unit).
      expect(cents(r[7] ?? '') % 100_000, r[0]).toBe(0);
    }

    const checks = JSON.parse(await readFile(join(out, 'checks.json'), 'utf8')) as {
      _units: string;
      checks: { code: string; status: string }[];
    };
    expect(checks._units).toContain('integer cents of USD');
    expect(checks.checks.find((c) => c.code === 'reconciliation')?.status).toBe('pass');
    const explain = JSON.parse(await readFile(join(out, 'explain.json'), 'utf8')) as {
      reps: { repId: string; sentences: string[] }[];
    };
    expect(explain.reps).toHaveLength(35);
    expect(explain.reps[0]?.sentences.length).toBeGreaterThanOrEqual(2);
    const assumptions = JSON.parse(await readFile(join(out, 'assumptions.json'), 'utf8')) as {
      entries: { key: string; status: string }[];
    };
    expect(assumptions.entries.find((e) => e.key === 'target')?.status).toBe('ASSUMED');

    const asJson = await runCli(['plan', planPath, '--db', db, '--format', 'json']);
    expect(asJson.code).toBe(0);
    const summary = JSON.parse(asJson.stdout) as {
      target: number;
      quotas: { annualQuota: number }[];
    };
    expect(summary.target).toBe(1_000_600_000);
    expect(summary.quotas.reduce((sum, q) => sum + q.annualQuota, 0)).toBe(1_000_600_000);
  }, 60_000);

  it('runs the hand-written example plan of the Maven data', async () => {
    const run = await runCli(['plan', join(ROOT, 'examples', 'plan-maven.yaml'), '--db', db]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(1 planned hire)');
    expect(run.stdout).toContain('Quotas       $11,330,000 (the target with over-assignment)');
  }, 60_000);

  it('refuses an invalid plan with the key path, value and line, and exit code 1', async () => {
    const planPath = join(dir, 'bad.yaml');
    await writeFile(
      planPath,
      'name: Bad\nstart: 2018-01-01\ncurrency: USD\ntarget: 1000000\nmethodology:\n  top_down_share: 1.5\n',
    );
    const run = await runCli(['plan', planPath, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Plan refused: 1 problem.');
    expect(run.stderr).toContain(
      `${planPath}, row 6: methodology.top_down_share: 1.5; expected a share between 0 and 1`,
    );
    const format = await runCli(['plan', planPath, '--db', db, '--format', 'pdf']);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain("'--format' must be one of summary, table, json");
  });

  it('refuses a confirmation of a territory the plan does not have', async () => {
    const planPath = join(dir, 'territory.yaml');
    await writeFile(
      planPath,
      'name: T\nstart: 2018-01-01\ncurrency: USD\ntarget: 1000000\nconfirmed:\n  territory_weights.Central: { by: ops, at: 2017-12-01 }\n  territory_weights.North: { by: ops, at: 2017-12-01 }\n',
    );
    const run = await runCli(['plan', planPath, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'confirmed: "territory_weights.North" names no territory of this plan; expected territory_weights.<territory>, a territory with reps: one of Central, East, West',
    );
    expect(run.stderr).not.toContain('territory_weights.Central"');
  });

  it('exits 1 when the engine finds an error in the plan, and says the plan is blocked', async () => {
    const planPath = join(dir, 'departure.yaml');
    await writeFile(
      planPath,
      'name: D\nstart: 2018-01-01\ncurrency: USD\ntarget: 1000000\ndepartures:\n  - { rep: Nobody, end: 2018-03-31 }\n',
    );
    const run = await runCli(['plan', planPath, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `error: ${planPath}, row 6, departures Nobody: Departure of rep Nobody`,
    );
    expect(run.stdout).toContain('The plan is blocked');
  });

  it('init-plan refuses a bad --as-of and an empty workspace', async () => {
    const badDate = await runCli([
      'init-plan',
      '--db',
      db,
      '--out',
      join(dir, 'x.yaml'),
      '--as-of',
      '2017-02-30',
    ]);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('--as-of "2017-02-30" is not a date');
    const empty = await runCli([
      'init-plan',
      '--db',
      join(dir, 'empty-db'),
      '--out',
      join(dir, 'y.yaml'),
    ]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('the workspace has no dated deals or reps');
  });

  it('refuses a plan whose currency is not the workspace currency', async () => {
    const planPath = join(dir, 'eur.yaml');
    await writeFile(planPath, 'name: Euro\nstart: 2018-01-01\ncurrency: EUR\ntarget: 1000000\n');
    const run = await runCli(['plan', planPath, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('currency: EUR differs from the workspace currency USD');
  });
});
