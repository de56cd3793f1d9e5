// CRM connections on PGlite and Postgres: the secret is stored encrypted and never shown, a
// missing key is refused with a clear message, "test connection" reports version, user and
// features from the local Salesforce test server, and each change is in the audit log.

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.ts';
import {
  startSalesforceServer,
  type SalesforceTestServer,
} from '../../test/support/salesforce-server.ts';
import { workflow } from '../db/index.ts';
import {
  createCrmConnection,
  deleteCrmConnectionById,
  listCrmConnectionViews,
  testCrmConnection,
  type CrmRuntime,
} from './crm-connections.ts';
import { resolveCrmSecretKey } from './crm-secrets.ts';
import { workspaceIn } from './workspace.ts';
import type { WorkflowContext } from './workflow/plan-versions.ts';

const KEY = 'k'.repeat(40);
let server: SalesforceTestServer;
beforeAll(async () => {
  server = await startSalesforceServer({
    features: { multicurrency: true, splits: true, forecasting: true },
    apps: [{ clientId: 'qp-app', clientSecret: 'top-secret-value', username: 'int@example.com' }],
  });
  server.insert('User', {
    Name: 'Integration User',
    Username: 'int@example.com',
    Email: 'int@example.com',
    IsActive: true,
  });
});
afterAll(() => server.close());

describeEachDatabase('CRM connections', (getDb) => {
  const runtime = (env: Record<string, string>, demo = false): CrmRuntime => ({
    secretKey: () => resolveCrmSecretKey(getDb(), env, { demo }),
    retry: { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 },
  });
  const context = async (): Promise<WorkflowContext> => ({
    workspace: await workspaceIn(getDb(), 'test', 'USD'),
    actor: { userId: null, email: 'admin@example.com' },
  });
  const input = {
    provider: 'salesforce' as const,
    flow: 'client_credentials' as const,
    instanceUrl: '',
    clientId: 'qp-app',
    secret: 'top-secret-value',
  };

  it('refuses to store a secret without QUOTAPLAN_SECRET_KEY, except in the demo', async () => {
    const ctx = await context();
    await expect(
      createCrmConnection(ctx, { ...input, instanceUrl: server.url, name: 'no-key' }, runtime({})),
    ).rejects.toThrow(/QUOTAPLAN_SECRET_KEY is not set/);
    await expect(
      createCrmConnection(
        ctx,
        { ...input, instanceUrl: server.url, name: 'short' },
        runtime({ QUOTAPLAN_SECRET_KEY: 'short' }),
      ),
    ).rejects.toThrow(/has 5 characters; expected at least 32/);
    const demo = await createCrmConnection(
      ctx,
      { ...input, instanceUrl: server.url, name: 'demo' },
      runtime({}, true),
    );
    await deleteCrmConnectionById(ctx, demo.id);
  });

  it('stores the secret encrypted, never shows it, tests and removes the connection', async () => {
    const ctx = await context();
    const created = await createCrmConnection(
      ctx,
      { ...input, instanceUrl: server.url },
      runtime({ QUOTAPLAN_SECRET_KEY: KEY }),
    );
    expect(created).toMatchObject({
      flow: 'client_credentials',
      apiVersion: '62.0',
      name: '127.0.0.1',
    });
    expect(JSON.stringify(created)).not.toContain('top-secret-value');
    const stored = await getDb().db.execute(sql`select secret_ciphertext from crm_connections`);
    expect(JSON.stringify(stored)).not.toContain('top-secret-value');
    expect(JSON.stringify(stored)).toMatch(/v1\./);

    const report = await testCrmConnection(ctx, created.id, runtime({ QUOTAPLAN_SECRET_KEY: KEY }));
    expect(report).toMatchObject({
      ok: true,
      apiVersion: '62.0',
      user: { username: 'int@example.com', name: 'Integration User' },
      features: { forecasting: true, multicurrency: true, splits: true, territories: false },
    });
    // Another key cannot read it: a clear refusal, not garbage.
    await expect(
      testCrmConnection(ctx, created.id, runtime({ QUOTAPLAN_SECRET_KEY: 'x'.repeat(40) })),
    ).rejects.toThrow(/does not decrypt/);
    const [listed] = await listCrmConnectionViews(ctx.workspace);
    expect(listed?.lastTest).toMatchObject({ ok: true });

    await deleteCrmConnectionById(ctx, created.id);
    expect(await listCrmConnectionViews(ctx.workspace)).toEqual([]);
    const audit = await workflow.listAudit(getDb().db, ctx.workspace.id, {
      limit: 20,
      entity: 'crm_connection',
    });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['crm.connect', 'crm.test', 'crm.disconnect']),
    );
    expect(JSON.stringify(audit)).not.toContain('top-secret-value');
  });

  it('reports a refused sign-in as a failed test, and checks each flow’s fields', async () => {
    const ctx = await context();
    const rt = runtime({ QUOTAPLAN_SECRET_KEY: KEY });
    const wrong = await createCrmConnection(
      ctx,
      { ...input, instanceUrl: server.url, name: 'wrong', secret: 'nope' },
      rt,
    );
    expect(await testCrmConnection(ctx, wrong.id, rt)).toEqual({
      ok: false,
      error: { status: 400, code: 'invalid_client', message: 'invalid client credentials' },
    });
    await deleteCrmConnectionById(ctx, wrong.id);
    const refused = await createCrmConnection(
      ctx,
      { ...input, flow: 'jwt_bearer', instanceUrl: 'http://example.com', secret: 'not a key' },
      rt,
    ).catch((error: unknown) => error as { code: string; issues: { message: string }[] });
    expect(refused).toMatchObject({ code: 'invalid' });
    expect((refused as { issues: { message: string }[] }).issues.map((i) => i.message)).toEqual([
      'instanceUrl: must use https',
      'username: is required for the JWT bearer flow',
      'secret: is not a PEM private key',
    ]);
  });

  it('lets one of two admins connecting the same name at once win, and tells the other', async () => {
    const ctx = await context();
    const rt = runtime({ QUOTAPLAN_SECRET_KEY: KEY });
    const both = await Promise.allSettled([
      createCrmConnection(ctx, { ...input, instanceUrl: server.url, name: 'twice' }, rt),
      createCrmConnection(ctx, { ...input, instanceUrl: server.url, name: 'twice' }, rt),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = both.find((r) => r.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    const listed = await listCrmConnectionViews(ctx.workspace);
    expect(listed.filter((c) => c.name === 'twice')).toHaveLength(1);
  });
});
