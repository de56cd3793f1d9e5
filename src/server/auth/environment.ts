// Authentication settings from the environment (QUOTAPLAN_PUBLIC_URL, QUOTAPLAN_OIDC_*), and the
// one call a server start-up makes: secret + settings → the better-auth instance.

import { resolveAuthSecret } from '../../services/auth-secret.ts';
import type { AuthSecretSource } from '../../services/auth-secret.ts';
import type { Database } from '../../services/auth-storage.ts';
import { createAuth } from './create-auth.ts';
import type { OidcOptions, QuotaplanAuth } from './create-auth.ts';
import { AuthConfigError } from './errors.ts';

const OIDC_VARIABLES = [
  'QUOTAPLAN_OIDC_ISSUER',
  'QUOTAPLAN_OIDC_CLIENT_ID',
  'QUOTAPLAN_OIDC_CLIENT_SECRET',
] as const;

export interface AuthEnvironment {
  /** QUOTAPLAN_PUBLIC_URL, else the fallback (e.g. http://localhost:PORT). */
  baseURL: string;
  /** Set when all three QUOTAPLAN_OIDC_* variables are. */
  oidc: OidcOptions | null;
}

/**
 * Reads QUOTAPLAN_PUBLIC_URL and the OIDC variables. Empty values count as unset. Throws
 * AuthConfigError when only some of the three OIDC variables are set, naming the missing ones.
 */
export function readAuthEnvironment(
  env: Record<string, string | undefined>,
  fallbackBaseURL: string,
): AuthEnvironment {
  const value = (name: string): string | null => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? null : raw;
  };
  const present = OIDC_VARIABLES.filter((name) => value(name) !== null);
  if (present.length > 0 && present.length < OIDC_VARIABLES.length) {
    const missing = OIDC_VARIABLES.filter((name) => value(name) === null);
    throw new AuthConfigError(
      'environment',
      `single sign-on needs ${OIDC_VARIABLES.join(', ')}; ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set`,
    );
  }
  const [issuer, clientId, clientSecret] = OIDC_VARIABLES.map(value);
  return {
    baseURL: value('QUOTAPLAN_PUBLIC_URL') ?? fallbackBaseURL,
    oidc: issuer && clientId && clientSecret ? { issuer, clientId, clientSecret } : null,
  };
}

export interface AuthFromEnvironment {
  auth: QuotaplanAuth;
  baseURL: string;
  /** Whether single sign-on is configured. */
  oidc: boolean;
  /** Where the secret came from (never the secret itself), for the start-up message. */
  secretSource: AuthSecretSource;
}

/**
 * The server's better-auth instance: secret from QUOTAPLAN_AUTH_SECRET or the database,
 * settings from readAuthEnvironment, sign-in outcomes to `log`. The login limits keep their
 * defaults.
 */
export async function createAuthFromEnvironment(
  database: Database,
  env: Record<string, string | undefined>,
  fallbackBaseURL: string,
  log?: (message: string) => void,
): Promise<AuthFromEnvironment> {
  const settings = readAuthEnvironment(env, fallbackBaseURL);
  const { secret, source } = await resolveAuthSecret(database, env);
  const auth = createAuth({
    database,
    baseURL: settings.baseURL,
    secret,
    oidc: settings.oidc,
    log,
  });
  return { auth, baseURL: settings.baseURL, oidc: settings.oidc !== null, secretSource: source };
}
