// The deals behind a rep's bookings figure (reached from the Bookings card of their dashboard):
// the won deals credited to them in the chosen period, each with the rep's share of a split and
// the credited amount, added up beside the bookings figure. A rep may dispute a deal's credit
// here; the dispute goes to their manager (Disputes page).

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiTrackingPlan } from '../../../contracts/api.ts';
import { CsvButton } from '../../components/csv-button.tsx';
import { FilterBar } from '../../components/filter-bar.tsx';
import { Link } from '../../components/link.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { csvFileName, moneyColumn } from '../../csv-export.ts';
import type { CsvColumn } from '../../csv-export.ts';
import { periodQuery, useFilters } from '../../filters.ts';
import type { Formatter } from '../../format.ts';
import { hrefOf } from '../../router.ts';
import { creditedDealsQuery, disputesQuery, raiseDispute } from '../../records-api.ts';
import type { CreditedDeal } from '../../records-api.ts';
import { planPath, repPath } from '../../session.ts';
import type { Session } from '../../session.ts';

const TYPE_WORDS: Record<string, string> = {
  new_business: 'New business',
  expansion: 'Expansion',
  renewal: 'Renewal',
};

function shareWords(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

export function CreditedDealsPage({
  session,
  plan,
  repId,
  format,
}: {
  session: Session;
  plan: ApiTrackingPlan;
  repId: string;
  format: Formatter;
}) {
  const [filters] = useFilters();
  const own = session.workspace.repId === repId;
  const view = useQuery(creditedDealsQuery(plan.id, repId, filters.period, filters.index));
  const disputes = useQuery({ ...disputesQuery(plan.id), enabled: own });
  const openDeals = new Set(
    (disputes.data ?? []).filter((d) => d.state === 'open').map((d) => d.dealId),
  );
  if (view.isPending) return <Loading what="the credited deals" />;
  if (view.isError) return <ErrorState error={view.error} what="the credited deals" />;
  const data = view.data;
  const columns: CsvColumn<CreditedDeal>[] = [
    { header: 'Deal', value: (d) => d.dealId },
    { header: 'Deal name', value: (d) => d.name },
    { header: 'Account', value: (d) => d.accountId },
    { header: 'Closed on', value: (d) => d.closeDate },
    { header: 'Type', value: (d) => (d.type === null ? null : (TYPE_WORDS[d.type] ?? d.type)) },
    moneyColumn('Deal amount', (d) => d.amount),
    { header: 'Share (%)', value: (d) => Math.round(d.share * 1000) / 10 },
    moneyColumn('Credited', (d) => d.credited),
    { header: 'Credit from', value: (d) => (d.split ? 'credit split' : 'deal owner') },
  ];
  const title = own ? 'My credited deals' : `Credited deals: ${data.name}`;
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
        <p>
          The won deals behind the bookings figure of{' '}
          <Link to={hrefOf(repPath(plan.id, repId), periodQuery(filters))}>
            {own ? 'your dashboard' : `${data.name}’s dashboard`}
          </Link>
          : {data.period.label === 'Year' ? 'the whole plan' : data.period.label},{' '}
          {format.date(data.period.from)} – {format.date(data.period.to)}. A split deal credits each
          rep their share; a deal without a split credits its owner in full.
        </p>
      </div>
      <FilterBar planStart={plan.periodStart} months={plan.months} format={format} />
      <section className="cards" aria-label="Totals" data-testid="deal-totals">
        <div className="card">
          <h3>Credited deals</h3>
          <p className="big" data-measure="credited">
            {format.money(data.total)}
          </p>
          <p className="small">{data.deals.length} deals</p>
        </div>
        <div className="card">
          <h3>Bookings figure</h3>
          <p className="big" data-measure="bookings">
            {format.money(data.bookings)}
          </p>
          <p className="small">
            {data.bookingsAsOf === null
              ? 'as published'
              : `as of the bookings refresh of ${format.date(data.bookingsAsOf)}`}
          </p>
        </div>
      </section>
      {data.total !== data.bookings && (
        <p className="callout" role="note">
          The deals add up to {format.money(data.total)} and the bookings figure is{' '}
          {format.money(data.bookings)}:{' '}
          {data.measure === 'bookings'
            ? 'deals imported since the last bookings refresh are listed here but not yet counted there; RevOps refreshes the bookings after an import.'
            : `this role's quota measures ${data.measure.replaceAll('_', ' ')}, not bookings.`}
        </p>
      )}
      {data.deals.length === 0 ? (
        <Empty title="No credited deals">
          <p>No won deal of the counted types closed in this period with credit to this rep.</p>
        </Empty>
      ) : (
        <DealTable
          planId={plan.id}
          deals={data.deals}
          format={format}
          columns={columns}
          fileName={csvFileName(plan.name, data.name, 'credited deals', data.period.label)}
          canDispute={own && session.workspace.role === 'rep'}
          openDeals={openDeals}
        />
      )}
    </>
  );
}

