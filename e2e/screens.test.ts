// What a new user found wrong or confusing on screen (issue 14), in a real browser against the
// demo workspace: the organisation's tables whole at 1280, 1440 and 1920 px; periods opening on
// the as-of date and future periods "not started"; growth under a fixed target explained, with
// what it moves; reps without deals flagged "no history"; coverage and the pipeline saying why
// they read low; one date format and one minus sign; the Changes tab in words; the quota CSV's
// months named; the letter naming the rep once and not promising a CRM. Screenshots go to
// e2e/screenshots/ (screens-*.png).

import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DEMO_PLAN_NAME, DEMO_TRACKING_PLAN, prepareDemoWorkspace } from '../src/server/demo.ts';
import type { DemoUser } from '../src/server/demo.ts';
import { describeWithBrowser, launchChromium } from './support/browser.ts';
import type { LaunchedBrowser } from './support/browser.ts';
import { startAppServer } from './support/app-server.ts';
import type { AppServer } from './support/app-server.ts';
import { checkPage, openPage, signIn } from './support/pages.ts';

const WS = '/api/workspaces/default';

/** The five Maven agents who closed no deal at all. */
const NO_DEAL_REPS = [
  'Carl Lin',
  'Carol Thompson',
  'Elizabeth Anderson',
  'Mei-Mei Johns',
  'Natalya Ivanova',
];

