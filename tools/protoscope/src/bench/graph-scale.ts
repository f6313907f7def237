/**
 * The graph at scale: a store of R runs × K metrics × S steps (default 1,000 × 10 × 1,000, ten million
 * metric points) on SQLite and, when a server is given, PostgreSQL; then, over HTTP with a token, the
 * queries the notebook sends for it: the runs page with a filter and an order by a metric, and
 * `compareRuns` of 20 runs (the metric chart's query, whole histories of two metrics) beside the same
 * histories downsampled by `points(maxPoints)`. p50/p95 per query.
 */
import { randomBytes } from 'node:crypto';
import { startTemporaryServer, type TemporaryServer } from '@protoscope/server';
import { sql } from 'kysely';
import pg from 'pg';
import { summarise, type LatencySummary } from './graph-latency';

export interface GraphScaleOptions {
  runs: number;
  metrics: number;
  steps: number;
  requests: number;
  warmup: number;
  /** PostgreSQL server to measure on too (a schema of its own, dropped after). */
  postgres?: string;
}

export interface GraphScaleCase extends LatencySummary {
  query: string;
  /** Bytes of the last response. */
  responseBytes: number;
}

export interface GraphScaleReport {
  kind: 'graph-scale';
  node: string;
  runs: number;
  metricsPerRun: number;
  stepsPerMetric: number;
  stores: Record<string, { seedSeconds: number; cases: Record<string, GraphScaleCase> }>;
}

/** Metric keys of the seeded runs: `val/auc` first (the filter and the order use it). */
export function metricKeys(count: number): string[] {
  return ['val/auc', ...Array.from({ length: count - 1 }, (_, i) => `train/m${i + 1}`)];
}

const runId = (i: number) => `bench-${String(i).padStart(5, '0')}`;

/**
 * Runs with a config that varies (method, learning rate, seed), then every run's metric history in one
 * SQL statement per run (`logMetrics` of ten million points one request at a time would take longer
 * than the measurement; the rows are the ones it writes). Run i's `val/auc` climbs to (i + 1) / R.
 */
async function seed(server: TemporaryServer, options: GraphScaleOptions, dialect: 'sqlite' | 'postgres'): Promise<number> {
  const started = performance.now();
  const store = server.store;
  for (let i = 0; i < options.runs; i++) {
    await store.createRun({
      id: runId(i),
      name: `run ${i}`,
      method: i % 2 === 0 ? 'protopnet' : 'global',
      seed: i % 5,
      config: { learningRate: [1e-4, 1e-3, 2e-3][i % 3], batchSize: 32, prototypesPerClass: 10, backbone: { name: 'small-cnn' } },
    });
  }
  const keys = metricKeys(options.metrics)
    .map((key, k) => `('${key}', ${k})`)
    .join(', ');
  const steps = dialect === 'postgres' ? sql`generate_series(1, ${sql.lit(options.steps)}) as s(step)` : sql`s`;
  const recursive = dialect === 'postgres' ? sql`` : sql`s(step) as (select 1 union all select step + 1 from s where step < ${sql.lit(options.steps)}), `;
  const db = store.database;
  const t0 = Date.now();
  for (let i = 0; i < options.runs; i++) {
    const top = (i + 1) / options.runs;
    await sql`with recursive ${recursive}k(key, i) as (values ${sql.raw(keys)})
      insert into metrics (run_id, key, step, epoch, value, wall_time)
      select ${runId(i)}, k.key, step, step / 100, ${sql.lit(top)} * step / ${sql.lit(options.steps)} + k.i, ${sql.lit(t0)} + step
      from ${steps} cross join k`.execute(db);
  }
  return (performance.now() - started) / 1000;
}

async function measure(server: TemporaryServer, options: GraphScaleOptions): Promise<Record<string, GraphScaleCase>> {
  const twenty = Array.from({ length: 20 }, (_, i) => runId(Math.floor((i * options.runs) / 20)));
  const ids = JSON.stringify(twenty);
  const cases: Record<string, string> = {
    'runs page: filter (method, val/auc > 0.5), order by val/auc, 50 rows':
      '{ runs(first: 50, filter: { method: { eq: "protopnet" }, metrics: [{ key: "val/auc", gt: 0.5 }] }, orderBy: [{ field: METRIC, key: "val/auc", direction: DESC }]) { totalCount edges { node { id name method status seed datasetId createdAt tags params latestMetrics { key point { value } } } } } }',
    'compareRuns: 20 runs, 2 metrics, whole histories (metric chart)': `{ compareRuns(ids: ${ids}, metrics: ["val/auc", "train/m1"]) { runs { id name } metrics { key steps series { runId values } } groups { key runIds } } }`,
    'histories: 20 runs, 2 metrics, points(maxPoints: 40)': `{ runs(first: 20, filter: { id: { in: ${ids} } }) { edges { node { id metrics(keys: ["val/auc", "train/m1"]) { key points(maxPoints: 40) { step value } } } } } }`,
  };
  const result: Record<string, GraphScaleCase> = {};
  for (const [name, query] of Object.entries(cases)) {
    const body = JSON.stringify({ query });
    const call = async () => {
      const started = performance.now();
      const response = await server.fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await response.text();
      if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${name}: HTTP ${response.status} ${text.slice(0, 300)}`);
      return { ms: performance.now() - started, bytes: text.length };
    };
    for (let i = 0; i < options.warmup; i++) await call();
    const durations: number[] = [];
    let bytes = 0;
    for (let i = 0; i < options.requests; i++) {
      const { ms, bytes: b } = await call();
      durations.push(ms);
      bytes = b;
    }
    result[name] = { ...summarise(durations), query, responseBytes: bytes };
  }
  return result;
}

export async function runGraphScale(options: GraphScaleOptions): Promise<GraphScaleReport> {
  const report: GraphScaleReport = { kind: 'graph-scale', node: process.version, runs: options.runs, metricsPerRun: options.metrics, stepsPerMetric: options.steps, stores: {} };
  const sqlite = await startTemporaryServer();
  try {
    const seedSeconds = await seed(sqlite, options, 'sqlite');
    report.stores['sqlite'] = { seedSeconds, cases: await measure(sqlite, options) };
  } finally {
    await sqlite.close();
  }
  if (options.postgres) {
    const schema = `bench_graph_${process.pid}_${randomBytes(3).toString('hex')}`;
    const base = options.postgres;
    const server = await startTemporaryServer({ storeUrl: `${base}${base.includes('?') ? '&' : '?'}schema=${schema}` });
    try {
      const seedSeconds = await seed(server, options, 'postgres');
      report.stores['postgres'] = { seedSeconds, cases: await measure(server, options) };
    } finally {
      await server.close();
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`).finally(() => admin.end());
    }
  }
  return report;
}

export function formatGraphScale(report: GraphScaleReport): string {
  const lines = [`The graph at scale: ${report.runs} runs × ${report.metricsPerRun} metrics × ${report.stepsPerMetric} steps (${report.node})`];
  for (const [store, { seedSeconds, cases }] of Object.entries(report.stores)) {
    lines.push(`  ${store} (seeded in ${seedSeconds.toFixed(1)} s)`);
    for (const [name, c] of Object.entries(cases)) {
      lines.push(`    ${name.padEnd(70)} p50 ${c.p50Ms.toFixed(1)} ms  p95 ${c.p95Ms.toFixed(1)} ms  (${c.requests} requests, ${Math.round(c.responseBytes / 1024)} KiB)`);
    }
  }
  return lines.join('\n');
}
