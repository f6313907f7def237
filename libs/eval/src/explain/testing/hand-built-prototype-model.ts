import * as tf from '@tensorflow/tfjs-core';
import type { ExplainableModel } from '../explainer';

/**
 * A prototype model whose similarity maps are given outright (the same for every image), so tests
 * know every map, peak and logit by hand. `maps[j]` is prototype j's [h][w] map; logits are
 * Σ_j max(map_j)·weights[j][k]. Cell (h, w) sees pixels rows [2h, 2h + 2), columns [4w, 4w + 4).
 */
export function handBuiltPrototypeModel(options: {
  maps: number[][][];
  weights: number[][];
  classOf: number[];
  active?: boolean[];
}): ExplainableModel {
  const { maps, weights, classOf } = options;
  const [h, w, m] = [maps[0]!.length, maps[0]![0]!.length, maps.length];
  // [h, w, M] cell-major, as the hooks return them.
  const cells = Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, c) => maps.map((map) => map[r]![c]!)));
  const features = (images: tf.Tensor4D) => tf.tidy(() => tf.tile(tf.tensor4d([cells]), [images.shape[0], 1, 1, 1]) as tf.Tensor4D);
  const logitsFromFeatures = (f: tf.Tensor4D) => tf.tidy(() => tf.matMul(tf.max(f, [1, 2]) as tf.Tensor2D, tf.tensor2d(weights)) as tf.Tensor2D);
  return {
    classes: weights[0]!.length,
    name: 'hand-built',
    logits: (images) => tf.tidy(() => logitsFromFeatures(features(images))),
    hooks: {
      features,
      logitsFromFeatures,
      receptiveField: () => (row, col) => ({ hStart: 2 * row, hEnd: 2 * row + 2, wStart: 4 * col, wEnd: 4 * col + 4 }),
      prototypes: {
        similarityMaps: (f) => tf.clone(f),
        classOf,
        active: () => options.active ?? new Array<boolean>(m).fill(true),
        classWeights: () => tf.tensor2d(weights),
      },
    },
  };
}
