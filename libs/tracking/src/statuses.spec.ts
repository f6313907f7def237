import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JOB_STATUSES, RUN_STATUSES, SWEEP_STATUSES } from './statuses';
import { openStore, type Store } from './store';

/**
 * Every status the app writes is one the database's CHECK allows: each is written through the store
 * (which would throw on a refused one) on a migrated SQLite file, and a status outside the lists is
 * refused by the database itself, so the check is really there.
 */
describe('run, job and sweep statuses against the database', () => {
  let dir: string;
  let file: string;
  let store: Store;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-statuses-'));
    file = path.join(dir, 'store.db');
    store = await openStore(`sqlite:${file}`, { env: {} });
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores a run in each status, created so and updated to it', async () => {
    for (const status of RUN_STATUSES) {
      const created = await store.runs.create({ method: 'global', config: {}, status });
      expect((await store.runs.get(created.id)).status).toBe(status);
      const updated = await store.runs.create({ method: 'global', config: {} });
      await store.runs.updateStatus(updated.id, status);
      expect((await store.runs.get(updated.id)).status).toBe(status);
    }
  });

  it('stores a job in each status, reached the way the queue reaches it', async () => {
    const seen = new Set<string>();
    const note = async (id: number) => seen.add((await store.jobs.get(id)).status);
    const enqueue = () => store.jobs.enqueue({ kind: 'statuses', maxAttempts: 1 });
    const claim = async () => (await store.jobs.claimNext('w', { kinds: ['statuses'] }))!;

    const done = await enqueue();
    await note(done.id); // queued
    await claim();
    await note(done.id); // running
    await store.jobs.complete(done.id, 'w', { ok: true });
    await note(done.id); // succeeded
    const failing = await enqueue();
    await claim();
    await store.jobs.fail(failing.id, 'w', 'broken');
    await note(failing.id); // failed
    const cancelled = await enqueue();
    await store.jobs.cancel(cancelled.id);
    await note(cancelled.id); // cancelled
    expect([...seen].sort()).toEqual([...JOB_STATUSES].sort());
  });

  it('stores a sweep in each status, running when created and ended in each other one', async () => {
    const create = () =>
      store.sweeps.create({ method: 'global', dataset: 'tiny', strategy: 'random', space: { lr: { min: 0.001, max: 0.01 } }, budget: 2, maxParallel: 1, settings: {} });
    const seen = new Set<string>([(await create()).status]);
    for (const status of SWEEP_STATUSES.filter((s) => s !== 'running')) {
      const sweep = await create();
      expect(await store.sweeps.end(sweep.id, status)).toBe(true);
      seen.add((await store.sweeps.get(sweep.id)).status);
    }
    expect([...seen].sort()).toEqual([...SWEEP_STATUSES].sort());
  });

  it('is refused by the database outside the lists', () => {
    const db = new Database(file);
    try {
      expect(() => db.prepare("UPDATE runs SET status = 'paused'").run()).toThrow(/CHECK constraint failed/);
      expect(() => db.prepare("UPDATE jobs SET status = 'paused'").run()).toThrow(/CHECK constraint failed/);
      expect(() => db.prepare("UPDATE sweeps SET status = 'paused'").run()).toThrow(/CHECK constraint failed/);
    } finally {
      db.close();
    }
  });
});
