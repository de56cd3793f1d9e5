// backtest and simulate through the real command on the Maven sample: the JSON keys and their
// types, the in-sample back-test (Maven has ten months before the plan year), scenarios with
// ordered quantiles that repeat exactly, the plan summary's back-test line, and refused input.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from './cli.ts';

const MAVEN = join(ROOT, 'data', 'maven');
let dir = '';
let db = '';
let planPath = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qp-simulate-cli-'));
  db = join(dir, 'db');
  const files = ['sales_pipeline.csv', 'sales_teams.csv', 'accounts.csv', 'products.csv'];
  const imported = await runCli([
    'import',
    '--preset',
    'maven',
    '--db',
    db,
    ...files.map((f) => join(MAVEN, f)),
  ]);
  expect(imported.code).toBe(0);
  planPath = join(dir, 'plan.yaml');
  const init = await runCli(['init-plan', '--db', db, '--out', planPath]);
  expect(init.code).toBe(0);
  const text = await readFile(planPath, 'utf8');
  await writeFile(
    planPath,
    `${text}scenarios:\n  hiring-freeze: { attrition: 0.2, extra_hires: 0 }\n`,
  );
}, 120_000);

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
/** A money amount in currency units: a number with at most two decimals. */
const isUnits = (x: unknown): boolean =>
  isNumber(x) && Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;

