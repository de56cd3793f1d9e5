// The planning workspace in a real browser (headless Chromium) against the real server and the
// demo workspace, through the UI as the role each step needs: the demo's tracking plan shows the
// gate as it was recorded when it was signed off and published; RevOps edits a territory weight
// and sees the preview move the right quotas, saves it as a version and reads the diff; a leader
// runs the back-test; the VP of Sales reviews the assumed inputs one at a time, each value in
// front of them (no new version); the VP of Sales and the CRO approve a reworded definition
// (Finance may only read them); the VP of Sales overrides the back-test in writing, which counts
// only once the CRO approves too and shows as an override, not a pass; the CRO signs off, which
// closes the approvals and records the gate; RevOps publishes, superseding the tracking plan it
// overlaps, and the plan is then the default view; the workbook and a PDF of the documentation
// package download as real files. Managers and reps never see Planning. axe-core checks every
// page and a screenshot of each goes to e2e/screenshots/.

import { readFileSync } from 'node:fs';
import type { BrowserContext, Download, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { formatMoney } from '../src/core/money.ts';
import { DEMO_PLAN_NAME, DEMO_TRACKING_PLAN, prepareDemoWorkspace } from '../src/server/demo.ts';
import type { DemoUser } from '../src/server/demo.ts';
import { describeWithBrowser, launchChromium } from './support/browser.ts';
import type { LaunchedBrowser } from './support/browser.ts';
import { startAppServer } from './support/app-server.ts';
import type { AppServer } from './support/app-server.ts';
import { checkPage, openPage, signIn } from './support/pages.ts';

const WS = '/api/workspaces/default';

interface VersionJson {
  version: number;
  planYaml: string;
  results: {
    totalQuota: number;
    quotas: { id: string; name: string; territoryId: string | null; quota: number }[];
    assumptions: { key: string; status: string; confirmedBy: string | null }[];
  };
}

interface BacktestJson {
  verdict: 'pass' | 'review' | 'fail';
  shareAttaining: number;
  reps: number;
  kStar: number | null;
  targetAtKStar: number | null;
  planTarget: number;
  ambition: number;
  buckets: { label: string; reps: number }[];
}

interface ChecklistJson {
  checklist: { items: { id: string; passed: boolean; state: string }[]; ready: boolean };
  records: { event: string; by: string; items: { id: string; state: string }[] }[];
  differences: string[];
}

interface RegisterJson {
  entries: { key: string; label: string; value: string; status: string }[];
  assumed: number;
}

/** '$1,234,000' (or '−$5,000') as whole currency units. */
function units(text: string | null): number {
  const digits = (text ?? '').replace(/[^\d.-−]/g, '').replace('−', '-');
  const value = Number(digits);
  if (digits === '' || !Number.isFinite(value)) throw new Error(`not an amount: ${text ?? ''}`);
  return value;
}

function money(cents: number): string {
  return formatMoney(Math.round(cents), 'USD', { locale: 'en-US' });
}

function pct(share: number): string {
  return new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 }).format(
    share,
  );
}

/** Waits until `locator` shows exactly `text` (a string) or matches it: the page after an action. */
async function shows(locator: Locator, text: string | RegExp): Promise<void> {
  const pattern =
    typeof text === 'string'
      ? new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
      : text;
  await locator.filter({ hasText: pattern }).first().waitFor();
}

/** An attribute of every element `locator` matches now, in document order ('' when missing). */
async function attributesOf(locator: Locator, name: string): Promise<string[]> {
  return Promise.all(
    (await locator.all()).map(async (element) => (await element.getAttribute(name)) ?? ''),
  );
}

/** The bytes of a finished download. */
async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFileSync(path);
}

/** Clicks a link that downloads a file and waits for the download to finish. */
async function downloadBy(page: Page, link: Locator): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return download;
}

