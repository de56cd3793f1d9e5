// The better-auth instance of the quotaplan server: e-mail and password (argon2id, no public
// sign-up), database sessions in HttpOnly cookies, login rate limits in the database, origin
// checks, and optional OIDC single sign-on for users an admin has already created.

import { hash, verify } from '@node-rs/argon2';
import type { Options as Argon2Options } from '@node-rs/argon2';
import { betterAuth } from 'better-auth';
import type { BetterAuthOptions, BetterAuthPlugin } from 'better-auth';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { AUTH_MODEL_NAMES, authDatabaseAdapter } from '../../services/auth-storage.ts';
import type { Database } from '../../services/auth-storage.ts';
import { errorLogText, redactMessage } from '../error-log.ts';
import { AuthConfigError } from './errors.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy.ts';
import { policyPlugin } from './policy-plugin.ts';
import { createSignInGuard } from './sign-in-guard.ts';
import type { SignInThrottleOptions } from './sign-in-guard.ts';

/** Where better-auth's routes are served (sign-in, sign-out, session, OIDC callback…). */
export const AUTH_BASE_PATH = '/api/auth';

/** The provider id of the OIDC identity provider; its redirect URI is OIDC_CALLBACK_PATH. */
export const OIDC_PROVIDER_ID = 'oidc';

/** Register {baseURL}{OIDC_CALLBACK_PATH} as the redirect URI at the identity provider. */
export const OIDC_CALLBACK_PATH = `${AUTH_BASE_PATH}/callback/${OIDC_PROVIDER_ID}`;

/**
 * The request header better-auth reads the client's IP from (rate limits, session records).
 * Only mountAuthRoutes sets it, from the connection, after deleting whatever the client sent,
 * so a client cannot pick its own rate-limit bucket.
 */
export const CLIENT_IP_HEADER = 'x-quotaplan-client-ip';

/** A session lasts 7 days from its last refresh... */
export const SESSION_EXPIRES_IN_SECONDS = 7 * 24 * 60 * 60;
/** ...and is refreshed (expiry pushed back 7 days, new cookie) at most once a day while in use. */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

/**
 * Sign-in requests per client IP and sign-in path, successful or not: 60 a minute, the 61st gets
 * 429. A guard against floods only, high enough for an office behind one address signing in at
 * nine; guessing is held back by the failure counters (sign-in-guard.ts), which count failures
 * only.
 */
export const DEFAULT_LOGIN_RATE_LIMIT: RateLimitRule = { window: 60, max: 60 };
/** Every other auth route (session reads, sign-out, callbacks): generous, against floods only. */
const GENERAL_RATE_LIMIT: RateLimitRule = { window: 60, max: 300 };

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy.ts';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 10 ms per
 * hash here, on libuv's thread pool rather than the event loop. The algorithm is the library's
 * default, Argon2id: its name is a const enum, which isolated modules cannot read, so it is left
 * implicit and a test checks that stored hashes start with $argon2id$.
 */
const ARGON2ID: Argon2Options = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export interface RateLimitRule {
  /** Seconds. */
  window: number;
  /** Requests allowed in the window; the next one is refused with 429. */
  max: number;
}

export interface OidcOptions {
  /** The issuer URL; discovery is read from {issuer}/.well-known/openid-configuration. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Default: openid, email, profile. */
  scopes?: readonly string[] | undefined;
}

export interface CreateAuthOptions {
  database: Database;
  /** The public origin of the app, e.g. https://quotaplan.example.com (QUOTAPLAN_PUBLIC_URL). */
  baseURL: string;
  /** At least 32 characters; see resolveAuthSecret. */
  secret: string;
  /** Further origins allowed to call the auth routes and to be redirected to (baseURL always is). */
  trustedOrigins?: readonly string[] | undefined;
  oidc?: OidcOptions | null | undefined;
  loginRateLimit?: RateLimitRule | undefined;
  /** The failure counters of password sign-ins (default: sign-in-guard.ts's). */
  signInThrottle?: SignInThrottleOptions | undefined;
  /**
   * The server log: sign-in outcomes (account and client address, never the password) and
   * better-auth's own warnings and errors (without SQL parameters). Default: standard error.
   */
  log?: ((message: string) => void) | undefined;
}

/** The better-auth instance createAuth returns. */
export type QuotaplanAuth = ReturnType<typeof createAuth>;

/**
 * better-auth routes that answer 404 over HTTP (they stay callable in-process). quotaplan uses
 * sign-in (e-mail, and OIDC through /sign-in/social), its callback, the session, sign-out,
 * changing one's own password and listing or revoking one's own sessions. Accounts, e-mails and names are managed by admins
 * (`quotaplan user add`, `POST /members`); there is no mail server for resets or verification;
 * OIDC identities are linked by e-mail at sign-in only; provider tokens are never handed out.
 */
