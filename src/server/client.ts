// The typed API client the web app uses: Hono's RPC client over the app's route types, so a
// renamed field or a changed path is a compile error in the web app, not a runtime surprise.

import { hc } from 'hono/client';
import type { App } from './app.ts';

export type ApiClient = ReturnType<typeof hc<App>>;

/**
 * A client for the server at `baseUrl` ('' in the browser: same origin). Browsers send the
 * session cookie themselves; `fetch` lets tests route requests to the app's request function.
 */
export function createApiClient(
  baseUrl: string,
  options: { fetch?: typeof fetch; headers?: Record<string, string> } = {},
): ApiClient {
  return hc<App>(baseUrl, {
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    init: { credentials: 'same-origin' },
  });
}
