// `quotaplan user add` and `quotaplan serve` as a user runs them: a first admin created on a
// fresh PGlite folder signs in to the server started on it, and uploads the Maven files, which
// land as an import recorded with each file's SHA-256 and the admin's e-mail. While the server
// runs, a CLI command on its folder is refused and told why (issue 13), and when the server stops
// everything it wrote is there.

import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_FILES } from '../src/services/demo-service.ts';
import { freePort, ROOT, runCli } from './cli.ts';

describe('quotaplan user add and serve', () => {
  let stop: (() => void) | null = null;
  afterAll(() => stop?.());
  // The server of the first test, which the second one finds running on its folder.
  let db = '';
  let server: ChildProcessWithoutNullStreams | null = null;

  it('creates the first admin, starts the server and lets the admin sign in and import', async () => {
    db = join(await mkdtemp(join(tmpdir(), 'qp-serve-')), 'db');
    const added = await runCli([
      'user',
      'add',
      '--email',
      'Admin@Example.com',
      '--role',
      'admin',
      '--db',
      db,
    ]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Created admin@example.com as admin');
    const password = /Password \(shown once\): (\S+)/.exec(added.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);

    const again = await runCli([
      'user',
      'add',
      '--email',
      'admin@example.com',
      '--role',
      'admin',
      '--db',
      db,
    ]);
    expect(again.stdout).toContain('Updated');
    expect(again.stdout).not.toContain('Password');
    const badRole = await runCli([
      'user',
      'add',
      '--email',
      'x@example.com',
      '--role',
      'owner',
      '--db',
      db,
    ]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('admin, leader, manager, rep');
    const noRep = await runCli([
      'user',
      'add',
      '--email',
      'nobody@example.com',
      '--role',
      'rep',
      '--db',
      db,
    ]);
    expect(noRep.code).toBe(1);
    expect(noRep.stderr).toContain('no rep in the workspace has the e-mail nobody@example.com');

    const port = await freePort();
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'quotaplan.js'), 'serve', '--db', db],
      {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), QUOTAPLAN_DB: '', DATABASE_URL: '' },
      },
    );
    server = child;
    stop = () => child.kill('SIGTERM');
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`server did not start: ${output}`));
      }, 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Press Ctrl+C')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    });
    const base = `http://127.0.0.1:${port}`;
    expect(output).toContain(`at ${base}`);
    expect(output).not.toContain(password);

    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    expect(signIn.headers.getSetCookie()[0]).toMatch(/HttpOnly/i);
    expect(signIn.headers.getSetCookie()[0]).toMatch(/SameSite=Lax/i);

    const form = new FormData();
    for (const path of DEMO_FILES) {
      form.append('files', new Blob([await readFile(path)]), basename(path));
    }
    form.append('preset', 'maven');
    const imported = await fetch(`${base}/api/workspaces/default/imports`, {
      method: 'POST',
      headers: { origin: base, cookie },
      body: form,
    });
    expect(imported.status).toBe(201);
    const summary = (await imported.json()) as { files: { name: string; sha256: string }[] };
    const first = DEMO_FILES[0] ?? '';
    const expectedHash = createHash('sha256')
      .update(await readFile(first))
      .digest('hex');
    expect(summary.files.find((f) => f.name === basename(first))?.sha256).toBe(expectedHash);

    const list = (await (
      await fetch(`${base}/api/workspaces/default/imports`, { headers: { cookie } })
    ).json()) as { importedBy: string; files: { name: string; sha256: string }[] }[];
    expect(list.at(-1)?.importedBy).toBe('admin@example.com');
    expect(list.at(-1)?.files.map((f) => f.sha256)).toContain(expectedHash);
    const log = (await (
      await fetch(`${base}/api/workspaces/default/audit-log`, { headers: { cookie } })
    ).json()) as { action: string; userEmail: string }[];
    expect(log.find((e) => e.action === 'import')?.userEmail).toBe('admin@example.com');

    // A bad file: refused as a whole with the file, row and column, and nothing changes.
    const badForm = new FormData();
    badForm.append(
      'files',
      new Blob(['Opportunity_ID,Sales_Agent,Deal_Stage,Close_Value\nX1,Ann,Won,not-a-number\n']),
      'sales_pipeline.csv',
    );
    badForm.append('preset', 'maven');
    const refused = await fetch(`${base}/api/workspaces/default/imports`, {
      method: 'POST',
      headers: { origin: base, cookie },
      body: badForm,
    });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as {
      code: string;
      issues: { location?: { file?: string } }[];
    };
    expect(problem.code).toBe('import-refused');
    expect(problem.issues[0]?.location?.file).toBe('sales_pipeline.csv');
    const after = (await (
      await fetch(`${base}/api/workspaces/default/imports`, { headers: { cookie } })
    ).json()) as unknown[];
    expect(after.length).toBe(list.length);
  }, 120_000);

  it('refuses a CLI command on the folder the server has open, and loses nothing', async () => {
    const child = server;
    if (child === null) throw new Error('the server of the first test is not running');
    // The README's old invitation: a CLI import on the folder the server has open. Its writes
    // were lost when the server stopped (issue 13); now the CLI is refused and told why.
    const clash = await runCli([
      'import',
      '--preset',
      'salesforce',
      join('data', 'salesforce-demo', 'Opportunity.csv'),
      '--db',
      db,
    ]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain(`in use by process ${child.pid} (quotaplan serve --db ${db}`);
    expect(clash.stderr).toContain('POST /api/workspaces/default/imports');
    const reading = await runCli(['status', '--db', db]);
    expect(reading.code).toBe(1);
    expect(reading.stderr).toContain(`in use by process ${child.pid}`);

    // Stopped, the server releases the folder, and everything it wrote is there.
    const stopped = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await stopped;
    stop = null;
    const status = await runCli(['status', '--db', db, '--format', 'json']);
    expect(status.code).toBe(0);
    const held = JSON.parse(status.stdout) as { imports: { importedBy: string }[] };
    expect(held.imports.map((i) => i.importedBy)).toContain('admin@example.com');
  }, 120_000);
});
