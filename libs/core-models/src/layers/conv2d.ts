import * as tf from '@tensorflow/tfjs-core';
import { type FusedConvActivation, FUSED_CONV_ACTIVATIONS, conv2dBiasActivation } from '@protoscope/engine';
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
  /** Applied to the output; with a bias, convolution + bias + activation is one op (default 'linear'). */
  activation?: FusedConvActivation;
  /** Default He normal, fan_out, gain √2 (torchvision's ResNet). */
  init?: Initializer;
  biasInit?: Initializer;
}

/**
 * 2-D convolution over NHWC images; filter [k, k, in, out] at `name/filter`, bias [out] at `name/bias`.
 * With a bias, the convolution, the bias and the activation are the engine's one fused op, also in
 * training (one native kernel each way on torch; tfjs's conv2d, add and activation elsewhere).
 */
export class Conv2d implements Layer {
  readonly geometry: readonly LayerGeometry[];
  readonly filter: tf.Variable;
  readonly bias: tf.Variable | undefined;
  readonly activation: FusedConvActivation;

  constructor(params: ParameterSet, readonly name: string, readonly options: Conv2dOptions, seed: number) {
    const { inChannels, outChannels, kernel, stride = 1, padding = 'same', dilation = 1 } = options;
    assertPositiveInteger(inChannels, `${name}: inChannels`);
    assertPositiveInteger(outChannels, `${name}: outChannels`);
    assertPositiveInteger(kernel, `${name}: kernel`);
    assertPositiveInteger(stride, `${name}: stride`);
    assertPositiveInteger(dilation, `${name}: dilation`);
    tfPadding(padding);
    this.activation = options.activation ?? 'linear';
    if (!FUSED_CONV_ACTIVATIONS.includes(this.activation)) {
      throw new RangeError(`${name}: activation must be one of ${FUSED_CONV_ACTIVATIONS.join(', ')}, got '${String(this.activation)}'`);
    }
    // tfjs's conv2d takes either a stride or a dilation above 1, not both.
    if (stride > 1 && dilation > 1) throw new RangeError(`${name}: stride ${stride} with dilation ${dilation} is not supported`);
    this.geometry = [{ kernel, stride, padding, dilation }];
    this.filter = params.create(joinName(name, 'filter'), [kernel, kernel, inChannels, outChannels], options.init ?? initializers.heNormal({ mode: 'fan_out' }), {
      seed,
    });
    this.bias = options.bias === false ? undefined : params.create(joinName(name, 'bias'), [outChannels], options.biasInit ?? initializers.zeros(), { seed });
  }

  apply(x: tf.Tensor): tf.Tensor4D {
    return this.applyWithActivation(x, this.activation);
  }

  /**
   * The convolution followed by `activation` in place of the layer's own (linear when fusing an
   * activation layer that follows it: see Sequential).
   */
  applyWithActivation(x: tf.Tensor, activation: FusedConvActivation): tf.Tensor4D {
    const g = this.geometry[0]!;
    const pad = tfPadding(g.padding);
    if (this.bias) {
      return conv2dBiasActivation({ x: x as tf.Tensor4D, filter: this.filter as tf.Tensor4D, bias: this.bias as tf.Tensor1D, strides: g.stride, pad, dilations: g.dilation, activation });
    }
    const y = tf.conv2d(x as tf.Tensor4D, this.filter as tf.Tensor4D, g.stride, pad, 'NHWC', g.dilation);
    return activation === 'relu' ? tf.relu(y) : activation === 'sigmoid' ? tf.sigmoid(y) : y;
  }
}
