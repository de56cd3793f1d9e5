// The traffic light: green above 90 %, yellow from 60 % to 90 % inclusive, red below 60 %.
import { describe, expect, it } from 'vitest';
import { checkThresholds, indicatorOf, periodIndicator } from './indicator.ts';

const method = { green: 0.9, red: 0.6 };

describe('indicatorOf', () => {
  it('puts both ends of the yellow band in yellow', () => {
    expect(indicatorOf(0.9, method)).toBe('yellow');
    expect(indicatorOf(0.6, method)).toBe('yellow');
    expect(indicatorOf(0.9000001, method)).toBe('green');
    expect(indicatorOf(0.5999999, method)).toBe('red');
    expect(indicatorOf(null, method)).toBeNull();
  });

  it('takes the thresholds from its input', () => {
    expect(indicatorOf(0.85, { green: 0.8, red: 0.5 })).toBe('green');
    expect(indicatorOf(0.45, { green: 0.8, red: 0.5 })).toBe('red');
  });

  it('refuses thresholds with red above green', () => {
    expect(() => {
      checkThresholds({ green: 0.5, red: 0.6 });
    }).toThrow(/0 ≤ red ≤ green/);
    expect(() => {
      checkThresholds({ green: Number.NaN, red: 0.6 });
    }).toThrow();
  });
});

describe('periodIndicator', () => {
  it('reads pace while open, attainment once closed, and nothing before the start or without quota', () => {
    expect(periodIndicator('open', 100, 0.3, 0.95, method)).toBe('green');
    expect(periodIndicator('closed', 100, 0.3, 0.3, method)).toBe('red');
    expect(periodIndicator('not-started', 100, 0, null, method)).toBeNull();
    expect(periodIndicator('closed', 0, null, null, method)).toBeNull();
  });
});
