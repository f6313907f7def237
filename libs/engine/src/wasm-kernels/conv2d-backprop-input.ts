import { backend_util, Conv2DBackpropInput, type Conv2DBackpropInputAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { spreadForFullConvolution } from './spread-for-full-convolution';
import { disposeAll, fromNhwc, runWasmKernel, toNhwc, transpose, type WasmBackend } from './wasm-backend';

/**
 * dx for a 2-D convolution (also `conv2dTranspose`). The backend's own kernel is a direct loop about
 * ten times slower than its forward convolution; dx is instead the stride-1 'valid' convolution of
 * dy spread onto a zero canvas with the filter flipped in space and with in/out channels swapped.
 */
function conv2DBackpropInput(args: { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: WasmBackend; attrs: Conv2DBackpropInputAttrs }): TensorInfo {
  const { backend, attrs, inputs } = args;
  const nchw = attrs.dataFormat === 'NCHW';
  const inputShape = (nchw ? [attrs.inputShape[0], attrs.inputShape[2], attrs.inputShape[3], attrs.inputShape[1]] : attrs.inputShape) as [number, number, number, number];
  const dy = nchw ? toNhwc(backend, inputs.dy) : inputs.dy;
  const info = backend_util.computeConv2DInfo(
    inputShape,
    inputs.filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const canvas = spreadForFullConvolution(backend, dy, info);
  const flipped = runWasmKernel('Reverse', backend, { x: inputs.filter }, { dims: [0, 1] });
  const swapped = transpose(backend, flipped, [0, 1, 3, 2]);
  const dx = runWasmKernel('Conv2D', backend, { x: canvas, filter: swapped }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 });
  disposeAll(backend, canvas, flipped, swapped);
  if (!nchw) return dx;
  const dxNchw = fromNhwc(backend, dx);
  disposeAll(backend, dy, dx);
  return dxNchw;
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelConfig['kernelFunc'],
};
