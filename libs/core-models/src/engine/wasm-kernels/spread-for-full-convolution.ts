import type { TensorInfo } from '@tensorflow/tfjs-core';
import { heapF32, heapIndex, type WasmBackend } from './wasm-backend';

export interface SpreadGeometry {
  strideHeight: number;
  strideWidth: number;
  /** Where dy[·, 0, 0, ·] lands on the canvas (may be negative: those rows fall off). */
  top: number;
  left: number;
  canvasHeight: number;
  canvasWidth: number;
}

/**
 * Lays dy [B, OH, OW, C] onto a zero canvas [B, canvasHeight, canvasWidth, C] with `stride − 1` zeros
 * between neighbours and the given offset. A stride-1 'valid' convolution of this canvas with the
 * flipped filter is the gradient with respect to the convolution's input (a "full" convolution),
 * which the backend computes far faster than its own direct loop. Copies whole pixel vectors (C
 * values), or whole rows when the stride is 1.
 */
export function spreadForFullConvolution(backend: WasmBackend, dy: TensorInfo, g: SpreadGeometry): TensorInfo {
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
