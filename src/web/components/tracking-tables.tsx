// The tables of the team and organisation dashboards: reps (drill down to each), and groups
// (managers' teams, territories, segments) with their roll-ups and indicators.

import { createColumnHelper } from '@tanstack/react-table';
import type { ColumnDef } from '@tanstack/react-table';
import type { GroupRow, RepRow } from '../api.ts';
import type { Formatter } from '../format.ts';
import { hrefOf } from '../router.ts';
import { repPath } from '../session.ts';
import { csvFileName } from '../csv-export.ts';
import { DataTable } from './data-table.tsx';
import { Indicator } from './indicator.tsx';
import { Link } from './link.tsx';

const INDICATOR_ORDER = { red: 0, yellow: 1, green: 2 } as const;

function indicatorRank(value: RepRow['indicator']): number {
  return value === null ? -1 : INDICATOR_ORDER[value];
}

/** A ratio in a CSV: a percentage with one decimal, empty when there is none. */
function csvPercent(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 10;
}

/** Ratios sort with "none" first. */
function ratio(value: number | null): number {
  return value ?? -1;
}

export function RepTable({
  rows,
  format,
  planId,
  caption,
  linkQuery,
  names,
  notStarted = false,
}: {
  rows: readonly RepRow[];
  format: Formatter;
  planId: number;
  caption: string;
  /** The period filters to carry to a rep's dashboard. */
  linkQuery: Record<string, string | number | undefined>;
  /** Managers' names by id. */
  names: ReadonlyMap<string, string>;
  /** The period lies after the as-of date: attainment and pace read "not started". */
  notStarted?: boolean;
}) {
  const h = createColumnHelper<RepRow>();
  const columns = [
    // 'text' compares lower-cased strings; the default 'alphanumeric' splits every name by regular
    // expression on each comparison, a third of a second for 5,000 reps.
    h.accessor('name', {
      header: 'Rep',
      sortingFn: 'text',
      cell: (c) => (
        <Link to={hrefOf(repPath(planId, c.row.original.repId), linkQuery)}>{c.getValue()}</Link>
      ),
    }),
    h.accessor((r) => (r.managerId === null ? '' : (names.get(r.managerId) ?? r.managerId)), {
      id: 'manager',
      header: 'Manager',
      sortingFn: 'text',
    }),
    h.accessor((r) => r.territoryId ?? '', {
      id: 'territory',
      header: 'Territory',
      sortingFn: 'text',
    }),
    h.accessor('quota', {
      header: 'Quota',
      cell: (c) => format.money(c.getValue()),
      meta: { numeric: true, money: true },
    }),
    h.accessor('bookings', {
      header: 'Bookings',
      cell: (c) => format.money(c.getValue()),
      meta: { numeric: true, money: true },
    }),
    h.accessor((r) => ratio(r.attainment), {
      id: 'attainment',
      header: 'Attainment',
      cell: (c) => (notStarted ? 'not started' : format.pct(c.row.original.attainment)),
      meta: { numeric: true, csv: (r) => csvPercent(r.attainment) },
    }),
    h.accessor((r) => ratio(r.paceAttainment), {
      id: 'pace',
      header: 'Pace',
      cell: (c) => (notStarted ? 'not started' : format.pct(c.row.original.paceAttainment)),
      meta: { numeric: true, csv: (r) => csvPercent(r.paceAttainment) },
    }),
    h.accessor('gap', {
      header: 'Gap',
      cell: (c) => format.money(c.getValue()),
      meta: { numeric: true, money: true },
    }),
    h.accessor((r) => indicatorRank(r.indicator), {
      id: 'indicator',
      header: 'Status',
      cell: (c) => <Indicator value={c.row.original.indicator} />,
      meta: { csv: (r) => r.indicator },
    }),
  ] as ColumnDef<RepRow, never>[];
  return (
    <DataTable
      caption={caption}
      rows={rows}
      columns={columns}
      rowId={(r) => r.repId}
      initialSort={[{ id: 'name', desc: false }]}
      testId="rep-table"
      csv={{ fileName: csvFileName(caption), what: 'reps' }}
    />
  );
}

export function GroupTable({
  rows,
  format,
  caption,
  heading,
  linkOf,
  testId,
  notStarted = false,
}: {
  rows: readonly GroupRow[];
  format: Formatter;
  caption: string;
  heading: string;
  /** Where a group's name links to, if anywhere. */
  linkOf?: ((row: GroupRow) => string | null) | undefined;
  testId: string;
  /** The period lies after the as-of date: attainment and pace read "not started". */
  notStarted?: boolean;
}) {
  const h = createColumnHelper<GroupRow>();
  const columns = [
    h.accessor('label', {
      header: heading,
      sortingFn: 'text',
      cell: (c) => {
        const to = linkOf?.(c.row.original) ?? null;
        return to === null ? c.getValue() : <Link to={to}>{c.getValue()}</Link>;
      },
    }),
    h.accessor('reps', { header: 'Reps', meta: { numeric: true } }),
    h.accessor('quota', {
      header: 'Quota',
      cell: (c) => format.money(c.getValue()),
      meta: { numeric: true, money: true },
    }),
    h.accessor('bookings', {
      header: 'Bookings',
      cell: (c) => format.money(c.getValue()),
      meta: { numeric: true, money: true },
    }),
    h.accessor((r) => ratio(r.attainment), {
      id: 'attainment',
      header: 'Attainment',
      cell: (c) => (notStarted ? 'not started' : format.pct(c.row.original.attainment)),
      meta: { numeric: true, csv: (r) => csvPercent(r.attainment) },
    }),
    h.accessor((r) => ratio(r.paceAttainment), {
      id: 'pace',
      header: 'Pace',
      cell: (c) => (notStarted ? 'not started' : format.pct(c.row.original.paceAttainment)),
      meta: { numeric: true, csv: (r) => csvPercent(r.paceAttainment) },
    }),
    h.accessor('gap', {
      header: 'Gap',
      cell: (c) => format.money(c.getValue()),
      meta: { numeric: true, money: true },
    }),
    h.accessor((r) => indicatorRank(r.indicator), {
      id: 'indicator',
      header: 'Status',
      cell: (c) => <Indicator value={c.row.original.indicator} />,
      meta: { csv: (r) => r.indicator },
    }),
  ] as ColumnDef<GroupRow, never>[];
  return (
    <DataTable
      caption={caption}
      rows={rows}
      columns={columns}
      rowId={(r) => r.key ?? '(none)'}
      testId={testId}
      csv={{ fileName: csvFileName(caption), what: 'rows' }}
    />
  );
}
