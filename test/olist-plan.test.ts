// Planning on a deal-count basis, end to end on the real Olist files: quotas in won deals for the
// sales reps and sourced deals for the SDRs. Olist is licensed for non-commercial use only, so it
// is read from ../shared beside the repository and the test is skipped, loudly, without it.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './cli.ts';

const dir = join(ROOT, '..', 'shared', 'datasets', 'olist-marketing-funnel');
const files = [
  'olist_closed_deals_dataset.csv',
  'olist_marketing_qualified_leads_dataset.csv',
  'olist_sellers_dataset.csv',
];
const present = files.every((f) => existsSync(join(dir, f)));
if (!present) {
  console.warn(
    `\n!!! Olist plan test SKIPPED: ${dir} is absent (the data cannot ship with the project) !!!\n`,
  );
}

describe('planning the Olist data (count basis)', () => {
  it.skipIf(!present)(
    'writes a v0 plan in deals and runs it: quotas in hundredths of a deal sum to the target',
    async () => {
      const tmp = await mkdtemp(join(tmpdir(), 'qp-olist-plan-'));
      const db = join(tmp, 'db');
      const imported = await runCli([
        'import',
        '--preset',
        'olist',
        '--db',
        db,
        ...files.map((f) => join(dir, f)),
      ]);
      expect(imported.code).toBe(0);
      const planPath = join(tmp, 'plan.yaml');
      const init = await runCli(['init-plan', '--db', db, '--out', planPath]);
      expect(init.code).toBe(0);
      expect(init.stdout).toMatch(/target: last 12 months' won deals .* = \d+ won deals/);
      const out = join(tmp, 'out');
      const run = await runCli(['plan', planPath, '--db', db, '--out', out]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Target {7}\d+ deals/);
      expect(run.stdout).toMatch(/target: Company target = \d+ deals/);
      const text = await readFile(planPath, 'utf8');
      const target = Number(/^target: (\d+)/m.exec(text)?.[1]);
      const table: string[][] = parse(await readFile(join(out, 'quotas.csv'), 'utf8'));
      const [header, ...rows] = table;
      const quota = header?.indexOf('annual_quota') ?? -1;
      const role = header?.indexOf('role') ?? -1;
      const hundredths = (cell: string | undefined): number => Math.round(Number(cell) * 100);
      const ae = rows.filter((r) => r[role] === 'AE');
      const sdr = rows.filter((r) => r[role] === 'SDR');
      expect(ae.reduce((sum, r) => sum + hundredths(r[quota]), 0)).toBe(target * 100);
      // SDRs are measured on the deals they sourced: without amounts, counted in deals.
      expect(sdr.length).toBeGreaterThan(0);
      expect(sdr.some((r) => hundredths(r[quota]) > 0)).toBe(true);
    },
    120_000,
  );
});
