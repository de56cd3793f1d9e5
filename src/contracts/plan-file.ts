// The plan file: the YAML keys (snake_case, money in currency units) a person writes to define a
// quota run, validated with zod, and its translation into the engine's Plan (cents, camelCase).

import { z } from 'zod';
import type { Issue, IssueLocation } from '../core/issue.ts';
import type { Basis } from '../core/model.ts';
import { DEAL_TYPES } from '../core/model.ts';
import { EARLIEST_INPUT_DATE, isInputDate, isIsoDate, LATEST_INPUT_DATE } from '../core/dates.ts';
import {
  checkInput,
  hasControlCharacter,
  MAX_INPUT_DEPTH,
  RESERVED_KEYS,
} from '../core/input-check.ts';
import { SHARE_SUM_TOLERANCE } from '../core/seasonality.ts';
import type {
  AccountTarget,
  CurrentQuota,
  Plan,
  PlannedHire,
  QuotaMeasure,
  RolePlan,
  SeasonalityPlan,
} from '../core/plan/types.ts';
import { QUOTA_MEASURES } from '../core/plan/types.ts';
import { PRESETS, type Levers } from '../core/simulation/index.ts';
import {
  AE_ROLE,
  DEFAULT_CHECKS,
  DEFAULT_HISTORY_MONTHS,
  DEFAULT_ROLES,
  DEFAULT_TOP_DOWN_SHARE,
  DEFAULT_TRIALS,
  DEFAULT_WEIGHTS,
} from '../core/plan/defaults.ts';

/** Upper-case role codes as the roster uses them ('AE', 'SDR', 'CSM'). */
const ROLE_CODE = /^[A-Z][A-Z0-9_]*$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;
/** The largest amount the plan file accepts, in currency units (matches the importer's bound). */
const MAX_UNITS = 9e11;
/** The longest name or id the plan file accepts (the API's bound on names and rep ids). */
export const MAX_PLAN_TEXT = 200;
/** The most items of a list or entries of a mapping (hires, OTEs, overrides, confirmations). */
export const MAX_PLAN_ITEMS = 10_000;
/** The longest ramp, in months. */
export const MAX_RAMP_MONTHS = 60;
/**
 * The largest ratio, multiple or coefficient a check or weight may be (quota-to-OTE, coverage,
 * weight bounds, indicator levels): far beyond any sensible value, and small enough that nothing
 * computed from it overflows.
 */
const MAX_RATIO = 1000;
/** Growth above this (1,000 %) is a typing mistake; it also keeps capacity × growth finite. */
export const MAX_GROWTH = 10;

/** A strict object: an unknown key is an error naming the keys that are allowed. */
function strict<T extends z.ZodRawShape>(shape: T): z.ZodObject<T, z.core.$strict> {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `one of ${allowed}` : 'a mapping of keys',
  });
}

/** At most two decimals; 15 significant digits absorb the binary error of units × 100. */
const isWholeCents = (units: number): boolean =>
  Number.isInteger(Number((units * 100).toPrecision(15)));

/** An amount in currency units (or deals under the count basis): ≥ 0, at most two decimals. */
const amount = (what = 'an amount in currency units') =>
  z
    .number({ error: `${what} (a number, at most two decimals)` })
    .min(0, { error: `${what} of 0 or more`, abort: true })
    .max(MAX_UNITS, { error: `${what} below ${MAX_UNITS.toExponential()}`, abort: true })
    .refine(isWholeCents, { error: `${what} with at most two decimals (whole cents)` });

const positiveAmount = (what: string) =>
  amount(what).refine((v) => v > 0, { error: `${what} above 0` });

const isoDate = (what = 'a date') =>
  z
    .string({ error: `${what} written YYYY-MM-DD` })
    .refine(isIsoDate, { error: `${what} written YYYY-MM-DD (a real calendar date)`, abort: true })
    .refine(isInputDate, {
      error: `${what} from ${EARLIEST_INPUT_DATE} to ${LATEST_INPUT_DATE}`,
    });

const share = (what: string) =>
  z
    .number({ error: `${what} between 0 and 1` })
    .min(0, { error: `${what} between 0 and 1` })
    .max(1, { error: `${what} between 0 and 1` });

const positive = (what: string, max = MAX_RATIO) =>
  z
    .number({ error: `${what} above 0` })
    .gt(0, { error: `${what} above 0` })
    .max(max, { error: `${what} of at most ${max.toLocaleString('en-US')}` });

const nonNegative = (what: string, max = MAX_RATIO) =>
  z
    .number({ error: `${what} of 0 or more` })
    .min(0, { error: `${what} of 0 or more` })
    .max(max, { error: `${what} of at most ${max.toLocaleString('en-US')}` });

