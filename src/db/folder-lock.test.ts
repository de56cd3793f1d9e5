// One process at a time per PGlite folder (issue 13): a second process, or a second open in the
// same process, is refused with the holder named; a holder killed with kill -9 does not lock the
// folder for good, and a process that exits without closing leaves no lock behind.

import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseInUseError, describeCommand, LOCK_FILE, lockFolder } from './folder-lock.ts';
import { openDatabase } from './open-database.ts';
import { inTransaction } from './sql-session.ts';

const HOLDER = join(import.meta.dirname, '..', '..', 'test', 'support', 'hold-pglite-folder.ts');

const folders: string[] = [];
async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qp-lock-'));
  folders.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

/** A child process holding the folder open; resolves once it has. */
async function holder(dir: string): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, [HOLDER, dir]);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      reject(new Error(`the holder exited with ${code}: ${output}`));
    });
  });
  return child;
}

function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid ?? 0;
  await new Promise((resolve) => child.once('exit', resolve));
  return pid;
}

describe('the PGlite folder lock', () => {
  it('refuses a second process, naming the holder, and takes over once it was killed -9', async () => {
    const dir = join(await folder(), 'db');
    const child = await holder(dir);
    try {
      const refused = await openDatabase({ kind: 'pglite', dir }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(DatabaseInUseError);
      const error = refused as DatabaseInUseError;
      expect(error.holder.pid).toBe(child.pid);
      expect(error.holder.command).toContain('hold-pglite-folder.ts');
      expect(error.message).toContain(`process ${child.pid}`);
      expect(error.message).toContain('one process at a time');
      expect(error.message).toContain('quotaplan serve');
      expect(error.message).toContain(join(dir, LOCK_FILE));
    } finally {
      child.kill('SIGKILL');
      await exited(child);
    }
    // The holder is gone without cleaning up: its lock is stale and is taken over.
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const database = await openDatabase({ kind: 'pglite', dir });
    try {
      const [row] = await inTransaction(database, (s) => s.query<{ n: number }>('select 1 as n'));
      expect(row?.n).toBe(1);
    } finally {
      await database.close();
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('refuses a second open in the same process until the first is closed', async () => {
    const dir = await folder();
    const first = await lockFolder(dir);
    await expect(lockFolder(dir)).rejects.toThrow(/this process, which has it open already/);
    await first.release();
    await first.release();
    const second = await lockFolder(dir);
    await second.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock whose process is gone, or that names no process', async () => {
    const dir = await folder();
    const lockFile = join(dir, LOCK_FILE);
    const stale = { pid: await deadPid(), command: 'quotaplan import x.csv', since: 'then' };
    await writeFile(lockFile, JSON.stringify(stale));
    const taken = await lockFolder(dir);
    await taken.release();
    await writeFile(lockFile, 'not a lock');
    const again = await lockFolder(dir);
    await again.release();
    // This process's own pid, left by an earlier process (a restarted container): stale too.
    await writeFile(lockFile, JSON.stringify({ ...stale, pid: process.pid }));
    const own = await lockFolder(dir);
    await own.release();
  });

  it('is removed when a process exits without closing', async () => {
    const dir = await folder();
    const script = `import { lockFolder } from ${JSON.stringify(join(import.meta.dirname, 'folder-lock.ts'))};
      await lockFolder(${JSON.stringify(dir)}); process.exit(0);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('names the command that holds it', () => {
    expect(describeCommand(['/usr/bin/node', '/app/bin/quotaplan.js', 'serve', '--demo'])).toBe(
      'quotaplan serve --demo',
    );
    expect(describeCommand(['/usr/bin/node', '/app/node_modules/.bin/quotaplan', 'status'])).toBe(
      'quotaplan status',
    );
    expect(describeCommand(['/usr/bin/node', '/tmp/script.ts', 'a'])).toBe('node script.ts a');
  });
});
