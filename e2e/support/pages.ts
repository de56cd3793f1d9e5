// What every browser suite does to a page: open it in a fresh browser context, sign a person in
// through the form, and once a page has settled, check it with axe-core (no serious or critical
// violation) and for refusals of the Content-Security-Policy (none), and save a full-page
// screenshot into e2e/screenshots/.

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/demo.ts';
import type { DemoUser } from '../../src/server/demo.ts';

export const SCREENSHOTS = join(import.meta.dirname, '..', 'screenshots');

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * A page in a context of its own (no cookies shared with other pages) on the app at `baseURL`, at
 * the width of a 1280 px laptop; `contexts` collects the context for closing, `onError` gets any
 * error the page throws.
 */
export async function openPage(
  browser: Browser,
  baseURL: string,
  contexts: BrowserContext[],
  onError: (error: Error) => void,
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    baseURL,
    acceptDownloads: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', onError);
  const errors: string[] = [];
  consoleErrorsOf.set(page, errors);
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return page;
}

const consoleErrorsOf = new WeakMap<Page, string[]>();

/**
 * What the page wrote to the console as errors so far: a failed request ("Failed to load
 * resource: … 401"), a refusal of the Content-Security-Policy ("Refused to … because it violates
 * the following Content Security Policy directive"), an uncaught error.
 */
export function consoleErrors(page: Page): readonly string[] {
  return consoleErrorsOf.get(page) ?? [];
}

/**
 * Signs `who` in through the sign-in form (the demo password unless given) and waits for their
 * landing page: a plan's dashboard unless `landed` says otherwise.
 */
export async function signIn(
  page: Page,
  who: Pick<DemoUser, 'email'>,
  options: { password?: string; landed?: (url: URL) => boolean } = {},
): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(options.password ?? DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(options.landed ?? ((url) => url.pathname.startsWith('/plans/')));
}

/**
 * Waits until nothing is loading (no spinner, no request in flight), runs axe-core on the page
 * and fails on any serious or critical violation, then saves `name`.png: the whole page, or only
 * the viewport (`fullPage: false`) when a modal dialog is open, which a full-page capture would
 * draw where the viewport happened to be.
 */
export async function checkPage(
  page: Page,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<void> {
  await page.locator('.state-loading').first().waitFor({ state: 'detached' });
  await page.waitForLoadState('networkidle');
  // Evaluated, not added as a <script>: the app's Content-Security-Policy refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(`
    axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      })),
    )
  `);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
  // Nothing the page needs is refused by its Content-Security-Policy.
  const refused = consoleErrors(page).filter((m) => /Content.Security.Policy/i.test(m));
  expect(refused, `${name}: CSP violations`).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}
