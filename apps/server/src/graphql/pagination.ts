/**
 * Relay-style connections. A cursor is opaque to clients; inside it is the sort key of the edge's
 * node (base64url JSON), so `after` means "strictly after this key" and pages stay correct when rows
 * are added between requests (an offset would skip or repeat them).
 */
import { badInput } from './errors';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** The largest page a client may ask for. */
export const MAX_PAGE_SIZE = 500;

export type CursorKey = ReadonlyArray<string | number | boolean | null>;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): CursorKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    Array.isArray(key) &&
    key.length === length &&
    key.every((v) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  if (!valid) {
    throw badInput(`after: "${cursor}" is not a cursor of this list (use an edge's cursor or pageInfo.endCursor of the same query)`);
  }
  return key as CursorKey;
}

export function pageSize(first: number | null | undefined, fallback = 50): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput(`first must be an integer from 0 to ${MAX_PAGE_SIZE}, got ${size}`);
  }
  return size;
}

/**
 * One page of `sorted` (already in order). `keyOf` gives each item's sort key (the cursor content)
 * and `compare` orders two keys the same way `sorted` is ordered.
 */
export function connectionOf<T>(
  sorted: readonly T[],
  args: PageArgs,
  keyOf: (item: T) => CursorKey,
  compare: (a: CursorKey, b: CursorKey) => number,
): Connection<T> {
  const size = pageSize(args.first);
  let start = 0;
  if (args.after) {
    const after = decodeCursor(args.after, sorted.length > 0 ? keyOf(sorted[0]!).length : lengthHint(args.after));
    start = sorted.findIndex((item) => compare(keyOf(item), after) > 0);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + size);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: start + size < sorted.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: sorted.length,
  };
}

/** An empty list cannot tell the key length; accept any well-formed cursor then. */
function lengthHint(cursor: string): number {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(key) ? key.length : -1;
  } catch {
    return -1;
  }
}