/** A name or id: not empty, at most MAX_PLAN_TEXT characters, no control characters. */
const text = (what: string) =>
  z
    .string({ error: `${what} (text)` })
    .trim()
    .min(1, { error: `${what} (not empty)` })
    .max(MAX_PLAN_TEXT, { error: `${what} of at most ${MAX_PLAN_TEXT} characters` })
    .refine((value) => !hasControlCharacter(value), {
      error: `${what} without control characters`,
    });

const csvPath = (expected: string) =>
  z
    .string({ error: expected })
    .trim()
    .min(1, { error: expected })
    .max(1000, { error: `${expected} (at most 1,000 characters)` })
    .refine((value) => !hasControlCharacter(value), { error: expected });

/** A mapping of at most MAX_PLAN_ITEMS entries. */
const mapping = <K extends z.core.$ZodRecordKey, V extends z.ZodType>(
  key: K,
  value: V,
  error: string,
) =>
  z.record(key, value, { error }).refine((m) => Object.keys(m).length <= MAX_PLAN_ITEMS, {
    error: `${error}, of at most ${MAX_PLAN_ITEMS.toLocaleString('en-US')} entries`,
  });

/** A list of at most MAX_PLAN_ITEMS items. */
const list = <T extends z.ZodType>(item: T, error: string) =>
  z.array(item, { error }).max(MAX_PLAN_ITEMS, {
    error: `${error}, of at most ${MAX_PLAN_ITEMS.toLocaleString('en-US')} items`,
  });

const roleCode = z
  .string({ error: 'a role code such as AE, AM, SDR or MGR' })
  .max(50, { error: 'a role code of at most 50 characters' })
  .regex(ROLE_CODE, { error: 'an upper-case role code such as AE, AM, SDR or MGR' });

/** A [low, high] pair with low ≤ high. */
const range = (what: string, item: z.ZodNumber) =>
  z
    .tuple([item, item], { error: `[low, high]: two numbers, ${what}` })
    .refine(([low, high]) => low <= high, { error: `[low, high] with low ≤ high, ${what}` });

const DEAL_TYPE_LIST = DEAL_TYPES.join(', ');

const roleSchema = strict({
  ramp: z.optional(
    z
      .array(share('a fraction of full productivity'), {
        error: 'a list of fractions of full productivity for tenure months 1, 2, …',
      })
      .max(MAX_RAMP_MONTHS, { error: `a ramp of at most ${MAX_RAMP_MONTHS} months` }),
  ),
  counts: z.optional(
    z
      .array(z.enum(DEAL_TYPES, { error: `one of ${DEAL_TYPE_LIST}` }), {
        error: `a list of deal types from ${DEAL_TYPE_LIST}`,
      })
      .min(1, { error: `at least one deal type from ${DEAL_TYPE_LIST}` })
      .refine((list) => new Set(list).size === list.length, {
        error: 'each deal type at most once',
      }),
  ),
  measure: z.optional(
    z.enum(QUOTA_MEASURES as [QuotaMeasure, ...QuotaMeasure[]], {
      error: `one of ${QUOTA_MEASURES.join(', ')}`,
    }),
  ),
  quota: z.optional(z.boolean({ error: 'true or false (whether the role carries a quota)' })),
  ote: z.optional(z.nullable(positiveAmount('an annual OTE in currency units'))),
  target: z.optional(
    z.nullable(amount('the annual target of the role’s pool (currency units, or deals)')),
  ),
});

const seasonalitySchema = z.union(
  [
    z.literal('flat'),
    z.literal('historical'),
    z
      .array(nonNegative('a share of the year'), {
        error: 'flat, historical, or a list of 12 shares (January to December) summing to 1',
      })
      .length(12, { error: 'a list of exactly 12 shares, January to December' })
      .refine((shares) => Math.abs(shares.reduce((s, x) => s + x, 0) - 1) <= SHARE_SUM_TOLERANCE, {
        error: '12 shares summing to 1',
      }),
  ],
  { error: 'flat, historical, or a list of 12 shares (January to December) summing to 1' },
);

const weightsSchema = strict({
  bounds: z.optional(range('both above 0', positive('a weight bound'))),
  coefficients: z.optional(
    strict({
      potential: z.optional(nonNegative('a coefficient')),
      accounts: z.optional(nonNegative('a coefficient')),
      win_rate: z.optional(nonNegative('a coefficient')),
    }).refine((c) => [c.potential, c.accounts, c.win_rate].some((x) => x !== undefined && x > 0), {
      error: 'at least one coefficient above 0',
    }),
  ),
  overrides: z.optional(
    mapping(
      text('a territory id'),
      positive('a territory weight'),
      'a mapping of territory id to weight',
    ),
  ),
});

