/**
 * A small store with everything the notebook's cell types show, written through the store API:
 * a 12-image synthetic dataset, three finished runs (two seeds of one ProtoPNet config, one global
 * model) with metric histories, a classification evaluation each, prototypes for the ProtoPNet runs,
 * saliency maps for two images, a two-view run with the maps of one breast, and a notebook with one cell of every type, its charts bound to the
 * runs table.
 */
import * as path from 'node:path';
import { encodeNpy, generateDataset } from '@protoscope/datasets';
import { classificationReport } from '@protoscope/eval';
import { encodeHeatmap } from '@protoscope/render';
import { openStore, type Store } from '@protoscope/tracking';
import { seedViewPair, type SeededViewPair } from './seed-view-pair';

export const E2E_TAG = 'e2e';
export const E2E_NOTEBOOK_ID = 'e2e-notebook';
export const SALIENCY_METHODS = ['gradcam', 'occlusion'];

export interface SeededStore {
  storeUrl: string;
  notebookId: string;
  runIds: string[];
  runNames: string[];
  datasetId: string;
  /** Cell types in notebook order. */
  cellTypes: string[];
  /** A two-view run (not in the runs table) shown by the view-pair cell. */
  viewPair: SeededViewPair;
}

const RUNS = [
  { name: 'protopnet lr 0.01 seed 1', method: 'protopnet', lr: 0.01, seed: 1, prototypes: true },
  { name: 'protopnet lr 0.01 seed 2', method: 'protopnet', lr: 0.01, seed: 2, prototypes: true },
  { name: 'global lr 0.001 seed 1', method: 'global', lr: 0.001, seed: 1, prototypes: false },
];
const STEPS = 10;

export async function seedStore(dir: string): Promise<SeededStore> {
  const manifest = await generateDataset('mammo-two-view', { n: 12, seed: 1, size: 32, options: {} }, path.join(dir, 'dataset'));
  const storeUrl = `sqlite:${path.join(dir, 'store.db')}`;
  const store = await openStore(storeUrl);
  try {
    const classes = manifest.tasks[manifest.primaryTask]?.classes ?? [];
    await store.datasets.register({ id: manifest.id, name: 'e2e mammograms', path: path.join(dir, 'dataset'), origin: manifest.origin, classes, imageCount: manifest.images.length });
    const runIds: string[] = [];
    for (const [r, spec] of RUNS.entries()) {
      const run = await store.runs.create({
        name: spec.name,
        method: spec.method,
        dataset: manifest.id,
        seed: spec.seed,
        config: { optimizer: { lr: spec.lr }, epochs: STEPS, seed: spec.seed },
        tags: [E2E_TAG],
        status: 'running',
      });
      runIds.push(run.id);
      await store.metrics.log(
        run.id,
        Array.from({ length: STEPS }, (_, step) => [
          { key: 'train/loss', step, epoch: step, value: (1 + 0.1 * spec.seed) / (1 + step) },
          { key: 'val/auc', step, epoch: step, value: 0.5 + 0.04 * step - 0.05 * r },
        ]).flat(),
      );
      await store.evaluations.save(run.id, { name: 'classification', split: 'val', step: STEPS - 1, metrics: report(classes.length, r) });
      if (spec.prototypes) await savePrototypes(store, run.id, manifest.images.map((image) => image.id));
      await saveSaliency(store, run.id, manifest.images.slice(0, 2).map((image) => image.id), r);
      await store.runs.updateStatus(run.id, 'finished');
    }
    const viewPair = await seedViewPair(store, manifest);
    const cellTypes = await createNotebook(store, runIds, viewPair.runId);
    return { storeUrl, notebookId: E2E_NOTEBOOK_ID, runIds, runNames: RUNS.map((run) => run.name), datasetId: manifest.id, cellTypes, viewPair };
  } finally {
    await store.close();
  }
}

