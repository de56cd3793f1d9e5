// Several server processes on one port (node:cluster): the primary forks workers that each run the
// same `quotaplan serve` command, opens no port itself, replaces a worker that dies, and stops them
// all cleanly. Workers need a database every process can open (Postgres): the server keeps no
// state of its own, so any worker can answer any request.

import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';

/** Unexpected exits tolerated within RESTART_WINDOW_MS before the primary gives up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/** How long a worker gets to finish its requests after being asked to stop. */
const STOP_GRACE_MS = 10_000;

/** The message a primary sends a worker to stop (finish requests, close the database, exit). */
export const STOP_MESSAGE = 'quotaplan:stop';

export class WorkerCountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCountError';
  }
}

/**
 * Reads `--workers`: a whole number from 1 to 64, or `auto` for the machine's parallelism.
 * `undefined` (neither the option nor QUOTAPLAN_WORKERS given) is 1: one process, no cluster.
 */
export function parseWorkerCount(raw: string | undefined, parallelism: number): number {
  if (raw === undefined || raw.trim() === '') return 1;
  if (raw.trim().toLowerCase() === 'auto') return Math.max(1, Math.min(64, parallelism));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new WorkerCountError(
      `--workers must be a whole number from 1 to 64, or auto (got "${raw}")`,
    );
  }
  return n;
}

export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

export interface RunningCluster {
  /** Process ids of the workers now running. */
  pids(): number[];
  /** Asks every worker to stop, waits for them (killing any still running after the grace). */
  close(): Promise<void>;
  /** Resolves when the cluster gave up (too many unexpected exits) or was closed. */
  done: Promise<{ gaveUp: boolean }>;
}

/**
 * Primary side: forks `workers` processes (each re-runs this process's command line, so the
 * command must call `runAsClusterWorker` when `isClusterWorker()`), resolves once every one
 * listens. A worker that exits unexpectedly is replaced; more than MAX_RESTARTS such exits in a
 * minute stop the cluster (a crash loop, e.g. the database gone).
 */
export async function startCluster(options: {
  workers: number;
  log: (message: string) => void;
}): Promise<RunningCluster> {
  const { workers, log } = options;
  // Starting: a worker that exits fails the start (no replacement); running: it is replaced.
  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  let gaveUp = false;
  const exits: number[] = [];
  let finish: (result: { gaveUp: boolean }) => void = () => undefined;
  const done = new Promise<{ gaveUp: boolean }>((resolve) => {
    finish = resolve;
  });

  const alive = new Set<Worker>();
  const fork = (): Worker => {
    const worker = cluster.fork();
    alive.add(worker);
    worker.once('exit', (code: number | null, signal: NodeJS.Signals | null) => {
      alive.delete(worker);
      if (phase === 'stopping') {
        if (alive.size === 0) finish({ gaveUp });
        return;
      }
      if (phase === 'starting') return;
      const now = Date.now();
      exits.push(now);
      while (exits.length > 0 && (exits[0] ?? now) < now - RESTART_WINDOW_MS) exits.shift();
      const how = signal === null ? `code ${String(code)}` : `signal ${signal}`;
      if (exits.length > MAX_RESTARTS) {
        log(
          `worker ${String(worker.process.pid)} exited (${how}); ${exits.length} exits within a minute: stopping`,
        );
        gaveUp = true;
        void stopAll();
        return;
      }
      log(`worker ${String(worker.process.pid)} exited (${how}); starting another`);
      fork();
    });
    return worker;
  };

  const stopAll = async (): Promise<void> => {
    phase = 'stopping';
    const waiting = [...alive].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) {
            resolve();
            return;
          }
          const timer = setTimeout(() => {
            log(
              `worker ${String(worker.process.pid)} still running ${STOP_GRACE_MS / 1000} s after stop: killed`,
            );
            worker.process.kill('SIGKILL');
          }, STOP_GRACE_MS);
          worker.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          if (worker.isConnected()) worker.send(STOP_MESSAGE);
          else worker.process.kill('SIGTERM');
        }),
    );
    await Promise.all(waiting);
    if (alive.size === 0) finish({ gaveUp });
  };

  const started = Array.from({ length: workers }, () => {
    const worker = fork();
    return new Promise<void>((resolve, reject) => {
      const failed = (code: number | null): void => {
        reject(
          new Error(
            `worker ${String(worker.process.pid)} exited with code ${String(code)} before listening`,
          ),
        );
      };
      worker.once('exit', failed);
      worker.once('listening', () => {
        worker.off('exit', failed);
        resolve();
      });
    });
  });
  try {
    await Promise.all(started);
  } catch (error) {
    await stopAll();
    throw error;
  }
  phase = 'running';
  return {
    pids: () => [...alive].map((w) => w.process.pid ?? 0).filter((pid) => pid > 0),
    close: stopAll,
    done,
  };
}

/**
 * Worker side: calls `stop` (close the server, then the database) when the primary asks, or when
 * the primary goes away, then exits.
 */
export function runAsClusterWorker(stop: () => Promise<void>): void {
  let stopping = false;
  const exit = (): void => {
    if (stopping) return;
    stopping = true;
    void stop()
      .catch(() => undefined)
      .finally(() => {
        process.exit(0);
      });
  };
  process.on('message', (message) => {
    if (message === STOP_MESSAGE) exit();
  });
  process.once('disconnect', exit);
  // Ctrl+C reaches the whole process group: the primary coordinates the stop.
  process.on('SIGINT', () => undefined);
  process.once('SIGTERM', exit);
}
