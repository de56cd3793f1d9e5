// The web app in a real browser (headless Chromium) against the real server and the demo
// workspace: sign-in per role, role-aware navigation, a rep who sees only their own dashboard,
// a manager's team with the right traffic lights, filters kept in the URL, and axe-core on every
// page (no serious or critical violations). Screenshots of every page go to e2e/screenshots/.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, prepareDemoWorkspace } from '../src/server/demo.ts';
import type { DemoUser } from '../src/server/demo.ts';
import { describeWithBrowser, launchChromium } from './support/browser.ts';
import type { LaunchedBrowser } from './support/browser.ts';
import { startAppServer } from './support/app-server.ts';
import type { AppServer } from './support/app-server.ts';
import { checkPage as checkAndSave, consoleErrors, openPage, signIn } from './support/pages.ts';

interface Attainment {
  thresholds: { green: number; red: number };
  report: {
    period: { state: 'not-started' | 'open' | 'closed' };
    reps: {
      repId: string;
      name: string;
      quota: number;
      attainment: number | null;
      paceAttainment: number | null;
    }[];
  };
}

/** METHOD §9's traffic light, computed here from the API's numbers (not read from the server). */
function expectedIndicator(
  rep: Attainment['report']['reps'][number],
  state: Attainment['report']['period']['state'],
  thresholds: Attainment['thresholds'],
): string {
  const ratio = state === 'open' ? rep.paceAttainment : rep.attainment;
  if (state === 'not-started' || rep.quota === 0 || ratio === null) return 'none';
  if (ratio > thresholds.green) return 'green';
  if (ratio < thresholds.red) return 'red';
  return 'yellow';
}

