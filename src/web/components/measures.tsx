// The headline numbers of a rep, a team or the organisation for one period (METHOD §9): bookings,
// quota, attainment, gap, expected to date and pace, with the indicator.

import type { Formatter } from '../format.ts';
import { Indicator } from './indicator.tsx';
import type { IndicatorColour } from './indicator.tsx';
import { Link } from './link.tsx';

export interface Measures {
  quota: number;
  bookings: number;
  attainment: number | null;
  gap: number;
  expected: number;
  paceAttainment: number | null;
  indicator: IndicatorColour | null;
}

export function MeasureCards({
  measures,
  format,
  label,
  bookingsHref,
  notStarted = false,
}: {
  measures: Measures;
  format: Formatter;
  label: string;
  /** Where the bookings figure leads: the credited deals behind it (a rep's dashboard). */
  bookingsHref?: string | undefined;
  /** The period lies after the as-of date: no attainment or pace yet, not 0%. */
  notStarted?: boolean;
}) {
  const ahead = measures.gap <= 0;
  return (
    <section aria-label={label} className="cards" data-testid="measures">
      <div className="card">
        <h3>Bookings</h3>
        <p className="big" data-measure="bookings">
          {bookingsHref === undefined ? (
            format.money(measures.bookings)
          ) : (
            <Link to={bookingsHref} data-testid="bookings-deals">
              {format.money(measures.bookings)}
            </Link>
          )}
        </p>
        {bookingsHref !== undefined && (
          <p className="small">The deals behind it: select the figure</p>
        )}
      </div>
      <div className="card">
        <h3>Quota</h3>
        <p className="big" data-measure="quota">
          {format.money(measures.quota)}
        </p>
      </div>
      <div className="card">
        <h3>Attainment</h3>
        <p className="big" data-measure="attainment">
          {notStarted ? 'Not started' : format.pct(measures.attainment)}
        </p>
      </div>
      <div className="card">
        <h3>{ahead ? 'Above quota by' : 'Gap to quota'}</h3>
        <p className="big" data-measure="gap">
          {format.money(Math.abs(measures.gap))}
        </p>
      </div>
      <div className="card">
        <h3>Pace</h3>
        <p className="big" data-measure="pace">
          {notStarted ? 'Not started' : format.pct(measures.paceAttainment)}
        </p>
        <p className="small">
          {notStarted
            ? 'the period starts after the as-of date'
            : `of ${format.money(measures.expected)} expected to date`}
        </p>
      </div>
      <div className="card">
        <h3>Status</h3>
        <p className="big">
          <Indicator value={measures.indicator} />
        </p>
      </div>
    </section>
  );
}