describeWithBrowser('the planning workspace in Chromium', () => {
  let server: AppServer;
  let chromium: LaunchedBrowser;
  let users: DemoUser[] = [];
  let planId = 0;
  const contexts: BrowserContext[] = [];
  const pageErrors: Error[] = [];

  const user = (role: DemoUser['role'], title: DemoUser['title'] = null): DemoUser => {
    const found = users.find((u) => u.role === role && (title === null || u.title === title));
    if (found === undefined) throw new Error(`the demo has no ${role} ${title ?? ''}`);
    return found;
  };

  const newPage = (): Promise<Page> =>
    openPage(chromium.browser, server.url, contexts, (error) => {
      pageErrors.push(error);
    });

  async function signedIn(who: DemoUser): Promise<Page> {
    const page = await newPage();
    await signIn(page, who);
    return page;
  }

  async function api<T>(page: Page, path: string): Promise<T> {
    const response = await page.request.get(`${WS}${path}`);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  }

  /**
   * Opens a tab of the plan's workspace at a version and waits for its view to be there (up to
   * `timeout` ms: rendering a PDF package takes seconds, more on a busy machine).
   */
  async function openTab(
    page: Page,
    version: number,
    tab: string,
    ready: string,
    timeout = 30_000,
  ): Promise<void> {
    await page.goto(`/planning/${planId}?v=${version}&tab=${tab}`);
    await page.locator(ready).first().waitFor({ timeout });
  }

  const item = (page: Page, id: string) =>
    page.locator(`[data-testid=checklist] [data-item=${id}]`);

  beforeAll(async () => {
    server = await startAppServer(async (database, auth) => {
      users = await prepareDemoWorkspace(database, auth, () => undefined);
    });
    chromium = await launchChromium();
    const page = await signedIn(user('admin'));
    const plans = await api<{ id: number; name: string; latestVersion: number }[]>(page, '/plans');
    const demo = plans.find((p) => p.name === DEMO_PLAN_NAME);
    expect(demo?.latestVersion).toBe(0);
    planId = demo?.id ?? 0;
  }, 240_000);

  // Whatever a test did, the pages threw nothing and the server logged no unexpected error.
  afterEach(() => {
    expect(pageErrors).toEqual([]);
    expect(server.logged).toEqual([]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    // Undefined when beforeAll failed part-way (e.g. no Chromium under QUOTAPLAN_REQUIRE_SERVICES).
    await (chromium as LaunchedBrowser | undefined)?.close();
    await (server as AppServer | undefined)?.close();
  });

  it(
    'shows Planning to RevOps and leaders only; a manager and a rep do not see it at all',
    { timeout: 120_000 },
    async () => {
      for (const who of [user('manager'), user('rep')]) {
        const page = await signedIn(who);
        const nav = page.getByRole('navigation', { name: 'Main' });
        await nav.getByRole('link').first().waitFor();
        expect(await nav.getByRole('link', { name: 'Planning' }).count(), who.email).toBe(0);
        await page.goto('/planning');
        await page.locator('.state-empty h2').waitFor();
        await expect(page.locator('.state-empty h2').textContent()).resolves.toBe('Not found');
        await page.goto(`/planning/${planId}?tab=signoff`);
        await page.locator('.state-empty h2').waitFor();
        expect(await page.getByTestId('checklist').count()).toBe(0);
        expect((await page.request.get(`${WS}/plans`)).status(), who.email).toBe(403);
        expect((await page.request.get(`${WS}/definitions`)).status(), who.email).toBe(403);
      }
      const admin = await signedIn(user('admin'));
      await admin
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Planning' })
        .click();
      await admin.getByTestId('plans').waitFor();
      await expect(
        admin.getByTestId('plans').getByRole('link', { name: DEMO_PLAN_NAME }).count(),
      ).resolves.toBe(1);
      await checkPage(admin, 'planning-plans');
    },
  );

  it(
    'shows the demo’s published plan with the gate as it stood at sign-off and publication, all of it met',
    { timeout: 120_000 },
    async () => {
      const page = await signedIn(user('leader', 'cro'));
      const plans = await api<{ id: number; name: string; publishedVersion: number | null }[]>(
        page,
        '/plans',
      );
      const tracking = plans.find((p) => p.name === DEMO_TRACKING_PLAN.name);
      expect(tracking?.publishedVersion).toBe(1);
      const gate = await api<ChecklistJson>(page, `/plans/${tracking?.id}/versions/1/signoff`);
      expect(gate.checklist.ready).toBe(true);
      expect(gate.records.map((r) => [r.event, r.by])).toEqual([
        ['signed_off', user('leader', 'cro').email],
        ['published', user('admin').email],
      ]);
      for (const record of gate.records) {
        expect(record.items.every((i) => i.state === 'passed' || i.state === 'overridden')).toBe(
          true,
        );
      }
      await page.goto(`/planning/${tracking?.id}?v=1&tab=signoff`);
      await page.getByTestId('gate-record').waitFor();
      await shows(page.getByTestId('signoff-state'), 'v1 is published.');
      const headings = await page.locator('[data-testid=gate-record] thead th').allTextContents();
      expect(headings[1]).toMatch(/^At sign-off: cro@demo\.quotaplan\.dev \(CRO\), /);
      expect(headings[2]).toMatch(/^At publication: admin@demo\.quotaplan\.dev, /);
      await expect(page.getByTestId('gate-record-summary').textContent()).resolves.toMatch(
        /^Today’s checklist is the same as the recorded one\. Approvers: VP Sales and CRO\.$/,
      );
      // Every item met, the back-test either inside the band or overridden, never a bare ✘.
      const states = await attributesOf(
        page.locator('[data-testid=checklist] [data-item]'),
        'data-state',
      );
      expect(states.every((x) => x === 'passed' || x === 'overridden')).toBe(true);
      await page.locator('[data-testid=gate-record] details.evidence summary').first().click();
      await checkPage(page, 'planning-signoff-demo-record');
    },
  );

  it(
    'edits a territory weight: the preview moves the right quotas, the total stays at the target; saved as v1 with its diff',
    { timeout: 120_000 },
    async () => {
      const page = await signedIn(user('admin'));
      const v0 = await api<VersionJson>(page, `/plans/${planId}/versions/0`);
      const territoryOf = new Map(v0.results.quotas.map((q) => [q.id, q.territoryId]));
      const target = v0.results.totalQuota;

      // The results of v0, and one rep's quota explained in the drawer.
      await openTab(page, 0, 'results', '[data-testid=checks]');
      await checkPage(page, 'planning-results');
      const explain = page
        .getByTestId('quota-table')
        .getByRole('button', { name: /^Explain the quota of / })
        .first();
      const explained = ((await explain.textContent()) ?? '').replace('Explain the quota of ', '');
      await explain.click();
      await page.getByTestId('explanation-drawer').getByTestId('derivation').waitFor();
      await expect(
        page.getByTestId('explanation-drawer').getByRole('heading', { level: 2 }).textContent(),
      ).resolves.toBe(`Why ${explained.trim()} has this quota`);
      await checkPage(page, 'planning-explanation', { fullPage: false });
      await page.keyboard.press('Escape');

      // The editor shows every territory's components, computed weight and status.
      await page
        .getByRole('navigation', { name: 'Views of the version' })
        .getByRole('link', { name: 'Edit' })
        .click();
      await page.locator('[data-testid=weights] tbody tr[data-row-id]').first().waitFor();
      const rows = page.locator('[data-testid=weights] tbody tr[data-row-id]');
      const territories = await attributesOf(rows, 'data-row-id');
      expect(territories.sort()).toEqual(['Central', 'East', 'West']);
      const west = page.locator('[data-testid=weights] tr[data-row-id=West]');
      const westBefore = Number(await west.getByTestId('weight-used').textContent());
      expect(westBefore).toBeGreaterThan(0.9);
      expect(westBefore).toBeLessThan(1.1);
      await expect(west.locator('.status').textContent()).resolves.toBe('ASSUMED');
      await expect(page.getByLabel('Lowest weight').inputValue()).resolves.toBe('0.7');
      await expect(page.getByLabel('Highest weight').inputValue()).resolves.toBe('1.3');
      await expect(page.getByLabel('Potential', { exact: true }).inputValue()).resolves.toBe('0.5');
      await checkPage(page, 'planning-editor');

      // West's weight by hand: its reps' quotas rise, everyone else's fall, the total holds.
      await page.getByLabel('Override of West').fill('1.2');
      const preview = page.getByTestId('preview');
      await page
        .locator('[data-testid=preview][data-state=ready] [data-testid=preview-quotas]')
        .waitFor();
      await expect(west.getByTestId('weight-used').textContent()).resolves.toBe('1.20');
      await expect(preview.getByTestId('preview-total').textContent()).resolves.toMatch(
        new RegExp(
          `^Total quota ${money(target).replace('$', '\\$')} → ${money(target).replace('$', '\\$')} · \\d+ reps change$`,
        ),
      );
      const moved = await Promise.all(
        (await page.locator('[data-testid=preview-quotas] tbody tr').all()).map(async (tr) => ({
          id: (await tr.getAttribute('data-row-id')) ?? '',
          now: (await tr.locator('td').nth(1).textContent()) ?? '',
          next: (await tr.locator('td').nth(2).textContent()) ?? '',
        })),
      );
      const up = moved.filter((m) => territoryOf.get(m.id) === 'West');
      const down = moved.filter((m) => territoryOf.get(m.id) !== 'West');
      expect(up.length).toBe(v0.results.quotas.filter((q) => q.territoryId === 'West').length);
      expect(down.length).toBeGreaterThan(0);
      for (const m of up) expect(units(m.next), m.id).toBeGreaterThan(units(m.now));
      for (const m of down) expect(units(m.next), m.id).toBeLessThan(units(m.now));
      for (const m of moved) {
        const was = v0.results.quotas.find((q) => q.id === m.id)?.quota ?? 0;
        expect(m.now, m.id).toBe(money(was));
      }
      await checkPage(page, 'planning-editor-preview');

      // Saved as v1: in the version list, and the diff shows the input and the quotas that moved.
      await page
        .getByLabel('What changed and why')
        .fill('West weighted 1.2: two new enterprise accounts');
      await page.getByRole('button', { name: 'Save as v1' }).click();
      await page.waitForURL((url) => url.searchParams.get('v') === '1');
      await page.locator('#version-picker option[value="1"]').waitFor({ state: 'attached' });
      const options = await page
        .getByLabel('Version', { exact: true })
        .locator('option')
        .allTextContents();
      expect(options).toEqual([
        'v1 — West weighted 1.2: two new enterprise accounts',
        expect.stringMatching(/^v0 — /),
      ]);
      await page
        .getByRole('navigation', { name: 'Views of the version' })
        .getByRole('link', { name: 'Changes' })
        .click();
      await page.getByTestId('diff-inputs').waitFor();
      const inputs = await page.locator('[data-testid=diff-inputs] tbody tr').allTextContents();
      expect(inputs).toEqual(['territory_weights.overridesadded–West: 1.2']);
      const diffRows = page.locator('[data-testid=diff-quotas] tbody tr');
      await expect(diffRows.count()).resolves.toBe(moved.length);
      for (const m of up) {
        const row = page.locator(`[data-testid=diff-quotas] tr[data-row-id="${m.id}"]`);
        await expect(row.locator('td').nth(4).textContent()).resolves.toMatch(/^\+\$/);
        await expect(row.locator('td').nth(3).textContent()).resolves.toBe(m.next);
      }
      await expect(page.getByTestId('diff-totals').textContent()).resolves.toContain(
        `Total ${money(target)} → ${money(target)} (+$0)`,
      );
      await checkPage(page, 'planning-changes');
    },
  );

  it(
    'runs the back-test of v1 on its tab: histogram, verdict, k* and T* as the API answers',
    { timeout: 120_000 },
    async () => {
      const page = await signedIn(user('leader', 'cro'));
      await openTab(page, 1, 'backtest', '[data-testid=backtest-verdict]');
      const expected = await api<BacktestJson>(page, `/plans/${planId}/versions/1/backtest`);
      await expect(page.getByTestId('backtest-verdict').textContent()).resolves.toBe(
        expected.verdict.toUpperCase(),
      );
      await expect(page.getByTestId('backtest-share').textContent()).resolves.toBe(
        pct(expected.shareAttaining),
      );
      expect(expected.kStar).not.toBeNull();
      await expect(page.getByTestId('backtest-kstar').textContent()).resolves.toBe(
        expected.kStar?.toFixed(3),
      );
      await expect(page.getByTestId('backtest-tstar').textContent()).resolves.toBe(
        money(expected.targetAtKStar ?? 0),
      );
      // The histogram: an SVG with one bar per bucket that holds reps, summarised for screen readers.
      const chart = page.locator('figure.chart .chart-canvas');
      await chart.locator('svg').waitFor();
      const label = await chart.getAttribute('aria-label');
      for (const b of expected.buckets) expect(label).toContain(`${b.label} ${b.reps} reps`);
      expect(expected.buckets.reduce((s, b) => s + b.reps, 0)).toBe(expected.reps);
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(600);
      expect(box?.height).toBeGreaterThan(200);
      await checkPage(page, 'planning-backtest');
    },
  );

  it('shows the scenarios and the baseline to a leader', { timeout: 120_000 }, async () => {
    const page = await signedIn(user('leader', 'vp_sales'));
    await openTab(page, 1, 'scenarios', '[data-testid=scenarios]');
    const expected = await api<{ scenarios: { scenario: string; pTeamAtTarget: number }[] }>(
      page,
      `/plans/${planId}/versions/1/scenarios`,
    );
    for (const s of expected.scenarios) {
      const row = page.locator(`[data-testid=scenarios] tr[data-row-id="${s.scenario}"]`);
      await expect(row.getByTestId('p-team').textContent(), s.scenario).resolves.toBe(
        pct(s.pTeamAtTarget),
      );
    }
    await checkPage(page, 'planning-scenarios');
    await page.goto('/planning/baseline');
    await page.locator('[data-testid=baseline] tbody tr').first().waitFor();
    await checkPage(page, 'planning-baseline');
  });

  it('lets Finance read the definitions but not approve them', { timeout: 120_000 }, async () => {
    const page = await signedIn(user('leader', 'finance'));
    await page.goto('/planning/definitions');
    await page.locator('[data-testid=definitions] li').first().waitFor();
    const terms = await api<{ key: string }[]>(page, '/definitions');
    await expect(page.locator('[data-testid=definitions] li').count()).resolves.toBe(terms.length);
    expect(await page.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    const refused = await page.request.post(`${WS}/definitions/${terms[0]?.key ?? ''}/approvals`, {
      headers: { origin: server.url },
    });
    expect(refused.status()).toBe(403);
    await checkPage(page, 'planning-definitions-finance');
  });

  it(
    'reviews the assumptions one at a time, approves a reworded definition, overrides and approves with two people, signs off and publishes over the plan it supersedes',
    {
      timeout: 300_000,
    },
    async () => {
      // The VP of Sales reviews the assumed inputs of v1 one at a time, the value in front of
      // them: each confirmation is recorded in the register, no new version.
      const vp = await signedIn(user('leader', 'vp_sales'));
      await openTab(vp, 1, 'assumptions', '[data-testid=review]');
      const v1 = await api<VersionJson>(vp, `/plans/${planId}/versions/1`);
      const register = await api<RegisterJson>(vp, `/plans/${planId}/versions/1/assumptions`);
      const total = register.entries.length;
      expect(register.assumed).toBe(total);
      await expect(vp.getByTestId('assumed-count').textContent()).resolves.toBe(
        `${total} of ${total} inputs are still ASSUMED.`,
      );
      // No way to confirm everything at once: one input, its value, one button.
      expect(await vp.getByRole('button', { name: /Tick every|ticked/ }).count()).toBe(0);
      expect(await vp.getByRole('checkbox').count()).toBe(0);
      const first = register.entries[0];
      await expect(vp.getByTestId('review-label').textContent()).resolves.toBe(first?.label);
      await expect(vp.getByTestId('review-value').textContent()).resolves.toBe(first?.value);
      await checkPage(vp, 'planning-assumptions');
      // Skip the first, come back to the target from its row, confirm it at the value shown.
      await vp.getByRole('button', { name: 'Skip for now' }).click();
      await shows(vp.getByTestId('review-label'), register.entries[1]?.label ?? '');
      const target = register.entries.find((e) => e.key === 'target');
      await vp
        .locator('[data-testid=assumptions] tr[data-row-id="target"]')
        .getByRole('button', { name: /^Review/ })
        .click();
      await shows(vp.getByTestId('review-value'), target?.value ?? '');
      await vp
        .getByRole('button', { name: `Confirm this value: Company target, ${target?.value ?? ''}` })
        .click();
      await shows(
        vp.getByTestId('assumed-count'),
        `${total - 1} of ${total} inputs are still ASSUMED.`,
      );
      const row = vp.locator('[data-testid=assumptions] tr[data-row-id="target"]');
      await expect(row.locator('.status').textContent()).resolves.toBe('CONFIRMED');
      await expect(row.getByTestId('confirmed-by').textContent()).resolves.toMatch(
        new RegExp(`^${user('leader', 'vp_sales').email} on \\d{1,2} \\w{3} \\d{4}$`),
      );
      expect(new URL(vp.url()).searchParams.get('v')).toBe('1');
      // The rest, one by one: each click confirms the value the card shows.
      for (let left = total - 1; left > 0; left -= 1) {
        const value = (await vp.getByTestId('review-value').textContent()) ?? '';
        const label = (await vp.getByTestId('review-label').textContent()) ?? '';
        await vp.getByRole('button', { name: `Confirm this value: ${label}, ${value}` }).click();
        await shows(
          vp.getByTestId('assumed-count'),
          `${left - 1} of ${total} inputs are still ASSUMED.`,
        );
      }
      await vp.getByTestId('review-done').waitFor();
      const statuses = await vp
        .locator('[data-testid=assumptions] tbody .status')
        .allTextContents();
      expect(new Set(statuses)).toEqual(new Set(['CONFIRMED']));
      const plan = await api<{ latestVersion: number }>(vp, `/plans/${planId}`);
      expect(plan.latestVersion).toBe(1);
      const history = await api<{ key: string; label: string; value: string; source: string }[]>(
        vp,
        `/plans/${planId}/assumptions/history`,
      );
      expect(history).toHaveLength(total);
      // Each decision names the input in words and the value confirmed.
      for (const h of history) {
        const entry = register.entries.find((e) => e.key === h.key);
        expect(h).toMatchObject({ source: 'register', label: entry?.label, value: entry?.value });
      }
      await checkPage(vp, 'planning-assumptions-confirmed');

      // The checklist of v1: weights confirmed now; definitions (reworded below), back-test and
      // approvals still open.
      const admin = await signedIn(user('admin'));
      const reworded = await admin.request.put(`${WS}/definitions/quota`, {
        headers: { origin: server.url },
        data: {
          term: 'Quota',
          definition:
            'The bookings target assigned to one rep for a defined period, as published; monthly quotas follow the plan seasonality.',
          reason: 'clearer wording before FY2018',
        },
      });
      expect(reworded.status()).toBe(200);
      await openTab(vp, 1, 'signoff', '[data-testid=checklist]');
      const state = async (page: Page, id: string) => item(page, id).getAttribute('data-state');
      await expect(state(vp, 'weights-confirmed')).resolves.toBe('passed');
      await expect(state(vp, 'data-clean')).resolves.toBe('passed');
      await expect(state(vp, 'definitions-approved')).resolves.toBe('open');
      await expect(state(vp, 'backtest-in-band')).resolves.toBe('open');
      await expect(state(vp, 'quotas-approved')).resolves.toBe('open');
      await expect(vp.getByTestId('approver-policy').textContent()).resolves.toMatch(
        /^Sign-off needs the approval of VP Sales and CRO, each a different person;/,
      );
      await expect(vp.getByRole('button', { name: 'Sign off v1' }).isDisabled()).resolves.toBe(
        true,
      );
      await checkPage(vp, 'planning-signoff-open');

      // Definition Alignment: the VP of Sales approves the new wording, then the CRO.
      const approveAll = async (page: Page, title: string): Promise<void> => {
        await page.goto('/planning/definitions');
        await page.locator('[data-testid=definitions] li').first().waitFor();
        const buttons = page.getByRole('button', {
          name: new RegExp(`^Approve “.*” as ${title}$`),
        });
        const count = await buttons.count();
        expect(count).toBe(1);
        for (let left = count; left > 0; left -= 1) {
          await buttons.first().click();
          await expect.poll(() => buttons.count(), { timeout: 30_000 }).toBe(left - 1);
        }
      };
      await approveAll(vp, 'VP Sales');
      await expect(vp.getByTestId('definitions-pending').textContent()).resolves.toMatch(
        /still need an approval/,
      );
      const cro = await signedIn(user('leader', 'cro'));
      await approveAll(cro, 'CRO');
      await shows(cro.getByTestId('definitions-pending'), 'Every term is approved.');
      await checkPage(cro, 'planning-definitions');

      // The VP of Sales accepts the back-test in writing and approves: the override is recorded
      // but does not count while the VP is its only approver.
      await openTab(vp, 1, 'signoff', '[data-testid=checklist]');
      await expect(state(vp, 'definitions-approved')).resolves.toBe('passed');
      const accept = vp.getByRole('button', { name: 'Accept the back-test' });
      // A reason under ten characters is not a written reason: the button stays off.
      await vp.getByLabel(/Why accept the back-test/).fill('too short');
      await expect(accept.isDisabled()).resolves.toBe(true);
      const reason =
        'Ten months of history: the test window is thin and in sample; accepted for FY2018.';
      await vp.getByLabel(/Why accept the back-test/).fill(reason);
      await accept.click();
      await shows(vp.getByTestId('signoff-message'), /^Override recorded/);
      await shows(
        item(vp, 'backtest-in-band'),
        new RegExp(
          `an approver other than ${user('leader', 'vp_sales').email.replace(/\./g, '\\.')} must approve the quotas`,
        ),
      );
      await vp.getByRole('button', { name: 'Approve the quotas' }).click();
      await shows(vp.getByTestId('approve-blocked'), /^You approved v1 on /);
      await expect(state(vp, 'backtest-in-band')).resolves.toBe('open');
      await expect(state(vp, 'quotas-approved')).resolves.toBe('open');
      await expect(vp.getByRole('button', { name: 'Sign off v1' }).isDisabled()).resolves.toBe(
        true,
      );
      await checkPage(vp, 'planning-signoff-one-approver');

      // The CRO approves too: the back-test counts, as an override (⚠), not as a pass (✔).
      await openTab(cro, 1, 'signoff', '[data-testid=checklist]');
      await cro.getByRole('button', { name: 'Approve the quotas' }).click();
      await cro.locator('[data-item=quotas-approved][data-state=passed]').waitFor();
      await cro.locator('[data-item=backtest-in-band][data-state=overridden]').waitFor();
      const backtest = item(cro, 'backtest-in-band');
      await expect(backtest.locator('.gate-state').textContent()).resolves.toBe('⚠ Overridden');
      await expect(backtest.textContent()).resolves.toContain(': not a pass.');
      await expect(backtest.textContent()).resolves.toContain(`“${reason}”`);
      await shows(cro.getByTestId('signoff-state'), 'Every item is done: ready to sign off.');
      await cro.getByRole('button', { name: 'Sign off v1' }).click();
      await shows(cro.getByTestId('signoff-state'), /^Signed off by cro@demo\.quotaplan\.dev on /);
      expect(await cro.getByRole('alert').count()).toBe(0);
      // Signed off: approving is closed, and the gate is recorded as it stood.
      await expect(
        cro.getByRole('button', { name: 'Approve the quotas' }).isDisabled(),
      ).resolves.toBe(true);
      await expect(cro.getByTestId('approve-blocked').textContent()).resolves.toMatch(
        /^Approvals are closed: v1 was signed off by cro@demo\.quotaplan\.dev\.$/,
      );
      await cro.getByTestId('gate-record').waitFor();
      await expect(
        cro
          .locator('[data-testid=gate-record] tr[data-item=backtest-in-band] td')
          .first()
          .locator('.gate-state')
          .textContent(),
      ).resolves.toBe('⚠ Overridden');
      await checkPage(cro, 'planning-signoff-signed');
      await openTab(vp, 1, 'signoff', '[data-testid=gate-record]');
      await expect(
        vp.getByRole('button', { name: 'Approve the quotas' }).isDisabled(),
      ).resolves.toBe(true);
      await openTab(vp, 1, 'assumptions', '[data-testid=register-closed]');
      expect(await vp.getByTestId('review').count()).toBe(0);

      // RevOps publishes: the plan overlaps the demo's tracking plan (January–June 2018, the
      // same reps), so publishing supersedes it, ticked explicitly.
      const plans = await api<{ id: number; name: string }[]>(admin, '/plans');
      const tracking = plans.find((p) => p.name === DEMO_TRACKING_PLAN.name);
      await openTab(admin, 1, 'signoff', '[data-testid=publish]');
      const publish = admin.getByRole('button', { name: 'Publish v1' });
      await admin.getByTestId('overlaps').waitFor();
      await expect(publish.isDisabled()).resolves.toBe(true);
      const overlap = admin.getByRole('checkbox', {
        name: /^Supersede “FY2018 July–June tracking \(demo\)”/,
      });
      await expect(overlap.isChecked()).resolves.toBe(false);
      await expect(admin.getByTestId('overlaps').textContent()).resolves.toContain(
        'in Jan 2018–Jun 2018',
      );
      await checkPage(admin, 'planning-publish-overlap');
      await overlap.check();
      await publish.click();
      await shows(
        admin.getByTestId('signoff-message'),
        `v1 published: the quota of record of ${v1.results.quotas.length} reps.`,
      );
      await shows(admin.getByTestId('signoff-state'), 'v1 is published.');
      const headings = await admin.locator('[data-testid=gate-record] thead th').allTextContents();
      expect(headings.map((h) => h.split(':')[0])).toEqual([
        'Item',
        'At sign-off',
        'At publication',
        'Today',
      ]);
      await checkPage(admin, 'planning-signoff-published');
      const checklist = await api<ChecklistJson>(admin, `/plans/${planId}/versions/1/signoff`);
      expect(checklist.checklist.ready).toBe(true);
      expect(checklist.records.map((r) => r.event)).toEqual(['signed_off', 'published']);
      // The newest plan is the default view; the tracking plan now ends in December 2017.
      const workspace = await api<{ trackingPlans: { id: number; months: number }[] }>(admin, '');
      expect(workspace.trackingPlans.map((p) => p.id)).toEqual([planId, tracking?.id]);
      expect(workspace.trackingPlans[1]?.months).toBe(6);
      await admin.goto('/planning');
      await admin.getByTestId('plans').waitFor();
      await expect(
        admin
          .locator(`[data-testid=plans] tr[data-row-id="${tracking?.id}"] td`)
          .nth(2)
          .textContent(),
      ).resolves.toMatch(/superseded by FY2018 quotas \(demo\) from Jan 2018$/);
      // Tracked: the sign-off links to its organisation dashboard, which shows its quotas.
      await openTab(admin, 1, 'signoff', '[data-testid=signoff-state]');
      await admin.getByRole('link', { name: 'the organisation’s attainment' }).click();
      await admin.waitForURL(`**/plans/${planId}/organisation`);
      await admin.getByTestId('measures').waitFor();
      await expect(admin.getByLabel('Plan', { exact: true }).inputValue()).resolves.toBe(
        String(planId),
      );
      await expect(admin.locator('[data-measure=quota]').textContent()).resolves.toBe(
        money(v1.results.totalQuota),
      );
      // The quotas of record: every rep of v1 with a quota (managers are listed without one).
      const quotas = await api<{ repId: string; carriesQuota: boolean }[]>(
        admin,
        `/plans/${planId}/quotas`,
      );
      expect(
        quotas
          .filter((q) => q.carriesQuota)
          .map((q) => q.repId)
          .sort(),
      ).toEqual(v1.results.quotas.map((q) => q.id).sort());
      await checkPage(admin, 'planning-published-organisation');
      // Signing in again lands on the newest plan.
      const rep = await signedIn(user('rep'));
      expect(new URL(rep.url()).pathname).toContain(`/plans/${planId}/`);

      // Published: no Edit tab and no confirming any more; the Edit path says why.
      await openTab(admin, 1, 'edit', '[data-testid=published-no-edit]');
      const tabs = await admin
        .getByRole('navigation', { name: 'Views of the version' })
        .getByRole('link')
        .allTextContents();
      expect(tabs).not.toContain('Edit');
      await openTab(admin, 1, 'assumptions', '[data-testid=assumed-count]');
      expect(await admin.getByRole('button', { name: /^Confirm|^Reopen/ }).count()).toBe(0);
    },
  );

  it(
    'downloads the workbook (XLSX) and a PDF of the documentation package',
    { timeout: 240_000 },
    async () => {
      const page = await signedIn(user('admin'));
      await openTab(page, 1, 'documents', '[data-testid=documents-documents]', 150_000);
      const listing = await api<{ path: string; kind: string; title: string }[]>(
        page,
        `/plans/${planId}/versions/1/documents?format=pdf`,
      );
      const shown = await attributesOf(page.locator('table.documents tbody tr'), 'data-path');
      expect(shown).toEqual(listing.map((f) => f.path));
      for (const path of [
        'quota-package.pdf',
        'methodology.pdf',
        'definitions.pdf',
        'faq.pdf',
        'runbook.pdf',
      ]) {
        expect(shown).toContain(path);
      }
      expect(listing.filter((f) => f.kind === 'letter').length).toBeGreaterThan(30);
      await checkPage(page, 'planning-documents');

      const workbook = await downloadBy(
        page,
        page.getByRole('link', { name: 'Quota model workbook (XLSX)' }),
      );
      expect(workbook.suggestedFilename()).toBe(`quota-model-plan-${planId}-v1.xlsx`);
      const xlsx = await bytesOf(workbook);
      expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');
      expect(xlsx.length).toBeGreaterThan(10_000);

      const definitions = listing.find((f) => f.path === 'definitions.pdf');
      expect(definitions?.title).toBe('Definition Alignment Document');
      const pdf = await downloadBy(
        page,
        page
          .locator('tr[data-path="definitions.pdf"]')
          .getByRole('link', { name: 'Definition Alignment Document' }),
      );
      expect(pdf.suggestedFilename()).toBe('definitions.pdf');
      const bytes = await bytesOf(pdf);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.subarray(-1024).toString('latin1')).toContain('%%EOF');

      // The Markdown package: the same documents, and the approvals just given are in it.
      await page.getByLabel('Format', { exact: true }).selectOption('md');
      await page.waitForURL((url) => url.searchParams.get('format') === 'md');
      await page.locator('tr[data-path="definitions.md"]').waitFor();
      const text = (
        await bytesOf(
          await downloadBy(page, page.locator('tr[data-path="definitions.md"]').getByRole('link')),
        )
      ).toString('utf8');
      expect(text).toContain(user('leader', 'vp_sales').email);
      expect(text).toContain(user('leader', 'cro').email);
      await checkPage(page, 'planning-documents-markdown');
    },
  );
});