function DealTable({
  planId,
  deals,
  format,
  columns,
  fileName,
  canDispute,
  openDeals,
}: {
  planId: number;
  deals: readonly CreditedDeal[];
  format: Formatter;
  columns: readonly CsvColumn<CreditedDeal>[];
  fileName: string;
  canDispute: boolean;
  openDeals: ReadonlySet<string>;
}) {
  const queryClient = useQueryClient();
  const [disputing, setDisputing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const raise = useMutation({
    mutationFn: ({ dealId }: { dealId: string }) => raiseDispute(planId, dealId, reason.trim()),
    onSuccess: async () => {
      setDisputing(null);
      setReason('');
      await queryClient.invalidateQueries({ queryKey: disputesQuery(planId).queryKey });
    },
  });
  return (
    <section aria-labelledby="deals-title">
      <div className="table-actions">
        <h2 id="deals-title">Deals</h2>
        <CsvButton fileName={fileName} columns={columns} rows={deals} what="deals" />
      </div>
      {raise.isSuccess && (
        <p role="status" className="success-text">
          Dispute {raise.data.id} sent: your manager will resolve it.{' '}
          <Link to={planPath(planId, 'disputes')}>See my disputes</Link>
        </p>
      )}
      {raise.isError && (
        <p role="alert" className="error-text">
          {raise.error.message}
        </p>
      )}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="deals-title">
        <table className="compact" data-testid="credited-deals">
          <caption className="visually-hidden">Won deals credited in the period</caption>
          <thead>
            <tr>
              <th scope="col">Deal</th>
              <th scope="col">Account</th>
              <th scope="col">Closed on</th>
              <th scope="col">Type</th>
              <th scope="col" className="num">
                Deal amount
              </th>
              <th scope="col" className="num">
                Share
              </th>
              <th scope="col" className="num">
                Credited
              </th>
              {canDispute && (
                <th scope="col">
                  <span className="visually-hidden">Dispute</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {deals.map((d) => (
              <tr key={d.dealId} data-row-id={d.dealId}>
                <td>
                  {d.name ?? d.dealId}
                  {d.name !== null && <span className="small"> ({d.dealId})</span>}
                </td>
                <td>{d.accountId ?? '–'}</td>
                <td>{format.date(d.closeDate)}</td>
                <td>{d.type === null ? '–' : (TYPE_WORDS[d.type] ?? d.type)}</td>
                <td className="num">{format.money(d.amount)}</td>
                <td className="num">
                  {shareWords(d.share)}
                  {d.split && <span className="visually-hidden"> (credit split)</span>}
                </td>
                <td className="num">{format.money(d.credited)}</td>
                {canDispute && (
                  <td>
                    {openDeals.has(d.dealId) ? (
                      <span className="state-tag state-tag-open">disputed</span>
                    ) : disputing === d.dealId ? (
                      <form
                        className="filters"
                        onSubmit={(event) => {
                          event.preventDefault();
                          raise.mutate({ dealId: d.dealId });
                        }}
                      >
                        <div className="field">
                          <label htmlFor={`dispute-${d.dealId}`}>What is wrong?</label>
                          <input
                            id={`dispute-${d.dealId}`}
                            value={reason}
                            minLength={5}
                            required
                            onChange={(event) => {
                              setReason(event.target.value);
                            }}
                          />
                        </div>
                        <button type="submit" className="primary" disabled={raise.isPending}>
                          Send
                        </button>
                        <button
                          type="button"
                          onClick={() => {
                            setDisputing(null);
                          }}
                        >
                          Cancel
                        </button>
                      </form>
                    ) : (
                      <button
                        type="button"
                        onClick={() => {
                          setDisputing(d.dealId);
                          setReason('');
                        }}
                      >
                        Dispute<span className="visually-hidden"> the credit of {d.dealId}</span>
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
