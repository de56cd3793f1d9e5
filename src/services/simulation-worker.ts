// A worker thread of the simulation runner: runs trials [from, to) of one scenario's model and
// posts progress, then the block of results. Loaded by
// simulation-runner.ts as a .ts file: Node's type stripping runs it, with the parent's execArgv
// (so an old Node 22.x started with --experimental-strip-types passes the flag on).

import { parentPort, workerData } from 'node:worker_threads';
import { simulateTrials, type SimulationModel } from '../core/simulation/index.ts';
import type { WorkerInput, WorkerMessage } from './simulation-runner.ts';

function checkedInput(data: unknown): WorkerInput {
  const input = data as Partial<WorkerInput> | null;
  const model = input?.model as Partial<SimulationModel> | undefined;
  const whole = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
  if (
    model === undefined ||
    !(model.mu instanceof Float64Array) ||
    !(model.sizes instanceof Float64Array) ||
    !(model.sizeRange instanceof Int32Array) ||
    !(model.quota instanceof Float64Array) ||
    !Array.isArray(model.ids) ||
    !whole(model.months) ||
    !whole(input?.from) ||
    !whole(input.to)
  ) {
    throw new TypeError(
      'the simulation worker got no valid model and trial range (model arrays, months, from, to)',
    );
  }
  return input as WorkerInput;
}

const port = parentPort;
if (port === null) throw new Error('simulation-worker.ts runs only as a worker thread');
const { model, from, to } = checkedInput(workerData);
const block = simulateTrials(model, from, to, (done) => {
  port.postMessage({ kind: 'progress', done } satisfies WorkerMessage);
});
// The block is small (one number per trial and three per seller): copying it is cheap.
port.postMessage({ kind: 'done', block } satisfies WorkerMessage);
