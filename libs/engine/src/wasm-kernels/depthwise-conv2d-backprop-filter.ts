import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { im2colChannelMajor } from './im2col-channel-major';
import { disposeAll, matMul, reshape, transpose, type WasmBackend } from './wasm-backend';

/**
 * dW for a depthwise convolution, missing from the wasm backend: the channel-major im2col of x
 * ([C, taps, positions]) times dy regrouped per channel ([C, positions, multiplier]), one GEMM per
 * channel in a single batched call.
 */
function depthwiseConv2dNativeBackpropFilter(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: WasmBackend;
  attrs: DepthwiseConv2dNativeBackpropFilterAttrs;
}): TensorInfo {
  const { backend, attrs, inputs } = args;
  const info = backend_util.computeConv2DInfo(
    inputs.x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const [filterHeight, filterWidth, channels, multiplier] = attrs.filterShape;
  const positions = info.batchSize * info.outHeight * info.outWidth;
  const patches = im2colChannelMajor(backend, inputs.x, info);
  const dy3d = reshape(backend, inputs.dy, [positions, channels, multiplier]);
  const dyPerChannel = transpose(backend, dy3d, [1, 0, 2]);
  const product = matMul(backend, patches, dyPerChannel);
  const tapMajor = transpose(backend, product, [1, 0, 2]);
  const dw = reshape(backend, tapMajor, [filterHeight, filterWidth, channels, multiplier]);
  disposeAll(backend, patches, dy3d, dyPerChannel, product, tapMajor);
  return dw;
}

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter as unknown as KernelConfig['kernelFunc'],
};
