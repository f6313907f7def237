/**
 * Metric history: append-only rows (run, key, step, epoch, value, wall time). Nothing is ever
 * rewritten — the database refuses updates (a trigger) — so logging the same step twice keeps both
 * rows, and a resumed run that re-logs steps adds rows after the old ones. Reads order by step, then
 * by insertion (`seq`), so the last row of a step is the latest word on it.
 */
import { sql } from 'kysely';
import type { StoreContext } from './context';
import { inWriteTransaction } from './dialect';
import { InvalidInputError } from './errors';
import { assertRunExists } from './runs';
import type { MetricsTable } from './schema';

export interface MetricInput {
  key: string;
  step: number;
  epoch?: number | null;
  /** Any number, NaN and ±Infinity included (a diverging loss is worth recording). */
  value: number;
  /** When the value was measured; default now. */
  wallTime?: Date | number;
}

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
  if (!Array.isArray(points)) throw new InvalidInputError('logMetrics needs an array of {key, step, value} points');
  const now = ctx.now();
  const rows = points.map((point, i) => toRow(runId, point, i, now));
  await inWriteTransaction(ctx.db, async (trx) => {
    await assertRunExists(trx, ctx.displayUrl, runId);
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await trx
        .insertInto('metrics')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .execute();
    }
  });
  return rows.length;
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
  const ranked = ctx.db
    .selectFrom('metrics')
    .select([
      'id',
      'key',
      'step',
      'epoch',
      'value',
      'wall_time',
      sql<number>`row_number() over (partition by key order by step desc, id desc)`.as('rank'),
    ])
    .where('run_id', '=', runId)
    .as('ranked');
  const rows = await ctx.db
    .selectFrom(ranked)
    .select(['id', 'key', 'step', 'epoch', 'value', 'wall_time'])
    .where('rank', '=', 1)
    .orderBy('key')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.key, toPoint(row)]));
}

/** The metric keys the run has logged, sorted. */
export async function metricKeys(ctx: StoreContext, runId: string): Promise<string[]> {
  await assertRunExists(ctx.db, ctx.displayUrl, runId);
  const rows = await ctx.db.selectFrom('metrics').select('key').distinct().where('run_id', '=', runId).orderBy('key').execute();
  return rows.map((r) => r.key);
}

function toRow(runId: string, point: MetricInput, index: number, now: number): Omit<MetricsTable, 'id'> {
  const where = `logMetrics: point ${index}`;
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
