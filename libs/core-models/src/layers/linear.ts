import * as tf from '@tensorflow/tfjs-core';
import { initializers, type Initializer } from '../parameters/initializers';
import { joinName } from '../parameters/names';
import type { ParameterSet } from '../parameters/parameter-set';
import { assertPositiveInteger, type Layer } from './layer';

export interface LinearOptions {
  inFeatures: number;
  outFeatures: number;
  /** Default true. */
  bias?: boolean;
  /** Default U(±1/√in), PyTorch's nn.Linear default, for weight and bias alike. */
  init?: Initializer;
  biasInit?: Initializer;
}

/**
 * Dense layer y = x·W + b over the last axis of x (any rank ≥ 2, e.g. tokens [B, T, C]);
 * weight [in, out] at `name/weight`, bias [out] at `name/bias`.
 */
export class Linear implements Layer {
  readonly geometry = [];
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(params: ParameterSet, readonly name: string, readonly options: LinearOptions, seed: number) {
    const { inFeatures, outFeatures } = options;
    assertPositiveInteger(inFeatures, `${name}: inFeatures`);
    assertPositiveInteger(outFeatures, `${name}: outFeatures`);
    const fallback = initializers.fanInUniform(inFeatures);
    this.weight = params.create(joinName(name, 'weight'), [inFeatures, outFeatures], options.init ?? fallback, { seed });
    this.bias = options.bias === false ? undefined : params.create(joinName(name, 'bias'), [outFeatures], options.biasInit ?? fallback, { seed });
  }

  apply(x: tf.Tensor): tf.Tensor {
    const [inFeatures, outFeatures] = this.weight.shape as [number, number];
    if (x.rank < 2 || x.shape[x.rank - 1] !== inFeatures) {
      throw new RangeError(`${this.name}: expected [..., ${inFeatures}], got [${x.shape.join(', ')}]`);
    }
    const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, inFeatures]);
    let y: tf.Tensor = tf.matMul(flat as tf.Tensor2D, this.weight as tf.Tensor2D);
    if (this.bias) y = tf.add(y, this.bias);
    return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), outFeatures]);
  }
}
