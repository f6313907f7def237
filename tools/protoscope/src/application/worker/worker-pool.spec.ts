import { openStore, type Store } from '@protoscope/tracking';
import { TINY_CONFIG, tinyWorkspace, waitFor } from './testing/worker-fixtures';
import { startWorkerPool, type WorkerPool } from './worker-pool';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startWorkerPool', () => {
  let workspace: Awaited<ReturnType<typeof tinyWorkspace>>;
  let store: Store;
  let pool: WorkerPool | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    workspace = await tinyWorkspace();
    store = await openStore(workspace.storeUrl);
  }, 30_000);

  afterAll(async () => {
    await pool?.stop();
    await store?.close();
    workspace?.remove();
  });

  // A lease of seconds (not the default minute) keeps the test short; long enough that a worker on a
  // busy machine still renews it in time.
  it('resumes the job of a killed worker in another worker once the lease expires, and stops its workers', async () => {
    pool = await startWorkerPool({ storeUrl: workspace.storeUrl, workers: 2, leaseMs: 5000, pollMs: 100, log: (line) => lines.push(line) });
    const epochs = 12;
    const job = await store.jobs.enqueue({ kind: 'train', payload: { method: 'global', data: workspace.data, epochs, batchSize: 4, config: TINY_CONFIG, checkpointEvery: 1 } });

    const { runId, owner } = await waitFor('the first checkpoint', async () => {
      const current = await store.jobs.get(job.id);
      if (!current.runId || !current.leaseOwner) return undefined;
      return (await store.checkpoints.latest(current.runId)) ? { runId: current.runId, owner: current.leaseOwner } : undefined;
    }, 40_000, 20);
    const victim = pool.workers().find((w) => w.name === owner)!;
    process.kill(victim.pid!, 'SIGKILL');
    const killedAt = (await store.checkpoints.latest(runId))!.step;

    const done = await waitFor('the job to finish', async () => {
      const current = await store.jobs.get(job.id);
      return current.status === 'running' || current.status === 'queued' ? undefined : current;
    }, 60_000, 100);
    expect(done).toMatchObject({ status: 'succeeded', runId });
    // Two attempts at least: the killed one and its successor (a machine too busy to renew a lease in
    // time can add one; the checkpoint checks below still hold for every extra attempt).
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    expect(done.leaseOwner).not.toBe(owner);
    expect((await store.runs.get(runId)).status).toBe('finished');

    // One run, continued from its checkpoints: no position checkpointed twice, all steps of the schedule done,
    // and the metric history holds every epoch.
    // (A stop after an epoch's last batch and that epoch's end share a step, at different positions.)
    const checkpoints = await store.checkpoints.list(runId);
    const positions = checkpoints.map((c) => `${c.epoch}:${c.step}`);
    expect(new Set(positions).size).toBe(positions.length);
    const steps = checkpoints.map((c) => c.step);
    expect(steps).toContain(killedAt);
    const { of } = JSON.parse(done.progressMessage!) as { of: number };
    expect(Math.max(...steps)).toBe(epochs * of);
    const epochsLogged = new Set((await store.metrics.history(runId, 'train/loss')).map((p) => p.epoch));
    expect([...epochsLogged].sort((a, b) => a! - b!)).toEqual(Array.from({ length: epochs }, (_, e) => e));
    // The pool restarted the killed worker, under a new name.
    expect(lines.some((line) => line.includes(`worker ${owner} exited (SIGKILL)`))).toBe(true);

    const running = pool.workers();
    expect(running).toHaveLength(2);
    await pool.stop();
    expect(running.every((w) => !alive(w.pid!))).toBe(true);
  }, 110_000);
});
