import * as tf from '@tensorflow/tfjs-core';
import type { Layer } from './layer';

export type ActivationName = 'relu' | 'sigmoid' | 'gelu' | 'identity';

/** Exact GELU, x·Φ(x) (PyTorch's default form); tfjs-core has no gelu op. */
function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

const FUNCTIONS: Record<ActivationName, (x: tf.Tensor) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  sigmoid: (x) => tf.sigmoid(x),
  gelu,
  identity: (x) => x,
};

/** An elementwise activation as a layer, so it can sit in a Sequential. */
export class Activation implements Layer {
  readonly geometry = [];
  private readonly fn: (x: tf.Tensor) => tf.Tensor;

  constructor(readonly kind: ActivationName) {
    this.fn = FUNCTIONS[kind];
  }

  apply(x: tf.Tensor): tf.Tensor {
    return this.fn(x);
  }
}
