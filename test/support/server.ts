// An application server on a test database: the Maven workspace, one signed-in user per role
// (and a second manager and a peer rep, for scope tests), and a request helper that talks to the
// app's request function the way a browser on the app's origin would.

import type { Database } from '../../src/db/index.ts';
import { createApp, type AppOptions } from '../../src/server/app.ts';
import { createAuth } from '../../src/server/auth/index.ts';
import type { QuotaplanAuth } from '../../src/server/auth/index.ts';
import { addMember } from '../../src/server/members.ts';
import { repsWithManagers } from '../../src/services/workflow/queries.ts';
import type { LeaderTitle, MemberRole } from '../../src/services/workflow/queries.ts';
import type { Workspace } from '../../src/services/workspace.ts';
import { mavenWorkspace } from './maven-workspace.ts';

export const ORIGIN = 'http://quotaplan.test';
const PASSWORD = 'correct horse battery staple';

export type Persona =
  'admin' | 'vpSales' | 'cro' | 'finance' | 'manager' | 'otherManager' | 'rep' | 'peerRep';

export interface PersonaInfo {
  email: string;
  role: MemberRole;
  title: LeaderTitle | null;
  repId: string | null;
}

export interface ServerFixture {
  app: ReturnType<typeof createApp>;
  auth: QuotaplanAuth;
  workspace: Workspace;
  personas: Record<Persona, PersonaInfo>;
  /** Session cookie per persona. */
  cookies: Record<Persona, string>;
  call(persona: Persona | null, method: string, path: string, body?: unknown): Promise<Response>;
  /** What the app logged: unexpected errors only. */
  logged: string[];
  /** What the auth layer logged: sign-in outcomes. */
  signIns: string[];
}

