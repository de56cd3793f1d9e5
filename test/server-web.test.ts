// What the server adds for the web app: the built app's files (index.html for every page path,
// hashed assets cached for good, /api left to the API), the public sign-in options, the published
// plans every member may track, and the attainment view's filters and lighter "summary" form.

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/server/app.ts';
import { describeEachDatabase } from './support/databases.ts';
import { ORIGIN, publishedPlan, serverFixture } from './support/server.ts';
import type { ServerFixture } from './support/server.ts';

interface View {
  thresholds: { green: number; red: number };
  planStart: string;
  months: number;
  report: {
    reps: { repId: string; territoryId: string | null; series: unknown[] }[];
    managers: { key: string | null; series: unknown[] }[];
    territories: { key: string | null; series: unknown[] }[];
    organisation: { series: unknown[] };
  };
}

describeEachDatabase('the server for the web app', (getDb) => {
  let s: ServerFixture;
  let planId = 0;
  let web: ReturnType<typeof createApp>;

  beforeAll(async () => {
    s = await serverFixture(getDb());
    ({ planId } = await publishedPlan(s));
    const root = mkdtempSync(join(tmpdir(), 'quotaplan-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1);');
    web = createApp({
      database: getDb(),
      auth: s.auth,
      baseURL: ORIGIN,
      webRoot: root,
      oidc: true,
    });
  }, 180_000);

  it('serves index.html for the app’s pages and assets with a long cache, and leaves /api alone', async () => {
    for (const path of ['/', '/sign-in', '/plans/1/team?period=quarter']) {
      const page = await web.request(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('<div id="root">');
    }
    const asset = await web.request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const api = await web.request('/api/no-such-route');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    // Without a web root (the API-only server), pages are not found.
    expect((await s.app.request('/plans/1/team')).status).toBe(404);
  });

  it('tells the sign-in page, without a session, whether single sign-on is on', async () => {
    expect(await (await web.request('/api/auth-config')).json()).toEqual({ oidc: true });
    expect(await (await s.app.request('/api/auth-config')).json()).toEqual({ oidc: false });
  });

  it('lists the published plans for every member, reps included', async () => {
    for (const persona of ['rep', 'manager', 'finance'] as const) {
      const workspace = (await (
        await s.call(persona, 'GET', '/api/workspaces/default')
      ).json()) as {
        trackingPlans: { id: number; periodStart: string; months: number }[];
      };
      expect(
        workspace.trackingPlans.map((p) => p.id),
        persona,
      ).toEqual([planId]);
      expect(workspace.trackingPlans[0]).toMatchObject({ periodStart: '2018-01-01', months: 12 });
    }
  });

  it('says the as-of date and where it came from; only admins and leaders learn which record set it', async () => {
    type WithAsOf = { dataAsOf: { date: string; source: string; note: string } | null };
    const admin = (await (
      await s.call('admin', 'GET', '/api/workspaces/default')
    ).json()) as WithAsOf;
    expect(admin.dataAsOf).toMatchObject({ date: '2017-12-31', source: 'data' });
    expect(admin.dataAsOf?.note).toMatch(
      /^the latest past date in the data: the (close|created) date of /,
    );
    for (const persona of ['manager', 'rep'] as const) {
      const seen = (await (
        await s.call(persona, 'GET', '/api/workspaces/default')
      ).json()) as WithAsOf;
      expect(seen.dataAsOf, persona).toEqual({
        date: '2017-12-31',
        source: 'data',
        note: 'the latest past date in the data',
      });
    }
  });

  it('narrows attainment to a territory, and leaves series out of the summary form', async () => {
    const path = `/api/workspaces/default/plans/${planId}/attainment`;
    const all = (await (
      await s.call('cro', 'GET', `${path}?period=quarter&index=1`)
    ).json()) as View;
    expect(all.thresholds).toEqual({ green: 0.9, red: 0.6 });
    expect(all).toMatchObject({ planStart: '2018-01-01', months: 12 });
    const territory = all.report.reps.find((r) => r.territoryId !== null)?.territoryId ?? '';
    const east = (await (
      await s.call('cro', 'GET', `${path}?period=quarter&index=1&territory=${territory}`)
    ).json()) as View;
    expect(east.report.reps.length).toBeGreaterThan(0);
    expect(east.report.reps.length).toBeLessThan(all.report.reps.length);
    expect(east.report.reps.every((r) => r.territoryId === territory)).toBe(true);
    expect(east.report.territories.map((t) => t.key)).toEqual([territory]);

    const team = s.personas.manager.repId ?? '';
    const summary = (await (
      await s.call('cro', 'GET', `${path}?manager=${encodeURIComponent(team)}&series=summary`)
    ).json()) as View;
    expect(summary.report.reps.every((r) => r.series.length === 0)).toBe(true);
    expect(summary.report.territories.every((t) => t.series.length === 0)).toBe(true);
    expect(summary.report.organisation.series.length).toBe(12);
    expect(summary.report.managers.find((m) => m.key === team)?.series.length).toBe(12);
  });
});
