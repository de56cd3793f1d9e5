// Puts the app on a port: opens nothing itself (the caller passes the database), builds the auth
// layer from the environment, and stops cleanly on SIGINT/SIGTERM.

import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import type { Database } from '../services/auth-storage.ts';
import { parseSeconds } from '../services/workspace.ts';
import { resolveCrmSecretKey } from '../services/crm-secrets.ts';
import { createApp } from './app.ts';
import { createAuthFromEnvironment } from './auth/index.ts';
import type { AuthFromEnvironment } from './auth/index.ts';
import { REQUEST_TIMEOUT_VARIABLE } from './request-timeout.ts';

export interface RunningServer extends Omit<AuthFromEnvironment, 'baseURL'> {
  url: string;
  close(): Promise<void>;
}

/**
 * The auth layer a server on `host:port` uses (public URL, secret, OIDC from the environment).
 * A cluster's primary calls it before forking, so the generated secret exists before any worker
 * starts and the demo users can be created.
 */
export function serverAuth(
  database: Database,
  env: Record<string, string | undefined>,
  port: number,
  host: string,
  log?: (message: string) => void,
): Promise<AuthFromEnvironment> {
  const local = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
  return createAuthFromEnvironment(database, env, local, log);
}

/**
 * The request timeout QUOTAPLAN_REQUEST_TIMEOUT asks for, in ms (it is given in seconds, 0 for no
 * limit); undefined for the default. Throws SettingError for a value that is not a duration.
 */
export function requestTimeoutFromEnvironment(
  env: Record<string, string | undefined>,
): number | undefined {
  const seconds = parseSeconds(REQUEST_TIMEOUT_VARIABLE, env[REQUEST_TIMEOUT_VARIABLE]);
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

export async function startServer(options: {
  database: Database;
  env: Record<string, string | undefined>;
  port: number;
  host: string;
  log: (message: string) => void;
  /** The built web app to serve beside the API (see createApp). */
  webRoot?: string | undefined;
  /** `serve --demo`: CRM secrets may be sealed with the database's auth secret (no real org). */
  demo?: boolean | undefined;
}): Promise<RunningServer> {
  const { database, env, port, host, log } = options;
  const { auth, baseURL, oidc, secretSource } = await serverAuth(database, env, port, host, log);
  const app = createApp({
    database,
    auth,
    baseURL,
    log,
    oidc,
    webRoot: options.webRoot,
    // QUOTAPLAN_ATTAINMENT_CACHE=off computes every attainment view afresh (for measuring).
    attainmentCache: env.QUOTAPLAN_ATTAINMENT_CACHE !== 'off',
    requestTimeoutMs: requestTimeoutFromEnvironment(env),
    crm: {
      runtime: {
        secretKey: () => resolveCrmSecretKey(database, env, { demo: options.demo === true }),
      },
    },
  });
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
