// `quotaplan crm connect salesforce | status | pull salesforce`: connect a CRM org (the secret
// from standard input or the environment, never an argument, where `ps` and shell history would
// show it), see the connections, and pull the org's data into the workspace as one import.

import type { Command } from 'commander';
import { addDbOption, checkChoice, json, writeErr, writeOut } from '../options.ts';

/** Where `crm connect` reads the secret when --secret-stdin is not given. */
export const SECRET_VARIABLE = 'QUOTAPLAN_CRM_SECRET';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function refuse(message: string): void {
  writeErr(`error: ${message}\n`);
  process.exitCode = 1;
}

interface ConnectOptions {
  db?: string;
  flow: string;
  instanceUrl: string;
  loginUrl?: string;
  clientId?: string;
  username?: string;
  apiVersion?: string;
  name?: string;
  secretStdin?: boolean;
  test: boolean;
}

/** The workflow context of the command line: the OS user as actor, like `quotaplan import`. */
const actor = () => ({ userId: null, email: process.env.USER ?? 'cli' });

export function registerCrm(program: Command): void {
  const crm = program
    .command('crm')
    .description('Connect a CRM (Salesforce), see the connections, pull its data.');

  const connect = crm
    .command('connect')
    .description(
      `Connect a Salesforce org. The secret (client secret, PEM private key or access token) comes from standard input with --secret-stdin, else from $${SECRET_VARIABLE}; it is stored encrypted with $QUOTAPLAN_SECRET_KEY.`,
    )
    .argument('<crm>', 'salesforce')
    .requiredOption('--instance-url <url>', 'the org’s My Domain URL (https://…my.salesforce.com)')
    .option('--flow <flow>', 'client_credentials, jwt_bearer or access_token', 'client_credentials')
    .option(
      '--login-url <url>',
      'token endpoint and JWT audience (default: the instance URL; login.salesforce.com or test.salesforce.com for JWT)',
    )
    .option('--client-id <id>', 'the connected app’s consumer key (client_credentials, jwt_bearer)')
    .option('--username <name>', 'the integration user (jwt_bearer)')
    .option('--api-version <v>', 'Salesforce API version (default 62.0)')
    .option('--name <name>', 'a name for the connection (default: the instance host)')
    .option('--secret-stdin', 'read the secret from standard input (e.g. < private-key.pem)')
    .option('--no-test', 'store the connection without signing in to test it');
  addDbOption(connect).action(async (crmName: string, options: ConnectOptions) => {
    checkChoice(connect, 'flow', options.flow, [
      'client_credentials',
      'jwt_bearer',
      'access_token',
    ]);
    if (crmName !== 'salesforce') {
      refuse(`unknown CRM "${crmName}"; expected salesforce`);
      return;
    }
    const secret =
      options.secretStdin === true ? await readStdin() : (process.env[SECRET_VARIABLE] ?? '');
    if (secret.trim() === '') {
      refuse(
        `no secret: pipe it with --secret-stdin, or set ${SECRET_VARIABLE} (never pass it as an argument)`,
      );
      return;
    }
    const { withWorkspace } = await import('../../services/workspace.ts');
    const { createCrmConnection, testCrmConnection } =
      await import('../../services/crm-connections.ts');
    const { resolveCrmSecretKey } = await import('../../services/crm-secrets.ts');
    const { WorkflowError } = await import('../../services/workflow/errors.ts');
    const { formatIssue } = await import('../../core/issue.ts');
    await withWorkspace({ env: process.env, db: options.db }, async (workspace) => {
      const runtime = { secretKey: () => resolveCrmSecretKey(workspace.database, process.env) };
      const context = { workspace, actor: actor() };
      try {
        const created = await createCrmConnection(
          context,
          {
            provider: 'salesforce',
            flow: options.flow as 'client_credentials',
            instanceUrl: options.instanceUrl,
            loginUrl: options.loginUrl,
            clientId: options.clientId,
            username: options.username,
            apiVersion: options.apiVersion,
            name: options.name,
            // A token or secret pasted with its newline; a PEM key keeps its own lines.
            secret: options.flow === 'jwt_bearer' ? secret : secret.trim(),
          },
          runtime,
        );
        writeOut(`Connected ${created.name} as connection #${created.id} (${created.flow}).\n`);
        if (!options.test) return;
        const report = await testCrmConnection(context, created.id, runtime);
        if (!report.ok) {
          refuse(`the test sign-in failed: ${report.error.code}: ${report.error.message}`);
          return;
        }
        const on = Object.entries(report.features)
          .map(([feature, enabled]) => `${feature} ${enabled ? 'on' : 'off'}`)
          .join(', ');
        writeOut(
          `API ${report.apiVersion} (the org serves up to ${report.latestVersion ?? '?'}), signed in as ${report.user.username ?? report.user.id ?? '?'}\n${on}\n`,
        );
      } catch (error) {
        if (!(error instanceof WorkflowError)) throw error;
        refuse(error.message);
        for (const issue of error.issues) writeErr(`  ${formatIssue(issue)}\n`);
      }
    });
  });

  const status = crm
    .command('status')
    .description('List the CRM connections: flow, last test (version, user, features), last pull.')
    .option('--format <format>', 'table or json', 'table');
  addDbOption(status).action(async (options: { db?: string; format: string }) => {
    checkChoice(status, 'format', options.format, ['table', 'json']);
    const { withWorkspace } = await import('../../services/workspace.ts');
    const { listCrmConnectionViews } = await import('../../services/crm-connections.ts');
    const views = await withWorkspace({ env: process.env, db: options.db }, (workspace) =>
      listCrmConnectionViews(workspace),
    );
    if (options.format === 'json') {
      writeOut(json(views));
      return;
    }
    if (views.length === 0) {
      writeOut('No CRM connection. Add one with: quotaplan crm connect salesforce --help\n');
      return;
    }
    const { renderTable } = await import('../render.ts');
    writeOut(
      renderTable(
        [
          { header: 'id', align: 'right' },
          { header: 'name' },
          { header: 'flow' },
          { header: 'API' },
          { header: 'last test' },
          { header: 'last pull' },
        ],
        views.map((v) => [
          `#${v.id}`,
          v.name,
          v.flow,
          v.apiVersion,
          v.lastTest === null
            ? 'never'
            : v.lastTest.ok
              ? `ok (${
                  Object.entries(v.lastTest.features)
                    .filter(([, on]) => on)
                    .map(([f]) => f)
                    .join(', ') || 'no extra features'
                })`
              : `failed: ${v.lastTest.error.code}`,
          v.lastPullAt === null
            ? 'never'
            : `${v.lastPullAt} (import #${v.lastPullImportId ?? '?'})`,
        ]),
      ),
    );
  });

  const pull = crm
    .command('pull')
    .description(
      'Pull users, accounts, opportunities, revenue splits and dated conversion rates from the CRM into the workspace as one import (all or nothing): everything the first time, then what changed since the last pull, removing what the CRM deleted.',
    )
    .argument('<crm>', 'salesforce')
    .option('--connection <id>', 'the connection (default: the only one)')
    .option('--full', 'read everything, not only what changed since the last pull')
    .option('--format <format>', 'table or json', 'table');
  addDbOption(pull).action(
    async (
      crmName: string,
      options: { db?: string; connection?: string; format: string; full?: boolean },
    ) => {
      checkChoice(pull, 'format', options.format, ['table', 'json']);
      if (crmName !== 'salesforce') {
        refuse(`unknown CRM "${crmName}"; expected salesforce`);
        return;
      }
      const { withWorkspace } = await import('../../services/workspace.ts');
      const { listCrmConnectionViews } = await import('../../services/crm-connections.ts');
      const { pullFromCrm } = await import('../../services/crm-pull.ts');
      const { resolveCrmSecretKey } = await import('../../services/crm-secrets.ts');
      const { WorkflowError } = await import('../../services/workflow/errors.ts');
      const { formatIssue } = await import('../../core/issue.ts');
      await withWorkspace({ env: process.env, db: options.db }, async (workspace) => {
        const views = await listCrmConnectionViews(workspace);
        const chosen =
          options.connection === undefined
            ? views.length === 1
              ? views[0]
              : undefined
            : views.find(
                (v) => String(v.id) === options.connection || v.name === options.connection,
              );
        if (chosen === undefined) {
          refuse(
            views.length === 0
              ? 'no CRM connection; add one with quotaplan crm connect salesforce'
              : `choose a connection with --connection: ${views.map((v) => `#${v.id} ${v.name}`).join(', ')}`,
          );
          return;
        }
        const runtime = { secretKey: () => resolveCrmSecretKey(workspace.database, process.env) };
        try {
          const result = await pullFromCrm({ workspace, actor: actor() }, chosen.id, runtime, {
            mode: options.full === true ? 'full' : undefined,
          });
          if (options.format === 'json') writeOut(json(result));
          if (result.error !== null) {
            refuse(
              `the CRM could not be read; nothing was stored: ${result.error.code}: ${result.error.message}`,
            );
            return;
          }
          if (!result.ok) {
            refuse('the CRM data was not imported; nothing changed');
            for (const issue of result.issues.slice(0, 20)) writeErr(`  ${formatIssue(issue)}\n`);
            return;
          }
          if (options.format === 'json') return;
          const counts = Object.entries(result.counts)
            .filter(([, c]) => c.inserted + c.updated > 0)
            .map(([entity, c]) => `${entity} ${c.inserted} new, ${c.updated} updated`)
            .join('; ');
          const { deals, accounts } = result.deleted;
          const removed =
            deals + accounts > 0
              ? `; deleted in the CRM: ${deals} deals, ${accounts} accounts`
              : '';
          writeOut(
            result.importId === null
              ? `Pulled ${chosen.name} (${result.mode}): nothing changed${removed}\n`
              : `Pulled ${chosen.name} (${result.mode}) as import #${result.importId}: ${counts}${removed}\n(${result.requests} requests, ${result.retries} retried)\n`,
          );
        } catch (error) {
          if (!(error instanceof WorkflowError)) throw error;
          refuse(error.message);
        }
      });
    },
  );
}
