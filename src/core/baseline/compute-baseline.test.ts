// Baseline metrics (METHOD §3) on hand-worked examples, every grouping and filter, and invariants
// (rows reconcile to the company total to the cent) on random datasets.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BaselineOptionsError, computeBaseline, MAX_BASELINE_MONTHS } from './index.ts';
import type { BaselineOptions, BaselineReport, BaselineRow } from './index.ts';
import type { CreditSplit, Dataset, Deal, DealType, Rep } from '../model.ts';
import { historicalSeasonality, seasonalFactor } from '../seasonality.ts';
import { fromDayNumber, monthIndex } from '../dates.ts';

function rep(id: string, name: string, fields: Partial<Rep> = {}): Rep {
  return {
    id,
    name,
    email: null,
    managerId: null,
    role: 'AE',
    segment: null,
    territoryId: null,
    startDate: null,
    endDate: null,
    ote: null,
    currency: null,
    source: 'test',
    derived: false,
    ...fields,
  };
}

function deal(id: string, ownerId: string | null, fields: Partial<Deal>): Deal {
  return {
    id,
    name: null,
    accountId: null,
    ownerId,
    sourceRepId: null,
    amount: null,
    originalAmount: null,
    currency: 'USD',
    createdDate: null,
    closeDate: null,
    stage: null,
    status: 'open',
    probability: null,
    type: 'new_business',
    product: null,
    unmapped: [],
    source: 'test',
    derived: false,
    ...fields,
  };
}

function dataset(reps: Rep[], deals: Deal[], extra: Partial<Dataset> = {}): Dataset {
  return {
    settings: { currency: 'USD', basis: 'amount', asOf: null },
    reps,
    territories: [
      { id: 'T1', name: 'North', parentId: null, segment: null, source: 'test', derived: false },
      { id: 'T2', name: 'South', parentId: null, segment: null, source: 'test', derived: false },
    ],
    accounts: [],
    products: [],
    deals,
    rates: [],
    splits: [],
    ...extra,
  };
}

/**
 * The worked example of docs/methodology.md: January to June 2024 (flat seasonality: under 12
 * months). Ana fully ramped; Ben hired 16 March; Cleo left 30 April; Maria manages Ana and Ben.
 */
const team: Rep[] = [
  rep('A', 'Ana', { territoryId: 'T1', segment: 'SMB', managerId: 'M' }),
  rep('B', 'Ben', { territoryId: 'T1', segment: 'MM', managerId: 'M', startDate: '2024-03-16' }),
  rep('C', 'Cleo', { territoryId: 'T2', segment: 'SMB', endDate: '2024-04-30' }),
  rep('M', 'Maria', { role: 'MGR' }),
];
const teamDeals: Deal[] = [
  deal('a1', 'A', {
    status: 'won',
    amount: 1_000_000,
    createdDate: '2024-01-01',
    closeDate: '2024-01-31',
  }),
  deal('a2', 'A', {
    status: 'won',
    amount: 2_000_000,
    createdDate: '2024-02-01',
    closeDate: '2024-03-02',
  }),
  deal('a3', 'A', {
    status: 'won',
    amount: 3_000_000,
    createdDate: '2024-03-01',
    closeDate: '2024-05-30',
  }),
  deal('a4', 'A', { status: 'lost', amount: 500_000, closeDate: '2024-04-10' }),
  deal('a5', 'A', {
    amount: 5_000_000,
    probability: 0.4,
    createdDate: '2024-05-01',
    closeDate: '2024-09-30',
  }),
  deal('b1', 'B', {
    status: 'won',
    amount: 800_000,
    createdDate: '2024-04-01',
    closeDate: '2024-05-01',
  }),
  deal('b2', 'B', { status: 'won', amount: 1_200_050, closeDate: '2024-06-15' }),
  deal('b3', 'B', { status: 'lost', closeDate: '2024-05-05' }),
  deal('b4', 'B', { status: 'lost', closeDate: '2024-06-20' }),
  deal('b5', 'B', { amount: 1_000_000 }),
  deal('c1', 'C', { status: 'lost', closeDate: '2024-02-10' }),
  deal('old', 'A', { status: 'won', amount: 9_999_900, closeDate: '2023-12-31' }),
];
const half: BaselineOptions = { by: 'rep', asOf: '2024-06-30', from: '2024-01-01' };
const BEN_E = (16 / 31) * 0.25 + 0.5 + 0.75 + 1;

