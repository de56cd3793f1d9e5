// METHOD.md §1–§5 written a second time, as plainly as possible, and set against the engine on
// generated organisations: ramping hires, departures, several segments and roles, nine
// territories of different potential, all three deal types, a seasonal history, and open
// pipeline that closes after the data was extracted. The reference below shares no code with
// src/core (dates by Date.UTC, its own rounding, its own weights and cohorts); where METHOD.md is
// silent it follows the decisions of docs/methodology.md, which are named where they apply.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account, Dataset, Deal, DealType, Rep, Territory } from '../model.ts';
import { createRng } from '../random.ts';
import { AE_ROLE, DEFAULT_ROLES, planWithDefaults } from '../plan/defaults.ts';
import type { Plan } from '../plan/types.ts';
import { allocate } from './allocate.ts';
import { learnHistory } from './history.ts';

// ---------------------------------------------------------------------------------------------
// Calendar, by hand

/** xs[i] or map.get(k), which the reference knows to be there. */
function at<T>(value: T | undefined): T {
  if (value === undefined) throw new RangeError('the reference read past its data');
  return value;
}
/** xs[i] += by, for arrays of numbers. */
function add(xs: number[], i: number, by: number): void {
  xs[i] = at(xs[i]) + by;
}

/** Months since year 0: 2024-03 → 2024 × 12 + 2. */
const monthOf = (date: string): number =>
  Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
const dayOf = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
  86_400_000;
const firstDay = (m: number): number => Date.UTC(Math.floor(m / 12), m % 12, 1) / 86_400_000;
const lastDay = (m: number): number => firstDay(m + 1) - 1;
const iso = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);
const monthStartIso = (m: number): string => iso(firstDay(m));

// ---------------------------------------------------------------------------------------------
// Generated organisations

const SEGMENTS = ['SMB', 'MM', 'ENT'] as const;
const TYPES: DealType[] = ['new_business', 'expansion', 'renewal'];

interface OrgSpec {
  seed: number;
  reps: number;
  segments: number;
  /** Accounts carry a potential field (else potential falls back to trailing bookings). */
  potentialField: boolean;
  /** Every AM has left before the plan starts: an AE-only roster over a history with renewals. */
  amsGone: boolean;
  /** Months of history before the as-of month. */
  historyMonths: number;
  /** Day of the as-of month on which the data was extracted (31: its last day). */
  extractDay: number;
}

const orgSpec: fc.Arbitrary<OrgSpec> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  reps: fc.integer({ min: 4, max: 18 }),
  segments: fc.integer({ min: 1, max: 3 }),
  potentialField: fc.boolean(),
  amsGone: fc.boolean(),
  historyMonths: fc.integer({ min: 8, max: 30 }),
  extractDay: fc.constantFrom(10, 20, 31),
});

/** The as-of month of every generated organisation: November 2024. */
const AS_OF_MONTH = monthOf('2024-11-01');

