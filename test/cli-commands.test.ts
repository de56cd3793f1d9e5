// The command line as a user meets it: help on every command, a refused import that explains
// itself and writes nothing, usage errors with exit code 1.

import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';

describe('quotaplan command line', () => {
  it('has --help on every command, naming its options', async () => {
    const expected: Record<string, string[]> = {
      import: [
        '--preset',
        '--mapping',
        '--db',
        '--date-format',
        '--locale',
        '--currency',
        '--skip-invalid',
        '--rejects',
      ],
      audit: ['--db', '--format', '--as-of', '--fail-on'],
      baseline: ['--db', '--by', '--from', '--to', '--format', '--types'],
      status: ['--db', '--format'],
      demo: ['--db'],
    };
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    for (const [command, options] of Object.entries(expected)) {
      expect(top.stdout).toContain(command);
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      for (const option of options) expect(help.stdout, `${command} ${option}`).toContain(option);
    }
  });

  it('refuses a bad file with file, row, column and expectation, and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-cli-'));
    const file = join(dir, 'deals.csv');
    await writeFile(
      file,
      'id,owner_id,amount,close_date,status\nd1,r1,1000,2024-01-31,won\nd2,r1,12 apples,2024-02-30,won\n',
    );
    const db = join(dir, 'db');
    const run = await runCli(['import', '--db', db, file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Import refused: 2 problems; nothing was written.');
    expect(run.stderr).toContain('deals.csv, row 3, column "close_date"');
    expect(run.stderr).toContain('(value "2024-02-30"); expected a date like 2024-03-31');
    expect(run.stderr).toContain('deals.csv, row 3, column "amount"');
    const status = await runCli(['status', '--db', db, '--format', 'json']);
    expect((JSON.parse(status.stdout) as { counts: { deals: number } }).counts.deals).toBe(0);
  });

  it('rejects bad options with exit code 1 and a reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-cli-'));
    const skip = await runCli(['import', '--db', join(dir, 'db'), '--skip-invalid', 'x.csv']);
    expect(skip.code).toBe(1);
    expect(skip.stderr).toContain('--skip-invalid needs --rejects FILE');
    const format = await runCli(['baseline', '--db', join(dir, 'db'), '--format', 'pdf']);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain("'--format' must be one of table, json, csv");
    const by = await runCli(['baseline', '--db', join(dir, 'db'), '--by', 'planet']);
    expect(by.code).toBe(1);
    expect(by.stderr).toContain('cannot group by "planet"');
    const window = await runCli(['demo', '--db', join(dir, 'db')]);
    expect(window.code).toBe(0);
    // The demo ends with the example plan run on the sample, back-test included.
    expect(window.stdout).toContain('The example plan (examples/plan-maven.yaml) on this data:');
    expect(window.stdout).toMatch(/Back-test {4}[\d.]+% of reps would have attained/);
    const backwards = await runCli([
      'baseline',
      '--db',
      join(dir, 'db'),
      '--from',
      '2018-01-01',
      '--to',
      '2017-01-01',
    ]);
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toContain('from 2018-01-01 is after to 2017-01-01');
  });
});
