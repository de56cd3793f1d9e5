// The deliverables of a plan (the quota model workbook, the documentation package, a quota
// letter) rendered in a worker thread, so that a server process keeps answering while they are
// made: rendering the PDFs of a 35-rep plan takes seconds of CPU, the workbook of a 5,000-rep
// plan five, and on the server's own thread every other request would wait for them. The worker
// receives the prepared plan (plain data: a structured copy), runs the back-test and the renderer,
// and sends the bytes back. The CLI renders in its own thread: nobody else waits for it.
// (An unexpected failure of the worker fails the jobs it held; the next job starts a new one.)

import { Worker } from 'node:worker_threads';
import type { DocsOptions, LetterFormat, PackageFile } from './docs-service.ts';
import type { WorkbookOptions } from './export-service.ts';
import type { PreparedPlan } from './plan-service.ts';

export type RenderJob =
  | { kind: 'workbook'; prepared: PreparedPlan; options: WorkbookOptions }
  | { kind: 'docs'; prepared: PreparedPlan; options: DocsOptions }
  | {
      kind: 'letter';
      prepared: PreparedPlan;
      options: Omit<DocsOptions, 'format'>;
      repId: string;
      format: LetterFormat;
    };

/** A package file as it crosses threads: a Buffer arrives as a plain Uint8Array of its bytes. */
type PostedFile = Omit<PackageFile, 'bytes'> & { bytes: Uint8Array };

/** What the worker posts back. */
export type RenderResult =
  | { kind: 'workbook'; bytes: Uint8Array }
  | { kind: 'docs'; files: PostedFile[] }
  | { kind: 'letter'; file: PostedFile | null };

function asPackageFile(file: PostedFile): PackageFile {
  return { ...file, bytes: asBuffer(file.bytes) };
}

export class RenderWorkerError extends Error {
  override readonly name = 'RenderWorkerError';
}

const WORKER_URL = new URL('./render-worker.ts', import.meta.url);

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A render worker with no job for this long is stopped (its modules and heap are freed). */
const IDLE_MS = 60_000;

interface Pending {
  what: string;
  resolve: (result: RenderResult) => void;
  reject: (error: Error) => void;
}

interface RenderThread {
  worker: Worker;
  pending: Map<number, Pending>;
  idle: ReturnType<typeof setTimeout> | null;
}

/** What the worker posts back for one job. */
export type RenderReply =
  { id: number; ok: true; result: RenderResult } | { id: number; ok: false; message: string };

/**
 * One render worker per process, started on the first job and kept while jobs come (loading the
 * PDF, chart and spreadsheet libraries takes a second or two), stopped after IDLE_MS without one.
 */
let thread: RenderThread | null = null;
let nextJob = 1;

function renderThread(): RenderThread {
  if (thread !== null) return thread;
  // execArgv is inherited (the default), so Node's flags reach the worker as they do here.
  const worker = new Worker(WORKER_URL);
  const state: RenderThread = { worker, pending: new Map(), idle: null };
  const failAll = (error: Error): void => {
    if (thread === state) thread = null;
    for (const p of state.pending.values()) {
      p.reject(
        new RenderWorkerError(`rendering ${p.what} failed: ${error.message}`, { cause: error }),
      );
    }
    state.pending.clear();
  };
  worker.on('message', (reply: RenderReply) => {
    const p = state.pending.get(reply.id);
    if (p === undefined) return;
    state.pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.result);
    else p.reject(new RenderWorkerError(`rendering ${p.what} failed: ${reply.message}`));
    if (state.pending.size === 0) {
      // An idle render worker does not keep the process alive.
      worker.unref();
      state.idle = setTimeout(() => {
        if (state.pending.size > 0) return;
        if (thread === state) thread = null;
        void worker.terminate();
      }, IDLE_MS);
      state.idle.unref();
    }
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    failAll(new Error(`the render worker stopped (exit code ${code})`));
  });
  thread = state;
  return state;
}

/** Runs one job on the render worker; a failure rejects with the worker's message. */
function run(job: RenderJob, what: string): Promise<RenderResult> {
  const state = renderThread();
  if (state.idle !== null) clearTimeout(state.idle);
  state.idle = null;
  state.worker.ref();
  const id = nextJob++;
  return new Promise((resolve, reject) => {
    state.pending.set(id, { what, resolve, reject });
    state.worker.postMessage({ id, job });
  });
}

export async function renderWorkbook(
  prepared: PreparedPlan,
  options: WorkbookOptions,
): Promise<Buffer> {
  const result = await run({ kind: 'workbook', prepared, options }, 'the quota workbook');
  if (result.kind !== 'workbook')
    throw new RenderWorkerError(`expected a workbook, got ${result.kind}`);
  return asBuffer(result.bytes);
}

export async function renderDocsPackage(
  prepared: PreparedPlan,
  options: DocsOptions,
): Promise<PackageFile[]> {
  const result = await run({ kind: 'docs', prepared, options }, 'the documentation package');
  if (result.kind !== 'docs') throw new RenderWorkerError(`expected documents, got ${result.kind}`);
  return result.files.map(asPackageFile);
}

export async function renderQuotaLetter(
  prepared: PreparedPlan,
  options: Omit<DocsOptions, 'format'>,
  repId: string,
  format: LetterFormat,
): Promise<PackageFile | null> {
  const result = await run(
    { kind: 'letter', prepared, options, repId, format },
    `the letter of ${repId}`,
  );
  if (result.kind !== 'letter')
    throw new RenderWorkerError(`expected a letter, got ${result.kind}`);
  return result.file === null ? null : asPackageFile(result.file);
}
