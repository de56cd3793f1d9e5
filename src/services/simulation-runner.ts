// Runs the trials of a scenario over worker threads: [0, trials) is split into contiguous blocks,
// one per worker, and the blocks are merged by the core's summary. Every trial draws from its own
// seeded stream, so the result does not depend on the number of workers.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  simulateTrials,
  summariseTrials,
  type ScenarioResult,
  type SimulationModel,
  type TrialBlock,
} from '../core/simulation/index.ts';

/** The most worker threads the runner starts by default. */
export const MAX_DEFAULT_WORKERS = 4;

/** What a worker is given. */
export interface WorkerInput {
  model: SimulationModel;
  from: number;
  to: number;
}

/** What a worker posts: trials done so far in its block, then its block. */
export type WorkerMessage =
  { kind: 'progress'; done: number } | { kind: 'done'; block: TrialBlock };

export interface SimulationRunOptions {
  /** Worker threads (default min(available parallelism, 4)); 1 runs in this thread. */
  workers?: number | undefined;
  /** Called as trials complete: trials done so far, of `total`. */
  progress?: ((done: number, total: number) => void) | undefined;
}

export function defaultWorkers(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_WORKERS));
}

/** Contiguous blocks [from, to) covering [0, trials), as even as whole trials allow. */
export function splitTrials(trials: number, parts: number): { from: number; to: number }[] {
  const n = Math.max(1, Math.min(parts, trials));
  const blocks: { from: number; to: number }[] = [];
  for (let k = 0; k < n; k++) {
    blocks.push({ from: Math.floor((k * trials) / n), to: Math.floor(((k + 1) * trials) / n) });
  }
  return blocks;
}

const WORKER_URL = new URL('./simulation-worker.ts', import.meta.url);

/** Thrown when a worker fails: names the worker, its trials and the cause. */
export class SimulationWorkerError extends Error {
  override readonly name = 'SimulationWorkerError';
}

/**
 * A typed array's contents in shared memory: posting it to a worker then copies nothing. Anything
 * else is left as it is (the worker refuses a model without its typed arrays).
 */
function shared<T extends Float64Array | Int32Array>(array: T): T {
  if (!(array instanceof Float64Array || array instanceof Int32Array)) return array;
  const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

/**
 * The model with its large arrays (monthly means, deal sizes) in shared memory, so every worker
 * reads the one copy instead of receiving its own: the deal sizes of a large organisation run to
 * hundreds of megabytes.
 */
export function shareModel(model: SimulationModel): SimulationModel {
  const known = sharedModels.get(model);
  if (known !== undefined) return known;
  const copy: SimulationModel = {
    ...model,
    mu: shared(model.mu),
    sizes: shared(model.sizes),
    sizeRange: shared(model.sizeRange),
    quota: shared(model.quota),
  };
  sharedModels.set(model, copy);
  return copy;
}

/** Shared copies of the models already run, so a model run again is not copied again. */
const sharedModels = new WeakMap<SimulationModel, SimulationModel>();

function runBlocks(
  model: SimulationModel,
  ranges: readonly { from: number; to: number }[],
  onDone: (k: number, done: number) => void,
): Promise<TrialBlock[]> {
  return new Promise((resolve, reject) => {
    const blocks: (TrialBlock | undefined)[] = ranges.map(() => undefined);
    let settled = false;
    let remaining = ranges.length;
    const workers: Worker[] = [];
    const stop = (error: Error): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      reject(error);
    };
    ranges.forEach((range, k) => {
      const what = `simulation worker ${k + 1} of ${ranges.length} (trials ${range.from}–${range.to - 1} of scenario ${model.scenario})`;
      // execArgv is inherited from this thread (the default), so flags such as
      // --experimental-strip-types reach the worker.
      const worker = new Worker(WORKER_URL, {
        workerData: { model, from: range.from, to: range.to } satisfies WorkerInput,
      });
      workers.push(worker);
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'progress') {
          onDone(k, message.done);
          return;
        }
        blocks[k] = message.block;
        onDone(k, range.to - range.from);
        remaining--;
        void worker.terminate();
        if (remaining === 0 && !settled) {
          settled = true;
          resolve(blocks as TrialBlock[]);
        }
      });
      worker.on('error', (error: Error) => {
        stop(new SimulationWorkerError(`${what} failed: ${error.message}`, { cause: error }));
      });
      worker.on('exit', (code) => {
        if (blocks[k] === undefined) {
          stop(new SimulationWorkerError(`${what} stopped (exit code ${code}) before finishing`));
        }
      });
    });
  });
}

/**
 * Runs `trials` trials of a scenario's model over `workers` threads and summarises them. The
 * result is the same for any number of workers.
 */
export async function runSimulation(
  model: SimulationModel,
  trials: number,
  options: SimulationRunOptions = {},
): Promise<ScenarioResult> {
  const workers = options.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`workers must be a whole number of 1 or more (got ${workers})`);
  }
  if (!Number.isInteger(trials) || trials < 1) {
    throw new RangeError(`trials must be a whole number of 1 or more (got ${trials})`);
  }
  const progress = options.progress;
  if (workers === 1) {
    const block = simulateTrials(model, 0, trials, (done) => progress?.(done, trials));
    return summariseTrials(model, [block]);
  }
  const ranges = splitTrials(trials, workers);
  const done = ranges.map(() => 0);
  const blocks = await runBlocks(shareModel(model), ranges, (k, count) => {
    done[k] = count;
    progress?.(
      done.reduce((sum, d) => sum + d, 0),
      trials,
    );
  });
  return summariseTrials(model, blocks);
}