function generateOrg(spec: OrgSpec): Dataset {
  const rng = createRng(spec.seed, 'reference-org');
  const provenance = { source: 'test', derived: false };
  const firstMonth = AS_OF_MONTH - spec.historyMonths;
  const extracted = Math.min(firstDay(AS_OF_MONTH) + spec.extractDay - 1, lastDay(AS_OF_MONTH));
  const segments = SEGMENTS.slice(0, spec.segments);

  const territories: Territory[] = [];
  for (let t = 1; t <= 9; t++) {
    territories.push({
      ...provenance,
      id: `T${t}`,
      name: `Territory ${t}`,
      parentId: null,
      segment: segments[t % segments.length] ?? null,
    });
  }
  // A seasonal year: Q4 heavy, summer light.
  const season = [0.8, 0.8, 1.1, 0.9, 0.9, 1.0, 0.7, 0.6, 1.0, 1.1, 1.3, 1.8];
  const reps: Rep[] = [];
  const randomDay = (fromMonth: number, toMonth: number): string =>
    iso(firstDay(fromMonth) + rng.int(lastDay(toMonth) - firstDay(fromMonth) + 1));
  reps.push({
    ...provenance,
    id: 'M01',
    name: 'Manager',
    email: null,
    managerId: null,
    role: 'MGR',
    segment: null,
    territoryId: null,
    startDate: null,
    endDate: null,
    ote: null,
    currency: null,
  });
  for (let i = 1; i <= spec.reps; i++) {
    const role = i % 4 === 0 ? 'AM' : 'AE';
    // Hires ramp in the history; people leave before the plan (plan-year hires and departures
    // are the plan's, see planChanges). Nothing is dated after the extraction.
    const startDate = rng.next() < 0.3 ? randomDay(firstMonth, AS_OF_MONTH - 1) : null;
    let endDate: string | null = null;
    if ((role === 'AM' && spec.amsGone) || rng.next() < 0.15) {
      endDate = randomDay(firstMonth + 2, AS_OF_MONTH - 1);
    }
    if (startDate !== null && endDate !== null && endDate < startDate) endDate = null;
    const territory = rng.next() < 0.9 ? `T${1 + rng.int(9)}` : null;
    reps.push({
      ...provenance,
      id: `R${String(i).padStart(3, '0')}`,
      name: `Rep ${i}`,
      email: null,
      managerId: 'M01',
      role,
      segment: rng.next() < 0.2 ? (segments[rng.int(segments.length)] ?? null) : null,
      territoryId: territory,
      startDate,
      endDate,
      ote: null,
      currency: null,
    });
  }
  // Accounts: a few per territory, owned by one of its reps now and then.
  const accounts: Account[] = [];
  for (const t of territories) {
    const owners = reps.filter((p) => p.territoryId === t.id);
    const count = 2 + rng.int(6);
    for (let k = 0; k < count; k++) {
      const owner =
        owners.length > 0 && rng.next() < 0.6 ? owners[rng.int(owners.length)] : undefined;
      accounts.push({
        ...provenance,
        id: `${t.id}-A${k + 1}`,
        name: `Account ${t.id}-${k + 1}`,
        territoryId: rng.next() < 0.7 ? t.id : null,
        ownerId: owner?.id ?? null,
        segment: null,
        industry: null,
        employees: null,
        annualRevenue: null,
        potential:
          spec.potentialField && rng.next() < 0.85
            ? Math.round(rng.lognormal(5_000_000_00, 0.8) * (1 + Number(t.id.slice(1)) / 9))
            : null,
      });
    }
  }
  const accountsOf = (territoryId: string | null): Account[] => {
    const own = accounts.filter((a) => a.territoryId === territoryId);
    return own.length > 0 ? own : accounts;
  };

  const deals: Deal[] = [];
  let dealNo = 0;
  const addDeal = (d: Partial<Deal> & Pick<Deal, 'status' | 'closeDate'>): void => {
    dealNo++;
    deals.push({
      ...provenance,
      id: `D${String(dealNo).padStart(6, '0')}`,
      name: null,
      accountId: null,
      ownerId: null,
      sourceRepId: null,
      amount: null,
      originalAmount: null,
      currency: 'USD',
      createdDate: null,
      stage: null,
      probability: null,
      type: null,
      product: null,
      unmapped: [],
      ...d,
    });
  };
  for (const rep of reps) {
    if (rep.role === 'MGR') continue;
    const skill = 0.5 + rng.next();
    const typeWeights = rep.role === 'AM' ? [0.1, 0.45, 0.45] : [0.6, 0.25, 0.15];
    for (let m = firstMonth; m <= AS_OF_MONTH; m++) {
      const employedFrom = Math.max(
        firstDay(m),
        rep.startDate === null ? -Infinity : dayOf(rep.startDate),
      );
      const employedTo = Math.min(
        m === AS_OF_MONTH ? extracted : lastDay(m),
        rep.endDate === null ? Infinity : dayOf(rep.endDate),
      );
      if (employedTo < employedFrom) continue;
      const n = rng.poisson(3 * skill * (season[m % 12] ?? 1));
      for (let k = 0; k < n; k++) {
        const close = employedFrom + rng.int(employedTo - employedFrom + 1);
        const created = rng.next() < 0.9 ? iso(close - rng.int(120)) : null;
        const account = accountsOf(rep.territoryId);
        addDeal({
          ownerId: rep.id,
          status: rng.next() < 0.45 ? 'won' : 'lost',
          closeDate: iso(close),
          createdDate: created,
          amount: rng.next() < 0.97 ? Math.round(rng.lognormal(25_000_00 * skill, 0.9)) : null,
          type: rng.next() < 0.05 ? null : (TYPES[rng.pick(typeWeights)] ?? null),
          accountId: account[rng.int(account.length)]?.id ?? null,
        });
      }
    }
    // Open pipeline, expected to close after the data was extracted (a forecast, METHOD §1).
    const stillHere = rep.endDate === null || dayOf(rep.endDate) > extracted;
    if (stillHere) {
      for (let k = rng.int(4); k > 0; k--) {
        addDeal({
          ownerId: rep.id,
          status: 'open',
          closeDate: iso(extracted + 1 + rng.int(300)),
          createdDate: iso(extracted - rng.int(60)),
          amount: Math.round(rng.lognormal(30_000_00, 0.7)),
          type: TYPES[rng.pick(typeWeights)] ?? null,
          probability: 0.4,
        });
      }
    }
  }
  return {
    settings: { currency: 'USD', basis: 'amount', asOf: null },
    reps,
    territories,
    accounts,
    products: [],
    deals,
    rates: [],
    splits: [],
  };
}

