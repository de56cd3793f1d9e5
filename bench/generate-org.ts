// Seeded synthetic sales organisation in the generic CSV layout (docs/data-formats.md), with the
// planted truth (truth.csv, truth.json) that benchmarks and planted-truth tests check against.

import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRng } from '../src/core/random.ts';
import type { Rng } from '../src/core/random.ts';

export interface GenerateOptions {
  /** Number of people in reps.csv, managers and SDRs included (10 … 50,000). */
  reps: number;
  /** Target number of deals, won + lost + open (default 200 × reps; at most 20,000,000). */
  deals?: number;
  /** Months of history (default 24). */
  months?: number;
  /** First day of the history window, 'YYYY-MM-01' (default 2024-01-01). */
  start?: string;
  /** Any safe integer (default 1). */
  seed?: number;
  /** Folder the files are written to (created when missing; files in it are overwritten). */
  out: string;
  /** Put accounts (and so their deals) partly in EUR and GBP and write rates.csv. */
  currencies?: boolean;
  onProgress?: (dealsWritten: number) => void;
}

export interface GenerateSummary {
  out: string;
  /** Data rows (header excluded) per file name. */
  files: Record<string, number>;
  deals: number;
  reps: number;
  seconds: number;
}

/** Thrown when generateOrg gets options it cannot honour. */
export class GenerateOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenerateOptionsError';
  }
}

export const SEGMENTS = ['SMB', 'MM', 'ENT'] as const;
export type Segment = (typeof SEGMENTS)[number];

interface SegmentProfile {
  /** Share of territories. */
  share: number;
  /** Won bookings of an average rep (skill 1) in a factor-1 territory, per ramped average-season month, in cents. */
  productivity: number;
  /** Mean won deal size in cents before scaling to the requested deal count. */
  dealSize: number;
  /** Annual on-target earnings of AEs and AMs, in cents. */
  ote: number;
  /** Sales cycle (close − created) in days, uniform in [min, max]. */
  cycleDays: readonly [number, number];
  /** Employees of an account: median and bounds. */
  employees: readonly [number, number, number];
  /** Potential of an account in a factor-1 territory, in cents. */
  potential: number;
}

// Quota-to-OTE of about 5: monthly productivity ≈ 5 × OTE / 12.
const PROFILES: Record<Segment, SegmentProfile> = {
  SMB: {
    share: 0.5,
    productivity: 5_000_000,
    dealSize: 1_500_000,
    ote: 12_000_000,
    cycleDays: [15, 60],
    employees: [50, 5, 199],
    potential: 6_000_000,
  },
  MM: {
    share: 0.3,
    productivity: 6_500_000,
    dealSize: 4_000_000,
    ote: 16_000_000,
    cycleDays: [30, 120],
    employees: [600, 200, 1_999],
    potential: 25_000_000,
  },
  ENT: {
    share: 0.2,
    productivity: 9_000_000,
    dealSize: 12_000_000,
    ote: 22_000_000,
    cycleDays: [60, 180],
    employees: [6_000, 2_000, 200_000],
    potential: 90_000_000,
  },
};

/**
 * Seasonality shares s of the 12 calendar months (January first), summing to 1: a summer dip
 * and a Q4 peak with quarter-end pushes. A month's deal flow is scaled by σ = 12 × s.
 */
export const SEASONALITY: readonly number[] = Object.freeze(
  [0.9, 0.95, 1.1, 0.95, 1.0, 1.05, 0.8, 0.75, 1.05, 1.0, 1.1, 1.35].map((sigma) => sigma / 12),
);

/** Ramp factors of tenure months 1, 2, 3 (fractions of full productivity); 1 from month 4 on. */
export const RAMP: readonly number[] = Object.freeze([0.25, 0.5, 0.75]);

/** Log-scale sd of the rep skill multiplier (mean 1). */
const SKILL_SIGMA = 0.3;
/** Log-scale sd of deal sizes around the segment mean. */
const DEAL_SIZE_SIGMA = 0.6;
/** Open deals created per month in the last 3 months, as a multiple of the month's closed deals. */
const OPEN_FACTOR = 1;
const OPEN_MONTHS = 3;
/** Days after the window within which open deals are expected to close. */
const OPEN_HORIZON_DAYS = 183;
const SDR_SOURCED_SHARE = 0.4;
const ACCOUNTS_PER_REP: readonly [number, number] = [6, 14];
const SDR_OTE = 8_000_000;
const MGR_OTE = 26_000_000;

/** The words of a list written over several lines. */
function words(text: string): readonly string[] {
  return text.trim().split(/\s+/);
}

/** The items of a comma-separated list written over several lines (items may hold spaces). */
function commaList(text: string): readonly string[] {
  return text.split(',').map((item) => item.trim().replace(/\s+/g, ' '));
}

