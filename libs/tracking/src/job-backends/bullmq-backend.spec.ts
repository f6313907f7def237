import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JobLeaseLostError } from '../errors';
import { StaleAttemptError } from '../jobs-fence';
import { openStore } from '../store';
import { describeEachStore, useFreshStore } from '../test-support/store-factories';
import { redisSkipReason, startRedisTestServer, type RedisTestServer } from '../test-support/redis-test-server';
import { BullmqJobBackend, openBullmqBackend } from './bullmq-backend';
import type { JobAttempt } from './job-backend';
import { openJobBackend } from './open-job-backend';
import { QueueConfigError } from './redis-checks';

const skip = redisSkipReason();
const describeWithRedis = skip ? describe.skip : describe;
if (skip) process.stderr.write(`bullmq backend tests skipped: ${skip}\n`);

const LEASE_MS = 1000;
const STALLED_MS = 300;

async function claimWithin(backend: BullmqJobBackend, worker: string, kinds: string[], timeoutMs: number): Promise<JobAttempt> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const attempt = await backend.claim(worker, { kinds, leaseMs: LEASE_MS });
    if (attempt) return attempt;
    if (Date.now() > deadline) throw new Error(`no job for ${worker} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeWithRedis(`bullmq job backend${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let redis: RedisTestServer;
  beforeAll(async () => {
    redis = await startRedisTestServer();
  }, 20_000);
  afterAll(async () => {
    await redis?.stop();
  });

  describeEachStore('on a store', (factory) => {
    const current = useFreshStore(factory);
    const opened: BullmqJobBackend[] = [];
    // One Redis prefix per test, so tests never see each other's jobs.
    let prefixCount = 0;
    let prefix = '';
    const open = async () => {
      prefix = `t${factory.dialect}${++prefixCount}-${Date.now()}`;
      const backend = await openBullmqBackend(current().store, { url: redis.url, prefix, stalledIntervalMs: STALLED_MS });
      opened.push(backend);
      return backend;
    };
    afterEach(async () => {
      for (const backend of opened.splice(0)) await backend.close();
    });

    it('delivers a job once, renews it, and completes the row and the BullMQ job', async () => {
      const backend = await open();
      const { store } = current();
      const job = await backend.enqueue({ kind: 'train', payload: { epochs: 1 } });
      expect(job).toMatchObject({ status: 'queued', backend: 'bullmq' });
      // The embedded claim never takes a job BullMQ delivers.
      expect(await store.jobs.claimNext('embedded')).toBeNull();
      const attempt = await claimWithin(backend, 'w1', ['train'], 5000);
      expect(attempt.job).toMatchObject({ id: job.id, status: 'running', attempts: 1, leaseOwner: 'w1' });
      expect(attempt.fence).toEqual({ jobId: job.id, token: attempt.job.attemptToken });
      expect(await backend.claim('w2', { kinds: ['train'], leaseMs: LEASE_MS })).toBeNull();
      expect(await attempt.renew({ progress: 0.5, message: 'half' })).toMatchObject({ progress: 0.5, progressMessage: 'half' });
      expect(await attempt.complete({ ok: 1 })).toMatchObject({ status: 'succeeded', result: { ok: 1 } });
      const counts = new Queue('train', { connection: { host: '127.0.0.1', port: redis.port }, prefix });
      try {
        expect(await counts.getJobCounts('wait', 'active', 'completed', 'failed', 'prioritized')).toEqual({ wait: 0, active: 0, completed: 0, failed: 0, prioritized: 0 });
      } finally {
        await counts.close();
      }
    });

    it('hands a silent worker’s job to another after the lock and stall intervals; the silent attempt is fenced off', async () => {
      const backend = await open();
      const { store } = current();
      const job = await backend.enqueue({ kind: 'train' });
      const silent = await claimWithin(backend, 'host-a', ['train'], 5000);
      const run = await store.fenced(silent.fence).runs.create({ method: 'global' });
      const started = Date.now();
      // host-a stops renewing (a partition); host-b gets the job once BullMQ finds it stalled.
      const live = await claimWithin(backend, 'host-b', ['train'], LEASE_MS + 4 * STALLED_MS + 3000);
      const waited = Date.now() - started;
      expect(live.job).toMatchObject({ id: job.id, attempts: 2, leaseOwner: 'host-b' });
      expect(live.fence.token).not.toBe(silent.fence.token);
      expect(waited).toBeGreaterThanOrEqual(LEASE_MS - 100);

      // host-a comes back: its writes, renewal and completion are refused and leave nothing.
      await expect(store.fenced(silent.fence).metrics.log(run.id, [{ key: 'loss', value: 1, step: 1 }])).rejects.toThrow(StaleAttemptError);
      await expect(silent.renew({})).rejects.toThrow(JobLeaseLostError);
      await expect(silent.complete({ from: 'host-a' })).rejects.toThrow(JobLeaseLostError);
      await store.fenced(live.fence).metrics.log(run.id, [{ key: 'loss', value: 0.5, step: 1 }]);
      expect(await live.complete({ from: 'host-b' })).toMatchObject({ status: 'succeeded', result: { from: 'host-b' } });
      expect((await store.metrics.history(run.id, 'loss')).map((p) => p.value)).toEqual([0.5]);
    }, 20_000);

    it('retries a transient failure through BullMQ and fails a permanent one; release does not count an attempt', async () => {
      const backend = await open();
      const transient = await backend.enqueue({ kind: 'explain', maxAttempts: 2 });
      const first = await claimWithin(backend, 'w', ['explain'], 5000);
      expect(await first.fail('disk full', { retry: true })).toMatchObject({ status: 'queued', error: 'disk full' });
      const second = await claimWithin(backend, 'w', ['explain'], 5000);
      expect(second.job).toMatchObject({ id: transient.id, attempts: 2 });
      await second.release();
      const third = await claimWithin(backend, 'w', ['explain'], 5000);
      expect(third.job).toMatchObject({ id: transient.id, attempts: 2 });
      expect(await third.fail('disk full again', { retry: true })).toMatchObject({ status: 'failed' });

      const permanent = await backend.enqueue({ kind: 'explain', maxAttempts: 3 });
      const attempt = await claimWithin(backend, 'w', ['explain'], 5000);
      expect(attempt.job.id).toBe(permanent.id);
      expect(await attempt.fail('unknown method', { retry: false })).toMatchObject({ status: 'failed', attempts: 1 });
      expect(await backend.claim('w', { kinds: ['explain'], leaseMs: LEASE_MS })).toBeNull();
    }, 20_000);

    it('cancels a waiting job (never delivered) and a running one (its renewal fails)', async () => {
      const backend = await open();
      const waiting = await backend.enqueue({ kind: 'train' });
      expect(await backend.cancel(waiting.id)).toMatchObject({ status: 'cancelled' });
      expect(await backend.claim('w', { kinds: ['train'], leaseMs: LEASE_MS })).toBeNull();

      const running = await backend.enqueue({ kind: 'train' });
      const attempt = await claimWithin(backend, 'w', ['train'], 5000);
      await backend.cancel(running.id);
      const lost = await attempt.renew({}).catch((error: unknown) => error);
      expect(lost).toBeInstanceOf(JobLeaseLostError);
      expect((lost as JobLeaseLostError).jobStatus).toBe('cancelled');
      await attempt.abandon();
      expect(await backend.claim('w', { kinds: ['train'], leaseMs: LEASE_MS })).toBeNull();
    }, 20_000);

    it('takes kinds in turn, and higher priorities first within a kind', async () => {
      const backend = await open();
      const low = await backend.enqueue({ kind: 'train', priority: 0 });
      const high = await backend.enqueue({ kind: 'train', priority: 5 });
      const other = await backend.enqueue({ kind: 'explain' });
      const order: number[] = [];
      for (let i = 0; i < 3; i++) {
        const attempt = await claimWithin(backend, 'w', ['train', 'explain'], 5000);
        order.push(attempt.job.id);
        await attempt.complete(null);
      }
      expect(order).toEqual([high.id, other.id, low.id]);
    }, 20_000);

    it('queues again, from the store, jobs that Redis lost', async () => {
      const backend = await open();
      const job = await backend.enqueue({ kind: 'train' });
      const client = new Redis(redis.url);
      await client.flushall();
      client.disconnect();
      expect(await backend.claim('w', { kinds: ['train'], leaseMs: LEASE_MS })).toBeNull();
      expect(await backend.requeueFromStore(['train'])).toBe(1);
      expect(await backend.requeueFromStore(['train'])).toBe(1); // already there: not added twice
      const attempt = await claimWithin(backend, 'w', ['train'], 5000);
      expect(attempt.job.id).toBe(job.id);
      await attempt.complete(null);
      expect(await backend.claim('w', { kinds: ['train'], leaseMs: LEASE_MS })).toBeNull();
    }, 20_000);
  });

  describe('checks the Redis it is given', () => {
    it('refuses a Redis that may evict keys, in one line, and warns without append-only persistence', async () => {
      const store = await openStore('sqlite::memory:');
      const lru = await startRedisTestServer(['--maxmemory-policy', 'allkeys-lru']);
      const noAof = await startRedisTestServer(['--appendonly', 'no']);
      try {
        const refused = await openJobBackend(store, { queue: lru.url }).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(QueueConfigError);
        expect((refused as Error).message).toBe(
          `${lru.url}: maxmemory-policy is allkeys-lru; the job queue needs noeviction (set "maxmemory-policy noeviction" in redis.conf) so Redis never drops queued jobs`,
        );
        const warnings: string[] = [];
        const backend = await openJobBackend(store, { queue: noAof.url, warn: (line) => warnings.push(line) });
        expect(backend.kind).toBe('bullmq');
        expect(warnings).toEqual([expect.stringMatching(/appendonly is off/)]);
        await backend.close();
        expect((await openJobBackend(store, { env: {} })).kind).toBe('embedded');
        await expect(openJobBackend(store, { queue: 'amqp://x' })).rejects.toThrow('queue "amqp://x" is neither "embedded" nor a redis://HOST:PORT URL');
        await expect(openJobBackend(store, { queue: 'redis://127.0.0.1:1' })).rejects.toThrow('redis://127.0.0.1:1: cannot reach Redis (connect ECONNREFUSED 127.0.0.1:1)');
      } finally {
        await lru.stop();
        await noAof.stop();
        await store.close();
      }
    }, 30_000);
  });
});
