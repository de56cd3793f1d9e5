// The auth secret: from QUOTAPLAN_AUTH_SECRET, or generated once and kept in the database.

import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { InvalidAuthSecretError, resolveAuthSecret } from './auth-secret.ts';

describeEachDatabase('auth secret', (getDb) => {
  it('is generated on first use, stored, and the same for every later start', async () => {
    const first = await resolveAuthSecret(getDb(), {});
    expect(first.source).toBe('database (generated)');
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [again, concurrent] = await Promise.all([
      resolveAuthSecret(getDb(), { QUOTAPLAN_AUTH_SECRET: '' }),
      resolveAuthSecret(getDb(), {}),
    ]);
    expect(again).toEqual({ secret: first.secret, source: 'database (existing)' });
    expect(concurrent.secret).toBe(first.secret);
  });

  it('comes from QUOTAPLAN_AUTH_SECRET when set, which must be 32 characters or more', async () => {
    const secret = 'a'.repeat(32);
    expect(await resolveAuthSecret(getDb(), { QUOTAPLAN_AUTH_SECRET: secret })).toEqual({
      secret,
      source: 'environment',
    });
    const attempt = resolveAuthSecret(getDb(), { QUOTAPLAN_AUTH_SECRET: 'hunter2-but-longer' });
    await expect(attempt).rejects.toBeInstanceOf(InvalidAuthSecretError);
    await expect(attempt).rejects.toThrow(/has 18 characters; expected at least 32/);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });
});
