// The key that encrypts CRM secrets at rest (client secrets, private keys, access tokens):
// QUOTAPLAN_SECRET_KEY from the environment, never the database, so that a copy of the database
// alone does not give the CRM away. Only the demo falls back to the auth secret kept in the
// database (resolveAuthSecret), as it holds no real org.

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Database } from '../db/index.ts';
import { MIN_AUTH_SECRET_LENGTH, resolveAuthSecret } from './auth-secret.ts';

export const SECRET_KEY_VARIABLE = 'QUOTAPLAN_SECRET_KEY';
/** As for the auth secret: fewer than 32 characters is too little entropy. */
export const MIN_SECRET_KEY_LENGTH = MIN_AUTH_SECRET_LENGTH;

/** No usable key: the message says what to set, never a value. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/** A stored secret that does not decrypt with this key (another key, or altered). */
export class SecretDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptError';
  }
}

export interface CrmSecretKey {
  /** 32 bytes for AES-256-GCM, derived from the configured text. Never log it. */
  key: Buffer;
  source: 'environment' | 'demo (database)';
}

function derive(text: string): Buffer {
  return Buffer.from(hkdfSync('sha256', text, 'quotaplan', 'crm-connection-secret', 32));
}

/**
 * The key for CRM secrets: QUOTAPLAN_SECRET_KEY (at least 32 characters); in the demo, when it is
 * not set, the auth secret of the database. Anywhere else without it: SecretKeyError.
 */
export async function resolveCrmSecretKey(
  database: Database,
  env: Record<string, string | undefined>,
  options: { demo?: boolean } = {},
): Promise<CrmSecretKey> {
  const text = env[SECRET_KEY_VARIABLE];
  if (text !== undefined && text.trim() !== '') {
    if (text.length < MIN_SECRET_KEY_LENGTH) {
      throw new SecretKeyError(
        `${SECRET_KEY_VARIABLE} has ${text.length} characters; expected at least ${MIN_SECRET_KEY_LENGTH} (for example the output of: openssl rand -base64 32)`,
      );
    }
    return { key: derive(text), source: 'environment' };
  }
  if (options.demo === true) {
    const stored = await resolveAuthSecret(database, {});
    return { key: derive(stored.secret), source: 'demo (database)' };
  }
  throw new SecretKeyError(
    `CRM secrets are stored encrypted and ${SECRET_KEY_VARIABLE} is not set: set it to 32 or more random characters (openssl rand -base64 32) in the environment of every quotaplan process, and keep it out of the database's backups`,
  );
}

/** Encrypts `plain` for one workspace (AES-256-GCM; the workspace id is authenticated data). */
export function encryptSecret(key: CrmSecretKey, workspaceId: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(workspaceId, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export function decryptSecret(key: CrmSecretKey, workspaceId: string, stored: string): string {
  const raw = stored.startsWith('v1.') ? Buffer.from(stored.slice(3), 'base64url') : null;
  if (raw === null || raw.length < 28)
    throw new SecretDecryptError('the stored secret is not readable');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(workspaceId, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptError(
      `the stored secret does not decrypt with this ${SECRET_KEY_VARIABLE}: was the key changed? Connect again to store the secret under the new key`,
    );
  }
}
