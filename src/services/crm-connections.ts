// CRM connections: connect an org (its secret encrypted at rest), list and remove connections,
// and "test connection" (API version, user, and which of forecasting, multicurrency, opportunity
// splits and territory management the org has on). Secrets never leave this module in clear
// except to sign in, and never appear in an answer, an audit entry or a message.

import { createPrivateKey } from 'node:crypto';
import type { Issue } from '../core/issue.ts';
import {
  crm,
  isUniqueViolation,
  workflow,
  type CrmConnectionRow,
  type CrmFlow,
} from '../db/index.ts';
import {
  connectSalesforce,
  DEFAULT_API_VERSION,
  SalesforceApiError,
  type RetryPolicy,
  type SalesforceClient,
} from '../connectors/salesforce/client.ts';
import { probeSalesforce, type SalesforceProbe } from '../connectors/salesforce/probe.ts';
import {
  decryptSecret,
  encryptSecret,
  SecretDecryptError,
  SecretKeyError,
  type CrmSecretKey,
} from './crm-secrets.ts';
import { WorkflowError } from './workflow/errors.ts';
import type { WorkflowContext } from './workflow/plan-versions.ts';
import type { Workspace } from './workspace.ts';

/** How a service gets the key and how patient its client is (tests shorten the back-off). */
export interface CrmRuntime {
  secretKey: () => Promise<CrmSecretKey>;
  retry?: Partial<RetryPolicy> | undefined;
  /** How far before the watermark an incremental pull starts (crm-pull.ts; default 5 min). */
  incrementalOverlapMs?: number | undefined;
}

export interface NewCrmConnectionInput {
  provider: 'salesforce';
  name?: string | undefined;
  flow: CrmFlow;
  instanceUrl: string;
  loginUrl?: string | undefined;
  apiVersion?: string | undefined;
  clientId?: string | undefined;
  username?: string | undefined;
  /** Client secret, PEM private key or access token, by flow. */
  secret: string;
}

/** A connection as routes and the CLI show it: everything but the secret. */
export interface CrmConnectionView {
  id: number;
  provider: 'salesforce';
  name: string;
  flow: CrmFlow;
  instanceUrl: string;
  loginUrl: string | null;
  apiVersion: string;
  clientId: string | null;
  username: string | null;
  createdBy: string;
  createdAt: string;
  lastTestAt: string | null;
  lastTest: ConnectionTestReport | null;
  lastPullAt: string | null;
  lastPullImportId: number | null;
}

export type ConnectionTestReport =
  | ({ ok: true } & SalesforceProbe)
  | { ok: false; error: { status: number | null; code: string; message: string } };

export function connectionView(row: CrmConnectionRow): CrmConnectionView {
  return {
    id: row.id,
    provider: row.provider,
    name: row.name,
    flow: row.flow,
    instanceUrl: row.instanceUrl,
    loginUrl: row.loginUrl,
    apiVersion: row.apiVersion,
    clientId: row.clientId,
    username: row.username,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastTestAt: row.lastTestAt?.toISOString() ?? null,
    lastTest: (row.lastTest as ConnectionTestReport | null) ?? null,
    lastPullAt: row.lastPullAt?.toISOString() ?? null,
    lastPullImportId: row.lastPullImportId,
  };
}