const hireSchema = strict({
  id: text('an id for the hire'),
  name: z.optional(text('the hire’s name')),
  role: z.optional(roleCode),
  segment: z.optional(z.nullable(text('a segment'))),
  territory: z.optional(z.nullable(text('a territory id'))),
  manager: z.optional(z.nullable(text('a manager’s rep id'))),
  start: isoDate('a start date'),
  end: z.optional(z.nullable(isoDate('an end date'))),
  ote: z.optional(z.nullable(positiveAmount('an annual OTE in currency units'))),
});

const departureSchema = strict({
  rep: text('the rep id of the person leaving'),
  end: isoDate('the last working day'),
});

const checksSchema = strict({
  quota_to_ote: z.optional(range('both above 0', positive('a quota-to-OTE multiple'))),
  coverage: z.optional(
    strict({
      warning: z.optional(positive('a coverage multiple')),
      red: z.optional(positive('a coverage multiple')),
    }),
  ),
  account_target_ratio: z.optional(positive('a ratio of quota to account targets')),
  backtest: z.optional(
    strict({
      pass: z.optional(range('shares between 0 and 1', share('a share of reps'))),
      review_below: z.optional(share('a share of reps')),
    }),
  ),
  indicators: z.optional(
    strict({
      green: z.optional(positive('an attainment ratio')),
      red: z.optional(nonNegative('an attainment ratio')),
    }),
  ),
});

const confirmationSchema = strict({
  by: text('who confirmed it (a name or e-mail)'),
  at: isoDate('the date it was confirmed'),
});

const methodologySchema = strict({
  top_down_share: z.optional(share('a share')),
  growth: z.optional(
    z
      .number({ error: `a growth rate above -1 and at most ${MAX_GROWTH}` })
      .gt(-1, { error: `a growth rate above -1 and at most ${MAX_GROWTH}` })
      .max(MAX_GROWTH, { error: `a growth rate above -1 and at most ${MAX_GROWTH}` }),
  ),
  over_assignment: z.optional(nonNegative('an over-assignment rate', 10)),
  rounding: z.optional(
    positiveAmount('a rounding unit in currency units (or deals under the count basis)'),
  ),
});

/** The most trials a scenario may run. */
export const MAX_TRIALS = 1_000_000;
/** Scenario names the CLI reserves: the presets, and `all`. */
export const RESERVED_SCENARIOS: readonly string[] = [...Object.keys(PRESETS), 'all'];
const SCENARIO_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const wholeBetween = (what: string, low: number, high: number) => {
  const expected = `${what}: a whole number from ${low} to ${high.toLocaleString('en-US')}`;
  return z
    .number({ error: expected })
    .int({ error: expected })
    .min(low, { error: expected })
    .max(high, { error: expected });
};

const simulationSchema = strict({
  trials: z.optional(wholeBetween('trials per scenario', 1, MAX_TRIALS)),
});

const leversSchema = strict({
  win_rate_points: z.optional(
    z
      .number({ error: 'a change of the win rate between -1 and 1 (-0.1 = ten points lower)' })
      .min(-1, { error: 'a change of the win rate between -1 and 1 (-0.1 = ten points lower)' })
      .max(1, { error: 'a change of the win rate between -1 and 1 (-0.1 = ten points lower)' }),
  ),
  deal_size_multiplier: z.optional(positive('a deal-size multiplier')),
  attrition: z.optional(share('an annual attrition')),
  extra_ramp_months: z.optional(wholeBetween('months added to the ramp', 0, 24)),
  extra_hires: z.optional(wholeBetween('hires added at the plan start', 0, 10_000)),
});

