import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { type ExplainHooks } from '@protoscope/core-models';
import { ExplainInputError, UnsupportedModelError } from './errors';
import type { ExplainableModel } from './explainer';
import { createPrp } from './prp';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const MODEL_EPSILON = 1e-4;
/** ProtoPNet's log similarity of a squared distance. */
const similarity = (d: number) => Math.log((d + 1) / (d + MODEL_EPSILON));

/**
 * A prototype network with 1×1 convolutions (no biases): features = ReLU(x W1), latent = ReLU(features W2)
 * or, without W2, latent = features; prototypes p [M, D]; log similarity of squared L2 distances;
 * one prototype per class with weight 1.
 */
function tinyPrototypeNetwork(w1: number[][], w2: number[][] | undefined, prototypes: number[][]): ExplainableModel {
  const conv = (x: tf.Tensor4D, w: number[][]) => tf.conv2d(x, tf.tensor4d(w.flat(), [1, 1, w.length, w[0]!.length]), 1, 'valid');
  const features = (images: tf.Tensor4D) => tf.relu(conv(images, w1)) as tf.Tensor4D;
  const latent = (f: tf.Tensor4D) => (w2 ? (tf.relu(conv(f, w2)) as tf.Tensor4D) : f);
  const vectors = () => tf.tensor2d(prototypes);
  const similarityMaps = (f: tf.Tensor4D) =>
    tf.tidy(() => {
      const z = latent(f);
      const [b, h, w, d] = z.shape;
      const flat = tf.reshape(z, [b * h * w, 1, d]);
      const distances = tf.sum(tf.square(tf.sub(flat, tf.expandDims(vectors(), 0))), 2);
      return tf.reshape(tf.log(tf.div(tf.add(distances, 1), tf.add(distances, MODEL_EPSILON))), [b, h, w, prototypes.length]) as tf.Tensor4D;
    });
  const classes = prototypes.length;
  const classWeights = () => tf.eye(classes) as tf.Tensor2D;
  const logitsFromFeatures = (f: tf.Tensor4D) => tf.tidy(() => tf.matMul(tf.max(similarityMaps(f), [1, 2]) as tf.Tensor2D, classWeights())) as tf.Tensor2D;
  const hooks: ExplainHooks = {
    features,
    logitsFromFeatures,
    receptiveField: () => () => ({ top: 0, left: 0, bottom: 1, right: 1 }) as never,
    prototypes: { similarityMaps, classOf: prototypes.map((_, j) => j), active: () => prototypes.map(() => true), classWeights, latent, vectors },
  };
  return { classes, hooks, name: 'tiny', logits: (images) => tf.tidy(() => logitsFromFeatures(features(images))) as tf.Tensor2D };
}

describe('PRP explainer', () => {
  it('puts the peak similarity on the pixel of the peak cell (hand-derived)', async () => {
    // One row of two pixels, two channels; features = latent = x. Prototype 0 = (1, 0).
    // Pixel 0 = (0.5, 0.5): d = 0.5; pixel 1 = (1, 0): d = 0 → the peak, s = log(1 / 1e-4).
    // Step 2: z·p = 1, so R = (s, 0); step 3: R_x = x ⊙ R/z = (s, 0) on pixel 1; pixel 0 gets nothing.
    const model = tinyPrototypeNetwork([[1, 0], [0, 1]], undefined, [[1, 0], [0, 1]]);
    const images = tf.tensor4d([0.5, 0.5, 1, 0], [1, 1, 2, 2]);
    const heatmaps = await createPrp(model).attribute(images, { target: 0 });
    expect(heatmaps).toMatchObject({ height: 1, width: 2, targets: [0], scale: 'signed' });
    expect(heatmaps.maps[0]![0]).toBeCloseTo(0, 6);
    expect(heatmaps.maps[0]![1]).toBeCloseTo(Math.log(1 / MODEL_EPSILON), 3);
    images.dispose();
  });

  it('splits a channel-mixing case by z_c p_c and keeps the similarity through a linear layer', async () => {
    // features = ReLU(2x) with x = (0.5, 1.5) → z = (1, 3); p = (1, 1): d = 0 + 4 = 4, s = log(5 / 4.0001).
    // R_c = s·(1, 3)/4; through z = 2x: R_x = x_c · 2 R_c / z_c = R_c; the one pixel holds Σ R_c = s.
    const model = tinyPrototypeNetwork([[2, 0], [0, 2]], undefined, [[1, 1]]);
    const images = tf.tensor4d([0.5, 1.5], [1, 1, 1, 2]);
    const heatmaps = await createPrp(model).attribute(images, { target: 0 });
    expect(heatmaps.maps[0]![0]).toBeCloseTo(similarity(4), 5);
    expect(heatmaps.convergenceDelta![0]).toBeCloseTo(0, 5);
    images.dispose();
  });

  it('conserves relevance through a bias-free ReLU network: pixel sums match the peak similarity within ε', async () => {
    const w1 = [[0.8, -0.3, 0.5], [0.2, 0.9, -0.4]];
    const w2 = [[0.7, 0.1], [0.3, 0.6], [-0.2, 0.9]];
    const prototypes = [[0.4, 0.6], [0.9, 0.2]];
    const model = tinyPrototypeNetwork(w1, w2, prototypes);
    const images = tf.randomUniform([3, 4, 5, 2], 0, 1, 'float32', 11) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const heatmaps = await createPrp(model).attribute(images, { target: [0, 1, 0], batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    // The peak similarity of the explained prototype, computed independently on the host.
    const x = images.arraySync();
    heatmaps.targets.forEach((j, b) => {
      let best = -Infinity;
      for (const row of x[b]!) {
        for (const pixel of row) {
          const f = w1[0]!.map((_, k) => Math.max(0, pixel[0]! * w1[0]![k]! + pixel[1]! * w1[1]![k]!));
          const z = w2[0]!.map((_, c) => Math.max(0, f.reduce((acc, fk, k) => acc + fk * w2[k]![c]!, 0)));
          const d = z.reduce((acc, zc, c) => acc + (zc - prototypes[j]![c]!) ** 2, 0);
          best = Math.max(best, similarity(d));
        }
      }
      const total = heatmaps.maps[b]!.reduce((acc, v) => acc + v, 0);
      // ε = 1e-6 in each denominator: the absorbed share is below 1e-4 of s at these magnitudes (float32).
      expect(Math.abs(total - best)).toBeLessThan(1e-4 * Math.max(1, Math.abs(best)));
      expect(Math.abs(heatmaps.convergenceDelta![b]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(best)));
    });
    images.dispose();
  });

  it('refuses models without a latent space and bad options', async () => {
    const plain: ExplainableModel = { classes: 2, logits: () => tf.zeros([1, 2]) as tf.Tensor2D, name: 'global' };
    expect(() => createPrp(plain)).toThrow(UnsupportedModelError);
    const model = tinyPrototypeNetwork([[1, 0], [0, 1]], undefined, [[1, 0], [0, 1]]);
    const images = tf.ones([1, 1, 2, 2]) as tf.Tensor4D;
    await expect(createPrp(model).attribute(images, { prototype: 5 })).rejects.toThrow(ExplainInputError);
    await expect(createPrp(model).attribute(images, { epsilon: 0 })).rejects.toThrow(/epsilon must be positive/);
    images.dispose();
  });
});
