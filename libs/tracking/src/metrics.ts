/**
 * Metric history: append-only rows (run, key, step, epoch, value, wall time). Nothing is ever
 * rewritten — the database refuses updates (a trigger) — so logging the same step twice keeps both
 * rows, and a resumed run that re-logs steps adds rows after the old ones. Reads order by step, then
 * by insertion (`seq`), so the last row of a step is the latest word on it.
 */
import type { StoreContext } from './context';
import { inWriteTransaction } from './dialect';
import { InvalidInputError } from './errors';
import { checkHistoryOptions, PAIRS_PER_QUERY, thinnedHistoriesQuery, type HistoryOptions } from './metric-thinning';
import { assertRunExists } from './runs';
import type { Kysely } from 'kysely';
import type { Database, MetricsTable } from './schema';

export interface MetricInput {
  key: string;
  step: number;
  epoch?: number | null;
  /** Any number, NaN and ±Infinity included (a diverging loss is worth recording). */
  value: number;
  /** When the value was measured; default now. */
  wallTime?: Date | number;
}

export type { HistoryOptions } from './metric-thinning';

export interface MetricPoint {
  /** Insertion order, increasing across the whole store. */
  seq: number;
  key: string;
  step: number;
  epoch: number | null;
  value: number;
  wallTime: Date;
}

const ROWS_PER_INSERT = 500;
const MAX_KEY_LENGTH = 250;

/** Appends the points in one transaction: all of them are stored, or none. */
export async function logMetrics(ctx: StoreContext, runId: string, points: readonly MetricInput[]): Promise<number> {
  const rows = metricRows(ctx, runId, points, 'logMetrics');
  await inWriteTransaction(ctx.db, async (trx) => {
    await assertRunExists(trx, ctx.displayUrl, runId);
    await insertMetricRows(trx, rows);
  });
  return rows.length;
}

/** The points checked and made rows (a bad point refuses them all, naming it and `caller`). */
export function metricRows(ctx: StoreContext, runId: string, points: readonly MetricInput[], caller: string): Omit<MetricsTable, 'id'>[] {
  if (!Array.isArray(points)) throw new InvalidInputError(`${caller} needs an array of {key, step, value} points`);
  const now = ctx.now();
  return points.map((point, i) => toRow(runId, point, `${caller}: point ${i}`, now));
}

/** Inserts checked rows inside the caller's write transaction. */
export async function insertMetricRows(trx: Kysely<Database>, rows: readonly Omit<MetricsTable, 'id'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await trx
      .insertInto('metrics')
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .execute();
  }
}

/** Every point logged under `key`, by step then insertion order; `afterSeq` gives only newer rows. */
export async function metricHistory(
  ctx: StoreContext,
  runId: string,
  key: string,
  options: { afterSeq?: number } = {},
): Promise<MetricPoint[]> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  let query = ctx.db
    .selectFrom('metrics')
    .select(['id', 'key', 'step', 'epoch', 'value', 'wall_time'])
    .where('run_id', '=', runId)
    .where('key', '=', key);
  if (options.afterSeq !== undefined) query = query.where('id', '>', options.afterSeq);
  const rows = await query.orderBy('step').orderBy('id').execute();
  return rows.map(toPoint);
}

/** For each key, the point with the highest step (the last logged one among equal steps). */
export async function latestMetrics(ctx: StoreContext, runId: string): Promise<Record<string, MetricPoint>> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  const rows = await ctx.db
    .selectFrom('metric_latest')
    .select(['metric_id as id', 'key', 'step', 'epoch', 'value', 'wall_time'])
    .where('run_id', '=', runId)
    .orderBy('key')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.key, toPoint(row)]));
}

/**
 * Runs per `IN` list in the many-run reads: one query per chunk keeps each statement well under the
 * bound-parameter limits of SQLite and PostgreSQL however many runs a caller asks about.
 */
const RUNS_PER_QUERY = 400;

