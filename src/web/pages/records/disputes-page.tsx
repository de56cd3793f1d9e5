// Credit disputes of a published plan: a rep sees their own (raised from their credited deals),
// a manager their team's and resolves them (accept with a note saying what will be corrected, or
// reject), leaders resolve anyone's, RevOps reads them. Newest first, exported as CSV.

import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiTrackingPlan } from '../../../contracts/api.ts';
import { quotasQuery } from '../../api.ts';
import { CsvButton } from '../../components/csv-button.tsx';
import { Link } from '../../components/link.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { csvFileName } from '../../csv-export.ts';
import type { CsvColumn } from '../../csv-export.ts';
import type { Formatter } from '../../format.ts';
import { disputesQuery, resolveDispute } from '../../records-api.ts';
import type { Dispute } from '../../records-api.ts';
import { planPath } from '../../session.ts';
import type { Session } from '../../session.ts';

export function DisputesPage({
  session,
  plan,
  format,
}: {
  session: Session;
  plan: ApiTrackingPlan;
  format: Formatter;
}) {
  const queryClient = useQueryClient();
  const { role, repId } = session.workspace;
  const disputes = useQuery(disputesQuery(plan.id));
  const quotas = useQuery(quotasQuery(plan.id));
  const names = useMemo(
    () => new Map((quotas.data ?? []).map((q) => [q.repId, q.name])),
    [quotas.data],
  );
  const [notes, setNotes] = useState<Record<number, string>>({});
  const resolve = useMutation({
    mutationFn: ({ id, accept }: { id: number; accept: boolean }) =>
      resolveDispute(plan.id, id, accept, (notes[id] ?? '').trim() || null),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: disputesQuery(plan.id).queryKey });
    },
  });
  const canResolve = (d: Dispute) =>
    d.state === 'open' && (role === 'leader' || (role === 'manager' && d.repId !== repId));
  const columns: CsvColumn<Dispute>[] = [
    { header: 'Dispute', value: (d) => d.id },
    { header: 'Rep', value: (d) => names.get(d.repId) ?? d.repId },
    { header: 'Rep id', value: (d) => d.repId },
    { header: 'Deal', value: (d) => d.dealId },
    { header: 'Reason', value: (d) => d.reason },
    { header: 'State', value: (d) => d.state },
    { header: 'Raised by', value: (d) => d.raisedBy },
    { header: 'Raised at', value: (d) => d.raisedAt },
    { header: 'Resolved by', value: (d) => d.resolvedBy },
    { header: 'Resolved at', value: (d) => d.resolvedAt },
    { header: 'Resolution note', value: (d) => d.resolutionNote },
  ];
  const title = role === 'rep' ? 'My disputes' : 'Credit disputes';
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
        <p>
          {role === 'rep' ? (
            <>
              Deals whose credit you disputed, and what your manager decided. To dispute a deal,
              open{' '}
              <Link to={planPath(plan.id, `reps/${encodeURIComponent(repId ?? '')}/deals`)}>
                my credited deals
              </Link>
              .
            </>
          ) : (
            'A rep disputes the credit of one of their deals; their manager or a leader accepts it with a note saying what will be corrected in the CRM, or rejects it.'
          )}
        </p>
      </div>
      {resolve.isError && (
        <p role="alert" className="error-text">
          {resolve.error.message}
        </p>
      )}
      {disputes.isPending ? (
        <Loading what="the disputes" />
      ) : disputes.isError ? (
        <ErrorState error={disputes.error} what="the disputes" />
      ) : disputes.data.length === 0 ? (
        <Empty title="No disputes">
          <p>Nobody in your view has disputed the credit of a deal in this plan.</p>
        </Empty>
      ) : (
        <section aria-labelledby="disputes-title">
          <div className="table-actions">
            <h2 id="disputes-title">
              {disputes.data.filter((d) => d.state === 'open').length} open of{' '}
              {disputes.data.length}
            </h2>
            <CsvButton
              fileName={csvFileName(plan.name, 'credit disputes')}
              columns={columns}
              rows={disputes.data}
              what="disputes"
            />
          </div>
          <ul className="adjustments" data-testid="dispute-list">
            {disputes.data.map((d) => (
              <li key={d.id} className="panel" data-dispute-id={d.id} data-state={d.state}>
                <h3>
                  {names.get(d.repId) ?? d.repId}: deal {d.dealId}{' '}
                  <span className={`state-tag state-tag-${d.state}`}>{d.state}</span>
                </h3>
                <p>{d.reason}</p>
                <p className="small">
                  Raised by {d.raisedBy} on {format.date(d.raisedAt.slice(0, 10))}
                  {d.resolvedBy !== null &&
                    ` · ${d.state} by ${d.resolvedBy} on ${format.date((d.resolvedAt ?? '').slice(0, 10))}`}
                  {d.resolutionNote !== null && ` · “${d.resolutionNote}”`}
                </p>
                {canResolve(d) && (
                  <div className="filters">
                    <div className="field">
                      <label htmlFor={`dispute-note-${d.id}`}>
                        Note (needed to accept: what will be corrected)
                      </label>
                      <input
                        id={`dispute-note-${d.id}`}
                        size={50}
                        value={notes[d.id] ?? ''}
                        onChange={(event) => {
                          setNotes({ ...notes, [d.id]: event.target.value });
                        }}
                      />
                    </div>
                    <button
                      type="button"
                      className="primary"
                      disabled={resolve.isPending || (notes[d.id] ?? '').trim() === ''}
                      onClick={() => {
                        resolve.mutate({ id: d.id, accept: true });
                      }}
                    >
                      Accept<span className="visually-hidden"> dispute {d.id}</span>
                    </button>
                    <button
                      type="button"
                      disabled={resolve.isPending}
                      onClick={() => {
                        resolve.mutate({ id: d.id, accept: false });
                      }}
                    >
                      Reject<span className="visually-hidden"> dispute {d.id}</span>
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
