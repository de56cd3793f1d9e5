// The local Salesforce test server answers as the REST API documentation says: token endpoint
// errors, version listing, SOQL paging by nextRecordsUrl, queryAll and IsDeleted, error bodies as
// arrays of {message, errorCode}, 18-character ids, and a seeded fault schedule that replays.

import { generateKeyPairSync, createSign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isValidSalesforceId,
  parseSoql,
  salesforceId18,
  startSalesforceServer,
  type SalesforceTestServer,
} from './support/salesforce-server.ts';

let server: SalesforceTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function post(url: string, form: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function get(url: string, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

async function started(options: Parameters<typeof startSalesforceServer>[0] = {}) {
  server = await startSalesforceServer({
    apps: [{ clientId: 'cid', clientSecret: 'shh', username: 'integration@example.com' }],
    ...options,
  });
  server.insert('User', {
    Name: 'Integration',
    Username: 'integration@example.com',
    IsActive: true,
  });
  return server;
}

describe('salesforce test server', () => {
  it('computes 18-character ids with the documented checksum', () => {
    // The example of Salesforce's documentation: 001A0000006Vm9r → 001A0000006Vm9rIAC.
    expect(salesforceId18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(isValidSalesforceId('001A0000006Vm9rIAC')).toBe(true);
    expect(isValidSalesforceId('001A0000006Vm9rIAD')).toBe(false);
  });

  it('parses the SOQL subset and refuses what is malformed', () => {
    expect(
      parseSoql(
        "SELECT Id, Name FROM Opportunity WHERE SystemModstamp > 2026-01-01T00:00:00Z AND StageName = 'Closed Won' ORDER BY SystemModstamp LIMIT 10",
      ),
    ).toMatchObject({ fields: ['Id', 'Name'], object: 'Opportunity', limit: 10 });
    expect(() => parseSoql('SELECT FROM Account')).toThrow(/unexpected token/);
  });

  it('issues tokens for client credentials and refuses bad ones as Salesforce does', async () => {
    const s = await started();
    const bad = await post(`${s.url}/services/oauth2/token`, {
      grant_type: 'client_credentials',
      client_id: 'cid',
      client_secret: 'wrong',
    });
    expect(bad).toEqual({
      status: 400,
      body: { error: 'invalid_client', error_description: 'invalid client credentials' },
    });
    const good = await post(`${s.url}/services/oauth2/token`, {
      grant_type: 'client_credentials',
      client_id: 'cid',
      client_secret: 'shh',
    });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ instance_url: s.url, token_type: 'Bearer' });
    expect(String(good.body.id)).toMatch(/\/id\/00D\w+\/005\w{15}$/);
    const unsupported = await post(`${s.url}/services/oauth2/token`, { grant_type: 'magic' });
    expect(unsupported.body.error).toBe('unsupported_grant_type');
  });

  it('verifies JWT bearer assertions by signature, audience and expiry', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const s = await started({
      apps: [
        {
          clientId: 'jwt-app',
          publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          username: 'integration@example.com',
        },
      ],
    });
    const sign = (claims: Record<string, unknown>) => {
      const head = Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url');
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey);
      return `${head}.${body}.${sig.toString('base64url')}`;
    };
    const exp = Math.floor(Date.now() / 1000) + 180;
    const grant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
    const token = `${s.url}/services/oauth2/token`;
    const claims = { iss: 'jwt-app', sub: 'integration@example.com', aud: s.url, exp };
    expect((await post(token, { grant_type: grant, assertion: sign(claims) })).status).toBe(200);
    expect(
      (await post(token, { grant_type: grant, assertion: sign({ ...claims, aud: 'x' }) })).body,
    ).toEqual({ error: 'invalid_grant', error_description: 'audience is invalid' });
    expect(
      (await post(token, { grant_type: grant, assertion: sign({ ...claims, exp: 1 }) })).body
        .error_description,
    ).toBe('expired authorization code');
    const forged = sign(claims).replace(/\.[^.]+$/, '.AAAA');
    expect((await post(token, { grant_type: grant, assertion: forged })).body.error).toBe(
      'invalid_grant',
    );
  });

  it('lists versions, refuses unknown versions and missing sessions with error arrays', async () => {
    const s = await started();
    const versions = await get(`${s.url}/services/data/`);
    expect(versions.body).toContainEqual({
      label: "Winter '25",
      url: '/services/data/v62.0',
      version: '62.0',
    });
    const token = s.issueAccessToken('integration@example.com');
    expect(await get(`${s.url}/services/data/v62.0/limits`)).toMatchObject({
      status: 401,
      body: [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }],
    });
    expect((await get(`${s.url}/services/data/v20.0/limits`, token)).body).toEqual([
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
    ]);
    const limits = await get(`${s.url}/services/data/v62.0/limits`, token);
    expect(limits.body).toMatchObject({ DailyApiRequests: { Max: 100000 } });
    s.expireSessions();
    expect((await get(`${s.url}/services/data/v62.0/limits`, token)).status).toBe(401);
  });

  it('pages query results by 2,000 with nextRecordsUrl; queryAll sees deleted records', async () => {
    const s = await started();
    const owner = s.records('User')[0]?.Id as string;
    const ids: string[] = [];
    for (let i = 0; i < 4500; i++) {
      ids.push(
        s.insert('Opportunity', {
          Name: `Deal ${i}`,
          OwnerId: owner,
          StageName: 'Prospecting',
          CloseDate: '2026-03-31',
          Amount: 1000 + i,
        }),
      );
    }
    s.remove('Opportunity', ids[0] ?? '');
    const token = s.issueAccessToken('integration@example.com');
    const q = encodeURIComponent('SELECT Id, Name, Owner.Name FROM Opportunity ORDER BY Name');
    const first = (await get(`${s.url}/services/data/v62.0/query?q=${q}`, token)).body as {
      totalSize: number;
      done: boolean;
      nextRecordsUrl: string;
      records: { attributes: { type: string; url: string }; Id: string; Owner: { Name: string } }[];
    };
    expect(first.totalSize).toBe(4499);
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(2000);
    expect(first.records[0]?.attributes.type).toBe('Opportunity');
    expect(first.records[0]?.attributes.url).toMatch(
      /^\/services\/data\/v62\.0\/sobjects\/Opportunity\/006/,
    );
    expect(first.records[0]?.Owner.Name).toBe('Integration');
    expect(first.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w+-2000$/);
    expect(first.records.every((r) => isValidSalesforceId(r.Id))).toBe(true);
    const second = (await get(`${s.url}${first.nextRecordsUrl}`, token)).body as {
      nextRecordsUrl: string;
      records: unknown[];
    };
    const third = (await get(`${s.url}${second.nextRecordsUrl}`, token)).body as {
      done: boolean;
      records: unknown[];
    };
    expect([second.records.length, third.records.length, third.done]).toEqual([2000, 499, true]);
    const all = (
      await get(
        `${s.url}/services/data/v62.0/queryAll?q=${encodeURIComponent('SELECT Id FROM Opportunity WHERE IsDeleted = true')}`,
        token,
      )
    ).body as { totalSize: number };
    expect(all.totalSize).toBe(1);
  });

  it('refuses unknown fields and objects, and filters by SystemModstamp', async () => {
    const s = await started();
    const token = s.issueAccessToken('integration@example.com');
    const query = (soql: string) =>
      get(`${s.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, token);
    const badField = await query('SELECT Id, Bogus FROM Account');
    expect(badField.status).toBe(400);
    expect((badField.body as { errorCode: string; message: string }[])[0]).toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    expect(JSON.stringify(badField.body)).toContain("No such column 'Bogus' on entity 'Account'");
    // Without multicurrency an org has no CurrencyIsoCode and no DatedConversionRate.
    expect(
      ((await query('SELECT CurrencyIsoCode FROM Opportunity')).body as { errorCode: string }[])[0]
        ?.errorCode,
    ).toBe('INVALID_FIELD');
    expect(
      ((await query('SELECT Id FROM DatedConversionRate')).body as { errorCode: string }[])[0]
        ?.errorCode,
    ).toBe('INVALID_TYPE');
    expect(((await query('SELECT Id Account')).body as { errorCode: string }[])[0]?.errorCode).toBe(
      'MALFORMED_QUERY',
    );
    s.insert('Account', { Name: 'Old' });
    s.advanceClock(60_000);
    s.insert('Account', { Name: 'New' });
    const newer = (
      await query('SELECT Name FROM Account WHERE SystemModstamp > 2026-01-05T09:00:30.000+0000')
    ).body as { records: { Name: string }[] };
    expect(newer.records.map((r) => r.Name)).toEqual(['New']);
  });

  it('reports features through the global describe and describe', async () => {
    const s = await started({ features: { multicurrency: true, splits: true, forecasting: true } });
    const token = s.issueAccessToken('integration@example.com');
    const global = (await get(`${s.url}/services/data/v62.0/sobjects`, token)).body as {
      sobjects: { name: string }[];
    };
    const names = global.sobjects.map((o) => o.name);
    expect(names).toEqual(
      expect.arrayContaining(['OpportunitySplit', 'ForecastingQuota', 'DatedConversionRate']),
    );
    expect(names).not.toContain('Territory2');
    const opp = (await get(`${s.url}/services/data/v62.0/sobjects/Opportunity/describe`, token))
      .body as { fields: { name: string }[] };
    expect(opp.fields.map((f) => f.name)).toContain('CurrencyIsoCode');
  });

  it('injects faults on a seeded schedule that replays the same way', async () => {
    const statuses = async (seed: number) => {
      const s = await started({
        seed,
        faults: { rate: 0.5, kinds: ['429', '500', '503'], retryAfterSeconds: 2 },
      });
      const token = s.issueAccessToken('integration@example.com');
      const out: number[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await get(`${s.url}/services/data/v62.0/limits`, token);
        out.push(r.status);
        if (r.status === 429) expect(r.headers.get('retry-after')).toBe('2');
      }
      const faults = s.counters.faults;
      expect(faults['429'] + faults['500'] + faults['503']).toBe(
        out.filter((x) => x !== 200).length,
      );
      await s.close();
      server = null;
      return out;
    };
    const a = await statuses(7);
    expect(await statuses(7)).toEqual(a);
    expect(a.filter((x) => x !== 200).length).toBeGreaterThan(3);
  });

  it('resets connections when the schedule says so', async () => {
    const s = await started({ faults: { rate: 1, kinds: ['reset'] } });
    const token = s.issueAccessToken('integration@example.com');
    await expect(get(`${s.url}/services/data/v62.0/limits`, token)).rejects.toThrow();
    expect(s.counters.faults.reset).toBe(1);
  });
});
