// `quotaplan serve --workers N` as a user runs it: N server processes on one port and one Postgres
// database; a worker that dies is replaced while the others keep answering; Ctrl+C (SIGTERM) stops
// them all. PGlite, one process's folder, is refused with a clear message.

import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseWorkerCount, WorkerCountError } from '../src/server/cluster.ts';
import { freePort, ROOT, runCli } from './cli.ts';
import { describeEachDatabase } from './support/databases.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('reads --workers: a whole number from 1 to 64, or auto', () => {
  expect(parseWorkerCount(undefined, 8)).toBe(1);
  expect(parseWorkerCount('3', 8)).toBe(3);
  expect(parseWorkerCount('auto', 8)).toBe(8);
  expect(parseWorkerCount('AUTO', 200)).toBe(64);
  for (const bad of ['0', '65', '1.5', 'two', '-1']) {
    expect(() => parseWorkerCount(bad, 8), bad).toThrow(WorkerCountError);
  }
  expect(() => parseWorkerCount('two', 8)).toThrow(/whole number from 1 to 64, or auto/);
});

describeEachDatabase('quotaplan serve --workers', (getDb) => {
  const children: ChildProcessWithoutNullStreams[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('runs several server processes on Postgres, replaces one that dies, and stops them all; refuses PGlite', async () => {
    const database = getDb();
    if (database.target.kind === 'pglite') {
      const refused = await runCli(['serve', '--db', 'memory:', '--workers', '2', '--port', '1']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('--workers 2 needs a Postgres database');
      const bad = await runCli(['serve', '--db', 'memory:', '--workers', 'many']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--workers must be a whole number from 1 to 64, or auto');
      return;
    }
    const url = database.target.url;
    const added = await runCli(['user', 'add', '--email', 'ops@example.com', '--role', 'admin'], {
      QUOTAPLAN_DB: url,
    });
    expect(added.code, added.stderr).toBe(0);
    const password = /Password \(shown once\): (\S+)/.exec(added.stdout)?.[1] ?? '';

    const port = await freePort();
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'quotaplan.js'), 'serve', '--workers', '2', '--port', String(port)],
      { cwd: ROOT, env: { ...process.env, QUOTAPLAN_DB: url, DATABASE_URL: '' } },
    );
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await expect.poll(() => stdout, { timeout: 60_000, interval: 200 }).toContain('Press Ctrl+C');
    const pids = (/Workers: 2 processes \((\d+), (\d+)\)/.exec(stdout) ?? []).slice(1).map(Number);
    expect(pids).toHaveLength(2);
    expect(pids.every(alive)).toBe(true);

    const base = `http://127.0.0.1:${port}`;
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@example.com', password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    // New connections are dealt round robin: every worker answers for the same session.
    // (A signed-out visitor gets 200 too, with no user: the e-mail shows the session was found.)
    const me = async (): Promise<string> => {
      const response = await fetch(`${base}/api/me`, { headers: { cookie, connection: 'close' } });
      const body = (await response.json()) as { user: { email: string } | null };
      return `${response.status} ${body.user?.email ?? 'nobody'}`;
    };
    for (let i = 0; i < 6; i++) expect(await me()).toBe('200 ops@example.com');

    // A worker dies: another one is started, and requests keep being answered meanwhile.
    const [first, second] = pids as [number, number];
    process.kill(first, 'SIGKILL');
    await expect
      .poll(() => stderr, { timeout: 30_000, interval: 200 })
      .toContain(`worker ${first} exited (signal SIGKILL); starting another`);
    for (let i = 0; i < 4; i++) expect(await me()).toBe('200 ops@example.com');

    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => {
        resolve(code);
      });
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(alive(second)).toBe(false);
    expect(stdout + stderr).not.toContain(password);

    // A crash loop (here: every worker killed as soon as it appears) stops the server with 1.
    const looping = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'quotaplan.js'), 'serve', '--workers', '2', '--port', String(port)],
      { cwd: ROOT, env: { ...process.env, QUOTAPLAN_DB: url, DATABASE_URL: '' } },
    );
    children.push(looping);
    let loopOut = '';
    looping.stdout.on('data', (chunk: Buffer) => (loopOut += chunk.toString()));
    looping.stderr.on('data', (chunk: Buffer) => (loopOut += chunk.toString()));
    await expect.poll(() => loopOut, { timeout: 60_000, interval: 200 }).toContain('Press Ctrl+C');
    const loopEnd = new Promise<number | null>((resolve) => {
      looping.once('exit', (code) => {
        resolve(code);
      });
    });
    const killer = setInterval(() => {
      for (const pid of workersOf(looping.pid ?? 0)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }, 200);
    try {
      expect(await loopEnd).toBe(1);
    } finally {
      clearInterval(killer);
    }
    expect(loopOut).toContain('exits within a minute: stopping');
  }, 180_000);
});

/** The child processes of `pid` (a cluster's workers), from /proc. */
function workersOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((x) => x !== '')
      .map(Number);
  } catch {
    return [];
  }
}
