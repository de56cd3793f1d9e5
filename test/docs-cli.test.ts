// quotaplan docs on the Maven example plan through the real command: every document type in PDF
// (each parses and has pages; the letters and the package carry the plan's real numbers), HTML
// and Markdown; a blocked plan is refused.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { formatMoney } from '../src/core/money.ts';
import { ROOT, runCli } from './cli.ts';
import { describeWithPdfText, pdfText } from './support/poppler.ts';

let dir = '';
const PLAN = join(ROOT, 'examples', 'plan-maven.yaml');
interface PlanJson {
  target: number;
  quota: number;
  quotas: { repId: string; repName: string; annualQuota: number; monthly: number[] }[];
}
let planned: PlanJson;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qp-docs-cli-'));
  const files = ['sales_pipeline.csv', 'sales_teams.csv', 'accounts.csv', 'products.csv'];
  const imported = await runCli([
    'import',
    '--preset',
    'maven',
    '--db',
    join(dir, 'db'),
    ...files.map((f) => join(ROOT, 'data', 'maven', f)),
  ]);
  expect(imported.code).toBe(0);
  const run = await runCli(['plan', PLAN, '--db', join(dir, 'db'), '--format', 'json']);
  expect(run.code).toBe(0);
  planned = JSON.parse(run.stdout) as PlanJson;
}, 180_000);

async function pdfPages(path: string): Promise<number> {
  return (await PDFDocument.load(await readFile(path))).getPageCount();
}

describeWithPdfText('quotaplan docs on the Maven example', () => {
  it('writes every document, the teams’ talking points and a letter per rep as PDF', async () => {
    const out = join(dir, 'pdf');
    const run = await runCli([
      'docs',
      PLAN,
      '--db',
      join(dir, 'db'),
      '--out',
      out,
      '--track-at',
      'the Maven CRM dashboard',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('talking points for 6 teams and 36 quota letters');
    const top = await readdir(out);
    for (const name of [
      'quota-package.pdf',
      'methodology.pdf',
      'definitions.pdf',
      'faq.pdf',
      'runbook.pdf',
      'review-agenda.pdf',
      'maintenance.pdf',
    ]) {
      expect(top).toContain(name);
      expect(await pdfPages(join(out, name)), name).toBeGreaterThan(0);
    }
    const letters = await readdir(join(out, 'letters'));
    expect(letters.length).toBe(planned.quotas.length);
    const teams = await readdir(join(out, 'talking-points'));
    expect(teams.length).toBe(6);
    for (const team of teams)
      expect(await pdfPages(join(out, 'talking-points', team))).toBeGreaterThan(0);

    const rep = planned.quotas.find((q) => q.repName === 'Anna Snelling');
    if (rep === undefined) throw new Error('no Anna Snelling in the plan');
    const letter = await pdfText(join(out, 'letters', 'anna-snelling.pdf'));
    expect(letter).toContain(
      `your FY2018 quota is ${formatMoney(rep.annualQuota, 'USD', { decimals: 2 })}`,
    );
    expect(letter).toContain(formatMoney(rep.monthly[0] ?? 0, 'USD', { decimals: 2 }));
    expect(letter).toContain('the Maven CRM dashboard');
    expect(letter).toContain('You cover Central');

    const hire = await pdfText(join(out, 'letters', 'hire-w1.pdf'));
    expect(hire).toContain('you start on 2018-03-15');

    const pkg = await pdfText(join(out, 'quota-package.pdf'));
    expect(pkg).toContain(formatMoney(planned.target, 'USD'));
    expect(pkg).toContain(formatMoney(planned.quota, 'USD'));
    expect(pkg).toContain('Pending approval by VP Sales and CRO');
    expect(pkg).toContain('Talking points: Summer Sewald');
    expect(pkg).toContain('West');
    expect(pkg).toContain(`quotaplan plan ${PLAN} --db ${join(dir, 'db')}`);
  }, 180_000);

  it('writes HTML with an index and Markdown with SVG charts', async () => {
    const html = join(dir, 'html');
    expect(
      (await runCli(['docs', PLAN, '--db', join(dir, 'db'), '--out', html, '--format', 'html']))
        .code,
    ).toBe(0);
    const index = await readFile(join(html, 'index.html'), 'utf8');
    expect(index).toContain('href="letters/anna-snelling.html"');
    expect(await readFile(join(html, 'methodology.html'), 'utf8')).toContain('<svg');
    const md = join(dir, 'md');
    expect(
      (await runCli(['docs', PLAN, '--db', join(dir, 'db'), '--out', md, '--format', 'md'])).code,
    ).toBe(0);
    expect(await readFile(join(md, 'faq.md'), 'utf8')).toContain(
      '## What happens if I switch territories?',
    );
    expect((await readdir(join(md, 'charts'))).some((f) => f.endsWith('.svg'))).toBe(true);
  }, 180_000);
});

describe('quotaplan docs refusals', () => {
  it('refuses an unknown format and a blocked plan', async () => {
    const bad = await runCli([
      'docs',
      PLAN,
      '--db',
      join(dir, 'db'),
      '--out',
      join(dir, 'x'),
      '--format',
      'docx',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("option '--format' must be one of pdf, html, md");
    const blocked = join(dir, 'blocked.yaml');
    const text = await readFile(PLAN, 'utf8');
    await writeFile(blocked, text.replace('target: 11000000', 'targets: { Nowhere: 1000000 }'));
    const refused = await runCli([
      'docs',
      blocked,
      '--db',
      join(dir, 'db'),
      '--out',
      join(dir, 'y'),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Documentation refused');
    const xlsx = await runCli([
      'export',
      'xlsx',
      blocked,
      '--db',
      join(dir, 'db'),
      '--out',
      join(dir, 'y.xlsx'),
    ]);
    expect(xlsx.code).toBe(1);
    expect(xlsx.stderr).toContain('Export refused');
  }, 60_000);
});
