// Ramp tracking of new hires (METHOD §9–10): per hire the ramped quota against the full one by
// tenure month, each month's milestone, and how far behind the curve the hire is.

import type { AttainmentView } from '../api.ts';
import type { Formatter } from '../format.ts';
import { repPath } from '../session.ts';
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

export function RampSection({
  ramps,
  format,
  planId,
  links = false,
}: {
  ramps: readonly Ramp[];
  format: Formatter;
  planId: number;
  links?: boolean;
}) {
  return (
    <section className="panel" aria-labelledby="ramps-heading" data-testid="ramps">
      <h2 id="ramps-heading">Ramp tracking of new hires</h2>
      {ramps.length === 0 ? (
        <p>No one in this view is ramping during the plan.</p>
      ) : (
        ramps.map((ramp) => (
          <div key={ramp.repId} className="ramp">
            <h3>
              {links ? <Link to={repPath(planId, ramp.repId)}>{ramp.name}</Link> : ramp.name}
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
