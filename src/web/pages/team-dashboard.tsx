// A manager's team (METHOD §9): the team's roll-up (the manager's whole subtree), a table of reps
// with red/yellow/green indicators on the plan's thresholds, the sub-teams, the team's monthly
// chart and the ramp tracking of new hires. Managers see their own team; leaders and RevOps pick
// any manager.

import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ApiTrackingPlan } from '../../contracts/api.ts';
import { attainmentQuery, quotasQuery } from '../api.ts';
import { filterChoices, managersOf, namesOf, subtreeOf } from '../dashboard-data.ts';
import { FilterBar } from '../components/filter-bar.tsx';
import { IndicatorLegend } from '../components/indicator.tsx';
import { MeasureCards } from '../components/measures.tsx';
import { MonthlyChart } from '../components/monthly-chart.tsx';
import { RampTable } from '../components/ramp-section.tsx';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { GroupTable, RepTable } from '../components/tracking-tables.tsx';
import { periodQuery, useFilters } from '../filters.ts';
import { periodName } from '../format.ts';
import type { Formatter } from '../format.ts';
import { hrefOf } from '../router.ts';
import { teamPath } from '../session.ts';
import type { Session } from '../session.ts';

export function TeamDashboard({
  session,
  plan,
  format,
}: {
  session: Session;
  plan: ApiTrackingPlan;
  format: Formatter;
}) {
  const [filters, setFilters] = useFilters();
  const { role, repId } = session.workspace;
  const managerId = role === 'manager' ? (filters.manager ?? repId ?? undefined) : filters.manager;
  const view = useQuery({
    ...attainmentQuery({
      planId: plan.id,
      period: filters.period,
      index: filters.index,
      // A manager's own team is their scope already: no narrowing (and no second walk) needed.
      manager: role === 'manager' && managerId === repId ? undefined : managerId,
      rep: filters.rep,
      territory: filters.territory,
      segment: filters.segment,
      series: 'summary',
    }),
    enabled: managerId !== undefined,
  });
  // The quotas serve the pickers (managers, reps, territories): asked once the numbers are in,
  // or at once when there is no manager to show yet.
  const quotas = useQuery({
    ...quotasQuery(plan.id),
    enabled: managerId === undefined || view.data !== undefined || view.isError,
  });
  // A disabled query still hands out what its key has cached (the organisation's view, without a
  // manager), so nothing is shown until a manager is chosen.
  const data = managerId === undefined ? undefined : view.data;
  const names = useMemo(() => namesOf(data, quotas.data), [data, quotas.data]);
  const choices = useMemo(
    () =>
      quotas.data === undefined || managerId === undefined
        ? undefined
        : filterChoices(subtreeOf(quotas.data, managerId)),
    [quotas.data, managerId],
  );
  const managers = useMemo(() => managersOf(quotas.data ?? []), [quotas.data]);
  const team = data?.report.managers.find((m) => m.key === managerId);
  const subTeams = data?.report.managers.filter((m) => m.key !== managerId) ?? [];
  const managerName = managerId === undefined ? undefined : (names.get(managerId) ?? managerId);
  const own = role === 'manager' && managerId === repId;
  const series = useMemo(() => team?.series ?? [], [team]);

  return (
    <>
      <div className="page-head">
        <h1>
          {managerName === undefined
            ? 'Teams'
            : own
              ? `My team: ${managerName}`
              : `Team of ${managerName}`}
        </h1>
        {data !== undefined && (
          <p className="subtitle">
            {periodName(data.report.period.label, format)}
            {' · '}
            {format.date(data.report.period.from)} – {format.date(data.report.period.to)}
            {' · '}bookings as of {format.date(data.report.asOf)}
          </p>
        )}
      </div>
      {role !== 'manager' && (
        <div className="filters">
          <div className="field">
            <label htmlFor="manager-picker">Manager</label>
            <select
              id="manager-picker"
              value={managerId ?? ''}
              onChange={(event) => {
                setFilters({
                  manager: event.target.value === '' ? undefined : event.target.value,
                  rep: undefined,
                });
              }}
            >
              <option value="">Choose a manager</option>
              {managers.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      <FilterBar
        asOf={data?.report.asOf}
        planStart={plan.periodStart}
        months={plan.months}
        format={format}
        reps={choices?.reps}
        territories={choices?.territories}
        segments={choices?.segments}
      />
      {managerId === undefined && (
        <Empty title="Choose a manager">
          <p>Pick a manager above to see their team’s attainment.</p>
        </Empty>
      )}
      {quotas.isError && <ErrorState error={quotas.error} what="the team" />}
      {managerId !== undefined && view.isPending && <Loading what="the team" />}
      {managerId !== undefined && view.isError && <ErrorState error={view.error} what="the team" />}
      {data !== undefined && data.report.reps.length === 0 && (
        <Empty title="No reps in this view">
          <p>No rep of this team carries a quota with these filters.</p>
        </Empty>
      )}
      {data !== undefined && data.report.reps.length > 0 && (
        <>
          {team !== undefined && (
            <MeasureCards
              notStarted={data.report.period.state === 'not-started'}
              measures={team}
              format={format}
              label="Team roll-up"
            />
          )}
          <IndicatorLegend
            thresholds={data.thresholds}
            pct={(f) => format.pct(f)}
            state={data.report.period.state}
          />
          <section className="panel" aria-labelledby="reps-heading">
            <h2 id="reps-heading">Reps</h2>
            <RepTable
              notStarted={data.report.period.state === 'not-started'}
              rows={data.report.reps}
              format={format}
              planId={plan.id}
              caption={`Reps of ${managerName ?? 'the team'}: attainment and pace`}
              linkQuery={periodQuery(filters)}
              names={names}
            />
          </section>
          {subTeams.length > 0 && (
            <section className="panel" aria-labelledby="subteams-heading">
              <h2 id="subteams-heading">Teams within</h2>
              <GroupTable
                notStarted={data.report.period.state === 'not-started'}
                rows={subTeams}
                format={format}
                heading="Manager"
                caption="Teams of the managers within this team"
                linkOf={(g) =>
                  g.key === null ? null : hrefOf(teamPath(plan.id, g.key), periodQuery(filters))
                }
                testId="subteam-table"
              />
            </section>
          )}
          <MonthlyChart title="Team quota and bookings by month" series={series} format={format} />
          <RampTable
            ramps={data.ramps}
            format={format}
            planId={plan.id}
            linkQuery={periodQuery(filters)}
          />
        </>
      )}
    </>
  );
}