describe('quotaplan backtest', () => {
  it('lists its options in --help', async () => {
    const help = await runCli(['backtest', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['<plan-file>', '--db', '--format']) expect(help.stdout).toContain(option);
  });

  it('prints the documented JSON keys with their types; Maven is back-tested in sample', async () => {
    const run = await runCli(['backtest', planPath, '--db', db, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out.in_sample).toBe(true);
    expect(isNumber(out.share_attaining)).toBe(true);
    expect(out.share_attaining).toBeGreaterThanOrEqual(0);
    expect(out.share_attaining).toBeLessThanOrEqual(1);
    expect(['pass', 'review', 'fail']).toContain(out.verdict);
    expect(typeof out.verdict_text).toBe('string');
    expect(isNumber(out.k_star)).toBe(true);
    expect(isUnits(out.target_at_k_star)).toBe(true);
    // Maven's first closed deal is in March 2017: the test window starts there.
    expect(out.test_window).toEqual({ from: '2017-03-01', to: '2017-12-31' });
    expect((out.notes as string[]).join(' ')).toContain('In sample');
    const buckets = out.buckets as { label: string; reps: number; share: number }[];
    expect(buckets.map((b) => b.label)).toEqual([
      '<50%',
      '50–70%',
      '70–90%',
      '90–100%',
      '100–120%',
      '≥120%',
    ]);
    const perRep = out.per_rep as Record<string, unknown>[];
    expect(perRep).toHaveLength(35);
    expect(buckets.reduce((sum, b) => sum + b.reps, 0)).toBe(35);
    for (const rep of perRep) {
      expect(typeof rep.rep_id).toBe('string');
      expect(isUnits(rep.quota), String(rep.rep_id)).toBe(true);
      expect(rep.quota).toBeGreaterThan(0);
      expect(isUnits(rep.bookings), String(rep.rep_id)).toBe(true);
      expect(isNumber(rep.attainment)).toBe(true);
      expect(rep.attainment).toBeCloseTo((rep.bookings as number) / (rep.quota as number), 6);
    }
    const attaining = perRep.filter((r) => (r.attainment as number) >= 1).length;
    expect(out.share_attaining).toBeCloseTo(attaining / 35, 12);
    for (const key of ['by_segment', 'by_territory', 'quarters']) {
      expect(Array.isArray(out[key]), key).toBe(true);
    }
  });

  it('prints the verdict, the in-sample note, the histogram and the per-rep table', async () => {
    const run = await runCli(['backtest', planPath, '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Verdict {6}(PASS|REVIEW|FAIL): /);
    expect(run.stdout).toContain('IN SAMPLE');
    expect(run.stdout).toContain('In sample: the history has 0 months before the test year');
    expect(run.stdout).toMatch(/ {2}≥120% +\d+ +\d+\.\d% +█*/);
    expect(run.stdout).toMatch(
      /Darcel Schlecht .* Central .*\$\d{3},\d{3} .*\$1,\d{3},\d{3} .*\d+\.\d%/,
    );
  });

  it('refuses a bad --format and a missing plan with exit code 1', async () => {
    const format = await runCli(['backtest', planPath, '--db', db, '--format', 'csv']);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain("'--format' must be one of table, json");
    const missing = await runCli(['backtest', join(dir, 'nope.yaml'), '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Back-test refused');
  });

  it('refuses a blocked plan, naming the error that blocks it', async () => {
    const blocked = join(dir, 'blocked.yaml');
    await writeFile(
      blocked,
      'name: D\nstart: 2018-01-01\ncurrency: USD\ntarget: 1000000\ndepartures:\n  - { rep: Nobody, end: 2018-03-31 }\n',
    );
    for (const command of ['backtest', 'simulate']) {
      const extra = command === 'simulate' ? ['--trials', '10'] : [];
      const run = await runCli([command, blocked, '--db', db, ...extra]);
      expect(run.code, command).toBe(1);
      expect(run.stderr, command).toMatch(/(Back-test|Simulation) refused: 1 problem\./);
      expect(run.stderr, command).toContain(
        `${blocked}, row 6, departures Nobody: Departure of rep Nobody`,
      );
    }
  });
});

interface ScenarioJson {
  scenario: string;
  trials: number;
  p_team_at_target: number;
  p10: number;
  p50: number;
  p90: number;
  expected_share_attaining: number;
  reps: { rep_id: string; quota: number; p_attain: number }[];
}

describe('quotaplan simulate', () => {
  it('lists its options in --help', async () => {
    const help = await runCli(['simulate', '--help']);
    expect(help.code).toBe(0);
    for (const option of [
      '<plan-file>',
      '--db',
      '--scenario',
      '--trials',
      '--seed',
      '--workers',
      '--format',
    ]) {
      expect(help.stdout).toContain(option);
    }
  });

  it('simulates every scenario with ordered quantiles, and repeats exactly', async () => {
    const args = [
      'simulate',
      planPath,
      '--db',
      db,
      '--scenario',
      'all',
      '--trials',
      '200',
      '--format',
      'json',
    ];
    const first = await runCli(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout) as {
      trials: number;
      seed: number;
      target: number;
      scenarios: ScenarioJson[];
    };
    expect(out.trials).toBe(200);
    expect(out.target).toBe(10_006_000);
    expect(out.scenarios.map((s) => s.scenario)).toEqual([
      'worst',
      'expected',
      'best',
      'hiring-freeze',
    ]);
    for (const s of out.scenarios) {
      expect(s.trials, s.scenario).toBe(200);
      expect(s.p10, s.scenario).toBeLessThanOrEqual(s.p50);
      expect(s.p50, s.scenario).toBeLessThanOrEqual(s.p90);
      expect(s.p_team_at_target).toBeGreaterThanOrEqual(0);
      expect(s.p_team_at_target).toBeLessThanOrEqual(1);
      expect(s.reps.filter((r) => r.quota > 0)).toHaveLength(35);
    }
    const [worst, expected, best] = out.scenarios;
    expect(worst?.p50).toBeLessThan(expected?.p50 ?? 0);
    expect(expected?.p50).toBeLessThan(best?.p50 ?? 0);
    const again = await runCli(args);
    expect(again.stdout).toBe(first.stdout);
    // One worker gives the same numbers as several.
    const single = await runCli([...args, '--workers', '1']);
    expect(JSON.parse(single.stdout)).toEqual(out);
    // Another seed gives other draws.
    const reseeded = await runCli([...args, '--seed', '2']);
    const other = JSON.parse(reseeded.stdout) as { scenarios: ScenarioJson[] };
    expect(other.scenarios[1]?.p50).not.toBe(expected?.p50);
  }, 120_000);

  it('prints the scenarios side by side with the plan, then P(attain) per rep', async () => {
    const run = await runCli([
      'simulate',
      planPath,
      '--db',
      db,
      '--scenario',
      'expected',
      '--trials',
      '100',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'FY2018 quotas: simulation of 2018-01..2018-12 (12 months), 100 trials per scenario, seed 1,',
    );
    expect(run.stdout).toMatch(/^ +plan +expected\n/m);
    expect(run.stdout).toMatch(/P\(team ≥ target\) +— +\d+\.\d%/);
    expect(run.stdout).toContain('Team bookings p90');
    expect(run.stdout).toContain('Expected share attaining');
    expect(run.stdout).toContain('P(attain) per rep');
    // 35 reps: 30 in the table, the rest in JSON.
    expect(run.stdout).toContain('… 5 more in --format json');
  }, 60_000);

  it('refuses an unknown scenario and bad numbers with exit code 1 and a clear message', async () => {
    const bad = await runCli(['simulate', planPath, '--db', db, '--scenario', 'boom']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      '--scenario "boom" names no scenario of this plan; expected one of worst, expected, best, all, hiring-freeze',
    );
    const trials = await runCli(['simulate', planPath, '--db', db, '--trials', '0']);
    expect(trials.code).toBe(1);
    expect(trials.stderr).toContain(
      '--trials 0 is not accepted; expected a whole number from 1 to 1,000,000',
    );
    const word = await runCli(['simulate', planPath, '--db', db, '--workers', 'two']);
    expect(word.code).toBe(1);
    expect(word.stderr).toContain('option \'--workers\' must be a whole number (got "two")');
  });
});

describe('quotaplan plan with the back-test', () => {
  it('shows the back-test line, writes backtest.json, and does not fail on its verdict', async () => {
    const out = join(dir, 'out');
    const run = await runCli(['plan', planPath, '--db', db, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Back-test {4}\d+\.\d% of reps would have attained on 2017-03\.\.2017-12 \((pass|review|fail), in sample\); k\* \d\.\d\d, T\* \$[\d,]+/,
    );
    const backtest = JSON.parse(await readFile(join(out, 'backtest.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(backtest.in_sample).toBe(true);
    expect(backtest._units).toContain('money in USD');
    const direct = await runCli(['backtest', planPath, '--db', db, '--format', 'json']);
    expect(backtest).toEqual(JSON.parse(direct.stdout));
    const asJson = await runCli(['plan', planPath, '--db', db, '--format', 'json']);
    const summary = JSON.parse(asJson.stdout) as {
      backtest: { verdict: string; inSample: boolean };
    };
    expect(summary.backtest.verdict).toBe(backtest.verdict);
    expect(summary.backtest.inSample).toBe(true);
  }, 60_000);
});
