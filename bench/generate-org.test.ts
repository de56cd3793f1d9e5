// Tests of the synthetic organisation generator: the CSV contract of docs/data-formats.md,
// determinism, referential integrity, and that the planted truth can be recovered from the deals.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GenerateOptionsError,
  RAMP,
  SEASONALITY,
  effectiveCapacity,
  generateOrg,
} from './generate-org.ts';
import type { GenerateOptions, GenerateSummary } from './generate-org.ts';
import { createRng } from '../src/core/random.ts';

type Row = Record<string, string>;

const root = await mkdtemp(join(tmpdir(), 'generate-org-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function readCsv(path: string): Promise<Row[]> {
  const rows: unknown = parse(await readFile(path, 'utf8'), { columns: true });
  return rows as Row[];
}

async function readHeader(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  return text.slice(0, text.indexOf('\n')).split(',');
}

/** Column lists of each `### name.csv` section of docs/data-formats.md, in the documented order. */
async function documentedColumns(): Promise<Map<string, string[]>> {
  const markdown = await readFile(new URL('../docs/data-formats.md', import.meta.url), 'utf8');
  const result = new Map<string, string[]>();
  for (const section of markdown.split(/^### /m).slice(1)) {
    const [title = '', ...lines] = section.split('\n');
    const tableRows = lines.filter((line) => line.startsWith('|'));
    let columns: string[];
    if (tableRows.length > 0) {
      // Skip the header row and the |---| separator; the first cell names one or more columns.
      columns = tableRows
        .slice(2)
        .flatMap((line) => (line.split('|')[1] ?? '').split(','))
        .map((cell) => cell.trim());
    } else {
      const body = lines.join('\n').trim();
      const paragraph = body.slice(0, body.includes('\n\n') ? body.indexOf('\n\n') : undefined);
      columns = [...new Set([...paragraph.matchAll(/`([a-z_]+)`/g)].map((m) => m[1] ?? ''))];
    }
    result.set(title.trim(), columns);
  }
  return result;
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

function cents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

function monthsOf(start: string, count: number): string[] {
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, k) => {
    const index = year * 12 + month + k;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

interface Generated {
  summary: GenerateSummary;
  dir: string;
  reps: Row[];
  territories: Row[];
  accounts: Row[];
  products: Row[];
  deals: Row[];
  truth: Row[];
  truthJson: {
    window: { start: string; end: string };
    seasonality: number[];
    options: { months: number };
  };
}

async function generateAndRead(
  name: string,
  options: Omit<GenerateOptions, 'out'>,
): Promise<Generated> {
  const dir = join(root, name);
  const summary = await generateOrg({ ...options, out: dir });
  const truthJson = JSON.parse(
    await readFile(join(dir, 'truth.json'), 'utf8'),
  ) as Generated['truthJson'];
  return {
    summary,
    dir,
    reps: await readCsv(join(dir, 'reps.csv')),
    territories: await readCsv(join(dir, 'territories.csv')),
    accounts: await readCsv(join(dir, 'accounts.csv')),
    products: await readCsv(join(dir, 'products.csv')),
    deals: await readCsv(join(dir, 'deals.csv')),
    truth: await readCsv(join(dir, 'truth.csv')),
    truthJson,
  };
}

describe('generateOrg', () => {
  let org: Generated;
  let progress: number[];
  beforeAll(async () => {
    progress = [];
    org = await generateAndRead('base', {
      reps: 60,
      deals: 30_000,
      seed: 11,
      onProgress: (n) => progress.push(n),
    });
  });

  it('writes each file with exactly the columns docs/data-formats.md lists, in that order', async () => {
    const documented = await documentedColumns();
    const withRates = await generateOrg({
      reps: 20,
      deals: 500,
      seed: 2,
      currencies: true,
      out: join(root, 'rates'),
    });
    expect(Object.keys(withRates.files)).toContain('rates.csv');
    for (const file of [
      'territories.csv',
      'reps.csv',
      'accounts.csv',
      'products.csv',
      'deals.csv',
      'rates.csv',
    ]) {
      const columns = documented.get(file);
      expect(columns, file).toBeDefined();
      expect(await readHeader(join(root, 'rates', file)), file).toEqual(columns);
    }
  });

  it('gives byte-identical files for the same options and different deals for another seed', async () => {
    const options = { reps: 30, deals: 4_000, seed: 5, currencies: true };
    await generateOrg({ ...options, out: join(root, 'same-a') });
    await generateOrg({ ...options, out: join(root, 'same-b') });
    await generateOrg({ ...options, seed: 6, out: join(root, 'other') });
    const names = (await readdir(join(root, 'same-a'))).sort();
    expect(names).toEqual([
      'accounts.csv',
      'deals.csv',
      'products.csv',
      'rates.csv',
      'reps.csv',
      'territories.csv',
      'truth.csv',
      'truth.json',
    ]);
    for (const name of names) {
      const a = await readFile(join(root, 'same-a', name));
      const b = await readFile(join(root, 'same-b', name));
      expect(a.equals(b), name).toBe(true);
    }
    const deals = await readFile(join(root, 'same-a', 'deals.csv'));
    const other = await readFile(join(root, 'other', 'deals.csv'));
    expect(deals.equals(other)).toBe(false);
  });

  it('writes the requested number of reps and about the requested number of deals', () => {
    expect(org.reps).toHaveLength(60);
    expect(org.summary.reps).toBe(60);
    expect(org.deals).toHaveLength(org.summary.deals);
    expect(org.summary.files['deals.csv']).toBe(org.deals.length);
    // The total is a Poisson count with mean 30,000 (sd ≈ 173).
    expect(Math.abs(org.deals.length - 30_000)).toBeLessThan(30_000 * 0.02);
    expect(progress.at(-1)).toBe(org.summary.deals);
    expect(org.products.length).toBeGreaterThanOrEqual(3);
  });

  it('defaults to about 200 deals per rep', async () => {
    const summary = await generateOrg({ reps: 15, seed: 4, out: join(root, 'default-deals') });
    expect(Math.abs(summary.deals - 3_000)).toBeLessThan(3_000 * 0.1);
  });

  it('keeps every reference inside the data set', () => {
    const repById = new Map(org.reps.map((r) => [r.id, r]));
    const territoryById = new Map(org.territories.map((t) => [t.id, t]));
    const accountById = new Map(org.accounts.map((a) => [a.id, a]));
    const productIds = new Set(org.products.map((p) => p.id));
    const regionOf = (rep: Row): string | undefined => {
      const territory = territoryById.get(rep.territory_id ?? '');
      return territory?.parent_id === '' ? territory.id : territory?.parent_id;
    };
    // Problems are collected and compared with [] once: one expect per deal would be slow.
    const problems: string[] = [];
    for (const deal of org.deals) {
      const id = deal.id ?? '';
      if (!repById.has(deal.owner_id ?? ''))
        problems.push(`${id}: owner ${deal.owner_id ?? ''} is no rep`);
      const account = accountById.get(deal.account_id ?? '');
      if (account === undefined) problems.push(`${id}: account ${deal.account_id ?? ''} unknown`);
      else if (account.owner_id !== deal.owner_id)
        problems.push(`${id}: account owned by someone else`);
      if (!productIds.has(deal.product ?? ''))
        problems.push(`${id}: product ${deal.product ?? ''} unknown`);
      if (deal.source_rep_id !== '' && repById.get(deal.source_rep_id ?? '')?.role !== 'SDR') {
        problems.push(`${id}: source ${deal.source_rep_id ?? ''} is no SDR`);
      }
    }
    for (const rep of org.reps) {
      const id = rep.id ?? '';
      if (regionOf(rep) === undefined)
        problems.push(`${id}: territory ${rep.territory_id ?? ''} unknown`);
      if (rep.role === 'MGR') {
        if (rep.manager_id !== '') problems.push(`${id}: a manager with a manager`);
        continue;
      }
      const manager = repById.get(rep.manager_id ?? '');
      if (manager?.role !== 'MGR')
        problems.push(`${id}: manager ${rep.manager_id ?? ''} is no MGR`);
      else if (regionOf(manager) !== regionOf(rep))
        problems.push(`${id}: manager in another region`);
      if (rep.segment !== territoryById.get(rep.territory_id ?? '')?.segment) {
        problems.push(`${id}: segment differs from its territory's`);
      }
    }
    for (const account of org.accounts) {
      const owner = repById.get(account.owner_id ?? '');
      if (
        owner === undefined ||
        owner.territory_id !== account.territory_id ||
        owner.segment !== account.segment
      ) {
        problems.push(`${account.id ?? ''}: owner outside the account's territory or segment`);
      }
    }
    for (const territory of org.territories) {
      if (
        territory.parent_id !== '' &&
        territoryById.get(territory.parent_id ?? '')?.parent_id !== ''
      ) {
        problems.push(`${territory.id ?? ''}: parent is not a region`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('builds a plausible org: roles, one manager per ~8 reps, unique emails, hires and leavers', () => {
    const count = (role: string): number => org.reps.filter((r) => r.role === role).length;
    expect(count('MGR')).toBeGreaterThanOrEqual(60 / 10);
    expect(count('MGR')).toBeLessThanOrEqual(60 / 7);
    expect(count('AE')).toBeGreaterThan(count('AM'));
    expect(count('AM')).toBeGreaterThan(0);
    expect(count('SDR')).toBeGreaterThan(0);
    const emails = org.reps.map((r) => r.email ?? '');
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z]+\.[a-z]+\.\d+@example\.com$/);
    const { start, end } = org.truthJson.window;
    const sellers = org.reps.filter((r) => r.role !== 'MGR');
    const hired = sellers.filter((r) => (r.start_date ?? '') >= start).length / sellers.length;
    const left = sellers.filter((r) => r.end_date !== '').length / sellers.length;
    expect(hired).toBeGreaterThan(0.05);
    expect(hired).toBeLessThan(0.4);
    expect(left).toBeLessThan(0.25);
    for (const rep of org.reps) {
      expect(isIsoDate(rep.start_date ?? '')).toBe(true);
      if (rep.end_date !== '') {
        expect((rep.end_date ?? '') > start && (rep.end_date ?? '') <= end).toBe(true);
        expect((rep.end_date ?? '') > (rep.start_date ?? '')).toBe(true);
      }
      expect(rep.ote).toMatch(/^\d+\.\d{2}$/);
    }
    const territories = org.territories.filter((t) => t.parent_id !== '');
    const sellerTerritories = new Set(
      org.reps.filter((r) => r.role === 'AE' || r.role === 'AM').map((r) => r.territory_id),
    );
    for (const territory of territories) expect(sellerTerritories.has(territory.id)).toBe(true);
  });

  it('writes deals a RevOps analyst would accept: ISO dates, decimal amounts, consistent stages', () => {
    const { start, end } = org.truthJson.window;
    const repById = new Map(org.reps.map((r) => [r.id, r]));
    const statuses = new Set<string>();
    const types = new Map<string, number>();
    const problems: string[] = [];
    for (const deal of org.deals) {
      const id = deal.id ?? '';
      const created = deal.created_date ?? '';
      const close = deal.close_date ?? '';
      const owner = repById.get(deal.owner_id ?? '');
      const check = (ok: boolean, what: string): void => {
        if (!ok) problems.push(`${id}: ${what}`);
      };
      check(isIsoDate(created) && isIsoDate(close), 'dates not ISO');
      check(/^\d+\.\d{2}$/.test(deal.amount ?? '') && cents(deal.amount ?? '') > 0, 'amount');
      check(deal.currency === 'USD', 'currency');
      check(created <= close, 'created after close');
      check(created >= (owner?.start_date ?? ''), 'created before the owner started');
      statuses.add(deal.status ?? '');
      types.set(deal.type ?? '', (types.get(deal.type ?? '') ?? 0) + 1);
      if (deal.status === 'open') {
        check(
          close > end && daysBetween(end, close) <= 183,
          'open deal not closing within 6 months after the window',
        );
        const probability = Number(deal.probability);
        check(probability >= 0.1 && probability <= 0.9, 'open probability');
        check(daysBetween(created, end) < 92, 'open deal not created in the last 3 months');
      } else {
        check(close >= start && close <= end, 'closed outside the window');
        check(
          close >= (owner?.start_date ?? '') &&
            (owner?.end_date === '' || close <= (owner?.end_date ?? '')),
          'closed outside employment',
        );
        check(deal.stage === (deal.status === 'won' ? 'Closed Won' : 'Closed Lost'), 'stage');
        check(daysBetween(created, close) <= 180, 'cycle over 180 days');
      }
    }
    expect(problems).toEqual([]);
    expect([...statuses].sort()).toEqual(['lost', 'open', 'won']);
    expect(types.get('new_business') ?? 0).toBeGreaterThan(types.get('expansion') ?? 0);
    expect(types.get('renewal') ?? 0).toBeGreaterThan(0);
    const amDeals = org.deals.filter((d) => repById.get(d.owner_id ?? '')?.role === 'AM');
    const amNew = amDeals.filter((d) => d.type === 'new_business').length;
    expect(amNew / amDeals.length).toBeLessThan(0.15);
    const sourced = org.deals.filter((d) => d.source_rep_id !== '').length;
    expect(sourced).toBeGreaterThan(0);
  });

  it('plants win rates between 20% and 40% that the deals reproduce', () => {
    const closed = new Map<string, { won: number; lost: number }>();
    for (const deal of org.deals) {
      if (deal.status === 'open') continue;
      const c = closed.get(deal.owner_id ?? '') ?? { won: 0, lost: 0 };
      if (deal.status === 'won') c.won++;
      else c.lost++;
      closed.set(deal.owner_id ?? '', c);
    }
    let won = 0;
    let all = 0;
    for (const row of org.truth) {
      const planted = Number(row.win_rate);
      expect(planted).toBeGreaterThanOrEqual(0.2);
      expect(planted).toBeLessThanOrEqual(0.4);
      const c = closed.get(row.rep_id ?? '');
      if (c === undefined) continue;
      won += c.won;
      all += c.won + c.lost;
    }
    expect(won / all).toBeGreaterThan(0.22);
    expect(won / all).toBeLessThan(0.38);
  });

  it('recovers a high-volume rep’s planted productivity from its won bookings per ramped month', () => {
    const { start, end } = org.truthJson.window;
    const monthsCount = org.truthJson.options.months;
    const won = new Map<string, { bookings: number; count: number }>();
    for (const deal of org.deals) {
      if (deal.status !== 'won') continue;
      const w = won.get(deal.owner_id ?? '') ?? { bookings: 0, count: 0 };
      w.bookings += cents(deal.amount ?? '');
      w.count++;
      won.set(deal.owner_id ?? '', w);
    }
    const repById = new Map(org.reps.map((r) => [r.id, r]));
    // Fully ramped through the whole window: started 3+ months before it, never left.
    const rampedBefore = new Date(`${start}T00:00:00Z`);
    rampedBefore.setUTCMonth(rampedBefore.getUTCMonth() - 3);
    const ramped = org.truth.filter((t) => {
      const rep = repById.get(t.rep_id ?? '');
      return (
        rep?.end_date === '' && (rep.start_date ?? '') < rampedBefore.toISOString().slice(0, 10)
      );
    });
    const busiest = ramped.reduce((best, t) =>
      (won.get(t.rep_id ?? '')?.count ?? 0) > (won.get(best.rep_id ?? '')?.count ?? 0) ? t : best,
    );
    const mine = won.get(busiest.rep_id ?? '');
    expect(mine?.count ?? 0).toBeGreaterThan(400);
    // Σσ over whole years is 12 per year, so a fully ramped rep has Σ e·σ = the number of months.
    expect(monthsCount % 12).toBe(0);
    const realised = (mine?.bookings ?? 0) / monthsCount;
    const planted = Number(busiest.planted_productivity);
    // Relative sd of the realised value ≈ sqrt((1 + cv²) / n) ≈ 6% at n = 400.
    expect(Math.abs(realised / planted - 1)).toBeLessThan(0.15);
    expect(end > start).toBe(true);
  });

  it('plants productivity so the team’s bookings match Σ planted × effective capacity × seasonality', () => {
    const { start } = org.truthJson.window;
    const monthList = monthsOf(start, org.truthJson.options.months);
    const sigma = monthList.map(
      (m) => 12 * (org.truthJson.seasonality[Number(m.slice(5, 7)) - 1] ?? 0),
    );
    const repById = new Map(org.reps.map((r) => [r.id, r]));
    const bookings = new Map<string, number>();
    for (const deal of org.deals) {
      if (deal.status === 'won')
        bookings.set(
          deal.owner_id ?? '',
          (bookings.get(deal.owner_id ?? '') ?? 0) + cents(deal.amount ?? ''),
        );
    }
    let expectedTotal = 0;
    let realisedTotal = 0;
    const pairs: [number, number][] = [];
    for (const t of org.truth) {
      const rep = repById.get(t.rep_id ?? '');
      if (rep === undefined) throw new Error(`truth names unknown rep ${t.rep_id ?? ''}`);
      const weight = monthList.reduce(
        (sum, m, k) =>
          sum +
          effectiveCapacity(
            rep.start_date ?? '',
            rep.end_date === '' ? null : (rep.end_date ?? null),
            m,
          ) *
            (sigma[k] ?? 0),
        0,
      );
      const planted = Number(t.planted_productivity);
      expectedTotal += planted * weight;
      realisedTotal += bookings.get(rep.id ?? '') ?? 0;
      if (weight >= 12) pairs.push([planted, (bookings.get(rep.id ?? '') ?? 0) / weight]);
    }
    expect(Math.abs(realisedTotal / expectedTotal - 1)).toBeLessThan(0.05);
    // Realised productivity ranks reps like the planted one.
    const n = pairs.length;
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const mx = mean(pairs.map((p) => p[0]));
    const my = mean(pairs.map((p) => p[1]));
    const cov = pairs.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
    const vx = pairs.reduce((s, [x]) => s + (x - mx) ** 2, 0);
    const vy = pairs.reduce((s, [, y]) => s + (y - my) ** 2, 0);
    expect(n).toBeGreaterThan(20);
    expect(cov / Math.sqrt(vx * vy)).toBeGreaterThan(0.85);
  });

  it('makes deals smaller, not bookings bigger, when more deals are requested', async () => {
    const few = await generateAndRead('few', { reps: 30, deals: 6_000, seed: 9 });
    const many = await generateAndRead('many', { reps: 30, deals: 24_000, seed: 9 });
    const wonTotal = (g: Generated): number =>
      g.deals.filter((d) => d.status === 'won').reduce((s, d) => s + cents(d.amount ?? ''), 0);
    expect(many.deals.length / few.deals.length).toBeCloseTo(4, 0);
    expect(Math.abs(wonTotal(many) / wonTotal(few) - 1)).toBeLessThan(0.1);
    expect(many.truth).toEqual(few.truth);
  });

  it('puts a share of deals in EUR and GBP, convertible back at the rates of rates.csv', async () => {
    const usd = await generateAndRead('usd', { reps: 20, deals: 3_000, seed: 8 });
    const fx = await generateAndRead('fx', { reps: 20, deals: 3_000, seed: 8, currencies: true });
    const rates = await readCsv(join(fx.dir, 'rates.csv'));
    expect(new Set(rates.map((r) => r.currency))).toEqual(new Set(['EUR', 'GBP']));
    const rateOn = (currency: string, date: string): number => {
      const valid = rates
        .filter((r) => r.currency === currency)
        .sort((a, b) => ((a.valid_from ?? '') < (b.valid_from ?? '') ? -1 : 1));
      const latest = valid.filter((r) => (r.valid_from ?? '') <= date).at(-1) ?? valid[0];
      return Number(latest?.rate);
    };
    expect(fx.deals).toHaveLength(usd.deals.length);
    const shares = new Map<string, number>();
    const problems: string[] = [];
    fx.deals.forEach((deal, k) => {
      const plain = usd.deals[k];
      shares.set(deal.currency ?? '', (shares.get(deal.currency ?? '') ?? 0) + 1 / fx.deals.length);
      const rate = deal.currency === 'USD' ? 1 : rateOn(deal.currency ?? '', deal.close_date ?? '');
      const converted = cents(deal.amount ?? '') * rate;
      if (
        plain === undefined ||
        deal.id !== plain.id ||
        Math.abs(converted - cents(plain.amount ?? '')) > 1
      ) {
        problems.push(
          `${deal.id ?? ''}: ${deal.amount ?? ''} ${deal.currency ?? ''} is not ${plain?.amount ?? ''} USD`,
        );
      }
    });
    expect(problems).toEqual([]);
    expect(shares.get('EUR') ?? 0).toBeGreaterThan(0.05);
    expect(shares.get('GBP') ?? 0).toBeGreaterThan(0.02);
    expect(shares.get('USD') ?? 0).toBeGreaterThan(0.5);
  });

  it('refuses options it cannot honour', async () => {
    const out = join(root, 'refused');
    await expect(generateOrg({ reps: 5, out })).rejects.toThrow(GenerateOptionsError);
    await expect(generateOrg({ reps: 20, deals: 0, out })).rejects.toThrow(GenerateOptionsError);
    await expect(generateOrg({ reps: 20, deals: 30_000_000, out })).rejects.toThrow(
      GenerateOptionsError,
    );
    await expect(generateOrg({ reps: 20, start: '2024-01-15', out })).rejects.toThrow(
      GenerateOptionsError,
    );
    await expect(generateOrg({ reps: 20, months: 0, out })).rejects.toThrow(GenerateOptionsError);
  });

  it('runs from the command line and prints the summary', async () => {
    const out = join(root, 'cli');
    const script = new URL('./generate-org.ts', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [
      script,
      '--reps',
      '20',
      '--deals',
      '1000',
      '--seed',
      '3',
      '--out',
      out,
    ]);
    const summary = JSON.parse(stdout) as GenerateSummary;
    expect(summary.reps).toBe(20);
    expect(summary.out).toBe(out);
    expect(summary.files['deals.csv']).toBe(summary.deals);
    expect((await readCsv(join(out, 'deals.csv'))).length).toBe(summary.deals);
  });
});

describe('effectiveCapacity', () => {
  it('is 1 in a month of a rep hired long before', () => {
    expect(effectiveCapacity('2020-05-04', null, '2024-03')).toBe(1);
  });

  it('ramps 0.25, 0.5, 0.75, 1 by tenure month, with the first month cut to the days employed', () => {
    expect(RAMP).toEqual([0.25, 0.5, 0.75]);
    expect(effectiveCapacity('2024-03-16', null, '2024-03')).toBeCloseTo((16 / 31) * 0.25, 12);
    expect(effectiveCapacity('2024-03-16', null, '2024-04')).toBe(0.5);
    expect(effectiveCapacity('2024-03-16', null, '2024-05')).toBe(0.75);
    expect(effectiveCapacity('2024-03-16', null, '2024-06')).toBe(1);
    expect(effectiveCapacity('2024-03-16', null, '2024-02')).toBe(0);
  });

  it('counts the days up to and including the end date, and nothing after', () => {
    expect(effectiveCapacity('2020-01-01', '2024-06-10', '2024-06')).toBeCloseTo(10 / 30, 12);
    expect(effectiveCapacity('2020-01-01', '2024-06-10', '2024-07')).toBe(0);
  });
});

describe('seasonality', () => {
  it('has 12 shares summing to 1 with a Q4 peak and a summer dip', () => {
    expect(SEASONALITY).toHaveLength(12);
    expect(SEASONALITY.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const quarter = (q: number): number =>
      SEASONALITY.slice(q * 3, q * 3 + 3).reduce((a, b) => a + b, 0);
    expect(quarter(3)).toBeGreaterThan(Math.max(quarter(0), quarter(1), quarter(2)));
    expect(quarter(2)).toBeLessThan(Math.min(quarter(0), quarter(1), quarter(3)));
  });
});

describe('createRng', () => {
  const moments = (draw: () => number, n: number): { mean: number; variance: number } => {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const x = draw();
      sum += x;
      squares += x * x;
    }
    const mean = sum / n;
    return { mean, variance: squares / n - mean * mean };
  };

  it('repeats a sequence for the same seed and stream, and not for another stream', () => {
    const a = createRng(42, 'x');
    const b = createRng(42, 'x');
    const c = createRng(42, 'y');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });

  it.each([0.3, 3.5, 9.9, 10, 42, 1_000])(
    'draws Poisson counts with mean and variance %d',
    (lambda) => {
      const rng = createRng(7, `poisson:${lambda}`);
      const { mean, variance } = moments(() => rng.poisson(lambda), 40_000);
      expect(Math.abs(mean / lambda - 1)).toBeLessThan(0.03);
      expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.06);
    },
  );

  it('draws standard normals and lognormals with the requested mean', () => {
    const rng = createRng(3);
    const normal = moments(() => rng.normal(), 40_000);
    expect(Math.abs(normal.mean)).toBeLessThan(0.02);
    expect(Math.abs(normal.variance - 1)).toBeLessThan(0.03);
    const logn = moments(() => rng.lognormal(500, 0.3), 40_000);
    expect(Math.abs(logn.mean / 500 - 1)).toBeLessThan(0.01);
  });
});
