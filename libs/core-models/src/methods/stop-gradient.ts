import * as tf from '@tensorflow/tfjs-core';

// The identity whose gradient is zero (tfjs has no stop_gradient).
const identityWithoutGradient = tf.customGrad(((input: tf.Tensor) => ({
  value: tf.clone(input),
  gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.zerosLike(dy as tf.Tensor),
})) as unknown as Parameters<typeof tf.customGrad>[0]);

/** `x` as a fixed value: a teacher's output used as a target, so no gradient flows back into it. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return identityWithoutGradient(x) as T;
}
