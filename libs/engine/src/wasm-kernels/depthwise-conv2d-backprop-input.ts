import {
  backend_util,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { spreadForFullConvolution } from './spread-for-full-convolution';
import { disposeAll, reshape, runWasmKernel, type WasmBackend } from './wasm-backend';

/**
 * dx for a depthwise convolution, missing from the wasm backend: a stride-1 depthwise convolution of
 * dy spread onto a zero canvas with the spatially flipped (dilated) filter, one channel per
 * (input channel, multiplier) pair, then summed over the multiplier.
 */
function depthwiseConv2dNativeBackpropInput(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: WasmBackend;
  attrs: DepthwiseConv2dNativeBackpropInputAttrs;
}): TensorInfo {
  const { backend, attrs, inputs } = args;
  const filterShape = inputs.filter.shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    attrs.inputShape,
    filterShape,
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const [filterHeight, filterWidth, channels, multiplier] = filterShape;
  const canvas = spreadForFullConvolution(backend, inputs.dy, info);
  const flipped = runWasmKernel('Reverse', backend, { x: inputs.filter }, { dims: [0, 1] });
  const perPair = reshape(backend, flipped, [filterHeight, filterWidth, channels * multiplier, 1]);
  const spread = runWasmKernel(
    'DepthwiseConv2dNative',
    backend,
    { x: canvas, filter: perPair },
    { strides: 1, pad: 'valid', dilations: [info.dilationHeight, info.dilationWidth] },
  );
  disposeAll(backend, canvas, flipped, perPair);
  if (multiplier === 1) return spread;
  const split = reshape(backend, spread, [info.batchSize, info.inHeight, info.inWidth, channels, multiplier]);
  const dx = runWasmKernel('Sum', backend, { x: split }, { axis: [4], keepDims: false });
  disposeAll(backend, spread, split);
  return dx;
}

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInput as unknown as KernelConfig['kernelFunc'],
};
