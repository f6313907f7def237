import * as tf from '@tensorflow/tfjs-core';
import type { PixelBox } from '../../backbones/receptive-field';
import { resizeBicubic } from '@protoscope/engine';

/** The p-th percentile of values with linear interpolation between order statistics (numpy's default). */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) throw new Error('percentile of no values');
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (rank - below);
}

/**
 * ProtoPNet's "high-activation" box: the activation map upsampled to the image size with bicubic
 * interpolation, thresholded at its 95th percentile; the tight box of the pixels at or above it.
 * Returns the box and the upsampled map (row-major, height × width).
 */
export function highActivationBox(
  activation: number[][] | Float32Array,
  mapShape: [number, number],
  imageShape: [number, number],
  percentileLevel = 95,
): { box: PixelBox; upsampled: Float32Array } {
  const upsampled = tf.tidy(() => {
    const map = tf.tensor4d(activation instanceof Float32Array ? activation : activation.flat(), [1, mapShape[0], mapShape[1], 1]);
    return resizeBicubic(map, imageShape).dataSync() as Float32Array;
  });
  const threshold = percentile(upsampled, percentileLevel);
  const [height, width] = imageShape;
  const box: PixelBox = { hStart: height, hEnd: 0, wStart: width, wEnd: 0 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (upsampled[y * width + x]! < threshold) continue;
      box.hStart = Math.min(box.hStart, y);
      box.hEnd = Math.max(box.hEnd, y + 1);
      box.wStart = Math.min(box.wStart, x);
      box.wEnd = Math.max(box.wEnd, x + 1);
    }
  }
  return { box, upsampled };
}
