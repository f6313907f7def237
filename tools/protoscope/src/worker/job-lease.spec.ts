import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openStore, type Job, type Store } from '@protoscope/tracking';
import { JobLease } from './job-lease';

describe('JobLease', () => {
  let dir: string;
  let store: Store;
  let now: number;
  let job: Job;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-lease-'));
    now = 1_000_000;
    store = await openStore(`sqlite:${path.join(dir, 'store.db')}`, { clock: () => now });
    await store.enqueueJob({ kind: 'train' });
    job = (await store.claimNextJob('w', { leaseMs: 1000 }))!;
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const lease = (heartbeatMs: number) => new JobLease(store, job, 'w', { leaseMs: 5000, heartbeatMs, log: () => undefined });

  it('renews the lease from the store clock and stores the latest of the progress reported between heartbeats', async () => {
    const held = lease(60_000);
    held.start();
    await held.report({ fraction: 0.25, message: 'first' });
    await held.report({ fraction: 0.5, message: 'second' });
    // Not due yet: the store still has the claim's lease and no progress.
    expect(await store.getJob(job.id)).toMatchObject({ progress: null, leaseExpiresAt: new Date(1_000_000 + 1000) });

    now += 700;
    await held.stop();
    expect(await store.getJob(job.id)).toMatchObject({ progress: 0.5, progressMessage: 'second', leaseExpiresAt: new Date(1_000_700 + 5000) });
    expect(held.lost).toBeUndefined();
  });

  it('sends every report when a heartbeat is due each time', async () => {
    const held = lease(0);
    await held.report({ fraction: 2, message: 'past the end' });
    expect(await store.getJob(job.id)).toMatchObject({ progress: 1, progressMessage: 'past the end' });
  });

  it('aborts its signal and says why when the job was cancelled', async () => {
    const held = lease(60_000);
    await store.cancelJob(job.id);
    await held.beat();
    expect(held.signal.aborted).toBe(true);
    expect(held.lost?.jobStatus).toBe('cancelled');
    // Further beats do nothing (the job is no longer ours).
    await held.report({ message: 'late' });
    await held.stop();
    expect((await store.getJob(job.id)).progressMessage).toBeNull();
  });
});
