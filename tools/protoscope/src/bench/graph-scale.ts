/**
 * The graph at scale: a store of R runs × K metrics × S steps (default 1,000 × 10 × 1,000, ten million
 * metric points) on SQLite (built once per size and kept, graph-scale-store.ts) and, when a server is
 * given, PostgreSQL; then, over HTTP with a token, the queries the notebook sends for it — the runs
 * table's query with a filter, the runs page ordered by a metric, `compareRuns` of 20 runs as the
 * metric chart asks for it (histories thinned to 200 points in the database) and with whole histories,
 * and histories downsampled by `points(maxPoints)` — p50/p95 per query; and the first render of a
 * 30-cell notebook in headless Chromium (graph-first-render.ts). The load average is recorded, since
 * the figures mean little without it on a shared machine.
 */
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { startTemporaryServer, type TemporaryServer } from '@protoscope/server';
import pg from 'pg';
import { createBenchNotebook, freePort, measureFirstRender, type FirstRenderSummary } from './graph-first-render';
import { summarise, type LatencySummary } from './graph-latency';
import { cachedSqliteStore, recordedSeedSeconds, runId, seedScaleStore, type ScaleSize } from './graph-scale-store';

export interface GraphScaleOptions extends ScaleSize {
  requests: number;
  warmup: number;
  /** PostgreSQL server to measure on too (a schema of its own, dropped after). */
  postgres?: string;
  /** Where the SQLite store is kept between runs (default: a folder in the system's temp folder). */
  cacheDir: string;
  /** Timed first renders of the notebook per store; 0 skips the browser. */
  renders: number;
  /** Measurements of each store, one after the other (a busy machine's load changes between them). */
  passes: number;
}

export interface GraphScaleCase extends LatencySummary {
  query: string;
  /** Bytes of the last response. */
  responseBytes: number;
}

export interface GraphScalePass {
  /** os.loadavg() (1, 5, 15 minutes) when the pass started. */
  loadAverage: number[];
  cases: Record<string, GraphScaleCase>;
  firstRender?: FirstRenderSummary;
}

export interface GraphScaleStoreReport extends GraphScalePass {
  /** Seconds the store took to build (for a cached SQLite store, when it was built). */
  seedSeconds: number;
  /** The SQLite store was built by an earlier run and reused. */
  reused: boolean;
  /** Every pass; `cases` and `firstRender` above are the first one's. */
  passes: GraphScalePass[];
}

export interface GraphScaleReport {
  kind: 'graph-scale';
  node: string;
  runs: number;
  metricsPerRun: number;
  stepsPerMetric: number;
  /** The goals the figures are held against (issue 15). */
  goals: { queryP95Ms: number; firstRenderMs: number };
  /** os.loadavg() (1, 5, 15 minutes) before and after the measurement, and the machine's cores. */
  load: { before: number[]; after: number[]; cpus: number };
  stores: Record<string, GraphScaleStoreReport>;
}

export const GOALS = { queryP95Ms: 100, firstRenderMs: 2000 };

/** The runs table cell's query (apps/web/src/cells/shared/run-rows.ts), as the browser sends it. */
const RUN_ROWS = `query RunRows($filter: RunFilter, $first: Int) {
  runs(filter: $filter, first: $first) {
    totalCount
    edges { node { id name method status seed datasetId createdAt tags params latestMetrics { key point { value } } } }
  }
}`;

/** The metric chart cell's query (apps/web/src/cells/metric-chart/queries.ts). */
const METRIC_COMPARISON = `query MetricComparison($ids: [ID!]!, $metrics: [String!], $maxPoints: Int) {
  compareRuns(ids: $ids, metrics: $metrics, maxPoints: $maxPoints) {
    runs { id name }
    metrics { key steps series { runId values } }
    groups { key runIds }
  }
}`;

function cases(options: GraphScaleOptions): Record<string, { query: string; variables?: object }> {
  const twenty = Array.from({ length: 20 }, (_, i) => runId(Math.floor((i * options.runs) / 20)));
  const ids = JSON.stringify(twenty);
  return {
    'runs table: filter (method, val/auc > 0.5), 100 rows, every latest metric': {
      query: RUN_ROWS,
      variables: { filter: { method: { eq: 'protopnet' }, metrics: [{ key: 'val/auc', gt: 0.5 }] }, first: 100 },
    },
    'runs page: filter (method, val/auc > 0.5), order by val/auc, 50 rows': {
      query:
        '{ runs(first: 50, filter: { method: { eq: "protopnet" }, metrics: [{ key: "val/auc", gt: 0.5 }] }, orderBy: [{ field: METRIC, key: "val/auc", direction: DESC }]) { totalCount edges { node { id name method status seed datasetId createdAt tags params latestMetrics { key point { value } } } } } }',
    },
    'compareRuns: 20 runs, 2 metrics, maxPoints 200 (metric chart)': {
      query: METRIC_COMPARISON,
      variables: { ids: twenty, metrics: ['val/auc', 'train/m1'], maxPoints: 200 },
    },
    'compareRuns: 20 runs, 2 metrics, whole histories (metric chart)': {
      query: `{ compareRuns(ids: ${ids}, metrics: ["val/auc", "train/m1"]) { runs { id name } metrics { key steps series { runId values } } groups { key runIds } } }`,
    },
    'histories: 20 runs, 2 metrics, points(maxPoints: 40)': {
      query: `{ runs(first: 20, filter: { id: { in: ${ids} } }) { edges { node { id metrics(keys: ["val/auc", "train/m1"]) { key points(maxPoints: 40) { step value } } } } } }`,
    },
  };
}

