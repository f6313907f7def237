import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../engine';
import { DataParallelTrainer, shardRanges } from './data-parallel-trainer';
import { createTinyTrainable } from './testing/tiny-trainable';

const factory = (options: object) => ({
  modulePath: path.join(__dirname, 'testing', 'tiny-trainable.ts'),
  exportName: 'createTinyTrainable',
  options: { seed: 7, ...options },
});

function batch(step: number, rows = 10) {
  return tf.tidy(() => ({
    images: tf.randomUniform([rows, 8, 8, 1], 0, 1, 'float32', 100 + step),
    labels: tf.randomUniform([rows], 0, 2, 'int32', 200 + step),
  }));
}

function maxRelativeDifference(a: Float32Array, b: Float32Array): number {
  let scale = 1e-6;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(a[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  return diff / scale;
}

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('shardRanges', () => {
  it('covers every row once, in order, with sizes differing by at most one', () => {
    expect(shardRanges(10, 3)).toEqual([[0, 4], [4, 3], [7, 3]]);
    expect(shardRanges(32, 2)).toEqual([[0, 16], [16, 16]]);
    expect(shardRanges(1, 2)).toEqual([[0, 1], [1, 0]]);
  });
});

describe('DataParallelTrainer', () => {
  it('trains to the same weights and losses as one thread on the whole batch (up to float rounding)', async () => {
    const single = createTinyTrainable({ seed: 7 });
    const trainer = await DataParallelTrainer.create({ replicas: 2, factory: factory({}) });
    try {
      for (let step = 0; step < 4; step++) {
        const b = batch(step, 11); // odd: unequal shards, so the weighting by shard size matters
        const { loss, grads } = single.gradients(b);
        single.applyGradients(grads);
        tf.dispose(grads);
        const parallelLoss = await trainer.step(b);
        expect(parallelLoss).toBeCloseTo(loss, 5);
        tf.dispose(Object.values(b));
      }
      const [local, remote] = await trainer.replicaWeights();
      const reference = single.weights().map((w) => w.dataSync() as Float32Array);
      reference.forEach((w, i) => {
        expect(maxRelativeDifference(w, local![i]!)).toBeLessThan(1e-5);
        expect(maxRelativeDifference(local![i]!, remote![i]!)).toBe(0); // replicas apply identical updates
      });
    } finally {
      single.dispose();
      await trainer.dispose();
    }
  }, 60_000);

  it('reports a replica that cannot build its model, and leaves no thread behind', async () => {
    await expect(DataParallelTrainer.create({ replicas: 2, factory: factory({ failOnCreate: true }) })).rejects.toThrow(
      /data-parallel replica failed: tiny trainable refused to start/,
    );
  }, 60_000);

  it('rejects a replica count below one', async () => {
    await expect(DataParallelTrainer.create({ replicas: 0, factory: factory({}) })).rejects.toThrow(/replicas must be ≥ 1/);
  });
});
