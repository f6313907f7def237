/**
 * The job queue's own cost, without any work in the jobs: how many jobs per second one process can
 * enqueue, and take through a whole attempt (claim or fetch, one renewal, completion under the
 * attempt token), on the embedded queue and on BullMQ, over SQLite and PostgreSQL stores; and what
 * fencing costs a job's result writes (metric points logged through a plain and a fenced store).
 * PostgreSQL runs in a schema of its own, Redis under a key prefix of its own; both are removed after.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { openJobBackend, openStore, type Store } from '@protoscope/tracking';

export interface QueueBenchOptions {
  /** Jobs per case. */
  jobs: number;
  /** Metric writes per fencing case. */
  writes: number;
  /** A Redis for the bullmq cases (`redis://…`); without one they are left out. */
  redis?: string;
  /** A PostgreSQL server for the postgres cases; without one they are left out. */
  postgres?: string;
}

export interface QueueCase {
  store: 'sqlite' | 'postgres';
  queue: 'embedded' | 'bullmq';
  enqueuePerSecond: number;
  /** Claim (or BullMQ fetch and attempt start), one renewal, completion. */
  attemptsPerSecond: number;
}

export interface FenceCase {
  store: 'sqlite' | 'postgres';
  plainWritesPerSecond: number;
  fencedWritesPerSecond: number;
}

export interface QueueBenchReport {
  kind: 'queue';
  node: string;
  jobs: number;
  writes: number;
  cases: Record<string, QueueCase>;
  fencing: Record<string, FenceCase>;
}

const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000 * 10) / 10;
const KIND = 'bench-noop';

async function queueCase(store: Store, dialect: QueueCase['store'], queue: string | undefined, options: QueueBenchOptions): Promise<QueueCase> {
  const prefix = `bench-${process.pid}-${randomBytes(3).toString('hex')}`;
  const backend = await openJobBackend(store, { queue: queue ?? 'embedded', prefix, warn: () => undefined });
  try {
    let start = performance.now();
    for (let i = 0; i < options.jobs; i++) await backend.enqueue({ kind: KIND, payload: { i } });
    const enqueueMs = performance.now() - start;
    start = performance.now();
    for (let done = 0; done < options.jobs; ) {
      const attempt = await backend.claim('bench', { kinds: [KIND], leaseMs: 30_000 });
      if (!attempt) continue;
      await attempt.renew({ progress: 0.5 });
      await attempt.complete({ ok: true });
      done++;
    }
    return { store: dialect, queue: queue ? 'bullmq' : 'embedded', enqueuePerSecond: perSecond(options.jobs, enqueueMs), attemptsPerSecond: perSecond(options.jobs, performance.now() - start) };
  } finally {
    await backend.close();
    if (queue) {
      const redis = new Redis(queue, { lazyConnect: true });
      await redis.connect();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  }
}

async function fenceCase(store: Store, dialect: FenceCase['store'], writes: number): Promise<FenceCase> {
  await store.jobs.enqueue({ kind: `${KIND}-fence` });
  const job = (await store.jobs.claimNext('bench', { kinds: [`${KIND}-fence`] }))!;
  const fenced = store.fenced({ jobId: job.id, token: job.attemptToken! });
  const run = await store.runs.create({ method: 'global' });
  const time = async (target: Store, offset: number) => {
    const start = performance.now();
    for (let i = 0; i < writes; i++) await target.metrics.log(run.id, [{ key: 'loss', step: offset + i, value: 1 / (i + 1) }]);
    return perSecond(writes, performance.now() - start);
  };
  return { store: dialect, plainWritesPerSecond: await time(store, 0), fencedWritesPerSecond: await time(fenced, writes) };
}

export async function runQueueBench(options: QueueBenchOptions): Promise<QueueBenchReport> {
  const report: QueueBenchReport = { kind: 'queue', node: process.version, jobs: options.jobs, writes: options.writes, cases: {}, fencing: {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-bench-queue-'));
  try {
    const sqlite = async (name: string) => openStore(`sqlite:${path.join(dir, `${name}.db`)}`, { artifactsDir: path.join(dir, 'artifacts') });
    const stores: Array<{ dialect: 'sqlite' | 'postgres'; open: (name: string) => Promise<Store> }> = [{ dialect: 'sqlite', open: sqlite }];
    const schemas: string[] = [];
    if (options.postgres) {
      const base = options.postgres;
      stores.push({
        dialect: 'postgres',
        open: async () => {
          const schema = `bench_queue_${process.pid}_${randomBytes(3).toString('hex')}`;
          schemas.push(schema);
          return openStore(`${base}${base.includes('?') ? '&' : '?'}schema=${schema}`, { artifactsDir: path.join(dir, 'artifacts') });
        },
      });
    }
    try {
      for (const { dialect, open } of stores) {
        for (const queue of [undefined, ...(options.redis ? [options.redis] : [])]) {
          const store = await open(`${dialect}-${queue ? 'bullmq' : 'embedded'}`);
          try {
            report.cases[`${queue ? 'bullmq' : 'embedded'}, ${dialect} store`] = await queueCase(store, dialect, queue, options);
          } finally {
            await store.close();
          }
        }
        const store = await open(`${dialect}-fence`);
        try {
          report.fencing[dialect] = await fenceCase(store, dialect, options.writes);
        } finally {
          await store.close();
        }
      }
    } finally {
      if (options.postgres && schemas.length > 0) {
        const admin = new pg.Client({ connectionString: options.postgres });
        await admin.connect();
        for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`);
        await admin.end();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

export function formatQueueBench(report: QueueBenchReport): string {
  const lines = [`job queue, ${report.jobs} empty jobs per case (${report.node})`, '| case | enqueue/s | attempts/s (claim, renew, complete) |', '| --- | ---: | ---: |'];
  for (const [name, c] of Object.entries(report.cases)) lines.push(`| ${name} | ${c.enqueuePerSecond} | ${c.attemptsPerSecond} |`);
  lines.push('', `fencing, ${report.writes} metric writes per case`, '| store | plain writes/s | fenced writes/s |', '| --- | ---: | ---: |');
  for (const [name, c] of Object.entries(report.fencing)) lines.push(`| ${name} | ${c.plainWritesPerSecond} | ${c.fencedWritesPerSecond} |`);
  return lines.join('\n');
}
