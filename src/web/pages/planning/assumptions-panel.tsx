// The assumption register of a version as it stands: every input with its value, ASSUMED or
// CONFIRMED (who, when), what it affects. Leaders and RevOps review the assumed inputs one at a
// time, each with its value in front of them, and confirm that value (or skip it); a confirmed
// input can be reopened. A decision is recorded in the register, not as a new version; it is
// taken on the newest version only, until that version is signed off.

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CsvButton } from '../../components/csv-button.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { csvFileName } from '../../csv-export.ts';
import type { Formatter } from '../../format.ts';
import { decideAssumption, registerQuery } from '../../planning-api.ts';
import type { RegisterEntry, VersionView } from '../../planning-api.ts';

function affectsWords(entry: RegisterEntry): string {
  if (entry.affects === 'checks') return 'Affects the checks only, no quota.';
  return entry.reps === 1
    ? 'The quota of 1 rep depends on it.'
    : `The quotas of ${entry.reps} reps depend on it.`;
}

/** One assumed input at a time, its value in front of the reviewer. */
function Review({
  entry,
  count,
  pending,
  onConfirm,
  onSkip,
}: {
  entry: RegisterEntry;
  /** Inputs still assumed, this one included. */
  count: number;
  pending: boolean;
  onConfirm: () => void;
  onSkip: () => void;
}) {
  return (
    <section className="panel review" aria-labelledby="review-title" data-testid="review">
      <h3 id="review-title">
        Review the assumed inputs one at a time{' '}
        <span className="small" data-testid="review-left">
          ({count} left)
        </span>
      </h3>
      <p className="review-label" data-testid="review-label">
        {entry.label}
      </p>
      <p className="review-value" data-testid="review-value">
        {entry.value}
      </p>
      <p className="small">
        {affectsWords(entry)} Confirming records that you checked this value; if the value changes
        in a later version, the input is ASSUMED again.
      </p>
      <div className="filters">
        <button
          type="button"
          className="primary"
          disabled={pending}
          aria-label={`Confirm this value: ${entry.label}, ${entry.value}`}
          onClick={onConfirm}
        >
          Confirm this value
        </button>
        <button type="button" disabled={pending || count < 2} onClick={onSkip}>
          Skip for now
        </button>
      </div>
    </section>
  );
}

export function AssumptionsPanel({
  view,
  canConfirm,
  format,
}: {
  view: VersionView;
  /** Whether the person's role may confirm inputs (the server says whether the version may). */
  canConfirm: boolean;
  format: Formatter;
}) {
  const queryClient = useQueryClient();
  const register = useQuery(registerQuery(view.planId, view.version));
  const [current, setCurrent] = useState<string | null>(null);
  const [skipped, setSkipped] = useState<ReadonlySet<string>>(new Set());
  const decide = useMutation({
    mutationFn: ({ entry, status }: { entry: RegisterEntry; status: 'CONFIRMED' | 'ASSUMED' }) =>
      decideAssumption(view.planId, view.version, entry, status),
    onSuccess: async (updated) => {
      queryClient.setQueryData(registerQuery(view.planId, view.version).queryKey, updated);
      setCurrent(null);
      // The checklist reads the register.
      await queryClient.invalidateQueries({ queryKey: ['signoff', view.planId] });
    },
  });
  if (register.isPending) return <Loading what="the assumption register" />;
  if (register.isError) return <ErrorState error={register.error} what="the assumption register" />;
  const { entries, open, closedReason } = register.data;
  const editable = canConfirm && open;
  const assumed = entries.filter((a) => a.status === 'ASSUMED');
  // The input under review: the one asked for, else the first assumed one not skipped.
  const queue = [
    ...assumed.filter((a) => !skipped.has(a.key)),
    ...assumed.filter((a) => skipped.has(a.key)),
  ];
  const reviewing = queue.find((a) => a.key === current) ?? queue[0];
  return (
    <section aria-labelledby="assumptions-title">
      <h2 id="assumptions-title">Assumption register</h2>
      <p>
        <span data-testid="assumed-count">
          {assumed.length} of {entries.length} inputs are still ASSUMED.
        </span>{' '}
        {closedReason !== null && <span data-testid="register-closed">{closedReason}</span>}
      </p>
      {editable && reviewing !== undefined && (
        <Review
          entry={reviewing}
          count={assumed.length}
          pending={decide.isPending}
          onConfirm={() => {
            decide.mutate({ entry: reviewing, status: 'CONFIRMED' });
          }}
          onSkip={() => {
            setSkipped(new Set([...skipped, reviewing.key]));
            const next = queue.find((a) => a.key !== reviewing.key && !skipped.has(a.key));
            setCurrent(next?.key ?? null);
          }}
        />
      )}
      {editable && assumed.length === 0 && (
        <p className="success-text" data-testid="review-done">
          Every input is confirmed.
        </p>
      )}
      {decide.isError && (
        <p role="alert" className="error-text">
          {decide.error.message}
        </p>
      )}
      <div className="table-actions">
        <CsvButton
          fileName={csvFileName('plan', view.planId, 'v', view.version, 'assumptions')}
          columns={[
            { header: 'Input', value: (a: RegisterEntry) => a.label },
            { header: 'Input key', value: (a: RegisterEntry) => a.key },
            { header: 'Value', value: (a: RegisterEntry) => a.value },
            { header: 'Status', value: (a: RegisterEntry) => a.status },
            { header: 'Confirmed by', value: (a: RegisterEntry) => a.confirmedBy },
            { header: 'Confirmed at', value: (a: RegisterEntry) => a.confirmedAt },
            { header: 'Affects', value: (a: RegisterEntry) => a.affects },
            { header: 'Reps', value: (a: RegisterEntry) => a.reps },
          ]}
          rows={entries}
          what="inputs"
        />
      </div>
      <div className="table-wrap">
        <table data-testid="assumptions">
          <caption>Inputs of v{view.version}</caption>
          <thead>
            <tr>
              <th scope="col">Input</th>
              <th scope="col">Value</th>
              <th scope="col">Status</th>
              <th scope="col">Confirmed by</th>
              <th scope="col">Affects</th>
              <th scope="col" className="num">
                Reps
              </th>
              {editable && (
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {entries.map((a) => (
              <tr
                key={a.key}
                data-row-id={a.key}
                aria-current={a.key === reviewing?.key && editable ? 'true' : undefined}
              >
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
                {editable && (
                  <td>
                    {a.status === 'ASSUMED' ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => {
                          setCurrent(a.key);
                        }}
                      >
                        Review<span className="visually-hidden"> {a.label}</span>
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="link-button"
                        disabled={decide.isPending}
                        onClick={() => {
                          decide.mutate({ entry: a, status: 'ASSUMED' });
                        }}
                      >
                        Reopen<span className="visually-hidden"> {a.label}</span>
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
