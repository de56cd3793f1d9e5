// The CRM routes end to end, on PGlite and Postgres, against the local Salesforce test server:
// an admin connects an org, tests it, pulls it (through faults) and removes it; the secret is in
// no answer and no audit entry; a leader cannot touch connections.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolveCrmSecretKey } from '../src/services/crm-secrets.ts';
import { describeEachDatabase } from './support/databases.ts';
import { seedOrg } from './support/salesforce-org.ts';
import { startSalesforceServer, type SalesforceTestServer } from './support/salesforce-server.ts';
import { serverFixture, type ServerFixture } from './support/server.ts';

const SECRET = 'route-client-secret-value';
let sf: SalesforceTestServer;
beforeAll(async () => {
  sf = await startSalesforceServer({
    seed: 9,
    features: { multicurrency: true, splits: true, forecasting: true },
    apps: [{ clientId: 'route-app', clientSecret: SECRET, username: 'int@example.com' }],
  });
  seedOrg(sf, { opportunities: 500 });
});
afterAll(() => sf.close());

describeEachDatabase('CRM routes', (getDb) => {
  let s: ServerFixture;
  beforeAll(async () => {
    s = await serverFixture(getDb(), {
      crm: {
        runtime: {
          secretKey: () => resolveCrmSecretKey(getDb(), { QUOTAPLAN_SECRET_KEY: 'r'.repeat(40) }),
          retry: { baseDelayMs: 2, maxDelayMs: 10, timeoutMs: 1500, attempts: 12 },
        },
      },
    });
  }, 120_000);

  it('connects, tests, pulls and removes an org; the secret never comes back', async () => {
    const base = '/api/workspaces/default/crm/connections';
    const body = {
      provider: 'salesforce',
      flow: 'client_credentials',
      instanceUrl: sf.url,
      clientId: 'route-app',
      secret: SECRET,
      name: 'Acme production',
    };
    expect((await s.call('cro', 'POST', base, body)).status).toBe(403);
    const bad = await s.call('admin', 'POST', base, { ...body, secret: undefined, token: 'x' });
    expect(bad.status).toBe(422);
    const created = await s.call('admin', 'POST', base, body);
    const createdText = await created.text();
    expect(created.status, createdText).toBe(201);
    expect(createdText).not.toContain(SECRET);
    const { id } = JSON.parse(createdText) as { id: number };
    expect((await s.call('admin', 'POST', base, body)).status).toBe(409);

    const tested = await s.call('admin', 'POST', `${base}/${id}/test`);
    expect(await tested.json()).toMatchObject({
      ok: true,
      apiVersion: '62.0',
      user: { username: 'int@example.com' },
      features: { forecasting: true, multicurrency: true, splits: true, territories: false },
    });

    // The workspace counts USD, the org's corporate currency: its data can come in.
    sf.setFaults({ rate: 0.2, kinds: ['429', '500', 'reset'], retryAfterSeconds: 0 });
    let pulled: Response;
    try {
      pulled = await s.call('admin', 'POST', `${base}/${id}/pull`);
    } finally {
      sf.setFaults(null);
    }
    const pullText = await pulled.text();
    expect(pulled.status, pullText).toBe(201);
    expect(JSON.parse(pullText)).toMatchObject({
      ok: true,
      fetched: { Opportunity: 500 },
      counts: { deals: { inserted: 500 } },
    });

    const listed = await s.call('admin', 'GET', base);
    const listText = await listed.text();
    expect(listText).not.toContain(SECRET);
    expect(JSON.parse(listText)).toMatchObject([
      { id, name: 'Acme production', lastPullImportId: expect.any(Number) as number },
    ]);

    expect((await s.call('admin', 'DELETE', `${base}/${id}`)).status).toBe(204);
    expect((await s.call('admin', 'POST', `${base}/${id}/pull`)).status).toBe(404);
    const audit = await (
      await s.call('admin', 'GET', '/api/workspaces/default/audit-log?limit=20')
    ).text();
    for (const action of ['crm.connect', 'crm.test', 'crm.pull', 'crm.disconnect']) {
      expect(audit).toContain(`"${action}"`);
    }
    expect(audit).not.toContain(SECRET);
    expect(s.logged).toEqual([]);
  }, 120_000);
});