function issue(field: string, message: string, expected: string): Issue {
  return { code: 'invalid-field', severity: 'error', message: `${field}: ${message}`, expected };
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

/** https, or http to this machine only (a local test server); no credentials in the URL. */
function checkUrl(field: string, value: string, issues: Issue[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.push(issue(field, `"${value}" is not a URL`, 'https://yourdomain.my.salesforce.com'));
    return value;
  }
  const local = url.protocol === 'http:' && LOOPBACK.test(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    issues.push(issue(field, 'must use https', 'https://yourdomain.my.salesforce.com'));
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    issues.push(issue(field, 'must be a bare origin', 'https://yourdomain.my.salesforce.com'));
  }
  return url.origin;
}

/** What each flow needs, checked before anything is stored. */
export function checkConnectionInput(input: NewCrmConnectionInput): {
  issues: Issue[];
  instanceUrl: string;
  loginUrl: string | null;
} {
  const issues: Issue[] = [];
  const instanceUrl = checkUrl('instanceUrl', input.instanceUrl, issues);
  const loginUrl =
    input.loginUrl === undefined ? null : checkUrl('loginUrl', input.loginUrl, issues);
  if (input.secret.trim() === '') {
    issues.push(issue('secret', 'is empty', 'the client secret, private key or access token'));
  }
  if (input.flow !== 'access_token' && (input.clientId ?? '').trim() === '') {
    issues.push(issue('clientId', `is required for the ${input.flow} flow`, 'the consumer key'));
  }
  if (input.flow === 'jwt_bearer') {
    if ((input.username ?? '').trim() === '') {
      issues.push(issue('username', 'is required for the JWT bearer flow', 'the integration user'));
    }
    try {
      const key = createPrivateKey(input.secret);
      if (key.asymmetricKeyType !== 'rsa') {
        issues.push(issue('secret', 'is not an RSA private key', 'a PEM RSA private key (RS256)'));
      }
    } catch {
      issues.push(issue('secret', 'is not a PEM private key', 'a PEM RSA private key (RS256)'));
    }
  }
  if (input.apiVersion !== undefined && !/^\d{2}\.0$/.test(input.apiVersion)) {
    issues.push(issue('apiVersion', `"${input.apiVersion}" is not an API version`, 'like 62.0'));
  }
  return { issues, instanceUrl, loginUrl };
}

async function keyOf(runtime: CrmRuntime): Promise<CrmSecretKey> {
  try {
    return await runtime.secretKey();
  } catch (error) {
    if (error instanceof SecretKeyError)
      throw new WorkflowError('precondition-failed', error.message);
    throw error;
  }
}

export async function createCrmConnection(
  context: WorkflowContext,
  input: NewCrmConnectionInput,
  runtime: CrmRuntime,
): Promise<CrmConnectionView> {
  const checked = checkConnectionInput(input);
  if (checked.issues.length > 0) {
    throw new WorkflowError('invalid', 'the connection is not valid', checked.issues);
  }
  const key = await keyOf(runtime);
  const { workspace, actor } = context;
  const name = input.name ?? new URL(checked.instanceUrl).hostname;
  const existing = await crm.listCrmConnections(workspace.database.db, workspace.id);
  if (existing.some((c) => c.name === name)) {
    throw new WorkflowError(
      'conflict',
      `a ${input.provider} connection named "${name}" exists; remove it first or choose another name`,
    );
  }
  const row = await workspace.database.db
    .transaction(async (tx) => {
      const inserted = await crm.insertCrmConnection(tx, {
        workspaceId: workspace.id,
        provider: input.provider,
        name,
        instanceUrl: checked.instanceUrl,
        loginUrl: checked.loginUrl,
        apiVersion: input.apiVersion ?? DEFAULT_API_VERSION,
        flow: input.flow,
        clientId: input.clientId ?? null,
        username: input.username ?? null,
        secretCiphertext: encryptSecret(key, workspace.id, input.secret),
        createdBy: actor.email,
      });
      await workflow.appendAudit(tx, {
        workspaceId: workspace.id,
        userId: actor.userId,
        userEmail: actor.email,
        action: 'crm.connect',
        entity: 'crm_connection',
        entityId: String(inserted.id),
        // What was connected, never the secret.
        after: {
          provider: inserted.provider,
          name,
          flow: inserted.flow,
          instanceUrl: inserted.instanceUrl,
          clientId: inserted.clientId,
          username: inserted.username,
        },
      });
      return inserted;
    })
    .catch((error: unknown) => {
      // Two admins connecting the same name at once: the unique index decides, the loser is told.
      if (isUniqueViolation(error)) {
        throw new WorkflowError(
          'conflict',
          `a ${input.provider} connection named "${name}" exists`,
        );
      }
      throw error;
    });
  return connectionView(row);
}

export async function listCrmConnectionViews(workspace: Workspace): Promise<CrmConnectionView[]> {
  return (await crm.listCrmConnections(workspace.database.db, workspace.id)).map(connectionView);
}

export async function getCrmConnectionView(
  workspace: Workspace,
  id: number,
): Promise<CrmConnectionView> {
  const row = await crm.getCrmConnection(workspace.database.db, workspace.id, id);
  if (row === null) throw new WorkflowError('not-found', `no CRM connection ${id}`);
  return connectionView(row);
}

export async function deleteCrmConnectionById(context: WorkflowContext, id: number): Promise<void> {
  const { workspace, actor } = context;
  await workspace.database.db.transaction(async (tx) => {
    const removed = await crm.deleteCrmConnection(tx, workspace.id, id);
    if (removed === null) throw new WorkflowError('not-found', `no CRM connection ${id}`);
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'crm.disconnect',
      entity: 'crm_connection',
      entityId: String(id),
      before: { provider: removed.provider, name: removed.name, instanceUrl: removed.instanceUrl },
    });
  });
}

