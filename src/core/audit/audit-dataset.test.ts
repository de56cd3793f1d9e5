// The audit report as a whole: ordering, counts, the as-of date, and invariants over random data.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import type { Dataset, Deal } from '../model.ts';
import { AUDIT_RULES, AuditAsOfError, auditDataset, latestDataDate } from './index.ts';
import type { AuditReport } from './index.ts';
import { cleanDataset, makeDataset, makeDeal, makeRep } from './test-builders.ts';

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

function errorCounts(report: AuditReport): Record<string, number> {
  return Object.fromEntries(
    report.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.count]),
  );
}

/** Deals drawn from small pools, so ids, owners, spellings and dates collide often. */
const messyDeal: fc.Arbitrary<Deal> = fc
  .record({
    id: fc.constantFrom('d1', 'd2', 'd3', 'x1', 'x2', 'x3', 'x4', 'x5'),
    ownerId: fc.constantFrom('r1', 'm1', 'ghost', null),
    accountId: fc.constantFrom('a1', 'zz', null),
    status: fc.constantFrom('won', 'lost', 'open'),
    amount: fc.constantFrom(null, -5, 0, 100, 100_000, 2.5),
    createdDate: fc.constantFrom(null, '2024-01-10', '2024-03-01', '2024-02-30'),
    closeDate: fc.constantFrom(null, '2024-02-15', '2024-06-30', '2023-12-31'),
    product: fc.constantFrom(null, 'p1', 'Widget', 'wid-get', 'Gizmo'),
    currency: fc.constantFrom('USD', 'EUR'),
    probability: fc.constantFrom(null, 0, 0.5, 2),
    unmapped: fc.subarray(['stage', 'type'] as ('stage' | 'type')[]),
  })
  .map(({ id, ...fields }) => makeDeal(id, fields));

/** A deal every rule accepts: owner r1, account a1, product p1, USD, dates in order. */
const validDeal: fc.Arbitrary<Deal> = fc
  .record({
    status: fc.constantFrom('won', 'lost', 'open'),
    amount: fc.integer({ min: 1, max: 10_000_000 }),
    createdDay: fc.integer({ min: 1, max: 28 }),
    cycleDays: fc.integer({ min: 0, max: 60 }),
    probability: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ status, amount, createdDay, cycleDays, probability }) => {
    const created = `2024-03-${String(createdDay).padStart(2, '0')}`;
    const close = new Date(Date.UTC(2024, 2, createdDay + cycleDays)).toISOString().slice(0, 10);
    return makeDeal('new-deal', {
      status,
      amount,
      originalAmount: amount,
      createdDate: created,
      closeDate: close,
      probability,
    });
  });

describe('auditDataset report', () => {
  it('runs every rule on a full dataset and finds nothing in clean data', () => {
    const dataset = cleanDataset({ splits: [{ dealId: 'd1', repId: 'r1', share: 1 }] });
    const report = auditDataset(dataset, { asOf: '2024-06-30' });
    expect(report.rules.map((r) => r.code)).toEqual(AUDIT_RULES.map((r) => r.code));
    expect(report.findings).toEqual([]);
    expect(report.errorCount).toBe(0);
    expect(report.warningCount).toBe(0);
  });

  it('audits an empty workspace to nothing, with no as-of date', () => {
    const report = auditDataset(makeDataset());
    expect(report.findings).toEqual([]);
    expect(report.asOf).toBeNull();
  });

  it('leaves out rules that cannot apply (no as-of date given, no splits, no lists)', () => {
    const codes = auditDataset(
      cleanDataset({ territories: [], accounts: [], products: [] }),
    ).rules.map((r) => r.code);
    for (const skipped of [
      'won-after-as-of',
      'dated-after-as-of',
      'split-shares-invalid',
      'unknown-territory',
      'unknown-account',
      'open-deal-unknown-account',
      'unknown-product',
      'product-spelling-mismatch',
    ]) {
      expect(codes).not.toContain(skipped);
    }
    expect(codes).toContain('deal-without-owner');
  });

  it('orders findings errors first, then warnings, then info, each by code, and counts them', () => {
    const dataset = cleanDataset({
      deals: [
        makeDeal('z', { ownerId: null }),
        makeDeal('y', { ownerId: 'ghost' }),
        makeDeal('o', { status: 'open', closeDate: null, accountId: null }),
        makeDeal('w', { createdDate: null }),
        makeDeal('q', { unmapped: ['type'] }),
      ],
    });
    const report = auditDataset(dataset);
    const order = report.findings.map((f) => [SEVERITY_RANK[f.severity], f.code] as const);
    expect(order).toEqual(
      [...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)),
    );
    expect(report.findings.map((f) => f.code)).toEqual([
      'deal-without-owner',
      'owner-not-in-roster',
      'open-deal-without-account',
      'unmapped-type',
      'open-deal-without-close-date',
      'won-without-created-date',
    ]);
    expect(report.errorCount).toBe(2);
    expect(report.warningCount).toBe(2);
  });

  it('gives each finding a title, a description and exactly `count` refs sorted by id', () => {
    const deals = ['d9', 'd10', 'd1', 'b'].map((id) => makeDeal(id, { ownerId: null }));
    const finding = auditDataset(cleanDataset({ deals })).findings[0];
    expect(finding?.code).toBe('deal-without-owner');
    expect(finding?.title).toBe('Deal without owner');
    expect(finding?.description.length).toBeGreaterThan(20);
    expect(finding?.refs.map((r) => r.id)).toEqual(['b', 'd1', 'd10', 'd9']);
    expect(finding?.count).toBe(4);
  });
});

