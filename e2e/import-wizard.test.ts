// The import wizard in a real browser (headless Chromium) against the real server, starting from
// a workspace with no data and one admin: the Maven sample through the preset (preview, audit by
// rule with its rows, commit, the baseline it gives), files no preset knows through "Map
// columns" (a required field left unmapped, value maps, the mapping as YAML, commit), and a
// malformed file refused whole. axe-core on every page; screenshots go to e2e/screenshots/.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseMappingText } from '../src/io/import/mapping-file.ts';
import { addMember } from '../src/server/members.ts';
import { DEMO_FILES } from '../src/services/demo-service.ts';
import { workspaceIn } from '../src/services/workspace.ts';
import { describeWithBrowser, launchChromium } from './support/browser.ts';
import type { LaunchedBrowser } from './support/browser.ts';
import { startAppServer } from './support/app-server.ts';
import type { AppServer } from './support/app-server.ts';
import { checkPage, openPage, signIn } from './support/pages.ts';

const ROOT = join(import.meta.dirname, '..');
const SALVIRT = join(ROOT, 'data', 'salvirt', 'Salvirt_B2B_ML_dataset_HF.csv');
const SALESFORCE = join(ROOT, 'data', 'salesforce-demo');
const ADMIN = { email: 'revops@import.test', name: 'Robin RevOps', password: 'import-wizard-pass' };
const WS = '/api/workspaces/default';

/** The Maven sample's company bookings (the CLI's `baseline --by company`), in cents. */
const MAVEN_BOOKINGS = 1_000_553_400;

/** Headers no preset knows, semicolons, day-first dates, outcome words of our own. */
const EXPORT_NAME = 'crm-export-2017.csv';
const EXPORT_CSV = [
  'Deal Ref;Sales Person;Closed On;Deal Value;Outcome;Kind;Client',
  'CX-1;Moses Frase;14/11/2017;1234.50;Signed;Add-on;Cancity',
  'CX-2;Darcel Schlecht;21/11/2017;980;Dropped;Fresh logo;Isdom',
  'CX-3;Moses Frase;28/11/2017;2000;Signed;Fresh logo;Cancity',
].join('\n');

interface Finding {
  code: string;
}

