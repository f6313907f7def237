import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { biasActivationInfo, windowGeometry } from './convolutions';
import { type NativeEncoder, input } from './native-kernel';
import { poolAttrs } from './pooling';

/** Convolution + bias + activation, then max-pooling, in one kernel (the engine's `conv2dBiasActivationMaxPool`, inference only). */
export const CONV2D_BIAS_ACTIVATION_MAX_POOL = 'Conv2DBiasActivationMaxPool';

/** attrs: the convolution's geometry, its activation code, then the pooling's KH KW and geometry. */
const convolutionMaxPool: NativeEncoder = (inputs, attrs) => {
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
  return { inputs: [x, filter, bias], attrs: [...windowGeometry(info), activation, ...pool] };
};

export const CONVOLUTION_POOLING_KERNELS: Record<string, NativeEncoder> = {
  [CONV2D_BIAS_ACTIVATION_MAX_POOL]: convolutionMaxPool,
};