/**
 * For each run, key → latest point (highest step, the last logged among equal steps), like
 * {@link latestMetrics} but for many runs in one query per chunk of runs. Only `keys` when given.
 * Every requested run is in the result; runs without points (unknown ids included) map to an empty Map.
 * Within a run the keys come in the database's key order.
 */
export async function latestMetricsOfRuns(
  ctx: StoreContext,
  runIds: readonly string[],
  keys?: readonly string[],
): Promise<Map<string, Map<string, MetricPoint>>> {
  const distinctRuns = [...new Set(runIds)];
  const result = new Map<string, Map<string, MetricPoint>>(distinctRuns.map((id) => [id, new Map()]));
  if (distinctRuns.length === 0 || keys?.length === 0) return result;
  const askedKeys = keys ? [...new Set(keys)] : undefined;
  for (let i = 0; i < distinctRuns.length; i += RUNS_PER_QUERY) {
    // One row per (run, key) in metric_latest (kept by a trigger, migration 0012): no history is read.
    let query = ctx.db
      .selectFrom('metric_latest')
      .select(['metric_id as id', 'run_id', 'key', 'step', 'epoch', 'value', 'wall_time'])
      .where('run_id', 'in', distinctRuns.slice(i, i + RUNS_PER_QUERY));
    if (askedKeys) query = query.where('key', 'in', askedKeys);
    const rows = await query.orderBy('run_id').orderBy('key').execute();
    for (const row of rows) result.get(row.run_id)!.set(row.key, toPoint(row));
  }
  return result;
}

/**
 * The key of a (run, metric key) pair in {@link metricHistories}' result: `${runId}\u0000${key}`. Run
 * ids never contain NUL (see createRun), so the first NUL ends the run id and distinct pairs never collide.
 */
export function metricHistoryKey(runId: string, key: string): string {
  return `${runId}\u0000${key}`;
}

/**
 * Every point of each (run, key) pair, by step then insertion order, like {@link metricHistory} for
 * many pairs (one query per run; thinned, one per 400 pairs). With `maxPoints`, each history is thinned in SQL
 * ({@link thinnedHistoriesQuery}) so at most that many rows per pair leave the database. The result
 * is keyed by {@link metricHistoryKey}; every requested pair is in it, with an empty list when nothing
 * was logged (unknown runs included).
 */
export async function metricHistories(
  ctx: StoreContext,
  pairs: ReadonlyArray<{ runId: string; key: string }>,
  options: HistoryOptions = {},
): Promise<Map<string, MetricPoint[]>> {
  checkHistoryOptions(options);
  const result = new Map<string, MetricPoint[]>(pairs.map((p) => [metricHistoryKey(p.runId, p.key), []]));
  const distinct = [...new Map(pairs.map((p) => [metricHistoryKey(p.runId, p.key), p])).values()];
  // Whole histories one run at a time (every row is read anyway); thinned ones many pairs per statement.
  const batches =
    options.maxPoints === undefined
      ? [...new Set(distinct.map((p) => p.runId))].map((runId) => distinct.filter((p) => p.runId === runId))
      : Array.from({ length: Math.ceil(distinct.length / PAIRS_PER_QUERY) }, (_, i) => distinct.slice(i * PAIRS_PER_QUERY, (i + 1) * PAIRS_PER_QUERY));
  for (const batch of batches) {
    const { rows } = await thinnedHistoriesQuery(batch, options, ctx.dialect).execute(ctx.db);
    for (const row of rows) result.get(metricHistoryKey(row.run_id, row.key))!.push(toPoint(row));
  }
  return result;
}

/**
 * Points of one run logged after `afterSeq`, every key, in insertion order: what a follower that has
 * seen everything up to `afterSeq` has not seen yet. An unknown run has none.
 */
