import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initEngine } from '@protoscope/engine';
import { createMethodModel } from '@protoscope/core-models';
import { openStore, type Store } from '@protoscope/tracking';
import { TrainPayloadSchema } from '../worker/train-job';
import { selectDemoRuns } from './demo-selection';
import { DEMO_DATASET_ID, DEMO_NOTEBOOK_ID, DEMO_RUNS, DEMO_TAG } from './demo-plan';
import { seedDemo } from './seed-demo';

interface PlannedJob {
  kind: string;
  payload: Record<string, unknown> & { then?: PlannedJob[] };
}

describe('seedDemo', () => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-demo-'));
    store = await openStore(`sqlite:${path.join(dir, 'store.db')}`);
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('queues the dataset job with the three trainings and their explanations as follow-ups, and creates the notebook', async () => {
    const report = await seedDemo(store);

    expect(report.createdNotebook).toBe(true);
    const jobs = await store.jobs.list();
    expect(jobs.map((j) => j.id)).toEqual(report.enqueuedJobs);
    const [generate] = jobs;
    expect(generate).toMatchObject({ kind: 'generate-dataset', payload: { generator: 'mammo-two-view', n: 600, seed: 1, size: 48, id: DEMO_DATASET_ID } });
    const trainings = (generate!.payload as PlannedJob['payload']).then!;
    expect(trainings.map((t) => [t.kind, t.payload['method']])).toEqual([
      ['train', 'global'],
      ['train', 'protopnet'],
      ['train', 'braix-protopnet-pp'],
    ]);
    for (const training of trainings) {
      expect(training.payload).toMatchObject({ data: DEMO_DATASET_ID, tags: [DEMO_TAG] });
      expect(training.payload.then!.map((f) => f.kind)).toEqual(['explain', 'evaluate']);
      expect(training.payload.then![0]!.payload).toMatchObject({ images: 'split:val', limit: 16 });
      // The worker accepts the payload as it will receive it (its follow-ups taken out).
      const own = Object.fromEntries(Object.entries(training.payload).filter(([key]) => key !== 'then'));
      expect(TrainPayloadSchema.safeParse(own).success).toBe(true);
    }
  });

  it('lays out one cell of each type, the charts bound to the runs table', async () => {
    await seedDemo(store);
    const cells = await store.cells.list(DEMO_NOTEBOOK_ID);

    expect(cells.map((c) => c.type).filter((t, i, all) => all.indexOf(t) === i).sort()).toEqual(
      ['confusion-matrix', 'graphql', 'markdown', 'metric-chart', 'parallel-coordinates', 'prototype-gallery', 'roc-pr', 'run-diff', 'runs-table', 'saliency-grid'].sort(),
    );
    const table = cells.find((c) => c.type === 'runs-table')!;
    expect(table.spec).toMatchObject({ filter: { tags: { all: [DEMO_TAG] } }, selected: [] });
    const bound = cells.filter((c) => 'runs' in c.spec);
    expect(bound.length).toBe(7);
    for (const cell of bound) expect(cell.spec['runs']).toEqual({ fromCell: table.id, runIds: [] });
    for (const cell of bound) expect(cell.position).toBeGreaterThan(table.position);
  });

  it('enqueues nothing the second time', async () => {
    await seedDemo(store);
    const again = await seedDemo(store);
    expect(again).toEqual({ enqueuedJobs: [], createdNotebook: false });
    expect(await store.jobs.list()).toHaveLength(1);
    expect(await store.notebooks.list()).toHaveLength(1);
  });

  it('with the dataset in place, queues a training only for each demo method without a run', async () => {
    await store.datasets.register({ id: DEMO_DATASET_ID, path: path.join(dir, 'datasets', DEMO_DATASET_ID), imageCount: 600 });
    await store.runs.create({ method: 'global', tags: [DEMO_TAG], status: 'finished' });
    const failed = await store.runs.create({ method: 'protopnet', tags: [DEMO_TAG], status: 'running' });
    await store.runs.updateStatus(failed.id, 'failed', { error: 'out of memory' });

    const report = await seedDemo(store);
    const queued = await store.jobs.list();
    expect(queued.map((j) => j.id)).toEqual(report.enqueuedJobs);
    expect(queued.map((j) => [j.kind, (j.payload as Record<string, unknown>)['method']])).toEqual([
      ['train', 'protopnet'],
      ['train', 'braix-protopnet-pp'],
    ]);
    // Those trainings are now under way: a further start queues no more.
    expect((await seedDemo(store)).enqueuedJobs).toEqual([]);
  });

  it('ticks the demo runs in the runs table as they appear, until someone else changes the selection', async () => {
    await seedDemo(store);
    expect(await selectDemoRuns(store)).toEqual({ status: 'unchanged' });
    const first = await store.runs.create({ method: 'global', tags: [DEMO_TAG] });
    await store.runs.create({ method: 'global', tags: ['not-demo'] });
    expect(await selectDemoRuns(store)).toEqual({ status: 'selected', runIds: [first.id] });
    const second = await store.runs.create({ method: 'protopnet', tags: [DEMO_TAG] });
    expect(await selectDemoRuns(store, [first.id])).toEqual({ status: 'selected', runIds: [first.id, second.id] });
    const table = (await store.cells.list(DEMO_NOTEBOOK_ID)).find((c) => c.type === 'runs-table')!;
    expect(table.spec['selected']).toEqual([first.id, second.id]);

    await store.cells.update(table.id, { spec: { ...table.spec, selected: [second.id] } });
    await store.runs.create({ method: 'braix-protopnet-pp', tags: [DEMO_TAG] });
    expect(await selectDemoRuns(store, [first.id, second.id])).toEqual({ status: 'not-ours' });
  });
});

describe('the demo runs', () => {
  it('have configs their methods accept (strict schemas: a typo fails here, not minutes into a start)', async () => {
    await initEngine({ backend: 'wasm', log: () => undefined });
    for (const run of DEMO_RUNS) {
      const { model } = createMethodModel(run.method, run.config, { inputShape: [48, 48, 1], classes: 3, seed: 1 });
      model.dispose();
    }
  });
});
