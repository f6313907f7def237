/**
 * Live events: on PostgreSQL a metric point (or a job change) reaches a subscriber through LISTEN/NOTIFY long before the
 * next poll (the interval here is 30 s), and after the listening connection is killed
 * (`pg_terminate_backend`) the listener reconnects and catches up on what was written meanwhile. On
 * SQLite, polling alone delivers.
 */
import { listenerApplicationName } from '@protoscope/tracking';
import pg from 'pg';
import { describeEachServer, POSTGRES_URL_VARIABLE, subscribe } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

interface ProgressEvent {
  runProgress: { runId: string; metrics: Array<{ key: string; points: Array<{ step: number; value: number | null }> }> };
}
const PROGRESS = `subscription ($id: ID!) { runProgress(runId: $id) { runId metrics { key points { step value } } } }`;

/** Far longer than any wait below: an event that arrives in time was not polled for. */
const LONG_POLL_MS = 30_000;

async function withAdmin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env[POSTGRES_URL_VARIABLE] });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function listenerPids(server: TemporaryServer): Promise<number[]> {
  return withAdmin(async (client) => {
    const rows = await client.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [
      listenerApplicationName(server.store.schema!),
    ]);
    return rows.rows.map((r) => r.pid);
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachServer('live events', (factory) => {
  let server: TemporaryServer;
  beforeAll(async () => {
    server = await factory.start({ pollIntervalMs: factory.dialect === 'postgres' ? LONG_POLL_MS : 100 });
  });
  afterAll(() => server?.close());

  it('a metric point written by the store reaches the subscriber within a second', async () => {
    await server.store.runs.create({ id: 'live-1', method: 'global', config: {}, status: 'running' });
    const sub = subscribe<ProgressEvent>(server, PROGRESS, { id: 'live-1' });
    try {
      await sub.waitFor(1);
      const written = Date.now();
      await server.store.metrics.log('live-1', [{ key: 'loss', step: 1, value: 0.5 }]);
      const events = await sub.waitFor(2);
      expect(Date.now() - written).toBeLessThan(1_000);
      expect(events[1]!.runProgress.metrics).toEqual([{ key: 'loss', points: [{ step: 1, value: 0.5 }] }]);
    } finally {
      await sub.close();
    }
  });

  it('a job claimed and completed by a worker reaches its subscriber within a second each time', async () => {
    const { store } = server;
    const job = await store.jobs.enqueue({ kind: 'evaluate', payload: { runId: 'x', suites: ['classification'] } });
    const sub = subscribe<{ jobUpdated: { status: string } }>(server, 'subscription ($id: ID!) { jobUpdated(id: $id) { status } }', { id: String(job.id) });
    try {
      await sub.waitFor(1);
      let written = Date.now();
      await store.jobs.claimNext('worker-live');
      await sub.waitFor(2);
      expect(Date.now() - written).toBeLessThan(1_000);
      written = Date.now();
      await store.jobs.complete(job.id, 'worker-live', { done: true });
      await sub.completed;
      expect(Date.now() - written).toBeLessThan(1_000);
      expect(sub.events.map((e) => e.jobUpdated.status)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    } finally {
      await sub.close();
    }
  });

  if (factory.dialect === 'postgres') {
    it('reconnects after pg_terminate_backend and delivers what was written while it was away', async () => {
      await server.store.runs.create({ id: 'live-2', method: 'global', config: {}, status: 'running' });
      const sub = subscribe<ProgressEvent>(server, PROGRESS, { id: 'live-2' });
      try {
        await sub.waitFor(1);
        const [killed] = await listenerPids(server);
        expect(killed).toEqual(expect.any(Number));
        await withAdmin((client) => client.query('select pg_terminate_backend($1)', [killed]));
        // Written while nobody listens: the catch-up poll on reconnecting delivers it.
        await server.store.metrics.log('live-2', [{ key: 'loss', step: 1, value: 0.4 }]);
        await waitUntil(async () => (await listenerPids(server)).some((pid) => pid !== killed), 5_000, 'a new listener connects');
        const [, during] = await sub.waitFor(2);
        expect(during!.runProgress.metrics).toEqual([{ key: 'loss', points: [{ step: 1, value: 0.4 }] }]);
        // And notifications flow again through the new connection.
        const written = Date.now();
        await server.store.metrics.log('live-2', [{ key: 'loss', step: 2, value: 0.3 }]);
        const events = await sub.waitFor(3);
        expect(Date.now() - written).toBeLessThan(1_000);
        expect(events[2]!.runProgress.metrics).toEqual([{ key: 'loss', points: [{ step: 2, value: 0.3 }] }]);
        expect(await listenerPids(server)).not.toContain(killed);
      } finally {
        await sub.close();
      }
    });
  }
});
