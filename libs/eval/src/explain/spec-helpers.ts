import * as tf from '@tensorflow/tfjs-core';
import type { ExplainHooks } from '@protoscope/core-models';
import type { ExplainableModel } from './explainer';

/** Hooks whose feature map is the image itself, so a CAM's expected values follow from the pixels by hand. */
export function identityFeatureModel(
  classes: number,
  logitsFromFeatures: (features: tf.Tensor4D) => tf.Tensor2D,
  extra: Partial<ExplainHooks> & { name?: string } = {},
): ExplainableModel {
  const { name, ...hooks } = extra;
  return {
    classes,
    name,
    logits: (images) => logitsFromFeatures(images),
    hooks: {
      features: (images) => tf.clone(images),
      logitsFromFeatures,
      receptiveField: () => (h, w) => ({ hStart: h, hEnd: h + 1, wStart: w, wEnd: w + 1 }),
      ...hooks,
    },
  };
}

/** logits_k = GAP(A)·V[:, k] + bias_k: a pooled linear head with known weights V [C, K]. */
export function pooledLinearHead(weights: number[][], bias?: number[]): (features: tf.Tensor4D) => tf.Tensor2D {
  return (features) =>
    tf.tidy(() => {
      const pooled = tf.matMul(tf.mean(features, [1, 2]) as tf.Tensor2D, tf.tensor2d(weights));
      return (bias ? tf.add(pooled, tf.tensor1d(bias)) : pooled) as tf.Tensor2D;
    });
}

/**
 * A model linear in the pixels: logits_k = Σ_p x_p·W[p][k] + bias_k, W given per flattened pixel
 * (row-major over height, width, channels) — every attribution has a closed form.
 */
export function linearModel(weights: number[][], bias: number[]): ExplainableModel {
  const classes = bias.length;
  return {
    classes,
    name: 'linear',
    logits: (images) =>
      tf.tidy(() => tf.add(tf.matMul(tf.reshape(images, [images.shape[0], -1]), tf.tensor2d(weights)), tf.tensor1d(bias)) as tf.Tensor2D),
  };
}

/** Values of a [1, H, W, C] image from nested rows (C = 1) as a tensor. */
export function image(rows: number[][]): tf.Tensor4D {
  return tf.tensor4d(rows.flat(), [1, rows.length, rows[0]!.length, 1]);
}

/** `actual` equals `expected` element-wise within `digits` decimals (toBeCloseTo's precision). */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, digits = 5): void {
  expect(Array.from(actual)).toEqual(Array.from(expected).map((v) => expect.closeTo(v, digits)));
}
