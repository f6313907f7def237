import * as tf from '@tensorflow/tfjs-core';

/**
 * Log-sum-exp pooling over the spatial axes (HAM, after Pinheiro & Collobert):
 * (log Σ_ij exp(r·F_ij) − log HW) / r per image and channel, [B, H, W, C] → [B, C]. A smooth
 * interpolation between average pooling (r → 0) and max pooling (r → ∞); tfjs's logSumExp
 * subtracts the maximum first, so large r·F does not overflow.
 */
export function lsePool(features: tf.Tensor4D, r: number): tf.Tensor2D {
  if (!(r > 0) || !Number.isFinite(r)) throw new RangeError(`LSE pooling: r must be a positive number, got ${r}`);
  return tf.tidy(() => {
    const [, h, w] = features.shape;
    return tf.div(tf.sub(tf.logSumExp(tf.mul(features, r), [1, 2]), Math.log(h * w)), r) as tf.Tensor2D;
  });
}
