import { type NamedAttrMap, engine } from '@tensorflow/tfjs-core';
import { biasActivationInfo, windowGeometry } from './convolutions';
import { type NativeEncoder, input } from './native-kernel';
import { poolAttrs } from './pooling';

/** Convolution + bias + activation, then max-pooling, in one kernel (the engine's `conv2dBiasActivationMaxPool`). */
export const CONV2D_BIAS_ACTIVATION_MAX_POOL = 'Conv2DBiasActivationMaxPool';
/** Its backward, first part: dz, the gradient with respect to the convolution's output before the activation. */
export const CONV2D_BIAS_ACTIVATION_MAX_POOL_GRAD = 'Conv2DBiasActivationMaxPoolGrad';

/** attrs: the convolution's geometry, its activation code, then the pooling's KH KW and geometry. */
function encode(inputs: Parameters<NativeEncoder>[0], attrs: NamedAttrMap): number[] {
  const x = input(inputs, 'x');
  const filter = input(inputs, 'filter');
  const bias = input(inputs, 'bias');
  const { info, activation } = biasActivationInfo(CONV2D_BIAS_ACTIVATION_MAX_POOL, x.shape, filter.shape, attrs);
  if (bias.shape.length !== 1 || bias.shape[0] !== info.outChannels) {
    throw new Error(`torch backend: ${CONV2D_BIAS_ACTIVATION_MAX_POOL} needs a bias of [${info.outChannels}], got [${bias.shape.join(', ')}]`);
  }
  const poolAttributes: NamedAttrMap = { filterSize: attrs['poolSize']!, strides: attrs['poolStrides']!, pad: attrs['poolPad']! };
  const pool = poolAttrs(info.outShape, poolAttributes);
  // The op has no cpu kernel to fall back to: a pooling libtorch would size differently is an error.
  if (!pool) throw new Error(`torch backend: ${CONV2D_BIAS_ACTIVATION_MAX_POOL} cannot pool [${info.outShape.join(', ')}] with ${JSON.stringify(poolAttributes)}`);
  return [...windowGeometry(info), activation, ...pool];
}

export const CONVOLUTION_POOLING_KERNELS: Record<string, NativeEncoder> = {
  // Under a tape the forward also records where each maximum was, for the gradient.
  [CONV2D_BIAS_ACTIVATION_MAX_POOL]: (inputs, attrs) => ({
    inputs: [input(inputs, 'x'), input(inputs, 'filter'), input(inputs, 'bias')],
    attrs: [...encode(inputs, attrs), engine().state.gradientDepth > 0 ? 1 : 0],
  }),
  // inputs dy, y (the forward's output, with the recorded places beside it), x, filter, bias.
  [CONV2D_BIAS_ACTIVATION_MAX_POOL_GRAD]: (inputs, attrs) => ({
    inputs: ['dy', 'y', 'x', 'filter', 'bias'].map((name) => input(inputs, name)),
    attrs: encode(inputs, attrs),
  }),
};