async function signIn(app: ServerFixture['app'], email: string): Promise<string> {
  const response = await app.request('/api/auth/sign-in/email', {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in of ${email}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.includes('session_token'));
  if (cookie === undefined) throw new Error(`sign-in of ${email} set no session cookie`);
  return cookie.split(';')[0] ?? '';
}

export async function serverFixture(
  database: Database,
  appOptions: Pick<AppOptions, 'crm'> = {},
): Promise<ServerFixture> {
  const workspace = await mavenWorkspace(database);
  const signIns: string[] = [];
  const auth = createAuth({
    database,
    baseURL: ORIGIN,
    secret: 'test-secret-that-is-long-enough-for-auth',
    // Every persona signs in from the same (unknown) address.
    loginRateLimit: { window: 60, max: 1000 },
    log: (m) => signIns.push(m),
  });
  const logged: string[] = [];
  const app = createApp({
    database,
    auth,
    baseURL: ORIGIN,
    log: (m) => logged.push(m),
    ...appOptions,
  });
  const roster = await repsWithManagers(workspace);
  const managers = roster.filter(
    (r) => r.role === 'MGR' && roster.some((x) => x.managerId === r.id),
  );
  const [m1, m2] = managers;
  if (m1 === undefined || m2 === undefined) throw new Error('the Maven roster needs two managers');
  const team = roster.filter((r) => r.managerId === m1.id);
  const personas: Record<Persona, PersonaInfo> = {
    admin: { email: 'admin@example.com', role: 'admin', title: null, repId: null },
    vpSales: { email: 'vp.sales@example.com', role: 'leader', title: 'vp_sales', repId: null },
    cro: { email: 'cro@example.com', role: 'leader', title: 'cro', repId: null },
    finance: { email: 'finance@example.com', role: 'leader', title: 'finance', repId: null },
    manager: { email: 'manager@example.com', role: 'manager', title: null, repId: m1.id },
    otherManager: { email: 'manager2@example.com', role: 'manager', title: null, repId: m2.id },
    rep: { email: 'rep@example.com', role: 'rep', title: null, repId: team[0]?.id ?? null },
    peerRep: { email: 'peer@example.com', role: 'rep', title: null, repId: team[1]?.id ?? null },
  };
  const system = { userId: null, email: 'test set-up' };
  for (const p of Object.values(personas)) {
    await addMember(auth, workspace, system, {
      email: p.email,
      name: p.email.split('@')[0] ?? p.email,
      password: PASSWORD,
      role: p.role,
      title: p.title,
      repId: p.repId,
    });
  }
  const cookies = {} as Record<Persona, string>;
  for (const [key, p] of Object.entries(personas) as [Persona, PersonaInfo][]) {
    cookies[key] = await signIn(app, p.email);
  }
  const call: ServerFixture['call'] = (persona, method, path, body) => {
    const headers: Record<string, string> = { origin: ORIGIN };
    if (persona !== null) headers.cookie = cookies[persona];
    if (body !== undefined) headers['content-type'] = 'application/json';
    return Promise.resolve(
      app.request(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  };
  return { app, auth, workspace, personas, cookies, call, logged, signIns };
}

/**
 * Confirms every input of a version that is still ASSUMED, one request per input at the value
 * the register shows (as the web app's review does), as `who`.
 */
export async function confirmEveryInput(
  s: ServerFixture,
  who: Persona,
  planId: number,
  version: number,
): Promise<void> {
  const path = `/api/workspaces/default/plans/${planId}/versions/${version}/assumptions`;
  const register = (await (await s.call(who, 'GET', path)).json()) as {
    entries: { key: string; value: string; status: string }[];
  };
  for (const entry of register.entries.filter((e) => e.status === 'ASSUMED')) {
    const response = await s.call(who, 'POST', path, {
      key: entry.key,
      value: entry.value,
      status: 'CONFIRMED',
    });
    if (response.status !== 201) {
      throw new Error(`confirming ${entry.key}: ${response.status} ${await response.text()}`);
    }
  }
}

/**
 * Takes a v0 plan through confirmations, approvals and sign-off to publication via the API, the
 * way the people of the seed would; returns the plan id and the published version. The default
 * plan (data as of 31 Dec 2017) is FY2018, which the Maven deals do not reach: no bookings.
 * `asOf: '2017-06-30'` drafts July 2017 – June 2018, half of which the deals cover.
 */
export async function publishedPlan(
  s: ServerFixture,
  options: { asOf?: string; name?: string; supersedes?: number[] } = {},
): Promise<{ planId: number; version: number }> {
  const ws = '/api/workspaces/default';
  const json = async <T>(response: Promise<Response>, status: number): Promise<T> => {
    const r = await response;
    const text = await r.text();
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text}`);
    return JSON.parse(text) as T;
  };
  const { planId } = await json<{ planId: number }>(
    s.call('admin', 'POST', `${ws}/plans`, {
      name: options.name ?? 'Published plan',
      asOf: options.asOf ?? '2017-12-31',
    }),
    201,
  );
  const version = 0;
  await confirmEveryInput(s, 'cro', planId, version);
  const terms = await json<{ key: string; missing: string[] }[]>(
    s.call('admin', 'GET', `${ws}/definitions`),
    200,
  );
  for (const term of terms) {
    if (term.missing.includes('vp_sales'))
      await json(s.call('vpSales', 'POST', `${ws}/definitions/${term.key}/approvals`), 201);
    if (term.missing.includes('cro'))
      await json(s.call('cro', 'POST', `${ws}/definitions/${term.key}/approvals`), 201);
  }
  const gate = await json<{ checklist: { items: { id: string; state: string }[] } }>(
    s.call('cro', 'GET', `${ws}/plans/${planId}/versions/${version}/signoff`),
    200,
  );
  if (gate.checklist.items.some((i) => i.id === 'backtest-in-band' && i.state === 'open')) {
    await json(
      s.call('cro', 'POST', `${ws}/plans/${planId}/versions/${version}/backtest-override`, {
        reason: 'Accepted for the test: thin history.',
      }),
      201,
    );
  }
  for (const who of ['vpSales', 'cro'] as const) {
    await json(
      s.call(who, 'POST', `${ws}/plans/${planId}/versions/${version}/quota-approvals`, {}),
      201,
    );
  }
  await json(s.call('cro', 'POST', `${ws}/plans/${planId}/versions/${version}/signoff`), 201);
  await json(
    s.call(
      'admin',
      'POST',
      `${ws}/plans/${planId}/versions/${version}/publish`,
      options.supersedes === undefined ? undefined : { supersedes: options.supersedes },
    ),
    201,
  );
  return { planId, version };
}
