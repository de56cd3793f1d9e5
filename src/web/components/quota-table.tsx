// The quota table of a plan version (TanStack Table): sortable columns, a text filter over rep,
// role, segment, territory and manager, CSV export of the rows as filtered and sorted, and an
// "Explain" button per rep that opens the explanation drawer.

import { useMemo, useState } from 'react';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
} from '@tanstack/react-table';
import type { SortingState } from '@tanstack/react-table';
import type { Formatter } from '../format.ts';
import { downloadCsv, monthColumns, moneyColumn, tableCsv } from '../csv-export.ts';
import type { CsvColumn } from '../csv-export.ts';
import { matchesFilter } from '../planning.ts';
import type { VersionQuota } from '../planning-api.ts';

/**
 * The flag of a rep whose quota rests on no record of their own (no won or lost deal in the
 * history): the reason is its title and, for every such rep, the note above the table.
 */
export function NoHistoryTag({ reason }: { reason: string | null | undefined }) {
  if (reason === null || reason === undefined) return null;
  return (
    <span className="tag tag-warning" title={reason} data-testid="no-history">
      no history: quota from cohort/territory
    </span>
  );
}

/** The reps flagged "no history", named, with the reason (the same for each of them). */
export function NoHistoryNote({ quotas }: { quotas: readonly VersionQuota[] }) {
  const flagged = quotas.filter((q) => q.noHistory !== null && q.noHistory !== undefined);
  if (flagged.length === 0) return null;
  const names = flagged.map((q) => q.name).join(', ');
  return (
    <p className="small" data-testid="no-history-note">
      <strong>
        {flagged.length} {flagged.length === 1 ? 'rep has' : 'reps have'} no deals in the history
      </strong>{' '}
      ({names}): {flagged[0]?.noHistory}
    </p>
  );
}

