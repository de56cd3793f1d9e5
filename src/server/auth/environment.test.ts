// Authentication settings read from the environment, and the start-up call that uses them.

import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index.ts';
import { createAuthFromEnvironment, readAuthEnvironment } from './environment.ts';

describe('readAuthEnvironment', () => {
  it('uses QUOTAPLAN_PUBLIC_URL, else the fallback, and no single sign-on by default', () => {
    expect(readAuthEnvironment({}, 'http://localhost:8080')).toEqual({
      baseURL: 'http://localhost:8080',
      oidc: null,
    });
    expect(
      readAuthEnvironment({ QUOTAPLAN_PUBLIC_URL: ' https://q.example.com ' }, 'http://x').baseURL,
    ).toBe('https://q.example.com');
  });

  it('turns on single sign-on when all three OIDC variables are set', () => {
    const env = {
      QUOTAPLAN_OIDC_ISSUER: 'https://idp.example.com/realms/sales',
      QUOTAPLAN_OIDC_CLIENT_ID: 'quotaplan',
      QUOTAPLAN_OIDC_CLIENT_SECRET: 's3cret',
    };
    expect(readAuthEnvironment(env, 'http://x').oidc).toEqual({
      issuer: 'https://idp.example.com/realms/sales',
      clientId: 'quotaplan',
      clientSecret: 's3cret',
    });
  });

  it('refuses a partial OIDC set-up, naming what is missing', () => {
    expect(() =>
      readAuthEnvironment(
        { QUOTAPLAN_OIDC_ISSUER: 'https://idp.example.com', QUOTAPLAN_OIDC_CLIENT_SECRET: '' },
        'http://x',
      ),
    ).toThrow(/QUOTAPLAN_OIDC_CLIENT_ID and QUOTAPLAN_OIDC_CLIENT_SECRET are not set/);
  });
});

describe('createAuthFromEnvironment', () => {
  it('builds a working instance with the stored secret and reports where the secret came from', async () => {
    const database = await openDatabase({ kind: 'pglite', dir: null });
    try {
      const first = await createAuthFromEnvironment(database, {}, 'http://localhost:3000');
      expect(first).toMatchObject({
        baseURL: 'http://localhost:3000',
        oidc: false,
        secretSource: 'database (generated)',
      });
      const second = await createAuthFromEnvironment(database, {}, 'http://localhost:3000');
      expect(second.secretSource).toBe('database (existing)');
      const ctx = await second.auth.$context;
      expect(ctx.baseURL).toBe('http://localhost:3000/api/auth');
    } finally {
      await database.close();
    }
  });
});
