// Per-rep quota changes between versions: statuses, deltas and totals that add up.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffQuotas } from './diff-quotas.ts';
import type { VersionQuota } from './diff-quotas.ts';
import { WorkflowInputError } from './errors.ts';

const q = (id: string, monthly: number[], name = id): VersionQuota => ({
  id,
  name,
  quota: monthly.reduce((a, b) => a + b, 0),
  monthly,
});

describe('diffQuotas', () => {
  it('names each rep added, removed, changed or unchanged, with the change and its share', () => {
    const diff = diffQuotas(
      [q('R2', [100, 100]), q('R10', [300, 300]), q('R3', [50, 50]), q('R4', [0, 0])],
      [q('R2', [100, 100]), q('R10', [200, 400], 'Ana B.'), q('R5', [70, 70]), q('R4', [10, 0])],
    );
    expect(
      diff.rows.map((r) => [r.repId, r.status, r.before, r.after, r.delta, r.deltaShare]),
    ).toEqual([
      ['R2', 'unchanged', 200, 200, 0, 0],
      ['R3', 'removed', 100, null, -100, -1],
      ['R4', 'changed', 0, 10, 10, null],
      ['R5', 'added', null, 140, 140, null],
      ['R10', 'changed', 600, 600, 0, 0],
    ]);
    expect(diff.rows.find((r) => r.repId === 'R10')).toMatchObject({
      name: 'Ana B.',
      monthlyDelta: [-100, 100],
    });
    expect(diff.totals).toEqual({
      before: 900,
      after: 950,
      delta: 50,
      deltaShare: 50 / 900,
      added: 1,
      removed: 1,
      changed: 2,
      unchanged: 1,
    });
  });

  it('refuses two rows for one rep', () => {
    expect(() => diffQuotas([q('A', [1]), q('A', [2])], [])).toThrow(WorkflowInputError);
  });

  const version = fc
    .uniqueArray(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'), { maxLength: 6 })
    .chain((ids) =>
      fc.tuple(
        ...ids.map((id) =>
          fc
            .array(fc.nat({ max: 10_000_000 }), { minLength: 12, maxLength: 12 })
            .map((m) => q(id, m)),
        ),
      ),
    );

  it('gives the later version back when the deltas are applied to the earlier one', () => {
    fc.assert(
      fc.property(version, version, (before, after) => {
        const diff = diffQuotas(before, after);
        for (const row of diff.rows) {
          const from = before.find((r) => r.id === row.repId);
          const to = after.find((r) => r.id === row.repId);
          expect((row.before ?? 0) + row.delta).toBe(row.after ?? 0);
          expect(row.after).toBe(to?.quota ?? null);
          row.monthlyDelta.forEach((d, m) => {
            expect((from?.monthly[m] ?? 0) + d).toBe(to?.monthly[m] ?? 0);
          });
        }
        expect(diff.totals.before + diff.totals.delta).toBe(diff.totals.after);
      }),
    );
  });

  it('finds nothing changed between a version and itself', () => {
    fc.assert(
      fc.property(version, (v) => {
        const diff = diffQuotas(v, v);
        expect(diff.rows.every((r) => r.status === 'unchanged' && r.delta === 0)).toBe(true);
        expect(diff.totals).toMatchObject({
          delta: 0,
          added: 0,
          removed: 0,
          changed: 0,
          unchanged: v.length,
        });
      }),
    );
  });
});