/** The plan's own changes: hires who start in the plan year, departures during it. */
interface Changes {
  hires: {
    id: string;
    role: string;
    territoryId: string | null;
    segment: string | null;
    startDate: string;
  }[];
  departures: { repId: string; endDate: string }[];
}

function planChanges(data: Dataset, seed: number): Changes {
  const rng = createRng(seed, 'reference-changes');
  const S = AS_OF_MONTH + 1;
  const day = (fromMonth: number, toMonth: number): string =>
    iso(firstDay(fromMonth) + rng.int(lastDay(toMonth) - firstDay(fromMonth) + 1));
  const hires: Changes['hires'] = [];
  for (let h = rng.int(3); h > 0; h--) {
    hires.push({
      id: `H${String(h).padStart(2, '0')}`,
      role: rng.next() < 0.7 ? 'AE' : 'AM',
      territoryId: rng.next() < 0.8 ? `T${1 + rng.int(9)}` : null,
      segment: rng.next() < 0.3 ? 'SMB' : null,
      startDate: day(S, S + 8),
    });
  }
  const departures: Changes['departures'] = [];
  for (const rep of data.reps) {
    if (rep.role !== 'MGR' && rep.endDate === null && rng.next() < 0.12) {
      departures.push({ repId: rep.id, endDate: day(S + 1, S + 11) });
    }
  }
  return { hires, departures };
}

// ---------------------------------------------------------------------------------------------
// The reference: METHOD §1–§5, one formula at a time

interface PlanSpec {
  alpha: number;
  growth: number;
  over: number;
  seasonality: 'flat' | 'historical';
  perSegment: boolean;
  /** AEs count renewals too ("renewals only when the plan says so"). */
  aeRenewals: boolean;
  unit: number;
  historyMonths: number;
  /** Target as a multiple of the roster's bottom-up capacity. */
  ambition: number;
}

const planSpec: fc.Arbitrary<PlanSpec> = fc.record({
  alpha: fc.oneof(fc.constant(1), fc.constant(0.5), fc.double({ min: 0, max: 1, noNaN: true })),
  growth: fc.oneof(fc.constant(0), fc.double({ min: -0.3, max: 0.5, noNaN: true })),
  over: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.25, noNaN: true })),
  seasonality: fc.constantFrom('flat' as const, 'historical' as const),
  perSegment: fc.boolean(),
  aeRenewals: fc.boolean(),
  unit: fc.constantFrom(1, 100, 100_000),
  historyMonths: fc.constantFrom(12, 18, 24),
  ambition: fc.double({ min: 0.6, max: 1.6, noNaN: true }),
});

