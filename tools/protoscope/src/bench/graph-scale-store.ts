/**
 * The store the graph-at-scale benchmark measures: R runs × K metrics × S steps. On SQLite it is built
 * once per size and kept (a file in the cache folder, with a marker written only when the build
 * finished, so an interrupted build is started again); opening it migrates it like any store. On
 * PostgreSQL it is built in a schema of its own and dropped after the measurement.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Store } from '@protoscope/tracking';
import { sql } from 'kysely';

export interface ScaleSize {
  runs: number;
  metrics: number;
  steps: number;
}

/** Metric keys of the seeded runs: `val/auc` first (the filters and the order use it). */
export function metricKeys(count: number): string[] {
  return ['val/auc', ...Array.from({ length: count - 1 }, (_, i) => `train/m${i + 1}`)];
}

export const runId = (i: number): string => `bench-${String(i).padStart(5, '0')}`;

/** Run i's latest `val/auc`: its history climbs linearly to (i + 1) / R. Even runs are ProtoPNet. */
export const finalAuc = (i: number, size: ScaleSize): number => (i + 1) / size.runs;
export const methodOf = (i: number): string => (i % 2 === 0 ? 'protopnet' : 'global');

export function defaultCacheDir(): string {
  return path.join(os.tmpdir(), 'protoscope-bench-graph');
}

/** The cached SQLite store of this size (its URL), and whether it is already built. */
export function cachedSqliteStore(cacheDir: string, size: ScaleSize): { url: string; file: string; built: boolean; markBuilt(seconds: number): void } {
  const name = `store-${size.runs}x${size.metrics}x${size.steps}`;
  const file = path.join(cacheDir, `${name}.db`);
  const marker = path.join(cacheDir, `${name}.built.json`);
  const built = fs.existsSync(file) && fs.existsSync(marker);
  if (!built) {
    fs.mkdirSync(cacheDir, { recursive: true });
    for (const stale of [file, `${file}-wal`, `${file}-shm`, marker]) fs.rmSync(stale, { force: true });
  }
  return {
    url: `sqlite:${file}`,
    file,
    built,
    markBuilt: (seconds) => fs.writeFileSync(marker, `${JSON.stringify({ ...size, seedSeconds: seconds, builtAt: new Date().toISOString() })}\n`),
  };
}

/** Seconds the cached store took to build, as its marker recorded. */
export function recordedSeedSeconds(cacheDir: string, size: ScaleSize): number | undefined {
  const marker = path.join(cacheDir, `store-${size.runs}x${size.metrics}x${size.steps}.built.json`);
  try {
    return (JSON.parse(fs.readFileSync(marker, 'utf8')) as { seedSeconds?: number }).seedSeconds;
  } catch {
    return undefined;
  }
}

/**
 * Runs with a config that varies (method, learning rate, seed), then every run's metric history in
 * one SQL statement per run (`logMetrics` of ten million points one request at a time would take
 * longer than the measurement; the rows are the ones it writes, and the insert trigger keeps the
 * latest points as it does for them).
 */
export async function seedScaleStore(store: Store, size: ScaleSize): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < size.runs; i++) {
    await store.runs.create({
      id: runId(i),
      name: `run ${i}`,
      method: methodOf(i),
      seed: i % 5,
      config: { learningRate: [1e-4, 1e-3, 2e-3][i % 3], batchSize: 32, prototypesPerClass: 10, backbone: { name: 'small-cnn' } },
    });
  }
  const keys = metricKeys(size.metrics)
    .map((key, k) => `('${key}', ${k})`)
    .join(', ');
  const postgres = store.dialect === 'postgres';
  const steps = postgres ? sql`generate_series(1, ${sql.lit(size.steps)}) as s(step)` : sql`s`;
  const recursive = postgres ? sql`` : sql`s(step) as (select 1 union all select step + 1 from s where step < ${sql.lit(size.steps)}), `;
  const db = store.database;
  const t0 = Date.now();
  for (let i = 0; i < size.runs; i++) {
    await sql`with recursive ${recursive}k(key, i) as (values ${sql.raw(keys)})
      insert into metrics (run_id, key, step, epoch, value, wall_time)
      select ${runId(i)}, k.key, step, step / 100, ${sql.lit(finalAuc(i, size))} * step / ${sql.lit(size.steps)} + k.i, ${sql.lit(t0)} + step
      from ${steps} cross join k`.execute(db);
  }
  // Fresh statistics and (PostgreSQL) a visibility map, as autovacuum gives a store that grew over
  // weeks: without it every index-only read of a history also visits the table.
  await sql.raw(postgres ? 'vacuum analyze' : 'analyze').execute(db);
  return (performance.now() - started) / 1000;
}
