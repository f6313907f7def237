/**
 * One page of runs filtered, ordered and paged by the database: the filter (run-query-filter.ts) is
 * the WHERE, the order (run-query-order.ts) the ORDER BY, and the cursor a keyset condition, so a page
 * costs one query for its rows (plus one for their tags) and one COUNT with the same WHERE, whatever
 * the number of runs before it.
 */
import { sql } from 'kysely';
import type { StoreContext } from './context';
import { InvalidInputError } from './errors';
import { compileRunFilter, type RunQueryFilter } from './run-query-filter';
import { compileRunOrder, type RunQueryOrder, type RunSortKey } from './run-query-order';
import { withTags, type Run } from './runs';
import type { RunsTable } from './schema';

export interface RunQuery {
  filter?: RunQueryFilter | null;
  orderBy?: readonly RunQueryOrder[] | null;
  /** How many runs (a non-negative integer). */
  first: number;
  /** Only runs strictly after this sort key (a previous page's last `sortKey`). */
  after?: RunSortKey | null;
}

export interface RunPage {
  /** The runs of the page in order, each with its sort key (what a cursor holds). */
  runs: Array<{ run: Run; sortKey: RunSortKey }>;
  /** More runs match after the page. */
  hasNextPage: boolean;
  /** Some matching runs sort at or before the cursor. */
  hasPreviousPage: boolean;
  /** Every run the filter matches, cursor or not. */
  totalCount: number;
}

export async function queryRuns(ctx: StoreContext, query: RunQuery): Promise<RunPage> {
  const { first } = query;
  if (!Number.isSafeInteger(first) || first < 0) throw new InvalidInputError(`queryRuns: first must be a non-negative integer, got ${first}`);
  const where = compileRunFilter(query.filter, ctx.dialect);
  const order = compileRunOrder(query.orderBy, ctx.dialect);
  const after = query.after ? order.after(query.after) : undefined;
  const joins = sql.join(order.joins, sql` `);
  const pageQuery = sql<RunsTable & Record<string, unknown>>`select runs.*, ${sql.join(order.columns)} from runs ${joins}
    where ${where}${after ? sql` and ${after}` : sql``}
    order by ${order.orderBy} limit ${first + 1}`;
  // The count needs the order's joins only to tell the runs at or before the cursor.
  const countQuery = after
    ? sql<{ total: number | string; after_cursor: number | string | null }>`select count(*) as total, sum(case when ${after} then 1 else 0 end) as after_cursor
        from runs ${joins} where ${where}`
    : sql<{ total: number | string; after_cursor: null }>`select count(*) as total, null as after_cursor from runs where ${where}`;
  const [{ rows }, counted] = await Promise.all([pageQuery.execute(ctx.db), countQuery.execute(ctx.db)]);
  const totalCount = Number(counted.rows[0]?.total ?? 0);
  const afterCount = Number(counted.rows[0]?.after_cursor ?? 0);
  const page = rows.slice(0, first);
  const runs = await withTags(ctx.db, page);
  return {
    runs: runs.map((run, i) => ({ run, sortKey: order.keyOf(page[i]!) })),
    hasNextPage: rows.length > first,
    hasPreviousPage: after !== undefined && totalCount - afterCount > 0,
    totalCount,
  };
}
