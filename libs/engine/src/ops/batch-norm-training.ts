import * as tf from '@tensorflow/tfjs-core';

/**
 * The kernel a backend may supply for batch norm in training mode, with a registered gradient:
 * inputs `x` [..., C], `gamma` [C], `beta` [C]; attribute `epsilon`; outputs y, batch mean, biased
 * batch variance. The torch backend supplies it (libtorch's own batch norm, forward and backward).
 */
export const BATCH_NORM_TRAINING_KERNEL = 'BatchNormTraining';

export interface BatchNormTrainingResult {
  y: tf.Tensor;
  /** Per channel, over every other axis. */
  mean: tf.Tensor1D;
  /** Biased (divided by n), as the normalisation uses it. */
  variance: tf.Tensor1D;
}

/**
 * Batch normalisation with batch statistics over every axis but the last:
 * y = γ·(x − μ)/√(σ² + ε) + β. Also returns μ and σ² for the moving statistics; gradients flow through
 * y (and through μ, σ² only where the composed path runs, so callers must not differentiate them).
 * Where the backend has the `BatchNormTraining` kernel it is one call forward and one backward;
 * elsewhere it is composed from moments and elementwise ops, which record a dozen kernels each way.
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): BatchNormTrainingResult {
  const channels = x.shape[x.rank - 1];
  if (x.rank < 2 || gamma.shape[0] !== channels || beta.shape[0] !== channels) {
    throw new RangeError(`batchNormTraining: x [${x.shape.join(', ')}] needs gamma and beta of [${channels}], got [${gamma.shape.join(', ')}] and [${beta.shape.join(', ')}]`);
  }
  if (!(epsilon > 0)) throw new RangeError(`batchNormTraining: epsilon must be > 0, got ${epsilon}`);
  if (tf.getKernel(BATCH_NORM_TRAINING_KERNEL, tf.getBackend()) && tf.getGradient(BATCH_NORM_TRAINING_KERNEL)) {
    const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAINING_KERNEL, { x, gamma, beta }, { epsilon }) as tf.Tensor[];
    return { y: y!, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
  }
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, epsilon)));
  return { y: tf.add(tf.mul(tf.sub(x, mean), scale), beta), mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}
