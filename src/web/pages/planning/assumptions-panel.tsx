// The assumption register of a version: every input ASSUMED or CONFIRMED, who confirmed it and
// when, what it affects; leaders and RevOps confirm (or reopen) the ones they tick, which saves a
// new version (only on the newest version: an older one would be a stale edit).

import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Formatter } from '../../format.ts';
import { setAssumptions } from '../../planning-api.ts';
import type { VersionView } from '../../planning-api.ts';
import { planningPath } from '../../planning.ts';
import { navigate } from '../../router.ts';

export function AssumptionsPanel({
  view,
  latest,
  canConfirm,
  format,
}: {
  view: VersionView;
  /** Whether this is the plan's newest version (the only one a change may be made on). */
  latest: boolean;
  canConfirm: boolean;
  format: Formatter;
}) {
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const change = useMutation({
    mutationFn: (status: 'CONFIRMED' | 'ASSUMED') =>
      setAssumptions(view.planId, view.version, [...selected], status),
    onSuccess: async (saved) => {
      setSelected(new Set());
      await queryClient.invalidateQueries({ queryKey: ['plan', view.planId] });
      await queryClient.invalidateQueries({ queryKey: ['plans'] });
      navigate(planningPath(saved.planId, saved.version, 'assumptions'));
    },
  });
  const toggle = (key: string): void => {
    const next = new Set(selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setSelected(next);
  };
  const assumptions = view.results.assumptions;
  const editable = canConfirm && latest;
  const assumed = assumptions.filter((a) => a.status === 'ASSUMED');
  return (
    <section aria-labelledby="assumptions-title">
      <h2 id="assumptions-title">Assumption register</h2>
      <p>
        <span data-testid="assumed-count">
          {assumed.length} of {assumptions.length} inputs are still ASSUMED.
        </span>
        {canConfirm && !latest && ' Open the newest version to confirm inputs.'}
        {!canConfirm && ' The plan is published: its inputs stay as they were signed off.'}
      </p>
      {editable && (
        <div className="filters">
          <button
            type="button"
            onClick={() => {
              setSelected(new Set(assumed.map((a) => a.key)));
            }}
            disabled={assumed.length === 0}
          >
            Tick every assumed input
          </button>
          <button
            type="button"
            className="primary"
            disabled={selected.size === 0 || change.isPending}
            onClick={() => {
              change.mutate('CONFIRMED');
            }}
          >
            Confirm {selected.size} ticked
          </button>
          <button
            type="button"
            disabled={selected.size === 0 || change.isPending}
            onClick={() => {
              change.mutate('ASSUMED');
            }}
          >
            Reopen ticked
          </button>
        </div>
      )}
      {change.isError && (
        <p role="alert" className="error-text">
          {change.error.message}
        </p>
      )}
      <div className="table-wrap">
        <table data-testid="assumptions">
          <caption>Inputs of v{view.version}</caption>
          <thead>
            <tr>
              {editable && (
                <th scope="col">
                  <span className="visually-hidden">Tick</span>
                </th>
              )}
              <th scope="col">Input</th>
              <th scope="col">Value</th>
              <th scope="col">Status</th>
              <th scope="col">Confirmed by</th>
              <th scope="col">Affects</th>
              <th scope="col" className="num">
                Reps
              </th>
            </tr>
          </thead>
          <tbody>
            {assumptions.map((a) => (
              <tr key={a.key} data-row-id={a.key}>
                {editable && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Tick ${a.label}`}
                      checked={selected.has(a.key)}
                      onChange={() => {
                        toggle(a.key);
                      }}
                    />
                  </td>
                )}
                <td>
                  {a.label} <code className="small">{a.key}</code>
                </td>
                <td>{a.value}</td>
                <td>
                  <span className={`status status-${a.status.toLowerCase()}`}>{a.status}</span>
                </td>
                <td data-testid="confirmed-by">
                  {a.confirmedBy === null ? (
                    '–'
                  ) : (
                    <>
                      {a.confirmedBy}
                      {a.confirmedAt !== null && (
                        <span className="small nowrap">
                          {' '}
                          on {format.date(a.confirmedAt.slice(0, 10))}
                        </span>
                      )}
                    </>
                  )}
                </td>
                <td>{a.affects}</td>
                <td className="num">{a.reps}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
