// A Salesforce REST client over jsforce 3: signs in by one of three flows (client credentials,
// JWT bearer, a given access token), and sends every request through one retry policy, because
// jsforce retries only GET-like methods, ignores Retry-After and does not retry timeouts. An
// expired session is renewed once per request when the flow can sign in again.

import { createSign } from 'node:crypto';
import type { Connection as JsforceConnection } from 'jsforce';

/** The API version we speak; jsforce's own default is years old (CRM.md). */
export const DEFAULT_API_VERSION = '62.0';
export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';

export type SalesforceFlow = 'client_credentials' | 'jwt_bearer' | 'access_token';
export const SALESFORCE_FLOWS: readonly SalesforceFlow[] = [
  'client_credentials',
  'jwt_bearer',
  'access_token',
];

export interface SalesforceCredentials {
  flow: SalesforceFlow;
  /** The org's My Domain URL (https://acme.my.salesforce.com). */
  instanceUrl: string;
  /** Where tokens are asked for and the JWT audience; the instance URL when absent. */
  loginUrl?: string | undefined;
  apiVersion?: string | undefined;
  /** Consumer key of the connected app (client credentials, JWT bearer). */
  clientId?: string | undefined;
  /** JWT bearer: the user the integration acts as. */
  username?: string | undefined;
  /** Client secret, PEM private key or access token, by flow. Never logged. */
  secret: string;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First back-off (ms); doubles each attempt, with jitter, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A request that has not answered after this long (ms) is abandoned and retried. */
  timeoutMs: number;
  /** Longest Retry-After honoured (ms); a longer one fails the request. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 120_000,
  maxRetryAfterMs: 120_000,
};

/** A request Salesforce refused (or kept failing): status, its errorCode and message. */
export class SalesforceApiError extends Error {
  readonly status: number | null;
  readonly errorCode: string;
  constructor(status: number | null, errorCode: string, message: string) {
    super(message);
    this.name = 'SalesforceApiError';
    this.status = status;
    this.errorCode = errorCode;
  }
}

/** What a retry sees of one failed attempt. */
interface Attempt {
  status: number | null;
  retryAfterMs: number | null;
  error: unknown;
}

const RETRY_STATUSES = new Set([420, 429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function errorCodeOf(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A reset, refused or timed-out connection: worth another attempt. */
function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return true;
  const code = errorCodeOf(error);
  if (code !== undefined && NETWORK_CODES.has(code)) return true;
  return error instanceof TypeError && error.message === 'fetch failed';
}

function parseRetryAfter(value: string | undefined): number | null {
  if (value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function describeFailure(attempt: Attempt): SalesforceApiError {
  const e = attempt.error;
  if (e instanceof SalesforceApiError) return e;
  const name = e instanceof Error ? e.name : 'Error';
  const given = (e as { errorCode?: unknown } | null)?.errorCode;
  const code =
    (typeof given === 'string' ? given : undefined) ??
    errorCodeOf(e) ??
    (name === 'Error' ? 'ERROR' : name);
  const message = e instanceof Error ? e.message : String(e);
  return new SalesforceApiError(attempt.status, code, message);
}

interface JsforceResponse {
  statusCode: number;
  headers: Record<string, string>;
}
interface TransportLike {
  httpRequest(req: unknown, options?: unknown): Promise<JsforceResponse>;
}

export interface SalesforceSession {
  instanceUrl: string;
  apiVersion: string;
  userId: string | null;
  organizationId: string | null;
}

export interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

/** Counts of what the client did, for reports and tests. */
export interface ClientStats {
  requests: number;
  retries: number;
  reauthentications: number;
}

export interface SalesforceClient {
  readonly session: SalesforceSession;
  readonly stats: ClientStats;
  /** GET (or another method) on a path under the instance, with retries; the parsed body. */
  request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** Runs a SOQL query (queryAll with `all`) and hands over each batch as it arrives. */
  queryEach(
    soql: string,
    onBatch: (records: Record<string, unknown>[], totalSize: number) => Promise<void> | void,
    options?: { all?: boolean },
  ): Promise<number>;
}

/** Signs a JWT bearer assertion (RS256) for the connected app. */
export function jwtAssertion(
  credentials: Pick<SalesforceCredentials, 'clientId' | 'username' | 'secret'>,
  audience: string,
  nowMs = Date.now(),
): string {
  const head = Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url');
  const claims = Buffer.from(
    JSON.stringify({
      iss: credentials.clientId,
      sub: credentials.username,
      aud: audience,
      // Salesforce accepts an expiry at most three minutes ahead.
      exp: Math.floor(nowMs / 1000) + 180,
    }),
  ).toString('base64url');
  const signature = createSign('RSA-SHA256').update(`${head}.${claims}`).sign(credentials.secret);
  return `${head}.${claims}.${signature.toString('base64url')}`;
}

function parseIdUrl(id: unknown): { userId: string | null; organizationId: string | null } {
  const parts = typeof id === 'string' ? id.split('/') : [];
  return { userId: parts.at(-1) ?? null, organizationId: parts.at(-2) ?? null };
}

/**
 * Signs in and returns a client. Refusals of the sign-in (bad client id or secret, an invalid
 * assertion) are SalesforceApiError with Salesforce's error code ('invalid_client', …).
 */
export async function connectSalesforce(
  credentials: SalesforceCredentials,
  retry: Partial<RetryPolicy> = {},
): Promise<SalesforceClient> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...retry };
  const apiVersion = credentials.apiVersion ?? DEFAULT_API_VERSION;
  const instanceUrl = credentials.instanceUrl.replace(/\/+$/, '');
  const loginUrl = (credentials.loginUrl ?? instanceUrl).replace(/\/+$/, '');
  const stats: ClientStats = { requests: 0, retries: 0, reauthentications: 0 };
  const session: SalesforceSession = {
    instanceUrl,
    apiVersion,
    userId: null,
    organizationId: null,
  };
  // Loaded on first use: jsforce takes about a second to load, and only CRM work needs it.
  const { Connection, OAuth2 } = await import('jsforce');
  let conn: JsforceConnection = new Connection({ instanceUrl, version: apiVersion });

  /** Runs `send` until it succeeds, a refusal that retrying cannot fix, or the attempts run out. */
  async function withRetries<T>(
    send: (observe: TransportLike) => Promise<T>,
    canReauthenticate: boolean,
  ): Promise<T> {
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      let last: JsforceResponse | null = null;
      const observe: TransportLike = {
        httpRequest(req, options) {
          const base = (conn as unknown as { _transport: TransportLike })._transport;
          const sent = base.httpRequest(req, options);
          sent.then(
            (res) => {
              last = res;
            },
            () => undefined,
          );
          return sent;
        },
      };
      stats.requests++;
      try {
        return await send(observe);
      } catch (error) {
        const seen = last as JsforceResponse | null;
        const failure: Attempt = {
          status: seen?.statusCode ?? null,
          retryAfterMs: parseRetryAfter(seen?.headers['retry-after']),
          error,
        };
        if (failure.status === 401 && canReauthenticate && !reauthenticated) {
          // An expired session: sign in again once, then repeat the request.
          reauthenticated = true;
          stats.reauthentications++;
          await signIn();
          attempt--;
          continue;
        }
        const retryable =
          (failure.status !== null && RETRY_STATUSES.has(failure.status)) ||
          (failure.status === null && isNetworkFailure(error));
        if (!retryable || attempt >= policy.attempts) throw describeFailure(failure);
        let delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
        delay = delay / 2 + Math.random() * (delay / 2);
        if (failure.retryAfterMs !== null) {
          if (failure.retryAfterMs > policy.maxRetryAfterMs) throw describeFailure(failure);
          delay = Math.max(delay, failure.retryAfterMs);
        }
        stats.retries++;
        await sleep(delay);
      }
    }
  }

  /** jsforce's options for one request: our retries only, our timeout. */
  function requestOptions(transport: TransportLike) {
    return { retry: { maxRetries: 0 }, timeout: policy.timeoutMs, transport };
  }

  async function signIn(): Promise<void> {
    if (credentials.flow === 'access_token') {
      conn = new Connection({ instanceUrl, accessToken: credentials.secret, version: apiVersion });
      return;
    }
    const body =
      credentials.flow === 'client_credentials'
        ? {
            grant_type: 'client_credentials',
            client_id: credentials.clientId ?? '',
            client_secret: credentials.secret,
          }
        : {
            grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
            assertion: jwtAssertion(credentials, credentials.loginUrl ?? DEFAULT_LOGIN_URL),
          };
    const token = await withRetries(async (transport) => {
      const oauth2 = new OAuth2({ loginUrl });
      const res = await transport.httpRequest(
        {
          method: 'POST',
          url: oauth2.tokenServiceUrl,
          body: new URLSearchParams(body).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        { retry: { maxRetries: 0 }, timeout: policy.timeoutMs },
      );
      let answer: unknown = null;
      try {
        answer = JSON.parse((res as unknown as { body: string }).body);
      } catch {
        // An HTML error page or nothing: the status tells what happened.
      }
      // OAuth errors are {error, error_description}; other failures [{message, errorCode}].
      const first: unknown = Array.isArray(answer) ? answer[0] : answer;
      const parsed =
        typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
      if (res.statusCode >= 400 || typeof parsed.access_token !== 'string') {
        const code = parsed.error ?? parsed.errorCode;
        const message = parsed.error_description ?? parsed.message;
        throw new SalesforceApiError(
          res.statusCode,
          typeof code === 'string' ? code : `ERROR_HTTP_${res.statusCode}`,
          typeof message === 'string' ? message : 'the token endpoint gave no access token',
        );
      }
      return parsed;
    }, false);
    const tokenInstance =
      typeof token.instance_url === 'string' ? token.instance_url.replace(/\/+$/, '') : instanceUrl;
    conn = new Connection({
      instanceUrl: tokenInstance,
      accessToken: String(token.access_token),
      version: apiVersion,
    });
    session.instanceUrl = tokenInstance;
    Object.assign(session, parseIdUrl(token.id));
  }

  await signIn();
  const canReauthenticate = credentials.flow !== 'access_token';

  const request = <T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> =>
    withRetries(
      (transport) =>
        conn.request<T>(
          {
            method,
            url: path,
            ...(body === undefined
              ? {}
              : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
          },
          requestOptions(transport),
        ) as Promise<T>,
      canReauthenticate,
    );

  const v = `/services/data/v${apiVersion}`;
  return {
    session,
    stats,
    request,
    async queryEach(soql, onBatch, options = {}) {
      let page = await request<QueryPage>(
        'GET',
        `${v}/${options.all === true ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`,
      );
      let seen = 0;
      for (;;) {
        seen += page.records.length;
        await onBatch(page.records, page.totalSize);
        if (page.done || page.nextRecordsUrl === undefined) return seen;
        page = await request<QueryPage>('GET', page.nextRecordsUrl);
      }
    },
  };
}
