/**
 * Sorting and filtering of table rows on the client (the runs-table cell, the GraphQL cell's table
 * view). Columns are paths into a row (`name`, `params.lr`, `metrics.val/accuracy`): the first dot
 * separates the group from the key, because metric keys themselves contain slashes and dots.
 */
export type Row = Record<string, unknown>;

export interface SortOrder {
  column: string;
  descending: boolean;
}

export function cellValue(row: Row, column: string): unknown {
  if (column in row) return row[column];
  const dot = column.indexOf('.');
  if (dot < 0) return undefined;
  const group = row[column.slice(0, dot)];
  if (group === null || typeof group !== 'object') return undefined;
  return (group as Record<string, unknown>)[column.slice(dot + 1)];
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value));
}

/** Numbers by value, everything else by its text with numeric-aware collation ("run 2" < "run 10"). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return displayText(a).localeCompare(displayText(b), 'en', { numeric: true, sensitivity: 'base' });
}

/** Stable sort; rows without a value in the sort column go last in both directions. */
export function sortRows<R extends Row>(rows: readonly R[], order: SortOrder | null | undefined): R[] {
  if (!order) return [...rows];
  const sign = order.descending ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index, value: cellValue(row, order.column) }))
    .sort((x, y) => {
      const missingX = isMissing(x.value);
      const missingY = isMissing(y.value);
      if (missingX || missingY) return missingX === missingY ? x.index - y.index : missingX ? 1 : -1;
      return sign * compareValues(x.value, y.value) || x.index - y.index;
    })
    .map(({ row }) => row);
}

/**
 * Every whitespace-separated term must match. `column:text` matches that column only (substring,
 * case-insensitive); `column>n`, `column<n`, `column>=n`, `column<=n` compare numbers; a bare term
 * matches any of the given columns.
 */
export function filterRows<R extends Row>(rows: readonly R[], query: string, columns: readonly string[]): R[] {
  return rows.filter(rowMatcher(query, columns));
}

/** The test `filterRows` applies to each row, with the query parsed once (for table libraries' filter hooks). */
export function rowMatcher(query: string, columns: readonly string[]): (row: Row) => boolean {
  const terms = query.trim().split(/\s+/).filter(Boolean).map(parseTerm);
  return (row) => terms.every((term) => matches(row, term, columns));
}

type Term =
  | { kind: 'text'; column?: string; text: string }
  | { kind: 'compare'; column: string; op: '<' | '<=' | '>' | '>='; value: number };

function parseTerm(raw: string): Term {
  const comparison = /^(.+?)(<=|>=|<|>)(-?\d+(?:\.\d+)?(?:e-?\d+)?)$/i.exec(raw);
  if (comparison) {
    return { kind: 'compare', column: comparison[1]!, op: comparison[2] as '<' | '<=' | '>' | '>=', value: Number(comparison[3]) };
  }
  const colon = raw.indexOf(':');
  if (colon > 0 && colon < raw.length - 1) return { kind: 'text', column: raw.slice(0, colon), text: raw.slice(colon + 1).toLowerCase() };
  return { kind: 'text', text: raw.toLowerCase() };
}

function matches(row: Row, term: Term, columns: readonly string[]): boolean {
  if (term.kind === 'compare') {
    const value = cellValue(row, term.column);
    if (typeof value !== 'number') return false;
    switch (term.op) {
      case '<':
        return value < term.value;
      case '<=':
        return value <= term.value;
      case '>':
        return value > term.value;
      case '>=':
        return value >= term.value;
    }
  }
  const searched = term.column ? [term.column] : columns;
  return searched.some((column) => displayText(cellValue(row, column)).toLowerCase().includes(term.text));
}

export function displayText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(4);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
