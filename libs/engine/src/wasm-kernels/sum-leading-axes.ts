import { backend_util, type KernelConfig, Sum, type SumAttrs, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { disposeAll, reshape, runWasmKernel, type WasmBackend } from './wasm-backend';

/**
 * Sum over leading axes (a bias gradient: dy summed over batch and space). The backend's own Sum
 * reduces only innermost axes, so it first transposes the whole tensor (≈15 ms for 4 M values); a
 * ones-vector GEMM is no better, because the backend's GEMM repacks its right operand — here the whole
 * tensor — on every call. Its average pooling, though, reduces a window with the channels innermost in
 * one in-order SIMD pass (≈2 ms): view the tensor as one [rows/k, k] window per column, pool, and scale
 * the mean back to a sum. Every other reduction goes to the backend's own kernel.
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
  const inner = x.shape[axes.length - 1]!;
  const window = [rows / inner, inner] as [number, number];
  const asImage = reshape(backend, x, [1, window[0], window[1], columns]);
  const mean = runWasmKernel('AvgPool', backend, { x: asImage }, { filterSize: window, strides: window, pad: 'valid' });
  const count = scalar(backend, rows);
  const total = runWasmKernel('Multiply', backend, { a: mean, b: count });
  const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
  const out = reshape(backend, total, attrs.keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape);
  disposeAll(backend, asImage, mean, count, total);
  return out;
}

function scalar(backend: WasmBackend, value: number): TensorInfo {
  const info = backend.makeOutput([], 'float32');
  backend.typedArrayFromHeap(info)[0] = value;
  return info;
}

export function sumLeadingAxesConfig(original: KernelConfig): KernelConfig {
  return { kernelName: Sum, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc: sum as unknown as KernelConfig['kernelFunc'] };
}
