/**
 * The `runs` query: filter, order and page the store's runs. The store does all three in SQL
 * (store.runs.query: one query for the page, one COUNT with the same WHERE); here the page size and
 * the cursor are read, and the page becomes a Relay connection.
 *
 * A cursor is the run's sort key, base64url JSON (pagination.ts): one value per sort key of the
 * order, then the two tie-breakers (created time, id). Its format is the one the in-memory query
 * issued, so cursors handed out before keep working; a cursor of another order (another length or
 * value type) is refused as BAD_USER_INPUT.
 */
import type { Run, Store } from '@protoscope/tracking';
import { decodeCursor, encodeCursor, pageSize, type Connection, type PageArgs } from '../graphql/pagination';
import type { RunFilter, RunOrder } from '../graphql/generated/resolvers-types';
import { runQueryInputError, storeRunFilter, storeRunOrder } from './run-filter';

export interface RunQueryArgs extends PageArgs {
  filter?: RunFilter | null;
  orderBy?: readonly RunOrder[] | null;
}

/** Values in a cursor besides the order's own sort keys: created time and id. */
const TIE_BREAKERS = 2;

export async function runConnection(store: Store, args: RunQueryArgs): Promise<Connection<Run>> {
  const first = pageSize(args.first); // refuse a bad page size before reading anything
  const orderBy = storeRunOrder(args.orderBy);
  const after = args.after ? decodeCursor(args.after, Math.max(orderBy?.length ?? 0, 1) + TIE_BREAKERS) : null;
  let page;
  try {
    page = await store.runs.query({ filter: storeRunFilter(args.filter), orderBy, first, after });
  } catch (error) {
    throw runQueryInputError(error);
  }
  const edges = page.runs.map(({ run, sortKey }) => ({ cursor: encodeCursor(sortKey), node: run }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: page.totalCount,
  };
}
