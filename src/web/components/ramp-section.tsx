// Ramp tracking of new hires (METHOD §9–10): the ramped quota against the full one by tenure
// month, each month's milestone, and how far behind the curve a hire is; one hire in detail, or a
// team's hires in a table.

import { createColumnHelper } from '@tanstack/react-table';
import type { ColumnDef } from '@tanstack/react-table';
import type { AttainmentView } from '../api.ts';
import type { Formatter } from '../format.ts';
import { hrefOf } from '../router.ts';
import { repPath } from '../session.ts';
import { csvFileName, csvMonthLabel as csvMonthName } from '../csv-export.ts';
import { DataTable } from './data-table.tsx';
import { Link } from './link.tsx';

type Ramp = AttainmentView['ramps'][number];

const STATUS_WORDS: Record<Ramp['status'], string> = {
  'not-started': 'Not started',
  'on-track': 'On track',
  behind: 'Behind the ramp',
};

const MILESTONE_WORDS: Record<Ramp['months'][number]['milestone'], string> = {
  met: 'Met',
  missed: 'Missed',
  'in-progress': 'In progress',
  upcoming: 'Upcoming',
};

/** One hire's ramp month by month (the rep's dashboard). */
export function RampSection({ ramps, format }: { ramps: readonly Ramp[]; format: Formatter }) {
  return (
    <section className="panel" aria-labelledby="ramps-heading" data-testid="ramps">
      <h2 id="ramps-heading">Ramp tracking of new hires</h2>
      {ramps.length === 0 ? (
        <p>No one in this view is ramping during the plan.</p>
      ) : (
        ramps.map((ramp) => (
          <div key={ramp.repId} className="ramp">
            <h3>
              {ramp.name}
              <span className={`status status-${ramp.status}`}>{STATUS_WORDS[ramp.status]}</span>
            </h3>
            <p className="small">
              Started {format.date(ramp.startDate)}; a {ramp.rampMonths}-month ramp
              {ramp.rampComplete ? ' (complete)' : ''}. Booked {format.money(ramp.bookingsToDate)}{' '}
              of {format.money(ramp.expectedToDate)} expected by now
              {ramp.daysBehind !== null && ramp.daysBehind > 0
                ? `: ${ramp.daysBehind} days behind the curve.`
                : '.'}
            </p>
            <table className="compact">
              <caption className="visually-hidden">Ramp months of {ramp.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" className="num">
                    Tenure month
                  </th>
                  <th scope="col" className="num">
                    Ramp
                  </th>
                  <th scope="col" className="num">
                    Ramped quota
                  </th>
                  <th scope="col" className="num">
                    Full quota
                  </th>
                  <th scope="col" className="num">
                    Bookings
                  </th>
                  <th scope="col">Milestone</th>
                </tr>
              </thead>
              <tbody>
                {ramp.months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{format.month(m.label)}</th>
                    <td className="num">{m.tenureMonth}</td>
                    <td className="num">{format.pct(m.rampFactor)}</td>
                    <td className="num">{format.money(m.quota)}</td>
                    <td className="num">
                      {m.fullQuota === null ? '–' : format.money(m.fullQuota)}
                    </td>
                    <td className="num">{m.bookings === null ? '–' : format.money(m.bookings)}</td>
                    <td>
                      <span className={`milestone milestone-${m.milestone}`}>
                        {MILESTONE_WORDS[m.milestone]}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))
      )}
    </section>
  );
}

/** The ramp month a hire is in on the as-of date (else the last one reached, else the first). */
function currentMonth(ramp: Ramp): Ramp['months'][number] | undefined {
  return (
    ramp.months.find((m) => m.milestone === 'in-progress') ??
    ramp.months.filter((m) => m.bookings !== null).at(-1) ??
    ramp.months[0]
  );
}

/**
 * Every hire of a team in one paged table (a team of thousands may have hundreds): where each
 * stands on the ramp, this month's ramped quota beside the full one, the milestones, and how far
 * behind the curve. The rep's own page has the month-by-month detail.
 */
export function RampTable({
  ramps,
  format,
  planId,
  linkQuery,
}: {
  ramps: readonly Ramp[];
  format: Formatter;
  planId: number;
  linkQuery: Record<string, string | number | undefined>;
}) {
  const h = createColumnHelper<Ramp>();
  const columns = [
    h.accessor('name', {
      header: 'Hire',
      sortingFn: 'text',
      cell: (c) => (
        <Link to={hrefOf(repPath(planId, c.row.original.repId), linkQuery)}>{c.getValue()}</Link>
      ),
    }),
    h.accessor('startDate', { header: 'Started', cell: (c) => format.date(c.getValue()) }),
    h.accessor((r) => currentMonth(r)?.tenureMonth ?? 0, {
      id: 'tenure',
      header: 'Ramp month',
      cell: (c) =>
        `${currentMonth(c.row.original)?.tenureMonth ?? 0} of ${c.row.original.rampMonths}`,
      meta: { numeric: true },
    }),
    h.accessor((r) => currentMonth(r)?.quota ?? 0, {
      id: 'ramped',
      header: 'Ramped quota (month)',
      cell: (c) => format.money(c.getValue()),
      meta: { numeric: true, money: true },
    }),
    h.accessor((r) => currentMonth(r)?.fullQuota ?? 0, {
      id: 'full',
      header: 'Full quota (month)',
      cell: (c) => format.money(c.getValue()),
      meta: { numeric: true, money: true },
    }),
    h.accessor('bookingsToDate', {
      header: 'Booked',
      cell: (c) => format.money(c.getValue()),
      meta: { numeric: true, money: true },
    }),
    h.accessor('expectedToDate', {
      header: 'Expected to date',
      cell: (c) => format.money(c.getValue()),
      meta: { numeric: true, money: true },
    }),
    h.accessor((r) => r.daysBehind ?? -1, {
      id: 'behind',
      header: 'Days behind',
      cell: (c) => (c.row.original.daysBehind === null ? '–' : c.row.original.daysBehind),
      meta: { numeric: true, csv: (r) => r.daysBehind },
    }),
    h.accessor((r) => r.months.filter((m) => m.milestone === 'met').length, {
      id: 'milestones',
      header: 'Milestones',
      cell: (c) =>
        c.row.original.months.map((m) => (
          <span key={m.month} className={`milestone milestone-${m.milestone}`}>
            {format.month(m.label)}: {MILESTONE_WORDS[m.milestone]}
          </span>
        )),
      meta: {
        csv: (r) =>
          r.months
            .map((m) => `${csvMonthName(m.label)}: ${MILESTONE_WORDS[m.milestone]}`)
            .join('; '),
      },
    }),
    h.accessor('status', {
      header: 'Status',
      cell: (c) => (
        <span className={`status status-${c.row.original.status}`}>
          {STATUS_WORDS[c.row.original.status]}
        </span>
      ),
    }),
  ] as ColumnDef<Ramp, never>[];
  return (
    <section className="panel" aria-labelledby="ramps-heading" data-testid="ramps">
      <h2 id="ramps-heading">Ramp tracking of new hires</h2>
      {ramps.length === 0 ? (
        <p>No one in this view is ramping during the plan.</p>
      ) : (
        <DataTable
          caption="New hires against their ramp: this month’s ramped quota beside the full quota"
          rows={ramps}
          columns={columns}
          rowId={(r) => r.repId}
          initialSort={[{ id: 'name', desc: false }]}
          pageSize={25}
          testId="ramp-table"
          csv={{ fileName: csvFileName('ramp tracking'), what: 'hires' }}
        />
      )}
    </section>
  );
}
