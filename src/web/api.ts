// The web app's access to the server: the typed Hono client over the app's route types (a
// renamed field or path is a compile error here), problem details turned into ApiError, and the
// calls the pages share, each as a TanStack Query options object.

import { queryOptions } from '@tanstack/react-query';
import { hc } from 'hono/client';
import type { ApiProblem, ApiSignedInMe, ApiWorkspace } from '../contracts/api.ts';
import type { App } from '../server/app.ts';

/** Same origin: the browser sends the session cookie itself. */
export const client = hc<App>(window.location.origin, { init: { credentials: 'same-origin' } });

const WORKSPACE_KEY = 'quotaplan.workspace';

/** The workspace chosen in the header's switcher (kept in this browser), else 'default'. */
function chosenWorkspace(): string {
  try {
    const chosen = window.localStorage.getItem(WORKSPACE_KEY);
    return chosen !== null && /^[a-z0-9][a-z0-9-]{0,62}$/.test(chosen) ? chosen : 'default';
  } catch {
    return 'default';
  }
}

/**
 * The workspace the web app works in: the server's demo and first-run workspace unless another
 * was chosen in the header (a person who is a member of several).
 */
export const WORKSPACE = chosenWorkspace();

/** Works in another workspace from now on: remembered in this browser, the app starts afresh. */
export function switchWorkspace(id: string): void {
  try {
    if (id === 'default') window.localStorage.removeItem(WORKSPACE_KEY);
    else window.localStorage.setItem(WORKSPACE_KEY, id);
  } catch {
    // Storage refused (private mode): the switch lasts until the page is reloaded.
  }
  window.location.assign('/');
}

/** A refusal of the server, with the problem document's code and words for people. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, detail: string) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}

interface RawResponse {
  ok: boolean;
  status: number;
  text(): Promise<string>;
}

/** The JSON body of a successful response; a problem document becomes an ApiError. */
export async function readJson<T>(response: RawResponse & { json(): Promise<T> }): Promise<T> {
  if (response.ok) return response.json();
  throw await problemOf(response);
}

async function problemOf(response: RawResponse): Promise<ApiError> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as Partial<ApiProblem>;
    return new ApiError(
      response.status,
      problem.code ?? 'unknown',
      problem.detail ?? `the server answered ${response.status}`,
    );
  } catch {
    return new ApiError(response.status, 'unknown', `the server answered ${response.status}`);
  }
}

/** The signed-in user, or null when nobody is (a normal answer of the server, not a 401). */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<ApiSignedInMe | null> => {
    const me = await readJson(await client.api.me.$get());
    const signedIn = me.user === null ? null : { ...me, user: me.user };
    rememberSignedIn(signedIn !== null);
    return signedIn;
  },
  staleTime: 60_000,
});

const SIGNED_IN_HINT = 'quotaplan.signed-in';

/**
 * Whether this browser was signed in when the app last asked. The app asks for the workspace and
 * the page's numbers beside "who am I" only then (one round trip less); a visitor who is not
 * signed in asks "who am I" alone, so no request of theirs is refused.
 */
export function wasSignedIn(): boolean {
  try {
    return window.localStorage.getItem(SIGNED_IN_HINT) === '1';
  } catch {
    return false;
  }
}

function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) window.localStorage.setItem(SIGNED_IN_HINT, '1');
    else window.localStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    // Storage refused (a private window): the app then asks "who am I" first every time.
  }
}

export const authConfigQuery = queryOptions({
  queryKey: ['auth-config'],
  queryFn: async () => readJson(await client.api['auth-config'].$get()),
  staleTime: Infinity,
});

export const workspaceQuery = queryOptions({
  queryKey: ['workspace', WORKSPACE],
  queryFn: async (): Promise<ApiWorkspace> =>
    readJson(await client.api.workspaces[':ws'].$get({ param: { ws: WORKSPACE } })),
  staleTime: 60_000,
});

export function quotasQuery(planId: number) {
  return queryOptions({
    queryKey: ['quotas', planId],
    queryFn: async () =>
      readJson(
        await client.api.workspaces[':ws'].plans[':planId'].quotas.$get({
          param: { ws: WORKSPACE, planId: String(planId) },
        }),
      ),
    staleTime: 60_000,
  });
}