/** Header of each file: the names and order of docs/data-formats.md (truth.csv is ours). */
const COLUMNS = {
  territories: commaList('id, name, parent_id, segment'),
  reps: commaList(`
    id, name, email, manager_id, role, segment, territory_id, start_date, end_date, ote,
    currency
  `),
  accounts: commaList(`
    id, name, territory_id, owner_id, segment, industry, employees, annual_revenue, potential
  `),
  products: commaList('id, name, family, list_price'),
  deals: commaList(`
    id, name, account_id, owner_id, source_rep_id, amount, currency, created_date, close_date,
    stage, status, probability, type, product
  `),
  rates: commaList('currency, rate, valid_from'),
  truth: commaList(`
    rep_id, planted_productivity, skill, territory, segment, role, win_rate, territory_factor
  `),
};

const REGION_NAMES = commaList(`
  North America East, North America West, North America Central, EMEA North, EMEA South, UK and
  Ireland, DACH, Nordics, APAC North, APAC South, LATAM, Benelux
`);
const FIRST_NAMES = words(`
  Ada Alex Amara Ana Ben Carla Chen Chloe Dan Dara Elena Eli Emma Farah Felix Grace Hana Hugo
  Ines Ivan Jade Jamal Jonas Kai Kenji Lara Leo Lina Luca Maya Mei Mila Nadia Noah Nora Omar
  Oscar Paula Priya Quinn Rafael Rosa Ruth Sam Sara Sofia Tariq Tess Theo Uma Vera Victor Wen
  Yara Yusuf Zoe
`);
const LAST_NAMES = words(`
  Adams Ahmed Alvarez Baker Becker Bianchi Brown Carter Chen Cohen Costa Dubois Eriksson Evans
  Fischer Garcia Green Gupta Hansen Hill Ito Jansen Jones Kim Klein Kowalski Larsen Lee Lopez
  Martin Meyer Moreau Murphy Nakamura Nguyen Novak Okafor Olsen Park Patel Perez Petrov Rossi
  Santos Schmidt Silva Singh Smith Suzuki Taylor Torres Wagner Walker Wang Weber Wilson Wong
  Young Zhang Zimmer
`);
const NAME_PREFIXES = words(`
  North Blue Bright Silver Green Red Iron Clear Swift Stone Sun Star Oak Pine River Lake Summit
  Harbor Cedar Maple Falcon Eagle Nova Apex Prime Vector Quantum Atlas Orbit Pixel Cobalt Amber
  Crystal Delta Echo Frontier Granite Horizon Meridian Zenith
`);
const NAME_SUFFIXES = words(`
  wind wave field gate bridge point line works stack path forge light peak crest ridge vale
  brook port view spark flow grid leaf mark shore stream tech ware base cloud
`);
const NAME_KINDS = commaList(`
  Systems, Labs, Foods, Logistics, Health, Energy, Retail, Capital, Media, Industries, Partners,
  Solutions
`);
const INDUSTRIES = commaList(`
  Software, Financial Services, Healthcare, Manufacturing, Retail, Education, Logistics, Media,
  Energy, Telecommunications, Public Sector, Professional Services
`);
const INDUSTRY_WEIGHTS = [18, 12, 10, 12, 9, 5, 7, 5, 5, 5, 4, 8] as const;

const FAMILIES = [
  { code: 'PLAT', name: 'Platform', weight: 0.6, listPrices: [1_200_000, 3_600_000, 11_000_000] },
  { code: 'ANLT', name: 'Analytics', weight: 0.25, listPrices: [400_000, 1_200_000, 3_500_000] },
  { code: 'SERV', name: 'Services', weight: 0.15, listPrices: [250_000, 800_000, 2_500_000] },
] as const;
const EDITIONS: Record<Segment, string> = {
  SMB: 'Starter',
  MM: 'Professional',
  ENT: 'Enterprise',
};
const FAMILY_WEIGHTS = FAMILIES.map((f) => f.weight);

const DEAL_TYPES = ['new_business', 'expansion', 'renewal'] as const;
const DEAL_TYPE_LABELS = ['New Business', 'Expansion', 'Renewal'] as const;
/** Deal type mix of AEs and AMs (new business, expansion, renewal). */
const AE_TYPE_WEIGHTS = [0.85, 0.15, 0] as const;
const AM_TYPE_WEIGHTS = [0.05, 0.55, 0.4] as const;

const OPEN_STAGES = [
  { stage: 'Qualification', probability: '0.1', weight: 0.3 },
  { stage: 'Discovery', probability: '0.25', weight: 0.25 },
  { stage: 'Proposal', probability: '0.5', weight: 0.2 },
  { stage: 'Negotiation', probability: '0.75', weight: 0.15 },
  { stage: 'Commit', probability: '0.9', weight: 0.1 },
] as const;
const OPEN_STAGE_WEIGHTS = OPEN_STAGES.map((s) => s.weight);

const CURRENCIES = [
  { code: 'USD', share: 0.7, rate: 1 },
  { code: 'EUR', share: 0.2, rate: 1.08 },
  { code: 'GBP', share: 0.1, rate: 1.27 },
] as const;
const CURRENCY_SHARES = CURRENCIES.map((c) => c.share);