function row(report: BaselineReport, key: string): BaselineRow {
  const found = report.rows.find((r) => r.key === key);
  if (found === undefined)
    throw new Error(`no row ${key} in ${report.rows.map((r) => r.key).join(', ')}`);
  return found;
}

describe('baseline metrics per rep (worked example)', () => {
  const report = computeBaseline(dataset(team, teamDeals), half);

  it('lists the sellers sorted by name, without a manager who sells nothing', () => {
    expect(report.rows.map((r) => r.label)).toEqual(['Ana', 'Ben', 'Cleo']);
    expect(report.months).toBe(6);
    expect(report.seasonality).toBe('flat');
    expect(report.from).toBe('2024-01-01');
    expect(report.to).toBe('2024-06-30');
  });

  it('Ana: bookings, win rate 3 of 4, odd median, cycle, pipeline and productivity', () => {
    const ana = row(report, 'A');
    expect(ana).toMatchObject({
      repId: 'A',
      repName: 'Ana',
      territory: 'North',
      manager: 'Maria',
      reps: 1,
      bookings: 6_000_000,
      won: 3,
      lost: 1,
      winRate: 0.75,
      avgDealSize: 2_000_000,
      medianDealSize: 2_000_000,
      cycleDays: 50, // (30 + 30 + 90) / 3; 2024 is a leap year
      openPipeline: 5_000_000, // expected close in September still counts
      weightedPipeline: 2_000_000,
      rampedMonths: 6,
      productivity: 1_000_000,
    });
    expect(ana.monthly).toEqual([
      { month: '2024-01', bookings: 1_000_000, won: 1 },
      { month: '2024-02', bookings: 0, won: 0 },
      { month: '2024-03', bookings: 2_000_000, won: 1 },
      { month: '2024-04', bookings: 0, won: 0 },
      { month: '2024-05', bookings: 3_000_000, won: 1 },
      { month: '2024-06', bookings: 0, won: 0 },
    ]);
  });

  it('Ben: even median, cycle only over deals with both dates, ramp from 16 March, no probability weighs 0', () => {
    const ben = row(report, 'B');
    expect(ben).toMatchObject({
      bookings: 2_000_050,
      won: 2,
      lost: 2,
      winRate: 0.5,
      avgDealSize: 1_000_025,
      medianDealSize: 1_000_025,
      cycleDays: 30,
      openPipeline: 1_000_000,
      weightedPipeline: 0,
    });
    expect(ben.rampedMonths).toBeCloseTo(BEN_E, 12);
    expect(ben.productivity).toBe(Math.round(2_000_050 / BEN_E)); // 840,699
  });

  it('Cleo: a leaver with four full months and no wins has productivity 0, which is information', () => {
    const cleo = row(report, 'C');
    expect(cleo).toMatchObject({
      bookings: 0,
      won: 0,
      lost: 1,
      winRate: 0,
      avgDealSize: null,
      medianDealSize: null,
      cycleDays: null,
      rampedMonths: 4,
      productivity: 0,
    });
  });

  it('company: the sums, pooled sizes and pooled capacity', () => {
    expect(report.total).toMatchObject({
      key: 'company',
      label: 'Company',
      reps: 3,
      bookings: 8_000_050,
      won: 5,
      lost: 4,
      avgDealSize: 1_600_010,
      medianDealSize: 1_200_050,
      cycleDays: 45,
      openPipeline: 6_000_000,
      weightedPipeline: 2_000_000,
      productivity: 646_258,
    });
    expect(report.total.winRate).toBeCloseTo(5 / 9, 12);
    expect(report.total.rampedMonths).toBeCloseTo(10 + BEN_E, 12);
  });
});

