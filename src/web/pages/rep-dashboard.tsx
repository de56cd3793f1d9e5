// A rep's dashboard (METHOD §9): bookings, quota, attainment, gap and pace of the chosen period,
// the monthly chart, ramp milestones of a new hire, and the quota letter. Reps see only their own
// (the server answers 404 for anyone else, shown as not found); managers reach their team's reps
// from the team table.

import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ApiTrackingPlan } from '../../contracts/api.ts';
import { attainmentQuery, quotaLetterUrl } from '../api.ts';
import { FilterBar } from '../components/filter-bar.tsx';
import { IndicatorLegend } from '../components/indicator.tsx';
import { Link } from '../components/link.tsx';
import { MeasureCards } from '../components/measures.tsx';
import { MonthlyChart } from '../components/monthly-chart.tsx';
import { RampSection } from '../components/ramp-section.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { periodQuery, useFilters } from '../filters.ts';
import { periodName } from '../format.ts';
import type { Formatter } from '../format.ts';
import { hrefOf } from '../router.ts';
import { planPath, seesEverything, teamPath } from '../session.ts';
import type { Session } from '../session.ts';

export function RepDashboard({
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
  const view = useQuery(
    attainmentQuery({ planId: plan.id, period: filters.period, index: filters.index, rep: repId }),
  );
  const rep = view.data?.report.reps.find((r) => r.repId === repId);
  const ramp = view.data?.ramps.find((r) => r.repId === repId);
  const own = session.workspace.repId === repId;
  const series = useMemo(() => rep?.series ?? [], [rep]);
  const role = session.workspace.role;

  return (
    <>
      <div className="page-head">
        <h1>
          {rep === undefined
            ? own
              ? 'My dashboard'
              : 'Rep dashboard'
            : own
              ? `My dashboard: ${rep.name}`
              : rep.name}
        </h1>
        {rep !== undefined && view.data !== undefined && (
          <p className="subtitle">
            {periodName(view.data.report.period.label, format)}
            {' · '}
            {format.date(view.data.report.period.from)} – {format.date(view.data.report.period.to)}
            {' · '}bookings as of {format.date(view.data.report.asOf)}
            {rep.territoryId !== null && <> · territory {rep.territoryId}</>}
          </p>
        )}
        {rep?.managerId != null && (role === 'manager' || seesEverything(role)) && (
          <p>
            <Link
              to={hrefOf(
                teamPath(plan.id, role === 'manager' ? undefined : rep.managerId),
                periodQuery(filters),
              )}
            >
              ← Back to the team
            </Link>
          </p>
        )}
      </div>
      <FilterBar
        asOf={view.data?.report.asOf}
        planStart={plan.periodStart}
        months={plan.months}
        format={format}
      />
      {view.isPending && <Loading what="the dashboard" />}
      {view.isError && <ErrorState error={view.error} what="the dashboard" />}
      {view.data !== undefined && rep === undefined && (
        <Empty title="No quota in this plan">
          <p>
            {repId} carries no quota in {plan.name}, so there is no attainment to track.
          </p>
        </Empty>
      )}
      {view.data !== undefined && rep !== undefined && (
        <>
          <MeasureCards
            notStarted={view.data.report.period.state === 'not-started'}
            measures={rep}
            format={format}
            label="This period"
            bookingsHref={hrefOf(
              planPath(plan.id, `reps/${encodeURIComponent(repId)}/deals`),
              periodQuery(filters),
            )}
          />
          <IndicatorLegend
            thresholds={view.data.thresholds}
            pct={(f) => format.pct(f)}
            state={view.data.report.period.state}
          />
          <div className="two-col">
            <MonthlyChart title="Quota and bookings by month" series={series} format={format} />
            <section className="panel" aria-labelledby="letter-heading">
              <h2 id="letter-heading">Quota letter</h2>
              <p>
                The letter of the published plan explains how {own ? 'your' : 'this'} quota was set:
                the territory weight, the ramp, the seasonality and the numbers by month.
              </p>
              <p>
                <a
                  className="button"
                  href={quotaLetterUrl(plan.id, repId)}
                  target="_blank"
                  rel="noreferrer"
                >
                  Open {own ? 'my' : 'the'} quota letter
                  <span className="visually-hidden"> (opens in a new tab)</span>
                </a>
              </p>
            </section>
          </div>
          {ramp !== undefined && <RampSection ramps={[ramp]} format={format} />}
        </>
      )}
    </>
  );
}
