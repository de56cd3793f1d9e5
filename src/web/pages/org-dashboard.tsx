// The organisation (leaders and RevOps; METHOD §9): the roll-up of everyone, by territory, by
// segment and by manager, the organisation's monthly chart and every rep.

import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ApiTrackingPlan } from '../../contracts/api.ts';
import { NO_SEGMENT } from '../../core/engine/cohorts.ts';
import { attainmentQuery, quotasQuery } from '../api.ts';
import { filterChoices, namesOf } from '../dashboard-data.ts';
import { FilterBar } from '../components/filter-bar.tsx';
import { IndicatorLegend } from '../components/indicator.tsx';
import { MeasureCards } from '../components/measures.tsx';
import { MonthlyChart } from '../components/monthly-chart.tsx';
import { RampTable } from '../components/ramp-section.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { GroupTable, RepTable } from '../components/tracking-tables.tsx';
import { filterQuery, periodQuery, useFilters } from '../filters.ts';
import { periodName } from '../format.ts';
import type { Formatter } from '../format.ts';
import { hrefOf } from '../router.ts';
import { teamPath } from '../session.ts';

export function OrgDashboard({ plan, format }: { plan: ApiTrackingPlan; format: Formatter }) {
  const [filters] = useFilters();
  const view = useQuery(
    attainmentQuery({
      planId: plan.id,
      period: filters.period,
      index: filters.index,
      rep: filters.rep,
      territory: filters.territory,
      segment: filters.segment,
      series: 'summary',
    }),
  );
  // The quotas serve the filter choices only: asked once the numbers are in.
  const quotas = useQuery({
    ...quotasQuery(plan.id),
    enabled: view.data !== undefined || view.isError,
  });
  const names = useMemo(() => namesOf(view.data, quotas.data), [view.data, quotas.data]);
  const choices = useMemo(
    () => (quotas.data === undefined ? undefined : filterChoices(quotas.data)),
    [quotas.data],
  );
  const report = view.data?.report;
  const series = useMemo(() => report?.organisation.series ?? [], [report]);
  const filtered =
    filters.rep !== undefined || filters.territory !== undefined || filters.segment !== undefined;

  return (
    <>
      <div className="page-head">
        <h1>Organisation</h1>
        {report !== undefined && (
          <p className="subtitle">
            {periodName(report.period.label, format)}
            {' · '}
            {format.date(report.period.from)} – {format.date(report.period.to)}
            {' · '}bookings as of {format.date(report.asOf)}
            {filtered ? ' · filtered' : ''}
          </p>
        )}
      </div>
      <FilterBar
        asOf={report?.asOf}
        planStart={plan.periodStart}
        months={plan.months}
        format={format}
        reps={choices?.reps}
        territories={choices?.territories}
        segments={choices?.segments}
      />
      {view.isPending && <Loading what="the organisation" />}
      {view.isError && <ErrorState error={view.error} what="the organisation" />}
      {report !== undefined && report.reps.length === 0 && (
        <Empty title="No reps in this view">
          <p>No rep carries a quota with these filters.</p>
        </Empty>
      )}
      {view.data !== undefined && report !== undefined && report.reps.length > 0 && (
        <>
          <MeasureCards
            notStarted={report.period.state === 'not-started'}
            measures={report.organisation}
            format={format}
            label="Organisation roll-up"
          />
          <IndicatorLegend
            thresholds={view.data.thresholds}
            pct={(f) => format.pct(f)}
            state={report.period.state}
          />
          {/* One table a row: side by side, eight columns of money do not fit even at 1920 px. */}
          <section className="panel" aria-labelledby="territory-heading">
            <h2 id="territory-heading">By territory</h2>
            <GroupTable
              notStarted={report.period.state === 'not-started'}
              rows={report.territories}
              format={format}
              heading="Territory"
              caption="Attainment by territory"
              linkOf={(g) =>
                g.key === null
                  ? null
                  : hrefOf(window.location.pathname, filterQuery({ ...filters, territory: g.key }))
              }
              testId="territory-table"
            />
          </section>
          <section className="panel" aria-labelledby="segment-heading">
            <h2 id="segment-heading">By segment</h2>
            {report.segments.every((g) => g.key === null || g.key === NO_SEGMENT) ? (
              <p data-testid="no-segments">
                No rep of this plan has a segment, so there is no split by segment: every rep is in
                “(none)”, the whole organisation above. Give reps or their territories a segment in
                the roster to see one.
              </p>
            ) : (
              <GroupTable
                notStarted={report.period.state === 'not-started'}
                rows={report.segments}
                format={format}
                heading="Segment"
                caption="Attainment by segment"
                testId="segment-table"
              />
            )}
          </section>
          <section className="panel" aria-labelledby="manager-heading">
            <h2 id="manager-heading">By manager</h2>
            <GroupTable
              notStarted={report.period.state === 'not-started'}
              rows={report.managers}
              format={format}
              heading="Manager"
              caption="Attainment by manager (each manager’s whole team)"
              linkOf={(g) =>
                g.key === null ? null : hrefOf(teamPath(plan.id, g.key), periodQuery(filters))
              }
              testId="manager-table"
            />
          </section>
          <MonthlyChart
            title="Organisation quota and bookings by month"
            series={series}
            format={format}
          />
          <section className="panel" aria-labelledby="all-reps-heading">
            <h2 id="all-reps-heading">Every rep</h2>
            <RepTable
              notStarted={report.period.state === 'not-started'}
              rows={report.reps}
              format={format}
              planId={plan.id}
              caption="Every rep: attainment and pace"
              linkQuery={periodQuery(filters)}
              names={names}
            />
          </section>
          <RampTable
            ramps={view.data.ramps}
            format={format}
            planId={plan.id}
            linkQuery={periodQuery(filters)}
          />
        </>
      )}
    </>
  );
}
