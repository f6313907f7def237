import { backend_util, Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { im2colChannelMajor } from './im2col-channel-major';
import { disposeAll, matMul, reshape, toNhwc, transpose, type WasmBackend } from './wasm-backend';

/**
 * dW for a 2-D convolution, missing from the wasm backend: one channel-major im2col of x and a single
 * GEMM with dy, dW[(c,kh,kw), co] = Σ_positions patches · dy, then reordered to [KH, KW, Cin, Cout].
 */
function conv2DBackpropFilter(args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: WasmBackend; attrs: Conv2DBackpropFilterAttrs }): TensorInfo {
  const { backend, attrs } = args;
  const nchw = attrs.dataFormat === 'NCHW';
  const x = nchw ? toNhwc(backend, args.inputs.x) : args.inputs.x;
  const dy = nchw ? toNhwc(backend, args.inputs.dy) : args.inputs.dy;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { inChannels, outChannels, filterHeight, filterWidth, batchSize, outHeight, outWidth } = info;
  const taps = inChannels * filterHeight * filterWidth;
  const positions = batchSize * outHeight * outWidth;
  const patches = im2colChannelMajor(backend, x, info);
  const patches3d = reshape(backend, patches, [1, taps, positions]);
  const dy3d = reshape(backend, dy, [1, positions, outChannels]);
  // The backend's GEMM repacks its right operand on every call, a pass over positions × columns:
  // put the narrower of (patches, dy) on the right. Few taps (a first layer on grey images): dWᵀ = dyᵀ·Pᵀ.
  let dw: TensorInfo;
  if (taps < outChannels) {
    const dyT = transpose(backend, dy3d, [0, 2, 1]);
    const patchesT = transpose(backend, patches3d, [0, 2, 1]);
    const productT = matMul(backend, dyT, patchesT);
    const byOutput = reshape(backend, productT, [outChannels, inChannels, filterHeight, filterWidth]);
    dw = transpose(backend, byOutput, [2, 3, 1, 0]);
    disposeAll(backend, dyT, patchesT, productT, byOutput);
  } else {
    const product = matMul(backend, patches3d, dy3d);
    const byChannel = reshape(backend, product, [inChannels, filterHeight, filterWidth, outChannels]);
    dw = transpose(backend, byChannel, [1, 2, 0, 3]);
    disposeAll(backend, product, byChannel);
  }
  disposeAll(backend, patches, patches3d, dy3d);
  if (nchw) disposeAll(backend, x, dy);
  return dw;
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelConfig['kernelFunc'],
};
