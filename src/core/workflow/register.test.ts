// The register's decisions: a confirmation is of a value on a version, holds for later versions
// while the value stays, lapses (ASSUMED again) when the value changes, and a reopen wins over the
// plan file's own confirmation of the same value.
import { describe, expect, it } from 'vitest';
import type { AssumptionEntry, AssumptionRegister } from '../engine/assumptions.ts';
import { applyRegisterDecisions, registerWithDecisions } from './register.ts';
import type { RegisterDecision } from './register.ts';

function entry(key: string, value: string, over: Partial<AssumptionEntry> = {}): AssumptionEntry {
  return {
    key,
    label: key,
    value,
    status: 'ASSUMED',
    confirmedBy: null,
    confirmedAt: null,
    affects: 'quotas',
    reps: ['R-1', 'R-2'],
    ...over,
  };
}

const confirmTarget: RegisterDecision = {
  key: 'target',
  version: 2,
  status: 'CONFIRMED',
  value: '$1,000,000',
  by: 'vp@acme.com',
  at: '2025-01-10T09:00:00.000Z',
};

describe('applyRegisterDecisions', () => {
  it('confirms the value on its version and on later versions that keep it', () => {
    for (const version of [2, 3, 7]) {
      const [target] = applyRegisterDecisions(
        [entry('target', '$1,000,000')],
        [confirmTarget],
        version,
      );
      expect(target).toMatchObject({
        status: 'CONFIRMED',
        confirmedBy: 'vp@acme.com',
        confirmedAt: '2025-01-10T09:00:00.000Z',
      });
    }
  });

  it('does not reach back to versions before the decision', () => {
    const [target] = applyRegisterDecisions([entry('target', '$1,000,000')], [confirmTarget], 1);
    expect(target?.status).toBe('ASSUMED');
  });

  it('lapses when the value changes: ASSUMED again until the new value is confirmed', () => {
    const changed = entry('target', '$1,200,000');
    expect(applyRegisterDecisions([changed], [confirmTarget], 3)[0]?.status).toBe('ASSUMED');
    const again = { ...confirmTarget, version: 3, value: '$1,200,000', by: 'cro@acme.com' };
    expect(applyRegisterDecisions([changed], [confirmTarget, again], 3)[0]).toMatchObject({
      status: 'CONFIRMED',
      confirmedBy: 'cro@acme.com',
    });
    // Back to the first value later: the latest decision was about another value, so no.
    const back = entry('target', '$1,000,000');
    expect(applyRegisterDecisions([back], [confirmTarget, again], 4)[0]?.status).toBe('ASSUMED');
  });

  it('lets a reopen of the same value win over the plan file’s confirmation, and falls back to it otherwise', () => {
    const fromFile = entry('target', '$1,000,000', {
      status: 'CONFIRMED',
      confirmedBy: 'file author',
      confirmedAt: '2025-01-01',
    });
    const reopen: RegisterDecision = { ...confirmTarget, status: 'ASSUMED', by: 'cro@acme.com' };
    expect(applyRegisterDecisions([fromFile], [reopen], 2)[0]).toMatchObject({
      status: 'ASSUMED',
      confirmedBy: null,
    });
    expect(applyRegisterDecisions([fromFile], [], 2)[0]?.confirmedBy).toBe('file author');
  });

  it('recomputes the register’s counts and the reps still on assumptions', () => {
    const register: AssumptionRegister = {
      entries: [entry('target', '$1,000,000'), entry('seasonality', 'history', { reps: ['R-3'] })],
      assumed: 2,
      confirmed: 0,
      repsOnAssumptions: 3,
    };
    const merged = registerWithDecisions(register, [confirmTarget], 2);
    expect(merged).toMatchObject({ assumed: 1, confirmed: 1, repsOnAssumptions: 1 });
  });
});
