// Reading a plan file from disk: YAML syntax errors and invalid keys with their line, the CSV
// files it names read relative to its folder, and bad CSV rows named by file, row and column.

import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatIssue } from '../../core/issue.ts';
import { planLineOf, readPlanFile } from './read-plan-file.ts';

const HEAD = 'name: FY2027 quotas\nstart: 2027-01-01\ncurrency: USD\n';

async function planIn(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qp-plan-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return join(dir, 'plan.yaml');
}

async function refusal(path: string): Promise<string[]> {
  const read = await readPlanFile(path, { basis: 'amount' });
  if (read.ok) throw new Error('expected the plan to be refused');
  return read.issues.map(formatIssue);
}

describe('readPlanFile', () => {
  it('reads a valid file into the engine’s plan, in cents', async () => {
    const path = await planIn({ 'plan.yaml': `${HEAD}target: 12000000\n` });
    const read = await readPlanFile(path, { basis: 'amount' });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.plan.target).toEqual({ kind: 'total', total: 1_200_000_000 });
    expect(read.value.file.start).toBe('2027-01-01');
    expect(read.value.text).toContain('target: 12000000');
  });

  it('refuses an alias bomb, a text too large and a key that would pollute a prototype', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) {
      const name = String.fromCharCode(97 + i);
      bomb.push(
        `${name}: &${name} [${new Array<string>(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`,
      );
    }
    const [aliases] = await refusal(await planIn({ 'plan.yaml': `${HEAD}${bomb.join('\n')}\n` }));
    expect(aliases).toContain("the plan file's aliases cannot be expanded");
    const [large] = await refusal(
      await planIn({ 'plan.yaml': `${HEAD}target: 1\n# ${'x'.repeat(2_000_000)}\n` }),
    );
    expect(large).toContain('expected a plan file of at most 2,000,000 characters');
    const proto = await refusal(
      await planIn({ 'plan.yaml': `${HEAD}target: 1\nroles:\n  __proto__:\n    ramp: [1]\n` }),
    );
    expect(proto).toEqual([
      expect.stringContaining('plan.yaml, row 6: roles.__proto__: unknown key') as string,
    ]);
  });

  it('names the line and column of a YAML syntax error', async () => {
    const path = await planIn({
      'plan.yaml': `${HEAD}target: 1\nroles:\n  AE: { ramp: [0.5, 1 }\n`,
    });
    const [line] = await refusal(path);
    expect(line).toMatch(/plan\.yaml, row 6: YAML syntax error at line 6, column \d+/);
  });

  it('refuses a key written twice, naming its line', async () => {
    const path = await planIn({ 'plan.yaml': `${HEAD}target: 1\ntarget: 2\n` });
    const [line] = await refusal(path);
    expect(line).toMatch(/row 5: YAML syntax error at line 5, column 1: Map keys must be unique/);
  });

  it('finds the line of any key path of the text', () => {
    const text = `${HEAD}target: 1\nhires:\n  - { id: H-1, start: 2027-02-01 }\n  - id: H-2\n    start: 2027-03-01\n`;
    expect(planLineOf(text, ['hires', 1])).toBe(7);
    expect(planLineOf(text, ['hires', 1, 'start'])).toBe(8);
    expect(planLineOf(text, ['departures'])).toBe(1);
    expect(planLineOf('a: [', ['a'])).toBeUndefined();
  });

  it('names the line of an invalid value and of an unknown key', async () => {
    const path = await planIn({
      'plan.yaml': `${HEAD}target: 1\nmethodology:\n  growth: 0\n  top_down_share: 1.5\nseasonalty: flat\n`,
    });
    expect(await refusal(path)).toEqual([
      `${path}, row 7: methodology.top_down_share: 1.5; expected a share between 0 and 1`,
      `${path}, row 8: seasonalty: unknown key; expected one of name, start, months, currency, target, targets, methodology, seasonality, as_of, history_months, seed, simulation, scenarios, roles, territory_weights, hires, departures, ote, account_targets, current_quotas, checks, confirmed`,
    ]);
  });

  it('names the line of an unknown confirmed key path', async () => {
    const path = await planIn({
      'plan.yaml': `${HEAD}target: 1\nconfirmed:\n  target: { by: cro, at: 2026-11-20 }\n  rolez.AE: { by: cro, at: 2026-11-20 }\n`,
    });
    const [line] = await refusal(path);
    expect(line).toContain(`${path}, row 7: confirmed: "rolez.AE" names no input of this plan`);
  });

  it('refuses a missing or empty file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-plan-'));
    expect(await refusal(join(dir, 'nope.yaml'))).toEqual([
      `${join(dir, 'nope.yaml')}: the plan file does not exist; expected a YAML plan file (quotaplan init-plan writes one)`,
    ]);
    const empty = await planIn({ 'plan.yaml': '# nothing yet\n' });
    expect((await refusal(empty))[0]).toContain('the plan file is empty');
  });

  it('reads the CSV files it names relative to its own folder', async () => {
    const path = await planIn({
      'plan.yaml': `${HEAD}target: 1\naccount_targets: inputs/targets.csv\ncurrent_quotas: quotas.csv\n`,
      'inputs/targets.csv': 'account_id,target,notes\nA-1,125000.50,big\nA-2,0,\n',
      'quotas.csv': 'rep_id,quota\nR-1,800000\n',
    });
    const read = await readPlanFile(path, { basis: 'amount' });
    expect(read.ok && read.value.plan.accountTargets).toEqual([
      { accountId: 'A-1', target: 12_500_050 },
      { accountId: 'A-2', target: 0 },
    ]);
    expect(read.ok && read.value.plan.currentQuotas).toEqual([{ repId: 'R-1', quota: 80_000_000 }]);
  });

  it('names file, row and column of a bad CSV value, and a missing column', async () => {
    const path = await planIn({
      'plan.yaml': `${HEAD}target: 1\naccount_targets: targets.csv\ncurrent_quotas: quotas.csv\n`,
      'targets.csv': 'account_id,target\nA-1,12 apples\n,5\nA-3,-1\n',
      'quotas.csv': 'rep,quota\nR-1,800000\n',
    });
    const dir = join(path, '..');
    expect(await refusal(path)).toEqual([
      `${join(dir, 'targets.csv')}, row 2, column "target": target is not an amount (value "12 apples"); expected an amount in currency units of 0 or more, like 125000.00`,
      `${join(dir, 'targets.csv')}, row 3, column "account_id": account_id is empty; expected an id in every row`,
      `${join(dir, 'targets.csv')}, row 4, column "target": target is not an amount (value "-1"); expected an amount in currency units of 0 or more, like 125000.00`,
      `${join(dir, 'quotas.csv')}, row 1: current_quotas: the file has no column "rep_id"; expected a header with the columns rep_id, quota`,
    ]);
  });

  it('refuses a CSV file that does not exist', async () => {
    const path = await planIn({ 'plan.yaml': `${HEAD}target: 1\naccount_targets: targets.csv\n` });
    expect((await refusal(path))[0]).toBe(
      `${join(path, '..', 'targets.csv')}: the file does not exist`,
    );
  });
});