/** A classification report of 3-class probabilities: case i of class i % K, more confident for later runs. */
function report(numClasses: number, runIndex: number): object {
  const labels = Array.from({ length: 12 }, (_, i) => i % numClasses);
  const probabilities = labels.map((label, i) => {
    const confident = 0.4 + 0.1 * runIndex + (i % 4 === 0 ? -0.3 : 0.2);
    const rest = (1 - confident) / (numClasses - 1);
    return Array.from({ length: numClasses }, (_, k) => (k === label ? confident : rest));
  });
  // Through JSON, as the evaluator stores it: the curves' leading +Infinity threshold becomes null.
  return JSON.parse(JSON.stringify(classificationReport(probabilities, labels, { bootstrap: false, includeCurves: true }))) as object;
}

async function savePrototypes(store: Store, runId: string, imageIds: readonly string[]): Promise<void> {
  const items = await Promise.all(
    [0, 1, 2, 3, 4, 5].map(async (index) => {
      const map = Float32Array.from({ length: 16 }, (_, i) => (i === 5 + (index % 3) ? 1 : i / 32));
      return {
        index,
        classIndex: Math.floor(index / 2),
        vector: [index, 1, 0, 0],
        sourceImageId: imageIds[index]!,
        sourceSplit: 'train',
        latent: { h: 1, w: 1 },
        receptiveField: { y0: 4, y1: 20, x0: 6, x1: 22 },
        highActivation: { y0: 8, y1: 16, x0: 10, x1: 18 },
        distance: 0.1 * (index + 1),
        activationMapArtifact: await store.artifacts.put(encodeNpy({ dtype: '<f4', shape: [4, 4], data: map }), {
          kind: 'activation-map',
          mediaType: 'application/x-npy',
        }),
      };
    }),
  );
  await store.prototypes.save(runId, STEPS - 1, items, { epoch: STEPS - 1 });
}

async function saveSaliency(store: Store, runId: string, imageIds: readonly string[], runIndex: number): Promise<void> {
  const rows = [];
  for (const imageId of imageIds) {
    for (const [m, method] of SALIENCY_METHODS.entries()) {
      // A blob whose centre moves with run and method, so the grid's images differ visibly.
      const cx = 2 + m * 3 + runIndex;
      const map = Float32Array.from({ length: 64 }, (_, i) => Math.exp(-(((i % 8) - cx) ** 2 + (Math.floor(i / 8) - 4) ** 2) / 4));
      const heatmap = await store.artifacts.put(encodeHeatmap({ map, height: 8, width: 8, scale: 'unit' }), { kind: 'heatmap', mediaType: 'image/png' });
      rows.push({ imageId, method, target: 1, heatmap, height: 8, width: 8, params: {}, metrics: { pointingGame: 1 } });
    }
  }
  await store.saliency.save(runId, rows);
}

async function createNotebook(store: Store, runIds: readonly string[], viewPairRunId: string): Promise<string[]> {
  await store.notebooks.create({ id: E2E_NOTEBOOK_ID, title: 'End-to-end notebook' });
  const add = (type: string, spec: object) => store.cells.add(E2E_NOTEBOOK_ID, { type, spec });
  await add('markdown', { source: '# Seeded for the browser test\n\nEvery cell type, charts fed by the **runs table**.' });
  const table = await add('runs-table', { filter: { tags: { all: [E2E_TAG] } }, selected: [...runIds] });
  const runs = { fromCell: table.id, runIds: [] };
  await add('metric-chart', { runs, metrics: ['val/auc', 'train/loss'], groupBySeeds: true });
  await add('roc-pr', { runs });
  await add('confusion-matrix', { runs, normalize: 'rows', maxRuns: 2 });
  await add('parallel-coordinates', { runs, metric: 'val/auc' });
  await add('prototype-gallery', { runs, maxRuns: 1, perClass: 2 });
  await add('saliency-grid', { runs, methods: SALIENCY_METHODS, maxImages: 2 });
  await add('run-diff', { runs });
  await add('view-pair', { runs: { runIds: [viewPairRunId] } });
  await add('graphql', { query: '{ datasets { id name imageCount } }', variables: '{}', view: 'table' });
  return (await store.cells.list(E2E_NOTEBOOK_ID)).map((cell) => cell.type);
}
