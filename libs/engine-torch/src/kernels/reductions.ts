import { type NamedAttrMap, util } from '@tensorflow/tfjs-core';
import { type NativeEncoder, flag, input } from './native-kernel';

/** attrs: keepDims, then the axes (tfjs's `axis` or `reductionIndices`, resolved against the shape). */
const reduction =
  (axisAttr: string): NativeEncoder =>
  (inputs, attrs: NamedAttrMap) => {
    const x = input(inputs, 'x');
    return { inputs: [x], attrs: [flag(attrs['keepDims']), ...util.parseAxisParam(attrs[axisAttr] as number | number[], x.shape)] };
  };

const singleAxis: NativeEncoder = (inputs, attrs) => {
  const x = input(inputs, 'x');
  return { inputs: [x], attrs: [util.parseAxisParam(attrs['axis'] as number | number[], x.shape)[0]!] };
};

const scan: NativeEncoder = (inputs, attrs) => {
  const x = input(inputs, 'x');
  return { inputs: [x], attrs: [util.parseAxisParam(attrs['axis'] as number, x.shape)[0]!, flag(attrs['exclusive']), flag(attrs['reverse'])] };
};

export const REDUCTION_KERNELS: Record<string, NativeEncoder> = {
  Sum: reduction('axis'),
  Mean: reduction('axis'),
  Prod: reduction('axis'),
  All: reduction('axis'),
  Any: reduction('axis'),
  Max: reduction('reductionIndices'),
  Min: reduction('axis'),
  ArgMax: singleAxis,
  ArgMin: singleAxis,
  Softmax: (inputs, attrs) => {
    const logits = input(inputs, 'logits');
    return { inputs: [logits], attrs: [util.parseAxisParam(attrs['dim'] as number, logits.shape)[0]!] };
  },
  Cumsum: scan,
  Cumprod: scan,
  TopK: (inputs, attrs) => ({ inputs: [input(inputs, 'x')], attrs: [attrs['k'] as number, flag(attrs['sorted'])] }),
};
