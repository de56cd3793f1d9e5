// The traffic light of METHOD §9: green above the green threshold, red below the red one,
// yellow in between (both ends included), on pace while a period is open and on attainment
// once it is closed.

import { TrackingInputError } from './errors.ts';
import type { PeriodState } from './period.ts';

export type Indicator = 'green' | 'yellow' | 'red';

/** Fractions of quota (0.9 = 90 %). Defaults of METHOD: green 0.90, red 0.60 (plan.checks.indicators). */
export interface IndicatorThresholds {
  green: number;
  red: number;
}

export function checkThresholds(thresholds: IndicatorThresholds): void {
  const { green, red } = thresholds;
  if (!Number.isFinite(green) || !Number.isFinite(red) || red < 0 || red > green) {
    throw new TrackingInputError(
      `indicator thresholds green ${String(green)}, red ${String(red)} are not fractions with 0 ≤ red ≤ green`,
    );
  }
}

/** The colour of a ratio; null when there is no ratio. */
export function indicatorOf(
  ratio: number | null,
  thresholds: IndicatorThresholds,
): Indicator | null {
  if (ratio === null) return null;
  if (ratio > thresholds.green) return 'green';
  if (ratio < thresholds.red) return 'red';
  return 'yellow';
}

/**
 * The indicator of a period: none before it starts or without quota; pace attainment while it
 * is open; attainment once it is closed.
 */
export function periodIndicator(
  state: PeriodState,
  quota: number,
  attainment: number | null,
  paceAttainment: number | null,
  thresholds: IndicatorThresholds,
): Indicator | null {
  if (state === 'not-started' || quota === 0) return null;
  return indicatorOf(state === 'open' ? paceAttainment : attainment, thresholds);
}
