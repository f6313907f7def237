/**
 * Metric histories read for many (run, key) pairs in one statement, thinned inside the database when a
 * point budget is given, so a chart of 20 runs × 1,000 steps moves hundreds of rows, not forty thousand.
 *
 * Thinning (what `MetricSeries.points(maxPoints)` and `compareRuns(maxPoints)` document): a history of
 * at most maxPoints rows comes whole; a longer one has its step range [first, last] cut into
 * maxPoints − 1 equal buckets (bucket = (step − first) × (maxPoints − 1) / (last − first + 1), integer
 * division), and keeps the first step and the highest step of each bucket — at most maxPoints points,
 * the first and the last always among them — each with the value logged last at that step. (With
 * maxPoints = 1, the last step alone.) Buckets follow steps, not rows, so runs that logged the same
 * steps keep the same ones and their curves align.
 *
 * On PostgreSQL, a history of up to READ_WHOLE_FACTOR × maxPoints rows is read whole in index order
 * (one range scan per pair in a LATERAL subquery, so nothing is sorted), each row seeing the next
 * row's step (`lead`); a row is kept when the next step is in a later bucket (or there is none), and
 * only kept rows leave the database. There each seek below is a fresh backward index descent, and 200
 * of them cost more than reading 1,000 neighbouring entries. Longer histories, and every history on
 * SQLite (in-process seeks are cheap; it has no LATERAL), are thinned on the (run_id, key, step, id)
 * index — the step range, then per bucket the last row below its end (one index seek each) — and only
 * kept rows are read from the table. A window numbering every row (row_number, count over a
 * partition) cost more than reading the whole history on SQLite.
 */
import { sql, type RawBuilder } from 'kysely';
import { InvalidInputError } from './errors';
import type { StoreDialect } from './url';

export interface HistoryOptions {
  /** At most this many points per pair, thinned by step buckets (see above). Default: every row. */
  maxPoints?: number;
  /**
   * Only the last row logged at each step (a resumed run re-logs steps; the last word counts) also
   * when a history is returned whole. Thinned histories always keep only the last row of a step.
   */
  lastOfEachStep?: boolean;
}

/** Pairs per statement: two bound parameters each, far under SQLite's and PostgreSQL's limits. */
export const PAIRS_PER_QUERY = 400;

/**
 * On PostgreSQL, a history of at most this many times maxPoints rows is read whole (and thinned in the
 * statement): 1,000 steps at maxPoints 200, the metric chart's budget, are.
 */
export const READ_WHOLE_FACTOR = 8;

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

/**
 * The rows of each pair's history (thinned when `maxPoints` is given), by run, key, step, insertion.
 * Whole histories are asked one run at a time.
 */
export function thinnedHistoriesQuery(
  pairs: ReadonlyArray<{ runId: string; key: string }>,
  options: HistoryOptions,
  dialect: StoreDialect,
): RawBuilder<HistoryRow> {
  checkHistoryOptions(options);
  const lastOfStep = options.lastOfEachStep
    ? sql`and not exists (select 1 from metrics later where later.run_id = m.run_id and later.key = m.key and later.step = m.step and later.id > m.id)`
    : sql``;
  const columns = sql`m.id, m.run_id, m.key, m.step, m.epoch, m.value, m.wall_time`;
  if (options.maxPoints === undefined) {
    // One run's keys: an index range per key on both databases (joined to a list of pairs, PostgreSQL
    // chose to hash the whole table).
    const runIds = [...new Set(pairs.map((p) => p.runId))];
    if (runIds.length !== 1) throw new Error('thinnedHistoriesQuery: whole histories are read one run at a time');
    const keys = sql.join([...new Set(pairs.map((p) => p.key))]);
    return sql<HistoryRow>`select ${columns} from metrics m where m.run_id = ${runIds[0]} and m.key in (${keys}) ${lastOfStep}
      order by m.step, m.id`;
  }
  const values = sql.join(pairs.map((p) => sql`(cast(${p.runId} as text), cast(${p.key} as text))`));
  const max = sql.lit(options.maxPoints);
  const buckets = sql.lit(Math.max(options.maxPoints - 1, 1));
  const readWhole = sql.lit(dialect === 'postgres' ? options.maxPoints * READ_WHOLE_FACTOR : options.maxPoints);
  const keepFirst = options.maxPoints > 1 ? sql`w.step = s.lo or` : sql``;
  const readWholeRows =
    dialect === 'postgres'
      ? sql`union all
    select w.id, w.run_id, w.key, w.step, w.epoch, w.value, w.wall_time
    from span s cross join lateral (
      select ${columns}, lead(m.step) over (order by m.step, m.id) as next_step
      from metrics m where m.run_id = s.run_id and m.key = s.key
    ) w
    where s.n > ${max} and s.n <= ${readWhole}
      and (w.next_step is null or (w.next_step <> w.step and (${keepFirst}
        (w.next_step - s.lo) * ${buckets} / (s.hi - s.lo + 1) <> (w.step - s.lo) * ${buckets} / (s.hi - s.lo + 1))))`
      : sql``;
  const firstStep =
    options.maxPoints > 1
      ? sql`union select (select m.id from metrics m where m.run_id = s.run_id and m.key = s.key and m.step = s.lo order by m.id desc limit 1) from span s where s.n > ${readWhole}`
      : sql``;
  // Per pair: its length and step range (index seeks); per bucket i, the last row of its highest step
  // is the last row below the next bucket's first step, lo + ceil((i + 1) × span / buckets) — one
  // index seek each, where a GROUP BY would sort every row of the history. An empty bucket repeats an
  // earlier one's row; the union keeps each row once.
  return sql<HistoryRow>`with recursive p(run_id, key) as (values ${values}),
    b(i) as (select 0 union all select i + 1 from b where i + 1 < ${buckets}),
    span as (
      select p.run_id, p.key,
        (select count(*) from metrics m where m.run_id = p.run_id and m.key = p.key) as n,
        (select min(m.step) from metrics m where m.run_id = p.run_id and m.key = p.key) as lo,
        (select max(m.step) from metrics m where m.run_id = p.run_id and m.key = p.key) as hi
      from p
    ),
    kept as (
      select (select m.id from metrics m
              where m.run_id = s.run_id and m.key = s.key and m.step < s.lo + ((b.i + 1) * (s.hi - s.lo + 1) + ${buckets} - 1) / ${buckets}
              order by m.step desc, m.id desc limit 1) as id
      from span s cross join b
      where s.n > ${readWhole}
      ${firstStep}
      union all
      select m.id from span s cross join metrics m where m.run_id = s.run_id and m.key = s.key and s.n <= ${max} ${lastOfStep}
    )
    select ${columns} from kept cross join metrics m where m.id = kept.id
    ${readWholeRows}
    ${dialect === 'postgres' ? sql`order by run_id, key, step, id` : sql`order by m.run_id, m.key, m.step, m.id`}`;
}

