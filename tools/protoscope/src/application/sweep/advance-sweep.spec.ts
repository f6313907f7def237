import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openStore, type CreateSweepInput, type Store } from '@protoscope/tracking';
import { advanceSweep } from './advance-sweep';

const postgresUrl = process.env.PROTOSCOPE_TEST_POSTGRES_URL;
const stores: Array<[string, () => Promise<{ store: Store; remove(): Promise<void> }>]> = [
  [
    'sqlite',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-sweep-'));
      const store = await openStore(`sqlite:${path.join(dir, 'store.db')}`);
      return { store, remove: async () => (await store.close(), fs.rmSync(dir, { recursive: true, force: true })) };
    },
  ],
];
if (postgresUrl) {
  stores.push([
    'postgres',
    async () => {
      const schema = `sweep_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const store = await openStore(`${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}schema=${schema}`);
      return {
        store,
        remove: async () => {
          await sql.raw(`drop schema "${schema}" cascade`).execute(store.database);
          await store.close();
        },
      };
    },
  ]);
} else {
  it.skip('advanceSweep on PostgreSQL (PROTOSCOPE_TEST_POSTGRES_URL is not set)', () => undefined);
}

/** What a worker does with a trial job: trains (here: logs `auc` at the last epoch), finishes the run, completes the job. */
async function finishNextTrial(store: Store, auc: (trial: number) => number): Promise<number> {
  const job = await store.jobs.claimNext('test-worker', { kinds: ['sweep-trial'] });
  if (!job?.runId) throw new Error('no trial job queued');
  const payload = job.payload as { sweep: { trial: number }; epochs: number };
  await store.runs.updateStatus(job.runId, 'running');
  await store.metrics.log(job.runId, [{ key: 'val/auc', step: payload.epochs * 10, epoch: payload.epochs - 1, value: auc(payload.sweep.trial) }]);
  await store.runs.updateStatus(job.runId, 'finished');
  await store.jobs.complete(job.id, 'test-worker', { runId: job.runId });
  return payload.sweep.trial;
}

const base: CreateSweepInput = {
  method: 'global',
  dataset: 'tiny',
  strategy: 'random',
  space: { learningRate: { min: 0.0001, max: 0.01, log: true }, 'backbone.options.widths': { values: [[4, 8], [8, 16]] } },
  budget: 5,
  maxParallel: 2,
  settings: { epochs: 2, batchSize: 4, config: { backbone: { name: 'small-cnn' } } },
  seed: 3,
};

describe.each(stores)('advanceSweep [%s]', (_name, open) => {
  let store: Store;
  let remove: () => Promise<void>;
  beforeAll(async () => ({ store, remove } = await open()), 30_000);
  afterAll(async () => remove?.());

  it('never double-enqueues when controllers advance the same sweep at once', async () => {
    const sweep = await store.sweeps.create(base);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => advanceSweep({ store, owner: `c${i}` }, sweep.id)));
    expect(results.flatMap((r) => r.started).sort()).toEqual([0, 1]);
    const jobs = await store.jobs.list({ kind: 'sweep-trial' });
    const mine = jobs.filter((j) => (j.payload as { sweep: { id: string } }).sweep.id === sweep.id);
    expect(mine.map((j) => (j.payload as { sweep: { trial: number } }).sweep.trial).sort()).toEqual([0, 1]);
    // Again, now that both slots are taken: nothing more.
    await Promise.all([advanceSweep({ store }, sweep.id), advanceSweep({ store }, sweep.id)]);
    expect((await store.sweeps.trials(sweep.id)).length).toBe(2);
    await store.sweeps.cancel(sweep.id);
  }, 30_000);

  it('runs a random sweep to its budget with at most max-parallel trials, then ends it with the best trial', async () => {
    const sweep = await store.sweeps.create(base);
    const aucs = [0.61, 0.72, 0.93, 0.55, 0.8];
    await advanceSweep({ store }, sweep.id);
    const queue = await store.jobs.list({ kind: 'sweep-trial', status: 'queued' });
    const first = queue.find((j) => (j.payload as { sweep: { id: string } }).sweep.id === sweep.id)!;
    // The trial job carries a train payload with the trial's params set into the base config.
    const trial0 = await store.runs.get(first.runId!);
    expect(first.payload).toMatchObject({ sweep: { id: sweep.id, trial: 0, rung: 0 }, method: 'global', data: 'tiny', epochs: 2, seed: 3, batchSize: 4 });
    expect(trial0.config).toMatchObject({ method: { backbone: { name: 'small-cnn' } }, training: { epochs: 2, batchSize: 4 } });
    expect(trial0.tags).toEqual([`sweep:${sweep.id}`]);
    for (let done = 0; done < 5; done++) {
      const s = await store.sweeps.summary(sweep.id);
      expect(s.progress.queued + s.progress.running).toBeLessThanOrEqual(2);
      await finishNextTrial(store, (t) => aucs[t]);
      await advanceSweep({ store }, sweep.id);
    }
    const summary = await store.sweeps.summary(sweep.id);
    expect(summary.sweep.status).toBe('finished');
    expect(summary.trials.map((t) => t.trial)).toEqual([0, 1, 2, 3, 4]);
    expect(summary.progress).toEqual({ queued: 0, running: 0, done: 5, stopped: 0, failed: 0 });
    expect(summary.best).toMatchObject({ trial: 2, value: 0.93 });
  }, 30_000);

  it('ASHA continues the best third from its checkpoint and stops the rest (η = 3, rungs 1 and 3 epochs)', async () => {
    const sweep = await store.sweeps.create({ ...base, strategy: 'asha', budget: 3, maxParallel: 3, settings: { config: {}, eta: 3, minEpochs: 1, maxEpochs: 3 } });
    await advanceSweep({ store }, sweep.id);
    const rung0 = [0.6, 0.8, 0.7];
    for (let i = 0; i < 3; i++) await finishNextTrial(store, (t) => rung0[t]);
    const result = await advanceSweep({ store }, sweep.id);
    // ⌊3/3⌋ = 1 is promoted: trial 1 (0.8), to 3 epochs in all, the same run.
    expect(result).toMatchObject({ started: [], promoted: [1] });
    const trials = await store.sweeps.trials(sweep.id);
    const promoted = trials.find((t) => t.trial === 1)!;
    expect(promoted).toMatchObject({ rung: 1, runStatus: 'queued', jobStatus: 'queued' });
    expect((await store.runs.get(promoted.runId)).config).toMatchObject({ training: { epochs: 3 } });
    expect((await store.jobs.get(promoted.jobId!)).payload).toMatchObject({ sweep: { trial: 1, rung: 1 }, epochs: 3 });
    expect((await store.sweeps.summary(sweep.id)).progress).toMatchObject({ queued: 1, stopped: 2 });

    await finishNextTrial(store, () => 0.85);
    await advanceSweep({ store }, sweep.id);
    const summary = await store.sweeps.summary(sweep.id);
    expect(summary.sweep.status).toBe('finished');
    expect(summary.progress).toEqual({ queued: 0, running: 0, done: 1, stopped: 2, failed: 0 });
    expect(summary.best).toMatchObject({ trial: 1, rung: 1, rungValues: [0.8, 0.85], value: 0.85 });
  }, 30_000);

  it('a cancelled sweep starts nothing and its queued trials are cancelled', async () => {
    const sweep = await store.sweeps.create(base);
    await advanceSweep({ store }, sweep.id);
    expect(await store.sweeps.cancel(sweep.id)).toBe(true);
    const again = await advanceSweep({ store }, sweep.id);
    expect(again.started).toEqual([]);
    const summary = await store.sweeps.summary(sweep.id);
    expect(summary.sweep.status).toBe('cancelled');
    expect((await store.sweeps.trials(sweep.id)).map((t) => t.jobStatus)).toEqual(['cancelled', 'cancelled']);
    expect(summary.progress).toMatchObject({ queued: 0, running: 0 });
  }, 30_000);
});