describe('groupings', () => {
  const data = dataset(team, teamDeals);

  it('territory: reps grouped by their territory, labelled by name', () => {
    const report = computeBaseline(data, { ...half, by: 'territory' });
    expect(report.rows.map((r) => [r.key, r.label, r.territory, r.reps, r.bookings])).toEqual([
      ['T1', 'North', 'North', 2, 8_000_050],
      ['T2', 'South', 'South', 1, 0],
    ]);
    expect(row(report, 'T1').productivity).toBe(Math.round(8_000_050 / (6 + BEN_E)));
    expect(row(report, 'T1').medianDealSize).toBe(1_200_050);
    expect(row(report, 'T1').repId).toBeNull();
  });

  it('segment and manager: by the rep fields, (none) for a rep without one', () => {
    const bySegment = computeBaseline(data, { ...half, by: 'segment' });
    expect(bySegment.rows.map((r) => [r.label, r.reps, r.bookings, r.lost])).toEqual([
      ['MM', 1, 2_000_050, 2],
      ['SMB', 2, 6_000_000, 2],
    ]);
    const byManager = computeBaseline(data, { ...half, by: 'manager' });
    expect(byManager.rows.map((r) => [r.key, r.label, r.reps, r.bookings])).toEqual([
      ['(none)', '(none)', 1, 0],
      ['M', 'Maria', 2, 8_000_050],
    ]);
  });

  it('company: one row, the total', () => {
    const report = computeBaseline(data, { ...half, by: 'company' });
    expect(report.rows).toEqual([report.total]);
    expect(report.total.bookings).toBe(8_000_050);
  });

  it('owners missing from the roster and deals without owner get their own marked rows', () => {
    const deals = [
      ...teamDeals,
      deal('x1', 'X9', { status: 'won', amount: 500_000, closeDate: '2024-02-15' }),
      deal('x2', null, { status: 'won', amount: 100, closeDate: '2024-02-16' }),
    ];
    const byRep = computeBaseline(dataset(team, deals), half);
    expect(row(byRep, 'X9')).toMatchObject({
      label: '(not in roster) X9',
      repId: 'X9',
      repName: null,
      reps: 1,
      bookings: 500_000,
      rampedMonths: 0,
      productivity: null,
    });
    expect(row(byRep, '(no owner)')).toMatchObject({ reps: 0, bookings: 100 });
    expect(byRep.total.bookings).toBe(8_500_150);
    expect(byRep.total.reps).toBe(4);
    const byTerritory = computeBaseline(dataset(team, deals), { ...half, by: 'territory' });
    expect(row(byTerritory, '(none)')).toMatchObject({
      label: '(none)',
      reps: 1,
      bookings: 500_100,
    });
  });

  it('a manager who owns deals counts as a rep; a rep gone before the window does not', () => {
    const deals = [
      ...teamDeals,
      deal('m1', 'M', { status: 'won', amount: 1, closeDate: '2024-06-01' }),
    ];
    const report = computeBaseline(dataset(team, deals), { ...half, from: '2024-05-01' });
    expect(report.rows.map((r) => r.label)).toEqual(['Ana', 'Ben', 'Maria']);
    expect(report.total.reps).toBe(3);
  });

  it('sorts labels in natural order', () => {
    const reps = ['Rep 10', 'rep 2', 'Rep 1'].map((name, i) => rep(`r${i}`, name));
    const report = computeBaseline(dataset(reps, []), half);
    expect(report.rows.map((r) => r.label)).toEqual(['Rep 1', 'rep 2', 'Rep 10']);
  });
});

