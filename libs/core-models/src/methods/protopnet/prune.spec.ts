import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import type { MethodBatch } from '../method';
import { decidePruning } from './prune';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

/** 1×1 "images" whose pixel is the latent vector: 3 images of class 0 near (0,0), 3 of class 1 near (5,5). */
function* batches(): Iterable<MethodBatch> {
  const points = [[0, 0], [0.1, 0], [0, 0.2], [5, 5], [5.1, 5], [5, 4.8]];
  yield { images: tf.tensor4d(points.map((p) => [[p]])), labels: tf.tensor1d([0, 0, 0, 1, 1, 1], 'int32') };
}

describe('decidePruning', () => {
  it('keeps prototypes whose nearest images share their class and prunes the ones sitting in another class', () => {
    const decisions = decidePruning({
      batches,
      latent: (x) => tf.clone(x),
      // prototype 0 (class 0) near class 0; prototype 1 (class 0) sits among class 1; prototype 2 (class 1) near class 1.
      prototypes: tf.tensor2d([[0, 0.05], [5, 5.1], [5, 5]]),
      prototypeClass: [0, 0, 1],
      k: 3,
      threshold: 2,
    });
    expect(decisions.map((d) => d.neighbourLabels)).toEqual([[0, 0, 0], [1, 1, 1], [1, 1, 1]]);
    expect(decisions.map((d) => d.prune)).toEqual([false, true, false]);
  });

  it('counts own-class neighbours among exactly k, nearest first', () => {
    const [decision] = decidePruning({
      batches,
      latent: (x) => tf.clone(x),
      // Squared distances from (2.4, 2.4): class 0 images 10.60, 11.05, 11.52; class 1 images 12.52, 13.52, 14.05.
      prototypes: tf.tensor2d([[2.4, 2.4]]),
      prototypeClass: [1],
      k: 4,
      threshold: 3,
    });
    expect(decision!.neighbourLabels).toEqual([0, 0, 0, 1]);
    expect(decision!.ownClassNeighbours).toBe(1);
    expect(decision!.prune).toBe(true);
  });
});
