import { backend_util, type NamedAttrMap, slice_util, util } from '@tensorflow/tfjs-core';
import { DTYPE_CODES, type NativeDtype } from '../native-addon';
import { type NativeEncoder, allInputs, flag, input } from './native-kernel';

const axisOf = (attrs: NamedAttrMap, name: string, shape: number[]) => util.parseAxisParam(attrs[name] as number | number[], shape)[0]!;
const dtypeCode = (dtype: unknown) => DTYPE_CODES[dtype as NativeDtype];

/** tfjs's range length, including its quirks for empty and reversed ranges (as its cpu kernel). */
function rangeCount(start: number, stop: number, step: number): { count: number; step: number } {
  if (start === stop || (start < stop && step < 0) || (stop < start && step > 1)) return { count: 0, step };
  return { count: Math.abs(Math.ceil((stop - start) / step)), step: stop < start && step === 1 ? -1 : step };
}

export const SHAPE_KERNELS: Record<string, NativeEncoder> = {
  Reshape: (inputs, attrs) => {
    const x = input(inputs, 'x');
    return { inputs: [x], attrs: util.inferFromImplicitShape(attrs['shape'] as number[], util.sizeFromShape(x.shape)) };
  },
  // A reshape with a 1 inserted at `dim` (negative: counted from the end of the new shape).
  ExpandDims: (inputs, attrs) => {
    const x = input(inputs, 'input');
    const dim = attrs['dim'] as number;
    const shape = [...x.shape];
    shape.splice(dim < 0 ? x.shape.length + 1 + dim : dim, 0, 1);
    return { kernel: 'Reshape', inputs: [x], attrs: shape };
  },
  Transpose: (inputs, attrs) => ({ inputs: [input(inputs, 'x')], attrs: attrs['perm'] as number[] }),
  BroadcastTo: (inputs, attrs) => ({ inputs: [input(inputs, 'x')], attrs: attrs['shape'] as number[] }),
  Concat: (inputs, attrs) => {
    const tensors = allInputs(inputs);
    return { inputs: tensors, attrs: [axisOf(attrs, 'axis', tensors[0]!.shape)] };
  },
  Pack: (inputs, attrs) => {
    const tensors = allInputs(inputs);
    const axis = attrs['axis'] as number;
    return { inputs: tensors, attrs: [axis < 0 ? axis + tensors[0]!.shape.length + 1 : axis] };
  },
  Unpack: (inputs, attrs) => {
    const x = input(inputs, 'value');
    return { inputs: [x], attrs: [axisOf(attrs, 'axis', x.shape)] };
  },
  SplitV: (inputs, attrs) => {
    const x = input(inputs, 'x');
    const axis = axisOf(attrs, 'axis', x.shape);
    return { inputs: [x], attrs: [axis, ...backend_util.prepareSplitSize(x, attrs['numOrSizeSplits'] as number | number[], axis)] };
  },
  Tile: (inputs, attrs) => ({ inputs: [input(inputs, 'x')], attrs: attrs['reps'] as number[] }),
  Reverse: (inputs, attrs) => {
    const x = input(inputs, 'x');
    return { inputs: [x], attrs: util.parseAxisParam(attrs['dims'] as number | number[], x.shape) };
  },
  Slice: (inputs, attrs) => {
    const x = input(inputs, 'x');
    const [begin, size] = slice_util.parseSliceParams(x, attrs['begin'] as number[], attrs['size'] as number[]);
    return { inputs: [x], attrs: [...begin!, ...size!] };
  },
  StridedSlice: (inputs, attrs) => {
    const x = input(inputs, 'x');
    const info = slice_util.sliceInfo(
      x.shape,
      attrs['begin'] as number[],
      attrs['end'] as number[],
      attrs['strides'] as number[],
      attrs['beginMask'] as number,
      attrs['endMask'] as number,
      attrs['ellipsisMask'] as number,
      attrs['newAxisMask'] as number,
      attrs['shrinkAxisMask'] as number,
    );
    // libtorch slices step forwards only; reversed slices run on the cpu backend.
    if (info.strides.some((stride) => stride < 0)) return null;
    const rank = x.shape.length;
    const end = info.end.map((stop, axis) => Math.max(stop, info.begin[axis]!));
    return { inputs: [x], attrs: [rank, ...info.begin, ...end, ...info.strides, ...info.finalShape] };
  },
  PadV2: (inputs, attrs) => ({
    inputs: [input(inputs, 'x')],
    attrs: [attrs['constantValue'] as number, ...(attrs['paddings'] as [number, number][]).flat()],
  }),
  MirrorPad: (inputs, attrs) => ({
    inputs: [input(inputs, 'x')],
    attrs: [flag(attrs['mode'] === 'symmetric'), ...(attrs['paddings'] as [number, number][]).flat()],
  }),
  GatherV2: (inputs, attrs) => {
    const x = input(inputs, 'x');
    if (((attrs['batchDims'] as number | undefined) ?? 0) !== 0) return null;
    return { inputs: [x, input(inputs, 'indices')], attrs: [axisOf(attrs, 'axis', x.shape)] };
  },
  GatherNd: (inputs) => ({ inputs: [input(inputs, 'params'), input(inputs, 'indices')], attrs: [] }),
  ScatterNd: (inputs, attrs) => ({ inputs: [input(inputs, 'indices'), input(inputs, 'updates')], attrs: attrs['shape'] as number[] }),
  UnsortedSegmentSum: (inputs, attrs) => ({ inputs: [input(inputs, 'x'), input(inputs, 'segmentIds')], attrs: [attrs['numSegments'] as number] }),
  OneHot: (inputs, attrs) => {
    const code = dtypeCode(attrs['dtype']);
    if (code === undefined) return null;
    return { inputs: [input(inputs, 'indices')], attrs: [attrs['depth'] as number, attrs['onValue'] as number, attrs['offValue'] as number, code] };
  },
  Range: (_inputs, attrs) => {
    const code = dtypeCode(attrs['dtype']);
    if (code === undefined) return null;
    const start = attrs['start'] as number;
    const { count, step } = rangeCount(start, attrs['stop'] as number, attrs['step'] as number);
    return { inputs: [], attrs: [start, step, count, code] };
  },
  Fill: (_inputs, attrs) => {
    const code = dtypeCode(attrs['dtype']);
    if (code === undefined) return null;
    return { inputs: [], attrs: [attrs['value'] as number, code, ...(attrs['shape'] as number[])] };
  },
  AddN: (inputs) => ({ inputs: allInputs(inputs), attrs: [] }),
};