export function QuotaTable({
  quotas,
  format,
  fileName,
  planStart,
  onExplain,
}: {
  quotas: readonly VersionQuota[];
  format: Formatter;
  /** The plan's first day (YYYY-MM-DD): the CSV names its month columns 'Jul 2017', …; null: 'Month 1', …. */
  planStart: string | null;
  /** The CSV's file name, e.g. 'plan-3-v2-quotas.csv'. */
  fileName: string;
  onExplain: (rep: VersionQuota) => void;
}) {
  const names = useMemo(() => new Map(quotas.map((q) => [q.id, q.name])), [quotas]);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'quota', desc: true }]);
  const [filter, setFilter] = useState('');
  const managerOf = (q: VersionQuota): string =>
    q.managerId === null ? '' : (names.get(q.managerId) ?? q.managerId);
  const h = createColumnHelper<VersionQuota>();
  const columns = [
    h.accessor('name', {
      header: 'Rep',
      cell: (c) => (
        <>
          {c.getValue()}
          {c.row.original.planned && <span className="tag">planned hire</span>}
          <NoHistoryTag reason={c.row.original.noHistory} />
        </>
      ),
    }),
    h.accessor('role', { header: 'Role' }),
    h.accessor('segment', { header: 'Segment' }),
    h.accessor((q) => q.territoryId ?? '', { id: 'territory', header: 'Territory' }),
    h.accessor(managerOf, { id: 'manager', header: 'Manager' }),
    h.accessor((q) => q.startDate ?? '', {
      id: 'start',
      header: 'Start',
      cell: (c) => (c.getValue() === '' ? '' : format.date(c.getValue())),
    }),
    h.accessor('quota', {
      header: 'Annual quota',
      cell: (c) => format.money(c.getValue()),
      meta: { numeric: true },
    }),
    h.display({
      id: 'explain',
      header: () => <span className="visually-hidden">Explanation</span>,
      cell: (c) => (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            onExplain(c.row.original);
          }}
        >
          Explain<span className="visually-hidden"> the quota of {c.row.original.name}</span>
        </button>
      ),
    }),
  ];
  const table = useReactTable<VersionQuota>({
    data: quotas as VersionQuota[],
    columns,
    state: { sorting, globalFilter: filter },
    onSortingChange: setSorting,
    globalFilterFn: (row, _id, value: string) =>
      matchesFilter(
        [
          row.original.name,
          row.original.id,
          row.original.role,
          row.original.segment,
          row.original.territoryId,
          managerOf(row.original),
        ],
        value,
      ),
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    getRowId: (q) => q.id,
    initialState: { pagination: { pageSize: 50 } },
  });
  const shown = table.getPrePaginationRowModel().rows.map((r) => r.original);
  const total = shown.reduce((sum, q) => sum + q.quota, 0);
  const exportCsv = (): void => {
    const months = shown[0]?.monthly.length ?? 0;
    const columns: CsvColumn<VersionQuota>[] = [
      { header: 'Rep id', value: (q) => q.id },
      { header: 'Rep', value: (q) => q.name },
      { header: 'Role', value: (q) => q.role },
      { header: 'Segment', value: (q) => q.segment },
      { header: 'Territory', value: (q) => q.territoryId },
      { header: 'Manager id', value: (q) => q.managerId },
      { header: 'Manager', value: (q) => (q.managerId === null ? null : managerOf(q)) },
      { header: 'Start date', value: (q) => q.startDate },
      { header: 'Planned hire', value: (q) => (q.planned ? 'yes' : 'no') },
      moneyColumn('Annual quota', (q) => q.quota),
      ...(planStart === null
        ? Array.from({ length: months }, (_, m) =>
            moneyColumn<VersionQuota>(`Month ${m + 1}`, (q) => q.monthly[m] ?? null),
          )
        : monthColumns<VersionQuota>(planStart, months, (q) => q.monthly)),
    ];
    downloadCsv(fileName, tableCsv(columns, shown));
  };
  const pages = table.getPageCount();
  return (
    <section aria-labelledby="quota-table-title">
      <h2 id="quota-table-title">Quotas</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="quota-filter">Filter reps</label>
          <input
            id="quota-filter"
            type="search"
            value={filter}
            placeholder="name, role, segment, territory, manager"
            onChange={(event) => {
              setFilter(event.target.value);
            }}
          />
        </div>
        <button type="button" onClick={exportCsv} disabled={shown.length === 0}>
          Export CSV ({shown.length} reps)
        </button>
      </div>
      <p className="small" aria-live="polite">
        {shown.length} of {quotas.length} reps · total {format.money(total)}
      </p>
      <NoHistoryNote quotas={quotas} />
      <div className="table-wrap">
        <table data-testid="quota-table">
          <caption>Annual quota of each rep</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const numeric = header.column.columnDef.meta?.numeric === true;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={numeric ? 'num' : undefined}
                      aria-sort={
                        sorted === 'asc'
                          ? 'ascending'
                          : sorted === 'desc'
                            ? 'descending'
                            : undefined
                      }
                    >
                      {header.column.getCanSort() ? (
                        <button
                          type="button"
                          className="sort"
                          onClick={header.column.getToggleSortingHandler()}
                        >
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden="true" className="sort-mark">
                            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                          </span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-row-id={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <td
                    key={cell.id}
                    className={cell.column.columnDef.meta?.numeric === true ? 'num' : undefined}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {pages > 1 && (
          <nav className="pager" aria-label="Pages of the quota table">
            <button
              type="button"
              onClick={() => {
                table.previousPage();
              }}
              disabled={!table.getCanPreviousPage()}
            >
              Previous
            </button>
            <span>
              Page {table.getState().pagination.pageIndex + 1} of {pages}
            </span>
            <button
              type="button"
              onClick={() => {
                table.nextPage();
              }}
              disabled={!table.getCanNextPage()}
            >
              Next
            </button>
          </nav>
        )}
      </div>
    </section>
  );
}
