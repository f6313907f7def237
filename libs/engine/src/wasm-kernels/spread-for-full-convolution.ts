import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import { heapF32, heapIndex, type WasmBackend } from './wasm-backend';

/**
 * Lays dy [B, OH, OW, C] of the convolution described by `info` onto a zero canvas
 * [B, H + KH' − 1, W + KW' − 1, C] (KH', KW': the dilated filter's extent) with `stride − 1` zeros
 * between neighbours, offset by KH' − 1 − padTop rows and KW' − 1 − padLeft columns. A stride-1 'valid' convolution of this canvas with the
 * flipped filter is the gradient with respect to the convolution's input (a "full" convolution),
 * which the backend computes far faster than its own direct loop. Copies whole pixel vectors (C
 * values), or whole rows when the stride is 1.
 */
export function spreadForFullConvolution(backend: WasmBackend, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const g = {
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    top: info.effectiveFilterHeight - 1 - info.padInfo.top,
    left: info.effectiveFilterWidth - 1 - info.padInfo.left,
    canvasHeight: info.inHeight + info.effectiveFilterHeight - 1,
    canvasWidth: info.inWidth + info.effectiveFilterWidth - 1,
  };
  const [B, OH, OW, C] = dy.shape as [number, number, number, number];
  const canvas = backend.makeOutput([B, g.canvasHeight, g.canvasWidth, C], 'float32');
  const heap = heapF32(backend);
  const src = heapIndex(backend, dy);
  const dst = heapIndex(backend, canvas);
  heap.fill(0, dst, dst + B * g.canvasHeight * g.canvasWidth * C);
  const owFirst = Math.max(0, Math.ceil(-g.left / g.strideWidth));
  const owEnd = Math.min(OW, Math.floor((g.canvasWidth - 1 - g.left) / g.strideWidth) + 1);
  if (owEnd <= owFirst) return canvas;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const row = g.top + oh * g.strideHeight;
      if (row < 0 || row >= g.canvasHeight) continue;
      const from = src + ((b * OH + oh) * OW + owFirst) * C;
      const to = dst + ((b * g.canvasHeight + row) * g.canvasWidth + g.left + owFirst * g.strideWidth) * C;
      if (g.strideWidth === 1) {
        heap.copyWithin(to, from, from + (owEnd - owFirst) * C);
      } else {
        for (let ow = 0; ow < owEnd - owFirst; ow++) {
          const f = from + ow * C;
          heap.copyWithin(to + ow * g.strideWidth * C, f, f + C);
        }
      }
    }
  }
  return canvas;
}