describe('scale', () => {
  it('codes more than 65,535 distinct product names', () => {
    const deals = Array.from({ length: 70_000 }, (_, i) =>
      makeDeal(`d${i}`, { product: `Gizmo ${i}` }),
    );
    const report = auditDataset(cleanDataset({ deals }));
    const unknown = report.findings.find((f) => f.code === 'unknown-product');
    expect(unknown?.count).toBe(70_000);
    expect(unknown?.refs.find((r) => r.id === 'd69999')?.detail).toBe(
      "product 'Gizmo 69999', no such product",
    );
  });
});

describe('as-of date', () => {
  it('defaults to the latest deal or employment date, ignoring invalid dates', () => {
    const dataset = cleanDataset({
      reps: [makeRep('m1', { role: 'MGR' }), makeRep('r1', { endDate: '2024-07-31' })],
      deals: [makeDeal('d1', { closeDate: '2024-09-31' })],
    });
    expect(latestDataDate(dataset)).toBe('2024-07-31');
    expect(auditDataset(dataset).asOf).toBe('2024-07-31');
  });

  it('is null when the data holds no dates', () => {
    const dataset = cleanDataset({
      deals: [makeDeal('d1', { status: 'open', createdDate: null, closeDate: null })],
    });
    expect(auditDataset(dataset).asOf).toBeNull();
  });

  it('takes the option first, then the workspace setting; an explicit null means the data', () => {
    const dataset = cleanDataset({ settings: { asOf: '2024-03-31' } });
    expect(auditDataset(dataset).asOf).toBe('2024-03-31');
    expect(auditDataset(dataset, { asOf: '2024-12-31' }).asOf).toBe('2024-12-31');
    expect(auditDataset(dataset, { asOf: null }).asOf).toBe('2024-06-30');
    // The workspace date counts as given: a deal won after it is an error.
    expect(auditDataset(dataset).findings.map((f) => f.code)).not.toContain('won-after-as-of');
    const late = cleanDataset({ settings: { asOf: '2024-02-01' } });
    expect(auditDataset(late).findings.map((f) => f.code)).toContain('won-after-as-of');
  });

  it('rejects an as-of date that is not a calendar date', () => {
    expect(() => auditDataset(cleanDataset(), { asOf: '2024-02-30' })).toThrow(AuditAsOfError);
  });
});

describe('audit invariants', () => {
  it('adding a valid, fully linked deal never adds or grows an error finding', () => {
    fc.assert(
      fc.property(fc.array(messyDeal, { maxLength: 12 }), validDeal, (deals, added) => {
        const before = auditDataset(cleanDataset({ deals }));
        const after = auditDataset(cleanDataset({ deals: [...deals, added] }));
        expect(errorCounts(after)).toEqual(errorCounts(before));
      }),
    );
  });

  it('a clean dataset plus valid deals has no errors at all', () => {
    fc.assert(
      fc.property(fc.array(validDeal, { maxLength: 30 }), (added) => {
        const deals = [...cleanDataset().deals, ...added.map((d, i) => ({ ...d, id: `n${i}` }))];
        expect(auditDataset(cleanDataset({ deals })).errorCount).toBe(0);
      }),
    );
  });

  it('is deterministic and independent of deal order, with refs sorted by id', () => {
    fc.assert(
      fc.property(fc.array(messyDeal, { maxLength: 20 }), fc.integer(), (deals, seed) => {
        const dataset: Dataset = cleanDataset({ deals });
        const first = auditDataset(dataset);
        expect(auditDataset(dataset)).toEqual(first);
        // A rotation stands in for any export order.
        const k = deals.length === 0 ? 0 : Math.abs(seed) % deals.length;
        const rotated = cleanDataset({ deals: [...deals.slice(k), ...deals.slice(0, k)] });
        expect(auditDataset(rotated)).toEqual(first);
        for (const finding of first.findings) {
          expect(finding.count).toBe(finding.refs.length);
          const ids = finding.refs.map((r) => r.id);
          expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        }
      }),
    );
  });
});

describe('documentation', () => {
  it('docs/methodology.md lists every rule code with its severity', async () => {
    const readme = await readFile(new URL('../../../docs/methodology.md', import.meta.url), 'utf8');
    for (const rule of AUDIT_RULES) {
      const row = new RegExp(`\\| \`${rule.code}\` +\\| ${rule.severity} +\\|`);
      expect(readme, rule.code).toMatch(row);
    }
  });
});
