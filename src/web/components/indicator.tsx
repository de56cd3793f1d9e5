// The traffic light of METHOD §9 with a word beside the colour, so it does not rely on colour
// alone; `data-indicator` names the colour for tests and styles.

export type IndicatorColour = 'green' | 'yellow' | 'red';

const WORDS: Record<IndicatorColour, string> = {
  green: 'On track',
  yellow: 'At risk',
  red: 'Behind',
};

export function Indicator({ value }: { value: IndicatorColour | null }) {
  if (value === null) {
    return (
      <span className="indicator indicator-none" data-indicator="none">
        No indicator
      </span>
    );
  }
  return (
    <span className={`indicator indicator-${value}`} data-indicator={value}>
      <span className="dot" aria-hidden="true" />
      {WORDS[value]}
    </span>
  );
}

/** What the colours mean with this plan's thresholds, for a legend under a table. */
export function IndicatorLegend({
  thresholds,
  pct,
  state,
}: {
  thresholds: { green: number; red: number };
  pct: (fraction: number) => string;
  /** The period's state: indicators read pace while it is open, and none before it starts. */
  state: 'not-started' | 'open' | 'closed';
}) {
  const basis =
    state === 'open'
      ? 'pace attainment (the period is open)'
      : state === 'closed'
        ? 'attainment (the period is closed)'
        : 'pace attainment once the period starts';
  return (
    <p className="legend">
      Indicators on {basis}: <Indicator value="green" /> above {pct(thresholds.green)},{' '}
      <Indicator value="yellow" /> from {pct(thresholds.red)} to {pct(thresholds.green)},{' '}
      <Indicator value="red" /> below {pct(thresholds.red)}.
    </p>
  );
}
