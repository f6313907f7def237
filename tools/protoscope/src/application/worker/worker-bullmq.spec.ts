/**
 * The worker on the bullmq backend against a real redis-server: heavy jobs in their own processes, a
 * cancel that stops a running training within 2 s, a worker killed with SIGKILL whose training
 * another worker finishes from its checkpoint within the lock and stall intervals, and a Redis
 * restart that loses no job. Lock and stall intervals are short so this takes seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { initEngine } from '@protoscope/engine';
import { openJobBackend, openStore, type JobBackend, type Store } from '@protoscope/tracking';
import { redisSkipReason, startRedisTestServer, type RedisTestServer } from '@protoscope/tracking/redis-test-server';
import type { JobHandler } from './job-handler';
import { TINY_CONFIG, tinyWorkspace, waitFor } from './testing/worker-fixtures';
import { runWorker } from './worker-loop';

const BIN = path.resolve(__dirname, '../../../bin/protoscope.js');
const LEASE_SECONDS = 2;
const STALLED_SECONDS = 0.5;
const skip = redisSkipReason();
const describeWithRedis = skip ? describe.skip : describe;
if (skip) process.stderr.write(`bullmq worker tests skipped: ${skip}\n`);
const quiet = () => undefined;

describeWithRedis(`worker on the bullmq backend${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let redis: RedisTestServer;
  let workspace: Awaited<ReturnType<typeof tinyWorkspace>>;
  let store: Store;
  let backend: JobBackend;
  const processes: ChildProcess[] = [];

  beforeAll(async () => {
    await initEngine({ backend: 'wasm', log: quiet });
    redis = await startRedisTestServer();
    workspace = await tinyWorkspace();
    store = await openStore(workspace.storeUrl);
    backend = await openJobBackend(store, { queue: redis.url });
  }, 60_000);

  afterEach(async () => {
    for (const child of processes.splice(0)) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    for (const job of await store.jobs.list({ status: ['queued', 'running'] })) await backend.cancel(job.id);
  });

  afterAll(async () => {
    await backend?.close();
    await store?.close();
    await redis?.stop();
    workspace?.remove();
  });

  const trainPayload = (epochs: number, checkpointEvery: number) => ({ method: 'global', data: workspace.data, epochs, batchSize: 4, config: TINY_CONFIG, checkpointEvery });

  /** `protoscope worker` in a process group of its own (so SIGKILL of the group also takes its job process). */
  function startWorkerProcess(name: string): { child: ChildProcess; output: () => string } {
    let output = '';
    const child = spawn(
      process.execPath,
      [BIN, 'worker', '--store', workspace.storeUrl, '--queue', redis.url, '--name', name, '--lease-seconds', String(LEASE_SECONDS), '--stalled-seconds', String(STALLED_SECONDS), '--poll-ms', '100'],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    processes.push(child);
    return { child, output: () => output };
  }

  it('runs a training in a process of its own and stops it within 2 s of a cancel', async () => {
    const job = await backend.enqueue({ kind: 'train', payload: trainPayload(200, 2) });
    const controller = new AbortController();
    const lines: string[] = [];
    const worker = runWorker({ storeUrl: workspace.storeUrl, queue: redis.url, name: 'cancel-worker', log: (line) => lines.push(line), pollMs: 50, heartbeatMs: 200, signal: controller.signal });
    try {
      // A fast machine checkpoints before the first heartbeat: wait for the progress too.
      const runId = await waitFor('the run, a checkpoint and progress', async () => {
        const current = await store.jobs.get(job.id);
        return current.runId && current.progressMessage && (await store.checkpoints.latest(current.runId)) ? current.runId : undefined;
      }, 60_000);
      const cancelledAt = Date.now();
      await backend.cancel(job.id);
      await waitFor('the run to stop', async () => ((await store.runs.get(runId)).status === 'running' ? undefined : true), 10_000, 20);
      expect(Date.now() - cancelledAt).toBeLessThan(2000);
      expect((await store.runs.get(runId)).status).toBe('cancelled');
      expect((await store.jobs.get(job.id)).status).toBe('cancelled');
      // Progress crossed from the job's process to the worker and into the row.
      expect(JSON.parse((await store.jobs.get(job.id)).progressMessage!)).toMatchObject({ epochs: 200 });
      await waitFor('the worker to let go', async () => (lines.some((l) => /stopped: it is cancelled/.test(l)) ? true : undefined), 10_000);
    } finally {
      controller.abort();
    }
    expect(await worker).toMatchObject({ succeeded: 0, failed: 0, interrupted: 1 });
  }, 90_000);

  it('finishes on another worker, from the checkpoint, a training whose worker was killed with SIGKILL', async () => {
    const epochs = 40;
    const hosts = [startWorkerProcess('host-a'), startWorkerProcess('host-b')];
    for (const [i, host] of hosts.entries()) {
      await waitFor(`host-${'ab'[i]} to start`, async () => (/worker host-.: taking/.test(host.output()) ? true : undefined), 120_000).catch((error: unknown) => {
        throw new Error(`${String(error)}; its output:\n${host.output()}`);
      });
    }
    const job = await backend.enqueue({ kind: 'train', payload: trainPayload(epochs, 3), maxAttempts: 3 });
    const { runId, owner } = await waitFor('a host to train past a checkpoint', async () => {
      const current = await store.jobs.get(job.id);
      if (!current.leaseOwner || !current.runId) return undefined;
      const checkpoint = await store.checkpoints.latest(current.runId);
      return checkpoint && checkpoint.step > 0 ? { runId: current.runId, owner: current.leaseOwner } : undefined;
    }, 60_000, 20);
    const [victim, survivor] = owner === 'host-a' ? hosts : [hosts[1]!, hosts[0]!];
    const survivorName = owner === 'host-a' ? 'host-b' : 'host-a';
    const checkpointAtKill = (await store.checkpoints.latest(runId))!;

    process.kill(-victim!.child.pid!, 'SIGKILL');
    const takenOver = await waitFor('the other host to take the job over', async () => {
      const current = await store.jobs.get(job.id);
      return current.leaseOwner === survivorName ? current : undefined;
    }, 30_000, 20).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${owner}:\n${victim!.output()}\n${survivorName}:\n${survivor!.output()}`);
    });
    // The lock runs out, then the stalled checker (every 0.5 s) moves the job and the survivor takes it:
    // about 2 s on an idle machine, once 7-10 s (not understood yet). The wait above bounds it at 30 s;
    // how fast it is belongs to a benchmark, not to this test.
    expect(takenOver).toMatchObject({ attempts: 2, status: 'running' });

    const done = await waitFor('the job to finish', async () => {
      const current = await store.jobs.get(job.id);
      return current.status === 'running' || current.status === 'queued' ? undefined : current;
    }, 90_000);
    expect(done).toMatchObject({ status: 'succeeded', leaseOwner: survivorName, attempts: 2, result: { runId, status: 'finished' } });
    expect(survivor!.output()).toContain(`resuming run ${runId} from its latest checkpoint`);
    // Every epoch's evaluation exactly once: host-b went on from the checkpoint, nothing was trained twice over.
    const epochsLogged = (await store.metrics.history(runId, 'val/accuracy')).map((p) => p.epoch);
    expect(epochsLogged).toEqual(Array.from({ length: epochs }, (_, i) => i));
    const steps = (await store.metrics.history(runId, 'train/loss')).map((p) => p.step);
    expect(new Set(steps).size).toBe(steps.length);
    expect(checkpointAtKill.step).toBeGreaterThan(0);
    expect((await store.runs.get(runId)).status).toBe('finished');
  }, 300_000);

  it('fails at once a training another attempt would fail too, judged in the job process', async () => {
    const permanent = await backend.enqueue({ kind: 'train', payload: { ...trainPayload(1, 1), method: 'no-such-method' }, maxAttempts: 3 });
    const missingData = await backend.enqueue({ kind: 'train', payload: { ...trainPayload(1, 1), data: '/no/such/folder' }, maxAttempts: 3 });
    const controller = new AbortController();
    const worker = runWorker({ storeUrl: workspace.storeUrl, queue: redis.url, name: 'error-worker', log: quiet, pollMs: 50, signal: controller.signal });
    try {
      await waitFor('both to fail', async () => {
        const jobs = await Promise.all([store.jobs.get(permanent.id), store.jobs.get(missingData.id)]);
        return jobs.every((job) => job.status === 'failed') ? true : undefined;
      }, 90_000);
    } finally {
      controller.abort();
    }
    await worker;
    expect(await store.jobs.get(permanent.id)).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/unknown method 'no-such-method'/) });
    expect(await store.jobs.get(missingData.id)).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringContaining('/no/such/folder') });
  }, 120_000);

  it('loses no job when Redis restarts mid-queue', async () => {
    const ran = new Map<number, number>();
    const slow: JobHandler = {
      kind: 'slow',
      run: async ({ job }) => {
        ran.set(job.id, (ran.get(job.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 200));
        return { id: job.id };
      },
    };
    const jobs = [];
    for (let i = 0; i < 8; i++) jobs.push(await backend.enqueue({ kind: 'slow' }));
    const controller = new AbortController();
    const worker = runWorker({ storeUrl: workspace.storeUrl, queue: redis.url, name: 'restart-worker', handlers: [slow], log: quiet, pollMs: 50, leaseMs: 5000, signal: controller.signal });
    try {
      await waitFor('two jobs done', async () => ((await store.jobs.list({ kind: 'slow', status: 'succeeded' })).length >= 2 ? true : undefined), 30_000);
      await redis.restart();
      await waitFor('every job done', async () => ((await store.jobs.list({ kind: 'slow', status: 'succeeded' })).length === jobs.length ? true : undefined), 30_000);
    } finally {
      controller.abort();
    }
    await worker;
    for (const job of jobs) expect(await store.jobs.get(job.id)).toMatchObject({ status: 'succeeded', result: { id: job.id } });
    expect([...ran.keys()].sort((a, b) => a - b)).toEqual(jobs.map((j) => j.id));
  }, 60_000);
});
