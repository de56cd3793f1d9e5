// Puts the app on a port: opens nothing itself (the caller passes the database), builds the auth
// layer from the environment, and stops cleanly on SIGINT/SIGTERM.

import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import type { Database } from '../services/auth-storage.ts';
import { createApp } from './app.ts';
import { createAuthFromEnvironment } from './auth/index.ts';
import type { QuotaplanAuth } from './auth/index.ts';

export interface RunningServer {
  url: string;
  auth: QuotaplanAuth;
  oidc: boolean;
  secretSource: string;
  close(): Promise<void>;
}

export async function startServer(options: {
  database: Database;
  env: Record<string, string | undefined>;
  port: number;
  host: string;
  log: (message: string) => void;
  /** The built web app to serve beside the API (see createApp). */
  webRoot?: string | undefined;
}): Promise<RunningServer> {
  const { database, env, port, host, log } = options;
  const local = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
  const { auth, baseURL, oidc, secretSource } = await createAuthFromEnvironment(
    database,
    env,
    local,
  );
  const app = createApp({ database, auth, baseURL, log, oidc, webRoot: options.webRoot });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => {
      resolve(s);
    });
    s.once('error', reject);
  });
  return {
    url: baseURL,
    auth,
    oidc,
    secretSource,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