const fileSchema = strict({
  name: text('the plan’s name'),
  start: isoDate('the first day of a month').refine((d) => d.endsWith('-01'), {
    error: 'the first day of a month (YYYY-MM-01)',
  }),
  months: z.optional(
    z
      .number({ error: 'a whole number of months from 1 to 36' })
      .int({ error: 'a whole number of months from 1 to 36' })
      .min(1, { error: 'a whole number of months from 1 to 36' })
      .max(36, { error: 'a whole number of months from 1 to 36' }),
  ),
  currency: z
    .string({ error: 'a three-letter ISO 4217 currency code such as USD' })
    .regex(CURRENCY_CODE, { error: 'a three-letter ISO 4217 currency code such as USD' }),
  // A target of 0 gives every quota of the bookings pool 0: never what a plan means, so refused.
  target: z.optional(positiveAmount('a company target in currency units (or deals)')),
  targets: z.optional(
    mapping(
      text('a segment name'),
      amount('a segment target in currency units (or deals)'),
      'a mapping of segment to target',
    )
      .refine((t) => Object.keys(t).length > 0, { error: 'at least one segment' })
      .refine((t) => Object.values(t).some((v) => v > 0), {
        error: 'at least one segment target above 0 (a total of 0 gives every quota 0)',
      }),
  ),
  methodology: z.optional(methodologySchema),
  seasonality: z.optional(seasonalitySchema),
  as_of: z.optional(z.nullable(isoDate('the data’s extraction date'))),
  history_months: z.optional(
    z
      .number({ error: 'a whole number of months from 1 to 120' })
      .int({ error: 'a whole number of months from 1 to 120' })
      .min(1, { error: 'a whole number of months from 1 to 120' })
      .max(120, { error: 'a whole number of months from 1 to 120' }),
  ),
  seed: z.optional(z.number({ error: 'a whole number' }).int({ error: 'a whole number' })),
  simulation: z.optional(simulationSchema),
  scenarios: z.optional(
    mapping(
      z
        .string()
        .max(100, { error: 'a scenario name of at most 100 characters' })
        .regex(SCENARIO_NAME, {
          error: 'a scenario name of letters, digits, - and _ (starting with a letter or digit)',
        })
        .refine((name) => !RESERVED_SCENARIOS.includes(name), {
          error: `a name other than ${RESERVED_SCENARIOS.join(', ')} (the presets and all)`,
        }),
      leversSchema,
      'a mapping of scenario name to levers',
    ),
  ),
  roles: z.optional(mapping(roleCode, roleSchema, 'a mapping of role code to role settings')),
  territory_weights: z.optional(weightsSchema),
  hires: z.optional(list(hireSchema, 'a list of planned hires')),
  departures: z.optional(list(departureSchema, 'a list of departures')),
  ote: z.optional(
    mapping(
      text('a rep id'),
      positiveAmount('an annual OTE in currency units'),
      'a mapping of rep id to annual OTE',
    ),
  ),
  account_targets: z.optional(
    z.union(
      [
        z.literal('derived'),
        csvPath('derived, or the path of a CSV file with columns account_id, target'),
      ],
      {
        error: 'derived, or the path of a CSV file with columns account_id, target',
      },
    ),
  ),
  current_quotas: z.optional(
    z.union(
      [z.literal('none'), csvPath('none, or the path of a CSV file with columns rep_id, quota')],
      {
        error: 'none, or the path of a CSV file with columns rep_id, quota',
      },
    ),
  ),
  checks: z.optional(checksSchema),
  confirmed: z.optional(
    mapping(
      z.string().max(1000, { error: 'an input key path of at most 1,000 characters' }),
      confirmationSchema,
      'a mapping of input key path to { by, at }',
    ),
  ),
});

type FileShape = z.infer<typeof fileSchema>;

const ROLE_KEYS = Object.keys(roleSchema.shape);
const METHODOLOGY_KEYS = Object.keys(methodologySchema.shape);
const WEIGHT_KEYS = Object.keys(weightsSchema.shape);
const CHECK_KEYS = Object.keys(checksSchema.shape);
const SIMULATION_KEYS = Object.keys(simulationSchema.shape);
/** Top-level inputs a person can confirm (everything but `confirmed` itself). */
const INPUT_KEYS = Object.keys(fileSchema.shape).filter((k) => k !== 'confirmed');

/**
 * Why a `confirmed:` key path names no input of this plan, or null when it does. Paths are the
 * file's keys joined with dots; list items are named by their id (hires.H-1, departures.R-12).
 * A computed territory weight is territory_weights.<territory id> (see confirmedTerritories).
 */
