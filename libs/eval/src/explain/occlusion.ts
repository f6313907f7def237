import * as tf from '@tensorflow/tfjs-core';
import { mapInBatches, resolveBatchSize } from './batches';
import { ExplainInputError } from './errors';
import type { AttributeOptions, ExplainableModel, Explainer, Heatmaps } from './explainer';
import { broadcastBaseline } from './integrated-gradients';
import { resolveTargets, targetSelector } from './targets';
import { toHeatmaps } from './upsample-normalise';

export interface OcclusionOptions {
  /** Window [height, width] (or one size for both); default ⌈size/8⌉ per axis, at least 1. */
  window?: number | readonly [number, number];
  /** Step between windows [rows, columns]; default half the window, at least 1. */
  stride?: number | readonly [number, number];
  /** What an occluded pixel becomes: a number or a tensor broadcastable to the images (default 0). */
  baseline?: number | tf.Tensor;
  /**
   * The score whose drop is measured: the target's 'logit' (default — Captum's choice for a model that
   * returns logits, and linear in the input for a linear model) or its softmax 'probability'.
   */
  output?: 'logit' | 'probability';
}

function pair(value: number | readonly [number, number]): [number, number] {
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}

/** [windows, size] 0/1 matrix: row i marks the pixels window i covers along one axis (windows that fit whole). */
function windowIndicators(size: number, window: number, stride: number): { matrix: tf.Tensor2D; count: number } {
  const count = Math.floor((size - window) / stride) + 1;
  const values = new Float32Array(count * size);
  for (let i = 0; i < count; i++) values.fill(1, i * size + i * stride, i * size + i * stride + window);
  return { matrix: tf.tensor2d(values, [count, size]), count };
}

/**
 * Occlusion (Zeiler & Fergus; Captum's `Occlusion`): slide a window over the image (all channels at
 * once), replace it with the baseline, and credit every pixel under the window with
 * f(x)_target − f(x_occluded)_target; a pixel's attribution is the mean over the windows covering it.
 * As in Captum, only windows that fit entirely are used; a pixel no window covers gets 0. Every
 * (image, window) pair is one row of a forward batch.
 */
export class Occlusion implements Explainer {
  readonly id = 'occlusion';

  constructor(
    private readonly model: ExplainableModel,
    private readonly defaults: OcclusionOptions = {},
  ) {}

  async attribute(images: tf.Tensor4D, options: AttributeOptions & OcclusionOptions = {}): Promise<Heatmaps> {
    const settings = { ...this.defaults, ...options };
    const [batch, height, width] = images.shape;
    const [windowH, windowW] = pair(settings.window ?? [Math.max(1, Math.ceil(height / 8)), Math.max(1, Math.ceil(width / 8))]);
    const [strideH, strideW] = pair(settings.stride ?? [Math.max(1, Math.floor(windowH / 2)), Math.max(1, Math.floor(windowW / 2))]);
    for (const [name, value, limit] of [
      ['window height', windowH, height],
      ['window width', windowW, width],
      ['stride (rows)', strideH, height],
      ['stride (columns)', strideW, width],
    ] as const) {
      if (!Number.isInteger(value) || value < 1 || value > limit) {
        throw new ExplainInputError(this.id, `${name} must be a whole number in [1, ${limit}] for ${height}×${width} images, got ${value}`);
      }
    }
    const batchSize = resolveBatchSize(this.id, settings.batchSize);
    const targets = resolveTargets(this.id, this.model, images, { target: settings.target, batchSize });
    const probability = settings.output === 'probability';
    const score = (x: tf.Tensor4D, rowTargets: number[]) =>
      tf.tidy(() => {
        const logits = this.model.logits(x);
        const outputs = probability ? tf.softmax(logits) : logits;
        return tf.sum(tf.mul(outputs, targetSelector(rowTargets, this.model.classes)), 1) as tf.Tensor1D;
      });

    const rows = windowIndicators(height, windowH, strideH);
    const columns = windowIndicators(width, windowW, strideW);
    const windows = rows.count * columns.count;
    const baseline = broadcastBaseline(this.id, settings.baseline, images);
    const original = mapInBatches(batch, batchSize, (start, size) =>
      tf.tidy(() => score(tf.slice(images, start, size), targets.slice(start, start + size))),
    );

    // Row r is image ⌊r / windows⌋ with window r mod windows (window p = (p div columns, p mod columns)).
    const total = batch * windows;
    const drops = mapInBatches(total, batchSize, (start, size) => {
      const occluded = tf.tidy(() => {
        const indices = Array.from({ length: size }, (_, i) => start + i);
        const imageIndex = tf.tensor1d(indices.map((r) => Math.floor(r / windows)), 'int32');
        const windowRow = tf.tensor1d(indices.map((r) => Math.floor((r % windows) / columns.count)), 'int32');
        const windowColumn = tf.tensor1d(indices.map((r) => (r % windows) % columns.count), 'int32');
        const mask = tf.mul(
          tf.reshape(tf.gather(rows.matrix, windowRow), [size, height, 1, 1]),
          tf.reshape(tf.gather(columns.matrix, windowColumn), [size, 1, width, 1]),
        );
        const kept = tf.mul(tf.gather(images, imageIndex), tf.sub(1, mask));
        return tf.add(kept, tf.mul(tf.gather(baseline, imageIndex), mask)) as tf.Tensor4D;
      });
      const rowImages = Array.from({ length: size }, (_, i) => Math.floor((start + i) / windows));
      const scores = score(occluded, rowImages.map((b) => targets[b]!));
      const drop = tf.tidy(() => tf.sub(tf.gather(original, tf.tensor1d(rowImages, 'int32')), scores));
      tf.dispose([occluded, scores]);
      settings.onProgress?.(start + size, total);
      return drop as tf.Tensor1D;
    });

    const maps = tf.tidy(() => {
      // Σ_windows drop·indicator = Rᵀ·D·C per image, D the [rows, columns] grid of drops; counts likewise with D = 1.
      const grid = tf.reshape(drops, [batch * rows.count, columns.count]);
      const alongWidth = tf.reshape(tf.matMul(grid, columns.matrix), [batch, rows.count, width]);
      const stacked = tf.reshape(tf.transpose(alongWidth, [1, 0, 2]), [rows.count, batch * width]);
      const sums = tf.transpose(tf.reshape(tf.matMul(rows.matrix, stacked, true), [height, batch, width]), [1, 0, 2]);
      const counts = tf.outerProduct(tf.sum(rows.matrix, 0) as tf.Tensor1D, tf.sum(columns.matrix, 0) as tf.Tensor1D);
      const covered = tf.greater(counts, 0);
      const mean = tf.div(sums, tf.where(covered, counts, tf.onesLike(counts)));
      return tf.where(tf.broadcastTo(covered, mean.shape), mean, tf.zerosLike(mean)) as tf.Tensor3D;
    });
    tf.dispose([rows.matrix, columns.matrix, baseline, original, drops]);
    return toHeatmaps(maps, targets, 'signed');
  }
}

export function createOcclusion(model: ExplainableModel, options: OcclusionOptions = {}): Occlusion {
  return new Occlusion(model, options);
}
