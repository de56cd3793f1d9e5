// `quotaplan serve`: the application server (API and, once built, the web app) on a port.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { addDbOption, writeErr, writeOut } from '../options.ts';
import { renderTable } from '../render.ts';

/** Where `npm run build:web` puts the web app: dist/web of the package. */
export const DEFAULT_WEB_ROOT = join(import.meta.dirname, '..', '..', '..', 'dist', 'web');

export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description(
      'Start the application server: the HTTP API (OpenAPI at /api/openapi.json) on the workspace database.',
    );
  addDbOption(command)
    .option('--port <n>', 'port to listen on (default: $PORT, else 3000)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option(
      '--demo',
      'make sure the workspace holds the Maven sample, a v0 plan, a published plan to track and one demo user per role (printed)',
    )
    .option(
      '--web <dir>',
      'the built web app to serve (default: dist/web of the package, when it was built)',
    )
    .option('--no-web', 'serve the API only')
    .option(
      '--workers <n>',
      'server processes sharing the port, or auto for one per core (Postgres only; default: $QUOTAPLAN_WORKERS, else 1)',
    )
    .action(
      async (options: {
        db?: string;
        port?: string;
        host: string;
        demo?: boolean;
        web?: string | boolean;
        workers?: string;
      }) => {
        // The server's modules load only when it starts (`--help` stays quick).
        const { isClusterWorker, parseWorkerCount, runAsClusterWorker, startCluster } =
          await import('../../server/cluster.ts');
        const { WorkerCountError } = await import('../../server/cluster.ts');
        const { prepareDemoWorkspace, DEMO_PASSWORD } = await import('../../server/demo.ts');
        const { requestTimeoutFromEnvironment, serverAuth, startServer } =
          await import('../../server/serve.ts');
        const { openWorkspaceDatabase } = await import('../../services/workspace.ts');
        const rawPort = options.port ?? process.env.PORT ?? '3000';
        const port = Number(rawPort);
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
          command.error(`error: --port must be a port number 1-65535 (got "${rawPort}")`, {
            exitCode: 1,
          });
        }
        // A wrong QUOTAPLAN_REQUEST_TIMEOUT stops the start here, before any worker is forked.
        requestTimeoutFromEnvironment(process.env);
        let workers = 1;
        try {
          workers = parseWorkerCount(
            options.workers ?? process.env.QUOTAPLAN_WORKERS,
            availableParallelism(),
          );
        } catch (error) {
          if (!(error instanceof WorkerCountError)) throw error;
          command.error(`error: ${error.message}`, { exitCode: 1 });
        }
        const { database, location } = await openWorkspaceDatabase({
          env: process.env,
          db: options.db,
        });
        const log = (message: string): void => {
          writeErr(`${message}\n`);
        };
        const webRoot =
          options.web === false
            ? undefined
            : resolve(typeof options.web === 'string' ? options.web : DEFAULT_WEB_ROOT);
        if (webRoot !== undefined && !existsSync(join(webRoot, 'index.html'))) {
          if (typeof options.web === 'string') {
            await database.close();
            command.error(
              `error: --web ${options.web} holds no index.html (expected the output of npm run build:web)`,
              { exitCode: 1 },
            );
          }
        }
        const web =
          webRoot !== undefined && existsSync(join(webRoot, 'index.html')) ? webRoot : undefined;
        const serverOptions = {
          database,
          env: process.env,
          port,
          host: options.host,
          log,
          webRoot: web,
          demo: options.demo === true,
        };

        if (isClusterWorker()) {
          // A worker of `--workers N`: the primary printed the banner and prepared the demo.
          let server;
          try {
            server = await startServer(serverOptions);
          } catch (error) {
            await database.close();
            if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
              writeErr(`error: port ${port} is in use; pick another with --port or PORT\n`);
              process.exit(1);
            }
            throw error;
          }
          const running = server;
          runAsClusterWorker(async () => {
            await running.close();
            await database.close();
          });
          return;
        }

        const banner = (url: string, secretSource: string, oidc: boolean): string => {
          let out = `quotaplan is serving ${location} at ${url}\n`;
          out +=
            web === undefined
              ? `Web app: not built (npm run build:web, then restart)\n`
              : `Web app: ${url}/\n`;
          out += `API: ${url}/api (OpenAPI document at ${url}/api/openapi.json)\n`;
          out += `Sign-in secret: ${secretSource}; single sign-on (OIDC): ${oidc ? 'on' : 'off'}\n`;
          return out;
        };
        const demoUsers = async (auth: Parameters<typeof prepareDemoWorkspace>[1]) => {
          if (options.demo !== true) return '';
          const users = await prepareDemoWorkspace(database, auth, log);
          return (
            `\nDemo users (password for all: ${DEMO_PASSWORD}; a local demo only):\n` +
            renderTable(
              [{ header: 'e-mail' }, { header: 'role' }, { header: 'title' }, { header: 'rep' }],
              users.map((u) => [u.email, u.role, u.title ?? '', u.repId ?? '']),
            )
          );
        };

        if (workers > 1) {
          if (database.target.kind !== 'postgres') {
            await database.close();
            command.error(
              `error: --workers ${workers} needs a Postgres database (--db postgres://…, QUOTAPLAN_DB or DATABASE_URL): a PGlite folder is opened by one process at a time`,
              { exitCode: 1 },
            );
          }
          // The primary prepares what every worker shares (the generated secret, the demo), then
          // leaves the port and the database to the workers.
          const prepared = await serverAuth(database, process.env, port, options.host);
          const demo = await demoUsers(prepared.auth);
          await database.close();
          let cluster;
          try {
            cluster = await startCluster({ workers, log });
          } catch (error) {
            writeErr(`error: the server did not start: ${(error as Error).message}\n`);
            process.exitCode = 1;
            return;
          }
          const running = cluster;
          writeOut(
            banner(prepared.baseURL, prepared.secretSource, prepared.oidc) +
              `Workers: ${workers} processes (${running.pids().join(', ')})\n` +
              demo +
              '\nPress Ctrl+C to stop.\n',
          );
          const stop = (): void => {
            void running.close();
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          const { gaveUp } = await running.done;
          if (gaveUp) process.exitCode = 1;
          return;
        }

        let server;
        try {
          server = await startServer(serverOptions);
        } catch (error) {
          await database.close();
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EADDRINUSE') {
            writeErr(`error: port ${port} is in use; pick another with --port or PORT\n`);
            process.exitCode = 1;
            return;
          }
          throw error;
        }
        const out =
          banner(server.url, server.secretSource, server.oidc) + (await demoUsers(server.auth));
        writeOut(out + '\nPress Ctrl+C to stop.\n');
        const running = server;
        const stop = (): void => {
          void running.close().then(() => database.close());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );
}
