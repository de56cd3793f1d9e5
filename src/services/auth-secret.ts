// Where the key that signs session cookies and encrypts stored OIDC tokens comes from:
// QUOTAPLAN_AUTH_SECRET, or else a random one generated on first start and kept in the database.

import { randomBytes } from 'node:crypto';
import { readOrCreateServerSetting } from '../db/auth-store.ts';
import type { Database } from '../db/index.ts';

/** The server_settings key of the generated secret. */
export const AUTH_SECRET_SETTING = 'auth_secret';

/** better-auth derives keys from the secret; fewer than 32 characters is too little entropy. */
export const MIN_AUTH_SECRET_LENGTH = 32;

export type AuthSecretSource = 'environment' | 'database (existing)' | 'database (generated)';

export interface AuthSecret {
  /** Never log it: anyone holding it can forge session cookies. */
  secret: string;
  /** Where it came from, safe to print. */
  source: AuthSecretSource;
}

/** A QUOTAPLAN_AUTH_SECRET that cannot be used. */
export class InvalidAuthSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAuthSecretError';
  }
}

/**
 * The auth secret: QUOTAPLAN_AUTH_SECRET when set (at least 32 characters), otherwise the one in
 * the database's server_settings, generated (32 random bytes, base64url) the first time. Every
 * server instance on one database therefore signs with the same key, and a fresh demo needs
 * no set-up. Changing the secret signs everybody out.
 */
export async function resolveAuthSecret(
  database: Database,
  env: Record<string, string | undefined>,
): Promise<AuthSecret> {
  const fromEnv = env.QUOTAPLAN_AUTH_SECRET;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    if (fromEnv.length < MIN_AUTH_SECRET_LENGTH) {
      // The message gives the length, never the value.
      throw new InvalidAuthSecretError(
        `QUOTAPLAN_AUTH_SECRET has ${fromEnv.length} characters; expected at least ${MIN_AUTH_SECRET_LENGTH} (for example the output of: openssl rand -base64 32)`,
      );
    }
    return { secret: fromEnv, source: 'environment' };
  }
  const stored = await readOrCreateServerSetting(database, AUTH_SECRET_SETTING, () =>
    randomBytes(32).toString('base64url'),
  );
  return {
    secret: stored.value,
    source: stored.created ? 'database (generated)' : 'database (existing)',
  };
}