export function confirmedKeyProblem(file: FileShape, path: string): string | null {
  const [head = '', ...rest] = path.split('.');
  const sub = rest.join('.');
  const oneOf = (keys: readonly string[]): string =>
    keys.length === 0 ? 'none are listed in this plan' : `one of ${keys.join(', ')}`;
  if (!INPUT_KEYS.includes(head)) return `an input key: ${INPUT_KEYS.join(', ')}`;
  if (rest.length === 0) return null;
  switch (head) {
    case 'targets': {
      const segments = Object.keys(file.targets ?? {});
      return rest.length === 1 && segments.includes(sub)
        ? null
        : `targets.<segment>, a segment of targets: ${oneOf(segments)}`;
    }
    case 'methodology':
      return rest.length === 1 && METHODOLOGY_KEYS.includes(sub)
        ? null
        : `methodology.<key>, with key ${oneOf(METHODOLOGY_KEYS)}`;
    case 'roles': {
      const [role = '', key, ...more] = rest;
      if (!ROLE_CODE.test(role) || more.length > 0) {
        return 'roles.<ROLE> or roles.<ROLE>.<key>, with an upper-case role code';
      }
      return key === undefined || ROLE_KEYS.includes(key)
        ? null
        : `roles.${role}.<key>, with key ${oneOf(ROLE_KEYS)}`;
    }
    case 'territory_weights': {
      const [key = '', id, ...more] = rest;
      if (key === 'overrides' && id !== undefined) {
        const ids = Object.keys(file.territory_weights?.overrides ?? {});
        return more.length === 0 && ids.includes(rest.slice(1).join('.'))
          ? null
          : `territory_weights.overrides.<territory>, a territory of overrides: ${oneOf(ids)}`;
      }
      if (id === undefined && WEIGHT_KEYS.includes(key)) return null;
      // territory_weights.<territory>: a computed weight, as the assumption register lists it;
      // whether the territory exists is checked against the workspace when the plan runs.
      return id === undefined && key !== 'overrides'
        ? null
        : `territory_weights.<key> with key ${oneOf(WEIGHT_KEYS)}, or territory_weights.<territory>`;
    }
    case 'hires': {
      const ids = (file.hires ?? []).map((h) => h.id);
      return ids.includes(sub) ? null : `hires.<id>, the id of a planned hire: ${oneOf(ids)}`;
    }
    case 'departures': {
      const reps = (file.departures ?? []).map((d) => d.rep);
      return reps.includes(sub) ? null : `departures.<rep>, a rep of departures: ${oneOf(reps)}`;
    }
    case 'ote': {
      const reps = Object.keys(file.ote ?? {});
      return reps.includes(sub) ? null : `ote.<rep>, a rep listed under ote: ${oneOf(reps)}`;
    }
    case 'simulation':
      return rest.length === 1 && SIMULATION_KEYS.includes(sub)
        ? null
        : `simulation.<key>, with key ${oneOf(SIMULATION_KEYS)}`;
    case 'scenarios': {
      const names = Object.keys(file.scenarios ?? {});
      return names.includes(sub)
        ? null
        : `scenarios.<name>, a scenario of scenarios: ${oneOf(names)}`;
    }
    case 'checks':
      return rest.length === 1 && CHECK_KEYS.includes(sub)
        ? null
        : `checks.<key>, with key ${oneOf(CHECK_KEYS)}`;
    default:
      return `${head} itself (it has no parts to confirm separately)`;
  }
}

/**
 * Territory ids named by confirmed key paths of computed weights (territory_weights.<id>): the
 * file cannot tell whether they exist, so the caller checks them against the workspace.
 */
export function confirmedTerritories(file: PlanFile): string[] {
  const ids: string[] = [];
  for (const key of Object.keys(file.confirmed ?? {})) {
    const [head, id, ...more] = key.split('.');
    if (head === 'territory_weights' && id !== undefined && more.length === 0) {
      if (!WEIGHT_KEYS.includes(id)) ids.push(id);
    }
  }
  return ids;
}

