import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { backtestPlan } from '../../core/backtest/backtest.ts';
import { runPlan } from '../../core/engine/index.ts';
import { formatMoney } from '../../core/money.ts';
import { DEFAULT_DEFINITION_TERMS } from '../../core/workflow/definitions.ts';
import {
  generatedDataset,
  generatedPlan,
  HOSTILE_NAME,
  MARKUP_NAME,
} from '../../../test/support/generated-org.ts';
import { describeWithPdfText, pdfText } from '../../../test/support/poppler.ts';
import {
  buildDocs,
  renderDocsPackage,
  renderQuotaLetter,
  trackingPlaceFor,
  type DocsInput,
} from './docs-package.ts';
import type { Block, Doc } from './model.ts';

const dataset = generatedDataset();
const plan = generatedPlan();
const run = runPlan(dataset, plan);
const input: DocsInput = {
  plan,
  run,
  backtest: backtestPlan(dataset, plan, run.history, run.allocation),
  definitions: DEFAULT_DEFINITION_TERMS.map((term) => ({ term, approvals: [] })),
  commands: { planPath: 'plans/fy2026.yaml', db: '/data/qp', preset: 'generic' },
  trackingPlace: 'the Quota Attainment dashboard',
  generatedOn: '2026-11-22',
};
const set = buildDocs(input);

/** Every piece of text of a document, as one string. */
function textOf(doc: Doc): string {
  const parts: string[] = [doc.title, doc.subtitle, doc.audience];
  const add = (block: Block): void => {
    switch (block.type) {
      case 'heading':
      case 'paragraph':
      case 'callout':
        parts.push(block.text);
        break;
      case 'list':
        parts.push(...block.items);
        break;
      case 'table':
        parts.push(
          ...block.columns.map((c) => c.header),
          ...block.rows.flat(),
          block.caption ?? '',
        );
        break;
      case 'code':
        parts.push(...block.lines);
        break;
      case 'chart':
        parts.push(block.chart.title, block.chart.alt);
        break;
      case 'pageBreak':
        break;
    }
  };
  doc.blocks.forEach(add);
  return parts.join('\n');
}

const usd = (cents: number): string => formatMoney(cents, 'USD');
const usd2 = (cents: number): string => formatMoney(cents, 'USD', { decimals: 2 });
const doc = (path: string): Doc => {
  const found = [...set.documents, ...set.talkingPoints, ...set.letters].find(
    (d) => d.path === path,
  );
  if (found === undefined) throw new Error(`no document ${path}`);
  return found;
};

