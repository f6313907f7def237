import { initEngine } from '@protoscope/engine';
import { openStore, type Store } from '@protoscope/tracking';
import { registerDatasetFolder } from '../worker/dataset-folders';
import { TINY_CONFIG, tinyWorkspace, waitFor } from '../worker/testing/worker-fixtures';
import { runWorker } from '../worker/worker-loop';
import { startSweep } from './start-sweep';

const quiet = () => undefined;

/**
 * Tiny sweeps end to end: two real workers (the worker loop with the registered handlers, in this
 * process) take the trial jobs and the controller's advance jobs until the sweep ends.
 */
describe('sweeps through workers', () => {
  let workspace: Awaited<ReturnType<typeof tinyWorkspace>>;
  let store: Store;
  let datasetId: string;
  const stop = new AbortController();
  let workers: Array<Promise<unknown>> = [];

  beforeAll(async () => {
    await initEngine({ backend: 'wasm', log: quiet });
    workspace = await tinyWorkspace();
    store = await openStore(workspace.storeUrl);
    datasetId = (await registerDatasetFolder(store, workspace.data)).id;
    workers = ['w1', 'w2'].map((name) => runWorker({ storeUrl: workspace.storeUrl, name, pollMs: 100, log: quiet, signal: stop.signal }));
  }, 60_000);

  afterAll(async () => {
    stop.abort();
    await Promise.allSettled(workers);
    await store?.close();
    workspace?.remove();
  }, 60_000);

  const finished = (id: string) =>
    waitFor(
      `sweep ${id} to end`,
      async () => {
        const summary = await store.sweeps.summary(id);
        return summary.sweep.status === 'running' ? undefined : summary;
      },
      150_000,
      200,
    );

  it('runs a 3-trial random sweep, two at a time, and ends with a best trial', async () => {
    const { sweep } = await startSweep(store, {
      method: 'global',
      dataset: datasetId,
      strategy: 'random',
      space: { learningRate: { min: 0.0005, max: 0.01, log: true }, 'backbone.options.widths': { values: [[4, 8], [8, 8]] } },
      budget: 3,
      maxParallel: 2,
      metric: 'val/accuracy',
      settings: { epochs: 1, batchSize: 4, config: TINY_CONFIG },
    });
    const summary = await finished(sweep.id);
    expect(summary.sweep.status).toBe('finished');
    expect(summary.progress).toEqual({ queued: 0, running: 0, done: 3, stopped: 0, failed: 0 });
    for (const trial of summary.trials) {
      const run = await store.runs.get(trial.runId);
      expect(run).toMatchObject({ status: 'finished', method: 'global', dataset: datasetId, tags: [`sweep:${sweep.id}`] });
      expect(typeof trial.value).toBe('number');
    }
    const values = summary.trials.map((t) => t.value as number);
    expect(summary.best?.value).toBe(Math.max(...values));
    expect(summary.best?.trial).toBe(summary.trials.find((t) => t.value === Math.max(...values))!.trial);
  }, 180_000);

  it('ASHA continues the promoted trial from its checkpoint: one run, each epoch trained once', async () => {
    const { sweep } = await startSweep(store, {
      method: 'global',
      dataset: datasetId,
      strategy: 'asha',
      space: { learningRate: { values: [0.001, 0.005] } },
      budget: 2,
      maxParallel: 2,
      metric: 'val/accuracy',
      seed: 1,
      settings: { batchSize: 4, config: TINY_CONFIG, eta: 2, minEpochs: 1, maxEpochs: 2 },
    });
    const summary = await finished(sweep.id);
    expect(summary.rungs).toEqual([1, 2]);
    expect(summary.progress).toMatchObject({ done: 1, stopped: 1, failed: 0 });
    const promoted = summary.trials.find((t) => t.rung === 1)!;
    const other = summary.trials.find((t) => t.rung === 0)!;
    // ⌊2/2⌋ = 1: the better rung-0 result goes on (ties go to the lower trial index).
    const better = (other.rungValues[0] as number) > (promoted.rungValues[0] as number) ? other : promoted;
    expect(better).toBe(promoted);
    const history = await store.metrics.history(promoted.runId, 'train/loss');
    expect(history.map((p) => p.epoch)).toEqual([0, 1]);
    expect((await store.runs.get(promoted.runId)).config).toMatchObject({ training: { epochs: 2 } });
    expect(summary.best?.trial).toBe(promoted.trial);
  }, 180_000);
});
