import { type KernelConfig, type TensorInfo, type UnsortedSegmentSumAttrs, UnsortedSegmentSum, util } from '@tensorflow/tfjs-core';
import { disposeAll, heapF32, heapIndex, matMul, reshape, type WasmBackend } from './wasm-backend';

/**
 * Sums the rows of x that share a segment id (the gradient of gather), missing from the wasm backend.
 * float32: one GEMM of a [segments, rows] indicator matrix with x, so the sums run in the backend's
 * GEMM; int32 (rare, never a gradient): a plain accumulation. Ids outside [0, numSegments) are
 * dropped, as TensorFlow does.
 */
function unsortedSegmentSum(args: {
  inputs: { x: TensorInfo; segmentIds: TensorInfo };
  backend: WasmBackend;
  attrs: UnsortedSegmentSumAttrs;
}): TensorInfo {
  const { backend, inputs, attrs } = args;
  const { x, segmentIds } = inputs;
  const segments = attrs.numSegments;
  const rows = util.sizeFromShape(segmentIds.shape);
  const rowSize = util.sizeFromShape(x.shape) / Math.max(rows, 1);
  const outShape = [segments, ...x.shape.slice(segmentIds.shape.length)];
  if (x.dtype !== 'float32') {
    const out = backend.makeOutput(outShape, x.dtype);
    const ids = backend.typedArrayFromHeap(segmentIds);
    const values = backend.typedArrayFromHeap(x);
    const sums = backend.typedArrayFromHeap(out);
    sums.fill(0);
    for (let r = 0; r < rows; r++) {
      const s = ids[r];
      if (s < 0 || s >= segments) continue;
      for (let k = 0; k < rowSize; k++) sums[s * rowSize + k] += values[r * rowSize + k];
    }
    return out;
  }

  const indicator = backend.makeOutput([1, segments, rows], 'float32');
  const heap = heapF32(backend);
  const base = heapIndex(backend, indicator);
  const idValues = backend.typedArrayFromHeap(segmentIds); // re-read: makeOutput may have grown the heap
  heap.fill(0, base, base + segments * rows);
  for (let r = 0; r < rows; r++) {
    const s = idValues[r];
    if (s >= 0 && s < segments) heap[base + s * rows + r] = 1;
  }
  const x3d = reshape(backend, x, [1, rows, rowSize]);
  const sums = matMul(backend, indicator, x3d);
  const out = reshape(backend, sums, outShape);
  disposeAll(backend, indicator, x3d, sums);
  return out;
}

export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as KernelConfig['kernelFunc'],
};
