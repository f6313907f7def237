import * as fs from 'node:fs';
import * as path from 'node:path';
import { initEngine } from '@protoscope/engine';
import { openDataset } from '@protoscope/datasets';
import { openStore, type Store } from '@protoscope/tracking';
import { JobPayloadError, type JobHandler } from './job-handler';
import { TINY_CONFIG, tinyWorkspace, waitFor } from './testing/worker-fixtures';
import { runWorker } from './worker-loop';

const quiet = () => undefined;

describe('runWorker', () => {
  let workspace: Awaited<ReturnType<typeof tinyWorkspace>>;
  let store: Store;

  beforeAll(async () => {
    await initEngine({ backend: 'wasm', log: quiet });
    workspace = await tinyWorkspace();
    store = await openStore(workspace.storeUrl);
  }, 30_000);

  // Each test starts with an empty queue (a test's follow-up jobs must not reach the next test's worker).
  afterEach(async () => {
    for (const job of await store.jobs.list({ status: ['queued', 'running'] })) await store.jobs.cancel(job.id);
  });

  afterAll(async () => {
    await store?.close();
    workspace?.remove();
  });

  const once = (extra: Parameters<typeof runWorker>[0] = {}) => runWorker({ storeUrl: workspace.storeUrl, name: 'test-worker', once: true, log: quiet, ...extra });

  it('generates a dataset into <home>/datasets/<id> and registers it under that id', async () => {
    const job = await store.jobs.enqueue({ kind: 'generate-dataset', payload: { generator: 'mammo-two-view', n: 10, seed: 2, size: 16, id: 'small-two-view' } });
    const summary = await once();

    expect(summary).toMatchObject({ succeeded: 1, failed: 0 });
    const dir = path.join(workspace.root, 'home', 'datasets', 'small-two-view');
    const { manifest } = openDataset(dir);
    expect(manifest.id).toBe('small-two-view');
    expect(manifest.images).toHaveLength(10);
    expect(await store.datasets.get('small-two-view')).toMatchObject({ path: dir, imageCount: 10, kind: 'generator' });
    expect((await store.jobs.get(job.id)).result).toEqual({ datasetId: 'small-two-view', path: dir, images: 10 });
    // Nothing is left in the staging area.
    expect(fs.readdirSync(path.join(workspace.root, 'home', 'datasets', '.staging'))).toEqual([]);
  }, 30_000);

  it('trains a run, links it to the job, records metrics and progress, and enqueues the follow-up jobs', async () => {
    const job = await store.jobs.enqueue({
      kind: 'train',
      payload: {
        method: 'global',
        data: workspace.data,
        epochs: 2,
        batchSize: 4,
        config: TINY_CONFIG,
        tags: ['worker-test'],
        then: [{ kind: 'explain', payload: { methods: ['gradcam'], images: 'split:val', limit: 4 } }],
      },
    });
    const summary = await once({ heartbeatMs: 1 });

    expect(summary).toMatchObject({ succeeded: 1, failed: 0 });
    const done = await store.jobs.get(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.runId).not.toBeNull();
    const run = await store.runs.get(done.runId!);
    expect(run).toMatchObject({ status: 'finished', method: 'global', tags: ['worker-test'] });
    const losses = await store.metrics.history(run.id, 'train/loss');
    expect(losses.map((p) => p.epoch)).toEqual([0, 1]);
    expect(losses.every((p) => Number.isFinite(p.value))).toBe(true);
    expect(await store.metrics.keys(run.id)).toEqual(expect.arrayContaining(['train/auc', 'val/accuracy']));
    // The last progress report: the final batch of the second epoch.
    const progress = JSON.parse(done.progressMessage!) as { epoch: number; epochs: number; step: number; of: number };
    expect(progress).toMatchObject({ epoch: 1, epochs: 2 });
    expect(progress.step).toBe(progress.of);
    const [explain] = await store.jobs.list({ kind: 'explain' });
    expect(explain).toMatchObject({ status: 'queued', runId: run.id, payload: { methods: ['gradcam'], images: 'split:val', limit: 4, runId: run.id } });
    expect(done.result).toMatchObject({ runId: run.id, status: 'finished', followUpJobs: [explain!.id] });
  }, 60_000);

  it('chains jobs: a training planned in a dataset job\'s "then" runs on that dataset, by its id, and queues its own follow-ups', async () => {
    const explain = { kind: 'explain', payload: { methods: ['gradcam'], images: 'split:val', limit: 2 } };
    const generate = await store.jobs.enqueue({
      kind: 'generate-dataset',
      payload: { generator: 'mammo-two-view', n: 16, seed: 3, size: 16, id: 'chained', then: [{ kind: 'train', payload: { method: 'global', data: 'chained', epochs: 1, batchSize: 4, config: TINY_CONFIG, then: [explain] } }] },
    });
    await once();
    const [train] = await store.jobs.list({ kind: 'train', status: 'queued' });
    expect(train).toMatchObject({ runId: null, payload: { data: 'chained', method: 'global', then: [explain] } });
    expect((await store.jobs.get(generate.id)).result).toMatchObject({ datasetId: 'chained', followUpJobs: [train!.id] });

    await once();
    const trained = await store.jobs.get(train!.id);
    expect(trained.status).toBe('succeeded');
    expect(await store.runs.get(trained.runId!)).toMatchObject({ dataset: 'chained', status: 'finished' });
    const [explainJob] = await store.jobs.list({ kind: 'explain', runId: trained.runId! });
    expect(explainJob).toMatchObject({ status: 'queued', payload: { methods: ['gradcam'], runId: trained.runId } });
  }, 30_000);

  it('fails a job with an unknown method at once, with the reason, and creates no run', async () => {
    const job = await store.jobs.enqueue({ kind: 'train', payload: { method: 'no-such-method', data: workspace.data, epochs: 1, config: TINY_CONFIG } });
    const summary = await once();

    expect(summary).toMatchObject({ succeeded: 0, failed: 1 });
    const failed = await store.jobs.get(job.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, runId: null });
    expect(failed.error).toMatch(/unknown method 'no-such-method'/);
  }, 30_000);

  it('fails a job whose payload does not fit its kind, naming the field', async () => {
    const job = await store.jobs.enqueue({ kind: 'train', payload: { method: 'global', epochs: 1 } });
    await once();
    const failed = await store.jobs.get(job.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.error).toBe(`job ${job.id}: invalid train payload: data: is required`);
  });

  it('fails a job whose follow-up the contract refuses before it runs, so no training is wasted', async () => {
    const then = [{ kind: 'explain', payload: { methods: ['gradkam'] } }];
    const job = await store.jobs.enqueue({ kind: 'train', payload: { method: 'global', data: workspace.data, epochs: 1, config: TINY_CONFIG, then } });
    await once();
    const failed = await store.jobs.get(job.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, runId: null });
    expect(failed.error).toBe(
      `job ${job.id} (train): invalid "then"[0]: invalid explain payload: methods[0]: unknown explainer "gradkam"; valid: gradcam, gradcampp, layercam, ham, mdm, rise, occlusion, ig, prototypes, prp, finding-maps, cross-attention`,
    );
  });

  it('reads a bare dataset name as an id, never as a folder of the working directory', async () => {
    // A dataset folder by that name in the working directory: a job naming it still means the id.
    const cwd = process.cwd();
    fs.cpSync(workspace.data, path.join(path.dirname(workspace.data), 'not-registered'), { recursive: true });
    const job = await store.jobs.enqueue({ kind: 'train', payload: { method: 'global', data: 'not-registered', epochs: 1, config: TINY_CONFIG } });
    process.chdir(path.dirname(workspace.data));
    try {
      expect(fs.existsSync(path.join('not-registered', 'manifest.json'))).toBe(true);
      await once();
    } finally {
      process.chdir(cwd);
    }
    const failed = await store.jobs.get(job.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, runId: null });
    expect(failed.error).toBe(
      `data: no dataset "not-registered": it is not registered in the store and ${path.join(store.dataRoot, 'not-registered')} holds no manifest.json; generate or import it first`,
    );
  });

  it('fails a job of a kind without a handler', async () => {
    const job = await store.jobs.enqueue({ kind: 'no-such-kind' });
    await once();
    expect(await store.jobs.get(job.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/no handler for job kind 'no-such-kind'/) });
  });

  it('retries a job that failed for a passing reason while attempts remain, keeping the last error', async () => {
    let calls = 0;
    const flaky: JobHandler = {
      kind: 'flaky',
      run: async () => {
        calls++;
        throw new Error(`disk full (call ${calls})`);
      },
    };
    const permanent: JobHandler = {
      kind: 'bad-input',
      run: async () => {
        throw new JobPayloadError('field x is wrong');
      },
    };
    const job = await store.jobs.enqueue({ kind: 'flaky', maxAttempts: 2 });
    await once({ handlers: [flaky], kinds: ['flaky'] });
    expect(await store.jobs.get(job.id)).toMatchObject({ status: 'queued', attempts: 1, error: 'disk full (call 1)' });
    await once({ handlers: [flaky], kinds: ['flaky'] });
    expect(await store.jobs.get(job.id)).toMatchObject({ status: 'failed', attempts: 2, error: 'disk full (call 2)' });

    const bad = await store.jobs.enqueue({ kind: 'bad-input', maxAttempts: 5 });
    await once({ handlers: [permanent], kinds: ['bad-input'] });
    expect(await store.jobs.get(bad.id)).toMatchObject({ status: 'failed', attempts: 1, error: 'field x is wrong' });
  });

  it('stops a cancelled training job at a checkpoint and marks its run cancelled', async () => {
    const epochs = 200;
    const job = await store.jobs.enqueue({ kind: 'train', payload: { method: 'global', data: workspace.data, epochs, batchSize: 4, config: TINY_CONFIG, checkpointEvery: 2 } });
    const controller = new AbortController();
    const worker = runWorker({ storeUrl: workspace.storeUrl, name: 'cancel-worker', log: quiet, heartbeatMs: 20, pollMs: 50, signal: controller.signal });
    try {
      const runId = await waitFor('the run and a checkpoint', async () => {
        const current = await store.jobs.get(job.id);
        if (!current.runId) return undefined;
        return (await store.checkpoints.latest(current.runId)) ? current.runId : undefined;
      }, 30_000);
      await store.jobs.cancel(job.id);
      const run = await waitFor('the run to stop', async () => {
        const r = await store.runs.get(runId);
        return r.status === 'running' ? undefined : r;
      }, 30_000);

      expect(run.status).toBe('cancelled');
      expect((await store.jobs.get(job.id)).status).toBe('cancelled');
      const progress = JSON.parse((await store.jobs.get(job.id)).progressMessage!) as { of: number };
      const last = await store.checkpoints.latest(runId);
      expect(last!.step).toBeLessThan(epochs * progress.of);
    } finally {
      controller.abort();
    }
    expect(await worker).toMatchObject({ succeeded: 0, failed: 0, interrupted: 1 });
  }, 60_000);

  it('hands its job back when stopped, and the next worker resumes the run from its checkpoint', async () => {
    const epochs = 4;
    const job = await store.jobs.enqueue({ kind: 'train', payload: { method: 'global', data: workspace.data, epochs, batchSize: 4, config: TINY_CONFIG, checkpointEvery: 1 } });
    const controller = new AbortController();
    const first = runWorker({ storeUrl: workspace.storeUrl, name: 'stopping-worker', log: quiet, pollMs: 50, signal: controller.signal });
    const runId = await waitFor('a checkpoint', async () => {
      const current = await store.jobs.get(job.id);
      return current.runId && (await store.checkpoints.latest(current.runId)) ? current.runId : undefined;
    }, 30_000);
    controller.abort();
    expect(await first).toMatchObject({ interrupted: 1 });
    // Handed back, not failed: the claim is given back, so the job keeps every attempt.
    expect(await store.jobs.get(job.id)).toMatchObject({ status: 'queued', runId, attempts: 0 });
    expect((await store.runs.get(runId)).status).toBe('queued');
    const stoppedAt = (await store.checkpoints.latest(runId))!.step;

    expect(await once({ name: 'next-worker' })).toMatchObject({ succeeded: 1 });
    expect(await store.jobs.get(job.id)).toMatchObject({ status: 'succeeded', runId, attempts: 1, leaseOwner: 'next-worker' });
    expect((await store.runs.get(runId)).status).toBe('finished');
    expect(await store.runs.list({ ids: [runId] })).toHaveLength(1);
    // Resumed, not restarted: no position in the schedule was checkpointed twice.
    // (A stop after an epoch's last batch and that epoch's end share a step, at different positions.)
    const checkpoints = await store.checkpoints.list(runId);
    const positions = checkpoints.map((c) => `${c.epoch}:${c.step}`);
    expect(new Set(positions).size).toBe(positions.length);
    const steps = checkpoints.map((c) => c.step);
    expect(steps).toContain(stoppedAt);
    // …and together they took exactly the steps of an uninterrupted run.
    const { of } = JSON.parse((await store.jobs.get(job.id)).progressMessage!) as { of: number };
    expect(Math.max(...steps)).toBe(epochs * of);
    expect((await store.metrics.history(runId, 'train/loss')).map((p) => p.epoch)).toEqual(expect.arrayContaining([0, 1, 2, 3]));
  }, 60_000);
});
