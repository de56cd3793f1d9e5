// Reporting lines: a manager's whole subtree, loops that must not hang or widen anyone's view,
// and an organisation of 50,000 reps answered fast enough for every request.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildOrgIndex, managerSubtree } from './org-index.ts';

const org = [
  { id: 'V', managerId: null }, // VP
  { id: 'M', managerId: 'V' }, // first-line manager
  { id: 'D', managerId: 'V' },
  { id: 'A', managerId: 'M' },
  { id: 'B', managerId: 'M' },
  { id: 'C', managerId: 'D' },
];

describe('buildOrgIndex', () => {
  it('gives a manager of managers everyone below, at any depth, and itself', () => {
    const index = buildOrgIndex(org);
    expect([...index.subtree('V')].sort()).toEqual(['A', 'B', 'C', 'D', 'M', 'V']);
    expect([...index.subtree('M')].sort()).toEqual(['A', 'B', 'M']);
    expect([...index.subtree('A')]).toEqual(['A']);
    expect(index.children('V')).toEqual(['D', 'M']);
    expect(index.managers()).toEqual(['D', 'M', 'V']);
    expect(index.issues).toEqual([]);
  });

  it('answers "is this rep in that manager’s team" up the reporting line', () => {
    const index = buildOrgIndex(org);
    expect(index.contains('V', 'C')).toBe(true);
    expect(index.contains('M', 'C')).toBe(false);
    expect(index.contains('M', 'M')).toBe(true);
    expect(index.contains('A', 'B')).toBe(false);
    expect(index.contains('M', 'nobody')).toBe(false);
  });

  it('gives an unknown id nothing, and a manager known only by reference their reports', () => {
    const index = buildOrgIndex([{ id: 'A', managerId: 'X' }]);
    expect([...index.subtree('nobody')]).toEqual([]);
    expect([...index.subtree('X')]).toEqual(['A']);
    expect(index.contains('X', 'A')).toBe(true);
  });

  it('drops the links of a loop, reports it, and lets nobody on it see the others', () => {
    const index = buildOrgIndex([
      { id: 'A', managerId: 'B' },
      { id: 'B', managerId: 'C' },
      { id: 'C', managerId: 'A' },
      { id: 'R', managerId: 'A' },
      { id: 'S', managerId: 'S' },
    ]);
    expect([...index.subtree('A')].sort()).toEqual(['A', 'R']);
    expect([...index.subtree('B')]).toEqual(['B']);
    expect(index.managerOf('A')).toBeNull();
    expect(index.managerOf('R')).toBe('A');
    expect(index.contains('B', 'A')).toBe(false);
    expect(index.issues.map((i) => i.code)).toEqual(['manager-cycle', 'manager-cycle']);
    expect(index.issues[0]?.message).toContain('A → B → C → A manage each other in a loop');
    expect(index.issues[1]?.message).toContain('S is recorded as their own manager');
  });

  it('keeps the first entry of an id', () => {
    const index = buildOrgIndex([
      { id: 'A', managerId: 'M' },
      { id: 'A', managerId: 'N' },
    ]);
    expect(index.size).toBe(1);
    expect(index.managerOf('A')).toBe('M');
  });

  it('agrees with walking up the line for any reporting lines, loops included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.nat({ max: 29 }), { nil: null }), { minLength: 1, maxLength: 30 }),
        (links) => {
          const members = links.map((m, i) => ({
            id: `r${i}`,
            managerId: m === null ? null : `r${m}`,
          }));
          const index = buildOrgIndex(members);
          for (const x of members) {
            const tree = index.subtree(x.id);
            for (const y of members) expect(tree.has(y.id)).toBe(index.contains(x.id, y.id));
          }
        },
      ),
    );
  });

  it('indexes 50,000 reps once and answers a subtree of the whole company in milliseconds', () => {
    // Ten levels of managers with five reports each, then reps under the last level.
    const members: { id: string; managerId: string | null }[] = [{ id: 'ceo', managerId: null }];
    for (let i = 1; i < 50_000; i++) {
      members.push({ id: `p${i}`, managerId: i <= 5 ? 'ceo' : `p${Math.floor((i - 1) / 5)}` });
    }
    const t0 = performance.now();
    const index = buildOrgIndex(members);
    const t1 = performance.now();
    const all = index.subtree('ceo');
    const t2 = performance.now();
    expect(all.size).toBe(50_000);
    expect(index.subtree('p1').size).toBeGreaterThan(10_000);
    expect(index.contains('p1', 'p49999')).toBe(index.subtree('p1').has('p49999'));
    // Generous bounds for a shared machine; typical is ~30 ms and ~10 ms.
    expect(t1 - t0).toBeLessThan(1_000);
    expect(t2 - t1).toBeLessThan(250);
  });
});

describe('managerSubtree', () => {
  it('is the subtree of a one-off index', () => {
    expect([...managerSubtree(org, 'D')].sort()).toEqual(['C', 'D']);
  });
});
