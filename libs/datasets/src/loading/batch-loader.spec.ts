import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { generateDataset } from '../generators/write-generated-dataset';
import { openDataset } from '../manifest/manifest-file';
import { makeTempDir } from '../test-support/temp-dir';
import { findPatientLeaks } from '../splits/patient-grouped-splits';
import { createBatchLoader, disposeBatch } from './batch-loader';

const temp = makeTempDir('loader');
let dir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = `${temp.dir}/mammo`;
  await generateDataset('mammo-two-view', { n: 24, seed: 11, size: 32, options: { 'normal-fraction': 0 } }, dir);
});
afterAll(() => temp.cleanup());

describe('BatchLoader', () => {
  it('writes a generated dataset whose splits keep both views of a case together', () => {
    const { manifest } = openDataset(dir);
    expect(manifest.images).toHaveLength(24);
    expect(findPatientLeaks(manifest.images).size).toBe(0);
  });

  it('yields normalised batches of the asked shape with labels and masks, without leaking tensors', () => {
    const loader = createBatchLoader(openDataset(dir), { size: 16, batchSize: 5, withMasks: true, normalisation: 'symmetric' });
    const before = tf.memory().numTensors;
    const shapes: number[][] = [];
    for (const batch of loader.batches(0)) {
      shapes.push(batch.images.shape);
      expect(batch.labels.dtype).toBe('int32');
      expect(batch.masks!.shape).toEqual([batch.images.shape[0], 16, 16, 1]);
      expect(Math.min(...batch.images.dataSync())).toBeGreaterThanOrEqual(-1);
      expect(Math.max(...batch.images.dataSync())).toBeLessThanOrEqual(1);
      expect(Array.from(batch.masks!.dataSync()).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      disposeBatch(batch);
    }
    expect(shapes.map((s) => s[0])).toEqual([5, 5, 5, 5, 4]);
    expect(shapes[0]).toEqual([5, 16, 16, 1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('decodes each image once: epoch 2 is served from the cache', () => {
    const loader = createBatchLoader(openDataset(dir), { size: 16, batchSize: 8, augment: true, shuffle: true, seed: 1 });
    for (const b of loader.batches(0)) disposeBatch(b);
    expect(loader.cache.misses).toBe(24);
    for (const b of loader.batches(1)) disposeBatch(b);
    expect(loader.cache.misses).toBe(24);
    expect(loader.cache.hits).toBe(24);
  });

  it('augments reproducibly per seed and epoch, and the mask follows the lesion', () => {
    const make = (seed: number) => createBatchLoader(openDataset(dir), { size: 32, batchSize: 4, augment: { rotationDegrees: 20 }, seed, withMasks: true });
    const record = make(0).records[0]!;
    const a = make(3).prepareSample(record, 1);
    const b = make(3).prepareSample(record, 1);
    const c = make(3).prepareSample(record, 2);
    expect(Buffer.from(a.image.data.buffer).equals(Buffer.from(b.image.data.buffer))).toBe(true);
    expect(Buffer.from(a.image.data.buffer).equals(Buffer.from(c.image.data.buffer))).toBe(false);
    const lesion = record.lesions![0]!;
    const t = a.augmentation!.transform;
    const expected = { x: t.a * lesion.centroid!.x + t.b * lesion.centroid!.y + t.c, y: t.d * lesion.centroid!.x + t.e * lesion.centroid!.y + t.f };
    let sx = 0, sy = 0, n = 0;
    a.lesionMap!.data.forEach((v, i) => v && ((sx += (i % 32) + 0.5), (sy += Math.floor(i / 32) + 0.5), n++));
    expect(Math.hypot(sx / n - expected.x, sy / n - expected.y)).toBeLessThan(1.5);
  });

  it('filters by split and rejects an unknown task', () => {
    const train = createBatchLoader(openDataset(dir), { size: 16, batchSize: 4, split: 'train' });
    expect(train.records.every((r) => r.split === 'train')).toBe(true);
    expect(() => createBatchLoader(openDataset(dir), { size: 16, batchSize: 4, task: 'nope' })).toThrow(/task 'nope' not in this dataset/);
  });
});
