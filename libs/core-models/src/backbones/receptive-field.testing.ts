import * as tf from '@tensorflow/tfjs-core';
import type { ParameterSet } from '../parameters/parameter-set';
import type { PixelBox } from './receptive-field';

/** What brute force found for one output cell: the hull of the input pixels that change it, and their number. */
export interface ObservedField {
  box: PixelBox | undefined;
  pixels: number;
}

/**
 * Makes every conv filter positive (|w| + 0.01), so that with zero images every activation is 0 and a
 * single positive pixel makes every cell that depends on it strictly positive — through ReLU, batch
 * norm in inference (identity at its initial statistics), max-pool and residual sums alike.
 */
export function makeFiltersPositive(params: ParameterSet): void {
  for (const name of params.names()) {
    if (!name.endsWith('/filter')) continue;
    const v = params.get(name);
    tf.tidy(() => v.assign(tf.add(tf.abs(v), 0.01)));
  }
}

/**
 * Perturbs one input pixel at a time (all channels, from an all-zero image) and records which output
 * cells change: out[row][col] is what cell (row, col) responds to.
 */
export function observeFields(
  apply: (images: tf.Tensor4D) => tf.Tensor4D,
  [height, width]: [number, number],
  channels: number,
  chunk = 256,
): ObservedField[][] {
  const pixels = height * width;
  let out: ObservedField[][] | undefined;
  for (let first = 0; first < pixels; first += chunk) {
    const count = Math.min(chunk, pixels - first);
    const { changed, shape } = tf.tidy(() => {
      const indices = tf.range(first, first + count, 1, 'int32');
      const oneHot = tf.reshape(tf.cast(tf.oneHot(indices, pixels), 'float32'), [count, height, width, 1]);
      const images = tf.tile(oneHot, [1, 1, 1, channels]) as tf.Tensor4D;
      const base = apply(tf.zeros([1, height, width, channels]));
      const y = apply(images);
      const diff = tf.sum(tf.abs(tf.sub(y, base)), 3);
      return { changed: tf.greater(diff, 0).dataSync(), shape: diff.shape as [number, number, number] };
    });
    const [, h, w] = shape;
    out ??= Array.from({ length: h }, () => Array.from({ length: w }, () => ({ box: undefined, pixels: 0 }) as ObservedField));
    for (let n = 0; n < count; n++) {
      const y = Math.floor((first + n) / width);
      const x = (first + n) % width;
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) {
          if (!changed[(n * h + r) * w + c]) continue;
          const cell = out[r]![c]!;
          cell.pixels++;
          const b = cell.box;
          cell.box = b
            ? { hStart: Math.min(b.hStart, y), hEnd: Math.max(b.hEnd, y + 1), wStart: Math.min(b.wStart, x), wEnd: Math.max(b.wEnd, x + 1) }
            : { hStart: y, hEnd: y + 1, wStart: x, wEnd: x + 1 };
        }
      }
    }
  }
  return out!;
}
