import { backend_util, engine, type NamedAttrMap } from '@tensorflow/tfjs-core';
import { torchAgreesOnShape, windowGeometry } from './convolutions';
import { type NativeEncoder, input } from './native-kernel';

/** [KH, KW] then the window geometry; null when libtorch would size the output differently. */
export function poolAttrs(xShape: number[], attrs: NamedAttrMap): number[] | null {
  const info = backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    attrs['filterSize'] as [number, number] | number,
    attrs['strides'] as [number, number] | number,
    1,
    attrs['pad'] as 'valid' | 'same' | number | backend_util.ExplicitPadding,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
  return torchAgreesOnShape(info) ? [info.filterHeight, info.filterWidth, ...windowGeometry(info)] : null;
}

const pool: NativeEncoder = (inputs, attrs) => {
  const x = input(inputs, 'x');
  const encoded = poolAttrs(x.shape, attrs);
  return encoded ? { inputs: [x], attrs: encoded } : null;
};

/**
 * Max-pooling also passes whether a gradient tape is recording: only then can a MaxPoolGrad ask for
 * the argmax, so only then is it kept beside the output. Inference frees it at once, which keeps the
 * indices (twice the output's bytes, int64) out of the memory a forward pass holds until its tidy ends.
 */
const maxPool: NativeEncoder = (inputs, attrs) => {
  const call = pool(inputs, attrs);
  return call && { ...call, attrs: [...call.attrs, engine().state.gradientDepth > 0 ? 1 : 0] };
};

export const POOLING_KERNELS: Record<string, NativeEncoder> = {
  MaxPool: maxPool,
  AvgPool: pool,
  // inputs dy, x, y: the native kernel finds the forward's cached argmax beside y.
  MaxPoolGrad: (inputs, attrs) => {
    const x = input(inputs, 'input');
    const encoded = poolAttrs(x.shape, attrs);
    return encoded ? { inputs: [input(inputs, 'dy'), x, input(inputs, 'output')], attrs: encoded } : null;
  },
  AvgPoolGrad: (inputs, attrs) => {
    const x = input(inputs, 'input');
    const encoded = poolAttrs(x.shape, attrs);
    return encoded ? { inputs: [input(inputs, 'dy'), x], attrs: encoded } : null;
  },
};
