/**
 * Metric reads for many runs at once (one query per chunk of runs rather than one per run), used by
 * the DataLoaders and the run filter. The store's own API answers one run at a time; these read the
 * same append-only rows through its typed query builder with the same ordering rules: within a key,
 * by step then insertion (`seq`); the latest point is the highest step, last logged.
 */
import type { MetricPoint, Store } from '@protoscope/tracking';
import { sql } from 'kysely';

const CHUNK = 400;

interface Row {
  id: number;
  run_id: string;
  key: string;
  step: number;
  epoch: number | null;
  value: number | null;
  wall_time: number;
}

export function toMetricPoint(row: Row): MetricPoint {
  return {
    seq: row.id,
    key: row.key,
    step: row.step,
    epoch: row.epoch,
    // The store writes NaN as NULL (SQLite cannot hold NaN).
    value: row.value === null ? Number.NaN : row.value,
    wallTime: new Date(row.wall_time),
  };
}

/** runId → key → latest point; only `keys` when given. Runs without points map to an empty Map. */
export async function latestPointsOfRuns(
  store: Store,
  runIds: readonly string[],
  keys?: readonly string[],
): Promise<Map<string, Map<string, MetricPoint>>> {
  const result = new Map<string, Map<string, MetricPoint>>(runIds.map((id) => [id, new Map()]));
  if (runIds.length === 0 || keys?.length === 0) return result;
  const db = store.database;
  for (let i = 0; i < runIds.length; i += CHUNK) {
    let inner = db
      .selectFrom('metrics')
      .select([
        'id',
        'run_id',
        'key',
        'step',
        'epoch',
        'value',
        'wall_time',
        sql<number>`row_number() over (partition by run_id, key order by step desc, id desc)`.as('rank'),
      ])
      .where('run_id', 'in', runIds.slice(i, i + CHUNK));
    if (keys) inner = inner.where('key', 'in', [...keys]);
    const rows = await db
      .selectFrom(inner.as('ranked'))
      .select(['id', 'run_id', 'key', 'step', 'epoch', 'value', 'wall_time'])
      .where('rank', '=', 1)
      .execute();
    for (const row of rows) result.get(row.run_id)!.set(row.key, toMetricPoint(row));
  }
  return result;
}

/** `${runId}\u0000${key}` pairs → every point, by step then insertion. */
export async function historiesOf(
  store: Store,
  pairs: ReadonlyArray<{ runId: string; key: string }>,
): Promise<Map<string, MetricPoint[]>> {
  const result = new Map<string, MetricPoint[]>(pairs.map((p) => [historyKey(p.runId, p.key), []]));
  const byRun = new Map<string, Set<string>>();
  for (const { runId, key } of pairs) {
    const keys = byRun.get(runId) ?? new Set<string>();
    keys.add(key);
    byRun.set(runId, keys);
  }
  for (const [runId, keys] of byRun) {
    const rows = await store.database
      .selectFrom('metrics')
      .select(['id', 'run_id', 'key', 'step', 'epoch', 'value', 'wall_time'])
      .where('run_id', '=', runId)
      .where('key', 'in', [...keys])
      .orderBy('step')
      .orderBy('id')
      .execute();
    for (const row of rows) result.get(historyKey(row.run_id, row.key))?.push(toMetricPoint(row));
  }
  return result;
}

/** Points of one run logged after `afterSeq` (every key), in insertion order. */
export async function pointsAfter(store: Store, runId: string, afterSeq: number): Promise<MetricPoint[]> {
  const rows = await store.database
    .selectFrom('metrics')
    .select(['id', 'run_id', 'key', 'step', 'epoch', 'value', 'wall_time'])
    .where('run_id', '=', runId)
    .where('id', '>', afterSeq)
    .orderBy('id')
    .execute();
  return rows.map(toMetricPoint);
}

/** The highest metric row id of a run (0 when it has none): where a progress subscription starts. */
export async function lastMetricSeq(store: Store, runId: string): Promise<number> {
  const row = await store.database
    .selectFrom('metrics')
    .select((eb) => eb.fn.max('id').as('last'))
    .where('run_id', '=', runId)
    .executeTakeFirst();
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last);
}

export function historyKey(runId: string, key: string): string {
  return `${runId}\u0000${key}`;
}