describeWithBrowser('the web app in Chromium', () => {
  let server: AppServer;
  let chromium: LaunchedBrowser;
  let users: DemoUser[] = [];
  let planId = 0;
  const contexts: BrowserContext[] = [];

  const user = (role: DemoUser['role'], title: DemoUser['title'] = null): DemoUser => {
    const found = users.find((u) => u.role === role && (title === null || u.title === title));
    if (found === undefined) throw new Error(`the demo has no ${role} ${title ?? ''}`);
    return found;
  };

  const newPage = (): Promise<Page> =>
    openPage(chromium.browser, server.url, contexts, (error) => {
      throw error;
    });

  /** Waits for the page's numbers (or its empty or error state), then checks and saves it. */
  async function checkPage(page: Page, name: string): Promise<void> {
    await page.waitForSelector('[data-testid=measures], .state-empty, .state-error, .sign-in');
    await checkAndSave(page, name);
  }

  beforeAll(async () => {
    server = await startAppServer(async (database, auth) => {
      users = await prepareDemoWorkspace(database, auth, () => undefined);
    });
    chromium = await launchChromium();
    const page = await newPage();
    await signIn(page, user('admin'));
    const workspace = (await (await page.request.get('/api/workspaces/default')).json()) as {
      trackingPlans: { id: number }[];
    };
    planId = workspace.trackingPlans[0]?.id ?? 0;
    expect(planId).toBeGreaterThan(0);
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    // Undefined when beforeAll failed part-way (e.g. no Chromium under QUOTAPLAN_REQUIRE_SERVICES).
    await (chromium as LaunchedBrowser | undefined)?.close();
    await (server as AppServer | undefined)?.close();
  });

  it('sends a signed-out visitor to the sign-in page and back where they were headed', async () => {
    const page = await newPage();
    await page.goto(`/plans/${planId}/organisation`);
    await page.waitForURL(/\/sign-in\?next=/);
    await expect(
      page.getByRole('heading', { name: 'Sign in to quotaplan' }).isVisible(),
    ).resolves.toBe(true);
    // No single sign-on configured: no SSO button.
    expect(await page.getByRole('button', { name: 'Sign in with SSO' }).count()).toBe(0);
    await checkPage(page, 'sign-in');
    // Being signed out is normal: no request of the visitor was refused, nothing in the console.
    expect(consoleErrors(page)).toEqual([]);
    await page.goto('/');
    await page.waitForSelector('.sign-in');
    await page.waitForLoadState('networkidle');
    expect(consoleErrors(page)).toEqual([]);
    await page.goto(`/plans/${planId}/organisation`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('E-mail').fill(user('admin').email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/do not match/);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`**/plans/${planId}/organisation`);
  });

  it('signs in every role and shows each only the navigation its role allows', async () => {
    const expectations: {
      who: DemoUser;
      path: RegExp;
      nav: string[];
      role: string;
    }[] = [
      {
        who: user('admin'),
        path: /\/organisation$/,
        nav: [
          'Planning',
          'Organisation',
          'Teams',
          'Adjustments',
          'Disputes',
          'Audit log',
          'Members',
        ],
        role: 'RevOps (admin)',
      },
      {
        who: user('leader', 'vp_sales'),
        path: /\/organisation$/,
        nav: ['Planning', 'Organisation', 'Teams', 'Adjustments', 'Disputes', 'Audit log'],
        role: 'VP Sales',
      },
      {
        who: user('leader', 'cro'),
        path: /\/organisation$/,
        nav: ['Planning', 'Organisation', 'Teams', 'Adjustments', 'Disputes', 'Audit log'],
        role: 'CRO',
      },
      {
        who: user('leader', 'finance'),
        path: /\/organisation$/,
        nav: ['Planning', 'Organisation', 'Teams', 'Adjustments', 'Disputes', 'Audit log'],
        role: 'Finance',
      },
      {
        who: user('manager'),
        path: /\/team$/,
        nav: ['My team', 'Adjustments', 'Disputes'],
        role: 'Manager',
      },
      {
        who: user('rep'),
        path: new RegExp(`/reps/${encodeURIComponent(user('rep').repId ?? '')}$`),
        nav: ['My dashboard', 'My disputes', 'My quota letter (opens in a new tab)'],
        role: 'Rep',
      },
    ];
    for (const e of expectations) {
      const page = await newPage();
      await signIn(page, e.who);
      await page.waitForSelector('[data-testid=measures]');
      expect(new URL(page.url()).pathname, e.who.email).toMatch(e.path);
      const nav = await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link')
        .allTextContents();
      expect(nav, e.who.email).toEqual(e.nav);
      await expect(page.getByTestId('role').textContent()).resolves.toBe(e.role);
    }
  });

  it('shows a rep their own dashboard and letter, and nobody else’s', async () => {
    const rep = user('rep');
    const page = await newPage();
    await signIn(page, rep);
    await page.waitForSelector('[data-testid=measures]');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      `My dashboard: ${rep.name}`,
    );
    const own = (await (
      await page.request.get(
        `/api/workspaces/default/plans/${planId}/attainment?rep=${encodeURIComponent(rep.repId ?? '')}`,
      )
    ).json()) as { report: { reps: { bookings: number }[] } };
    const booked = own.report.reps[0]?.bookings ?? 0;
    const shown = await page.locator('[data-measure=bookings]').textContent();
    expect(shown).toBe(
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'USD',
        maximumFractionDigits: 0,
      }).format(booked / 100),
    );
    expect(await page.locator('.chart-canvas svg').count()).toBe(1);
    await checkPage(page, 'rep-dashboard');

    const letter = await page
      .getByRole('link', { name: /Open my quota letter/ })
      .getAttribute('href');
    const letterResponse = await page.request.get(letter ?? '');
    expect(letterResponse.status()).toBe(200);
    expect(await letterResponse.text()).toContain(rep.name);

    // A peer of the same team, by URL: not found, exactly like a rep that does not exist.
    const peers = (await (
      await page.request.get(`/api/workspaces/default/plans/${planId}/quotas`)
    ).json()) as {
      repId: string;
    }[];
    expect(peers.map((p) => p.repId)).toEqual([rep.repId]);
    const manager = user('manager');
    const team = await startAsManagerToFindPeer(manager, rep);
    await page.goto(`/plans/${planId}/reps/${encodeURIComponent(team)}`);
    await page.waitForSelector('[data-state=not-found]');
    await expect(page.locator('[data-state=not-found] h2').textContent()).resolves.toBe(
      'Not found',
    );
    await checkPage(page, 'rep-peer-not-found');
    expect(
      (
        await page.request.get(
          `/api/workspaces/default/plans/${planId}/quota-letter?rep=${encodeURIComponent(team)}`,
        )
      ).status(),
    ).toBe(404);
    for (const path of [`/plans/${planId}/organisation`, `/plans/${planId}/team`]) {
      await page.goto(path);
      await page.waitForSelector('.state-empty');
      await expect(page.getByRole('heading', { level: 2 }).first().textContent()).resolves.toBe(
        'Not found',
      );
    }
  });

  /** A rep of the manager's team other than `rep`, read through the manager's own session. */
  async function startAsManagerToFindPeer(manager: DemoUser, rep: DemoUser): Promise<string> {
    const page = await newPage();
    await signIn(page, manager);
    const team = (await (
      await page.request.get(`/api/workspaces/default/plans/${planId}/quotas`)
    ).json()) as {
      repId: string;
      carriesQuota: boolean;
    }[];
    const peer = team.find((q) => q.carriesQuota && q.repId !== rep.repId);
    if (peer === undefined) throw new Error('the demo manager has no second rep');
    return peer.repId;
  }

  it('shows a manager the team with the traffic lights of the plan’s thresholds, also per quarter', async () => {
    const manager = user('manager');
    const page = await newPage();
    await signIn(page, manager);
    await page.waitForSelector('[data-testid=rep-table]');
    await checkPage(page, 'team-manager');

    const compare = async (query: string): Promise<Set<string>> => {
      const view = (await (
        await page.request.get(`/api/workspaces/default/plans/${planId}/attainment?${query}`)
      ).json()) as Attainment;
      expect(view.report.reps.length).toBeGreaterThan(3);
      const colours = new Set<string>();
      for (const rep of view.report.reps) {
        const expected = expectedIndicator(rep, view.report.period.state, view.thresholds);
        colours.add(expected);
        const row = page.locator(`[data-testid=rep-table] tr[data-row-id="${rep.repId}"]`);
        await expect(
          row.locator('[data-indicator]').getAttribute('data-indicator'),
          rep.name,
        ).resolves.toBe(expected);
      }
      return colours;
    };
    // The year is open on the demo's data (bookings to 31 Dec 2017): colours on pace.
    expect(await compare('period=year&index=0')).toEqual(new Set(['green', 'yellow', 'red']));

    // The first quarter (Jul–Sep 2017) is closed: colours on attainment. The choice is in the URL.
    await page.getByLabel('Period', { exact: true }).selectOption('quarter');
    await page.waitForURL(/period=quarter/);
    await page.getByLabel('Which', { exact: true }).selectOption('0');
    await page.waitForLoadState('networkidle');
    await page.waitForSelector('[data-testid=rep-table]');
    await compare('period=quarter&index=0');
    await checkPage(page, 'team-manager-quarter');
    await page.reload();
    await page.waitForSelector('[data-testid=rep-table]');
    await expect(page.getByLabel('Period', { exact: true }).inputValue()).resolves.toBe('quarter');

    // Drill down to a rep, then the ramp of the new hire on the team page.
    const first = page.locator('[data-testid=rep-table] tbody tr').first().getByRole('link');
    const name = await first.textContent();
    await first.click();
    await page.waitForURL(/\/reps\//);
    await page.waitForSelector('[data-testid=measures]');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(name);
    expect(new URL(page.url()).searchParams.get('period')).toBe('quarter');
    await checkPage(page, 'rep-dashboard-from-team');
    await page.getByRole('link', { name: '← Back to the team' }).click();
    await page.waitForSelector('[data-testid=ramps]');
    await expect(page.getByTestId('ramps').textContent()).resolves.toMatch(
      /Nova Newhire.*Behind the ramp/,
    );
  });

  it('shows leaders the organisation by territory, segment and manager, and every team', async () => {
    const page = await newPage();
    await signIn(page, user('leader', 'cro'));
    await page.waitForSelector('[data-testid=territory-table]');
    const territories = await page.locator('[data-testid=territory-table] tbody tr').count();
    expect(territories).toBeGreaterThanOrEqual(3);
    expect(
      await page.locator('[data-testid=manager-table] tbody tr').count(),
    ).toBeGreaterThanOrEqual(5);
    await checkPage(page, 'organisation');

    await page.getByLabel('Territory', { exact: true }).selectOption('East');
    await page.waitForURL(/territory=East/);
    // The table is replaced once the filtered view arrives: every rep left is in East.
    const territoryCells = () =>
      page.locator('[data-testid=rep-table] tbody tr td:nth-child(3)').allTextContents();
    await expect.poll(async () => [...new Set(await territoryCells())]).toEqual(['East']);
    await checkPage(page, 'organisation-east');

    await page.getByRole('link', { name: 'Teams' }).click();
    await page.waitForSelector('.state-empty');
    await checkPage(page, 'teams-choose');
    await page.getByLabel('Manager', { exact: true }).selectOption({ label: user('manager').name });
    await page.waitForSelector('[data-testid=rep-table]');
    await checkPage(page, 'team-leader-view');
  });

  it('signs out', async () => {
    const page = await newPage();
    await signIn(page, user('rep'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    expect(await (await page.request.get('/api/me')).json()).toEqual({
      user: null,
      memberships: [],
    });
    expect(server.logged).toEqual([]);
  });
});
