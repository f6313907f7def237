import { backend_util, type KernelConfig, MaxPoolGrad, type MaxPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackend } from './wasm-backend';

/**
 * Max-pool gradient: each output's dy goes to the first maximum of its window (row-major, as the
 * cpu backend and TensorFlow choose). The backend's own kernel scans every input pixel against every
 * window covering it; this walks each window once, keeping the running maxima of all channels of a
 * pixel at a time so memory is read in order. A gather-scatter has no GEMM or convolution form.
 */
function maxPoolGrad(args: {
  inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  backend: WasmBackend;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const { backend, inputs, attrs } = args;
  const info = backend_util.computePool2DInfo(
    inputs.input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const out = backend.makeOutput(inputs.input.shape, 'float32');
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  const x = backend.typedArrayFromHeap(inputs.input) as Float32Array;
  const dy = backend.typedArrayFromHeap(inputs.dy) as Float32Array;
  dx.fill(0);
  const best = new Float32Array(C);
  const bestAt = new Int32Array(C);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const hStart = oh * info.strideHeight - info.padInfo.top;
      const hFirst = Math.max(0, hStart);
      const hEnd = Math.min(H, hStart + info.filterHeight);
      for (let ow = 0; ow < OW; ow++) {
        const wStart = ow * info.strideWidth - info.padInfo.left;
        const wFirst = Math.max(0, wStart);
        const wEnd = Math.min(W, wStart + info.filterWidth);
        best.fill(-Infinity);
        bestAt.fill(-1);
        for (let h = hFirst; h < hEnd; h++) {
          for (let w = wFirst; w < wEnd; w++) {
            const pixel = ((b * H + h) * W + w) * C;
            for (let c = 0; c < C; c++) {
              const v = x[pixel + c];
              if (bestAt[c] < 0 || v > best[c]) {
                best[c] = v;
                bestAt[c] = pixel + c;
              }
            }
          }
        }
        const gradients = ((b * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) if (bestAt[c] >= 0) dx[bestAt[c]] += dy[gradients + c];
      }
    }
  }
  return out;
}

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelConfig['kernelFunc'],
};
