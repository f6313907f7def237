import { createTable, getCoreRowModel, getFilteredRowModel, getSortedRowModel, type ColumnDef } from '@tanstack/react-table';
import { cellValue, compareValues, rowMatcher, type SortOrder } from '../../table/sort-filter';
import type { RunRow } from '../shared/run-rows';

/** The column that carries the search box's query; it is filtered on, never shown. */
const SEARCH_COLUMN = '__search';

/** Missing values (undefined, null, NaN) read as undefined, which TanStack keeps last in both directions. */
function sortableValue(row: RunRow, column: string): unknown {
  const value = cellValue(row, column);
  return value === null || (typeof value === 'number' && Number.isNaN(value)) ? undefined : value;
}

/**
 * The rows the runs table shows, in order: TanStack Table's filtered and sorted row models over
 * `rows`. The search query (the filter language of `table/sort-filter.ts`: words, `column:text`,
 * `column>n`) is one column filter over whole rows; the sort column may be one not shown (the default
 * sorts by `createdAt`). Ties keep the server's order.
 */
export function visibleRunRows(rows: readonly RunRow[], columns: readonly string[], search: string, sort: SortOrder | null): RunRow[] {
  const sortColumns = sort && !columns.includes(sort.column) ? [...columns, sort.column] : columns;
  const columnDefs: ColumnDef<RunRow>[] = [
    ...sortColumns.map(
      (column): ColumnDef<RunRow> => ({
        id: column,
        accessorFn: (row) => sortableValue(row, column),
        sortingFn: (a, b) => compareValues(a.getValue(column), b.getValue(column)),
        sortUndefined: 'last',
      }),
    ),
    {
      id: SEARCH_COLUMN,
      accessorFn: (row) => row,
      filterFn: (row, _columnId, matches: (row: RunRow) => boolean) => matches(row.original),
    },
  ];
  const query = search.trim();
  const state = {
    sorting: sort ? [{ id: sort.column, desc: sort.descending }] : [],
    columnFilters: query ? [{ id: SEARCH_COLUMN, value: rowMatcher(query, columns) }] : [],
  };
  const table = createTable<RunRow>({
    data: rows as RunRow[],
    columns: columnDefs,
    state,
    // The state is the cell's spec, which the renderer changes; this table only reads it.
    onStateChange: () => undefined,
    renderFallbackValue: null,
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  table.setOptions((previous) => ({ ...previous, state: { ...table.initialState, ...state } }));
  return table.getRowModel().rows.map((row) => row.original);
}
