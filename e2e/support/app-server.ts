// The real application server for browser tests and the web benchmark: a fresh PGlite folder, the
// web app built by Vite into a temporary folder, and `createApp` on a free port of 127.0.0.1.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { build } from 'vite';
import { openDatabase } from '../../src/db/index.ts';
import type { Database } from '../../src/db/index.ts';
import { createApp } from '../../src/server/app.ts';
import { createAuth } from '../../src/server/auth/index.ts';
import type { QuotaplanAuth } from '../../src/server/auth/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Builds src/web into `outDir` with the project's Vite configuration. */
export async function buildWebApp(outDir: string): Promise<void> {
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    root: join(ROOT, 'src', 'web'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

export interface AppServer {
  url: string;
  database: Database;
  auth: QuotaplanAuth;
  /** What the server logged (unexpected errors only). */
  logged: string[];
  /** What the auth layer logged: sign-in outcomes, better-auth's warnings. */
  signIns: string[];
  close(): Promise<void>;
}

/**
 * Opens a fresh database, lets `prepare` fill it (data, plans, users), and serves the API with
 * the freshly built web app. Sign-in rate limits are raised: every persona signs in from 127.0.0.1.
 */
export async function startAppServer(
  prepare: (database: Database, auth: QuotaplanAuth) => Promise<void>,
): Promise<AppServer> {
  const folder = mkdtempSync(join(tmpdir(), 'quotaplan-e2e-'));
  const webRoot = join(folder, 'web');
  await buildWebApp(webRoot);
  const database = await openDatabase({ kind: 'pglite', dir: join(folder, 'db') });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const signIns: string[] = [];
  const auth = createAuth({
    database,
    baseURL: url,
    secret: 'browser-tests-secret-that-is-long-enough',
    loginRateLimit: { window: 60, max: 1000 },
    log: (m) => signIns.push(m),
  });
  await prepare(database, auth);
  const logged: string[] = [];
  const app = createApp({ database, auth, baseURL: url, webRoot, log: (m) => logged.push(m) });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => {
      resolve(s);
    });
    s.once('error', reject);
  });
  return {
    url,
    database,
    auth,
    logged,
    signIns,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
