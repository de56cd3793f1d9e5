// Which scenarios a --scenario value names: the presets, `all` (presets first, then the custom
// scenarios by name), one custom scenario, or a refusal that lists what the plan has.

import { describe, expect, it } from 'vitest';
import { PRESETS } from '../core/simulation/index.ts';
import { scenariosOf } from './simulate-service.ts';

const custom = {
  'push-upmarket': { ...PRESETS.expected, dealSizeMultiplier: 1.15 },
  'hiring-freeze': { ...PRESETS.expected, attrition: 0.2 },
};

describe('scenariosOf', () => {
  it('names the presets, all of them with the custom ones sorted by name, or one custom', () => {
    const all = scenariosOf('all', custom);
    expect(all.ok && all.scenarios.map((s) => s.name)).toEqual([
      'worst',
      'expected',
      'best',
      'hiring-freeze',
      'push-upmarket',
    ]);
    expect(scenariosOf('worst', custom)).toEqual({
      ok: true,
      scenarios: [{ name: 'worst', levers: PRESETS.worst }],
    });
    expect(scenariosOf('hiring-freeze', custom)).toEqual({
      ok: true,
      scenarios: [{ name: 'hiring-freeze', levers: custom['hiring-freeze'] }],
    });
  });

  it('refuses an unknown name, listing the scenarios of the plan', () => {
    expect(scenariosOf('boom', custom)).toEqual({
      ok: false,
      expected: 'one of worst, expected, best, all, hiring-freeze, push-upmarket',
    });
    expect(scenariosOf('Worst', {})).toEqual({
      ok: false,
      expected:
        'one of worst, expected, best, all (the plan defines no custom scenarios under scenarios:)',
    });
  });
});