describe('filters and window', () => {
  it('counts only the deal types asked for; all deals, untyped ones included, when none are given', () => {
    const deals = [
      ...teamDeals,
      deal('r1', 'A', {
        status: 'won',
        amount: 7_000_000,
        closeDate: '2024-02-01',
        type: 'renewal',
      }),
      deal('u1', 'A', { status: 'won', amount: 10, closeDate: '2024-02-01', type: null }),
    ];
    const data = dataset(team, deals);
    const counted = (types: readonly DealType[] | undefined): number =>
      computeBaseline(data, types === undefined ? half : { ...half, types }).total.bookings;
    expect(counted(undefined)).toBe(8_000_050 + 7_000_010);
    expect(counted(['new_business', 'expansion'])).toBe(8_000_050);
    expect(counted(['renewal'])).toBe(7_000_000);
    const report = computeBaseline(data, { ...half, types: ['renewal'] });
    expect(report.types).toEqual(['renewal']);
    expect(report.total.openPipeline).toBe(0);
  });

  it('counts deals closed inside [from, to] and capacity inside it, a partly covered month in part', () => {
    const report = computeBaseline(dataset(team, teamDeals), {
      ...half,
      from: '2024-03-01',
      to: '2024-04-15',
    });
    expect(report.months).toBe(2);
    const ana = row(report, 'A');
    expect([ana.bookings, ana.won, ana.lost]).toEqual([2_000_000, 1, 1]);
    expect(ana.rampedMonths).toBeCloseTo(1 + 15 / 30, 12);
    expect(ana.monthly.map((m) => m.month)).toEqual(['2024-03', '2024-04']);
    const ben = row(report, 'B');
    expect(ben.rampedMonths).toBeCloseTo((16 / 31) * 0.25 + (15 / 30) * 0.5, 12);
    expect(ben.productivity).toBeNull(); // Σ e < 1: not enough capacity to say
  });

  it('defaults: from the month of the earliest closed deal, to the as-of date', () => {
    const report = computeBaseline(dataset(team, teamDeals), { by: 'company', asOf: '2024-06-30' });
    expect(report.from).toBe('2023-12-01');
    expect(report.to).toBe('2024-06-30');
    expect(report.months).toBe(7);
    expect(report.total.bookings).toBe(8_000_050 + 9_999_900);
  });

  it('counts the deals open at `to` without an amount, which the open pipeline cannot show', () => {
    const deals = [
      ...teamDeals,
      deal('n1', 'A', { status: 'open', amount: null, closeDate: '2024-09-01' }),
      deal('n2', 'B', { status: 'open', amount: null, closeDate: null }),
    ];
    const report = computeBaseline(dataset(team, deals), half);
    expect(report.openWithoutAmount).toBe(2);
    expect(computeBaseline(dataset(team, teamDeals), half).openWithoutAmount).toBe(0);
  });

  it('a deal created after `to` was not open at `to`', () => {
    const report = computeBaseline(dataset(team, teamDeals), { ...half, to: '2024-04-30' });
    expect(row(report, 'A').openPipeline).toBe(0);
    expect(row(report, 'B').openPipeline).toBe(1_000_000);
  });

  it('refuses a window that ends before it starts, or a bad ramp', () => {
    const data = dataset(team, teamDeals);
    expect(() => computeBaseline(data, { ...half, from: '2024-07-01' })).toThrow(
      BaselineOptionsError,
    );
    expect(() => computeBaseline(data, { ...half, ramp: [2] })).toThrow(BaselineOptionsError);
    expect(() => computeBaseline(data, { ...half, asOf: '30/06/2024' })).toThrow(
      BaselineOptionsError,
    );
  });

  it('measures at most ten years: a longer window is refused, the default one is cut to it', () => {
    const data = dataset(team, teamDeals);
    expect(() =>
      computeBaseline(data, { by: 'company', asOf: '2024-06-30', from: '1900-01-01' }),
    ).toThrow(
      'the window from 1900-01-01 to 2024-06-30 spans 1,494 months; the baseline measures at most 120',
    );
    expect(() =>
      computeBaseline(data, {
        by: 'company',
        asOf: '2024-06-30',
        from: '2024-01-01',
        to: '9999-12-31',
      }),
    ).toThrow(BaselineOptionsError);
    const ten = computeBaseline(data, { by: 'company', asOf: '2024-06-30', from: '2014-07-01' });
    expect(ten.months).toBe(MAX_BASELINE_MONTHS);
    // A deal closed in 1990 (a typing mistake in the CRM) no longer stretches the default window.
    const old = dataset(team, [
      ...teamDeals,
      {
        ...(teamDeals[0] as Deal),
        id: 'ancient',
        closeDate: '1990-03-15',
        createdDate: '1990-01-01',
      },
    ]);
    const cut = computeBaseline(old, { by: 'company', asOf: '2024-06-30' });
    expect(cut.from).toBe('2014-07-01');
    expect(cut.months).toBe(MAX_BASELINE_MONTHS);
  });

  it('a custom ramp changes ramped months', () => {
    const report = computeBaseline(dataset(team, teamDeals), { ...half, ramp: [] });
    expect(row(report, 'B').rampedMonths).toBeCloseTo(16 / 31 + 3, 12);
  });
});

