// Writes a plan file as commented YAML: a header, and above each input what it means, where its
// value came from and whether it is ASSUMED or CONFIRMED, with commented-out examples of the
// optional inputs, so the file explains itself to the person who reviews it.

import { Document, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';
import type { DraftNotes } from '../../core/plan/draft.ts';
import type { PlanFile } from '../../contracts/plan-file.ts';
import { DEFAULT_TRIALS } from '../../core/plan/defaults.ts';

/** What each top-level input means, in a line or two. */
const MEANING: Record<string, string> = {
  name: "The plan's name, shown in every output.",
  as_of: 'The date the data was extracted: deals and events after it are ignored.',
  start: 'First day of the first plan month (quarters count from here).',
  months: 'Length of the plan in months (1 to 36).',
  currency: 'Currency of every amount in this file.',
  target: 'Company target for the plan period, in currency units.',
  targets: 'Targets per segment for the plan period, in currency units.',
  methodology: 'How quotas are set (docs/methodology.md, METHOD §5).',
  seasonality:
    'flat | historical (the history blended half-and-half with flat; flat with under 12 months\n' +
    'of history) | a list of 12 shares, January to December, summing to 1.',
  history_months: 'At most this many months of history feed the model.',
  seed: 'Seed of every random draw (the simulation): the same seed gives the same result.',
  simulation:
    'Monte Carlo simulation (quotaplan simulate): trials per scenario (1 to 1,000,000). More\n' +
    'trials give steadier probabilities and take longer.',
  scenarios:
    'Custom scenarios for quotaplan simulate, beside the presets worst, expected and best. Every\n' +
    "lever is optional (default: the expected preset's): win_rate_points (-0.1 = ten points\n" +
    'lower), deal_size_multiplier, attrition (annual share of reps leaving), extra_ramp_months,\n' +
    'extra_hires (fully ramped-to-be hires at the plan start).',
  roles:
    'Settings per role code. ramp: fraction of full productivity in tenure months 1, 2, 3, …\n' +
    '(1 after the list); counts: deal types that count (new_business, expansion, renewal);\n' +
    'measure: bookings | sourced_pipeline | sourced_deals; quota: false for roles without one.\n' +
    'Optional: ote (default annual OTE of the role), target (pool target for a measure other\n' +
    'than bookings). Roles not listed use their defaults (any unknown role behaves as AE).',
  territory_weights:
    'Territory weights multiply the opportunity of a patch: an index of the components below\n' +
    '(each divided by its mean), clamped to the bounds. overrides set a weight by hand.',
  hires: 'Planned hires: they get ramped quotas from their start date.',
  departures: 'Reps leaving: they get no quota after their last day.',
  ote: 'Annual OTE per rep id (currency units), for the quota-to-OTE check.',
  account_targets:
    "derived = each account's last 12 months of bookings × (1 + growth); or the path of a CSV\n" +
    'file (columns account_id, target) relative to this file.',
  current_quotas:
    'none, or the path of a CSV file (columns rep_id, quota: annual, currency units) of the\n' +
    'quotas in force, for the audit of the current methodology.',
  checks: 'Thresholds of the checks on the plan (METHOD §6) and of the back-test (§7).',
  confirmed:
    'Inputs a person has confirmed: key path → who and when. Every input not listed is ASSUMED.',
};

const SUB_MEANING: Record<string, Record<string, string>> = {
  methodology: {
    top_down_share: 'alpha: share of each quota set top-down (1 = top-down only).',
    growth: 'Growth applied to bottom-up capacity (0.1 = +10%).',
    over_assignment: 'Every quota × (1 + over_assignment).',
    rounding: 'Annual quotas are multiples of this unit (currency units).',
  },
  territory_weights: {
    bounds: 'Lowest and highest weight.',
    coefficients: 'Weight of each component in the index; a component the data lacks is dropped.',
  },
  checks: {
    quota_to_ote: 'Fully ramped annual quota ÷ OTE should fall in this range.',
    coverage: 'Open pipeline of the first quarter ÷ its quota: warning below, red below.',
    account_target_ratio: "Quota ÷ the sum of the rep's account targets above this: high risk.",
    backtest: 'Share of reps attaining last year: pass in this band; below review_below fails.',
    indicators: 'Attainment tracking: green above, red below.',
  },
};

/** Commented-out examples placed before a key (or at the end) for inputs the file leaves out. */
const EXAMPLES: Record<string, string> = {
  targets:
    'Per segment instead of one target:\ntargets: { SMB: 4000000, MM: 5000000, ENT: 3000000 }',
  overrides: 'overrides: { TR-7: 1.1 }   # territory id: weight (within the bounds)',
  hires:
    'hires:\n' +
    '  - { id: HIRE-1, name: New AE West, role: AE, segment: SMB, territory: TR-7, manager: M-2, start: 2027-03-15, ote: 140000 }',
  departures: 'departures:\n  - { rep: R-12, end: 2027-06-30 }',
  ote: 'ote: { R-1: 150000 }   # annual OTE per rep id',
  scenarios:
    'scenarios:\n' +
    '  hiring-freeze: { win_rate_points: 0, deal_size_multiplier: 1.0, attrition: 0.2, extra_ramp_months: 0, extra_hires: 0 }',
  confirmed:
    'confirmed:\n' +
    '  target: { by: cro@example.com, at: 2026-11-20 }\n' +
    '  methodology.top_down_share: { by: vp.sales@example.com, at: 2026-11-21 }\n' +
    '  roles.AE.ramp: { by: vp.sales@example.com, at: 2026-11-21 }',
};

/** Short lists and small records read best on one line. */
const FLOW_KEYS = new Set([
  'simulation',
  'overrides',
  'ote',
  'bounds',
  'coefficients',
  'quota_to_ote',
  'coverage',
  'pass',
  'indicators',
]);

function comment(text: string): string {
  return text
    .split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
}

function status(file: PlanFile, key: string): string {
  const confirmed = file.confirmed ?? {};
  const direct = confirmed[key];
  if (direct !== undefined) return `CONFIRMED by ${direct.by} on ${direct.at}`;
  const parts = Object.keys(confirmed).filter((k) => k.startsWith(`${key}.`));
  return parts.length > 0 ? `ASSUMED except ${parts.join(', ')} (confirmed)` : 'ASSUMED';
}

function keyName(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}

function setFlow(map: YAMLMap): void {
  for (const pair of map.items) {
    const value = pair.value;
    if (FLOW_KEYS.has(keyName(pair)) && (isMap(value) || isSeq(value))) value.flow = true;
    if (isSeq(value) && value.items.every((item) => isScalar(item))) value.flow = true;
    if (isMap(value)) setFlow(value);
  }
}

/**
 * The file with the simulation key written out (its default when the file leaves it out), right
 * after the seed, so the reader of a v0 plan sees the number of trials beside the seed.
 */
export function withSimulationDefaults(file: PlanFile): PlanFile {
  if (file.simulation !== undefined) return file;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(file)) {
    out[key] = value;
    if (key === 'seed') out.simulation = { trials: DEFAULT_TRIALS };
  }
  if (!('simulation' in out)) out.simulation = { trials: DEFAULT_TRIALS };
  return out as PlanFile;
}

