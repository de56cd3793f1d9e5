// `quotaplan crm …` as a user runs it, against the local Salesforce test server: connect with the
// secret on standard input (never an argument), status without the secret, and a full pull.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliRun } from './cli.ts';
import { seedOrg } from './support/salesforce-org.ts';
import { startSalesforceServer, type SalesforceTestServer } from './support/salesforce-server.ts';

const KEY = { QUOTAPLAN_SECRET_KEY: 'cli-key-'.repeat(5) };

function runWithStdin(args: string[], input: string, env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'quotaplan.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, QUOTAPLAN_DB: '', DATABASE_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

describe('quotaplan crm', () => {
  let server: SalesforceTestServer;
  let dir: string;
  let db: string;
  beforeAll(async () => {
    server = await startSalesforceServer({
      features: { splits: true },
      apps: [
        { clientId: 'cli-app', clientSecret: 'cli-secret-value', username: 'int@example.com' },
      ],
    });
    seedOrg(server, { opportunities: 300 });
    dir = await mkdtemp(join(tmpdir(), 'qp-crm-cli-'));
    db = join(dir, 'db');
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const connectArgs = () => [
    'crm',
    'connect',
    'salesforce',
    '--instance-url',
    server.url,
    '--client-id',
    'cli-app',
    '--db',
    db,
  ];

  it('refuses a connection without a secret, or without a key to seal it', async () => {
    const none = await runCli(connectArgs(), KEY);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('--secret-stdin, or set QUOTAPLAN_CRM_SECRET');
    const noKey = await runCli(connectArgs(), { QUOTAPLAN_CRM_SECRET: 'cli-secret-value' });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('QUOTAPLAN_SECRET_KEY is not set');
    expect(noKey.stderr + noKey.stdout).not.toContain('cli-secret-value');
  }, 120_000);

  it('connects with the secret on standard input, shows it without the secret, and pulls', async () => {
    const connected = await runWithStdin(
      [...connectArgs(), '--secret-stdin'],
      'cli-secret-value\n',
      KEY,
    );
    expect(connected.stderr).toBe('');
    expect(connected.code).toBe(0);
    expect(connected.stdout).toContain('Connected 127.0.0.1 as connection #1');
    expect(connected.stdout).toContain('splits on');
    expect(connected.stdout).toContain('multicurrency off');

    const status = await runCli(['crm', 'status', '--format', 'json', '--db', db], KEY);
    expect(status.code).toBe(0);
    expect(status.stdout).not.toContain('cli-secret-value');
    expect(JSON.parse(status.stdout)).toMatchObject([
      { id: 1, flow: 'client_credentials', lastTest: { ok: true, features: { splits: true } } },
    ]);

    const pulled = await runCli(['crm', 'pull', 'salesforce', '--db', db], KEY);
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toMatch(/Pulled 127\.0\.0\.1 \(full\) as import #1: .*deals 300 new/);
    const table = await runCli(['crm', 'status', '--db', db], KEY);
    expect(table.stdout).toContain('(import #1)');
  }, 180_000);
});
