/**
 * Live-event latency: the time from a metric write (`store.logMetrics` returning) to the subscriber of
 * `runProgress` receiving the point over graphql-ws, on a real server. On PostgreSQL the write's
 * NOTIFY wakes the server's poller (LISTEN/NOTIFY); the SQLite case, woken only by polling, is the
 * comparison. PostgreSQL runs in a schema of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { startTemporaryServer, type TemporaryServer } from '@protoscope/server';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { summarise, type LatencySummary } from './graph-latency';

export interface EventLatencyReport {
  kind: 'event-latency';
  node: string;
  events: number;
  pollIntervalMs: number;
  cases: Record<string, LatencySummary & { store: 'postgres' | 'sqlite'; wakeUp: 'notify' | 'poll' }>;
}

export interface EventLatencyOptions {
  /** A PostgreSQL URL (`postgres://…`); without one only the SQLite case runs. */
  postgres?: string;
  events: number;
  pollMs: number;
  /** Pause between two writes, so every write is its own event. */
  gapMs: number;
}

async function measure(server: TemporaryServer, options: EventLatencyOptions): Promise<number[]> {
  await server.store.runs.create({ id: 'bench-events', method: 'global', config: {}, status: 'running' });
  const client = createClient({ url: server.subscriptionsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { token: server.token } });
  const arrivals = new Map<number, number>();
  const waiting = new Map<number, () => void>();
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const unsubscribe = client.subscribe<{ runProgress: { initial: boolean; metrics: Array<{ points: Array<{ step: number }> }> } }>(
    { query: 'subscription { runProgress(runId: "bench-events") { initial metrics { points { step } } } }' },
    {
      next: ({ data }) => {
        if (!data) return;
        if (data.runProgress.initial) started();
        const now = performance.now();
        for (const m of data.runProgress.metrics) {
          for (const p of m.points) {
            arrivals.set(p.step, now);
            waiting.get(p.step)?.();
          }
        }
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  try {
    await ready;
    const durations: number[] = [];
    for (let step = 1; step <= options.events; step++) {
      await server.store.metrics.log('bench-events', [{ key: 'loss', step, value: 1 / step }]);
      const written = performance.now();
      const limitMs = options.pollMs * 4 + 5_000;
      if (!arrivals.has(step)) {
        // Waits without spinning: the server runs on this event loop too.
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`event of step ${step} did not arrive within ${limitMs} ms`)), limitMs);
          waiting.set(step, () => {
            clearTimeout(timer);
            resolve();
          });
        });
        waiting.delete(step);
      }
      durations.push(Math.max(0, arrivals.get(step)! - written));
      await new Promise((resolve) => setTimeout(resolve, options.gapMs));
    }
    return durations;
  } finally {
    unsubscribe();
    await client.dispose();
  }
}

export async function runEventLatency(options: EventLatencyOptions): Promise<EventLatencyReport> {
  const report: EventLatencyReport = { kind: 'event-latency', node: process.version, events: options.events, pollIntervalMs: options.pollMs, cases: {} };
  if (options.postgres) {
    const schema = `bench_events_${process.pid}_${randomBytes(3).toString('hex')}`;
    const base = options.postgres;
    const server = await startTemporaryServer({ storeUrl: `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`, pollIntervalMs: options.pollMs });
    try {
      report.cases['postgres, LISTEN/NOTIFY'] = { store: 'postgres', wakeUp: 'notify', ...summarise(await measure(server, options)) };
    } finally {
      await server.close();
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`).finally(() => admin.end());
    }
  }
  const sqlite = await startTemporaryServer({ pollIntervalMs: options.pollMs });
  try {
    report.cases[`sqlite, polling every ${options.pollMs} ms`] = { store: 'sqlite', wakeUp: 'poll', ...summarise(await measure(sqlite, options)) };
  } finally {
    await sqlite.close();
  }
  return report;
}

export function formatEventLatency(report: EventLatencyReport): string {
  const lines = [`metric write → subscriber event, ${report.events} events (${report.node})`];
  for (const [name, c] of Object.entries(report.cases)) {
    lines.push(`  ${name.padEnd(34)} p50 ${c.p50Ms.toFixed(2)} ms  p95 ${c.p95Ms.toFixed(2)} ms  max ${c.maxMs.toFixed(2)} ms`);
  }
  return lines.join('\n');
}
