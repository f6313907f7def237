import type { TensorInfo } from '@tensorflow/tfjs-core';
import { disposeAll, heapF32, heapIndex, transpose, type WasmBackend } from './wasm-backend';

/** Where a convolution window reads from: the fields of tfjs's Conv2DInfo that im2col needs. */
export interface WindowGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padInfo: { top: number; left: number };
}

/**
 * Channel-major im2col of an NHWC tensor: the result has shape [C, KH·KW, B·OH·OW], row (c, kh, kw)
 * holding, for every output position, the input value its window reads at tap (kh, kw) of channel c
 * (0 in the padding). With the input first transposed to [C, B, H, W], each row is built from runs
 * of contiguous copies (memmove inside the heap), so no JavaScript touches single elements when the
 * stride is 1; this layout lets one GEMM with dy ([B·OH·OW, Cout]) produce the filter gradient.
 */
export function im2colChannelMajor(backend: WasmBackend, x: TensorInfo, g: WindowGeometry): TensorInfo {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const taps = g.filterHeight * g.filterWidth;
  const positions = B * OH * OW;
  const channelMajor = transpose(backend, x, [3, 0, 1, 2]);
  const out = backend.makeOutput([C, taps, positions], 'float32');
  const heap = heapF32(backend);
  const src = heapIndex(backend, channelMajor);
  let dst = heapIndex(backend, out);

  for (let c = 0; c < C; c++) {
    for (let kh = 0; kh < g.filterHeight; kh++) {
      for (let kw = 0; kw < g.filterWidth; kw++) {
        const colOffset = kw * g.dilationWidth - g.padInfo.left;
        // Output columns whose input column iw = ow·s + colOffset lies inside the image.
        const owFirst = Math.max(0, Math.ceil(-colOffset / g.strideWidth));
        const owEnd = Math.min(OW, Math.floor((W - 1 - colOffset) / g.strideWidth) + 1);
        // With stride 1 and as many output as input columns, the rows an output block reads are one
        // contiguous run of the input (shifted by colOffset): copy the block at once, then zero the
        // few values that wrapped around a row edge.
        const wholeRows = g.strideWidth === 1 && OW === W;
        const ohFirst = Math.max(0, Math.ceil((g.padInfo.top - kh * g.dilationHeight) / g.strideHeight));
        const ohEnd = Math.min(OH, Math.floor((H - 1 + g.padInfo.top - kh * g.dilationHeight) / g.strideHeight) + 1);
        for (let b = 0; b < B; b++, dst += OH * OW) {
          if (ohEnd <= ohFirst || owEnd <= owFirst) {
            heap.fill(0, dst, dst + OH * OW);
            continue;
          }
          heap.fill(0, dst, dst + ohFirst * OW);
          heap.fill(0, dst + ohEnd * OW, dst + OH * OW);
          const imageStart = src + (c * B + b) * H * W;
          if (wholeRows && g.strideHeight === 1) {
            const ihFirst = ohFirst + kh * g.dilationHeight - g.padInfo.top;
            const from = imageStart + ihFirst * W + colOffset;
            const to = dst + ohFirst * OW;
            const count = (ohEnd - ohFirst) * OW;
            // Clip the run to the image's own values; the clipped ends are row-edge padding anyway.
            const lo = Math.max(0, imageStart - from);
            const hi = Math.min(count, imageStart + H * W - from);
            heap.copyWithin(to + lo, from + lo, from + hi);
            // Usually one value per row (a 3×3 tap's edge): plain stores beat a fill call.
            for (let oh = ohFirst; oh < ohEnd; oh++) {
              const row = dst + oh * OW;
              for (let ow = 0; ow < owFirst; ow++) heap[row + ow] = 0;
              for (let ow = owEnd; ow < OW; ow++) heap[row + ow] = 0;
            }
            continue;
          }
          for (let oh = ohFirst; oh < ohEnd; oh++) {
            const row = dst + oh * OW;
            const ih = oh * g.strideHeight + kh * g.dilationHeight - g.padInfo.top;
            if (owFirst > 0) heap.fill(0, row, row + owFirst);
            if (owEnd < OW) heap.fill(0, row + owEnd, row + OW);
            const rowStart = imageStart + ih * W;
            if (g.strideWidth === 1) {
              const from = rowStart + owFirst + colOffset;
              heap.copyWithin(row + owFirst, from, from + (owEnd - owFirst));
            } else {
              for (let ow = owFirst; ow < owEnd; ow++) heap[row + ow] = heap[rowStart + ow * g.strideWidth + colOffset];
            }
          }
        }
      }
    }
  }
  disposeAll(backend, channelMajor);
  return out;
}
