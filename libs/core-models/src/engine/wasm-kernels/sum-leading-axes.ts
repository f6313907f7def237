import { backend_util, type KernelConfig, Sum, type SumAttrs, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { disposeAll, heapF32, heapIndex, matMul, reshape, runWasmKernel, type WasmBackend } from './wasm-backend';

/**
 * Sum over leading axes (a bias gradient: dy summed over batch and space) as ones[1, N] @ x[N, M].
 * The backend's own Sum reduces only innermost axes, so it first transposes the whole tensor; the
 * GEMM reads it once, in order. Every other reduction goes to the backend's own kernel.
 */
function sum(args: { inputs: { x: TensorInfo }; backend: WasmBackend; attrs: SumAttrs }): TensorInfo {
  const { backend, inputs, attrs } = args;
  const { x } = inputs;
  const axes = util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
  const leading = axes.every((axis, i) => axis === i);
  if (x.dtype !== 'float32' || !leading || axes.length === 0 || axes.length === x.shape.length) {
    return runWasmKernel(Sum, backend, inputs, attrs as unknown as Record<string, unknown> as never);
  }
  const rows = util.sizeFromShape(x.shape.slice(0, axes.length));
  const columns = util.sizeFromShape(x.shape.slice(axes.length));
  const ones = backend.makeOutput([1, 1, rows], 'float32');
  const start = heapIndex(backend, ones);
  heapF32(backend).fill(1, start, start + rows);
  const x3d = reshape(backend, x, [1, rows, columns]);
  const sums = matMul(backend, ones, x3d);
  const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
  const shape = attrs.keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
  const out = reshape(backend, sums, shape);
  disposeAll(backend, ones, x3d, sums);
  return out;
}

export function sumLeadingAxesConfig(original: KernelConfig): KernelConfig {
  return { kernelName: Sum, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc: sum as unknown as KernelConfig['kernelFunc'] };
}