describeWithBrowser('the import wizard in Chromium', () => {
  let server: AppServer;
  let chromium: LaunchedBrowser;
  let folder = '';
  const contexts: BrowserContext[] = [];

  const newPage = (): Promise<Page> =>
    openPage(chromium.browser, server.url, contexts, (error) => {
      throw error;
    });

  async function signInToImport(page: Page): Promise<void> {
    // No published plan yet: the admin lands on the empty home page, not a dashboard.
    await signIn(page, ADMIN, {
      password: ADMIN.password,
      landed: (url) => url.pathname !== '/sign-in',
    });
    await page.getByRole('link', { name: 'Planning' }).click();
    await page.getByRole('link', { name: 'Import data' }).click();
    await page.waitForURL('**/planning/import');
    await page.getByRole('heading', { name: 'Import CRM data' }).waitFor();
  }

  async function api<T>(page: Page, path: string): Promise<T> {
    const response = await page.request.get(`${WS}${path}`);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  }

  const importsOf = (page: Page) =>
    api<{ id: number; files: { name: string }[] }[]>(page, '/imports');
  const dealsOf = async (page: Page) => (await api<{ deals: number }>(page, '/data-quality')).deals;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'quotaplan-import-e2e-'));
    server = await startAppServer(async (database, auth) => {
      // No data at all: an empty workspace and its admin.
      const workspace = await workspaceIn(database, 'e2e', 'USD');
      await addMember(
        auth,
        workspace,
        { userId: null, email: 'import wizard test set-up' },
        { ...ADMIN, role: 'admin', title: null, repId: null },
      );
    });
    chromium = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    // Undefined when beforeAll failed part-way (e.g. no Chromium under QUOTAPLAN_REQUIRE_SERVICES).
    await (chromium as LaunchedBrowser | undefined)?.close();
    await (server as AppServer | undefined)?.close();
  });

  it('imports the Maven sample with the preset: preview, audit by rule with its rows, commit', async () => {
    const page = await newPage();
    await signInToImport(page);
    expect(await importsOf(page)).toEqual([]);
    await expect(page.getByRole('button', { name: 'Check the files' }).isDisabled()).resolves.toBe(
      true,
    );
    await checkPage(page, 'import-start');

    await page.getByLabel('CSV or XLSX files').setInputFiles(DEMO_FILES);
    await page.getByLabel('CRM', { exact: true }).selectOption('maven');
    await page.getByRole('button', { name: 'Check the files' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    await expect(page.getByTestId('import-verdict').textContent()).resolves.toContain(
      'Ready to import',
    );
    // The entity detected for each file.
    const holds = async (file: string): Promise<string | null> =>
      page.locator(`[data-testid=import-files] tr[data-file="${file}"] td`).nth(2).textContent();
    await expect(holds('sales_pipeline.csv')).resolves.toMatch(/^deals/);
    await expect(holds('sales_teams.csv')).resolves.toMatch(/^reps/);
    await expect(holds('accounts.csv')).resolves.toMatch(/^accounts/);
    await expect(holds('products.csv')).resolves.toMatch(/^products/);
    // The first parsed rows, as stored: the first deal of the file with its ISO date and cents.
    const firstDeal = page.locator('[data-testid=sample-deals] tbody tr').first();
    const dealText = (await firstDeal.textContent()) ?? '';
    expect(dealText).toContain('1C1I7A6R');
    expect(dealText).toContain('2017-03-01');
    expect(dealText).toContain('105400');
    expect(await page.locator('[data-testid=sample-deals] tbody tr').count()).toBe(5);

    // The audit by rule; a rule's rows name the file and line each deal was read from.
    const rules: string[] = [];
    for (const item of await page.locator('[data-testid=audit-findings] > li').all()) {
      rules.push((await item.getAttribute('data-rule')) ?? '');
    }
    expect(rules).toContain('outlier-amount');
    const outliers = page.locator('[data-testid=audit-findings] > li[data-rule=outlier-amount]');
    await outliers.locator('summary').click();
    const rows = outliers.locator('tbody tr');
    await rows.first().waitFor();
    const pipeline = (await readFile(join(ROOT, 'data', 'maven', 'sales_pipeline.csv'), 'utf8'))
      .replaceAll('\r', '')
      .split('\n');
    expect(await rows.count()).toBe(15);
    for (let i = 0; i < 3; i++) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      const [record = '', file, row = ''] = cells;
      expect(file).toBe('sales_pipeline.csv');
      const id = record.replace(/^deals /, '');
      expect(pipeline[Number(row) - 1]?.split(',')[0]).toBe(id);
    }
    await checkPage(page, 'import-maven-preview');

    await page.getByRole('button', { name: 'Import 4 files' }).click();
    const done = page.getByTestId('import-done');
    await done.waitFor();
    await expect(done.getByRole('status').textContent()).resolves.toContain('deals 8,800 new');
    await checkPage(page, 'import-maven-done');

    // It landed: one import of the four files, every deal, and an audit of the stored data that
    // finds what the preview's audit found.
    const imports = await importsOf(page);
    expect(imports).toHaveLength(1);
    expect(imports[0]?.files.map((f) => f.name).sort()).toEqual(
      DEMO_FILES.map((f) => basename(f)).sort(),
    );
    expect(await dealsOf(page)).toBe(8800);
    const stored = await api<{ findings: Finding[] }>(page, '/data-quality');
    expect(stored.findings.map((f) => f.code).sort()).toEqual([...rules].sort());
    const company = await api<{ total: { bookings: number } }>(page, '/baseline?by=territory');
    expect(company.total.bookings).toBe(MAVEN_BOOKINGS);

    await done.getByRole('link', { name: 'See the baseline' }).click();
    await page.waitForURL('**/planning/baseline');
    await page.getByTestId('baseline').waitFor();
    const card = page.locator('.card', { hasText: 'Company bookings' }).locator('.big');
    await expect(card.textContent()).resolves.toBe('$10,005,534');
    await checkPage(page, 'import-maven-baseline');
  });

  it('maps the columns of files no preset knows: Salvirt checked, then an export imported', async () => {
    const page = await newPage();
    await signInToImport(page);
    const importsBefore = (await importsOf(page)).length;
    const dealsBefore = await dealsOf(page);
    let uploads = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/imports')) uploads++;
    });

    // The Salvirt file: no preset knows it, and by its headers alone ("Product") it reads as a
    // product list with 448 repeated ids. Not importable: map its columns instead.
    await page.getByLabel('CSV or XLSX files').setInputFiles(SALVIRT);
    await page.getByRole('button', { name: 'Check the files' }).click();
    await page.getByTestId('import-preview').waitFor();
    await expect(page.getByTestId('import-verdict').textContent()).resolves.toContain(
      'Not importable',
    );
    const fileRow = page.locator('[data-testid=import-files] tr[data-file]').first();
    await expect(fileRow.locator('td').nth(2).textContent()).resolves.toMatch(/^products/);
    const detected = page.getByTestId('columns-Salvirt_B2B_ML_dataset_HF.csv');
    await detected.locator('summary').click();
    await expect(detected.locator('summary').textContent()).resolves.toBe(
      'Salvirt_B2B_ML_dataset_HF.csv: 23 columns detected, separated by semicolons',
    );
    await expect(detected.textContent()).resolves.toContain('Seller 6');
    await checkPage(page, 'import-salvirt-as-products');
    await page.getByRole('button', { name: 'Map columns' }).click();
    const salvirt = page.getByTestId('map-Salvirt_B2B_ML_dataset_HF.csv');
    await salvirt.waitFor();
    const holds = salvirt.getByLabel('What Salvirt_B2B_ML_dataset_HF.csv holds');
    await expect(holds.inputValue()).resolves.toBe('products');
    await holds.selectOption('deals');
    const field = (name: string) => salvirt.getByLabel(name, { exact: true });
    // The usual names find the seller, the product and the status; nothing finds an id.
    await expect(field('owner_id').inputValue()).resolves.toBe('Seller');
    await expect(field('status').inputValue()).resolves.toBe('Status');

    // A required field left unmapped is said before any request.
    const sent = uploads;
    await page.getByRole('button', { name: 'Check the mapping' }).click();
    await expect(page.getByTestId('unmapped-required').textContent()).resolves.toContain(
      'Salvirt_B2B_ML_dataset_HF.csv: deals need a column for id (required)',
    );
    expect(uploads).toBe(sent);
    await checkPage(page, 'import-map-unmapped');

    await field('id').selectOption({ label: 'the row number' });
    await field('type').selectOption({ label: 'Up_sale' });
    await expect(
      salvirt.locator('tr[data-field=owner_id] td.samples').textContent(),
    ).resolves.toContain('Seller 6');
    await page.getByLabel('Quotas count').selectOption('count');
    await page.getByRole('button', { name: 'Check the mapping' }).click();
    // Up_sale says Yes or No: values the check could not place, given a meaning here.
    const values = page.getByTestId('value-maps');
    await values.waitFor();
    await values.getByLabel('Deal type values: “Yes”').selectOption('expansion');
    await values.getByLabel('Deal type values: “No”').selectOption('new_business');
    await page.getByRole('button', { name: 'Check the mapping' }).click();
    // Its 18 sellers are not in the Maven roster: errors to accept before an import.
    await expect(page.getByTestId('import-verdict').textContent()).resolves.toBe(
      'Ready to import: 448 deals, once its data-quality errors are accepted (below).',
    );
    const firstDeal =
      (await page.locator('[data-testid=sample-deals] tbody tr').first().textContent()) ?? '';
    expect(firstDeal).toContain('Salvirt_B2B_ML_dataset_HF-2');
    expect(firstDeal).toContain('expansion');
    await checkPage(page, 'import-map-salvirt');

    // The mapping as YAML: the one the CLI reads, with the same columns and value maps.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download mapping (YAML)' }).click(),
    ]);
    const saved = join(folder, 'salvirt-mapping.yaml');
    await download.saveAs(saved);
    const parsed = parseMappingText(await readFile(saved, 'utf8'), 'salvirt-mapping.yaml');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.basis).toBe('count');
    expect(parsed.value.values.type).toEqual({ Yes: 'expansion', No: 'new_business' });
    expect(parsed.value.files[0]?.columns).toMatchObject({
      id: '$row',
      owner_id: 'Seller',
      status: 'Status',
      type: 'Up_sale',
      amount: null,
    });
    // Cancel: nothing of it is stored (it would switch this workspace to counting deals).
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('import-preview').count()).resolves.toBe(0);
    expect(await importsOf(page)).toHaveLength(importsBefore);

    // An export of our own: semicolons, day-first dates, outcome words no map knows.
    const exportPath = join(folder, EXPORT_NAME);
    await writeFile(exportPath, EXPORT_CSV);
    await page.getByLabel('Map columns (say which column holds which field)').check();
    await page.getByLabel('CSV or XLSX files').setInputFiles(exportPath);
    await page.getByRole('button', { name: 'Read the columns' }).click();
    const mapped = page.getByTestId(`map-${EXPORT_NAME}`);
    await mapped.waitFor();
    const pick = (name: string, label: string) =>
      mapped.getByLabel(name, { exact: true }).selectOption({ label });
    await pick('id', 'Deal Ref');
    await pick('owner_id', 'Sales Person');
    await pick('close_date', 'Closed On');
    await pick('amount', 'Deal Value');
    await pick('status', 'Outcome');
    await pick('type', 'Kind');
    await pick('account_id', 'Client');
    await page.getByLabel('Dates written').selectOption('DMY');
    await page.getByRole('button', { name: 'Check the mapping' }).click();
    await expect(page.getByTestId('import-verdict').textContent()).resolves.toContain(
      'Not importable',
    );
    const errors = page.getByTestId('import-errors');
    await expect(errors.textContent()).resolves.toContain('Outcome');
    await values.waitFor();
    await values.getByLabel('Stage or status values: “Signed”').selectOption('won');
    await values.getByLabel('Stage or status values: “Dropped”').selectOption('lost');
    // With every row read, the check finds the deal types no map knows.
    await page.getByRole('button', { name: 'Check the mapping' }).click();
    await page.getByTestId('import-preview').waitFor();
    await values.getByLabel('Deal type values: “Add-on”').selectOption('expansion');
    await values.getByLabel('Deal type values: “Fresh logo”').selectOption('new_business');
    await page.getByRole('button', { name: 'Check the mapping' }).click();
    await expect(page.getByTestId('import-verdict').textContent()).resolves.toBe(
      'Ready to import: 3 deals.',
    );
    const exportDeal =
      (await page.locator('[data-testid=sample-deals] tbody tr').first().textContent()) ?? '';
    expect(exportDeal).toContain('2017-11-14');
    expect(exportDeal).toContain('123450');
    await checkPage(page, 'import-map-export');
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    await page.getByTestId('import-done').waitFor();
    await expect(
      page.getByTestId('import-done').getByRole('status').textContent(),
    ).resolves.toContain('deals 3 new');

    // It landed: a second import, three more deals, the two won ones in the bookings.
    expect(await importsOf(page)).toHaveLength(importsBefore + 1);
    expect(await dealsOf(page)).toBe(dealsBefore + 3);
    const baseline = await api<{ total: { bookings: number } }>(page, '/baseline?by=territory');
    expect(baseline.total.bookings).toBe(MAVEN_BOOKINGS + 123_450 + 200_000);
  });

  it('refuses a malformed file whole, naming file, row and column, and stores nothing', async () => {
    const page = await newPage();
    await signInToImport(page);
    const importsBefore = (await importsOf(page)).length;
    const dealsBefore = await dealsOf(page);
    const path = join(folder, 'deals-broken.csv');
    await writeFile(
      path,
      [
        'id,owner_id,status,amount,close_date',
        'B-1,Moses Frase,won,100,2017-10-02',
        'B-2,Moses Frase,won,a lot,2017-10-03',
        'B-3,Moses Frase,won,300,2017-13-40',
      ].join('\n'),
    );
    await page.getByLabel('CSV or XLSX files').setInputFiles(path);
    await page.getByRole('button', { name: 'Check the files' }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const rows = await Promise.all(
      (await errors.locator('tbody tr').all()).map((tr) => tr.locator('td').allTextContents()),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]?.slice(0, 4)).toEqual(['deals-broken.csv', '3', 'amount', 'a lot']);
    expect(rows[1]?.slice(0, 4)).toEqual(['deals-broken.csv', '4', 'close_date', '2017-13-40']);
    expect(rows[0]?.[5]).not.toBe('');
    await expect(page.getByRole('button', { name: 'Import 1 file' }).isDisabled()).resolves.toBe(
      true,
    );
    await checkPage(page, 'import-refused');

    // The server refuses the whole file too (not only the page): nothing is stored.
    const response = await page.request.post(`${WS}/imports`, {
      headers: { origin: server.url },
      multipart: {
        files: { name: 'deals-broken.csv', mimeType: 'text/csv', buffer: await readFile(path) },
      },
    });
    expect(response.status()).toBe(422);
    const problem = (await response.json()) as {
      detail: string;
      issues: { location?: { file?: string; row?: number; column?: string } }[];
    };
    expect(problem.detail).toContain('nothing changed');
    expect(problem.issues.map((i) => i.location)).toEqual([
      expect.objectContaining({ file: 'deals-broken.csv', row: 3, column: 'amount' }),
      expect.objectContaining({ file: 'deals-broken.csv', row: 4, column: 'close_date' }),
    ]);
    expect(await importsOf(page)).toHaveLength(importsBefore);
    expect(await dealsOf(page)).toBe(dealsBefore);
  });

  it('shows what an import of unrelated data changes, blocks its audit errors until accepted, and undoes it', async () => {
    const page = await newPage();
    await signInToImport(page);
    const importsBefore = (await importsOf(page)).length;
    const dealsBefore = await dealsOf(page);
    await page
      .getByLabel('CSV or XLSX files')
      .setInputFiles(['Opportunity.csv', 'Account.csv'].map((f) => join(SALESFORCE, f)));
    await page.getByLabel('CRM', { exact: true }).selectOption('salesforce');
    await page.getByRole('button', { name: 'Check the files' }).click();
    await page.getByTestId('import-preview').waitFor();
    // The warning: nothing in common with the Maven workspace.
    await expect(page.getByTestId('import-unrelated').textContent()).resolves.toContain(
      'share nothing with this workspace',
    );
    // What moves: 50 new deals, the history window stretched to 2024, the roster as it was.
    const deals = page.locator('[data-testid=import-effect] tr[data-entity=deals] td');
    await expect(deals.allTextContents()).resolves.toEqual(['deals', '50', '0', '0']);
    await expect(page.getByTestId('import-history').textContent()).resolves.toMatch(
      /to 2017-12-31 → .* to 2024-/,
    );
    await expect(page.getByTestId('import-roster').textContent()).resolves.toContain('Roster:');
    // The audit errors block the import until accepted with a reason.
    const acceptance = page.getByTestId('audit-acceptance');
    await expect(acceptance.textContent()).resolves.toContain('Deal owner not in roster');
    const importButton = page.getByRole('button', { name: 'Import 2 files' });
    await expect(importButton.isDisabled()).resolves.toBe(true);
    await checkPage(page, 'import-unrelated-preview');
    await acceptance.getByLabel('Import despite these errors').check();
    await page
      .getByLabel('Why (at least 3 characters)')
      .fill('Training data; owners mapped later.');
    await expect(importButton.isDisabled()).resolves.toBe(false);
    await checkPage(page, 'import-unrelated-accepted');
    await importButton.click();
    const done = page.getByTestId('import-done');
    await done.waitFor();
    expect(await dealsOf(page)).toBe(dealsBefore + 50);
    const log = await api<{ action: string; reason: string | null }[]>(page, '/audit-log?limit=5');
    expect(log.find((e) => e.action === 'import')?.reason).toBe(
      'Training data; owners mapped later.',
    );
    // Undone: the workspace is as it was, and the undo is audited.
    await done.getByRole('button', { name: 'Undo this import' }).click();
    await page.getByTestId('import-undone').waitFor();
    await checkPage(page, 'import-undone');
    expect(await dealsOf(page)).toBe(dealsBefore);
    const imports = await api<{ status: string }[]>(page, '/imports');
    expect(imports).toHaveLength(importsBefore + 1);
    expect(imports.at(-1)?.status).toBe('undone');
    const after = await api<{ action: string }[]>(page, '/audit-log?limit=5');
    expect(after[0]?.action).toBe('import.undo');
  });

  it('creates a workspace for unrelated data, switches to it in the header and imports there', async () => {
    const page = await newPage();
    await signInToImport(page);
    const defaultImports = (await importsOf(page)).length;
    // The Salesforce demo shares nothing with the Maven workspace: the wizard offers a new one.
    await page
      .getByLabel('CSV or XLSX files')
      .setInputFiles(['Opportunity.csv', 'Account.csv'].map((f) => join(SALESFORCE, f)));
    await page.getByLabel('CRM', { exact: true }).selectOption('salesforce');
    await page.getByRole('button', { name: 'Check the files' }).click();
    const offer = page.getByTestId('new-workspace');
    await offer.waitFor();
    await expect(page.getByLabel('Extracted on (optional)').getAttribute('type')).resolves.toBe(
      'date',
    );
    await offer.getByLabel('New workspace id (a-z, 0-9, -)').fill('acme-crm');
    await offer.getByLabel('Its name').fill('Acme CRM data');
    await offer.getByRole('button', { name: 'Create it and switch to it' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    const switcher = page.getByTestId('workspace-switcher');
    await switcher.waitFor();
    await checkPage(page, 'workspace-switcher');
    await expect(page.getByLabel('Workspace').inputValue()).resolves.toBe('acme-crm');
    await page.getByRole('link', { name: 'Planning' }).click();
    await page.getByRole('link', { name: 'Import data' }).click();
    await page.getByRole('heading', { name: 'Import CRM data' }).waitFor();
    await page
      .getByLabel('CSV or XLSX files')
      .setInputFiles(['Opportunity.csv', 'Account.csv'].map((f) => join(SALESFORCE, f)));
    await page.getByLabel('CRM', { exact: true }).selectOption('salesforce');
    await page.getByRole('button', { name: 'Check the files' }).click();
    await page.getByTestId('import-preview').waitFor();
    // An empty workspace: nothing to be unrelated to.
    expect(await page.getByTestId('import-unrelated').count()).toBe(0);
    await page.getByRole('button', { name: 'Import 2 files' }).click();
    await page.getByTestId('import-done').waitFor();
    const imports = await page.evaluate(async () => {
      const acme = await fetch('/api/workspaces/acme-crm/imports');
      const main = await fetch('/api/workspaces/default/imports');
      return [((await acme.json()) as unknown[]).length, ((await main.json()) as unknown[]).length];
    });
    expect(imports).toEqual([1, defaultImports]);
    await checkPage(page, 'workspace-import-done');
    await page.getByLabel('Workspace').selectOption('default');
    await page.waitForURL((url) => url.pathname === '/');
  });

  it('logged no unexpected server error on the way', () => {
    expect(server.logged).toEqual([]);
  });
});
