// `quotaplan serve`: the application server (API and, once built, the web app) on a port.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { prepareDemoWorkspace, DEMO_PASSWORD } from '../../server/demo.ts';
import { startServer } from '../../server/serve.ts';
import { openWorkspaceDatabase } from '../../services/workspace.ts';
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
    .action(
      async (options: {
        db?: string;
        port?: string;
        host: string;
        demo?: boolean;
        web?: string | boolean;
      }) => {
        const rawPort = options.port ?? process.env.PORT ?? '3000';
        const port = Number(rawPort);
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
          command.error(`error: --port must be a port number 1-65535 (got "${rawPort}")`, {
            exitCode: 1,
          });
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
        let server;
        try {
          server = await startServer({
            database,
            env: process.env,
            port,
            host: options.host,
            log,
            webRoot: web,
          });
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
        let out = `quotaplan is serving ${location} at ${server.url}\n`;
        out +=
          web === undefined
            ? `Web app: not built (npm run build:web, then restart)\n`
            : `Web app: ${server.url}/\n`;
        out += `API: ${server.url}/api (OpenAPI document at ${server.url}/api/openapi.json)\n`;
        out += `Sign-in secret: ${server.secretSource}; single sign-on (OIDC): ${server.oidc ? 'on' : 'off'}\n`;
        if (options.demo === true) {
          const users = await prepareDemoWorkspace(database, server.auth, log);
          out += `\nDemo users (password for all: ${DEMO_PASSWORD}; a local demo only):\n`;
          out += renderTable(
            [{ header: 'e-mail' }, { header: 'role' }, { header: 'title' }, { header: 'rep' }],
            users.map((u) => [u.email, u.role, u.title ?? '', u.repId ?? '']),
          );
        }
        writeOut(out + '\nPress Ctrl+C to stop.\n');
        const stop = (): void => {
          void server.close().then(() => database.close());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );
}
