// Version diffs of plan inputs: key paths a reviewer can read, items named by id, and nothing
// reported when nothing changed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffInputs, jsonEqual } from './diff-inputs.ts';

const v1 = {
  plan: { name: 'FY2025', start: '2025-01-01' },
  target: 1_500_000,
  methodology: { top_down_share: 0.5, growth: 0 },
  seasonality: { mode: 'custom', shares: [0.08, 0.09, 0.1] },
  hires: [
    { id: 'H-1', name: 'Ria', start_date: '2025-03-16' },
    { id: 'H-2', name: 'Sol', start_date: '2025-04-01' },
  ],
  departures: [{ rep: 'R-7', end: '2025-06-30' }],
  scenarios: [{ name: 'cautious', attrition: 0.2 }],
  confirmed: { target: { by: 'cro', at: '2025-01-10' } },
};

const v2 = {
  plan: { name: 'FY2025', start: '2025-01-01' },
  target: 1_600_000,
  methodology: { top_down_share: 0.5, growth: 0.05 },
  seasonality: { mode: 'custom', shares: [0.08, 0.1, 0.1] },
  hires: [
    { id: 'H-3', name: 'Tao', start_date: '2025-07-01' },
    { id: 'H-2', name: 'Sol', start_date: '2025-06-01' },
  ],
  departures: [{ rep: 'R-7', end: '2025-06-30' }],
  scenarios: [{ name: 'cautious', attrition: 0.25 }, { name: 'bold' }],
  confirmed: {},
};

describe('diffInputs', () => {
  it('lists each change by key path, list items by id, in path order', () => {
    expect(diffInputs(v1, v2)).toEqual([
      {
        path: 'confirmed.target',
        kind: 'removed',
        before: { by: 'cro', at: '2025-01-10' },
        after: undefined,
      },
      { path: 'hires.H-1', kind: 'removed', before: v1.hires[0], after: undefined },
      { path: 'hires.H-2.start_date', kind: 'changed', before: '2025-04-01', after: '2025-06-01' },
      { path: 'hires.H-3', kind: 'added', before: undefined, after: v2.hires[0] },
      { path: 'methodology.growth', kind: 'changed', before: 0, after: 0.05 },
      { path: 'scenarios[0].attrition', kind: 'changed', before: 0.2, after: 0.25 },
      { path: 'scenarios[1]', kind: 'added', before: undefined, after: { name: 'bold' } },
      {
        path: 'seasonality.shares',
        kind: 'changed',
        before: [0.08, 0.09, 0.1],
        after: [0.08, 0.1, 0.1],
      },
      { path: 'target', kind: 'changed', before: 1_500_000, after: 1_600_000 },
    ]);
  });

  it('sorts index paths in natural order and reports a change of type as one change', () => {
    const before = { list: Array.from({ length: 11 }, (_, i) => ({ n: i })) };
    const after = { list: Array.from({ length: 11 }, (_, i) => ({ n: i + 1 })) };
    const paths = diffInputs(before, after).map((c) => c.path);
    expect(paths.slice(0, 3)).toEqual(['list[0].n', 'list[1].n', 'list[2].n']);
    expect(paths.at(-1)).toBe('list[10].n');
    expect(diffInputs({ a: { b: 1 } }, { a: [1] })).toEqual([
      { path: 'a', kind: 'changed', before: { b: 1 }, after: [1] },
    ]);
    expect(diffInputs(1, 2)).toEqual([{ path: '', kind: 'changed', before: 1, after: 2 }]);
  });

  it('ignores the order of a list whose items are named by id, and of object keys', () => {
    expect(
      diffInputs({ hires: v1.hires, x: 1, y: 2 }, { y: 2, x: 1, hires: [...v1.hires].reverse() }),
    ).toEqual([]);
  });

  it('is empty for a value and itself', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (x) => {
        const copy: unknown = JSON.parse(JSON.stringify(x));
        expect(diffInputs(x, copy)).toEqual([]);
      }),
    );
  });

  it('reports only real differences, each path once, and something whenever the lists are positional', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const changes = diffInputs(a, b);
        for (const c of changes) expect(jsonEqual(c.before, c.after)).toBe(false);
        expect(new Set(changes.map((c) => c.path)).size).toBe(changes.length);
        // Without id keys every list is positional, so every difference must show.
        const named = /"(id|rep)":/.test(JSON.stringify([a, b]));
        if (!named && !jsonEqual(a, b)) expect(changes.length).toBeGreaterThan(0);
      }),
    );
  });
});