async function measureQueries(server: TemporaryServer, options: GraphScaleOptions): Promise<Record<string, GraphScaleCase>> {
  const result: Record<string, GraphScaleCase> = {};
  for (const [name, { query, variables }] of Object.entries(cases(options))) {
    const body = JSON.stringify({ query, variables });
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

/** The queries, then (unless renders is 0) the notebook's first render against the same server. */
async function measureStore(storeUrl: string | undefined, options: GraphScaleOptions, seed: (server: TemporaryServer) => Promise<{ seedSeconds: number; reused: boolean }>): Promise<GraphScaleStoreReport> {
  const webPort = await freePort();
  const server = await startTemporaryServer({ ...(storeUrl ? { storeUrl } : {}), webOrigins: [`http://127.0.0.1:${webPort}`] });
  let notebookId: string | undefined;
  try {
    const { seedSeconds, reused } = await seed(server);
    const passes: GraphScalePass[] = [];
    for (let pass = 0; pass < options.passes; pass++) {
      const measured: GraphScalePass = { loadAverage: os.loadavg(), cases: await measureQueries(server, options) };
      if (options.renders > 0) {
        notebookId ??= await createBenchNotebook(server.store, options);
        const browser = await server.signIn({ as: server.owner.name, scope: 'session' });
        measured.firstRender = await measureFirstRender(
          { store: server.store, graphqlUrl: server.graphqlUrl, serverUrl: server.url, sessionSecret: browser.token },
          notebookId,
          { renders: options.renders, webPort },
        );
      }
      passes.push(measured);
    }
    const report: GraphScaleStoreReport = { seedSeconds, reused, ...passes[0]!, passes };
    return report;
  } finally {
    if (notebookId) await server.store.notebooks.delete(notebookId).catch(() => undefined);
    await server.close();
  }
}

export async function runGraphScale(options: GraphScaleOptions): Promise<GraphScaleReport> {
  const before = os.loadavg();
  const report: GraphScaleReport = {
    kind: 'graph-scale',
    node: process.version,
    runs: options.runs,
    metricsPerRun: options.metrics,
    stepsPerMetric: options.steps,
    goals: GOALS,
    load: { before, after: before, cpus: os.cpus().length },
    stores: {},
  };
  const cached = cachedSqliteStore(options.cacheDir, options);
  report.stores['sqlite'] = await measureStore(cached.url, options, async (server) => {
    if (cached.built) return { seedSeconds: recordedSeedSeconds(options.cacheDir, options) ?? Number.NaN, reused: true };
    const seedSeconds = await seedScaleStore(server.store, options);
    cached.markBuilt(seedSeconds);
    return { seedSeconds, reused: false };
  });
  if (options.postgres) {
    const schema = `bench_graph_${process.pid}_${randomBytes(3).toString('hex')}`;
    const base = options.postgres;
    try {
      report.stores['postgres'] = await measureStore(`${base}${base.includes('?') ? '&' : '?'}schema=${schema}`, options, async (server) => ({
        seedSeconds: await seedScaleStore(server.store, options),
        reused: false,
      }));
    } finally {
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`).finally(() => admin.end());
    }
  }
  report.load.after = os.loadavg();
  return report;
}

const fixed = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '?');

export function formatGraphScale(report: GraphScaleReport): string {
  const load = (l: readonly number[]) => l.map((x) => x.toFixed(1)).join(' ');
  const lines = [
    `The graph at scale: ${report.runs} runs × ${report.metricsPerRun} metrics × ${report.stepsPerMetric} steps (${report.node}; load ${load(report.load.before)} → ${load(report.load.after)} on ${report.load.cpus} cores)`,
    `  goals: p95 under ${report.goals.queryP95Ms} ms per query, first render under ${report.goals.firstRenderMs / 1000} s`,
  ];
  for (const [store, { seedSeconds, reused, passes }] of Object.entries(report.stores)) {
    lines.push(`  ${store} (${reused ? `reused, built in ${fixed(seedSeconds)} s` : `built in ${fixed(seedSeconds)} s`})`);
    passes.forEach(({ loadAverage, cases: measured, firstRender }, pass) => {
      if (passes.length > 1) lines.push(`   pass ${pass + 1} (load ${load(loadAverage)})`);
      for (const [name, c] of Object.entries(measured)) {
        const mark = c.p95Ms <= report.goals.queryP95Ms ? 'ok' : 'over';
        lines.push(`    ${name.padEnd(76)} p50 ${fixed(c.p50Ms).padStart(7)} ms  p95 ${fixed(c.p95Ms).padStart(7)} ms  ${mark.padEnd(4)} (${c.requests} requests, ${Math.round(c.responseBytes / 1024)} KiB)`);
      }
      if (firstRender) {
        const mark = firstRender.p95Ms <= report.goals.firstRenderMs ? 'ok' : 'over';
        const all = firstRender.allCells;
        lines.push(
          `    ${`first screen of ${firstRender.cells} cells drawn (${firstRender.firstScreenCellsP50} cells), headless Chromium`.padEnd(76)} p50 ${fixed(firstRender.p50Ms).padStart(7)} ms  p95 ${fixed(firstRender.p95Ms).padStart(7)} ms  ${mark.padEnd(4)} (${firstRender.requests} renders; load event p50 ${fixed(firstRender.loadEventP50Ms)} ms)`,
          `    ${`all ${firstRender.cells} cells (${firstRender.charts} plots) drawn, scrolling down`.padEnd(76)} p50 ${fixed(all.p50Ms).padStart(7)} ms  p95 ${fixed(all.p95Ms).padStart(7)} ms`,
          `    page timeline, p50 ms from navigation: ${Object.entries(firstRender.marksP50Ms ?? {})
            .map(([name, ms]) => `${name.replace(/^protoscope:/, '')} ${fixed(ms, 0)}`)
            .join(', ')}`,
        );
      }
    });
  }
  return lines.join('\n');
}