export const DISABLED_AUTH_PATHS = [
  '/sign-up/email',
  '/update-user',
  '/change-email',
  '/delete-user',
  '/delete-user/callback',
  '/request-password-reset',
  '/reset-password',
  '/send-verification-email',
  '/verify-email',
  '/verify-password',
  '/link-social',
  '/unlink-account',
  '/get-access-token',
  '/refresh-token',
  '/account-info',
  '/update-session',
] as const;

/**
 * Builds the better-auth instance over the workspace database. Throws AuthConfigError for a
 * baseURL, origin, secret, rate limit or OIDC setting it cannot use. With `oidc`, the identity
 * provider's discovery document is fetched when the instance starts (and again on the first
 * OIDC sign-in if it was unreachable then).
 */
export function createAuth(options: CreateAuthOptions) {
  const baseURL = parseOrigin('baseURL', options.baseURL);
  if (options.secret.length < 32) {
    throw new AuthConfigError(
      'secret',
      `has ${options.secret.length} characters; expected at least 32`,
    );
  }
  const loginRule = checkRule('loginRateLimit', options.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT);
  const log =
    options.log ??
    ((message: string) => {
      console.error(message);
    });
  const signInGuard = createSignInGuard(options.database, options.signInThrottle);
  const plugins: BetterAuthPlugin[] = [policyPlugin({ guard: signInGuard, log })];
  if (options.oidc) plugins.push(oidcPlugin(options.oidc));

  const config = {
    appName: 'quotaplan',
    disabledPaths: [...DISABLED_AUTH_PATHS],
    baseURL,
    basePath: AUTH_BASE_PATH,
    secret: options.secret,
    trustedOrigins: resolveTrustedOrigins(baseURL, options.trustedOrigins ?? []),
    database: authDatabaseAdapter(options.database),
    user: { modelName: AUTH_MODEL_NAMES.user },
    session: {
      modelName: AUTH_MODEL_NAMES.session,
      expiresIn: SESSION_EXPIRES_IN_SECONDS,
      updateAge: SESSION_UPDATE_AGE_SECONDS,
    },
    account: {
      modelName: AUTH_MODEL_NAMES.account,
      // We never call the identity provider's APIs, but its access and refresh tokens are stored:
      // encrypted with the secret (the ID token is kept as received).
      encryptOAuthTokens: true,
      accountLinking: {
        enabled: true,
        // An OIDC identity is linked to the existing user with the same e-mail. The provider is
        // the organisation's own, configured by an admin, so its e-mail counts as proof even
        // when it sends no email_verified claim (Entra ID does not). Admin-created users are
        // marked verified, which better-auth requires of the local side.
        trustedProviders: [OIDC_PROVIDER_ID],
        allowDifferentEmails: false,
      },
    },
    verification: { modelName: AUTH_MODEL_NAMES.verification },
    emailAndPassword: {
      enabled: true,
      // Accounts are created by an admin (createPasswordUser); nobody signs themselves up.
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      password: {
        hash: (password: string) => hash(password, ARGON2ID),
        verify: ({ hash: stored, password }: { hash: string; password: string }) =>
          verify(stored, password),
      },
    },
    rateLimit: {
      // On in every environment (better-auth's default is production only).
      enabled: true,
      storage: 'database',
      modelName: AUTH_MODEL_NAMES.rateLimit,
      window: GENERAL_RATE_LIMIT.window,
      max: GENERAL_RATE_LIMIT.max,
      // Replaces better-auth's built-in 3 per 10 s on /sign-in/*: e-mail and OIDC alike.
      customRules: { '/sign-in/*': loginRule },
    },
    advanced: {
      cookiePrefix: 'quotaplan',
      // Secure (and the __Secure- name prefix) exactly when the public URL is https.
      useSecureCookies: baseURL.startsWith('https://'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      // Stated so that NODE_ENV=test (which turns better-auth's origin check off) changes nothing.
      disableCSRFCheck: false,
      disableOriginCheck: false,
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    logger: {
      level: 'warn',
      log: (level, message, ...args: unknown[]) => {
        // Its sign-in warnings name neither account nor address; policy-plugin.ts logs both.
        if (SIGN_IN_NOISE.has(message)) return;
        log(`auth ${level}: ${[message, ...args].map(logValue).join(' ')}`);
      },
    },
    // An unexpected error of a route is thrown on to the app, whose error handler logs it
    // without SQL parameters and answers a problem document; better-auth's router would print it
    // whole (the failed query's parameters included) and log every refusal as an error.
    onAPIError: { throw: true },
    telemetry: { enabled: false },
    plugins,
  } satisfies BetterAuthOptions;
  // The guard travels with the instance: setPassword clears an account's failures through it.
  return Object.assign(betterAuth(config), { signInGuard });
}

/** better-auth's own warnings on a failed password sign-in (replaced by ours). */
const SIGN_IN_NOISE = new Set(['User not found', 'Password not found', 'Invalid password']);

/** An argument of better-auth's logger as text: errors and messages without SQL parameters. */
function logValue(value: unknown): string {
  if (value instanceof Error) return errorLogText(value);
  if (typeof value === 'string') return redactMessage(value);
  try {
    // undefined for undefined and functions, whatever its declared type says.
    const text = JSON.stringify(value) as string | undefined;
    return text ?? String(value);
  } catch {
    return String(value);
  }
}

function oidcPlugin(oidc: OidcOptions): BetterAuthPlugin {
  const issuer = parseUrl('oidc.issuer', oidc.issuer);
  if (oidc.clientId.trim() === '') {
    throw new AuthConfigError(
      'oidc.clientId',
      'is empty; expected the client id registered at the identity provider',
    );
  }
  if (oidc.clientSecret.trim() === '') {
    throw new AuthConfigError(
      'oidc.clientSecret',
      'is empty; expected the client secret registered at the identity provider',
    );
  }
  const scopes = [...(oidc.scopes ?? ['openid', 'email', 'profile'])];
  if (!scopes.includes('email')) {
    throw new AuthConfigError(
      'oidc.scopes',
      `${JSON.stringify(scopes)} lacks "email", which linking users needs`,
    );
  }
  return genericOAuth({
    config: [
      {
        providerId: OIDC_PROVIDER_ID,
        name: 'Single sign-on',
        discoveryUrl: `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
        // ID tokens are checked against the provider's published keys, or the provider is unused.
        requireIdTokenVerification: true,
        clientId: oidc.clientId,
        clientSecret: oidc.clientSecret,
        // client_secret_basic: OpenID Connect's default, which every provider supports.
        authentication: 'basic',
        scopes,
        pkce: true,
        // No self-provisioning: an identity whose e-mail matches no user is refused.
        disableSignUp: true,
        disableImplicitSignUp: true,
      },
    ],
  });
}

/**
 * The origins allowed to make state-changing requests: the origin of `baseURL` and the extra
 * ones, normalised (scheme://host[:port]). When `baseURL` is a loopback address (localhost,
 * 127.0.0.1, [::1]), the other loopback spellings on the same scheme and port are trusted too:
 * they reach the same server on the same machine, and a person who opens http://localhost:3000
 * while the server calls itself http://127.0.0.1:3000 must be able to sign in. Pass the result to
 * csrfProtection so the app's routes accept exactly what better-auth's routes accept. Throws
 * AuthConfigError for a value that is not an http(s) origin.
 */
export function resolveTrustedOrigins(baseURL: string, extra: readonly string[] = []): string[] {
  const base = parseOrigin('baseURL', baseURL);
  const origins = new Set([base, ...loopbackAliases(base)]);
  extra.forEach((value, i) => origins.add(parseOrigin(`trustedOrigins[${i}]`, value)));
  return [...origins];
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** The same origin under the other loopback host names; none for any other host. */
function loopbackAliases(origin: string): string[] {
  const url = new URL(origin);
  const loopback =
    LOOPBACK_HOSTS.includes(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (!loopback) return [];
  return LOOPBACK_HOSTS.map((host) => {
    const alias = new URL(origin);
    alias.hostname = host;
    return alias.origin;
  }).filter((alias) => alias !== origin);
}

function parseUrl(option: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AuthConfigError(
      option,
      `${JSON.stringify(value)} is not a URL; expected e.g. https://quotaplan.example.com`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AuthConfigError(option, `${JSON.stringify(value)} is not an http(s) URL`);
  }
  return url.toString();
}

/** An http(s) URL with nothing after the host: quotaplan serves from the root of its origin. */
function parseOrigin(option: string, value: string): string {
  const url = new URL(parseUrl(option, value));
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new AuthConfigError(
      option,
      `${JSON.stringify(value)} has a path, query or fragment; expected an origin such as https://quotaplan.example.com`,
    );
  }
  return url.origin;
}

function checkRule(option: string, rule: RateLimitRule): RateLimitRule {
  for (const key of ['window', 'max'] as const) {
    const value = rule[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new AuthConfigError(
        `${option}.${key}`,
        `${String(value)} is not a whole number of at least 1`,
      );
    }
  }
  return { window: rule.window, max: rule.max };
}
