// The worker thread of render-runner.ts: renders the deliverables of prepared plans, one message
// a job, and posts back the bytes or the failure's message.

import { parentPort } from 'node:worker_threads';
import { buildDocsPackage, buildQuotaLetter } from './docs-service.ts';
import { buildWorkbook } from './export-service.ts';
import type { RenderJob, RenderReply, RenderResult } from './render-runner.ts';

async function render(job: RenderJob): Promise<RenderResult> {
  switch (job.kind) {
    case 'workbook':
      return { kind: 'workbook', bytes: await buildWorkbook(job.prepared, job.options) };
    case 'docs':
      return { kind: 'docs', files: await buildDocsPackage(job.prepared, job.options) };
    case 'letter':
      return {
        kind: 'letter',
        file: await buildQuotaLetter(job.prepared, job.options, job.repId, job.format),
      };
  }
}

const port = parentPort;
if (port === null) throw new Error('render-worker.ts runs as a worker thread only');
port.on('message', ({ id, job }: { id: number; job: RenderJob }) => {
  render(job).then(
    (result) => {
      port.postMessage({ id, ok: true, result } satisfies RenderReply);
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({ id, ok: false, message } satisfies RenderReply);
    },
  );
});
