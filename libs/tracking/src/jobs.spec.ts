import { InvalidInputError, JobLeaseLostError, UnknownJobError, UnknownRunError } from './errors';
import { openStore } from './store';
import { describeEachStore, useFreshStore } from './test-support/store-factories';

describeEachStore('jobs', (factory) => {
  const current = useFreshStore(factory);

  it('round-trips a queued job', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'protopnet' });
    const job = await store.jobs.enqueue({
      kind: 'train',
      payload: { method: 'protopnet', epochs: 10, data: '/data/mammo', flags: [true, null] },
      priority: 5,
      maxAttempts: 2,
      runId: run.id,
    });
    expect(job).toMatchObject({
      kind: 'train',
      payload: { method: 'protopnet', epochs: 10, data: '/data/mammo', flags: [true, null] },
      status: 'queued',
      priority: 5,
      attempts: 0,
      maxAttempts: 2,
      leaseOwner: null,
      leaseExpiresAt: null,
      progress: null,
      result: null,
      error: null,
      runId: run.id,
      startedAt: null,
      finishedAt: null,
    });
    expect(await store.jobs.get(job.id)).toEqual(job);
    expect(await store.jobs.list({ status: 'queued', kind: 'train' })).toEqual([job]);
    expect(await store.jobs.list({ status: ['running', 'failed'] })).toEqual([]);
    await expect(store.jobs.get(987654)).rejects.toThrow(UnknownJobError);
    await expect(store.jobs.enqueue({ kind: 'train', runId: 'nope' })).rejects.toThrow(UnknownRunError);
    await expect(store.jobs.enqueue({ kind: '' })).rejects.toThrow(/enqueueJob: kind/);
  });

  it('claims by priority, then in creation order; honours kinds and availableAt', async () => {
    const { store } = current();
    const low = await store.jobs.enqueue({ kind: 'explain' });
    const high = await store.jobs.enqueue({ kind: 'train', priority: 10 });
    const later = await store.jobs.enqueue({ kind: 'explain', availableAt: Date.now() + 3_600_000 });
    const low2 = await store.jobs.enqueue({ kind: 'explain' });
    expect((await store.jobs.claimNext('w', { kinds: ['explain'] }))?.id).toBe(low.id);
    const claimed = await store.jobs.claimNext('w');
    expect(claimed).toMatchObject({ id: high.id, status: 'running', leaseOwner: 'w', attempts: 1 });
    expect(claimed?.startedAt).toBeInstanceOf(Date);
    expect(claimed!.leaseExpiresAt!.getTime() - claimed!.updatedAt.getTime()).toBe(60_000);
    expect(await store.jobs.claimNext('w', { kinds: ['train'] })).toBeNull();
    expect(await store.jobs.claimNext('w', { kinds: [] })).toBeNull();
    expect((await store.jobs.claimNext('w'))?.id).toBe(low2.id);
    expect(await store.jobs.claimNext('w')).toBeNull(); // `later` is not available yet
    expect((await store.jobs.get(later.id)).status).toBe('queued');
  });

  it('runs a job through heartbeats to success', async () => {
    const { store } = current();
    const run = await store.runs.create({ method: 'global' });
    const job = await store.jobs.enqueue({ kind: 'train' });
    await store.jobs.claimNext('gpu-1');
    const beat = await store.jobs.heartbeat(job.id, 'gpu-1', { progress: 0.25, message: 'epoch 1/4', leaseMs: 5_000 });
    expect(beat).toMatchObject({ progress: 0.25, progressMessage: 'epoch 1/4' });
    expect(beat.leaseExpiresAt!.getTime() - beat.updatedAt.getTime()).toBe(5_000);
    expect((await store.jobs.setRun(job.id, run.id)).runId).toBe(run.id);
    await expect(store.jobs.heartbeat(job.id, 'gpu-1', { progress: 2 })).rejects.toThrow(/between 0 and 1/);
    await expect(store.jobs.complete(job.id, 'gpu-2', {})).rejects.toThrow(JobLeaseLostError);
    const done = await store.jobs.complete(job.id, 'gpu-1', { runId: run.id, valAuc: 0.97 });
    expect(done).toMatchObject({ status: 'succeeded', result: { runId: run.id, valAuc: 0.97 }, progress: 1, leaseExpiresAt: null });
    expect(done.finishedAt).toBeInstanceOf(Date);
    expect(await store.jobs.claimNext('gpu-1')).toBeNull();
    await expect(store.jobs.heartbeat(job.id, 'gpu-1')).rejects.toThrow(/no longer holds job .*: it is succeeded/);
  });

  it('retries a failed job until its attempts run out', async () => {
    const { store, clock } = current();
    clock.set(1_700_000_000_000);
    const job = await store.jobs.enqueue({ kind: 'train', maxAttempts: 2 });
    await store.jobs.claimNext('w');
    const retried = await store.jobs.fail(job.id, 'w', 'CUDA out of memory', { retryDelayMs: 10_000 });
    expect(retried).toMatchObject({ status: 'queued', error: 'CUDA out of memory', attempts: 1 });
    expect(await store.jobs.claimNext('w')).toBeNull(); // backing off
    clock.advance(10_000);
    expect((await store.jobs.claimNext('w'))?.attempts).toBe(2);
    const failed = await store.jobs.fail(job.id, 'w', 'CUDA out of memory again');
    expect(failed).toMatchObject({ status: 'failed', error: 'CUDA out of memory again', attempts: 2 });
    expect(failed.finishedAt?.getTime()).toBe(clock.now());
    expect(await store.jobs.claimNext('w')).toBeNull();

    const once = await store.jobs.enqueue({ kind: 'explain' });
    await store.jobs.claimNext('w');
    expect((await store.jobs.fail(once.id, 'w', 'bad input', { retry: false })).status).toBe('failed');
  });

  it('hands the job of a worker whose lease expired to another worker', async () => {
    const { store, clock } = current();
    clock.set(1_700_000_000_000);
    const job = await store.jobs.enqueue({ kind: 'train', maxAttempts: 2 });
    await store.jobs.claimNext('worker-a', { leaseMs: 1_000 });
    clock.advance(999);
    expect(await store.jobs.claimNext('worker-b')).toBeNull();
    clock.advance(2);
    const taken = await store.jobs.claimNext('worker-b', { leaseMs: 1_000 });
    expect(taken).toMatchObject({ id: job.id, leaseOwner: 'worker-b', attempts: 2, status: 'running' });
    await expect(store.jobs.heartbeat(job.id, 'worker-a')).rejects.toThrow(
      /worker "worker-a" no longer holds job \d+: it is held by "worker-b" now/,
    );
    await expect(store.jobs.complete(job.id, 'worker-a')).rejects.toThrow(JobLeaseLostError);
    await expect(store.jobs.fail(job.id, 'worker-a', 'x')).rejects.toThrow(JobLeaseLostError);

    // worker-b dies too, on the last allowed attempt: the job is failed, not handed out again.
    clock.advance(5_000);
    expect(await store.jobs.claimNext('worker-c')).toBeNull();
    const dead = await store.jobs.get(job.id);
    expect(dead.status).toBe('failed');
    expect(dead.error).toMatch(/lease of worker worker-b expired on attempt 2 of 2/);
  });

  it('cancels queued and running jobs; the worker learns it at its next heartbeat', async () => {
    const { store } = current();
    const queued = await store.jobs.enqueue({ kind: 'explain' });
    const running = await store.jobs.enqueue({ kind: 'train' });
    expect((await store.jobs.cancel(queued.id)).status).toBe('cancelled');
    expect((await store.jobs.claimNext('w'))?.id).toBe(running.id);
    await store.jobs.cancel(running.id);
    const lost = await store.jobs.heartbeat(running.id, 'w').catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(JobLeaseLostError);
    expect((lost as JobLeaseLostError).jobStatus).toBe('cancelled');
    expect(await store.jobs.claimNext('w')).toBeNull();

    const done = await store.jobs.enqueue({ kind: 'x' });
    await store.jobs.claimNext('w');
    await store.jobs.complete(done.id, 'w');
    expect((await store.jobs.cancel(done.id)).status).toBe('succeeded');
    await expect(store.jobs.cancel(424242)).rejects.toThrow(UnknownJobError);
  });

  it('lists the jobs changed at or after a time, by updatedAt then id', async () => {
    const { store, clock } = current();
    const T = 1_700_000_000_000;
    expect(await store.jobs.lastUpdate()).toBeNull();
    expect(await store.jobs.updatedSince(0)).toEqual([]);

    clock.set(T + 1_000);
    const a = await store.jobs.enqueue({ kind: 'train' });
    const b = await store.jobs.enqueue({ kind: 'explain' });
    clock.set(T + 2_000);
    const c = await store.jobs.enqueue({ kind: 'explain' });
    clock.set(T + 3_000);
    await store.jobs.claimNext('w', { kinds: ['train'] }); // a: running at T+3000
    await store.jobs.cancel(b.id); // b: cancelled at T+3000, the same millisecond
    // Creation order is a, b, c; change order is c (T+2000), then a and b tied at T+3000, by id.
    const summary = (jobs: ReadonlyArray<{ id: number; status: string; updatedAt: Date }>) =>
      jobs.map((j) => [j.id, j.status, j.updatedAt.getTime() - T]);

    expect((await store.jobs.lastUpdate())?.getTime()).toBe(T + 3_000);
    const all = await store.jobs.updatedSince(0);
    expect(summary(all)).toEqual([
      [c.id, 'queued', 2_000],
      [a.id, 'running', 3_000],
      [b.id, 'cancelled', 3_000],
    ]);
    // Whole jobs, as getJob reads them.
    expect(all).toEqual([await store.jobs.get(c.id), await store.jobs.get(a.id), await store.jobs.get(b.id)]);
    // Inclusive bound, as a number or a Date; a fractional millisecond rounds up.
    expect(summary(await store.jobs.updatedSince(T + 2_000)).map(([id]) => id)).toEqual([c.id, a.id, b.id]);
    expect(summary(await store.jobs.updatedSince(T + 2_001)).map(([id]) => id)).toEqual([a.id, b.id]);
    expect(summary(await store.jobs.updatedSince(T + 2_000.5)).map(([id]) => id)).toEqual([a.id, b.id]);
    expect(summary(await store.jobs.updatedSince(new Date(T + 3_000))).map(([id]) => id)).toEqual([a.id, b.id]);
    expect(await store.jobs.updatedSince(T + 3_001)).toEqual([]);

    // Status now, and the first `limit` of the order.
    expect(summary(await store.jobs.updatedSince(0, { statuses: ['queued', 'cancelled'] }))).toEqual([
      [c.id, 'queued', 2_000],
      [b.id, 'cancelled', 3_000],
    ]);
    expect(await store.jobs.updatedSince(0, { statuses: ['succeeded'] })).toEqual([]);
    expect(await store.jobs.updatedSince(0, { statuses: [] })).toEqual([]);
    expect(summary(await store.jobs.updatedSince(0, { limit: 2 })).map(([id]) => id)).toEqual([c.id, a.id]);
    expect(summary(await store.jobs.updatedSince(T + 3_000, { limit: 1 })).map(([id]) => id)).toEqual([a.id]);

    await expect(store.jobs.updatedSince(Number.NaN)).rejects.toThrow(InvalidInputError);
    await expect(store.jobs.updatedSince(new Date('not a date'))).rejects.toThrow(/jobsUpdatedSince: since/);
    await expect(store.jobs.updatedSince(0, { limit: 0 })).rejects.toThrow(/jobsUpdatedSince: limit/);
    await expect(store.jobs.updatedSince(0, { limit: 1.5 })).rejects.toThrow(InvalidInputError);
  });

  it('shows a follower a change made in the millisecond of its last read, after that read', async () => {
    const { store, clock } = current();
    const T = 1_700_000_000_000;
    clock.set(T);
    const first = await store.jobs.enqueue({ kind: 'train' });
    const cursor = (await store.jobs.lastUpdate())!;
    expect((await store.jobs.updatedSince(cursor)).map((j) => j.id)).toEqual([first.id]);
    // Same millisecond: a new job, and a change of the job already seen (its status, not its time).
    const second = await store.jobs.enqueue({ kind: 'explain' });
    await store.jobs.cancel(first.id);
    const next = await store.jobs.updatedSince(cursor);
    expect(next.map((j) => [j.id, j.status, j.updatedAt.getTime()])).toEqual([
      [first.id, 'cancelled', T],
      [second.id, 'queued', T],
    ]);
  });

  it('keeps jobs across a restart, and re-queues the jobs of a restarted worker at once', async () => {
    const ts = await factory.open();
    try {
      const waiting = await ts.store.jobs.enqueue({ kind: 'train', payload: { epochs: 3 } });
      const held = await ts.store.jobs.enqueue({ kind: 'explain' });
      expect((await ts.store.jobs.claimNext('host-1', { kinds: ['explain'] }))?.id).toBe(held.id);
      await ts.store.close();

      const reopened = await openStore(ts.url, { artifactsDir: ts.artifactsDir });
      try {
        expect(reopened.appliedMigrations).toEqual([]);
        expect(await reopened.jobs.get(waiting.id)).toMatchObject({ status: 'queued', payload: { epochs: 3 } });
        expect(await reopened.jobs.get(held.id)).toMatchObject({ status: 'running', leaseOwner: 'host-1' });
        expect(await reopened.jobs.releaseWorker('host-1')).toBe(1);
        const order = [(await reopened.jobs.claimNext('host-1'))?.id, (await reopened.jobs.claimNext('host-1'))?.id];
        expect(order).toEqual([waiting.id, held.id]);
        // The handed-back claim is not an attempt: only the new one counts.
        expect((await reopened.jobs.get(held.id)).attempts).toBe(1);
      } finally {
        await reopened.close();
      }
    } finally {
      await ts.cleanup();
    }
  });

  it('never hands one job to two concurrent claimers in one process (several stores)', async () => {
    const ts = current();
    const jobCount = 40;
    for (let i = 0; i < jobCount; i++) await ts.store.jobs.enqueue({ kind: 'train', payload: { i } });
    const stores = [ts.store, ...(await Promise.all([1, 2, 3].map(() => openStore(ts.url, { artifactsDir: ts.artifactsDir }))))];
    try {
      const claimed: number[] = [];
      // Rounds of simultaneous claims, 4 stores × 4 claims each, until the queue is empty. (On SQLite the
      // stores of one process share a connection; processes.spec.ts covers separate processes.)
      for (let round = 0; claimed.length < jobCount && round < 20; round++) {
        const results = await Promise.all(
          stores.flatMap((s, w) => [0, 1, 2, 3].map((k) => s.jobs.claimNext(`worker-${w}-${k}`))),
        );
        for (const job of results) if (job) claimed.push(job.id);
      }
      expect(claimed).toHaveLength(jobCount);
      expect(new Set(claimed).size).toBe(jobCount);
      const running = await ts.store.jobs.list({ status: 'running' });
      expect(running).toHaveLength(jobCount);
      expect(running.every((j) => j.attempts === 1)).toBe(true);
    } finally {
      await Promise.all(stores.slice(1).map((s) => s.close()));
    }
  });
});