interface ReferenceRep {
  id: string;
  segment: string;
  capacity: number;
  monthly: number[];
  annual: number;
}

interface Reference {
  asOf: string;
  shares: number[];
  segments: Map<string, { target: number; capacity: number }>;
  reps: ReferenceRep[];
}

const countsOf = (spec: PlanSpec, role: string): DealType[] =>
  role === 'AM'
    ? ['expansion', 'renewal']
    : spec.aeRenewals
      ? ['new_business', 'expansion', 'renewal']
      : ['new_business', 'expansion'];
const RAMP = [0.25, 0.5, 0.75];

/** e(m) = active fraction × ramp (METHOD §2), by counting days. */
function effective(rep: Rep, m: number): number {
  const from = Math.max(firstDay(m), rep.startDate === null ? -Infinity : dayOf(rep.startDate));
  const to = Math.min(lastDay(m), rep.endDate === null ? Infinity : dayOf(rep.endDate));
  if (to < from) return 0;
  const a = (to - from + 1) / (lastDay(m) - firstDay(m) + 1);
  if (rep.startDate === null) return a;
  const tenure = m - monthOf(rep.startDate) + 1;
  return a * (tenure < 1 ? 0 : tenure > RAMP.length ? 1 : (RAMP[tenure - 1] ?? 1));
}

const collator = new Intl.Collator('en', { numeric: true });
const naturalOrder = (a: string, b: string): number =>
  collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/** Largest remainder over positive weights; ties to the earlier index. */
function largestRemainder(amount: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (amount * w) / total);
  const parts = exact.map(Math.floor);
  let left = amount - parts.reduce((a, b) => a + b, 0);
  // Remainders compared to a millionth of a cent: ties in exact arithmetic go to the earlier month.
  const r = exact.map((e, i) => Math.round((e - at(parts[i])) * 1e6));
  const order = exact.map((_, i) => i).sort((i, j) => at(r[j]) - at(r[i]) || i - j);
  for (let k = 0; left > 0; k++, left--) add(parts, at(order[k % order.length]), 1);
  return parts;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? at(s[mid]) : (at(s[mid - 1]) + at(s[mid])) / 2;
}

