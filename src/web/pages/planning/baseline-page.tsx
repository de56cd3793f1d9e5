// The baseline (METHOD §3) of the workspace's history, for RevOps and leaders: bookings, win rate,
// deal size, cycle, pipeline and productivity by rep, territory, segment or manager, as a chart
// and a sortable table.

import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import type { BaselineRow } from '../../../core/baseline/types.ts';
import { DataTable } from '../../components/data-table.tsx';
import { csvFileName } from '../../csv-export.ts';
import { centsToDecimal } from '../../planning.ts';
import { GroupBarChart } from '../../components/group-bar-chart.tsx';
import { Link } from '../../components/link.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import type { Formatter } from '../../format.ts';
import { baselineQuery } from '../../planning-api.ts';
import type { BaselineGrouping } from '../../planning-api.ts';
import { hrefOf, navigate, useLocation } from '../../router.ts';

const GROUPINGS: readonly { by: BaselineGrouping; label: string }[] = [
  { by: 'rep', label: 'Rep' },
  { by: 'territory', label: 'Territory' },
  { by: 'segment', label: 'Segment' },
  { by: 'manager', label: 'Manager' },
];

const h = createColumnHelper<BaselineRow>();

/** Ratios sort with "none" first. */
function ratio(v: number | null): number {
  return v ?? -1;
}

function isGrouping(value: string | null): value is BaselineGrouping {
  return GROUPINGS.some((g) => g.by === value);
}

export function BaselinePage({ format }: { format: Formatter }) {
  const { search } = useLocation();
  const asked = search.get('by');
  const by: BaselineGrouping = isGrouping(asked) ? asked : 'rep';
  const baseline = useQuery(baselineQuery(by));
  const columns = useMemo(
    () => [
      h.accessor('label', { header: GROUPINGS.find((g) => g.by === by)?.label ?? 'Group' }),
      h.accessor('reps', { header: 'Reps', meta: { numeric: true } }),
      h.accessor('bookings', {
        header: 'Bookings',
        cell: (c) => format.money(c.getValue()),
        meta: { numeric: true, money: true },
      }),
      h.accessor('won', {
        header: 'Won',
        cell: (c) => c.getValue().toLocaleString(format.locale, { maximumFractionDigits: 1 }),
        meta: { numeric: true },
      }),
      h.accessor((r) => ratio(r.winRate), {
        id: 'winRate',
        header: 'Win rate',
        cell: (c) => format.pct(c.row.original.winRate),
        meta: {
          numeric: true,
          csv: (r) => (r.winRate === null ? null : Math.round(r.winRate * 1000) / 10),
        },
      }),
      h.accessor((r) => ratio(r.avgDealSize), {
        id: 'avgDealSize',
        header: 'Average deal',
        cell: (c) =>
          c.row.original.avgDealSize === null ? '–' : format.money(c.row.original.avgDealSize),
        meta: {
          numeric: true,
          csv: (r) => (r.avgDealSize === null ? null : centsToDecimal(r.avgDealSize)),
        },
      }),
      h.accessor((r) => ratio(r.cycleDays), {
        id: 'cycleDays',
        header: 'Cycle (days)',
        cell: (c) =>
          c.row.original.cycleDays === null ? '–' : Math.round(c.row.original.cycleDays),
        meta: {
          numeric: true,
          csv: (r) => (r.cycleDays === null ? null : Math.round(r.cycleDays)),
        },
      }),
      h.accessor('openPipeline', {
        header: 'Open pipeline',
        cell: (c) => format.money(c.getValue()),
        meta: { numeric: true, money: true },
      }),
      h.accessor((r) => ratio(r.productivity), {
        id: 'productivity',
        header: 'Per ramped month',
        cell: (c) =>
          c.row.original.productivity === null ? '–' : format.money(c.row.original.productivity),
        meta: {
          numeric: true,
          csv: (r) => (r.productivity === null ? null : centsToDecimal(r.productivity)),
        },
      }),
    ],
    [by, format],
  );
  const groups = useMemo(
    () => (baseline.data?.rows ?? []).map((r) => ({ label: r.label, value: r.bookings })),
    [baseline.data],
  );
  return (
    <>
      <div className="page-head">
        <h1>Baseline</h1>
        <p className="subtitle">
          <Link to="/planning">Planning</Link>
          {baseline.data !== undefined &&
            ` · ${format.date(baseline.data.from)} – ${format.date(baseline.data.to)} (${baseline.data.months} months), as of ${format.date(baseline.data.asOf)}`}
        </p>
      </div>
      <div className="filters">
        <div className="field">
          <label htmlFor="baseline-by">By</label>
          <select
            id="baseline-by"
            value={by}
            onChange={(event) => {
              navigate(hrefOf('/planning/baseline', { by: event.target.value }));
            }}
          >
            {GROUPINGS.map((g) => (
              <option key={g.by} value={g.by}>
                {g.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {baseline.isPending && <Loading what="the baseline" />}
      {baseline.isError && <ErrorState error={baseline.error} what="the baseline" />}
      {baseline.data !== undefined && (
        <>
          <div className="cards">
            <div className="card">
              <h3>Company bookings</h3>
              <p className="big">{format.money(baseline.data.total.bookings)}</p>
            </div>
            <div className="card">
              <h3>Win rate</h3>
              <p className="big">{format.pct(baseline.data.total.winRate)}</p>
            </div>
            <div className="card">
              <h3>Open pipeline</h3>
              <p className="big">{format.money(baseline.data.total.openPipeline)}</p>
              {baseline.data.openWithoutAmount > 0 && (
                <p className="small" data-testid="open-without-amount">
                  {baseline.data.openWithoutAmount.toLocaleString(format.locale)} open{' '}
                  {baseline.data.openWithoutAmount === 1 ? 'deal has' : 'deals have'} no amount and
                  count as nothing here.
                </p>
              )}
            </div>
          </div>
          <GroupBarChart title="Bookings" groups={groups} format={format} />
          <DataTable
            caption={`Baseline by ${by}`}
            rows={baseline.data.rows}
            columns={columns}
            rowId={(r) => r.key}
            initialSort={[{ id: 'bookings', desc: true }]}
            testId="baseline"
            csv={{ fileName: csvFileName('baseline by', by), what: 'rows' }}
          />
        </>
      )}
    </>
  );
}
