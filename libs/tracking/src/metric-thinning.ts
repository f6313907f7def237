/**
 * Metric histories read for many (run, key) pairs in one statement, thinned inside the database when a
 * point budget is given, so a chart of 20 runs × 1,000 steps moves hundreds of rows, not twenty thousand.
 *
 * Thinning keeps what `MetricSeries.points(maxPoints)` documents: of a history of n rows (by step, then
 * insertion order) every k-th row from the first, k = ceil(n / maxPoints), and always the last row;
 * when the last row is not on the grid and the grid already has maxPoints rows, the last grid row
 * gives its place to it. A window numbers each pair's rows (`row_number`, `count`), so the same SQL runs
 * on SQLite and PostgreSQL and reads each history through the (run_id, key, step, id) index.
 */
import { sql, type RawBuilder } from 'kysely';
import { InvalidInputError } from './errors';

export interface HistoryOptions {
  /** At most this many rows per pair (every k-th row and the last). Default: every row. */
  maxPoints?: number;
  /**
   * Only the last row logged at each step (a resumed run re-logs steps; the last word counts), before
   * thinning: what a chart that aligns runs on steps draws.
   */
  lastOfEachStep?: boolean;
}

/** Pairs per statement: two bound parameters each, far under SQLite's and PostgreSQL's limits. */
export const PAIRS_PER_QUERY = 400;

export interface HistoryRow {
  id: number;
  run_id: string;
  key: string;
  step: number;
  epoch: number | null;
  value: number | null;
  wall_time: number;
}

export function checkHistoryOptions(options: HistoryOptions): void {
  const { maxPoints } = options;
  if (maxPoints !== undefined && (!Number.isSafeInteger(maxPoints) || maxPoints < 1)) {
    throw new InvalidInputError(`metric histories: maxPoints must be a whole number ≥ 1, got ${maxPoints}`);
  }
}

/** The rows of each pair's history (thinned when `maxPoints` is given), by run, key, step, insertion. */
export function thinnedHistoriesQuery(pairs: ReadonlyArray<{ runId: string; key: string }>, options: HistoryOptions): RawBuilder<HistoryRow> {
  checkHistoryOptions(options);
  const values = sql.join(pairs.map((p) => sql`(cast(${p.runId} as text), cast(${p.key} as text))`));
  const lastOfStep = options.lastOfEachStep
    ? sql`where not exists (select 1 from metrics later where later.run_id = m.run_id and later.key = m.key and later.step = m.step and later.id > m.id)`
    : sql``;
  const columns = sql`m.id, m.run_id, m.key, m.step, m.epoch, m.value, m.wall_time`;
  if (options.maxPoints === undefined) {
    return sql<HistoryRow>`with p(run_id, key) as (values ${values})
      select ${columns} from p join metrics m on m.run_id = p.run_id and m.key = p.key ${lastOfStep}
      order by m.run_id, m.key, m.step, m.id`;
  }
  const max = sql.lit(options.maxPoints);
  // i: 0-based position in the history; n: its length; k: the grid's spacing.
  return sql<HistoryRow>`with p(run_id, key) as (values ${values}),
    numbered as (
      select ${columns},
        row_number() over (partition by m.run_id, m.key order by m.step, m.id) - 1 as i,
        count(*) over (partition by m.run_id, m.key) as n
      from p join metrics m on m.run_id = p.run_id and m.key = p.key ${lastOfStep}
    ),
    spaced as (select numbered.*, (n + ${max} - 1) / ${max} as k from numbered)
    select id, run_id, key, step, epoch, value, wall_time from spaced m
    where i = n - 1
       or (i % k = 0 and not ((n - 1) % k <> 0 and (n - 1) / k + 1 = ${max} and i = (${max} - 1) * k))
    order by run_id, key, step, id`;
}
