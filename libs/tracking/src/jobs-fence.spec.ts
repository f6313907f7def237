import { JobLeaseLostError } from './errors';
import { StaleAttemptError } from './jobs-fence';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

describeEachStore('job attempt fencing', (factory) => {
  const current = useFreshStore(factory);

  it('gives every claim a new attempt token', async () => {
    const { store, clock } = current();
    clock.set(1_700_000_000_000);
    const job = await store.jobs.enqueue({ kind: 'train' });
    expect(job).toMatchObject({ attemptToken: null, backend: 'embedded' });
    const first = await store.jobs.claimNext('a', { leaseMs: 1000 });
    clock.advance(1001);
    const second = await store.jobs.claimNext('b', { leaseMs: 1000 });
    expect(first?.attemptToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.attemptToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.attemptToken).not.toBe(first?.attemptToken);
    expect(second?.id).toBe(job.id);
  });

  it('refuses every result write of an attempt that lost its lease, and keeps the live attempt’s', async () => {
    const { store, clock } = current();
    clock.set(1_700_000_000_000);
    const job = await store.jobs.enqueue({ kind: 'train' });
    const stale = (await store.jobs.claimNext('host-a', { leaseMs: 1000 }))!;
    const staleStore = store.fenced({ jobId: job.id, token: stale.attemptToken! });
    // Before losing the job, its writes go through.
    const run = await staleStore.runs.create({ method: 'global' });
    await staleStore.jobs.setRun(job.id, run.id);
    await staleStore.metrics.log(run.id, [{ key: 'loss', value: 1, step: 1 }]);

    // host-a is partitioned for longer than its lease; host-b takes the job over.
    clock.advance(1001);
    const live = (await store.jobs.claimNext('host-b', { leaseMs: 60_000 }))!;
    expect(live.id).toBe(job.id);
    const liveStore = store.fenced({ jobId: job.id, token: live.attemptToken! });

    // host-a comes back: every write it tries is refused and leaves nothing.
    await expect(staleStore.metrics.log(run.id, [{ key: 'loss', value: 0.5, step: 2 }])).rejects.toThrow(StaleAttemptError);
    await expect(staleStore.runs.updateStatus(run.id, 'finished')).rejects.toThrow(/another attempt took it over/);
    await expect(staleStore.checkpoints.save(run.id, { step: 2, artifact: 'a'.repeat(64) })).rejects.toThrow(StaleAttemptError);
    await expect(staleStore.runs.create({ method: 'global' })).rejects.toThrow(StaleAttemptError);
    await expect(store.jobs.complete(job.id, 'host-a', { wrong: true }, { attemptToken: stale.attemptToken! })).rejects.toThrow(JobLeaseLostError);
    await expect(store.jobs.heartbeat(job.id, 'host-a', { attemptToken: stale.attemptToken! })).rejects.toThrow(JobLeaseLostError);

    // host-b's writes and completion are kept.
    await liveStore.metrics.log(run.id, [{ key: 'loss', value: 0.25, step: 2 }]);
    await liveStore.runs.updateStatus(run.id, 'finished');
    const done = await store.jobs.complete(job.id, 'host-b', { ok: true }, { attemptToken: live.attemptToken! });
    expect(done).toMatchObject({ status: 'succeeded', result: { ok: true }, leaseOwner: 'host-b' });
    expect((await store.metrics.history(run.id, 'loss')).map((p) => [p.step, p.value])).toEqual([
      [1, 1],
      [2, 0.25],
    ]);
    expect(await store.runs.list()).toHaveLength(1);
    expect((await store.runs.get(run.id)).status).toBe('finished');
    expect(await store.checkpoints.list(run.id)).toEqual([]);

    // A finished job fences off even its own last attempt.
    await expect(liveStore.metrics.log(run.id, [{ key: 'loss', value: 9, step: 3 }])).rejects.toThrow(/it is succeeded/);
  });

  it('a cancelled job’s attempt may wind its run down but not complete the job', async () => {
    const { store } = current();
    const job = await store.jobs.enqueue({ kind: 'train' });
    const claimed = (await store.jobs.claimNext('w'))!;
    const fenced = store.fenced({ jobId: job.id, token: claimed.attemptToken! });
    const run = await fenced.runs.create({ method: 'global' });
    await store.jobs.cancel(job.id);
    expect((await fenced.runs.updateStatus(run.id, 'cancelled')).status).toBe('cancelled');
    const error = await store.jobs.complete(job.id, 'w', {}, { attemptToken: claimed.attemptToken! }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobLeaseLostError);
    expect((error as JobLeaseLostError).jobStatus).toBe('cancelled');
    expect((await store.jobs.get(job.id)).status).toBe('cancelled');
  });

  it('a fenced view leaves its parent open when closed', async () => {
    const { store } = current();
    const job = await store.jobs.enqueue({ kind: 'train' });
    const claimed = (await store.jobs.claimNext('w'))!;
    await store.fenced({ jobId: job.id, token: claimed.attemptToken! }).close();
    expect((await store.jobs.get(job.id)).status).toBe('running');
  });

  describe('attempts of delivered jobs (bullmq)', () => {
    it('starts attempts under the queue’s token, fencing off the one before', async () => {
      const { store } = current();
      const job = await store.jobs.enqueue({ kind: 'train', backend: 'bullmq', maxAttempts: 2 });
      expect(await store.jobs.claimNext('embedded-worker')).toBeNull();
      const first = await store.jobs.startAttempt(job.id, 'a', 'token-1', 30_000);
      expect(first).toMatchObject({ run: true, job: { status: 'running', attempts: 1, attemptToken: 'token-1', leaseOwner: 'a' } });
      const second = await store.jobs.startAttempt(job.id, 'b', 'token-2', 30_000);
      expect(second).toMatchObject({ run: true, job: { attempts: 2, attemptToken: 'token-2', leaseOwner: 'b' } });
      await expect(store.fenced({ jobId: job.id, token: 'token-1' }).runs.create({ method: 'global' })).rejects.toThrow(StaleAttemptError);
      // Its worker died on the last attempt: the next delivery fails it.
      const third = await store.jobs.startAttempt(job.id, 'c', 'token-3', 30_000);
      expect(third.run).toBe(false);
      expect(third.job).toMatchObject({ status: 'failed', error: 'worker b stopped answering on attempt 2 of 2' });
    });

    it('does not run a job that was cancelled or finished, and releases without counting the attempt', async () => {
      const { store } = current();
      const cancelled = await store.jobs.enqueue({ kind: 'train', backend: 'bullmq' });
      await store.jobs.cancel(cancelled.id);
      expect(await store.jobs.startAttempt(cancelled.id, 'a', 't', 30_000)).toMatchObject({ run: false, job: { status: 'cancelled' } });

      const job = await store.jobs.enqueue({ kind: 'train', backend: 'bullmq' });
      await store.jobs.startAttempt(job.id, 'a', 't1', 30_000);
      expect(await store.jobs.releaseAttempt(job.id, 'other')).toBe(false);
      expect(await store.jobs.releaseAttempt(job.id, 't1')).toBe(true);
      expect(await store.jobs.get(job.id)).toMatchObject({ status: 'queued', attempts: 0 });
      await store.jobs.startAttempt(job.id, 'a', 't2', 30_000);
      await store.jobs.complete(job.id, 'a', 1, { attemptToken: 't2' });
      expect(await store.jobs.startAttempt(job.id, 'b', 't3', 30_000)).toMatchObject({ run: false, job: { status: 'succeeded', attemptToken: 't2' } });
    });

    it('fails a job its queue never got', async () => {
      const { store } = current();
      const job = await store.jobs.enqueue({ kind: 'train', backend: 'bullmq' });
      expect(await store.jobs.failUndelivered(job.id, 'redis down')).toMatchObject({ status: 'failed', error: 'redis down' });
    });
  });
});
