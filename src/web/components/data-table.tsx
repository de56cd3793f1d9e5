// A sortable, paged table (TanStack Table): column headers are buttons that sort, announced with
// aria-sort; numbers align right; long lists are paged so a 5,000-rep organisation renders fast.

import { useState } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
} from '@tanstack/react-table';
import type { ColumnDef, SortingState } from '@tanstack/react-table';
import type { CsvColumn, CsvValue } from '../csv-export.ts';
import { centsToDecimal } from '../planning.ts';
import { CsvButton } from './csv-button.tsx';

export interface DataTableProps<Row> {
  caption: string;
  rows: readonly Row[];
  columns: ColumnDef<Row, never>[];
  /** A stable id per row (a rep id, a territory key). */
  rowId: (row: Row) => string;
  initialSort?: SortingState;
  pageSize?: number;
  /** A `data-*` name for tests: the table's rows carry data-row-id. */
  testId?: string;
  /**
   * An "Export CSV" button over the table: the rows in the order shown, every page. The columns
   * are the table's (headers in words; `meta.money` and `meta.csv` say how to write a value)
   * unless given.
   */
  csv?: { fileName: string; what: string; columns?: readonly CsvColumn<Row>[] };
}

export function DataTable<Row>({
  caption,
  rows,
  columns,
  rowId,
  initialSort = [],
  pageSize = 50,
  testId,
  csv,
}: DataTableProps<Row>) {
  const [sorting, setSorting] = useState<SortingState>(initialSort);
  const table = useReactTable<Row>({
    data: rows as Row[],
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    getRowId: (row) => rowId(row),
    initialState: { pagination: { pageSize } },
  });
  const pages = table.getPageCount();
  const csvColumns =
    csv === undefined
      ? []
      : (csv.columns ??
        table.getAllLeafColumns().flatMap((column): CsvColumn<Row>[] => {
          const { header, meta } = column.columnDef;
          if (meta?.csv === null) return [];
          const name = typeof header === 'string' ? header : column.id;
          const custom = meta?.csv;
          if (custom !== undefined) return [{ header: name, value: custom }];
          return [
            {
              header: name,
              value: (row: Row): CsvValue => {
                const value = column.accessorFn?.(row, 0);
                if (value === null || value === undefined) return null;
                if (meta?.money === true && typeof value === 'number') return centsToDecimal(value);
                if (
                  typeof value === 'string' ||
                  typeof value === 'number' ||
                  typeof value === 'boolean'
                ) {
                  return value;
                }
                return JSON.stringify(value);
              },
            },
          ];
        }));
  const page = table.getState().pagination.pageIndex;
  return (
    <div className="table-wrap">
      {csv !== undefined && (
        <div className="table-actions">
          <CsvButton
            fileName={csv.fileName}
            columns={csvColumns}
            rows={table.getPrePaginationRowModel().rows.map((r) => r.original)}
            what={csv.what}
          />
        </div>
      )}
      <table data-testid={testId}>
        <caption>{caption}</caption>
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
                      sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
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
        <nav className="pager" aria-label={`Pages of ${caption}`}>
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
            Page {page + 1} of {pages} ({rows.length} rows)
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
  );
}
