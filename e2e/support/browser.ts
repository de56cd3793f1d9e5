// Headless Chromium for the browser tests and the web benchmark: Debian's chromium driven by
// playwright-core (no browser download), with the flags this machine needs. When it is missing
// the suites skip with a loud banner, unless QUOTAPLAN_REQUIRE_SERVICES=1 (CI), which fails them.

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { beforeAll, describe } from 'vitest';

export const CHROMIUM_PATH = process.env.QUOTAPLAN_CHROMIUM ?? '/usr/bin/chromium';

/** The flags of the machine notes: no sandbox (root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium. Playwright gives every launch a fresh, throwaway user-data folder
 * of its own (it refuses a --user-data-dir argument), removed again when the browser closes.
 */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/**
 * `describe` for a browser suite: runs it when Chromium is there; otherwise skips it with a
 * banner, or fails it when QUOTAPLAN_REQUIRE_SERVICES=1.
 */
export function describeWithBrowser(name: string, fn: () => void): void {
  if (chromiumAvailable()) {
    describe(name, fn);
    return;
  }
  if (process.env.QUOTAPLAN_REQUIRE_SERVICES === '1') {
    describe(name, () => {
      beforeAll(() => {
        throw new Error(
          `Chromium is required (QUOTAPLAN_REQUIRE_SERVICES=1) but ${CHROMIUM_PATH} does not exist: apt-get install -y chromium`,
        );
      });
      fn();
    });
    return;
  }
  console.warn(
    [
      '',
      '*'.repeat(78),
      `CHROMIUM NOT AVAILABLE: ${CHROMIUM_PATH} does not exist.`,
      `Browser suite "${name}" skipped. Install it with`,
      '  apt-get install -y chromium',
      'or set QUOTAPLAN_CHROMIUM; QUOTAPLAN_REQUIRE_SERVICES=1 makes this a failure.',
      '*'.repeat(78),
      '',
    ].join('\n'),
  );
  describe.skip(name, fn);
}
