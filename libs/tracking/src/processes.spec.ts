import { MIGRATION_NAMES } from './migrations';
import { openStore, type Store } from './store';
import { startStoreProcess } from './test-support/spawn-store-process';
import { describeEachStore } from './test-support/store-factories';

describeEachStore('worker processes sharing one store', (factory) => {
  it('migrate a new store once when they open it together, then never claim the same job', async () => {
    const location = await factory.location();
    const names = ['p1', 'p2', 'p3'];
    const processes = names.map((name) => startStoreProcess(location.url, location.artifactsDir, name));
    let parent: Store | undefined;
    try {
      // All three open (and try to migrate) the new store at once; exactly one applies the migrations.
      const opened = await Promise.all(processes.map((p) => p.opened));
      expect(opened.flatMap((o) => o.applied)).toEqual(MIGRATION_NAMES);
      parent = await openStore(location.url, { artifactsDir: location.artifactsDir });
      expect(parent.appliedMigrations).toEqual([]);

      const jobCount = 60;
      for (let i = 0; i < jobCount; i++) await parent.jobs.enqueue({ kind: 'train', payload: { i } });
      // All three claim at once until the queue is empty.
      for (const p of processes) p.go();
      const perProcess = await Promise.all(processes.map((p) => p.claimed));
      const all = perProcess.flat();
      expect(all).toHaveLength(jobCount);
      expect(new Set(all).size).toBe(jobCount);
      const jobs = await parent.jobs.list();
      expect(jobs.every((j) => j.status === 'running' && j.attempts === 1)).toBe(true);
      // Each job is held by the process that reported it.
      const owner = new Map(jobs.map((j) => [j.id, j.leaseOwner]));
      perProcess.forEach((ids, k) => expect(ids.every((id) => owner.get(id) === names[k])).toBe(true));
    } finally {
      for (const p of processes) p.kill();
      await parent?.close();
      await location.remove();
    }
  }, 20_000);
});
