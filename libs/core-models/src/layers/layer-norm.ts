import * as tf from '@tensorflow/tfjs-core';
import { initializers } from '../parameters/initializers';
import { joinName } from '../parameters/names';
import type { ParameterSet } from '../parameters/parameter-set';
import { assertPositiveInteger, type Layer } from './layer';

export interface LayerNormOptions {
  /** Size of the last axis, over which each row is normalised. */
  features: number;
  /** Default 1e-5 (PyTorch). */
  eps?: number;
}

/** Layer normalisation over the last axis (biased variance, as PyTorch), with gamma/beta per feature. */
export class LayerNorm implements Layer {
  readonly geometry = [];
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly eps: number;

  constructor(params: ParameterSet, readonly name: string, options: LayerNormOptions, seed: number) {
    assertPositiveInteger(options.features, `${name}: features`);
    this.eps = options.eps ?? 1e-5;
    this.gamma = params.create(joinName(name, 'gamma'), [options.features], initializers.ones(), { seed });
    this.beta = params.create(joinName(name, 'beta'), [options.features], initializers.zeros(), { seed });
  }

  apply(x: tf.Tensor): tf.Tensor {
    const features = this.gamma.shape[0]!;
    if (x.shape[x.rank - 1] !== features) throw new RangeError(`${this.name}: expected [..., ${features}], got [${x.shape.join(', ')}]`);
    const { mean, variance } = tf.moments(x, -1, true);
    const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.eps)));
    return tf.add(tf.mul(normalised, this.gamma), this.beta);
  }
}
