/**
 * GraphQL request latency with authentication on: a real server on a fresh SQLite store (in a
 * temporary folder), called over HTTP one request at a time, as a script with an API token, as a
 * browser with a session cookie, and as nobody (refused before parsing). Every call identifies its
 * caller in the store and passes the field rules, so the figures include what authentication costs.
 */
import { startTemporaryServer } from '@protoscope/server';

export interface LatencySummary {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  maxMs: number;
}

export interface GraphLatencyReport {
  kind: 'graph-latency';
  node: string;
  store: 'sqlite';
  runsInStore: number;
  warmup: number;
  cases: Record<string, LatencySummary & { query: string; credential: 'token' | 'session' | 'none'; status: number }>;
}

/** The q-quantile (0…1) by the nearest-rank method on sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

export function summarise(durations: readonly number[]): LatencySummary {
  const sorted = [...durations].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    requests: sorted.length,
    p50Ms: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    meanMs: round(sorted.reduce((s, x) => s + x, 0) / sorted.length),
    maxMs: round(sorted[sorted.length - 1]!),
  };
}

const RUNS_QUERY = '{ runs(first: 20) { edges { node { id name method status } } } }';

export async function runGraphLatency(options: { requests: number; warmup: number; runs: number }): Promise<GraphLatencyReport> {
  const server = await startTemporaryServer();
  try {
    for (let i = 0; i < options.runs; i++) {
      await server.store.runs.create({ id: `bench-${i}`, name: `run ${i}`, method: 'protopnet', config: { lr: 0.001 * (i + 1) } });
    }
    const browser = await server.signIn({ as: server.owner.name, scope: 'session' });
    const callers = {
      token: { authorization: `Bearer ${server.token}` },
      session: { cookie: `protoscope_session=${browser.token}` },
      none: {},
    } as const;
    const cases: Array<[string, string, keyof typeof callers]> = [
      ['me (token)', '{ me { name role } }', 'token'],
      ['runs, 20 of them (token)', RUNS_QUERY, 'token'],
      ['runs, 20 of them (session cookie)', RUNS_QUERY, 'session'],
      ['refused: no credential', RUNS_QUERY, 'none'],
    ];
    const report: GraphLatencyReport = { kind: 'graph-latency', node: process.version, store: 'sqlite', runsInStore: options.runs, warmup: options.warmup, cases: {} };
    for (const [name, query, credential] of cases) {
      const body = JSON.stringify({ query });
      const call = async () => {
        const started = performance.now();
        const response = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...callers[credential] }, body });
        await response.arrayBuffer();
        return { ms: performance.now() - started, status: response.status };
      };
      for (let i = 0; i < options.warmup; i++) await call();
      const durations: number[] = [];
      let status = 0;
      for (let i = 0; i < options.requests; i++) {
        const result = await call();
        durations.push(result.ms);
        status = result.status;
      }
      report.cases[name] = { ...summarise(durations), query, credential, status };
    }
    return report;
  } finally {
    await server.close();
  }
}

export function formatGraphLatency(report: GraphLatencyReport): string {
  const lines = [`GraphQL latency with authentication (${report.node}, SQLite, ${report.runsInStore} runs in the store):`];
  for (const [name, c] of Object.entries(report.cases)) {
    lines.push(`  ${name.padEnd(36)} HTTP ${c.status}  p50 ${c.p50Ms.toFixed(2)} ms  p95 ${c.p95Ms.toFixed(2)} ms  (${c.requests} requests)`);
  }
  return lines.join('\n');
}
