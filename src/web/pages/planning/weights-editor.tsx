// The territory weights of the plan editor (METHOD §4, seed 1c "territory weighting"): the
// bounds every weight is clamped to, the coefficients of the components (potential, accounts and
// win rate, each divided by its mean), and per territory its components, index, computed weight,
// an override by hand and whether the weight is ASSUMED or CONFIRMED. The numbers come from the
// editor's preview, so they follow the edits as they are typed.

import { DEFAULT_WEIGHTS } from '../../../core/plan/defaults.ts';
import { WEIGHT_COMPONENTS } from '../../../core/plan/types.ts';
import type { WeightComponent } from '../../../core/plan/types.ts';
import type { Preview, VersionView } from '../../planning-api.ts';
import { Field } from './edit-field.tsx';

const COMPONENT_WORDS: Record<WeightComponent, string> = {
  potential: 'Potential',
  accounts: 'Accounts',
  win_rate: 'Win rate',
};

type Assumption = Pick<
  VersionView['results']['assumptions'][number],
  'key' | 'label' | 'value' | 'status'
>;

/** A number typed as a weight or coefficient ('1.15'); null when it is not one. */
function decimalInput(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : null;
}

function two(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}

/** An input's status and, while it is ASSUMED, the button that confirms its value (shown beside it). */
function StatusCell({
  entry,
  what,
  confirmable,
  onConfirm,
}: {
  entry: Assumption | undefined;
  what: string;
  confirmable: boolean;
  onConfirm: (entry: Assumption) => void;
}) {
  if (entry === undefined) return <span className="small">not in this version</span>;
  return (
    <>
      <span className={`status status-${entry.status.toLowerCase()}`}>{entry.status}</span>{' '}
      {entry.status === 'ASSUMED' && (
        <button
          type="button"
          disabled={!confirmable}
          title={confirmable ? undefined : 'Save or discard the edits first'}
          onClick={() => {
            onConfirm(entry);
          }}
        >
          Confirm
          <span className="visually-hidden">
            {' '}
            {what}: {entry.value}
          </span>
        </button>
      )}
    </>
  );
}