/** Decrypts the connection's secret and signs in. Sign-in refusals are SalesforceApiError. */
export async function openCrmClient(
  workspace: Workspace,
  id: number,
  runtime: CrmRuntime,
): Promise<{ row: CrmConnectionRow; client: SalesforceClient }> {
  const row = await crm.getCrmConnection(workspace.database.db, workspace.id, id);
  const stored = await crm.secretOfCrmConnection(workspace.database.db, workspace.id, id);
  if (row === null || stored === null)
    throw new WorkflowError('not-found', `no CRM connection ${id}`);
  const key = await keyOf(runtime);
  let secret: string;
  try {
    secret = decryptSecret(key, workspace.id, stored);
  } catch (error) {
    if (error instanceof SecretDecryptError)
      throw new WorkflowError('precondition-failed', error.message);
    throw error;
  }
  const client = await connectSalesforce(
    {
      flow: row.flow,
      instanceUrl: row.instanceUrl,
      loginUrl: row.loginUrl ?? undefined,
      apiVersion: row.apiVersion,
      clientId: row.clientId ?? undefined,
      username: row.username ?? undefined,
      secret,
    },
    runtime.retry,
  );
  return { row, client };
}

/** A failure of the CRM as a report (nothing of the secret is in Salesforce's messages). */
export function crmFailure(
  error: unknown,
): { status: number | null; code: string; message: string } | null {
  if (error instanceof SalesforceApiError) {
    return { status: error.status, code: error.errorCode, message: error.message };
  }
  return null;
}

/**
 * Signs in and asks the org what it is: the API version, the user, the features. A refusal or an
 * unreachable org is a report with ok false (and recorded), not an error.
 */
export async function testCrmConnection(
  context: WorkflowContext,
  id: number,
  runtime: CrmRuntime,
): Promise<ConnectionTestReport> {
  const { workspace, actor } = context;
  let report: ConnectionTestReport;
  try {
    const { client } = await openCrmClient(workspace, id, runtime);
    report = { ok: true, ...(await probeSalesforce(client)) };
  } catch (error) {
    const failure = crmFailure(error);
    if (failure === null) throw error;
    report = { ok: false, error: failure };
  }
  const at = context.now?.() ?? new Date();
  await workspace.database.db.transaction(async (tx) => {
    await crm.recordCrmTest(tx, workspace.id, id, report, at);
    await workflow.appendAudit(tx, {
      workspaceId: workspace.id,
      userId: actor.userId,
      userEmail: actor.email,
      action: 'crm.test',
      entity: 'crm_connection',
      entityId: String(id),
      after: report.ok
        ? { ok: true, apiVersion: report.apiVersion, features: report.features }
        : report,
    });
  });
  return report;
}