describe('the documentation package', () => {
  it('has every document type: the plan’s six, talking points per team, a letter per rep', () => {
    expect(set.documents.map((d) => d.path)).toEqual([
      'methodology',
      'definitions',
      'faq',
      'runbook',
      'review-agenda',
      'maintenance',
    ]);
    const managers = new Set(run.allocation.reps.map((r) => r.managerId));
    expect(set.talkingPoints.length).toBe(managers.size);
    expect(set.letters.length).toBe(run.allocation.reps.length);
  });

  it('writes each rep’s letter with their quota, months, quarters, territory and ramp', () => {
    const hire = run.allocation.reps.find((r) => r.id === 'H-1');
    expect(hire).toBeDefined();
    if (hire === undefined) return;
    const text = textOf(doc('letters/h-1'));
    expect(text).toContain(`your FY2026 quota is ${usd2(hire.quota)}`);
    for (const m of hire.monthly) expect(text).toContain(usd2(m));
    for (const q of hire.quarters) expect(text).toContain(usd2(q));
    expect(text).toContain('You cover Territory 1. Its territory weight is');
    expect(text).toContain('you start on 2026-02-16; your ramp expects 25%, 50%, 75%');
    expect(text).toContain('the Quota Attainment dashboard');
    expect(text).toContain('Person M0'); // the manager to ask
  });

  it('names the rep once when their id is their name, and sends them to quotaplan without a CRM', () => {
    const rep = run.allocation.reps.find((r) => !r.planned);
    if (rep === undefined) throw new Error('no rep');
    // CRMs that key reps by name (Maven) give a rep the id of their name.
    const sameId = { ...run, allocation: { ...run.allocation, reps: [{ ...rep, id: rep.name }] } };
    const named = buildDocs({ ...input, run: sameId, trackingPlace: trackingPlaceFor(null) });
    const letter = named.letters[0];
    expect(letter?.audience).toBe(rep.name);
    const own = set.letters.find((d) => d.title.startsWith(`${rep.name}:`));
    expect(own?.audience).toBe(`${rep.name} (${rep.id})`);
    // No CRM is connected: the letter does not promise tracking in one.
    const text = letter === undefined ? '' : textOf(letter);
    expect(text).toContain('Follow your attainment in your dashboard in quotaplan');
    expect(text).not.toMatch(/CRM|Salesforce|HubSpot/);
  });

  it('explains the methodology with this plan’s numbers', () => {
    const text = textOf(doc('methodology'));
    const a = run.allocation;
    expect(text).toContain(`company target of ${usd(a.target)} over ${a.reps.length} reps`);
    expect(text).toContain(`The quotas add up to ${usd(a.quota)}`);
    for (const t of a.weights.territories) expect(text).toContain(t.name);
    for (const s of a.segments) expect(text).toContain(usd(s.target));
    expect(text).toContain(
      `${(Math.round((input.backtest?.shareAttaining ?? 0) * 1000) / 10).toString()}%`,
    );
  });

  it('shows the definitions pending approval by VP Sales and CRO, or approved', () => {
    expect(textOf(doc('definitions'))).toContain('Pending approval by VP Sales and CRO');
    const approved = buildDocs({
      ...input,
      definitions: DEFAULT_DEFINITION_TERMS.map((term) => ({
        term,
        approvals: [
          { title: 'vp_sales', by: 'vp@acme.com', at: '2026-11-20' },
          ...(term.key === 'quota' ? [] : [{ title: 'cro', by: 'cro@acme.com', at: '2026-11-21' }]),
        ],
      })),
    });
    const text = textOf(approved.documents[1] as Doc);
    expect(text).toContain(
      'Approved by VP Sales (vp@acme.com, 2026-11-20) and CRO (cro@acme.com, 2026-11-21)',
    );
    expect(text).toContain(
      'Approved by VP Sales (vp@acme.com, 2026-11-20); pending approval by CRO',
    );
    expect(text).toContain('1 of 9 definitions are not yet approved by both');
  });

  it('answers the FAQ, gives talking points with objections, and the runbook’s real commands', () => {
    const faq = textOf(doc('faq'));
    expect(faq).toContain('Why is my quota higher than last year?');
    expect(faq).toContain(`The company target is ${usd(run.allocation.target)}`);
    expect(faq).toContain('What happens if I switch territories?');
    expect(faq).toMatch(/ = \$[\d,]+\.\d\d in Jun 2026/);
    const team = set.talkingPoints.find((d) => d.title.includes('Person M0'));
    expect(team).toBeDefined();
    const points = textOf(team as Doc);
    expect(points).toContain('Likely objections, and what the data says');
    expect(points).toContain('“Is this achievable?”');
    const runbook = textOf(doc('runbook'));
    expect(runbook).toContain(
      'quotaplan import --preset generic --db /data/qp <your CRM export files>',
    );
    expect(runbook).toContain(
      'quotaplan plan plans/fy2026.yaml --db /data/qp --out plan-output --format table',
    );
    expect(runbook).toContain(
      'quotaplan docs plans/fy2026.yaml --db /data/qp --out docs-package --format pdf',
    );
    expect(textOf(doc('review-agenda'))).toContain('Review on or after');
    expect(textOf(doc('maintenance'))).toContain(
      'more than 30% of reps below 50% of pace at month end',
    );
  });

  it('renders Markdown with SVG charts and HTML with escaped user data', async () => {
    const md = await renderDocsPackage(input, 'md');
    const paths = md.map((f) => f.path);
    expect(paths).toContain('README.md');
    expect(paths).toContain('letters/h-1.md');
    const svg = md.filter((f) => f.path.startsWith('charts/') && f.path.endsWith('.svg'));
    expect(svg.length).toBeGreaterThan(run.allocation.reps.length);
    expect(svg[0]?.bytes.toString('utf8')).toMatch(/^<svg /);
    const letter = md.find((f) => f.path === 'letters/h-1.md')?.bytes.toString('utf8') ?? '';
    expect(letter).toContain('![Monthly quota of Hire One');
    expect(letter).toContain('](../charts/letters-h-1-monthly.svg)');
    const html = await renderDocsPackage(input, 'html');
    const all = html.map((f) => f.bytes.toString('utf8')).join('\n');
    expect(all).not.toContain(MARKUP_NAME);
    expect(all).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; *Co*');
    expect(all).not.toContain('<b>Bold</b>');
    expect(all).toContain(HOSTILE_NAME.replaceAll('"', '&quot;'));
    const index = html.find((f) => f.path === 'index.html')?.bytes.toString('utf8') ?? '';
    expect(index).toContain('href="letters/h-1.html"');
    expect(html.find((f) => f.path === 'methodology.html')?.bytes.toString('utf8')).toContain(
      '<svg',
    );
  });

  it('renders one rep’s letter alone, as the package has it, for the web app', async () => {
    const fromPackage = (await renderDocsPackage(input, 'html'))
      .find((f) => f.path === 'letters/h-1.html')
      ?.bytes.toString('utf8');
    const alone = await renderQuotaLetter(input, 'H-1', 'html');
    expect(alone?.path).toBe('letters/h-1.html');
    const text = alone?.bytes.toString('utf8') ?? '';
    // The same letter (its heading and numbers), without the link back to a package index.
    const title = /<h1>.*<\/h1>/.exec(fromPackage ?? '')?.[0];
    expect(title).toContain('Hire One');
    expect(text).toContain(title);
    const table = /<table>[\s\S]*?<\/table>/.exec(fromPackage ?? '')?.[0];
    expect(text).toContain(table);
    expect(text).not.toContain('<nav>');
    expect(text).toContain('<svg');
    const pdf = await renderQuotaLetter(input, 'H-1', 'pdf');
    expect(pdf?.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await renderQuotaLetter(input, 'nobody', 'html')).toBeNull();
  });
});

