// The Salesforce client against the local test server: the three sign-in flows, Salesforce's
// refusals as named errors, query paging, and retries through 429 (Retry-After), 5xx, resets,
// stalls and an expired session.

import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startSalesforceServer,
  type SalesforceServerOptions,
  type SalesforceTestServer,
} from '../../../test/support/salesforce-server.ts';
import { connectSalesforce, SalesforceApiError } from './client.ts';

let server: SalesforceTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const FAST = { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 500 };

async function org(options: SalesforceServerOptions = {}) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  server = await startSalesforceServer({
    apps: [
      { clientId: 'cc', clientSecret: 'secret-1', username: 'int@example.com' },
      {
        clientId: 'jwt',
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        username: 'int@example.com',
      },
    ],
    ...options,
  });
  server.insert('User', { Name: 'Integration', Username: 'int@example.com', IsActive: true });
  return {
    s: server,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

describe('salesforce client', () => {
  it('signs in by client credentials, JWT bearer or a given access token', async () => {
    const { s, privateKeyPem } = await org();
    const cc = await connectSalesforce({
      flow: 'client_credentials',
      instanceUrl: s.url,
      clientId: 'cc',
      secret: 'secret-1',
    });
    expect(cc.session.userId).toMatch(/^005/);
    const jwt = await connectSalesforce({
      flow: 'jwt_bearer',
      instanceUrl: s.url,
      loginUrl: s.url,
      clientId: 'jwt',
      username: 'int@example.com',
      secret: privateKeyPem,
    });
    const info = await jwt.request<{ preferred_username: string }>(
      'GET',
      '/services/oauth2/userinfo',
    );
    expect(info.preferred_username).toBe('int@example.com');
    const token = await connectSalesforce({
      flow: 'access_token',
      instanceUrl: s.url,
      secret: s.issueAccessToken('int@example.com'),
    });
    expect(await token.request('GET', '/services/data/v62.0/limits')).toMatchObject({
      DailyApiRequests: { Max: 100000 },
    });
  });

  it('reports refusals with Salesforce’s error code, without retrying them', async () => {
    const { s } = await org();
    const attempt = connectSalesforce({
      flow: 'client_credentials',
      instanceUrl: s.url,
      clientId: 'cc',
      secret: 'wrong',
    });
    await expect(attempt).rejects.toBeInstanceOf(SalesforceApiError);
    await expect(attempt).rejects.toMatchObject({
      status: 400,
      errorCode: 'invalid_client',
      message: 'invalid client credentials',
    });
    expect(s.counters.tokenRequests).toBe(1);
    const client = await connectSalesforce({
      flow: 'access_token',
      instanceUrl: s.url,
      secret: s.issueAccessToken('int@example.com'),
    });
    await expect(
      client.queryEach('SELECT Nope FROM Account', () => undefined),
    ).rejects.toMatchObject({ status: 400, errorCode: 'INVALID_FIELD' });
  });

  it('pages through every batch and survives 429, 5xx, resets and stalls', async () => {
    const { s } = await org({
      seed: 3,
      faults: {
        rate: 0.3,
        kinds: ['429', '500', '503', 'reset', 'stall'],
        retryAfterSeconds: 0,
        stallMs: 2000,
      },
    });
    const owner = s.records('User')[0]?.Id;
    for (let i = 0; i < 5000; i++) s.insert('Account', { Name: `A${i}`, OwnerId: owner });
    const client = await connectSalesforce(
      { flow: 'client_credentials', instanceUrl: s.url, clientId: 'cc', secret: 'secret-1' },
      { ...FAST, attempts: 12 },
    );
    const names = new Set<string>();
    const total = await client.queryEach('SELECT Id, Name FROM Account', (records) => {
      for (const r of records) names.add(String(r.Name));
    });
    expect(total).toBe(5000);
    expect(names.size).toBe(5000);
    const f = s.counters.faults;
    expect(f['429'] + f['500'] + f['503'] + f.reset + f.stall).toBeGreaterThan(0);
    expect(client.stats.retries).toBe(f['429'] + f['500'] + f['503'] + f.reset + f.stall);
  });

  it('honours Retry-After', async () => {
    const { s } = await org({ faults: { rate: 1, kinds: ['429'], retryAfterSeconds: 1 } });
    const client = await connectSalesforce(
      { flow: 'access_token', instanceUrl: s.url, secret: s.issueAccessToken('int@example.com') },
      { ...FAST, attempts: 2 },
    );
    const started = Date.now();
    await expect(client.request('GET', '/services/data/v62.0/limits')).rejects.toMatchObject({
      status: 429,
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('signs in again once when the session expired', async () => {
    const { s } = await org();
    const client = await connectSalesforce({
      flow: 'client_credentials',
      instanceUrl: s.url,
      clientId: 'cc',
      secret: 'secret-1',
    });
    s.expireSessions();
    await client.request('GET', '/services/data/v62.0/limits');
    expect(client.stats.reauthentications).toBe(1);
    expect(s.counters.tokenRequests).toBe(2);
  });

  it('abandons a stalled request after the timeout and retries it', async () => {
    const { s } = await org({ faults: { rate: 1, kinds: ['stall'], stallMs: 5000 } });
    const client = await connectSalesforce(
      { flow: 'access_token', instanceUrl: s.url, secret: s.issueAccessToken('int@example.com') },
      { ...FAST, timeoutMs: 200, attempts: 3 },
    );
    const started = Date.now();
    await expect(client.request('GET', '/services/data/v62.0/limits')).rejects.toBeInstanceOf(
      SalesforceApiError,
    );
    expect(s.counters.faults.stall).toBe(3);
    expect(client.stats.retries).toBe(2);
    expect(Date.now() - started).toBeLessThan(4000);
    s.setFaults(null);
    expect(await client.request('GET', '/services/data/v62.0/limits')).toMatchObject({
      DailyApiRequests: { Max: 100000 },
    });
  });

  it('retries the token request (a POST, which jsforce would not) through 5xx', async () => {
    const { s } = await org({ faults: { rate: 1, kinds: ['500'], includeToken: true } });
    const attempt = connectSalesforce(
      { flow: 'client_credentials', instanceUrl: s.url, clientId: 'cc', secret: 'secret-1' },
      { ...FAST, attempts: 3 },
    );
    await expect(attempt).rejects.toMatchObject({
      status: 500,
      errorCode: 'UNKNOWN_EXCEPTION',
    });
    expect(s.counters.faults['500']).toBe(3);
  });

  it('refuses an API version the org does not serve, naming the versions it does', async () => {
    const { s } = await org();
    const { probeSalesforce } = await import('./probe.ts');
    const client = await connectSalesforce({
      flow: 'access_token',
      instanceUrl: s.url,
      apiVersion: '40.0',
      secret: s.issueAccessToken('int@example.com'),
    });
    await expect(probeSalesforce(client)).rejects.toMatchObject({
      errorCode: 'UNSUPPORTED_API_VERSION',
      message: 'the org does not serve API version 40.0; it serves 58.0 to 62.0',
    });
  });
});
