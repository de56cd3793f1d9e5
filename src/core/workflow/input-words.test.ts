import { describe, expect, it } from 'vitest';
import { inputWords, itemFieldWords } from './input-words.ts';

describe('plan-file key paths in words', () => {
  it('names the inputs as the assumption register does, with how their values read', () => {
    expect(inputWords('methodology.growth')).toEqual({
      label: 'Growth on bottom-up capacity',
      kind: 'share',
    });
    expect(inputWords('target')).toEqual({ label: 'Company target', kind: 'amount' });
    expect(inputWords('targets.SMB')).toEqual({ label: 'Target of segment SMB', kind: 'amount' });
    expect(inputWords('roles.AE.ramp')).toEqual({ label: 'Ramp of AE', kind: 'shares' });
    expect(inputWords('roles.AE.ote')).toEqual({ label: 'OTE of AE', kind: 'amount' });
    expect(inputWords('as_of')).toEqual({ label: 'Data as-of date', kind: 'date' });
  });

  it('names list items by their id, and their fields', () => {
    expect(inputWords('hires.HIRE-DEMO').label).toBe('Planned hire HIRE-DEMO');
    expect(inputWords('hires.H-2.start')).toEqual({
      label: 'Planned hire H-2: start',
      kind: 'date',
    });
    expect(inputWords('territory_weights.overrides.West').label).toBe(
      'Weight of territory West (set by hand)',
    );
    expect(inputWords('ote.R-12')).toEqual({ label: 'OTE of R-12', kind: 'amount' });
    expect(inputWords('confirmed.methodology.growth').label).toBe(
      'Confirmation of growth on bottom-up capacity',
    );
    expect(itemFieldWords('start')).toEqual({ label: 'start', kind: 'date' });
  });

  it('keeps an unknown path as it is, read as text', () => {
    expect(inputWords('something.new')).toEqual({ label: 'something.new', kind: 'text' });
  });
});
