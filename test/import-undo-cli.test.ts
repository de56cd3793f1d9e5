// `quotaplan import --dry-run`, `--accept-audit-errors` and `import undo` as a user runs them
// (issue 14): the Salesforce demo into a Maven workspace is shown as unrelated, blocked by its
// data-quality errors until accepted with a reason, and undone.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, runCli } from './cli.ts';

const MAVEN = ['sales_teams', 'accounts', 'products', 'sales_pipeline'].map((f) =>
  join(ROOT, 'data', 'maven', `${f}.csv`),
);
const SALESFORCE = ['Opportunity', 'Account'].map((f) =>
  join(ROOT, 'data', 'salesforce-demo', `${f}.csv`),
);

it('previews, blocks, accepts with a reason and undoes an import of unrelated data', async () => {
  const db = join(await mkdtemp(join(tmpdir(), 'qp-undo-cli-')), 'db');
  const base = await runCli(['import', ...MAVEN, '--preset', 'maven', '--db', db]);
  expect(base.code, base.stderr).toBe(0);

  const dry = await runCli([
    'import',
    ...SALESFORCE,
    '--preset',
    'salesforce',
    '--db',
    db,
    '--dry-run',
  ]);
  expect(dry.code, dry.stderr).toBe(0);
  expect(dry.stdout).toContain('Dry run');
  expect(dry.stdout).toMatch(/deals\s+50\s+0\s+0/);
  expect(dry.stdout).toContain('share no record id and no deal owner');
  expect(dry.stdout).toContain('owner-not-in-roster');
  expect(dry.stdout).toMatch(/History \(close dates\): \S+ to 2017-12-31 -> \S+ to 2024-/);

  const blocked = await runCli(['import', ...SALESFORCE, '--preset', 'salesforce', '--db', db]);
  expect(blocked.code).toBe(1);
  expect(blocked.stderr).toContain('--accept-audit-errors');

  const accepted = await runCli([
    'import',
    ...SALESFORCE,
    '--preset',
    'salesforce',
    '--db',
    db,
    '--accept-audit-errors',
    'training data, owners mapped later',
    '--format',
    'json',
  ]);
  expect(accepted.code, accepted.stderr).toBe(0);
  const { importId } = JSON.parse(accepted.stdout) as { importId: number };

  const undo = await runCli(['import', 'undo', String(importId), '--db', db]);
  expect(undo.code, undo.stderr).toBe(0);
  expect(undo.stdout).toContain(`Import #${importId} undone`);
  const again = await runCli(['import', 'undo', String(importId), '--db', db]);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('Undo refused');
}, 240_000);
