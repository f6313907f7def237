import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedJobBackend, openStore, type JobAttempt, type Store } from '@protoscope/tracking';
import { JobLease } from './job-lease';

describe('JobLease', () => {
  let dir: string;
  let store: Store;
  let now: number;
  let attempt: JobAttempt;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-lease-'));
    now = 1_000_000;
    store = await openStore(`sqlite:${path.join(dir, 'store.db')}`, { clock: () => now });
    await store.jobs.enqueue({ kind: 'train' });
    // The embedded backend's attempt renews leases of the length it claimed with.
    attempt = (await new EmbeddedJobBackend(store).claim('w', { leaseMs: 5000 }))!;
    await store.jobs.heartbeat(attempt.job.id, 'w', { leaseMs: 1000, attemptToken: attempt.fence.token });
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const lease = (heartbeatMs: number, watchMs = 60_000) => new JobLease(attempt, store, 'w', { leaseMs: 5000, heartbeatMs, watchMs, log: () => undefined });
  const job = () => attempt.job;

  it('renews the lease from the store clock and stores the latest of the progress reported between heartbeats', async () => {
    const held = lease(60_000);
    held.start();
    await held.report({ fraction: 0.25, message: 'first' });
    await held.report({ fraction: 0.5, message: 'second' });
    // Not due yet: the store still has the claim's lease and no progress.
    expect(await store.jobs.get(job().id)).toMatchObject({ progress: null, leaseExpiresAt: new Date(1_000_000 + 1000) });

    now += 700;
    await held.stop();
    expect(await store.jobs.get(job().id)).toMatchObject({ progress: 0.5, progressMessage: 'second', leaseExpiresAt: new Date(1_000_700 + 5000) });
    expect(held.lost).toBeUndefined();
  });

  it('sends every report when a heartbeat is due each time', async () => {
    const held = lease(0);
    await held.report({ fraction: 2, message: 'past the end' });
    expect(await store.jobs.get(job().id)).toMatchObject({ progress: 1, progressMessage: 'past the end' });
  });

  it('aborts its signal and says why when the job was cancelled', async () => {
    const held = lease(60_000);
    await store.jobs.cancel(job().id);
    await held.beat();
    expect(held.signal.aborted).toBe(true);
    expect(held.lost?.jobStatus).toBe('cancelled');
    // Further beats do nothing (the job is no longer ours).
    await held.report({ message: 'late' });
    await held.stop();
    expect((await store.jobs.get(job().id)).progressMessage).toBeNull();
  });

  it('learns of a cancel from the job row within the watch interval, with no heartbeat due', async () => {
    const held = lease(60_000, 50);
    held.start();
    const cancelledAt = Date.now();
    await store.jobs.cancel(job().id);
    await new Promise<void>((resolve) => held.signal.addEventListener('abort', () => resolve(), { once: true }));
    expect(Date.now() - cancelledAt).toBeLessThan(2000);
    expect(held.lost?.jobStatus).toBe('cancelled');
    await held.stop();
  });

  it('learns from the job row that another attempt took the job over', async () => {
    const held = lease(60_000, 50);
    held.start();
    now += 10_000; // the lease (1 s) ran out: another worker claims the job
    const other = await store.jobs.claimNext('other', { leaseMs: 60_000 });
    expect(other?.id).toBe(job().id);
    await new Promise<void>((resolve) => held.signal.addEventListener('abort', () => resolve(), { once: true }));
    expect(held.lost?.message).toMatch(/another attempt holds it now \(worker "other"\)/);
    await held.stop();
  });
});
