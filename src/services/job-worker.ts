// The worker thread of job-runner.ts: keeps the datasets it is sent (a few, by workspace and data
// stamp), runs the jobs of jobs.ts on them one message at a time, and posts back the result, a
// refusal of the input, or the failure's message.

import { parentPort } from 'node:worker_threads';
import type { Dataset } from '../core/model.ts';
import { JOBS } from './jobs.ts';
import type { JobMessage, JobReply } from './job-runner.ts';
import { WorkflowError } from './workflow/errors.ts';

/** Datasets kept, most recently used last; more workspaces than this are loaded again. */
const MAX_DATASETS = 4;
const datasets = new Map<string, { stamp: string; dataset: Dataset }>();

function datasetOf(data: JobMessage['data']): Dataset | null {
  if (data.dataset !== undefined) {
    datasets.delete(data.key);
    datasets.set(data.key, { stamp: data.stamp, dataset: data.dataset });
    while (datasets.size > MAX_DATASETS) {
      const oldest = datasets.keys().next().value;
      if (oldest === undefined) break;
      datasets.delete(oldest);
    }
    return data.dataset;
  }
  const kept = datasets.get(data.key);
  if (kept?.stamp !== data.stamp) return null;
  datasets.delete(data.key);
  datasets.set(data.key, kept);
  return kept.dataset;
}

async function run(message: JobMessage): Promise<JobReply> {
  const { id, name, input } = message;
  const dataset = datasetOf(message.data);
  if (dataset === null) return { id, ok: false, missingData: true };
  try {
    const job = JOBS[name] as (dataset: Dataset, input: unknown) => unknown;
    return { id, ok: true, result: await job(dataset, input) };
  } catch (error) {
    if (error instanceof WorkflowError) {
      return {
        id,
        ok: false,
        message: error.message,
        workflow: { code: error.code, issues: [...error.issues] },
      };
    }
    return { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

const port = parentPort;
if (port === null) throw new Error('job-worker.ts runs as a worker thread only');
// A job starts as its message arrives: the computations run one at a time anyway (one thread),
// while a job that waits (the scenarios wait for the simulation's own workers) lets the next run.
port.on('message', (message: JobMessage) => {
  void run(message).then((reply) => {
    try {
      port.postMessage(reply);
    } catch (error) {
      // A result that cannot be copied to the other thread is a bug of the job, not of the worker.
      const text = error instanceof Error ? error.message : String(error);
      port.postMessage({ id: message.id, ok: false, message: text } satisfies JobReply);
    }
  });
});