describeWithPdfText('the documentation package as PDF', () => {
  it('renders every document, team and letter as a PDF with its numbers in the text', async () => {
    const small = {
      ...input,
      run: {
        ...run,
        allocation: {
          ...run.allocation,
          reps: run.allocation.reps.filter((r) => ['H-1', 'R10', 'R20'].includes(r.id)),
        },
      },
    };
    const files = await renderDocsPackage(small, 'pdf');
    const dir = await mkdtemp(join(tmpdir(), 'qp-docs-pdf-'));
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'quota-package.pdf',
        'methodology.pdf',
        'definitions.pdf',
        'faq.pdf',
        'runbook.pdf',
        'review-agenda.pdf',
        'maintenance.pdf',
        'letters/h-1.pdf',
      ]),
    );
    for (const file of files) {
      const pdf = await PDFDocument.load(file.bytes);
      expect(pdf.getPageCount(), file.path).toBeGreaterThan(0);
    }
    const hire = run.allocation.reps.find((r) => r.id === 'H-1');
    const letter = files.find((f) => f.path === 'letters/h-1.pdf');
    if (hire === undefined || letter === undefined) throw new Error('no letter of H-1');
    await writeFile(join(dir, 'h-1.pdf'), letter.bytes);
    const text = await pdfText(join(dir, 'h-1.pdf'));
    expect(text).toContain(usd2(hire.quota));
    expect(text).toContain(usd2(hire.monthly[6] ?? 0));
    expect(text).toContain('Hire One: your FY2026 quota');
    const pkg = files.find((f) => f.path === 'quota-package.pdf');
    await writeFile(join(dir, 'package.pdf'), pkg?.bytes ?? Buffer.alloc(0));
    const packageText = await pdfText(join(dir, 'package.pdf'));
    expect(packageText).toContain('Definition Alignment Document');
    expect(packageText).toContain('Pending approval by VP Sales and CRO');
    expect(packageText).toContain(usd(run.allocation.target));
    expect(packageText).toContain('Contents');
  }, 60_000);
});