describe('medians, productivity thresholds and seasonality', () => {
  it('rounds the mean of the two middle deals to the cent', () => {
    const deals = [
      deal('d1', 'A', { status: 'won', amount: 100, closeDate: '2024-01-05' }),
      deal('d2', 'A', { status: 'won', amount: 201, closeDate: '2024-01-06' }),
    ];
    const ana = computeBaseline(dataset([rep('A', 'Ana')], deals), half).rows[0];
    expect(ana?.medianDealSize).toBe(151);
    expect(ana?.avgDealSize).toBe(151);
  });

  it('productivity needs at least one full month of capacity', () => {
    const reps = [
      rep('N', 'New', { startDate: '2024-06-01' }),
      rep('F', 'Full', { startDate: '2024-01-01' }),
    ];
    const deals = [deal('n1', 'N', { status: 'won', amount: 1_000, closeDate: '2024-06-10' })];
    const report = computeBaseline(dataset(reps, deals), half);
    expect(row(report, 'N')).toMatchObject({
      rampedMonths: 0.25,
      productivity: null,
      bookings: 1_000,
    });
    // 0.25 + 0.5 + 0.75 + 1 + 1 + 1 = 4.5 ramped months, no deals: productivity 0.
    expect(row(report, 'F')).toMatchObject({ rampedMonths: 4.5, productivity: 0 });
  });

  it('uses historical seasonality over 12+ complete months: a full year is 12 ramped months, January alone is σ(Jan)', () => {
    const reps = [rep('A', 'Ana'), rep('J', 'January only', { endDate: '2023-01-31' })];
    const deals = [
      deal('j', 'A', { status: 'won', amount: 1_300, closeDate: '2023-01-15' }),
      ...Array.from({ length: 11 }, (_, k) =>
        deal(`m${k}`, 'A', {
          status: 'won',
          amount: 100,
          closeDate: `2023-${String(k + 2).padStart(2, '0')}-10`,
        }),
      ),
    ];
    const data = dataset(reps, deals);
    const year = computeBaseline(data, { by: 'rep', asOf: '2023-12-31', from: '2023-01-01' });
    expect(year.seasonality).toBe('historical');
    expect(row(year, 'A').rampedMonths).toBeCloseTo(12, 12);
    expect(row(year, 'J').rampedMonths).toBeCloseTo(3.75, 12);
    expect(row(year, 'A').productivity).toBe(200); // 2,400 / 12
    const seasonality = historicalSeasonality(
      new Map(year.total.monthly.map((m) => [monthIndex(`${m.month}-01`), m.bookings])),
      { from: monthIndex('2023-01-01'), to: monthIndex('2023-12-01') },
    );
    expect(seasonalFactor(seasonality, monthIndex('2023-01-01'))).toBeCloseTo(3.75, 12);
    // Ending mid-December leaves 11 complete months: flat.
    const short = computeBaseline(data, { by: 'rep', asOf: '2023-12-15', from: '2023-01-01' });
    expect(short.seasonality).toBe('flat');
    expect(row(short, 'J').rampedMonths).toBe(1);
  });
});