/** What an attainment view is asked for: the period and the narrowing filters of the URL. */
export interface AttainmentRequest {
  planId: number;
  period: 'month' | 'quarter' | 'year';
  index: number;
  manager?: string | undefined;
  rep?: string | undefined;
  territory?: string | undefined;
  segment?: string | undefined;
  /** 'summary': monthly series only for the organisation and the team asked for (big tables). */
  series?: 'all' | 'summary' | undefined;
}

export function attainmentQuery(request: AttainmentRequest) {
  const { planId, period, index, manager, rep, territory, segment, series } = request;
  const query = {
    period,
    index: String(index),
    ...(series === undefined ? {} : { series }),
    ...(manager === undefined ? {} : { manager }),
    ...(rep === undefined ? {} : { rep }),
    ...(territory === undefined ? {} : { territory }),
    ...(segment === undefined ? {} : { segment }),
  };
  return queryOptions({
    queryKey: ['attainment', planId, query],
    queryFn: async () =>
      readJson(
        await client.api.workspaces[':ws'].plans[':planId'].attainment.$get({
          param: { ws: WORKSPACE, planId: String(planId) },
          query,
        }),
      ),
    staleTime: 30_000,
  });
}

export type AttainmentView = Awaited<
  ReturnType<NonNullable<ReturnType<typeof attainmentQuery>['queryFn']>>
>;
export type RepRow = AttainmentView['report']['reps'][number];
export type GroupRow = AttainmentView['report']['managers'][number];
export type QuotaRow = Awaited<
  ReturnType<NonNullable<ReturnType<typeof quotasQuery>['queryFn']>>
>[number];

/** The link to a rep's quota letter (HTML, shown by the browser). */
export function quotaLetterUrl(planId: number, repId: string): string {
  const url = client.api.workspaces[':ws'].plans[':planId']['quota-letter'].$url({
    param: { ws: WORKSPACE, planId: String(planId) },
    query: { rep: repId, format: 'html' },
  });
  return url.pathname + url.search;
}

async function postAuth(path: string, body: unknown): Promise<Response> {
  return fetch(`/api/auth/${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Signs in with e-mail and password (better-auth's route, outside the typed app). */
export async function signInWithPassword(email: string, password: string): Promise<void> {
  const response = await postAuth('sign-in/email', { email, password });
  if (response.ok) {
    // Nothing in it is needed (the cookie is), but an unread body of a no-store answer keeps
    // the request open in Chromium; cancelling it shows as an aborted request.
    await response.text();
    return;
  }
  if (response.status === 401) {
    throw new ApiError(401, 'unauthenticated', 'That e-mail and password do not match a user.');
  }
  if (response.status === 429) {
    // better-auth's answer: { code, message } (held back after failed sign-ins: how long).
    const body = (await response.json().catch(() => ({}))) as { message?: unknown };
    throw new ApiError(
      429,
      'rate-limited',
      typeof body.message === 'string'
        ? body.message
        : 'Too many attempts from this address: wait a minute and try again.',
    );
  }
  throw await problemOf(response);
}

/** Starts single sign-on: the browser goes to the identity provider. */
export async function startSingleSignOn(): Promise<string> {
  const response = await postAuth('sign-in/social', {
    provider: 'oidc',
    callbackURL: '/',
    errorCallbackURL: '/sign-in',
  });
  if (!response.ok) throw await problemOf(response);
  const body = (await response.json()) as { url?: string };
  if (body.url === undefined) throw new ApiError(500, 'internal', 'no sign-on address came back');
  return body.url;
}

export async function signOut(): Promise<void> {
  const response = await postAuth('sign-out', {});
  if (!response.ok) throw await problemOf(response);
  await response.text();
  rememberSignedIn(false);
  // The next person to sign in here starts in the default workspace, not one of the last one's.
  try {
    window.localStorage.removeItem(WORKSPACE_KEY);
  } catch {
    // Storage refused: nothing was kept either.
  }
}
