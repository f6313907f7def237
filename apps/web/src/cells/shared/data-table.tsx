'use client';
import type { ReactNode } from 'react';
import { displayText, cellValue, type Row, type SortOrder } from '../../table/sort-filter';

export interface DataTableProps<R extends Row> {
  columns: readonly string[];
  rows: readonly R[];
  sort?: SortOrder | null;
  onSort?(order: SortOrder | null): void;
  /** With a row key and selection, each row gets a checkbox. */
  rowKey?(row: R): string;
  selected?: readonly string[];
  onSelect?(keys: string[]): void;
  columnLabel?(column: string): string;
  /** Content for a cell instead of its plain text (e.g. a link); undefined keeps the text. */
  renderCell?(row: R, column: string): ReactNode | undefined;
  testId?: string;
}

/** A plain sortable table; clicking a header cycles ascending → descending → unsorted. */
export function DataTable<R extends Row>({ columns, rows, sort, onSort, rowKey, selected, onSelect, columnLabel, renderCell, testId }: DataTableProps<R>) {
  const selectable = rowKey !== undefined && selected !== undefined && onSelect !== undefined;
  const selectedSet = new Set(selected ?? []);
  const keys = selectable ? rows.map(rowKey) : [];
  const allSelected = selectable && keys.length > 0 && keys.every((key) => selectedSet.has(key));

  function cycle(column: string) {
    if (!onSort) return;
    if (sort?.column !== column) onSort({ column, descending: false });
    else if (!sort.descending) onSort({ column, descending: true });
    else onSort(null);
  }

  return (
    <table className="data" data-testid={testId}>
      <thead>
        <tr>
          {selectable ? (
            <th>
              <input
                type="checkbox"
                aria-label="Select every row shown"
                checked={allSelected}
                onChange={() =>
                  onSelect(allSelected ? [...selectedSet].filter((key) => !keys.includes(key)) : [...new Set([...selectedSet, ...keys])])
                }
              />
            </th>
          ) : null}
          {columns.map((column) => (
            <th key={column} aria-sort={sort?.column === column ? (sort.descending ? 'descending' : 'ascending') : undefined}>
              {onSort ? (
                <button type="button" onClick={() => cycle(column)}>
                  {columnLabel?.(column) ?? column}
                  {sort?.column === column ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </button>
              ) : (
                (columnLabel?.(column) ?? column)
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => {
          const key = selectable ? keys[index]! : String(index);
          const isSelected = selectable && selectedSet.has(key);
          return (
            <tr key={key} className={isSelected ? 'selected' : undefined} data-row-key={key}>
              {selectable ? (
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${key}`}
                    checked={isSelected}
                    onChange={() => onSelect(isSelected ? [...selectedSet].filter((item) => item !== key) : [...selectedSet, key])}
                  />
                </td>
              ) : null}
              {columns.map((column) => {
                const value = cellValue(row, column);
                return (
                  <td key={column} className={typeof value === 'number' ? 'number' : undefined}>
                    {renderCell?.(row, column) ?? displayText(value)}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