describe('credit splits', () => {
  const splits: CreditSplit[] = [
    { dealId: 's1', repId: 'C', share: 1 / 3 },
    { dealId: 's1', repId: 'B', share: 1 / 3 },
    { dealId: 's1', repId: 'A', share: 1 / 3 },
    { dealId: 's2', repId: 'A', share: 0.5 },
    { dealId: 's2', repId: 'C', share: 0.5 },
  ];
  const deals = [
    deal('s1', 'A', {
      status: 'won',
      amount: 10_001,
      createdDate: '2024-01-01',
      closeDate: '2024-01-11',
    }),
    deal('s2', 'A', { amount: 1_001, probability: 0.5, createdDate: '2024-01-01' }),
  ];
  const data = dataset(team, deals, { splits });

  it('gives each rep its share of the counts and a largest-remainder share of the cents', () => {
    const report = computeBaseline(data, half);
    expect(report.rows.map((r) => r.bookings)).toEqual([3_334, 3_334, 3_333]);
    for (const r of report.rows) expect(r.won).toBeCloseTo(1 / 3, 12);
    expect(report.total.bookings).toBe(10_001);
    expect(report.total.won).toBeCloseTo(1, 12);
    expect(report.rows.map((r) => [r.openPipeline, r.weightedPipeline])).toEqual([
      [501, 251],
      [0, 0],
      [500, 250],
    ]);
    expect(report.total.weightedPipeline).toBe(501); // round(1,001 × 0.5) = 501
    expect(row(report, 'A').avgDealSize).toBe(10_001); // the deal size, not the 3,334 cents credited × 3
    expect(row(report, 'A').cycleDays).toBe(10);
  });

  it('a split deal counts once in the median of a group holding two of its reps', () => {
    const report = computeBaseline(data, { ...half, by: 'territory' });
    expect(row(report, 'T1')).toMatchObject({
      bookings: 6_668,
      medianDealSize: 10_001,
      avgDealSize: 10_001,
    });
    expect(row(report, 'T1').won).toBeCloseTo(2 / 3, 12);
  });
});

describe('count basis', () => {
  it('counts won deals per ramped month and leaves the money fields empty', () => {
    const data = dataset(team, teamDeals);
    data.settings = { ...data.settings, basis: 'count' };
    const report = computeBaseline(data, half);
    expect(report.basis).toBe('count');
    expect(row(report, 'A')).toMatchObject({
      bookings: 0,
      won: 3,
      avgDealSize: null,
      medianDealSize: null,
      openPipeline: 0,
      weightedPipeline: 0,
      productivity: 0.5,
      cycleDays: 50,
    });
    expect(row(report, 'A').monthly[0]).toEqual({ month: '2024-01', bookings: 0, won: 1 });
  });
});

