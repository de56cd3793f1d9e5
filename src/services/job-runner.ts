// Work that would hold a server process's thread runs on worker threads, so that the process keeps
// answering meanwhile: on a 1,000-rep workspace the baseline, the data-quality audit, a plan run
// with its back-test or the sign-off checklist each take a second or more of CPU, rendering the
// PDFs of a plan several. Two lanes, one worker thread each, the same machinery: 'compute' (the
// baseline, the audit, plan runs, previews, explanations, back-tests, scenarios) and 'render' (the
// workbook, the documentation package, quota letters), so a long rendering does not hold up the
// planning workspace's previews. A lane's computations run one at a time (one thread); a job that
// waits (the scenarios wait for the simulation's own workers) lets the next one run.
//
// Every job works on a workspace's dataset. The worker keeps the datasets it was sent, by
// workspace and data stamp (the stamp changes with every import and settings change), so a
// workspace's data crosses to the worker once per change, not once per job: copying a 200,000-deal
// dataset costs the sending thread about as much as the baseline it feeds. The jobs themselves are
// plain functions of the dataset (jobs.ts); the CLI calls the same functions in its own thread.
// A worker with no job for a while is stopped (its heap, datasets included, is freed); an
// unexpected failure of a worker fails the jobs it held, and the next job starts a new one.

import { Worker } from 'node:worker_threads';
import type { Issue } from '../core/issue.ts';
import type { Dataset } from '../core/model.ts';
import type { JobInput, JobName, JobOutput } from './jobs.ts';
import { WorkflowError } from './workflow/errors.ts';
import type { WorkflowErrorCode } from './workflow/errors.ts';

export type Lane = 'compute' | 'render';

/** Where a job's dataset comes from: a workspace's data as of a stamp, loaded when needed. */
export interface DataSource {
  /** The workspace of one database: the same key and stamp mean the same data. */
  key: string;
  /** Changes whenever the data does (an import, a settings change). */
  stamp: string;
  load: () => Promise<Dataset>;
}

/** What a lane's thread is sent for one job. */
export interface JobMessage {
  id: number;
  name: JobName;
  input: unknown;
  /** The dataset itself only when the worker may not hold it yet. */
  data: { key: string; stamp: string; dataset?: Dataset };
}

/** What the worker posts back for one job. */
export type JobReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; missingData: true }
  | {
      id: number;
      ok: false;
      message: string;
      /** A refusal of the job's input (an invalid plan, a blocked version): the request's fault. */
      workflow?: { code: WorkflowErrorCode; issues: Issue[] };
    };

/** A job failed unexpectedly (its worker's error, or the worker stopped). */
export class JobWorkerError extends Error {
  override readonly name = 'JobWorkerError';
}

const WORKER_URL = new URL('./job-worker.ts', import.meta.url);

/**
 * A lane's worker with no job for this long is stopped. The compute lane serves the planning
 * workspace's previews many times a minute and keeps the datasets they need, so it waits longer
 * than the render lane, whose PDF and spreadsheet libraries are only worth their memory while
 * downloads come.
 */
const IDLE_MS: Record<Lane, number> = { compute: 10 * 60_000, render: 60_000 };

interface Pending {
  what: string;
  resolve: (reply: JobReply) => void;
  reject: (error: Error) => void;
}

interface LaneThread {
  worker: Worker;
  pending: Map<number, Pending>;
  idle: ReturnType<typeof setTimeout> | null;
  /** The stamp of each workspace's dataset this worker was sent (a hint: it may have dropped one). */
  held: Map<string, string>;
}

const threads = new Map<Lane, LaneThread>();
let nextJob = 1;

function laneThread(lane: Lane): LaneThread {
  const running = threads.get(lane);
  if (running !== undefined) return running;
  // execArgv is inherited (the default), so Node's flags reach the worker as they do here.
  const worker = new Worker(WORKER_URL, { name: `quotaplan ${lane}` });
  const state: LaneThread = { worker, pending: new Map(), idle: null, held: new Map() };
  const failAll = (error: Error): void => {
    if (threads.get(lane) === state) threads.delete(lane);
    for (const p of state.pending.values()) {
      p.reject(new JobWorkerError(`${p.what} failed: ${error.message}`, { cause: error }));
    }
    state.pending.clear();
  };
  worker.on('message', (reply: JobReply) => {
    const p = state.pending.get(reply.id);
    if (p === undefined) return;
    state.pending.delete(reply.id);
    p.resolve(reply);
    if (state.pending.size === 0) {
      // An idle worker does not keep the process alive.
      worker.unref();
      state.idle = setTimeout(() => {
        if (state.pending.size > 0) return;
        if (threads.get(lane) === state) threads.delete(lane);
        void worker.terminate();
      }, IDLE_MS[lane]);
      state.idle.unref();
    }
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    failAll(new Error(`the ${lane} worker stopped (exit code ${code})`));
  });
  threads.set(lane, state);
  return state;
}

/** Datasets being read from the database, so that concurrent jobs read each one once. */
const loading = new Map<string, Promise<Dataset>>();

function loadOnce(source: DataSource): Promise<Dataset> {
  const key = `${source.key}\n${source.stamp}`;
  const known = loading.get(key);
  if (known !== undefined) return known;
  const load = source.load().finally(() => loading.delete(key));
  loading.set(key, load);
  return load;
}

async function post(
  lane: Lane,
  message: Omit<JobMessage, 'id' | 'data'>,
  source: DataSource,
  sendData: boolean,
  what: string,
): Promise<JobReply> {
  const send = sendData || threads.get(lane)?.held.get(source.key) !== source.stamp;
  const dataset = send ? await loadOnce(source) : undefined;
  const state = laneThread(lane);
  if (dataset !== undefined) state.held.set(source.key, source.stamp);
  if (state.idle !== null) clearTimeout(state.idle);
  state.idle = null;
  state.worker.ref();
  const id = nextJob++;
  const data = {
    key: source.key,
    stamp: source.stamp,
    ...(dataset === undefined ? {} : { dataset }),
  };
  return new Promise((resolve, reject) => {
    state.pending.set(id, { what, resolve, reject });
    state.worker.postMessage({ ...message, id, data } satisfies JobMessage);
  });
}

/**
 * Runs the job `name` of jobs.ts on the lane's worker, on the dataset of `source`. A refusal of
 * the input comes back as the WorkflowError the job threw; anything else as a JobWorkerError.
 */
export async function runJob<N extends JobName>(
  lane: Lane,
  name: N,
  input: JobInput<N>,
  source: DataSource,
  what: string,
): Promise<JobOutput<N>> {
  let reply = await post(lane, { name, input }, source, false, what);
  // The worker had dropped the dataset (it keeps a few): send it along this time.
  if (!reply.ok && 'missingData' in reply) {
    reply = await post(lane, { name, input }, source, true, what);
  }
  if (reply.ok) return reply.result as JobOutput<N>;
  if ('missingData' in reply) throw new JobWorkerError(`${what} failed: the worker lost its data`);
  if (reply.workflow !== undefined) {
    throw new WorkflowError(reply.workflow.code, reply.message, reply.workflow.issues);
  }
  throw new JobWorkerError(`${what} failed: ${reply.message}`);
}
