/**
 * Turns a GraphQL result into a table: the first list found (breadth-first, so `runs.edges` wins over
 * lists nested inside its items) becomes the rows; Relay edges are unwrapped to their node; nested
 * objects become dotted columns one level deep (`dataset.name`), deeper values and lists JSON text.
 */
export interface Table {
  /** Where the rows came from, e.g. `runs.edges`. */
  path: string;
  columns: string[];
  rows: Record<string, unknown>[];
}

export function tabulate(data: unknown): Table | null {
  const found = firstList(data);
  if (!found) return null;
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows = found.list.map((item) => {
    const row = flattenItem(unwrapEdge(item));
    for (const column of Object.keys(row)) {
      if (!seen.has(column)) {
        seen.add(column);
        columns.push(column);
      }
    }
    return row;
  });
  return { path: found.path, columns, rows };
}

function firstList(data: unknown): { path: string; list: unknown[] } | null {
  const queue: { path: string; value: unknown }[] = [{ path: '', value: data }];
  while (queue.length > 0) {
    const { path, value } = queue.shift()!;
    if (Array.isArray(value)) return { path, list: value };
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) queue.push({ path: path ? `${path}.${key}` : key, value: child });
    }
  }
  return null;
}

function unwrapEdge(item: unknown): unknown {
  if (item !== null && typeof item === 'object' && 'node' in item) return (item as { node: unknown }).node;
  return item;
}

function flattenItem(item: unknown): Record<string, unknown> {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { value: item };
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (key === '__typename') continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [innerKey, inner] of Object.entries(value)) {
        if (innerKey === '__typename') continue;
        row[`${key}.${innerKey}`] = inner !== null && typeof inner === 'object' ? JSON.stringify(inner) : inner;
      }
    } else {
      row[key] = Array.isArray(value) ? JSON.stringify(value) : value;
    }
  }
  return row;
}