/** The plan file's schema: structure and ranges per key, then rules across keys. */
export const planFileSchema = fileSchema.superRefine((file, ctx) => {
  if ((file.target === undefined) === (file.targets === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: file.target === undefined ? ['target'] : ['targets'],
      message:
        file.target === undefined
          ? 'either target (one company target) or targets (one per segment)'
          : 'target or targets, not both',
    });
  }
  const overrides = file.territory_weights?.overrides ?? {};
  const [low, high] = file.territory_weights?.bounds ?? [DEFAULT_WEIGHTS.min, DEFAULT_WEIGHTS.max];
  for (const [id, weight] of Object.entries(overrides)) {
    if (weight < low || weight > high) {
      ctx.addIssue({
        code: 'custom',
        path: ['territory_weights', 'overrides', id],
        message: `a weight within the bounds [${low}, ${high}]`,
      });
    }
  }
  const seenHires = new Set<string>();
  (file.hires ?? []).forEach((hire, i) => {
    if (seenHires.has(hire.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['hires', i, 'id'],
        message: 'an id used by one hire only',
      });
    }
    seenHires.add(hire.id);
    if (hire.end != null && hire.end < hire.start) {
      ctx.addIssue({
        code: 'custom',
        path: ['hires', i, 'end'],
        message: 'an end date on or after the start date',
      });
    }
  });
  const seenReps = new Set<string>();
  (file.departures ?? []).forEach((departure, i) => {
    if (seenReps.has(departure.rep)) {
      ctx.addIssue({
        code: 'custom',
        path: ['departures', i, 'rep'],
        message: 'each rep at most once',
      });
    }
    seenReps.add(departure.rep);
  });
  const checks = file.checks;
  const coverage = {
    warning: checks?.coverage?.warning ?? DEFAULT_CHECKS.coverage.warning,
    red: checks?.coverage?.red ?? DEFAULT_CHECKS.coverage.red,
  };
  if (coverage.red > coverage.warning) {
    ctx.addIssue({
      code: 'custom',
      path: ['checks', 'coverage', 'red'],
      message: `a red level at or below the warning level (${coverage.warning})`,
    });
  }
  const passMin = checks?.backtest?.pass?.[0] ?? DEFAULT_CHECKS.backtest.passMin;
  const reviewBelow = checks?.backtest?.review_below ?? DEFAULT_CHECKS.backtest.reviewMin;
  if (reviewBelow > passMin) {
    ctx.addIssue({
      code: 'custom',
      path: ['checks', 'backtest', 'review_below'],
      message: `a share at or below the low end of pass (${passMin})`,
    });
  }
  const indicators = {
    green: checks?.indicators?.green ?? DEFAULT_CHECKS.indicators.green,
    red: checks?.indicators?.red ?? DEFAULT_CHECKS.indicators.red,
  };
  if (indicators.red > indicators.green) {
    ctx.addIssue({
      code: 'custom',
      path: ['checks', 'indicators', 'red'],
      message: `a red level at or below the green level (${indicators.green})`,
    });
  }
  for (const key of Object.keys(file.confirmed ?? {})) {
    const problem = confirmedKeyProblem(file, key);
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', path: ['confirmed', key], message: problem });
    }
  }
});

/** A valid plan file, as the YAML holds it (money in currency units). */
export type PlanFile = z.infer<typeof planFileSchema>;

/** A key path of the file: object keys and list positions, as zod reports them. */
export type KeyPath = readonly (string | number)[];

/** 'methodology.top_down_share', 'hires[0].start'. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(the whole file)' : out;
}

function valueAt(input: unknown, path: KeyPath): { found: boolean; value: unknown } {
  let current: unknown = input;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return { found: false, value: undefined };
    if (!Object.hasOwn(current, part)) return { found: false, value: undefined };
    current = (current as Record<string | number, unknown>)[part];
  }
  return { found: true, value: current };
}

/** A value as a short text for messages. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    // A value pasted by mistake (a whole file) is not repeated in full.
    return value.length > 200
      ? `${JSON.stringify(value.slice(0, 100))}… (${value.length.toLocaleString('en-US')} characters)`
      : JSON.stringify(value);
  }
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One problem of a plan file, before its location in the YAML is known. */
export interface PlanFileProblem {
  /** Where the problem is: the key path of the value, or of the unknown key itself. */
  path: KeyPath;
  issue: Issue;
}

/**
 * Validates the parsed YAML of a plan file. Every problem names the key path, the value and what
 * was expected: 'methodology.top_down_share: 1.5; expected a share between 0 and 1'.
 */
export function parsePlanFile(
  input: unknown,
  file?: string,
): { ok: true; value: PlanFile } | { ok: false; problems: PlanFileProblem[] } {
  const location = (): IssueLocation => (file === undefined ? {} : { file });
  // zod leaves a `__proto__` key of a mapping out without a word (so it cannot pollute the
  // result): found here first, every reserved key is refused like any other unknown key.
  const checked = checkInput(input);
  if (checked.tooDeep !== null) {
    return {
      ok: false,
      problems: [
        {
          path: checked.tooDeep,
          issue: {
            code: 'plan-invalid-value',
            severity: 'error',
            message: `${formatKeyPath(checked.tooDeep)}: nested more than ${MAX_INPUT_DEPTH} levels deep`,
            expected: 'a plan file as documented (a few levels of keys and lists)',
            location: location(),
          },
        },
      ],
    };
  }
  const problems: PlanFileProblem[] = checked.reservedKeys.map((keyPath) => ({
    path: keyPath,
    issue: {
      code: 'plan-unknown-key',
      severity: 'error',
      message: `${formatKeyPath(keyPath)}: unknown key`,
      expected: `a key other than ${RESERVED_KEYS.join(', ')} (reserved)`,
      location: location(),
    },
  }));
  const parsed = planFileSchema.safeParse(input);
  if (parsed.success && problems.length === 0) return { ok: true, value: parsed.data };
  for (const zi of parsed.error?.issues ?? []) {
    const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
    // Already refused above.
    if (path.some((p) => typeof p === 'string' && RESERVED_KEYS.includes(p))) continue;
    if (zi.code === 'unrecognized_keys') {
      for (const key of zi.keys) {
        if (RESERVED_KEYS.includes(key)) continue;
        const keyPath = [...path, key];
        problems.push({
          path: keyPath,
          issue: {
            code: 'plan-unknown-key',
            severity: 'error',
            message: `${formatKeyPath(keyPath)}: unknown key`,
            expected: zi.message,
            location: location(),
          },
        });
      }
      continue;
    }
    if (zi.code === 'invalid_key') {
      const key = path[path.length - 1];
      problems.push({
        path,
        issue: {
          code: 'plan-invalid-key',
          severity: 'error',
          message: `${formatKeyPath(path.slice(0, -1))}: the key ${JSON.stringify(key)} is not accepted`,
          expected: zi.issues[0]?.message ?? zi.message,
          location: location(),
        },
      });
      continue;
    }
    const confirmedKey = path.length === 2 && path[0] === 'confirmed' && zi.code === 'custom';
    if (confirmedKey) {
      problems.push({
        path,
        issue: {
          code: 'plan-unknown-key-path',
          severity: 'error',
          message: `confirmed: ${JSON.stringify(path[1])} names no input of this plan`,
          expected: zi.message,
          location: location(),
        },
      });
      continue;
    }
    const at = valueAt(input, path);
    const missing = !at.found || at.value === undefined;
    problems.push({
      path,
      issue: {
        code: missing ? 'plan-missing-key' : 'plan-invalid-value',
        severity: 'error',
        message: `${formatKeyPath(path)}: ${missing ? 'missing' : showValue(at.value)}`,
        expected: zi.message,
        location: location(),
      },
    });
  }
  return { ok: false, problems };
}