export function WeightsEditor({
  current,
  original,
  edit,
  assumptions,
  preview,
  confirmable,
  onConfirm,
  confirmError,
}: {
  /** The value at a key path with the pending edits applied. */
  current: (path: (string | number)[]) => unknown;
  /** The value at a key path of the version itself. */
  original: (path: (string | number)[]) => unknown;
  edit: (path: (string | number)[], value: unknown) => void;
  assumptions: readonly Assumption[];
  /** The preview of the pending edits (or of none): the weights they give. */
  preview: Preview | undefined;
  /** Whether a confirmation may be made now (not with unsaved edits, not while one runs). */
  confirmable: boolean;
  onConfirm: (entry: Assumption) => void;
  confirmError: string | null;
}) {
  const entry = (key: string): Assumption | undefined => assumptions.find((a) => a.key === key);
  const bounds = (current(['territory_weights', 'bounds']) ?? [
    DEFAULT_WEIGHTS.min,
    DEFAULT_WEIGHTS.max,
  ]) as [number, number];
  const originalBounds = (original(['territory_weights', 'bounds']) ?? [
    DEFAULT_WEIGHTS.min,
    DEFAULT_WEIGHTS.max,
  ]) as [number, number];
  const coefficients = {
    ...DEFAULT_WEIGHTS.coefficients,
    ...((current(['territory_weights', 'coefficients']) ?? {}) as Partial<
      Record<WeightComponent, number>
    >),
  };
  const originalCoefficients = {
    ...DEFAULT_WEIGHTS.coefficients,
    ...((original(['territory_weights', 'coefficients']) ?? {}) as Partial<
      Record<WeightComponent, number>
    >),
  };
  const overrides = (current(['territory_weights', 'overrides']) ?? {}) as Record<string, number>;
  const originalOverrides = (original(['territory_weights', 'overrides']) ?? {}) as Record<
    string,
    number
  >;
  const setOverride = (territory: string, value: number | null): void => {
    const next = Object.fromEntries(Object.entries(overrides).filter(([t]) => t !== territory));
    if (value !== null) next[territory] = value;
    edit(['territory_weights', 'overrides'], Object.keys(next).length === 0 ? null : next);
  };
  const weights = preview?.weights ?? [];
  // The coefficients the index used: a component the data lacks is dropped, the rest rescaled.
  const used = Object.fromEntries(
    WEIGHT_COMPONENTS.map((c) => [
      c,
      weights[0]?.components.find((x) => x.component === c)?.coefficient ?? 0,
    ]),
  ) as Record<WeightComponent, number>;
  const missing = preview?.missingComponents ?? [];
  return (
    <fieldset>
      <legend>Territory weights</legend>
      <p className="small">
        Each territory’s weight is an index of its components, each divided by its mean over the
        territories and weighed by its coefficient, clamped to the bounds; an override replaces the
        computed weight.
      </p>
      <div className="weights-settings">
        <div>
          <h3>Bounds</h3>
          <div className="filters">
            <Field
              id="edit-weight-min"
              label="Lowest weight"
              initial={String(originalBounds[0])}
              read={(t) => {
                const v = decimalInput(t);
                return v !== null && v > 0 ? v : null;
              }}
              expected="a weight above 0, like 0.7"
              onValue={(v) => {
                edit(['territory_weights', 'bounds'], [v, bounds[1]]);
              }}
            />
            <Field
              id="edit-weight-max"
              label="Highest weight"
              initial={String(originalBounds[1])}
              read={(t) => {
                const v = decimalInput(t);
                return v !== null && v > 0 ? v : null;
              }}
              expected="a weight above 0, like 1.3"
              onValue={(v) => {
                edit(['territory_weights', 'bounds'], [bounds[0], v]);
              }}
            />
            <div className="field-status" data-testid="status-territory_weights.bounds">
              <StatusCell
                entry={entry('territory_weights.bounds')}
                what="the weight bounds"
                confirmable={confirmable}
                onConfirm={onConfirm}
              />
            </div>
          </div>
        </div>
        <div>
          <h3>Coefficients of the components</h3>
          <div className="filters">
            {WEIGHT_COMPONENTS.map((c) => (
              <Field
                key={c}
                id={`edit-coefficient-${c}`}
                label={COMPONENT_WORDS[c]}
                initial={String(originalCoefficients[c])}
                read={decimalInput}
                expected="0 or more"
                onValue={(v) => {
                  edit(['territory_weights', 'coefficients'], { ...coefficients, [c]: v });
                }}
              />
            ))}
            <div className="field-status" data-testid="status-territory_weights.coefficients">
              <StatusCell
                entry={entry('territory_weights.coefficients')}
                what="the weight coefficients"
                confirmable={confirmable}
                onConfirm={onConfirm}
              />
            </div>
          </div>
        </div>
      </div>
      {missing.length > 0 && (
        <ul className="small" data-testid="weights-missing">
          {missing.map((m) => (
            <li key={m.component}>
              {COMPONENT_WORDS[m.component]} is left out: {m.reason}.
            </li>
          ))}
        </ul>
      )}
      <div className="table-wrap">
        <table className="compact weights" data-testid="weights">
          <caption>
            Each territory’s components ÷ their mean (× the coefficient used), the index, the weight
            computed within [{bounds[0]}, {bounds[1]}], an override and the weight used
          </caption>
          <thead>
            <tr>
              <th scope="col">Territory</th>
              {WEIGHT_COMPONENTS.map((c) => (
                <th scope="col" className="num" key={c}>
                  {COMPONENT_WORDS[c]}
                  <span className="small block">× {used[c].toFixed(2)}</span>
                </th>
              ))}
              <th scope="col" className="num">
                Index
              </th>
              <th scope="col" className="num">
                Computed
              </th>
              <th scope="col">Override</th>
              <th scope="col" className="num">
                Used
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {weights.length === 0 && (
              <tr>
                <td colSpan={WEIGHT_COMPONENTS.length + 6}>
                  {preview === undefined ? 'Computing the weights…' : 'No territory has reps.'}
                </td>
              </tr>
            )}
            {weights.map((w) => {
              const id = w.territoryId;
              const register =
                entry(`territory_weights.overrides.${id}`) ?? entry(`territory_weights.${id}`);
              const name = w.territoryName === id ? id : `${w.territoryName} (${id})`;
              return (
                <tr key={id} data-row-id={id}>
                  <th scope="row">{name}</th>
                  {w.components.map((c) => (
                    <td className="num" key={c.component} data-component={c.component}>
                      {two(c.normalised)}
                    </td>
                  ))}
                  <td className="num">{w.index.toFixed(3)}</td>
                  <td className="num" data-testid="weight-computed">
                    {w.computed.toFixed(2)}
                  </td>
                  <td>
                    <Field
                      id={`edit-weight-${id}`}
                      label={<span className="visually-hidden">Override of {w.territoryName}</span>}
                      initial={
                        originalOverrides[id] === undefined ? '' : String(originalOverrides[id])
                      }
                      read={(t) => {
                        if (t.trim() === '') return 0;
                        const v = decimalInput(t);
                        return v !== null && v > 0 ? v : null;
                      }}
                      expected="a weight like 1.1 (empty: computed)"
                      onValue={(v) => {
                        setOverride(id, v === 0 ? null : v);
                      }}
                    />
                  </td>
                  <td className="num" data-testid="weight-used">
                    <strong>{w.weight.toFixed(2)}</strong>
                  </td>
                  <td>
                    <StatusCell
                      entry={register}
                      what={`the weight of ${w.territoryName}`}
                      confirmable={confirmable}
                      onConfirm={onConfirm}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {confirmError !== null && (
        <p role="alert" className="error-text">
          {confirmError}
        </p>
      )}
    </fieldset>
  );
}
