import * as tf from '@tensorflow/tfjs-core';
import { initializers, type Initializer } from '../parameters/initializers';
import { joinName } from '../parameters/names';
import type { ParameterSet } from '../parameters/parameter-set';
import { assertPositiveInteger, tfPadding, type Layer, type LayerGeometry, type Padding } from './layer';

export interface Conv2dOptions {
  inChannels: number;
  outChannels: number;
  /** Square kernel size. */
  kernel: number;
  stride?: number;
  /** Default 'same'. A number pads every side like PyTorch's `padding=p`. */
  padding?: Padding;
  dilation?: number;
  /** Default true; switch off when batch norm follows (its mean subtraction would cancel the bias). */
  bias?: boolean;
  /** Default He normal, fan_out, gain √2 (torchvision's ResNet). */
  init?: Initializer;
  biasInit?: Initializer;
}

/** 2-D convolution over NHWC images; filter [k, k, in, out] at `name/filter`, bias [out] at `name/bias`. */
export class Conv2d implements Layer {
  readonly geometry: readonly LayerGeometry[];
  readonly filter: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(params: ParameterSet, readonly name: string, readonly options: Conv2dOptions, seed: number) {
    const { inChannels, outChannels, kernel, stride = 1, padding = 'same', dilation = 1 } = options;
    assertPositiveInteger(inChannels, `${name}: inChannels`);
    assertPositiveInteger(outChannels, `${name}: outChannels`);
    assertPositiveInteger(kernel, `${name}: kernel`);
    assertPositiveInteger(stride, `${name}: stride`);
    assertPositiveInteger(dilation, `${name}: dilation`);
    tfPadding(padding);
    // tfjs's conv2d takes either a stride or a dilation above 1, not both.
    if (stride > 1 && dilation > 1) throw new RangeError(`${name}: stride ${stride} with dilation ${dilation} is not supported`);
    this.geometry = [{ kernel, stride, padding, dilation }];
    this.filter = params.create(joinName(name, 'filter'), [kernel, kernel, inChannels, outChannels], options.init ?? initializers.heNormal({ mode: 'fan_out' }), {
      seed,
    });
    this.bias = options.bias === false ? undefined : params.create(joinName(name, 'bias'), [outChannels], options.biasInit ?? initializers.zeros(), { seed });
  }

  apply(x: tf.Tensor): tf.Tensor4D {
    const g = this.geometry[0]!;
    const y = tf.conv2d(x as tf.Tensor4D, this.filter as tf.Tensor4D, g.stride, tfPadding(g.padding), 'NHWC', g.dilation);
    return this.bias ? tf.add(y, this.bias) : y;
  }
}