/** Thrown when toPlan is called for a file that names a CSV without that file's contents. */
export class PlanTablesMissingError extends Error {
  override readonly name = 'PlanTablesMissingError';
}

/** The contents of the CSV files a plan file names, already read and converted to cents. */
export interface PlanTables {
  accountTargets?: readonly AccountTarget[];
  currentQuotas?: readonly CurrentQuota[];
}

/** Units (currency, or deals under the count basis) → integer cents (or hundredths of a deal). */
export function unitsToCents(units: number): number {
  return Math.round(Number((units * 100).toPrecision(15)));
}

/** The default rounding unit of annual quotas in currency units: $1,000, or 1 deal. */
export function defaultRoundingUnits(basis: Basis): number {
  return basis === 'count' ? 1 : 1000;
}

function rolePlanOf(code: string, file: NonNullable<FileShape['roles']>[string]): RolePlan {
  const base = DEFAULT_ROLES[code] ?? AE_ROLE;
  return {
    carriesQuota: file.quota ?? base.carriesQuota,
    measure: file.measure ?? base.measure,
    ramp: file.ramp ?? base.ramp,
    counts: file.counts ?? base.counts,
    ote: file.ote === undefined ? base.ote : file.ote === null ? null : unitsToCents(file.ote),
    target:
      file.target === undefined
        ? base.target
        : file.target === null
          ? null
          : unitsToCents(file.target),
  };
}

/** A custom scenario's levers: any lever it leaves out takes the `expected` preset's value. */
function leversOf(file: NonNullable<FileShape['scenarios']>[string]): Levers {
  const base = PRESETS.expected;
  return {
    winRatePoints: file.win_rate_points ?? base.winRatePoints,
    dealSizeMultiplier: file.deal_size_multiplier ?? base.dealSizeMultiplier,
    attrition: file.attrition ?? base.attrition,
    extraRampMonths: file.extra_ramp_months ?? base.extraRampMonths,
    extraHires: file.extra_hires ?? base.extraHires,
  };
}

function seasonalityOf(value: FileShape['seasonality']): SeasonalityPlan {
  if (value === undefined || value === 'historical') return { mode: 'historical' };
  if (value === 'flat') return { mode: 'flat' };
  return { mode: 'custom', shares: [...value] };
}

/**
 * The engine's Plan from a valid plan file: amounts in currency units become integer cents (under
 * the count basis, deals become hundredths of a deal); every key the file leaves out takes the
 * default of src/core/plan/defaults.ts. `tables` holds the CSV files the file names, already
 * read; a named file without its contents throws PlanTablesMissingError.
 */