describe('invariants on random datasets', () => {
  const day = fc.integer({ min: 19_300, max: 20_000 }).map(fromDayNumber);
  const repArb = (id: string) =>
    fc
      .record({
        start: fc.option(day),
        territory: fc.constantFrom(null, 'T1', 'T2', 'T9'),
        segment: fc.constantFrom(null, 'SMB', 'ENT'),
        manager: fc.constantFrom(null, 'R0', 'R1', 'ZZ'),
        role: fc.constantFrom('AE', 'AE', 'MGR'),
      })
      .map((f) =>
        rep(id, `Rep ${id}`, {
          startDate: f.start,
          territoryId: f.territory,
          segment: f.segment,
          managerId: f.manager,
          role: f.role,
        }),
      );
  const dealArb = fc.record({
    owner: fc.constantFrom(null, 'R0', 'R1', 'R2', 'R3', 'X1'),
    status: fc.constantFrom<Deal['status']>('won', 'won', 'lost', 'open'),
    amount: fc.option(fc.integer({ min: 0, max: 2_000_000_000 }), { freq: 5 }),
    created: fc.option(day),
    close: fc.option(day, { freq: 8 }),
    probability: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    type: fc.constantFrom<DealType | null>(null, 'new_business', 'expansion', 'renewal'),
    split: fc.option(
      fc.array(
        fc.record({
          rep: fc.constantFrom('R0', 'R1', 'R2', 'X2'),
          share: fc.integer({ min: 1, max: 9 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      { freq: 3 },
    ),
  });
  const datasetArb = fc
    .tuple(fc.tuple(repArb('R0'), repArb('R1'), repArb('R2')), fc.array(dealArb, { maxLength: 40 }))
    .map(([reps, raw]) => {
      const deals = raw.map((d, i) =>
        deal(`D${i}`, d.owner, {
          status: d.status,
          amount: d.amount,
          createdDate: d.created,
          closeDate: d.close,
          probability: d.probability,
          type: d.type,
        }),
      );
      const splits = raw.flatMap((d, i) =>
        (d.split ?? []).map((s) => ({ dealId: `D${i}`, repId: s.rep, share: s.share / 10 })),
      );
      return dataset(reps, deals, { splits });
    });
  const options = fc.record({
    by: fc.constantFrom<BaselineOptions['by']>('rep', 'territory', 'segment', 'manager', 'company'),
    types: fc.option(
      fc.constantFrom<DealType[]>(['new_business'], ['new_business', 'expansion'], ['renewal']),
      { nil: undefined },
    ),
  });

  it('every grouping’s rows add up to the company total, to the cent, and bookings are never negative', () => {
    fc.assert(
      fc.property(datasetArb, options, (data, opt) => {
        const base: BaselineOptions = { by: opt.by, asOf: '2024-09-30', from: '2023-01-01' };
        const report = computeBaseline(
          data,
          opt.types === undefined ? base : { ...base, types: opt.types },
        );
        const sum = (f: (r: BaselineRow) => number): number =>
          report.rows.reduce((a, r) => a + f(r), 0);
        expect(sum((r) => r.bookings)).toBe(report.total.bookings);
        expect(sum((r) => r.openPipeline)).toBe(report.total.openPipeline);
        expect(sum((r) => r.weightedPipeline)).toBe(report.total.weightedPipeline);
        expect(sum((r) => r.won)).toBeCloseTo(report.total.won, 9);
        expect(sum((r) => r.reps)).toBe(report.total.reps);
        expect(sum((r) => r.rampedMonths)).toBeCloseTo(report.total.rampedMonths, 9);
        for (const r of report.rows) {
          expect(r.bookings).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(r.bookings)).toBe(true);
          expect(r.monthly.reduce((a, m) => a + m.bookings, 0)).toBe(r.bookings);
          if (r.winRate !== null) expect(r.winRate).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('company bookings equal the won amounts of counted deals closed in the window', () => {
    fc.assert(
      fc.property(datasetArb, (data) => {
        const report = computeBaseline(data, { by: 'rep', asOf: '2024-09-30', from: '2023-01-01' });
        const expected = data.deals
          .filter(
            (d) =>
              d.status === 'won' &&
              d.closeDate !== null &&
              d.closeDate >= '2023-01-01' &&
              d.closeDate <= '2024-09-30',
          )
          .reduce((a, d) => a + (d.amount ?? 0), 0);
        expect(report.total.bookings).toBe(expected);
      }),
    );
  });
});
