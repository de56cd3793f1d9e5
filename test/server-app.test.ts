// The app's envelope: the OpenAPI document, the typed client, problem details for malformed
// requests, and unexpected errors logged on the server but never shown to the client.

import { beforeAll, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createApiClient } from '../src/server/client.ts';
import { describeEachDatabase } from './support/databases.ts';
import { ORIGIN, serverFixture } from './support/server.ts';
import type { ServerFixture } from './support/server.ts';

describeEachDatabase('the application server', (getDb) => {
  let s: ServerFixture;

  beforeAll(async () => {
    s = await serverFixture(getDb());
  }, 120_000);

  it('publishes an OpenAPI 3.1 document of every route with its problem responses', async () => {
    const response = await s.app.request('/api/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/api/workspaces/{ws}/plans',
      '/api/workspaces/{ws}/plans/{planId}/versions',
      '/api/workspaces/{ws}/plans/{planId}/attainment',
      '/api/workspaces/{ws}/definitions/{key}/approvals',
      '/api/workspaces/{ws}/audit-log',
    ]) {
      expect(paths).toContain(path);
    }
    const save = doc.paths['/api/workspaces/{ws}/plans/{planId}/versions']?.post;
    expect(Object.keys(save?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '401', '403', '404', '409', '422']),
    );
  });

  it('serves typed calls through the client the web app uses', async () => {
    const client = createApiClient(ORIGIN, {
      fetch: (input, init) =>
        Promise.resolve(s.app.request(input instanceof Request ? input : String(input), init)),
      headers: { cookie: s.cookies.admin, origin: ORIGIN },
    });
    const me = await client.api.me.$get();
    expect(me.status).toBe(200);
    const body = await me.json();
    expect(body.user?.email).toBe('admin@example.com');
    expect(body.memberships[0]?.role).toBe('admin');
    const created = await client.api.workspaces[':ws'].plans.$post({
      param: { ws: 'default' },
      json: { asOf: '2017-12-31' },
    });
    expect(created.status).toBe(201);
  });

  it('answers malformed input with a problem document naming the field', async () => {
    const bad = await s.call('admin', 'POST', '/api/workspaces/default/plans', {
      asOf: 'yesterday',
    });
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as { code: string; issues: { message: string }[] };
    expect(problem.code).toBe('invalid');
    expect(problem.issues[0]?.message).toMatch(/^asOf:/);
    const broken = await s.app.request('/api/workspaces/default/plans', {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: s.cookies.admin, 'content-type': 'application/json' },
      body: '{"asOf": ',
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toContain('application/problem+json');
  });

  it('logs an unexpected failure and tells the client only that it happened', async () => {
    // An id beyond what the database holds is refused as input, not passed on.
    const huge = await s.call(
      'admin',
      'GET',
      '/api/workspaces/default/plans/99999999999/versions/0',
    );
    expect(huge.status).toBe(422);
    // A database that lost a table: the query fails inside the route.
    await getDb().db.execute(sql`alter table plans rename to plans_gone`);
    try {
      const failing = await s.call('admin', 'GET', '/api/workspaces/default/plans');
      const text = await failing.text();
      expect(failing.status).toBe(500);
      expect(JSON.parse(text)).toMatchObject({ code: 'internal', status: 500 });
      expect(text).not.toMatch(/\.ts|at |Error:|select |plans_gone/);
      expect(
        s.logged.some((line) => line.includes('GET /api/workspaces/default/plans failed')),
      ).toBe(true);
    } finally {
      await getDb().db.execute(sql`alter table plans_gone rename to plans`);
    }
  });

  it('logs a failed query without its parameters: no e-mail reaches the log', async () => {
    await getDb().db.execute(sql`alter table reps rename to reps_gone`);
    try {
      const before = s.logged.length;
      const failing = await s.call('admin', 'POST', '/api/workspaces/default/members', {
        email: 'Secret.Person@Example.com',
        name: 'Secret Person',
        password: 'a long and unusual passphrase',
        role: 'rep',
      });
      expect(failing.status).toBe(500);
      const lines = s.logged.slice(before).join('\n');
      expect(lines).toContain('POST /api/workspaces/default/members failed');
      expect(lines).toContain('reps');
      expect(lines.toLowerCase()).not.toContain('secret.person@example.com');
    } finally {
      await getDb().db.execute(sql`alter table reps_gone rename to reps`);
    }
  });

  it('refuses a weak password for a new member with 422 naming the password, and creates nobody', async () => {
    for (const password of ['aaaaaaaaaaaa', 'password1234']) {
      const refused = await s.call('admin', 'POST', '/api/workspaces/default/members', {
        email: 'weak.password@example.com',
        name: 'Weak Password',
        password,
        role: 'admin',
      });
      expect(refused.status).toBe(422);
      const problem = (await refused.json()) as { issues: { message: string }[] };
      expect(problem.issues[0]?.message).toMatch(/^password: is /);
      expect(JSON.stringify(problem)).not.toContain(password);
    }
    const members = (await (
      await s.call('admin', 'GET', '/api/workspaces/default/members')
    ).json()) as { email: string }[];
    expect(members.map((m) => m.email)).not.toContain('weak.password@example.com');
  });

  it('logs a failed query inside better-auth without its parameters', async () => {
    await getDb().db.execute(sql`alter table users rename to users_gone`);
    // better-auth's router printed such errors to the console itself, parameters included.
    const printed: unknown[] = [];
    const consoleError = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      printed.push(...args);
    });
    try {
      const before = s.logged.length;
      const failing = await s.app.request('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'hidden.person@example.com',
          password: 'any password at all',
        }),
      });
      expect(failing.status).toBeGreaterThanOrEqual(500);
      const lines = s.logged.slice(before).join('\n');
      expect(lines).toContain('users');
      expect(lines).not.toContain('hidden.person@example.com');
      expect(lines).not.toContain('any password at all');
      expect(
        printed
          .map((p) => (p instanceof Error ? `${p.message} ${String(p.cause)}` : String(p)))
          .join('\n'),
      ).not.toContain('hidden.person@example.com');
    } finally {
      consoleError.mockRestore();
      await getDb().db.execute(sql`alter table users_gone rename to users`);
    }
  });

  it('answers every API request with Cache-Control: no-store and the app with a strict CSP', async () => {
    for (const [persona, path] of [
      ['rep', '/api/me'],
      ['admin', '/api/workspaces/default'],
      [null, '/api/workspaces/default'],
      [null, '/api/auth/get-session'],
      ['admin', '/api/no/such/route'],
    ] as const) {
      const response = await s.call(persona, 'GET', path);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
    const csp = (await s.call(null, 'GET', '/api/me')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
  });
});