export function toPlan(file: PlanFile, basis: Basis, tables: PlanTables = {}): Plan {
  const roles: Record<string, RolePlan> = { ...DEFAULT_ROLES };
  for (const [code, role] of Object.entries(file.roles ?? {})) roles[code] = rolePlanOf(code, role);

  const weights = file.territory_weights;
  const coefficients = weights?.coefficients;
  const checks = file.checks;

  const hires: PlannedHire[] = (file.hires ?? []).map((hire) => ({
    id: hire.id,
    name: hire.name ?? hire.id,
    role: hire.role ?? 'AE',
    segment: hire.segment ?? null,
    territoryId: hire.territory ?? null,
    managerId: hire.manager ?? null,
    startDate: hire.start,
    endDate: hire.end ?? null,
    ote: hire.ote == null ? null : unitsToCents(hire.ote),
  }));

  let accountTargets: readonly AccountTarget[] | null = null;
  if (file.account_targets !== undefined && file.account_targets !== 'derived') {
    if (tables.accountTargets === undefined) {
      throw new PlanTablesMissingError(
        `account_targets names ${file.account_targets}, which was not read`,
      );
    }
    accountTargets = tables.accountTargets;
  }
  let currentQuotas: readonly CurrentQuota[] | null = null;
  if (file.current_quotas !== undefined && file.current_quotas !== 'none') {
    if (tables.currentQuotas === undefined) {
      throw new PlanTablesMissingError(
        `current_quotas names ${file.current_quotas}, which was not read`,
      );
    }
    currentQuotas = tables.currentQuotas;
  }

  const methodology = file.methodology;
  return {
    name: file.name,
    start: file.start,
    months: file.months ?? 12,
    currency: file.currency,
    target:
      file.targets === undefined
        ? { kind: 'total', total: unitsToCents(file.target ?? 0) }
        : {
            kind: 'segments',
            bySegment: Object.fromEntries(
              Object.entries(file.targets).map(([segment, t]) => [segment, unitsToCents(t)]),
            ),
          },
    topDownShare: methodology?.top_down_share ?? DEFAULT_TOP_DOWN_SHARE,
    growth: methodology?.growth ?? 0,
    overAssignment: methodology?.over_assignment ?? 0,
    roundingUnit: unitsToCents(methodology?.rounding ?? defaultRoundingUnits(basis)),
    seasonality: seasonalityOf(file.seasonality),
    asOf: file.as_of ?? null,
    historyMonths: file.history_months ?? DEFAULT_HISTORY_MONTHS,
    seed: file.seed ?? 1,
    trials: file.simulation?.trials ?? DEFAULT_TRIALS,
    scenarios: Object.fromEntries(
      Object.entries(file.scenarios ?? {}).map(([name, levers]) => [name, leversOf(levers)]),
    ),
    roles,
    defaultRole: AE_ROLE,
    territoryWeights: {
      min: weights?.bounds?.[0] ?? DEFAULT_WEIGHTS.min,
      max: weights?.bounds?.[1] ?? DEFAULT_WEIGHTS.max,
      coefficients:
        coefficients === undefined
          ? DEFAULT_WEIGHTS.coefficients
          : {
              potential: coefficients.potential ?? 0,
              accounts: coefficients.accounts ?? 0,
              win_rate: coefficients.win_rate ?? 0,
            },
      overrides: weights?.overrides ?? {},
    },
    hires,
    departures: (file.departures ?? []).map((d) => ({ repId: d.rep, endDate: d.end })),
    ote: Object.fromEntries(
      Object.entries(file.ote ?? {}).map(([rep, ote]) => [rep, unitsToCents(ote)]),
    ),
    accountTargets,
    currentQuotas,
    checks: {
      quotaToOte: {
        min: checks?.quota_to_ote?.[0] ?? DEFAULT_CHECKS.quotaToOte.min,
        max: checks?.quota_to_ote?.[1] ?? DEFAULT_CHECKS.quotaToOte.max,
      },
      coverage: {
        warning: checks?.coverage?.warning ?? DEFAULT_CHECKS.coverage.warning,
        red: checks?.coverage?.red ?? DEFAULT_CHECKS.coverage.red,
      },
      accountTargetRatio: checks?.account_target_ratio ?? DEFAULT_CHECKS.accountTargetRatio,
      backtest: {
        passMin: checks?.backtest?.pass?.[0] ?? DEFAULT_CHECKS.backtest.passMin,
        passMax: checks?.backtest?.pass?.[1] ?? DEFAULT_CHECKS.backtest.passMax,
        reviewMin: checks?.backtest?.review_below ?? DEFAULT_CHECKS.backtest.reviewMin,
      },
      indicators: {
        green: checks?.indicators?.green ?? DEFAULT_CHECKS.indicators.green,
        red: checks?.indicators?.red ?? DEFAULT_CHECKS.indicators.red,
      },
    },
    confirmed: Object.fromEntries(
      Object.entries(file.confirmed ?? {}).map(([key, c]) => [key, { by: c.by, at: c.at }]),
    ),
  };
}