function reference(
  data: Dataset,
  changes: Changes,
  spec: PlanSpec,
  S: number,
  targetFor: (
    capacity: Map<string, number>,
  ) => { total: number } | { bySegment: Record<string, number> },
): Reference {
  const L = 12;
  // §1: as-of = the latest past date: closed deals' close dates, created dates, start and end dates.
  let asOf = '';
  for (const d of data.deals) {
    if (d.status !== 'open' && d.closeDate !== null && d.closeDate > asOf) asOf = d.closeDate;
    if (d.createdDate !== null && d.createdDate > asOf) asOf = d.createdDate;
  }
  for (const r of data.reps) {
    if (r.startDate !== null && r.startDate > asOf) asOf = r.startDate;
    if (r.endDate !== null && r.endDate > asOf) asOf = r.endDate;
  }
  const lastComplete = dayOf(asOf) === lastDay(monthOf(asOf)) ? monthOf(asOf) : monthOf(asOf) - 1;
  let firstClosed = Infinity;
  for (const d of data.deals) {
    if (d.status !== 'open' && d.closeDate !== null && d.closeDate <= asOf) {
      firstClosed = Math.min(firstClosed, monthOf(d.closeDate));
    }
  }
  const fitTo = Math.min(S - 1, lastComplete);
  const fitFrom = Math.max(firstClosed, fitTo - spec.historyMonths + 1);
  const fitMonths: number[] = [];
  for (let h = fitFrom; h <= fitTo; h++) fitMonths.push(h);
  const planMonths = Array.from({ length: L }, (_, k) => S + k);

  // §2: sellers are the reps of quota-carrying roles (a planned departure replaces the end date)
  // and the planned hires; the roster those with e > 0 in a plan month.
  const leaving = new Map(changes.departures.map((d) => [d.repId, d.endDate]));
  const sellers: Rep[] = [
    ...data.reps
      .filter((r) => r.role !== 'MGR')
      .map((r) => ({ ...r, endDate: leaving.get(r.id) ?? r.endDate })),
    ...changes.hires.map((h): Rep => ({
      ...h,
      name: h.id,
      email: null,
      managerId: null,
      endDate: null,
      ote: null,
      currency: null,
      source: 'plan',
      derived: false,
    })),
  ];
  const onRoster = (r: Rep): boolean => planMonths.some((m) => effective(r, m) > 0);
  const roster = sellers.filter(onRoster);
  const counted = (r: Rep, d: Deal): boolean =>
    countsOf(spec, r.role).includes(d.type ?? 'new_business');
  // The company series counts the deal types of the roles on the roster (issue 12).
  const companyTypes = new Set(roster.flatMap((r) => countsOf(spec, r.role)));
  const companyCounts = (d: Deal): boolean => companyTypes.has(d.type ?? 'new_business');
  const inFit = (date: string | null): boolean =>
    date !== null && monthOf(date) >= fitFrom && monthOf(date) <= fitTo;

  // Seasonality: means of the company's won bookings per month of the year, h, then ½h + ½/12.
  let shares = new Array<number>(12).fill(1 / 12);
  let sigmaOf: (m: number) => number = () => 1;
  if (spec.seasonality === 'historical' && fitMonths.length >= 12) {
    const sums = new Array<number>(12).fill(0);
    const occurrences = new Array<number>(12).fill(0);
    for (const h of fitMonths) add(occurrences, h % 12, 1);
    for (const d of data.deals) {
      if (d.status === 'won' && inFit(d.closeDate) && companyCounts(d)) {
        add(sums, monthOf(at(d.closeDate ?? undefined)) % 12, d.amount ?? 0);
      }
    }
    const means = sums.map((s, k) => Math.max(0, s / at(occurrences[k])));
    const total = means.reduce((a, b) => a + b, 0);
    if (total > 0) {
      shares = means.map((mean) => 0.5 * (mean / total) + 0.5 / 12);
      sigmaOf = (m) => 12 * at(shares[m % 12]);
    }
  }

  // §3: productivity own = bookings ÷ Σ e·σ over the fit window, defined when Σ e ≥ 1.
  interface Facts {
    rep: Rep;
    segment: string;
    fitCapacity: number;
    fullMonths: number;
    own: number | null;
    won: number;
    lost: number;
  }
  const territoryOf = new Map(data.territories.map((t) => [t.id, t]));
  const facts = new Map<string, Facts>();
  for (const rep of sellers) {
    let capacity = 0;
    let ramped = 0;
    let full = 0;
    for (const h of fitMonths) {
      const e = effective(rep, h);
      capacity += e;
      ramped += e * sigmaOf(h);
      if (e >= 1 - 1e-9) full++;
    }
    let bookings = 0;
    let won = 0;
    let lost = 0;
    for (const d of data.deals) {
      if (d.ownerId !== rep.id || !counted(rep, d) || !inFit(d.closeDate)) continue;
      if (d.status === 'won') {
        bookings += d.amount ?? 0;
        won++;
      } else if (d.status === 'lost') lost++;
    }
    facts.set(rep.id, {
      rep,
      segment:
        rep.segment ??
        (rep.territoryId === null ? null : territoryOf.get(rep.territoryId)?.segment) ??
        '(none)',
      fitCapacity: capacity,
      fullMonths: full,
      // Decision (methodology.md): a negative own counts as 0.
      own: capacity >= 1 - 1e-9 && ramped > 0 ? Math.max(0, bookings / ramped) : null,
      won,
      lost,
    });
  }

  // §4: territory weights over the territories with roster reps.
  const repTerritory = new Map(data.reps.map((r) => [r.id, r.territoryId]));
  const accountTerritory = (a: Account): string | null =>
    a.territoryId ?? (a.ownerId === null ? null : (repTerritory.get(a.ownerId) ?? null));
  const anyAccountTerritory = data.accounts.some((a) => accountTerritory(a) !== null);
  const anyPotential = data.accounts.some((a) => a.potential !== null);
  const trailingFrom = Math.max(fitFrom, fitTo - 11);
  const potentialOf = (a: Account): number => {
    if (anyPotential) return a.potential ?? 0;
    let sum = 0;
    for (const d of data.deals) {
      if (d.accountId !== a.id || d.status !== 'won' || d.closeDate === null || !companyCounts(d))
        continue;
      const m = monthOf(d.closeDate);
      if (m >= trailingFrom && m <= fitTo) sum += d.amount ?? 0;
    }
    return sum;
  };
  const territoryIds = [
    ...new Set(roster.flatMap((r) => (r.territoryId === null ? [] : [r.territoryId]))),
  ].sort(naturalOrder);
  const raw = territoryIds.map((t) => {
    const reps = roster.filter((r) => r.territoryId === t);
    const fte =
      reps.reduce((s, r) => s + planMonths.reduce((x, m) => x + effective(r, m), 0), 0) / L;
    const own = data.accounts.filter((a) => accountTerritory(a) === t);
    const won = reps.reduce((s, r) => s + at(facts.get(r.id)).won, 0);
    const lost = reps.reduce((s, r) => s + at(facts.get(r.id)).lost, 0);
    return {
      potential: anyAccountTerritory ? own.reduce((s, a) => s + potentialOf(a), 0) / fte : null,
      accounts: anyAccountTerritory ? own.length / fte : null,
      win_rate: won + lost > 0 ? won / (won + lost) : null,
    };
  });
  const coefficient = { potential: 0.5, accounts: 0.25, win_rate: 0.25 };
  const used = (['potential', 'accounts', 'win_rate'] as const).filter(
    (c) => raw.length > 0 && raw.every((r) => r[c] !== null) && raw.some((r) => r[c] !== 0),
  );
  const coefSum = used.reduce((s, c) => s + coefficient[c], 0);
  const weightOf = new Map<string, number>();
  territoryIds.forEach((t, k) => {
    let index = 0;
    for (const c of used) {
      const mean = raw.reduce((s, r) => s + (r[c] ?? 0), 0) / raw.length;
      index += (coefficient[c] / coefSum) * ((at(raw[k])[c] ?? 0) / mean);
    }
    weightOf.set(t, used.length === 0 ? 1 : Math.min(1.3, Math.max(0.7, index)));
  });
  const w = (r: Rep): number => (r.territoryId === null ? 1 : (weightOf.get(r.territoryId) ?? 1));

  // §5: cohorts (fully ramped: 6+ fit months with e = 1), credibility, productivity P.
  const cohortMembers = [...facts.values()].filter((f) => f.own !== null && f.fullMonths >= 6);
  const cohortOf = (f: Facts): number | null => {
    for (const same of [
      (g: Facts) => g.rep.role === f.rep.role && g.segment === f.segment,
      (g: Facts) => g.segment === f.segment,
      () => true,
    ]) {
      const m = median(cohortMembers.filter(same).map((g) => (g.own ?? 0) / w(g.rep)));
      if (m !== null) return m;
    }
    return null;
  };
  interface Row {
    rep: Rep;
    segment: string;
    e: number[];
    x: number[];
    c: number[];
  }
  const rows: Row[] = roster.map((rep) => {
    const f = at(facts.get(rep.id));
    const z = f.own === null ? 0 : Math.min(1, f.fitCapacity / 12);
    const Pc = cohortOf(f);
    const P = Pc === null ? (f.own ?? 0) : z * (f.own ?? 0) + (1 - z) * Pc * w(rep);
    const e = planMonths.map((m) => effective(rep, m));
    return {
      rep,
      segment: f.segment,
      e,
      x: planMonths.map((m, k) => w(rep) * at(e[k]) * sigmaOf(m)),
      c: planMonths.map((m, k) => P * (1 + spec.growth) * at(e[k]) * sigmaOf(m)),
    };
  });
  const segmentNames = [...new Set(rows.map((r) => r.segment))].sort(naturalOrder);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const C = new Map(
    segmentNames.map((s) => [s, sum(rows.filter((r) => r.segment === s).map((r) => sum(r.c)))]),
  );
  const X = new Map(
    segmentNames.map((s) => [s, sum(rows.filter((r) => r.segment === s).map((r) => sum(r.x)))]),
  );
  const target = targetFor(C);
  const T = new Map<string, number>();
  if ('total' in target) {
    if (segmentNames.length === 1) T.set(at(segmentNames[0]), target.total);
    else {
      const anyC = segmentNames.some((s) => at(C.get(s)) > 0);
      const parts = largestRemainder(
        target.total,
        segmentNames.map((s) => (anyC ? at(C.get(s)) : at(X.get(s)))),
      );
      segmentNames.forEach((s, k) => T.set(s, at(parts[k])));
    }
  } else for (const s of segmentNames) T.set(s, target.bySegment[s] ?? 0);

  const out: ReferenceRep[] = [];
  for (const s of segmentNames) {
    const members = rows
      .filter((r) => r.segment === s)
      .sort((a, b) => (a.rep.id < b.rep.id ? -1 : 1));
    const Ts = at(T.get(s));
    const Cs = at(C.get(s));
    const Xs = at(X.get(s));
    const a = Cs > 0 ? spec.alpha : 1;
    const R = Ts > 0 ? Math.round(Ts * (1 + spec.over)) : 0;
    const unrounded = members.map((r) =>
      r.x.map((xm, k) => {
        if (!(Ts > 0)) return 0;
        const topDown = (Ts * xm) / Xs;
        const bottomUp = Cs > 0 ? (Ts * at(r.c[k])) / Cs : 0;
        return (a * topDown + (1 - a) * bottomUp) * (1 + spec.over);
      }),
    );
    // Annual: floor to the unit (tolerating float error of 1e-7 unit, as the engine documents),
    // units to the largest remainders (ties: smaller id), the rest to the largest quota.
    const U = spec.unit;
    const q = unrounded.map(sum);
    const annual = q.map((v) => (v > 0 ? Math.floor(v / U + 1e-7) * U : 0));
    let left = R - sum(annual);
    const eligible = q.map((_, i) => i).filter((i) => at(q[i]) > 0);
    const remainder = (i: number): number => Math.round((at(q[i]) - at(annual[i])) * 1e6);
    const order = [...eligible].sort((i, j) => remainder(j) - remainder(i) || i - j);
    for (let k = 0; left >= U; k++, left -= U) add(annual, at(order[k % order.length]), U);
    if (left > 0) {
      let largest = at(eligible[0]);
      for (const i of eligible) if (at(annual[i]) > at(annual[largest])) largest = i;
      add(annual, largest, left);
    }
    members.forEach((r, i) => {
      const monthly =
        annual[i] === 0
          ? new Array<number>(L).fill(0)
          : largestRemainder(
              at(annual[i]),
              at(unrounded[i]).map((v) => Math.max(0, v)),
            );
      out.push({ id: r.rep.id, segment: s, capacity: sum(r.c), monthly, annual: at(annual[i]) });
    });
  }
  return {
    asOf,
    shares,
    segments: new Map(
      segmentNames.map((s) => [s, { target: at(T.get(s)), capacity: at(C.get(s)) }]),
    ),
    reps: out.sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}

// ---------------------------------------------------------------------------------------------
// Engine against reference

function enginePlan(spec: PlanSpec, changes: Changes, start: string, target: Plan['target']): Plan {
  return planWithDefaults({
    hires: changes.hires.map((h) => ({
      ...h,
      name: h.id,
      managerId: null,
      endDate: null,
      ote: null,
    })),
    departures: changes.departures,
    name: 'Reference check',
    start,
    currency: 'USD',
    target,
    topDownShare: spec.alpha,
    growth: spec.growth,
    overAssignment: spec.over,
    roundingUnit: spec.unit,
    historyMonths: spec.historyMonths,
    seasonality: { mode: spec.seasonality },
    // The roles as init-plan writes them for this roster: AE, AM, MGR; AM keeps its defaults.
    roles: {
      ...DEFAULT_ROLES,
      AE: {
        ...AE_ROLE,
        counts: spec.aeRenewals ? ['new_business', 'expansion', 'renewal'] : AE_ROLE.counts,
      },
    },
  });
}

function toEngineTarget(
  target: { total: number } | { bySegment: Record<string, number> },
): Plan['target'] {
  return 'total' in target
    ? { kind: 'total', total: target.total }
    : { kind: 'segments', bySegment: target.bySegment };
}

function compare(org: OrgSpec, spec: PlanSpec): void {
  const data = generateOrg(org);
  const changes = planChanges(data, org.seed);
  const S = AS_OF_MONTH + 1;
  const start = monthStartIso(S);
  const picked: { target?: { total: number } | { bySegment: Record<string, number> } } = {};
  const ref = reference(data, changes, spec, S, (capacity) => {
    const total = [...capacity.values()].reduce((a, b) => a + b, 0);
    picked.target = spec.perSegment
      ? {
          bySegment: Object.fromEntries(
            [...capacity].map(([s, c]) => [
              s,
              Math.max(1_000_000_00, Math.round(c * spec.ambition)),
            ]),
          ),
        }
      : { total: Math.max(1_000_000_00, Math.round(total * spec.ambition)) };
    return picked.target;
  });
  const plan = enginePlan(spec, changes, start, toEngineTarget(at(picked.target)));
  const history = learnHistory(data, plan);
  const allocation = allocate(plan, history);
  expect(allocation.issues.filter((i) => i.severity === 'error')).toEqual([]);
  expect(history.asOf).toBe(ref.asOf);
  history.seasonality.shares.forEach((share, k) => {
    expect(Math.abs(share - at(ref.shares[k]))).toBeLessThan(1e-12);
  });
  for (const s of allocation.segments) {
    const r = at(ref.segments.get(s.segment));
    expect(s.target).toBe(r.target);
    expect(s.capacity).toBeCloseTo(r.capacity, 4);
    expect(s.quota).toBe(r.target > 0 ? Math.round(r.target * (1 + spec.over)) : 0);
  }
  expect(allocation.reps.map((r) => r.id)).toEqual(ref.reps.map((r) => r.id));
  allocation.reps.forEach((rep, k) => {
    const r = at(ref.reps[k]);
    expect(Math.abs(rep.capacity - r.capacity)).toBeLessThanOrEqual(1e-9 * Math.max(1, r.capacity));
    expect({ id: rep.id, annual: rep.quota, monthly: rep.monthly }).toEqual({
      id: r.id,
      annual: r.annual,
      monthly: r.monthly,
    });
  });
}

describe('the engine against an independent reading of METHOD.md §1–§5', () => {
  it('agrees on seasonality shares, capacity and every monthly quota, to the cent', () => {
    fc.assert(
      fc.property(orgSpec, planSpec, (org, spec) => {
        compare(org, spec);
      }),
      {
        numRuns: 120,
        examples: [
          // A ramping hire whose months tie on the remainder in exact arithmetic (elevenths of a
          // cent): float error once gave the cent to the later month in one implementation only.
          [
            {
              seed: 987685779,
              reps: 9,
              segments: 1,
              potentialField: false,
              amsGone: false,
              historyMonths: 10,
              extractDay: 10,
            },
            {
              alpha: 0.5,
              growth: 0,
              over: 0,
              seasonality: 'flat',
              perSegment: false,
              aeRenewals: false,
              unit: 1,
              historyMonths: 12,
              ambition: 0.7248967695819857,
            },
          ],
        ],
      },
    );
  });

  it('agrees on an AE-only roster over a history with renewals (historical seasonality)', () => {
    fc.assert(
      fc.property(
        orgSpec.map((o) => ({ ...o, amsGone: true, historyMonths: Math.max(o.historyMonths, 14) })),
        planSpec.map((p) => ({ ...p, seasonality: 'historical' as const, aeRenewals: false })),
        (org, spec) => {
          compare(org, spec);
        },
      ),
      { numRuns: 40 },
    );
  });
});
