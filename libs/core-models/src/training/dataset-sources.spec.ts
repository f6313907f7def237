import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { generateDataset } from '@protoscope/datasets';
import { initEngine } from '../engine';
import { datasetSources, DatasetSourceError } from './dataset-sources';

let dir: string;

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-sources-')), 'mammo');
  await generateDataset('mammo-two-view', { n: 40, seed: 3, size: 32, options: {} }, dir);
});

afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

describe('datasetSources', () => {
  it('turns a dataset folder into train/val batch sources with class indices and record ids', () => {
    const sources = datasetSources(dir, { batchSize: 8, seed: 1 });
    expect(sources.inputShape).toEqual([32, 32, 1]);
    expect(sources.classes.length).toBeGreaterThanOrEqual(2);
    const before = tf.memory().numTensors;
    const batches = [...sources.train.batches(0)];
    expect(batches.length).toBe(sources.train.batchCount);
    const first = batches[0]!;
    expect(first.images.shape).toEqual([8, 32, 32, 1]);
    expect(first.labels.dtype).toBe('int32');
    expect(first.ids).toHaveLength(8);
    expect(Math.max(...first.labels.dataSync())).toBeLessThan(sources.classes.length);
    batches.forEach((b) => tf.dispose([b.images, b.labels]));
    expect(tf.memory().numTensors).toBe(before);
    expect(sources.val).toBeDefined();
  });

  it('keeps the unaugmented training order fixed and the augmented one seeded', () => {
    const sources = datasetSources(dir, { batchSize: 8, seed: 1 });
    const ids = (it: Iterable<{ ids?: string[]; images: tf.Tensor; labels: tf.Tensor }>) =>
      [...it].flatMap((b) => {
        tf.dispose([b.images, b.labels]);
        return b.ids!;
      });
    expect(ids(sources.unaugmentedTrain.batches(0))).toEqual(ids(sources.unaugmentedTrain.batches(5)));
    expect(ids(sources.train.batches(1))).toEqual(ids(datasetSources(dir, { batchSize: 8, seed: 1 }).train.batches(1)));
    expect(ids(sources.train.batches(1))).not.toEqual(ids(sources.train.batches(2)));
  });

  it('names the problem when a task or split is unusable', () => {
    expect(() => datasetSources(dir, { batchSize: 8, seed: 1, task: 'nope' })).toThrow(DatasetSourceError);
    expect(() => datasetSources(dir, { batchSize: 8, seed: 1, trainSplit: 'nope' })).toThrow(/no labelled images in split 'nope'/);
  });
});
