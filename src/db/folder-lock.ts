// One process at a time per PGlite folder. PGlite runs Postgres inside the process that opens the
// folder, with its own buffers and no lock of its own: a second process on the same folder reads
// stale pages and its writes are lost (or the folder corrupted) when the first one writes back.
// So openDatabase takes this lock first: a file in the folder naming the process that holds it,
// created atomically, removed on close and on exit, and taken over when its process is gone
// (kill -9, a crash, a reboot).

import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';

/** The lock's file name inside the folder. */
export const LOCK_FILE = 'quotaplan.lock';

/** Who holds a folder, as written in its lock file. */
export interface LockHolder {
  pid: number;
  /** The command line, e.g. "quotaplan serve --demo". */
  command: string;
  /** When it took the lock (ISO 8601). */
  since: string;
  hostname: string;
}

/** The folder is held by another process (or already open in this one). */
export class DatabaseInUseError extends Error {
  readonly dir: string;
  readonly holder: LockHolder;
  readonly lockFile: string;
  constructor(dir: string, lockFile: string, holder: LockHolder) {
    const self = holder.pid === process.pid;
    const who = self
      ? 'this process, which has it open already'
      : `process ${holder.pid} (${holder.command}, since ${holder.since})`;
    super(
      [
        `the PGlite folder ${dir} is in use by ${who}.`,
        'A PGlite folder can be opened by one process at a time: a second one would lose its writes.',
        self
          ? 'Close the open database first.'
          : [
              'Stop that process first (Ctrl+C where it runs),',
              'or, if it is `quotaplan serve`, do this through its web app or API instead',
              '(imports: Planning → Import data, or POST /api/workspaces/default/imports).',
              'For several processes at once, use Postgres (--db postgres://…).',
              `If process ${holder.pid} is not quotaplan, delete ${lockFile}.`,
            ].join(' '),
      ].join(' '),
    );
    this.name = 'DatabaseInUseError';
    this.dir = dir;
    this.holder = holder;
    this.lockFile = lockFile;
  }
}

export interface FolderLock {
  readonly lockFile: string;
  /** Removes the lock file (if it is still this lock's); safe to call twice. */
  release(): Promise<void>;
}

/** Locks held by this process, by real path of the folder, with the text of their lock file. */
const held = new Map<string, string>();
let exitHookInstalled = false;

/**
 * Takes the folder's lock, or throws DatabaseInUseError naming the process that holds it. A lock
 * whose process is gone is taken over. The folder must exist.
 */
export async function lockFolder(dir: string): Promise<FolderLock> {
  const key = await realpath(dir);
  const lockFile = join(dir, LOCK_FILE);
  const mine: LockHolder = {
    pid: process.pid,
    command: describeCommand(process.argv),
    since: new Date().toISOString(),
    hostname: hostname(),
  };
  const text = `${JSON.stringify(mine, null, 2)}\n`;
  for (let attempt = 0; attempt < 10; attempt++) {
    if (await createExclusive(lockFile, text)) {
      held.set(key, text);
      installExitHook();
      let released = false;
      return {
        lockFile,
        release: async () => {
          if (released) return;
          released = true;
          held.delete(key);
          await removeIfMine(lockFile, text);
        },
      };
    }
    const found = await readText(lockFile);
    if (found === null) continue; // released meanwhile: try again
    const holder = parseHolder(found);
    if (holder !== null && isHeld(holder, key)) throw new DatabaseInUseError(dir, lockFile, holder);
    await takeOver(lockFile, found);
  }
  throw new Error(`could not lock the PGlite folder ${dir}: ${lockFile} keeps changing`);
}

/**
 * Whether the holder still holds the folder: its process is alive. This process's own pid counts
 * only while this process holds the lock (a lock left by an earlier process that had the same
 * pid, as in a container restarted after kill -9, is stale).
 */
function isHeld(holder: LockHolder, key: string): boolean {
  if (holder.pid === process.pid) return held.has(key);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the lock file with its whole content at once; false when one exists. */
async function createExclusive(lockFile: string, text: string): Promise<boolean> {
  const temporary = `${lockFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temporary, text, { flag: 'wx' });
  try {
    // link() fails when the lock exists, and a lock never appears half written.
    await link(temporary, lockFile);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    // A file system without hard links: an exclusive create, written right after.
    try {
      await writeFile(lockFile, text, { flag: 'wx' });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallback;
    }
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/**
 * Removes a stale lock file whose text was `stale`. It is first renamed aside (atomic), so of two
 * processes taking over at once only one removes it; if what was renamed is not the stale lock
 * any more (another process took over in between), it is put back.
 */
async function takeOver(lockFile: string, stale: string): Promise<void> {
  const aside = `${lockFile}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readText(aside);
  if (moved !== null && moved !== stale) {
    await link(aside, lockFile).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

async function removeIfMine(lockFile: string, text: string): Promise<void> {
  if ((await readText(lockFile)) === text) await unlink(lockFile).catch(() => undefined);
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) {
      return null;
    }
    return {
      pid: value.pid,
      command: typeof value.command === 'string' ? value.command : 'unknown command',
      since: typeof value.since === 'string' ? value.since : 'an unknown time',
      hostname: typeof value.hostname === 'string' ? value.hostname : '',
    };
  } catch {
    return null; // not ours, or damaged: nobody can be named, so nobody holds it
  }
}

/** "quotaplan serve --demo" for the quotaplan command, else the script and its arguments. */
export function describeCommand(argv: readonly string[]): string {
  const script = argv[1] ?? '';
  const name = /quotaplan(\.js)?$/.test(script) ? 'quotaplan' : `node ${basename(script)}`;
  const line = [name, ...argv.slice(2)].join(' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** Locks still held when the process exits (process.exit, an uncaught error) are removed. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [key, text] of held) {
      const lockFile = join(key, LOCK_FILE);
      try {
        if (readFileSync(lockFile, 'utf8') === text) unlinkSync(lockFile);
      } catch {
        // gone already, or unreadable: nothing of ours to remove
      }
    }
  });
}
