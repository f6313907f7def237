import { type NamedAttrMap, engine } from '@tensorflow/tfjs-core';
import { biasedConvolution, windowGeometry } from './convolutions';
import { type NativeCall, type NativeEncoder, input } from './native-kernel';
import { poolAttrs } from './pooling';

/** Convolution + bias + activation, then max-pooling, in one kernel (the engine's `conv2dBiasActivationMaxPool`). */
export const CONV2D_BIAS_ACTIVATION_MAX_POOL = 'Conv2DBiasActivationMaxPool';
/** Its backward, first part: dz, the gradient with respect to the convolution's output before the activation. */
export const CONV2D_BIAS_ACTIVATION_MAX_POOL_GRAD = 'Conv2DBiasActivationMaxPoolGrad';

/**
 * The inputs x, filter, bias, and the attrs: the convolution's geometry, its activation code, then
 * the pooling's KH KW and geometry.
 */
function encode(inputs: Parameters<NativeEncoder>[0], attrs: NamedAttrMap): NativeCall {
  const { x, filter, bias, info, activation } = biasedConvolution(CONV2D_BIAS_ACTIVATION_MAX_POOL, inputs, attrs);
  const poolAttributes: NamedAttrMap = { filterSize: attrs['poolSize']!, strides: attrs['poolStrides']!, pad: attrs['poolPad']! };
  const pool = poolAttrs(info.outShape, poolAttributes);
  // The op has no cpu kernel to fall back to: a pooling libtorch would size differently is an error.
  if (!pool) throw new Error(`torch backend: ${CONV2D_BIAS_ACTIVATION_MAX_POOL} cannot pool [${info.outShape.join(', ')}] with ${JSON.stringify(poolAttributes)}`);
  return { inputs: [x, filter, bias], attrs: [...windowGeometry(info), activation, ...pool] };
}

export const CONVOLUTION_POOLING_KERNELS: Record<string, NativeEncoder> = {
  // Under a tape the forward also records where each maximum was, for the gradient.
  [CONV2D_BIAS_ACTIVATION_MAX_POOL]: (inputs, attrs) => {
    const call = encode(inputs, attrs);
    return { ...call, attrs: [...call.attrs, engine().state.gradientDepth > 0 ? 1 : 0] };
  },
  // inputs dy, y (the forward's output, with the recorded places beside it), x, filter, bias.
  [CONV2D_BIAS_ACTIVATION_MAX_POOL_GRAD]: (inputs, attrs) => ({
    inputs: ['dy', 'y', 'x', 'filter', 'bias'].map((name) => input(inputs, name)),
    attrs: encode(inputs, attrs).attrs,
  }),
};
