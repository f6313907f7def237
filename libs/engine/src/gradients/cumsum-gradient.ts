import * as tf from '@tensorflow/tfjs-core';
import { Cumsum, type CumsumAttrs, type GradConfig } from '@tensorflow/tfjs-core';

/**
 * Gradient of Cumsum. Each y_j sums x_i over i ≤ j (i < j if exclusive; ≥ / > if reverse), so x_i
 * collects dy_j over the same relation read the other way: cumsum(dy, axis, exclusive, !reverse),
 * already in x's layout. tfjs computes exactly that and then transposes it as if it had moved the
 * axis to the end, which scrambles (or reshapes) the gradient for every axis but the last.
 */
export const cumsumGradConfig: GradConfig = {
  kernelName: Cumsum,
  gradFunc: (dy, _saved, attrs) => {
    const { axis, exclusive, reverse } = attrs as unknown as CumsumAttrs;
    return { x: () => tf.cumsum(dy as tf.Tensor, axis, exclusive, !reverse) };
  },
};
