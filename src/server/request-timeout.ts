// Every request gets an answer within a bounded time: past the request timeout the server stops
// waiting for the handler and answers 503 (problem code `timeout`). The handler's work is
// abandoned, not undone: its database statements are bounded by the statement timeout on Postgres
// (DatabaseOptions.statementTimeoutMs), and a change whose transaction was already under way may
// still commit, which the answer says. On PGlite, which runs in the server's thread, the answer
// leaves as soon as the thread is free again.

import type { MiddlewareHandler } from 'hono';
import { HttpProblem } from './problem.ts';

/**
 * Default request timeout: two minutes. The slowest requests of the demo take seconds (its
 * documentation package: about 7 s, 30–35 s on a machine loaded fifteen-fold; an import of the
 * body limit's 50 MB, some 300,000 deals, about 5 s); a limit is there to answer a stuck request,
 * not to hurry a slow one. See docs/architecture.md, "Storage and concurrency".
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/** The environment variable for the request timeout, in seconds (0: no limit). */
export const REQUEST_TIMEOUT_VARIABLE = 'QUOTAPLAN_REQUEST_TIMEOUT';

/** Answers 503 `timeout` when the rest of the chain takes longer than `ms` (0: never). */
export function requestTimeout(ms: number): MiddlewareHandler {
  return async (_c, next) => {
    if (ms <= 0) {
      await next();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new HttpProblem(
            503,
            'timeout',
            `the request took longer than ${formatSeconds(ms)} and the server stopped waiting for it; a change it was making may still complete, so check before repeating it`,
          ),
        );
      }, ms);
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