describeWithBrowser('what was wrong or confusing on screen, in Chromium', () => {
  let server: AppServer;
  let chromium: LaunchedBrowser;
  let users: DemoUser[] = [];
  let draftId = 0;
  let trackingId = 0;
  const contexts: BrowserContext[] = [];
  const pageErrors: Error[] = [];

  const user = (role: DemoUser['role']): DemoUser => {
    const found = users.find((u) => u.role === role);
    if (found === undefined) throw new Error(`the demo has no ${role}`);
    return found;
  };

  async function signedIn(who: DemoUser, width = 1280): Promise<Page> {
    const page = await openPage(chromium.browser, server.url, contexts, (error) => {
      pageErrors.push(error);
    });
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, who);
    return page;
  }

  beforeAll(async () => {
    server = await startAppServer(async (database, auth) => {
      users = await prepareDemoWorkspace(database, auth, () => undefined);
    });
    chromium = await launchChromium();
    const page = await signedIn(user('admin'));
    const response = await page.request.get(`${WS}/plans`);
    const plans = (await response.json()) as { id: number; name: string }[];
    draftId = plans.find((p) => p.name === DEMO_PLAN_NAME)?.id ?? 0;
    trackingId = plans.find((p) => p.name === DEMO_TRACKING_PLAN.name)?.id ?? 0;
    expect(draftId).toBeGreaterThan(0);
    expect(trackingId).toBeGreaterThan(0);
  }, 240_000);

  afterEach(() => {
    expect(pageErrors).toEqual([]);
    expect(server.logged).toEqual([]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await (chromium as LaunchedBrowser | undefined)?.close();
    await (server as AppServer | undefined)?.close();
  });

  it(
    'shows the organisation’s tables whole at 1280, 1440 and 1920 px, and explains the segments',
    { timeout: 120_000 },
    async () => {
      for (const width of [1280, 1440, 1920]) {
        const page = await signedIn(user('admin'), width);
        await page.goto(`/plans/${trackingId}/organisation`);
        await page.getByTestId('territory-table').waitFor();
        // No table scrolls sideways: nothing is cut off (the Gap column read "$1,527,01").
        // Evaluated as text: the browser's DOM types are not the test's.
        const clipped = await page.evaluate<string[]>(`
          [...document.querySelectorAll('.table-wrap')]
            .filter((w) => w.scrollWidth > w.clientWidth + 1)
            .map((w) => (w.querySelector('caption')?.textContent ?? '?') + ': ' + w.scrollWidth)
        `);
        expect(clipped, `${width} px`).toEqual([]);
        const territory = page.getByTestId('territory-table');
        await expect(
          territory.getByRole('columnheader', { name: /Status/ }).isVisible(),
        ).resolves.toBe(true);
        const status = await territory.getByRole('columnheader', { name: /Status/ }).boundingBox();
        expect((status?.x ?? Infinity) + (status?.width ?? 0), `${width} px`).toBeLessThanOrEqual(
          width,
        );
        // Every gap whole: "$1,527,016", not "$1,527,01".
        const gaps = await territory.locator('tbody tr td:nth-child(7)').allTextContents();
        for (const gap of gaps) expect(gap).toMatch(/^−?\$\d{1,3}(,\d{3})*$/);
        // The demo has no segments: an explanation instead of a table of "(none)".
        expect(await page.getByTestId('segment-table').count()).toBe(0);
        await expect(page.getByTestId('no-segments').textContent()).resolves.toMatch(
          /^No rep of this plan has a segment/,
        );
        await checkPage(page, `screens-organisation-${width}`);
      }
    },
  );

  it(
    'opens a quarter or a month on the as-of date, and calls a future period not started',
    { timeout: 120_000 },
    async () => {
      const page = await signedIn(user('admin'));
      await page.goto(`/plans/${trackingId}/organisation`);
      await page.getByTestId('measures').waitFor();
      // Bookings as of 31 December 2017 in a July–June plan: Q2 (Oct–Dec 2017), December.
      await page.getByLabel('Period', { exact: true }).selectOption('quarter');
      await page.waitForURL(/period=quarter&index=1/);
      await expect(
        page.getByLabel('Which', { exact: true }).locator('option:checked').textContent(),
      ).resolves.toBe('Q2 (Oct 2017 – Dec 2017)');
      await page.getByLabel('Period', { exact: true }).selectOption('month');
      await page.waitForURL(/period=month&index=5/);
      await expect(
        page.getByLabel('Which', { exact: true }).locator('option:checked').textContent(),
      ).resolves.toBe('Dec 2017');
      // March 2018 lies after the as-of date: not started, not "Attainment 0%".
      await page.getByLabel('Which', { exact: true }).selectOption({ label: 'Mar 2018' });
      await page.locator('[data-measure=attainment]').filter({ hasText: 'Not started' }).waitFor();
      await expect(page.locator('[data-measure=pace]').textContent()).resolves.toBe('Not started');
      const attainment = await page
        .getByTestId('rep-table')
        .locator('tbody tr td:nth-child(6)')
        .allTextContents();
      expect(new Set(attainment)).toEqual(new Set(['not started']));
      // Dates one way: "1 Mar 2018 – 31 Mar 2018", never "2018-03-01" or "Mar 1, 2018".
      await expect(page.locator('.page-head .subtitle').textContent()).resolves.toMatch(
        /^Mar 2018 · 1 Mar 2018 – 31 Mar 2018 · bookings as of 31 Dec 2017$/,
      );
      await checkPage(page, 'screens-organisation-future-month');
    },
  );

  it(
    'says why growth moves no quota under a fixed target, and shows what it moves',
    { timeout: 120_000 },
    async () => {
      const page = await signedIn(user('admin'));
      await page.goto(`/planning/${draftId}?v=0&tab=edit`);
      await page.getByLabel('Growth g (%)').fill('10');
      await page.getByTestId('growth-note').waitFor({ timeout: 60_000 });
      await page.locator('[data-testid=preview-total]:not(:has-text("updating"))').waitFor();
      await expect(page.getByTestId('preview-total').textContent()).resolves.toMatch(
        / · 0 reps change$/,
      );
      await expect(page.getByTestId('growth-note').textContent()).resolves.toContain(
        'It moves the capacity, the gap to the target and the ambition',
      );
      const cells = async (measure: string): Promise<[string, string]> => {
        const row = page.locator(`[data-testid=preview-pool] tr[data-measure=${measure}] td`);
        return [(await row.nth(0).textContent()) ?? '', (await row.nth(1).textContent()) ?? ''];
      };
      const amount = (text: string): number =>
        Number(text.replace(/[^\d−]/g, '').replace('−', '-'));
      const [targetNow, targetNew] = await cells('target');
      expect(targetNew).toBe(targetNow);
      const [capNow, capNew] = await cells('capacity');
      // Growth scales the capacity by 1.1 (to the dollar).
      expect(Math.abs(amount(capNew) - amount(capNow) * 1.1)).toBeLessThanOrEqual(1);
      const [gapNow, gapNew] = await cells('gap');
      expect(amount(gapNew)).toBeLessThan(amount(gapNow));
      // One minus sign for money: "−$1,944,438", not "-$1,944,438".
      for (const text of [gapNow, gapNew]) {
        if (amount(text) < 0) expect(text).toMatch(/^−\$/);
        expect(text).not.toContain('-');
      }
      const [kNow, kNew] = await cells('ambition');
      expect(Number.parseFloat(kNew)).toBeLessThan(Number.parseFloat(kNow));
      await checkPage(page, 'screens-editor-growth');
    },
  );

  it(
    'flags the reps with no deals where their quotas and chances appear, and says why pipeline reads low',
    { timeout: 180_000 },
    async () => {
      const page = await signedIn(user('admin'));
      await page.goto(`/planning/${trackingId}?v=1`);
      await page.getByTestId('quota-table').waitFor();
      const flagged = page.getByTestId('quota-table').locator('tr:has([data-testid=no-history])');
      const names = await flagged.locator('td:first-child').allTextContents();
      expect(names.map((n) => n.replace(/no history.*$/, '').trim()).sort()).toEqual(NO_DEAL_REPS);
      await expect(page.getByTestId('no-history-note').textContent()).resolves.toMatch(
        /^5 reps have no deals in the history \(.+\): No won or lost deal in the \d+ months of history: the quota comes from the territory's share of the target/,
      );
      // Pipeline coverage: red for a reason, said beside it.
      await expect(page.getByTestId('checks').textContent()).resolves.toMatch(
        /[\d,]+ open deals have no amount or no expected close date, so they count as nothing: coverage is understated/,
      );
      // Dates one way in the quota table too: the planned hire starts "1 Nov 2017".
      await expect(
        page.locator('[data-testid=quota-table] tr[data-row-id=HIRE-DEMO] td').nth(5).textContent(),
      ).resolves.toBe('1 Nov 2017');
      await checkPage(page, 'screens-results-flags');

      // The CSV names its month columns by month.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: /Export CSV/ }).click(),
      ]);
      const csv = readFileSync(await download.path(), 'utf8');
      const header = csv.split('\r\n')[0] ?? '';
      expect(header).toContain(
        'quota,Jul 2017,Aug 2017,Sep 2017,Oct 2017,Nov 2017,Dec 2017,Jan 2018,Feb 2018,Mar 2018,Apr 2018,May 2018,Jun 2018',
      );
      expect(header).not.toContain('month_');

      // The scenarios: the same reps flagged beside their 0% chances.
      await page.goto(`/planning/${trackingId}?v=1&tab=scenarios`);
      await page.getByTestId('scenario-reps').waitFor({ timeout: 120_000 });
      const scenarioFlagged = await page
        .getByTestId('scenario-reps')
        .locator('tr:has([data-testid=no-history]) th')
        .allTextContents();
      expect(scenarioFlagged.map((n) => n.replace(/no history.*$/, '').trim()).sort()).toEqual(
        NO_DEAL_REPS,
      );
      await expect(page.getByTestId('scenario-pool').textContent()).resolves.toMatch(
        /a gap of −?\$[\d,]+ and an ambition of \d\.\d\d× \(target ÷ capacity\)\. Under a fixed target, growth moves the capacity, the gap and the ambition, not the quotas\./,
      );
      await checkPage(page, 'screens-scenarios-flags');

      // The baseline: "Open pipeline $0" with the reason.
      await page.goto('/planning/baseline');
      await page.getByTestId('open-without-amount').waitFor();
      await expect(page.getByTestId('open-without-amount').textContent()).resolves.toMatch(
        /^[\d,]+ open deals have no amount and count as nothing here\.$/,
      );
      await checkPage(page, 'screens-baseline');
    },
  );

  it('shows the Changes tab in words, with formatted values', { timeout: 120_000 }, async () => {
    const page = await signedIn(user('admin'));
    await page.goto(`/planning/${trackingId}?v=1&tab=changes`);
    await page.getByTestId('diff-inputs').waitFor();
    const rows = await Promise.all(
      (await page.locator('[data-testid=diff-inputs] tbody tr').all()).map((tr) =>
        tr.locator('td').allTextContents(),
      ),
    );
    expect(rows).toContainEqual(['Company target', 'changed', '$4,221,000', '$11,570,000']);
    const hire = rows.find((r) => r[0] === 'Planned hire HIRE-DEMO');
    expect(hire?.[3]).toContain('start: 1 Nov 2017');
    // No raw key or bare number left.
    for (const row of rows) {
      expect(row[0]).not.toMatch(/^[a-z_]+(\.[\w-]+)*$/);
      expect(row.slice(2).join(' ')).not.toMatch(/(^|\s)\d{5,}(\s|$)/);
    }
    await checkPage(page, 'screens-changes');
    // Both tables export as CSV, in the same words.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Export CSV \(\d+ inputs?\)/ }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('Input,Key in the plan file,Change,Before,After');
    expect(lines).toContain('Company target,target,changed,"$4,221,000","$11,570,000"');
    await expect(
      page.getByRole('button', { name: /Export CSV \(\d+ reps?\)/ }).isEnabled(),
    ).resolves.toBe(true);
  });

  it('writes the letter for the rep once by name, sending them to quotaplan', async () => {
    const rep = user('rep');
    const page = await signedIn(rep);
    await page.getByTestId('measures').waitFor();
    const href = await page
      .getByRole('link', { name: /Open my quota letter/ })
      .getAttribute('href');
    const letter = await (await page.request.get(href ?? '')).text();
    expect(letter).toContain(`For: ${rep.name}<`);
    expect(letter).not.toContain(`${rep.name} (${rep.name})`);
    expect(letter).toContain('Follow your attainment in your dashboard in quotaplan');
    expect(letter).not.toMatch(/CRM|Salesforce|HubSpot/);
  });
});
