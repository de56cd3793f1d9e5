// Plan-file key paths in words, for people reading what changed between two versions: the label
// the assumption register uses for the same input ('methodology.growth' → 'Growth on bottom-up
// capacity') and how its value reads (an amount, a share, a date, a list of shares, plain text).

/** How a value of the plan file reads: amounts in currency units, shares as fractions. */
export type InputValueKind = 'amount' | 'share' | 'shares' | 'date' | 'text';

export interface InputWords {
  label: string;
  kind: InputValueKind;
}

/** The fixed keys: the register's labels (core/engine/assumptions.ts) and the plan's frame. */
const FIXED: Record<string, InputWords> = {
  name: { label: 'Plan name', kind: 'text' },
  as_of: { label: 'Data as-of date', kind: 'date' },
  start: { label: 'Plan start', kind: 'date' },
  months: { label: 'Plan months', kind: 'text' },
  currency: { label: 'Currency', kind: 'text' },
  target: { label: 'Company target', kind: 'amount' },
  methodology: { label: 'Methodology', kind: 'text' },
  'methodology.top_down_share': { label: 'Top-down share α', kind: 'share' },
  'methodology.growth': { label: 'Growth on bottom-up capacity', kind: 'share' },
  'methodology.over_assignment': { label: 'Over-assignment', kind: 'share' },
  'methodology.rounding': { label: 'Rounding unit', kind: 'amount' },
  seasonality: { label: 'Seasonality', kind: 'text' },
  history_months: { label: 'Months of history learnt from', kind: 'text' },
  seed: { label: 'Simulation seed', kind: 'text' },
  'simulation.trials': { label: 'Simulation trials', kind: 'text' },
  'territory_weights.bounds': { label: 'Territory weight bounds', kind: 'text' },
  'territory_weights.coefficients': { label: 'Territory weight coefficients', kind: 'text' },
  'territory_weights.coefficients.potential': {
    label: 'Territory weight coefficient of potential',
    kind: 'text',
  },
  'territory_weights.coefficients.accounts': {
    label: 'Territory weight coefficient of accounts',
    kind: 'text',
  },
  'territory_weights.coefficients.win_rate': {
    label: 'Territory weight coefficient of win rate',
    kind: 'text',
  },
  account_targets: { label: 'Account targets', kind: 'text' },
  current_quotas: { label: 'Current quotas', kind: 'text' },
  hires: { label: 'Planned hires', kind: 'text' },
  departures: { label: 'Departures', kind: 'text' },
};

/** Words of one field of a planned hire ('hires.H-2.start'). */
const HIRE_FIELDS: Record<string, InputWords> = {
  name: { label: 'name', kind: 'text' },
  role: { label: 'role', kind: 'text' },
  segment: { label: 'segment', kind: 'text' },
  territory: { label: 'territory', kind: 'text' },
  manager: { label: 'manager', kind: 'text' },
  start: { label: 'start', kind: 'date' },
  end: { label: 'last day', kind: 'date' },
  ote: { label: 'OTE', kind: 'amount' },
};

/** Words of a setting of a role ('roles.AE.ramp'). */
const ROLE_FIELDS: Record<string, [string, InputValueKind]> = {
  ramp: ['Ramp of', 'shares'],
  counts: ['Deal types counted for', 'text'],
  measure: ['Quota measure of', 'text'],
  ote: ['OTE of', 'amount'],
  target: ['Target of', 'amount'],
  quota: ['Carries a quota:', 'text'],
};

/** A field of a list item (a planned hire, a departure) in words: 'start' → a date named 'start'. */
export function itemFieldWords(field: string): InputWords {
  return HIRE_FIELDS[field] ?? { label: field, kind: 'text' };
}

/**
 * A key path of the plan file (as the version diff names it: dotted, list items by id) in words.
 * Unknown paths keep the path itself as the label, read as text.
 */
export function inputWords(path: string): InputWords {
  const fixed = FIXED[path];
  if (fixed !== undefined) return fixed;
  const [head = '', second = '', ...rest] = path.split('.');
  const tail = rest.join('.');
  if (head === 'targets' && second !== '' && tail === '') {
    return { label: `Target of segment ${second}`, kind: 'amount' };
  }
  if (head === 'roles' && second !== '') {
    if (tail === '') return { label: `Settings of role ${second}`, kind: 'text' };
    const field = ROLE_FIELDS[tail];
    if (field !== undefined) return { label: `${field[0]} ${second}`, kind: field[1] };
  }
  if (head === 'territory_weights' && second === 'overrides' && rest.length === 1) {
    return { label: `Weight of territory ${tail} (set by hand)`, kind: 'text' };
  }
  if (head === 'hires' && second !== '') {
    if (tail === '') return { label: `Planned hire ${second}`, kind: 'text' };
    const field = HIRE_FIELDS[tail];
    if (field !== undefined) {
      return { label: `Planned hire ${second}: ${field.label}`, kind: field.kind };
    }
  }
  if (head === 'departures' && second !== '') {
    return tail === '' || tail === 'end'
      ? { label: `Last day of ${second}`, kind: tail === 'end' ? 'date' : 'text' }
      : { label: `Departure of ${second}: ${tail}`, kind: 'text' };
  }
  if (head === 'ote' && second !== '' && tail === '') {
    return { label: `OTE of ${second}`, kind: 'amount' };
  }
  if (head === 'confirmed' && second !== '') {
    const of = path.slice('confirmed.'.length);
    return { label: `Confirmation of ${inputWords(of).label.toLowerCase()}`, kind: 'text' };
  }
  if (head === 'scenarios' && second !== '') {
    return { label: `Scenario ${second}${tail === '' ? '' : `: ${tail}`}`, kind: 'text' };
  }
  if (head === 'checks' && second !== '') {
    return { label: `Check setting ${path.slice('checks.'.length)}`, kind: 'text' };
  }
  return { label: path, kind: 'text' };
}
