// The plan editor (RevOps): targets (total or per segment), the methodology (top-down share,
// growth, over-assignment), seasonality, each role's ramp and OTE, territory weights (bounds,
// coefficients of the components, overrides, and confirm each), planned hires, departures and
// reps' OTE. Every change is a key-path edit of the version's plan file; quotas and weights are
// recomputed on the server as you type (debounced) and nothing is stored until "Save as vN".

import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { parse } from 'yaml';
import { Empty } from '../../components/states.tsx';
import type { Formatter } from '../../format.ts';
import {
  amountInput,
  fractionsInput,
  percentInput,
  planningPath,
  valueAt,
  withEdit,
} from '../../planning.ts';
import type { PlanEdit } from '../../planning.ts';
import { decideAssumption, previewEdits, registerQuery, saveEdits } from '../../planning-api.ts';
import type { Preview, VersionView } from '../../planning-api.ts';
import { navigate } from '../../router.ts';
import { Field } from './edit-field.tsx';
import { WeightsEditor } from './weights-editor.tsx';

/** Waits until `value` has stopped changing for `ms` before passing it on. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => {
      setSettled(value);
    }, ms);
    return () => {
      clearTimeout(timer);
    };
  }, [value, ms]);
  return settled;
}

/** An amount of the plan file as an input shows it: '10,006,000' (what amountInput reads back). */
function amountText(value: unknown): string {
  if (typeof value !== 'number') return '';
  const [whole = '0', decimals] = String(value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return decimals === undefined ? grouped : `${grouped}.${decimals}`;
}

/** A number or text of the plan file as the text of an input ('' for anything else). */
function scalarText(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '';
}

function pctText(value: unknown, fallback: number): string {
  const n = typeof value === 'number' ? value : fallback;
  return String(Math.round(n * 1e8) / 1e6);
}

interface Hire {
  id: string;
  name?: string;
  role?: string;
  segment?: string;
  territory?: string;
  manager?: string;
  start: string;
  end?: string;
  ote?: number;
}

interface Departure {
  rep: string;
  end: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reps the preview lists at most (largest changes first). */
const PREVIEW_ROWS = 50;

const HIRE_FIELDS = [
  ['id', 'Id'],
  ['name', 'Name'],
  ['role', 'Role'],
  ['territory', 'Territory'],
  ['start', 'Start date'],
] as const;

export function PlanEditor({
  view,
  latest,
  format,
}: {
  view: VersionView;
  latest: boolean;
  format: Formatter;
}) {
  const queryClient = useQueryClient();
  const file = useMemo(() => parse(view.planYaml) as Record<string, unknown>, [view.planYaml]);
  const [edits, setEdits] = useState<PlanEdit[]>([]);
  const [note, setNote] = useState('');
  const current = (path: (string | number)[]): unknown => {
    const edit = edits.find((e) => JSON.stringify(e.path) === JSON.stringify(path));
    return edit === undefined ? valueAt(file, path) : edit.value;
  };
  const edit = (path: (string | number)[], value: unknown): void => {
    setEdits((before) => withEdit(before, path, value, valueAt(file, path)));
  };
  const settled = useDebounced(edits, 250);
  // With no edits the preview is the version as it stands: the weights table needs its components.
  const preview = useQuery({
    queryKey: ['preview', view.planId, view.version, settled],
    queryFn: () => previewEdits(view.planId, view.version, settled),
    enabled: latest,
    placeholderData: keepPreviousData,
    retry: false,
  });
  // The version as it stands (the first preview, kept): its pool is the "before" of the pool line.
  const base = useQuery({
    queryKey: ['preview', view.planId, view.version, [] as PlanEdit[]],
    queryFn: () => previewEdits(view.planId, view.version, []),
    enabled: latest,
    retry: false,
  });
  // The preview shown is the one of the edits on screen (not an earlier one still kept).
  const previewReady = settled === edits && !preview.isFetching && !preview.isPlaceholderData;
  const save = useMutation({
    mutationFn: () => saveEdits(view.planId, view.version, note.trim(), edits),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['plan', view.planId] });
      await queryClient.invalidateQueries({ queryKey: ['plans'] });
      navigate(planningPath(saved.planId, saved.version));
    },
  });
  // The register as it stands (confirmations are decisions beside the version, not in its file).
  const register = useQuery({ ...registerQuery(view.planId, view.version), enabled: latest });
  const confirm = useMutation({
    mutationFn: (entry: { key: string; value: string }) =>
      decideAssumption(view.planId, view.version, entry, 'CONFIRMED'),
    onSuccess: async (updated) => {
      queryClient.setQueryData(registerQuery(view.planId, view.version).queryKey, updated);
      await queryClient.invalidateQueries({ queryKey: ['signoff', view.planId] });
    },
  });

  if (!latest) {
    return (
      <Empty title="Only the newest version is edited">
        <p>An edit makes the next version; open the newest version to edit it.</p>
      </Empty>
    );
  }
  const quotas = view.results.quotas;
  const segments = [...new Set(quotas.map((q) => q.segment))].sort();
  const roles = Object.keys(file.roles ?? {});
  const perSegment = current(['targets']) !== undefined && current(['targets']) !== null;
  const hires = (current(['hires']) ?? []) as Hire[];
  const departures = (current(['departures']) ?? []) as Departure[];
  const otes = (current(['ote']) ?? {}) as Record<string, number>;
  const seasonality = current(['seasonality']);
  const changed = (preview.data?.quotas ?? [])
    .filter((q) => q.before !== q.quota)
    .sort((a, b) => Math.abs(b.quota - (b.before ?? 0)) - Math.abs(a.quota - (a.before ?? 0)));

  return (
    <section aria-labelledby="editor-title" className="editor">
      <h2 id="editor-title">Edit v{view.version}</h2>
      <p className="small">
        Amounts in currency units, shares in per cent. The preview beside the inputs recomputes the
        quotas as you type; nothing is saved until you save a new version.
      </p>
      <div className="editor-layout">
        <div className="editor-inputs">
          <fieldset>
            <legend>Target</legend>
            <div className="filters">
              <label>
                <input
                  type="radio"
                  name="target-mode"
                  checked={!perSegment}
                  onChange={() => {
                    const total = Object.values(
                      (current(['targets']) ?? {}) as Record<string, number>,
                    ).reduce((a, b) => a + b, 0);
                    edit(['targets'], null);
                    edit(['target'], total > 0 ? total : (valueAt(file, ['target']) ?? 0));
                  }}
                />{' '}
                One company target
              </label>
              <label>
                <input
                  type="radio"
                  name="target-mode"
                  checked={perSegment}
                  onChange={() => {
                    const total = Number(current(['target']) ?? 0);
                    edit(['target'], null);
                    edit(
                      ['targets'],
                      Object.fromEntries(
                        segments.map((s) => [s, Math.round(total / segments.length)]),
                      ),
                    );
                  }}
                />{' '}
                A target per segment
              </label>
            </div>
            {!perSegment && (
              <Field
                key="target"
                id="edit-target"
                label="Company target"
                initial={amountText(current(['target']))}
                read={amountInput}
                expected="an amount like 4,500,000"
                onValue={(v) => {
                  edit(['target'], v);
                }}
              />
            )}
            {perSegment && (
              <div className="filters">
                {segments.map((s) => (
                  <Field
                    key={s}
                    id={`edit-target-${s}`}
                    label={`Target of ${s}`}
                    initial={amountText(current(['targets', s]))}
                    read={amountInput}
                    expected="an amount"
                    onValue={(v) => {
                      edit(['targets'], {
                        ...((current(['targets']) ?? {}) as Record<string, number>),
                        [s]: v,
                      });
                    }}
                  />
                ))}
              </div>
            )}
          </fieldset>

          <fieldset>
            <legend>Methodology</legend>
            <div className="filters">
              <Field
                id="edit-alpha"
                label="Top-down share α (%)"
                initial={pctText(valueAt(file, ['methodology', 'top_down_share']), 0.5)}
                read={(t) => {
                  const v = percentInput(t);
                  return v !== null && v >= 0 && v <= 1 ? v : null;
                }}
                expected="0 to 100"
                onValue={(v) => {
                  edit(['methodology', 'top_down_share'], v);
                }}
              />
              <Field
                id="edit-growth"
                label="Growth g (%)"
                initial={pctText(valueAt(file, ['methodology', 'growth']), 0)}
                read={(t) => {
                  const v = percentInput(t);
                  return v !== null && v > -1 ? v : null;
                }}
                expected="a percentage above −100"
                onValue={(v) => {
                  edit(['methodology', 'growth'], v);
                }}
              />
              <Field
                id="edit-over"
                label="Over-assignment o (%)"
                initial={pctText(valueAt(file, ['methodology', 'over_assignment']), 0)}
                read={(t) => {
                  const v = percentInput(t);
                  return v !== null && v >= 0 ? v : null;
                }}
                expected="0 or more"
                onValue={(v) => {
                  edit(['methodology', 'over_assignment'], v);
                }}
              />
            </div>
          </fieldset>

          <fieldset>
            <legend>Seasonality</legend>
            <div className="filters">
              <div className="field">
                <label htmlFor="edit-seasonality">Seasonality</label>
                <select
                  id="edit-seasonality"
                  value={
                    Array.isArray(seasonality) ? 'custom' : scalarText(seasonality) || 'historical'
                  }
                  onChange={(event) => {
                    const v = event.target.value;
                    edit(['seasonality'], v === 'custom' ? new Array<number>(12).fill(1 / 12) : v);
                  }}
                >
                  <option value="historical">historical</option>
                  <option value="flat">flat</option>
                  <option value="custom">12 shares</option>
                </select>
              </div>
              {Array.isArray(seasonality) && (
                <Field
                  id="edit-shares"
                  label="Shares January to December (sum 1)"
                  initial={(seasonality as number[])
                    .map((x) => Math.round(x * 1e4) / 1e4)
                    .join(', ')}
                  read={(t) => {
                    const v = fractionsInput(t);
                    return v !== null && v.length === 12 ? v : null;
                  }}
                  expected="12 fractions from 0 to 1"
                  onValue={(v) => {
                    edit(['seasonality'], v);
                  }}
                />
              )}
            </div>
          </fieldset>

          <fieldset>
            <legend>Roles: ramp and OTE</legend>
            {roles.map((role) => (
              <div className="filters" key={role}>
                <Field
                  id={`edit-ramp-${role}`}
                  label={`Ramp of ${role} (months 1, 2, …)`}
                  initial={((valueAt(file, ['roles', role, 'ramp']) ?? []) as number[]).join(', ')}
                  read={fractionsInput}
                  expected="fractions from 0 to 1, separated by commas"
                  onValue={(v) => {
                    edit(['roles', role, 'ramp'], v);
                  }}
                />
                <Field
                  id={`edit-ote-${role}`}
                  label={`Default OTE of ${role}`}
                  initial={amountText(valueAt(file, ['roles', role, 'ote']))}
                  read={(t) => (t.trim() === '' ? 0 : amountInput(t))}
                  expected="an amount (empty for none)"
                  onValue={(v) => {
                    edit(['roles', role, 'ote'], v === 0 ? null : v);
                  }}
                />
              </div>
            ))}
          </fieldset>

          <WeightsEditor
            current={current}
            original={(path) => valueAt(file, path)}
            edit={edit}
            assumptions={register.data?.entries ?? view.results.assumptions}
            preview={preview.data}
            confirmable={edits.length === 0 && !confirm.isPending}
            onConfirm={(entry) => {
              confirm.mutate(entry);
            }}
            confirmError={confirm.isError ? confirm.error.message : null}
          />

          <HiresEditor
            hires={hires}
            format={format}
            onChange={(next) => {
              edit(['hires'], next);
            }}
          />
          <DeparturesEditor
            departures={departures}
            format={format}
            reps={quotas.filter((q) => !q.planned).map((q) => ({ id: q.id, name: q.name }))}
            onChange={(next) => {
              edit(['departures'], next);
            }}
          />
          <fieldset>
            <legend>OTE of reps</legend>
            <OteEditor
              otes={otes}
              reps={quotas.map((q) => ({ id: q.id, name: q.name }))}
              onChange={(next) => {
                edit(['ote'], Object.keys(next).length === 0 ? null : next);
              }}
            />
          </fieldset>
        </div>
        <section
          aria-labelledby="preview-title"
          className="panel editor-preview"
          aria-busy={!previewReady}
          data-testid="preview"
          data-state={previewReady ? 'ready' : 'updating'}
        >
          <h2 id="preview-title">Preview</h2>
          <div className="field">
            <label htmlFor="edit-note">What changed and why</label>
            <textarea
              id="edit-note"
              value={note}
              rows={2}
              maxLength={2000}
              onChange={(event) => {
                setNote(event.target.value);
              }}
            />
          </div>
          <div className="filters">
            <button
              type="button"
              className="primary"
              disabled={edits.length === 0 || note.trim() === '' || save.isPending}
              onClick={() => {
                save.mutate();
              }}
            >
              Save as v{view.version + 1}
            </button>
            <button
              type="button"
              disabled={edits.length === 0}
              onClick={() => {
                setEdits([]);
                navigate(planningPath(view.planId, view.version, 'results'));
              }}
            >
              Discard the edits
            </button>
          </div>
          {save.isError && (
            <p role="alert" className="error-text">
              {save.error.message}
            </p>
          )}
          {edits.length === 0 && <p>No edits yet: change an input.</p>}
          {edits.length > 0 && preview.isError && (
            <p role="alert" className="error-text">
              {preview.error.message}
            </p>
          )}
          {edits.length > 0 && preview.data !== undefined && (
            <>
              <p data-testid="preview-total" aria-live="polite">
                Total quota {format.money(view.results.totalQuota)} →{' '}
                {format.money(preview.data.totalQuota)} · {changed.length} reps change
                {previewReady ? '' : ' · updating…'}
              </p>
              {base.data !== undefined && (
                <PoolChanges
                  before={base.data.pool}
                  after={preview.data.pool}
                  format={format}
                  quotasMoved={changed.length > 0}
                  growthEdited={edits.some((e) => e.path.join('.') === 'methodology.growth')}
                />
              )}
              {changed.length > 0 && (
                <div className="table-wrap">
                  <table className="compact" data-testid="preview-quotas">
                    <caption>
                      Quotas that change, largest change first
                      {changed.length > PREVIEW_ROWS ? ` (the first ${PREVIEW_ROWS})` : ''}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Rep</th>
                        <th scope="col" className="num">
                          Now
                        </th>
                        <th scope="col" className="num">
                          New
                        </th>
                        <th scope="col" className="num">
                          Change
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {changed.slice(0, PREVIEW_ROWS).map((q) => {
                        const delta = q.quota - (q.before ?? 0);
                        return (
                          <tr key={q.id} data-row-id={q.id}>
                            <td>{q.name}</td>
                            <td className="num">
                              {q.before === null ? '–' : format.money(q.before)}
                            </td>
                            <td className="num">{format.money(q.quota)}</td>
                            <td className={`num ${delta > 0 ? 'delta-up' : 'delta-down'}`}>
                              {delta > 0 ? '+' : '−'}
                              {format.money(Math.abs(delta))}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )}
        </section>
      </div>
    </section>
  );
}

type Pool = Preview['pool'];

/**
 * What the edits do to the bookings pool: target, bottom-up capacity, gap and ambition, before →
 * after. Growth scales every rep's capacity alike, so under a fixed target it moves these and no
 * quota: said in words when growth was edited and no quota moved.
 */
function PoolChanges({
  before,
  after,
  format,
  quotasMoved,
  growthEdited,
}: {
  before: Pool;
  after: Pool;
  format: Formatter;
  quotasMoved: boolean;
  growthEdited: boolean;
}) {
  const ratio = (k: number | null): string => (k === null ? '–' : `${k.toFixed(2)}×`);
  const rows: { id: string; label: string; text: (p: Pool) => string }[] = [
    { id: 'target', label: 'Target', text: (p) => format.money(p.target) },
    { id: 'capacity', label: 'Bottom-up capacity', text: (p) => format.money(p.capacity) },
    { id: 'gap', label: 'Gap (target − capacity)', text: (p) => format.money(p.gap) },
    { id: 'ambition', label: 'Ambition (target ÷ capacity)', text: (p) => ratio(p.ambition) },
  ];
  return (
    <>
      {growthEdited && !quotasMoved && (
        <p data-testid="growth-note">
          Growth changes no quota here: the target is fixed, and growth raises every rep’s bottom-up
          capacity by the same factor, so each rep’s share stays the same. It moves the capacity,
          the gap to the target and the ambition below. Quotas follow growth only where a pool has
          no target (its target is then its capacity).
        </p>
      )}
      <table className="compact" data-testid="preview-pool">
        <caption>The bookings pool: now and with the edits</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col" className="num">
              Now
            </th>
            <th scope="col" className="num">
              With the edits
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-measure={r.id}>
              <th scope="row">{r.label}</th>
              <td className="num">{r.text(before)}</td>
              <td className="num">{r.text(after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function HiresEditor({
  hires,
  format,
  onChange,
}: {
  hires: Hire[];
  format: Formatter;
  onChange: (next: Hire[]) => void;
}) {
  const [draft, setDraft] = useState({ id: '', name: '', role: 'AE', start: '', territory: '' });
  const valid =
    draft.id.trim() !== '' &&
    ISO_DATE.test(draft.start) &&
    !hires.some((h) => h.id === draft.id.trim());
  return (
    <fieldset>
      <legend>Planned hires</legend>
      {hires.length === 0 ? (
        <p>No planned hires.</p>
      ) : (
        <ul>
          {hires.map((h) => (
            <li key={h.id}>
              {h.name ?? h.id} ({h.role ?? 'AE'}
              {h.territory === undefined ? '' : `, ${h.territory}`}) from{' '}
              {ISO_DATE.test(h.start) ? format.date(h.start) : h.start}{' '}
              <button
                type="button"
                onClick={() => {
                  onChange(hires.filter((x) => x.id !== h.id));
                }}
              >
                Remove<span className="visually-hidden"> {h.name ?? h.id}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="filters">
        {HIRE_FIELDS.map(([k, label]) => (
          <div className="field" key={k}>
            <label htmlFor={`hire-${k}`}>{label}</label>
            <input
              id={`hire-${k}`}
              type={k === 'start' ? 'date' : 'text'}
              value={draft[k]}
              onChange={(event) => {
                setDraft({ ...draft, [k]: event.target.value });
              }}
            />
          </div>
        ))}
        <button
          type="button"
          disabled={!valid}
          onClick={() => {
            const hire: Hire = { id: draft.id.trim(), start: draft.start };
            if (draft.name.trim() !== '') hire.name = draft.name.trim();
            if (draft.role.trim() !== '') hire.role = draft.role.trim().toUpperCase();
            if (draft.territory.trim() !== '') hire.territory = draft.territory.trim();
            onChange([...hires, hire]);
            setDraft({ id: '', name: '', role: 'AE', start: '', territory: '' });
          }}
        >
          Add the hire
        </button>
      </div>
    </fieldset>
  );
}

function DeparturesEditor({
  departures,
  reps,
  format,
  onChange,
}: {
  departures: Departure[];
  format: Formatter;
  reps: { id: string; name: string }[];
  onChange: (next: Departure[]) => void;
}) {
  const [rep, setRep] = useState(reps[0]?.id ?? '');
  const [end, setEnd] = useState('');
  const names = new Map(reps.map((r) => [r.id, r.name]));
  return (
    <fieldset>
      <legend>Departures</legend>
      {departures.length === 0 ? (
        <p>No departures planned.</p>
      ) : (
        <ul>
          {departures.map((d) => (
            <li key={d.rep}>
              {names.get(d.rep) ?? d.rep}: last day{' '}
              {ISO_DATE.test(d.end) ? format.date(d.end) : d.end}{' '}
              <button
                type="button"
                onClick={() => {
                  onChange(departures.filter((x) => x.rep !== d.rep));
                }}
              >
                Remove<span className="visually-hidden"> the departure of {d.rep}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="filters">
        <div className="field">
          <label htmlFor="departure-rep">Rep</label>
          <select
            id="departure-rep"
            value={rep}
            onChange={(event) => {
              setRep(event.target.value);
            }}
          >
            {reps.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="departure-end">Last day</label>
          <input
            id="departure-end"
            type="date"
            value={end}
            onChange={(event) => {
              setEnd(event.target.value);
            }}
          />
        </div>
        <button
          type="button"
          disabled={!ISO_DATE.test(end) || rep === '' || departures.some((d) => d.rep === rep)}
          onClick={() => {
            onChange([...departures, { rep, end }]);
            setEnd('');
          }}
        >
          Add the departure
        </button>
      </div>
    </fieldset>
  );
}

function OteEditor({
  otes,
  reps,
  onChange,
}: {
  otes: Record<string, number>;
  reps: { id: string; name: string }[];
  onChange: (next: Record<string, number>) => void;
}) {
  const [rep, setRep] = useState(reps[0]?.id ?? '');
  const [amount, setAmount] = useState('');
  const names = new Map(reps.map((r) => [r.id, r.name]));
  const value = amountInput(amount);
  return (
    <>
      {Object.keys(otes).length === 0 ? (
        <p>No rep has an OTE of their own (the role’s applies).</p>
      ) : (
        <ul>
          {Object.entries(otes).map(([id, ote]) => (
            <li key={id}>
              {names.get(id) ?? id}: {ote.toLocaleString()}{' '}
              <button
                type="button"
                onClick={() => {
                  onChange(Object.fromEntries(Object.entries(otes).filter(([x]) => x !== id)));
                }}
              >
                Remove<span className="visually-hidden"> the OTE of {id}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="filters">
        <div className="field">
          <label htmlFor="ote-rep">Rep</label>
          <select
            id="ote-rep"
            value={rep}
            onChange={(event) => {
              setRep(event.target.value);
            }}
          >
            {reps.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ote-amount">Annual OTE</label>
          <input
            id="ote-amount"
            value={amount}
            onChange={(event) => {
              setAmount(event.target.value);
            }}
          />
        </div>
        <button
          type="button"
          disabled={value === null || value <= 0 || rep === ''}
          onClick={() => {
            if (value !== null) onChange({ ...otes, [rep]: value });
            setAmount('');
          }}
        >
          Set the OTE
        </button>
      </div>
    </>
  );
}