const DEFAULT_START = '2024-01-01';
const DEFAULT_MONTHS = 24;
const DEFAULT_DEALS_PER_REP = 200;
const MAX_DEALS = 20_000_000;
const CHUNK_BYTES = 1 << 20;

// ---------------------------------------------------------------------------------------------
// Calendar, in day numbers (days since 1970-01-01) and month indexes (year × 12 + month − 1).

const DAY_MS = 86_400_000;

function dayOfIso(iso: string): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) /
    DAY_MS
  );
}

function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function firstDayOfMonth(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS;
}

function monthOfDay(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function isFirstOfMonth(value: string): boolean {
  if (!/^\d{4}-(0[1-9]|1[0-2])-01$/.test(value)) return false;
  return isoOfDay(dayOfIso(value)) === value;
}

/**
 * Effective capacity (fraction of a fully ramped FTE) of a rep in month index `month`, whose days
 * run from `first` to `last`: the active fraction of those days between start and end day
 * (inclusive) × the ramp factor of the tenure month (the start month is tenure month 1).
 */
function capacityOfMonth(
  startDay: number,
  startMonth: number,
  endDay: number | null,
  month: number,
  first: number,
  last: number,
): number {
  const lo = Math.max(first, startDay);
  const hi = endDay === null ? last : Math.min(last, endDay);
  if (hi < lo) return 0;
  const tenure = month - startMonth + 1;
  const ramp = tenure <= RAMP.length ? (RAMP[tenure - 1] ?? 1) : 1;
  return ((hi - lo + 1) / (last - first + 1)) * ramp;
}

/**
 * Effective capacity as a fraction in [0, 1] of a fully ramped month for employment dates
 * (ISO, end inclusive, null = still employed) and a month 'YYYY-MM': active days ÷ days of the
 * month × ramp (0.25, 0.5, 0.75 in tenure months 1-3, then 1).
 */
export function effectiveCapacity(
  startDate: string,
  endDate: string | null,
  month: string,
): number {
  const m = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const startDay = dayOfIso(startDate);
  const endDay = endDate === null ? null : dayOfIso(endDate);
  const first = firstDayOfMonth(m);
  return capacityOfMonth(
    startDay,
    monthOfDay(startDay),
    endDay,
    m,
    first,
    firstDayOfMonth(m + 1) - 1,
  );
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined)
    throw new RangeError(`index ${index} out of range 0..${items.length - 1}`);
  return item;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** Integer cents as currency units with two decimals ('1234.50'); cents ≥ 0. */
function formatCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${TWO_DIGITS[cents % 100] ?? '00'}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Counts proportional to `shares` that sum to `total` exactly (largest remainder). */
function apportion(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (total * s) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return counts;
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = at(items, i);
    items[i] = at(items, j);
    items[j] = tmp;
  }
  return items;
}

const NAME_COMBINATIONS = NAME_PREFIXES.length * NAME_SUFFIXES.length * NAME_KINDS.length;

/** A unique company name for account index i (a bijection over the name grid, then numbered). */
function accountName(i: number): string {
  const cell = (i * 7919) % NAME_COMBINATIONS;
  const round = Math.floor(i / NAME_COMBINATIONS);
  const prefix = at(NAME_PREFIXES, cell % NAME_PREFIXES.length);
  const suffix = at(NAME_SUFFIXES, Math.floor(cell / NAME_PREFIXES.length) % NAME_SUFFIXES.length);
  const kind = at(NAME_KINDS, Math.floor(cell / (NAME_PREFIXES.length * NAME_SUFFIXES.length)));
  return round === 0 ? `${prefix}${suffix} ${kind}` : `${prefix}${suffix} ${kind} ${round + 1}`;
}