export async function metricPointsAfter(ctx: StoreContext, runId: string, afterSeq: number): Promise<MetricPoint[]> {
  const rows = await ctx.db
    .selectFrom('metrics')
    .select(['id', 'key', 'step', 'epoch', 'value', 'wall_time'])
    .where('run_id', '=', runId)
    .where('id', '>', afterSeq)
    .orderBy('id')
    .execute();
  return rows.map(toPoint);
}

/** The `seq` of the run's most recently logged point, 0 when it has none: where a follower starts. */
export async function lastMetricSeq(ctx: StoreContext, runId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('metrics')
    .select((eb) => eb.fn.max('id').as('last'))
    .where('run_id', '=', runId)
    .executeTakeFirst();
  // PostgreSQL may hand back max() of a bigint as text; no row or NULL means no points.
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last);
}

/** The metric keys the run has logged, sorted. */
export async function metricKeys(ctx: StoreContext, runId: string): Promise<string[]> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  const rows = await ctx.db.selectFrom('metric_latest').select('key').where('run_id', '=', runId).orderBy('key').execute();
  return rows.map((r) => r.key);
}

/**
 * For each run, the metric keys it has logged, like {@link metricKeys} for many runs (one query per
 * chunk of runs, one row per key in metric_latest). Every requested run is in the result; runs without
 * points (unknown ids included) map to an empty list. Keys are sorted by UTF-16 code units
 * (JavaScript's default sort) rather than by the database, whose collation may differ between
 * PostgreSQL installations.
 */
export async function metricKeysOfRuns(ctx: StoreContext, runIds: readonly string[]): Promise<Map<string, string[]>> {
  const distinctRuns = [...new Set(runIds)];
  const result = new Map<string, string[]>(distinctRuns.map((id) => [id, []]));
  for (let i = 0; i < distinctRuns.length; i += RUNS_PER_QUERY) {
    const rows = await ctx.db
      .selectFrom('metric_latest')
      .select(['run_id', 'key'])
      .where('run_id', 'in', distinctRuns.slice(i, i + RUNS_PER_QUERY))
      .execute();
    for (const row of rows) result.get(row.run_id)!.push(row.key);
  }
  for (const keys of result.values()) keys.sort();
  return result;
}

function toRow(runId: string, point: MetricInput, where: string, now: number): Omit<MetricsTable, 'id'> {
  if (point === null || typeof point !== 'object') throw new InvalidInputError(`${where} is not an object`);
  const { key, step, epoch, value, wallTime } = point;
  if (typeof key !== 'string' || key.trim() === '' || key.length > MAX_KEY_LENGTH) {
    throw new InvalidInputError(`${where}: key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`);
  }
  if (!Number.isSafeInteger(step) || step < 0) {
    throw new InvalidInputError(`${where} (${key}): step must be a non-negative integer, got ${step}`);
  }
  if (epoch !== undefined && epoch !== null && (!Number.isSafeInteger(epoch) || epoch < 0)) {
    throw new InvalidInputError(`${where} (${key}): epoch must be a non-negative integer or null, got ${epoch}`);
  }
  if (typeof value !== 'number') throw new InvalidInputError(`${where} (${key}): value must be a number, got ${typeof value}`);
  const time = wallTime === undefined ? now : wallTime instanceof Date ? wallTime.getTime() : wallTime;
  if (!Number.isFinite(time)) throw new InvalidInputError(`${where} (${key}): wallTime is not a valid time`);
  return {
    run_id: runId,
    key,
    step,
    epoch: epoch ?? null,
    // SQLite cannot hold NaN (it becomes NULL), so NULL means NaN in both dialects.
    value: Number.isNaN(value) ? null : value,
    wall_time: Math.round(time),
  };
}

function toPoint(row: {
  id: number;
  key: string;
  step: number;
  epoch: number | null;
  value: number | null;
  wall_time: number;
}): MetricPoint {
  return {
    seq: row.id,
    key: row.key,
    step: row.step,
    epoch: row.epoch,
    value: row.value === null ? Number.NaN : row.value,
    wallTime: new Date(row.wall_time),
  };
}