/**
 * The plan file as commented YAML. `notes` say where values came from (init-plan's draft); any
 * key of `file` may be present. Reading the text back gives the same file.
 */
export function writePlanYaml(file: PlanFile, notes: DraftNotes = {}): string {
  const doc = new Document(file);
  const root = doc.contents;
  if (!isMap(root)) throw new TypeError('a plan file is a mapping of keys');
  setFlow(root);
  // Roles, hires, departures and confirmations: one line per entry.
  for (const pair of root.items) {
    const name = keyName(pair);
    if (
      (name === 'roles' ||
        name === 'scenarios' ||
        name === 'hires' ||
        name === 'departures' ||
        name === 'confirmed') &&
      (isMap(pair.value) || isSeq(pair.value))
    ) {
      for (const item of pair.value.items) {
        const node = isPair(item) ? item.value : item;
        if (isMap(node)) node.flow = true;
      }
    }
  }

  const asOf = file.as_of ?? 'the latest date in the data';
  doc.commentBefore = comment(
    [
      `${file.name}: quota plan, read by \`quotaplan plan <this file>\`.`,
      Object.keys(notes).length > 0
        ? `Version 0, generated by quotaplan init-plan from the workspace data as of ${asOf}.`
        : `Data as of ${asOf}.`,
      'Every input is ASSUMED until it is listed under `confirmed:` with who confirmed it and when.',
      'Amounts are in currency units. Keys are documented in the README ("Plan file").',
    ].join('\n'),
  );

  const notesByKey = notes as Record<string, string | undefined>;
  for (const pair of root.items) {
    const name = keyName(pair);
    const lines: string[] = [];
    if (name === 'hires' || name === 'departures') {
      const example = EXAMPLES[name];
      if (example !== undefined && Array.isArray(file[name]) && file[name].length === 0) {
        lines.push(...example.split('\n').map((l) => `  ${l}`));
      }
    }
    const meaning = MEANING[name];
    const note = notesByKey[name];
    const state = name === 'confirmed' ? undefined : status(file, name);
    const source =
      note === undefined ? state : `Value: ${note}${state === undefined ? '' : ` — ${state}`}`;
    const block = [meaning, source, ...(lines.length > 0 ? ['Example:', ...lines] : [])]
      .filter((t) => t !== undefined)
      .join('\n');
    if (isScalar(pair.key)) pair.key.commentBefore = comment(block);

    const subMeanings = SUB_MEANING[name];
    if (subMeanings !== undefined && isMap(pair.value)) {
      for (const sub of pair.value.items) {
        const subName = keyName(sub);
        const subMeaning = subMeanings[subName];
        if (subMeaning !== undefined && isScalar(sub.key)) {
          sub.key.commentBefore = comment(subMeaning);
        }
      }
      if (name === 'territory_weights' && file.territory_weights?.overrides === undefined) {
        pair.value.comment = comment(EXAMPLES.overrides ?? '');
      }
    }
    if (name === 'target' && isScalar(pair.value)) {
      pair.value.comment = comment(
        'or targets: { SMB: 4000000, MM: 5000000 } (one per segment; not both)',
      );
    }
  }
  // No custom scenarios: their meaning and a commented-out example follow the simulation key.
  const simulationAt = root.items.findIndex((pair) => keyName(pair) === 'simulation');
  const afterSimulation = root.items[simulationAt + 1];
  if (
    file.scenarios === undefined &&
    afterSimulation !== undefined &&
    isScalar(afterSimulation.key)
  ) {
    const example = comment(`${MEANING.scenarios ?? ''}\n${EXAMPLES.scenarios ?? ''}`);
    const own = afterSimulation.key.commentBefore;
    afterSimulation.key.commentBefore = own == null ? example : `${example}\n\n${own}`;
  }
  const trailing: string[] = [];
  if (file.ote === undefined) trailing.push(`${MEANING.ote ?? ''}\n${EXAMPLES.ote ?? ''}`);
  if (file.confirmed === undefined) {
    trailing.push(`${MEANING.confirmed ?? ''}\n${EXAMPLES.confirmed ?? ''}`);
  }
  if (trailing.length > 0) doc.comment = comment(trailing.join('\n\n'));
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