interface Sink {
  add: (text: string) => void;
  pending: () => number;
  flush: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * A file written in ~1 MB chunks: lines are copied into reused byte buffers at once (so they die
 * young and no external memory churns the GC), and one batch is written while the next is being
 * generated; memory stays flat whatever the number of lines. Text must be ASCII (written as latin1).
 */
async function openSink(path: string, header: readonly string[]): Promise<Sink> {
  const handle = await open(path, 'w');
  const spare: Buffer[] = [];
  const take = (size: number): Buffer => {
    const reused = spare.pop();
    return reused !== undefined && reused.length >= size
      ? reused
      : Buffer.allocUnsafe(Math.max(CHUNK_BYTES, size));
  };
  let chunk = take(CHUNK_BYTES);
  let used = 0;
  let filled: { bytes: Buffer; length: number }[] = [];
  let writing: Promise<void> = Promise.resolve();
  let failure: Error | null = null;

  const add = (text: string): void => {
    if (used + text.length > chunk.length) {
      filled.push({ bytes: chunk, length: used });
      chunk = take(text.length);
      used = 0;
    }
    used += chunk.write(text, used, 'latin1');
  };
  const writeBatch = async (batch: { bytes: Buffer; length: number }[]): Promise<void> => {
    for (const { bytes, length } of batch) {
      let done = 0;
      while (done < length) done += (await handle.write(bytes, done, length - done)).bytesWritten;
      spare.push(bytes);
    }
  };
  const flush = async (): Promise<void> => {
    await writing;
    if (failure !== null) throw failure;
    if (used > 0) {
      filled.push({ bytes: chunk, length: used });
      chunk = take(CHUNK_BYTES);
      used = 0;
    }
    const batch = filled;
    filled = [];
    writing = writeBatch(batch).catch((error: unknown) => {
      failure =
        error instanceof Error ? error : new Error(`writing ${path} failed`, { cause: error });
    });
  };
  add(`${header.join(',')}\n`);
  return {
    add,
    pending: () => used + filled.reduce((sum, f) => sum + f.length, 0),
    flush,
    close: async () => {
      try {
        await flush();
        await writing;
        if (failure !== null) throw failure;
      } finally {
        await handle.close();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The organisation.

interface Region {
  id: string;
  name: string;
  managers: number[];
  sdrs: number[];
}

interface TerritoryRecord {
  id: string;
  name: string;
  region: number;
  segment: Segment;
  /** Market size factor in [0.5, 2]. */
  factor: number;
}

type RepRole = 'MGR' | 'AE' | 'AM' | 'SDR';

interface RepRecord {
  id: string;
  name: string;
  email: string;
  role: RepRole;
  region: number;
  /** Index into territories; -1 for managers, who sit on their region. */
  territory: number;
  manager: number;
  segment: Segment | null;
  startDay: number;
  endDay: number | null;
  ote: number;
  skill: number;
  winRate: number;
  /** Planted won bookings per ramped average-season month, integer cents; 0 for MGR and SDR. */
  productivity: number;
  firstAccount: number;
  accountCount: number;
}

interface Org {
  regions: Region[];
  territories: TerritoryRecord[];
  reps: RepRecord[];
}

function regionName(i: number): string {
  const base = at(REGION_NAMES, i % REGION_NAMES.length);
  const round = Math.floor(i / REGION_NAMES.length);
  return round === 0 ? base : `${base} ${round + 1}`;
}

function buildOrg(repCount: number, windowStart: number, windowEnd: number, rng: Rng): Org {
  const regionCount = Math.max(2, Math.round(repCount / 250));
  const regions: Region[] = [];
  const territories: TerritoryRecord[] = [];
  const reps: RepRecord[] = [];
  const repWidth = Math.max(5, String(repCount).length);
  const segmentShares = SEGMENTS.map((s) => PROFILES[s].share);

  for (let r = 0; r < regionCount; r++) {
    const size = Math.floor(repCount / regionCount) + (r < repCount % regionCount ? 1 : 0);
    const region: Region = {
      id: `RG-${pad(r + 1, 3)}`,
      name: regionName(r),
      managers: [],
      sdrs: [],
    };
    regions.push(region);
    const managerCount = Math.max(1, Math.round(size / 9));
    const [ae = 0, am = 0, sdr = 0] = apportion(size - managerCount, [0.75, 0.15, 0.1]);

    const quotaCarriers = ae + am;
    const territoryCount = Math.max(
      1,
      Math.min(quotaCarriers, Math.max(3, Math.round(quotaCarriers / 3))),
    );
    const firstTerritory = territories.length;
    const perSegment = apportion(territoryCount, segmentShares);
    SEGMENTS.forEach((segment, s) => {
      for (let k = 0; k < (perSegment[s] ?? 0); k++) {
        const z = Math.max(-3, Math.min(3, rng.normal()));
        territories.push({
          id: `TR-${pad(territories.length + 1, 5)}`,
          name: `${region.name} ${segment} ${k + 1}`,
          region: r,
          segment,
          factor: Math.min(2, Math.max(0.5, Math.exp(0.35 * z))),
        });
      }
    });

    const roles: RepRole[] = shuffle(
      [
        ...Array.from({ length: ae }, (): RepRole => 'AE'),
        ...Array.from({ length: am }, (): RepRole => 'AM'),
        ...Array.from({ length: sdr }, (): RepRole => 'SDR'),
      ],
      rng,
    );
    const newRep = (role: RepRole): RepRecord => {
      const n = reps.length + 1;
      const first = at(FIRST_NAMES, rng.int(FIRST_NAMES.length));
      const last = at(LAST_NAMES, rng.int(LAST_NAMES.length));
      const rep: RepRecord = {
        id: `REP-${pad(n, repWidth)}`,
        name: `${first} ${last}`,
        email: `${first.toLowerCase()}.${last.toLowerCase()}.${n}@example.com`,
        role,
        region: r,
        territory: -1,
        manager: -1,
        segment: null,
        startDay: windowStart - rng.between(365, 3_650),
        endDay: null,
        ote: role === 'MGR' ? MGR_OTE : SDR_OTE,
        skill: 0,
        winRate: 0,
        productivity: 0,
        firstAccount: 0,
        accountCount: 0,
      };
      reps.push(rep);
      return rep;
    };
    for (let k = 0; k < managerCount; k++) {
      region.managers.push(reps.length);
      newRep('MGR');
    }

    let quotaSeat = 0;
    roles.forEach((role, k) => {
      const index = reps.length;
      const rep = newRep(role);
      rep.manager = at(region.managers, k % managerCount);
      // ~20% hired during the window (so ramps show), the rest up to ~8 years before it.
      if (rng.next() < 0.2) rep.startDay = rng.between(windowStart, windowEnd - 30);
      else rep.startDay = windowStart - rng.between(1, 2_900);
      if (rng.next() < 0.08) {
        const earliest = Math.max(rep.startDay, windowStart) + 90;
        if (earliest < windowEnd) rep.endDay = rng.between(earliest, windowEnd - 1);
      }
      if (role === 'SDR') {
        rep.territory = firstTerritory + rng.int(territoryCount);
        region.sdrs.push(index);
      } else {
        // Round-robin over the region's territories so every territory has a seller.
        rep.territory = firstTerritory + (quotaSeat++ % territoryCount);
      }
      const territory = at(territories, rep.territory);
      rep.segment = territory.segment;
      if (role === 'SDR') return;
      const profile = PROFILES[territory.segment];
      const z = Math.max(-3, Math.min(3, rng.normal()));
      rep.ote = profile.ote;
      rep.skill = Math.exp(SKILL_SIGMA * z - (SKILL_SIGMA * SKILL_SIGMA) / 2);
      rep.winRate = Math.round((0.2 + 0.2 * rng.next()) * 1000) / 1000;
      rep.productivity = Math.round(profile.productivity * territory.factor * rep.skill);
    });
  }
  return { regions, territories, reps };
}

// ---------------------------------------------------------------------------------------------
// Options.

interface ResolvedOptions {
  reps: number;
  deals: number;
  months: number;
  start: string;
  seed: number;
  out: string;
  currencies: boolean;
}

function resolveOptions(options: GenerateOptions): ResolvedOptions {
  const { reps } = options;
  if (!Number.isInteger(reps) || reps < 10 || reps > 50_000) {
    throw new GenerateOptionsError(`reps must be a whole number from 10 to 50000, got ${reps}`);
  }
  const deals = options.deals ?? DEFAULT_DEALS_PER_REP * reps;
  if (!Number.isInteger(deals) || deals < 1 || deals > MAX_DEALS) {
    throw new GenerateOptionsError(
      `deals must be a whole number from 1 to ${MAX_DEALS}, got ${deals}`,
    );
  }
  const months = options.months ?? DEFAULT_MONTHS;
  if (!Number.isInteger(months) || months < 1 || months > 240) {
    throw new GenerateOptionsError(`months must be a whole number from 1 to 240, got ${months}`);
  }
  const start = options.start ?? DEFAULT_START;
  if (!isFirstOfMonth(start)) {
    throw new GenerateOptionsError(
      `start must be the first day of a month, YYYY-MM-01, got ${JSON.stringify(start)}`,
    );
  }
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) {
    throw new GenerateOptionsError(`seed must be a whole number, got ${seed}`);
  }
  if (options.out.length === 0) throw new GenerateOptionsError('out must name a folder');
  return {
    reps,
    deals,
    months,
    start,
    seed,
    out: options.out,
    currencies: options.currencies ?? false,
  };
}

// ---------------------------------------------------------------------------------------------
// The generator.

/** Streams rows to a CSV file (fields quoted when needed); returns the number of rows. */
async function writeCsvFile(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly string[]>,
): Promise<number> {
  const sink = await openSink(path, header);
  let count = 0;
  for (const row of rows) {
    sink.add(`${row.map(csvField).join(',')}\n`);
    count++;
    if (sink.pending() >= CHUNK_BYTES) await sink.flush();
  }
  await sink.close();
  return count;
}

/**
 * Writes a synthetic organisation to `options.out`: territories, reps, accounts, products and
 * deals CSVs in the generic layout (rates.csv with `currencies`), plus truth.csv (planted
 * productivity in cents per ramped average-season month, per AE and AM) and truth.json. The
 * same options give byte-identical files. Everything is streamed: memory depends on the number
 * of reps, not of deals.
 */
export async function generateOrg(options: GenerateOptions): Promise<GenerateSummary> {
  const began = performance.now();
  const opts = resolveOptions(options);
  const { months, seed, out } = opts;
  await mkdir(out, { recursive: true });

  const firstMonth = Number(opts.start.slice(0, 4)) * 12 + Number(opts.start.slice(5, 7)) - 1;
  const monthFirstDays = Array.from({ length: months + 1 }, (_, m) =>
    firstDayOfMonth(firstMonth + m),
  );
  const windowStart = at(monthFirstDays, 0);
  const windowEnd = at(monthFirstDays, months) - 1;
  const { regions, territories, reps } = buildOrg(
    opts.reps,
    windowStart,
    windowEnd,
    createRng(seed, 'org'),
  );
  const quotaReps = reps.filter((rep) => rep.role === 'AE' || rep.role === 'AM');
  const files: Record<string, number> = {};

  // territories.csv: regions (no parent, no segment), then territories under them.
  files['territories.csv'] = await writeCsvFile(join(out, 'territories.csv'), COLUMNS.territories, [
    ...regions.map((r) => [r.id, r.name, '', '']),
    ...territories.map((t) => [t.id, t.name, at(regions, t.region).id, t.segment]),
  ]);

  files['reps.csv'] = await writeCsvFile(
    join(out, 'reps.csv'),
    COLUMNS.reps,
    (function* repRows() {
      for (const rep of reps) {
        yield [
          rep.id,
          rep.name,
          rep.email,
          rep.manager < 0 ? '' : at(reps, rep.manager).id,
          rep.role,
          rep.segment ?? '',
          rep.territory < 0 ? at(regions, rep.region).id : at(territories, rep.territory).id,
          isoOfDay(rep.startDay),
          rep.endDay === null ? '' : isoOfDay(rep.endDay),
          formatCents(rep.ote),
          'USD',
        ];
      }
    })(),
  );

  files['products.csv'] = await writeCsvFile(
    join(out, 'products.csv'),
    COLUMNS.products,
    FAMILIES.flatMap((family) =>
      SEGMENTS.map((segment, s) => [
        `PRD-${family.code}-${segment}`,
        `${family.name} ${EDITIONS[segment]}`,
        family.name,
        formatCents(at(family.listPrices, s)),
      ]),
    ),
  );

  // Accounts: contiguous per owner, streamed (50,000 reps make ~400,000 accounts). Their
  // currency comes from a stream of its own, so `currencies` changes nothing else.
  const accountRng = createRng(seed, 'accounts');
  const currencyRng = createRng(seed, 'currencies');
  const maxAccounts = quotaReps.length * ACCOUNTS_PER_REP[1];
  const accountWidth = Math.max(6, String(maxAccounts).length);
  const accountCurrency = new Uint8Array(maxAccounts);
  const accountSink = await openSink(join(out, 'accounts.csv'), COLUMNS.accounts);
  let accountCount = 0;
  for (const rep of quotaReps) {
    const territory = at(territories, rep.territory);
    const profile = PROFILES[territory.segment];
    const [median, low, high] = profile.employees;
    rep.firstAccount = accountCount;
    rep.accountCount = accountRng.between(ACCOUNTS_PER_REP[0], ACCOUNTS_PER_REP[1]);
    for (let k = 0; k < rep.accountCount; k++) {
      const i = accountCount++;
      const employees = Math.min(
        high,
        Math.max(low, Math.round(median * Math.exp(0.8 * accountRng.normal()))),
      );
      const revenue = Math.round(employees * accountRng.lognormal(180_000, 0.4)) * 100;
      const potential =
        Math.round((profile.potential * territory.factor * accountRng.lognormal(1, 0.5)) / 100) *
        100;
      const industry = at(INDUSTRIES, accountRng.pick(INDUSTRY_WEIGHTS));
      if (opts.currencies) accountCurrency[i] = currencyRng.pick(CURRENCY_SHARES);
      accountSink.add(
        `ACC-${pad(i + 1, accountWidth)},${accountName(i)},${territory.id},${rep.id},${territory.segment},${industry},${employees},${formatCents(revenue)},${formatCents(potential)}\n`,
      );
    }
    if (accountSink.pending() >= CHUNK_BYTES) await accountSink.flush();
  }
  await accountSink.close();
  files['accounts.csv'] = accountCount;

  // Rates: one per currency and month of the window, a gentle random walk.
  const rateRng = createRng(seed, 'rates');
  const rates: number[][] = CURRENCIES.map((c) => {
    let rate: number = c.rate;
    return Array.from({ length: months }, () => {
      if (c.code === 'USD') return 1;
      rate *= Math.exp(0.015 * rateRng.normal());
      return Math.round(rate * 10_000) / 10_000;
    });
  });
  if (opts.currencies) {
    files['rates.csv'] = await writeCsvFile(
      join(out, 'rates.csv'),
      COLUMNS.rates,
      CURRENCIES.slice(1).flatMap((c, ci) =>
        at(rates, ci + 1).map((rate, m) => [
          c.code,
          rate.toFixed(4),
          isoOfDay(at(monthFirstDays, m)),
        ]),
      ),
    );
  } else {
    await rm(join(out, 'rates.csv'), { force: true });
  }

  files['truth.csv'] = await writeCsvFile(
    join(out, 'truth.csv'),
    COLUMNS.truth,
    quotaReps.map((rep) => {
      const territory = at(territories, rep.territory);
      return [
        rep.id,
        String(rep.productivity),
        rep.skill.toFixed(4),
        territory.id,
        territory.segment,
        rep.role,
        rep.winRate.toFixed(3),
        territory.factor.toFixed(4),
      ];
    }),
  );

  // Deal flow. Expected deals of rep i in month m, before scaling: λ_won = P_i × e_i(m) × σ(m)
  // ÷ dealSize_seg, closed = λ_won ÷ winRate_i, plus as many open deals again in the last
  // months. Dividing every deal size by k (k = requested ÷ expected) multiplies the counts by k
  // and leaves the expected bookings, and so the planted productivity, unchanged.
  const sigma = Array.from(
    { length: months },
    (_, m) => 12 * at(SEASONALITY, (firstMonth + m) % 12),
  );
  const capacity = new Float64Array(quotaReps.length * months);
  let expected = 0;
  quotaReps.forEach((rep, i) => {
    const startMonth = monthOfDay(rep.startDay);
    const dealSize = PROFILES[rep.segment ?? 'SMB'].dealSize;
    for (let m = 0; m < months; m++) {
      const first = at(monthFirstDays, m);
      const last = at(monthFirstDays, m + 1) - 1;
      const e = capacityOfMonth(rep.startDay, startMonth, rep.endDay, firstMonth + m, first, last);
      capacity[i * months + m] = e;
      const closed = (rep.productivity * e * at(sigma, m)) / dealSize / rep.winRate;
      expected += closed * (m >= months - OPEN_MONTHS ? 1 + OPEN_FACTOR : 1);
    }
  });
  const scale = expected > 0 ? opts.deals / expected : 1;
  const dealSize: Record<Segment, number> = {
    SMB: PROFILES.SMB.dealSize / scale,
    MM: PROFILES.MM.dealSize / scale,
    ENT: PROFILES.ENT.dealSize / scale,
  };

  // Every date a deal can carry, formatted once.
  const dayMin = windowStart - 200;
  const isoDays = Array.from({ length: windowEnd + OPEN_HORIZON_DAYS + 200 - dayMin + 1 }, (_, d) =>
    isoOfDay(dayMin + d),
  );
  const iso = (day: number): string => isoDays[day - dayMin] ?? isoOfDay(day);
  const dealWidth = Math.max(8, String(Math.ceil(opts.deals * 1.1)).length);
  const productIds = FAMILIES.map((family) =>
    SEGMENTS.map((segment) => `PRD-${family.code}-${segment}`),
  );
  const dealSink = await openSink(join(out, 'deals.csv'), COLUMNS.deals);
  let dealCount = 0;

  for (let i = 0; i < quotaReps.length; i++) {
    const rep = at(quotaReps, i);
    // One stream per rep: a rep's deals depend only on the seed, the rep and the scale.
    const rng = createRng(seed, `deals:${rep.id}`);
    const segment = rep.segment ?? 'SMB';
    const segmentIndex = SEGMENTS.indexOf(segment);
    const meanSize = dealSize[segment];
    const [cycleMin, cycleMax] = PROFILES[segment].cycleDays;
    const typeWeights = rep.role === 'AM' ? AM_TYPE_WEIGHTS : AE_TYPE_WEIGHTS;
    const sdrs = at(regions, rep.region).sdrs;
    const accountIds = Array.from(
      { length: rep.accountCount },
      (_, k) => `ACC-${pad(rep.firstAccount + k + 1, accountWidth)}`,
    );
    const accountNames = Array.from({ length: rep.accountCount }, (_, k) =>
      accountName(rep.firstAccount + k),
    );

    const emit = (status: 'won' | 'lost' | 'open', lo: number, hi: number, m: number): void => {
      const typeIndex = rng.pick(typeWeights);
      const account = rng.int(rep.accountCount);
      const product = at(at(productIds, rng.pick(FAMILY_WEIGHTS)), segmentIndex);
      let amount = Math.max(1, Math.round(rng.lognormal(meanSize, DEAL_SIZE_SIGMA)));
      const cycle = rng.between(cycleMin, cycleMax);
      let created: number;
      let close: number;
      let stage: string;
      let probability: string;
      if (status === 'open') {
        created = rng.between(lo, hi);
        close = created + cycle;
        if (close <= windowEnd) close = windowEnd + rng.between(1, 92);
        close = Math.min(close, windowEnd + OPEN_HORIZON_DAYS);
        const s = at(OPEN_STAGES, rng.pick(OPEN_STAGE_WEIGHTS));
        stage = s.stage;
        probability = s.probability;
      } else {
        close = rng.between(lo, hi);
        // No deal predates its owner: inherited pipeline would look like a data error.
        created = Math.max(close - cycle, rep.startDay);
        stage = status === 'won' ? 'Closed Won' : 'Closed Lost';
        probability = status === 'won' ? '1' : '0';
      }
      let source = '';
      if (
        typeIndex === 0 &&
        rep.role === 'AE' &&
        sdrs.length > 0 &&
        rng.next() < SDR_SOURCED_SHARE
      ) {
        const sdr = at(reps, at(sdrs, rng.int(sdrs.length)));
        if (sdr.startDay <= created && (sdr.endDay === null || created <= sdr.endDay))
          source = sdr.id;
      }
      const currencyIndex = accountCurrency[rep.firstAccount + account] ?? 0;
      if (currencyIndex !== 0) {
        // The importer converts at the latest rate valid on the close date: this month's, or the
        // last one for open deals closing after the window.
        const rate = at(at(rates, currencyIndex), status === 'open' ? months - 1 : m);
        amount = Math.max(1, Math.round(amount / rate));
      }
      dealCount++;
      dealSink.add(
        `DL-${pad(dealCount, dealWidth)},${accountNames[account] ?? ''} - ${DEAL_TYPE_LABELS[typeIndex] ?? ''},${accountIds[account] ?? ''},${rep.id},${source},${formatCents(amount)},${at(CURRENCIES, currencyIndex).code},${iso(created)},${iso(close)},${stage},${status},${probability},${DEAL_TYPES[typeIndex] ?? ''},${product}\n`,
      );
    };

    for (let m = 0; m < months; m++) {
      const e = capacity[i * months + m] ?? 0;
      if (e === 0) continue;
      const lo = Math.max(at(monthFirstDays, m), rep.startDay);
      const monthLast = at(monthFirstDays, m + 1) - 1;
      const hi = rep.endDay === null ? monthLast : Math.min(monthLast, rep.endDay);
      const won = (rep.productivity * e * at(sigma, m)) / meanSize;
      const wonCount = rng.poisson(won);
      const lostCount = rng.poisson((won * (1 - rep.winRate)) / rep.winRate);
      const openCount =
        m >= months - OPEN_MONTHS ? rng.poisson((won / rep.winRate) * OPEN_FACTOR) : 0;
      for (let k = 0; k < wonCount; k++) emit('won', lo, hi, m);
      for (let k = 0; k < lostCount; k++) emit('lost', lo, hi, m);
      for (let k = 0; k < openCount; k++) emit('open', lo, hi, m);
      if (dealSink.pending() >= CHUNK_BYTES) {
        await dealSink.flush();
        options.onProgress?.(dealCount);
      }
    }
  }
  await dealSink.close();
  options.onProgress?.(dealCount);
  files['deals.csv'] = dealCount;

  const truth = {
    description:
      'Planted truth of a synthetic organisation. truth.csv: planted_productivity = won bookings (all deal types) per fully ramped, average-season month, in cents; skill = the rep multiplier (mean 1); win_rate = planted won / (won + lost); territory_factor = market size factor of the territory.',
    options: {
      reps: opts.reps,
      deals: opts.deals,
      months,
      start: opts.start,
      seed,
      currencies: opts.currencies,
    },
    window: { start: isoOfDay(windowStart), end: isoOfDay(windowEnd) },
    seasonality: SEASONALITY,
    ramp: RAMP,
    dealSizeSigma: DEAL_SIZE_SIGMA,
    dealScale: scale,
    segments: Object.fromEntries(
      SEGMENTS.map((segment) => [
        segment,
        {
          share: PROFILES[segment].share,
          baseProductivityCents: PROFILES[segment].productivity,
          meanDealSizeCents: Math.round(dealSize[segment]),
          oteCents: PROFILES[segment].ote,
          cycleDays: PROFILES[segment].cycleDays,
        },
      ]),
    ),
  };
  await writeFile(join(out, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);

  return {
    out,
    files,
    deals: dealCount,
    reps: reps.length,
    seconds: Math.round(performance.now() - began) / 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// CLI: node bench/generate-org.ts --reps 5000 --deals 1000000 --seed 7 --out bench/out/org-5k

const USAGE = `Usage: node bench/generate-org.ts --reps N [--deals N] [--months N] [--start YYYY-MM-01]
       [--seed N] [--out DIR] [--currencies]`;

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      reps: { type: 'string' },
      deals: { type: 'string' },
      months: { type: 'string' },
      start: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      currencies: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
}

/** Runs the CLI; returns the exit code (2 for bad arguments). */
async function main(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parseCli>;
  try {
    values = parseCli(argv);
  } catch (error) {
    // parseArgs rejects unknown options and missing values with a TypeError.
    console.error(`${error instanceof Error ? error.message : 'bad arguments'}\n${USAGE}`);
    return 2;
  }
  if (values.help || values.reps === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const number = (text: string | undefined): number | undefined =>
    text === undefined ? undefined : Number(text.replaceAll('_', ''));
  const reps = number(values.reps) ?? 0;
  const options: GenerateOptions = {
    reps,
    out: values.out ?? `bench/out/org-${values.reps}`,
    currencies: values.currencies,
  };
  const deals = number(values.deals);
  const months = number(values.months);
  const seed = number(values.seed);
  if (deals !== undefined) options.deals = deals;
  if (months !== undefined) options.months = months;
  if (seed !== undefined) options.seed = seed;
  if (values.start !== undefined) options.start = values.start;
  if (process.stderr.isTTY) {
    options.onProgress = (written) => {
      process.stderr.write(`\r${written.toLocaleString('en-US')} deals`);
    };
  }
  try {
    const summary = await generateOrg(options);
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  } catch (error) {
    if (error instanceof GenerateOptionsError) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
