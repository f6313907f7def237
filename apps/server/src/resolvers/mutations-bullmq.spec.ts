/**
 * A server started with `queue: redis://…` starts and cancels jobs on BullMQ: the job row (what the
 * graph shows) says `bullmq`, BullMQ holds its delivery, a worker's attempt reaches `jobUpdated`
 * subscribers as the embedded queue's do, and a cancel removes a waiting delivery.
 */
import { Queue } from 'bullmq';
import { openJobBackend, type JobBackend } from '@protoscope/tracking';
import { redisSkipReason, startRedisTestServer, type RedisTestServer } from '@protoscope/tracking/redis-test-server';
import { describeEachServer, queryData, subscribe } from '../testing/server-fixtures';
import type { TemporaryServer } from '../testing/temporary-server';

const skip = redisSkipReason();
if (skip) process.stderr.write(`bullmq server tests skipped: ${skip}\n`);

(skip ? describe.skip : describe)(`mutations on the bullmq queue${skip ? ` (skipped: ${skip})` : ''}`, () => {
  describeEachServer('server', (factory) => {
    let redis: RedisTestServer;
    let server: TemporaryServer;
    let worker: JobBackend;
    let queue: Queue;

    beforeAll(async () => {
      redis = await startRedisTestServer();
      server = await factory.start({ queue: redis.url });
      worker = await openJobBackend(server.store, { queue: redis.url });
      queue = new Queue('generate-dataset', { connection: { host: '127.0.0.1', port: redis.port }, prefix: 'protoscope' });
    }, 30_000);

    afterAll(async () => {
      await queue?.close();
      await worker?.close();
      await server?.close();
      await redis?.stop();
    });

    const generate = () =>
      queryData<{ generateDataset: { id: string; status: string } }>(server, 'mutation { generateDataset(generator: "mammo-two-view", n: 8, seed: 1, size: 16) { id status } }');

    it('queues on BullMQ; a worker’s attempt reaches jobUpdated subscribers; the row shows the result', async () => {
      const { generateDataset: job } = await generate();
      expect(job.status).toBe('QUEUED');
      expect(await server.store.jobs.get(Number(job.id))).toMatchObject({ backend: 'bullmq', status: 'queued' });
      expect(await (await queue.getJob(`job-${job.id}`))?.getState()).toBe('prioritized');

      const sub = subscribe<{ jobUpdated: { status: string } }>(server, 'subscription ($id: ID!) { jobUpdated(id: $id) { status } }', { id: job.id });
      try {
        await sub.waitFor(1);
        const attempt = (await worker.claim('test-worker', { kinds: ['generate-dataset'], leaseMs: 30_000 }))!;
        expect(attempt.job.id).toBe(Number(job.id));
        await sub.waitFor(2);
        await attempt.complete({ datasetId: 'x' });
        await sub.completed;
        expect(sub.events.map((e) => e.jobUpdated.status)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
      } finally {
        await sub.close();
      }
      expect(await queue.getJob(`job-${job.id}`)).toBeUndefined();
    }, 30_000);

    it('cancelJob removes a waiting delivery', async () => {
      const { generateDataset: job } = await generate();
      const { cancelJob } = await queryData<{ cancelJob: { status: string } }>(server, `mutation { cancelJob(id: "${job.id}") { status } }`);
      expect(cancelJob.status).toBe('CANCELLED');
      expect(await queue.getJob(`job-${job.id}`)).toBeUndefined();
      expect(await worker.claim('test-worker', { kinds: ['generate-dataset'], leaseMs: 30_000 })).toBeNull();
    }, 30_000);
  });
});
