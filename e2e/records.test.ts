// The records pages in Chromium against the real server and the demo workspace (issue 14): a
// manager requests an adjustment with its proration shown before sending, a leader approves it
// and sees the quota of record month by month; the audit log filtered by person, plan and kind,
// exported as CSV with its columns in words; RevOps invites a member, changes a role (an approver
// role waits for a leader) and removes a member. Each page is reachable from the navigation of
// the roles allowed and "Not found" for the others; axe-core checks every page, and screenshots
// at 1280 px go to e2e/screenshots/.

import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { prepareDemoWorkspace } from '../src/server/demo.ts';
import type { DemoUser } from '../src/server/demo.ts';
import { describeWithBrowser, launchChromium } from './support/browser.ts';
import type { LaunchedBrowser } from './support/browser.ts';
import { startAppServer } from './support/app-server.ts';
import type { AppServer } from './support/app-server.ts';
import { checkPage, openPage, signIn } from './support/pages.ts';

describeWithBrowser('the records pages in Chromium', () => {
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
  const nav = (page: Page) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();

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
    await (chromium as LaunchedBrowser | undefined)?.close();
    await (server as AppServer | undefined)?.close();
  });

  it('lets a manager request an adjustment with its proration, and a leader approve it', async () => {
    const manager = await newPage();
    await signIn(manager, user('manager'));
    expect(await nav(manager)).toEqual(['My team', 'Adjustments', 'Disputes']);
    await manager
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Adjustments' })
      .click();
    await manager.getByRole('heading', { name: 'Request an adjustment' }).waitFor();
    const rep = manager.getByLabel('Rep', { exact: true });
    const first = await rep.locator('option').nth(1).getAttribute('value');
    await rep.selectOption(first ?? '');
    await manager.getByLabel('Effective from').fill('2018-03-16');
    await manager.getByLabel('Every month from then on').fill('5000');
    await manager.getByLabel('Reason').fill('Moved to a smaller territory mid-March.');
    // The proration before sending: March is half old, half new (16 of 31 days on the new one).
    const preview = manager.getByTestId('adjustment-preview');
    const march = preview.locator('tr', { hasText: 'Mar 2018' });
    await expect(march.locator('td').nth(2).textContent()).resolves.not.toBe('–');
    const april = await preview
      .locator('tr', { hasText: 'Apr 2018' })
      .locator('td')
      .nth(2)
      .textContent();
    expect(april).toBe('$5,000');
    await checkPage(manager, 'adjustments-request');
    await manager.getByRole('button', { name: 'Request the adjustment' }).click();
    await manager.getByRole('status').filter({ hasText: 'waits for a leader' }).waitFor();
    const item = manager.getByTestId('adjustment-list').locator('li[data-state=pending]').first();
    await item.waitFor();
    // A manager cannot decide.
    expect(await item.getByRole('button', { name: /Approve/ }).count()).toBe(0);

    const leader = await newPage();
    await signIn(leader, user('leader', 'cro'));
    expect(await nav(leader)).toEqual([
      'Planning',
      'Organisation',
      'Teams',
      'Adjustments',
      'Disputes',
      'Audit log',
    ]);
    await leader.goto(`/plans/${planId}/adjustments`);
    const pending = leader.getByTestId('adjustment-list').locator('li[data-state=pending]').first();
    await pending.waitFor();
    expect(await leader.getByTestId('adjustment-form').count()).toBe(0);
    await pending.getByLabel('Note (optional)').fill('Agreed in the forecast call.');
    await pending.getByRole('button', { name: /Approve/ }).click();
    const approved = leader
      .getByTestId('adjustment-list')
      .locator('li[data-state=approved]')
      .first();
    await approved.waitFor();
    await approved.getByText('Proration month by month').click();
    await expect(approved.locator('th', { hasText: 'Quota of record' }).count()).resolves.toBe(1);
    await checkPage(leader, 'adjustments-approved');

    // A rep has no adjustments page.
    const rep1 = await newPage();
    await signIn(rep1, user('rep'));
    expect(await nav(rep1)).not.toContain('Adjustments');
    await rep1.goto(`/plans/${planId}/adjustments`);
    await rep1.getByRole('heading', { name: 'Not found' }).waitFor();
  });

  it('shows the audit log filtered by person, plan and kind, and exports it as CSV', async () => {
    const page = await newPage();
    await signIn(page, user('admin'));
    expect(await nav(page)).toEqual([
      'Planning',
      'Organisation',
      'Teams',
      'Adjustments',
      'Disputes',
      'Audit log',
      'Members',
    ]);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await page.getByTestId('audit-table').waitFor();
    await page.getByLabel('Plan').selectOption(String(planId));
    await page.getByLabel('Kind').selectOption('adjustment');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/kind=adjustment/);
    await page.locator('[data-action="adjustment.approve"]').first().waitFor();
    const rows = page.getByTestId('audit-table').locator('tbody tr');
    const actions: (string | null)[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      actions.push(await rows.nth(i).getAttribute('data-action'));
    }
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a?.startsWith('adjustment.'))).toBe(true);
    await checkPage(page, 'audit-log');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Export CSV/ }).click(),
    ]);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text.split('\r\n')[0]).toBe(
      '\ufeffEntry,When,Who,Action,Action code,Record,Before,After,Reason',
    );
    expect(text).toContain('adjustment.approve');
    await page.getByLabel('Person (e-mail)').fill(user('leader', 'cro').email);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/person=/);
    await page.locator('[data-action="adjustment.approve"]').first().waitFor();
    const people = await page
      .getByTestId('audit-table')
      .locator('tbody tr td:nth-child(2)')
      .allTextContents();
    expect(new Set(people)).toEqual(new Set([user('leader', 'cro').email]));

    const manager = await newPage();
    await signIn(manager, user('manager'));
    await manager.goto('/audit-log');
    await manager.getByRole('heading', { name: 'Not found' }).waitFor();
  });

  it('lets RevOps invite a member, change a role and remove a member', async () => {
    const page = await newPage();
    await signIn(page, user('admin'));
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Members' })
      .click();
    await page.getByTestId('members-table').waitFor();
    await page.getByLabel('E-mail', { exact: true }).fill('analyst@demo.quotaplan.dev');
    await page.getByLabel('Name', { exact: true }).fill('Ana Lyst');
    await page.getByLabel(/First password/).fill('a long enough first password');
    await page.getByLabel('Role', { exact: true }).selectOption('admin');
    await page.getByRole('button', { name: 'Add the member' }).click();
    await page.getByRole('status').filter({ hasText: 'was added as RevOps (admin)' }).waitFor();
    const row = page.locator('tr[data-row-id="analyst@demo.quotaplan.dev"]');
    await row.waitFor();
    // An approver role waits for a leader.
    await row.getByLabel(/New role of/).selectOption('leader:finance');
    await row.getByRole('button', { name: /Change/ }).click();
    await page.getByRole('status').filter({ hasText: 'once another leader approves' }).waitFor();
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('RevOps (admin)');
    await page.getByTestId('role-grants').waitFor();
    await checkPage(page, 'members');
    page.once('dialog', (dialog) => {
      void dialog.accept();
    });
    await row.getByRole('button', { name: /Remove/ }).click();
    await page.getByRole('status').filter({ hasText: 'was removed' }).waitFor();
    await row.waitFor({ state: 'detached' });

    const leader = await newPage();
    await signIn(leader, user('leader', 'vp_sales'));
    expect(await nav(leader)).not.toContain('Members');
    await leader.goto('/members');
    await leader.getByRole('heading', { name: 'Not found' }).waitFor();
  });

  it('shows a rep the deals behind the bookings figure, and lets them dispute one that their manager resolves', async () => {
    const rep = await newPage();
    await signIn(rep, user('rep'));
    expect(await nav(rep)).toEqual([
      'My dashboard',
      'My disputes',
      'My quota letter (opens in a new tab)',
    ]);
    const figure = await rep.locator('[data-measure=bookings]').textContent();
    await rep.getByTestId('bookings-deals').click();
    await rep.waitForURL(/\/deals/);
    await rep.getByTestId('credited-deals').waitFor();
    await expect(rep.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'My credited deals',
    );
    // The list adds up to the figure it explains.
    await expect(
      rep.getByTestId('deal-totals').locator('[data-measure=credited]').textContent(),
    ).resolves.toBe(figure);
    const [download] = await Promise.all([
      rep.waitForEvent('download'),
      rep.getByRole('button', { name: /Export CSV/ }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      '\ufeffDeal,Deal name,Account,Closed on,Type,Deal amount,Share (%),Credited,Credit from',
    );
    const first = rep.getByTestId('credited-deals').locator('tbody tr').first();
    const dealId = await first.getAttribute('data-row-id');
    await first.getByRole('button', { name: /Dispute/ }).click();
    await first.getByLabel('What is wrong?').fill('This deal was shared 50/50 with my peer.');
    await first.getByRole('button', { name: 'Send' }).click();
    await rep.getByRole('status').filter({ hasText: 'your manager will resolve it' }).waitFor();
    await first.getByText('disputed').waitFor();
    await checkPage(rep, 'credited-deals');

    const manager = await newPage();
    await signIn(manager, user('manager'));
    await manager
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Disputes' })
      .click();
    const open = manager.getByTestId('dispute-list').locator('li[data-state=open]').first();
    await open.waitFor();
    await expect(open.textContent()).resolves.toContain(dealId ?? '');
    const accept = open.getByRole('button', { name: /Accept/ });
    expect(await accept.isDisabled()).toBe(true);
    await open.getByLabel(/Note/).fill('Split corrected to 50/50 in the CRM.');
    await checkPage(manager, 'disputes');
    await accept.click();
    await manager.getByTestId('dispute-list').locator('li[data-state=accepted]').first().waitFor();

    await rep.goto(`/plans/${planId}/disputes`);
    await rep.getByRole('heading', { name: 'My disputes', level: 1 }).waitFor();
    const mine = rep.getByTestId('dispute-list').locator('li[data-state=accepted]').first();
    await mine.waitFor();
    await expect(mine.textContent()).resolves.toContain('Split corrected to 50/50 in the CRM.');
    await checkPage(rep, 'my-disputes');
    // A rep resolves nothing, and sees no other rep's deals.
    expect(await rep.getByRole('button', { name: /Accept/ }).count()).toBe(0);
  });

  it('simulates a scenario of one’s own beside the plan, and exports the dashboards’ tables', async () => {
    const page = await newPage();
    await signIn(page, user('leader', 'vp_sales'));
    await page.goto(`/planning/${planId}?tab=scenarios`);
    const form = page.getByTestId('custom-scenario');
    await form.waitFor({ timeout: 120_000 });
    await form.getByLabel('Win rate change (points)').fill('-5');
    await form.getByLabel('Over-assignment (%)').fill('10');
    await form.getByRole('button', { name: 'Simulate beside the plan' }).click();
    const comparison = page.getByTestId('custom-comparison');
    await comparison.waitFor({ timeout: 120_000 });
    const quotas = comparison.locator('tr', { hasText: 'Quotas (sum)' }).locator('td');
    const [planQuota, customQuota] = await quotas.allTextContents();
    const amount = (text: string | undefined) => Number((text ?? '').replace(/[^0-9]/g, ''));
    expect(amount(customQuota)).toBeGreaterThan(amount(planQuota));
    await checkPage(page, 'scenarios-custom');

    await page.goto(`/plans/${planId}/organisation`);
    await page.getByTestId('rep-table').waitFor();
    const button = page.getByRole('button', { name: /Export CSV \(\d+ reps\)/ });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      '\ufeffRep,Manager,Territory,Quota,Bookings,Attainment,Pace,Gap,Status',
    );
    expect(csv.split('\r\n')[1]).toMatch(/,\d+\.\d\d,\d+\.\d\d,/);
  });
});
