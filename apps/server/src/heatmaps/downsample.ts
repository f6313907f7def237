/**
 * Heat maps small enough to send as numbers: block means over k×k pixel blocks, with k the smallest
 * whole factor that brings both sides to at most `maxSize` (edge blocks average the pixels they hold).
 * Block means keep the map's total mass per area, which nearest-neighbour sampling would not.
 */
import { badInput } from '../graphql/errors';

export interface InlineHeatmap {
  width: number;
  height: number;
  values: number[];
  min: number;
  max: number;
  sourceWidth: number;
  sourceHeight: number;
}

export const MAX_INLINE_HEATMAP_SIZE = 256;

export function downsampleHeatmap(map: ArrayLike<number>, height: number, width: number, maxSize: number): InlineHeatmap {
  if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > MAX_INLINE_HEATMAP_SIZE) {
    throw badInput(`maxSize must be an integer from 1 to ${MAX_INLINE_HEATMAP_SIZE}, got ${maxSize}`);
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < height * width; i++) {
    min = Math.min(min, map[i]!);
    max = Math.max(max, map[i]!);
  }
  const k = Math.max(1, Math.ceil(Math.max(height, width) / maxSize));
  const outHeight = Math.ceil(height / k);
  const outWidth = Math.ceil(width / k);
  const values = new Array<number>(outHeight * outWidth).fill(0);
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      let sum = 0;
      let n = 0;
      for (let y = oy * k; y < Math.min(height, (oy + 1) * k); y++) {
        for (let x = ox * k; x < Math.min(width, (ox + 1) * k); x++) {
          sum += map[y * width + x]!;
          n++;
        }
      }
      values[oy * outWidth + ox] = sum / n;
    }
  }
  return { width: outWidth, height: outHeight, values, min, max, sourceWidth: width, sourceHeight: height };
}
