/**
 * Deletion and insertion (Petsiuk et al., RISE, BMVC 2018), as the reference evaluation codes them.
 *
 * Pixels are ranked by saliency, highest first (ties: lower row-major index first). Every step
 * changes the next `step` pixels — all channels of a pixel together — from a start image to a finish
 * image, and the model scores every intermediate image, from no pixel changed (step 0) to all
 * changed (step n = ⌈H·W / step⌉):
 * - deletion: start = the image, finish = the substrate (default 'zero': on a mean/std-normalised
 *   image that is the mean colour; 'mean': each channel's mean over this image; 'blur').
 * - insertion: start = the substrate (default 'blur', see `riseBlur`), finish = the image.
 * The score is the probability the model gives the target class (default: the class it predicts on
 * the unchanged image). AUC = (Σ s_i − s_0/2 − s_n/2) / n, the trapezoid rule on a [0, 1] axis.
 * Deletion: lower is better; insertion: higher is better.
 *
 * The n + 1 images are built on the CPU and scored `batchSize` at a time, so memory stays bounded
 * and a 224 × 224 image with step 224 costs ⌈225 / batchSize⌉ forward passes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MetricInputError } from '../errors';
import { riseBlur, type BlurOptions } from './blur';

export type DeletionInsertionMode = 'deletion' | 'insertion';
export type DeletionInsertionSubstrate = 'zero' | 'mean' | 'blur';

export const DEFAULT_DELETION_INSERTION_BATCH_SIZE = 16;

export interface DeletionInsertionOptions {
  /** The (normalised) image, height × width × channels, channels last. */
  image: Float32Array | tf.Tensor3D;
  /** [height, width, channels]; required when `image` is a Float32Array. */
  imageShape?: readonly [number, number, number];
  /** Row-major height × width saliency of the target class. */
  saliency: Float32Array;
  /** Class probabilities [B, K] of a batch [B, H, W, C]; called synchronously, outputs are disposed here. */
  predict: (images: tf.Tensor4D) => tf.Tensor2D;
  /** Class to score; default the argmax of `predict` on the unchanged image. */
  target?: number;
  mode: DeletionInsertionMode;
  /** Pixels changed per step (224 or 224·8 for 224 × 224 images in the reference). */
  step: number;
  /** What replaces (deletion) or precedes (insertion) the image; default 'zero' / 'blur'. */
  substrate?: DeletionInsertionSubstrate;
  /** Images per forward pass; default 16. */
  batchSize?: number;
  /** Blur kernel for the 'blur' substrate; default side 11, σ 5. */
  blur?: BlurOptions;
}

export interface DeletionInsertionResult {
  /** Target-class score after 0, 1, …, n steps. */
  curve: number[];
  auc: number;
  target: number;
  /** n: the number of steps. */
  steps: number;
  mode: DeletionInsertionMode;
  substrate: DeletionInsertionSubstrate;
}

const METRIC = 'deletionInsertion';

/** AUC of a curve over n + 1 equally spaced points on [0, 1], by the trapezoid rule. */
export function curveAuc(curve: readonly number[]): number {
  if (curve.length < 2) {
    throw new MetricInputError('curveAuc', `the curve has ${curve.length} point(s); it needs at least 2`);
  }
  curve.forEach((value, i) => {
    if (!Number.isFinite(value)) {
      throw new MetricInputError('curveAuc', `curve[${i}] is ${String(value)}; it must be finite`);
    }
  });
  const n = curve.length - 1;
  const sum = curve.reduce((total, value) => total + value, 0);
  return (sum - curve[0] / 2 - curve[n] / 2) / n;
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new MetricInputError(METRIC, `${name} is ${String(value)}; it must be a positive integer`);
  }
}

async function readImage(options: DeletionInsertionOptions): Promise<{ pixels: Float32Array; shape: [number, number, number] }> {
  let pixels: Float32Array;
  let shape: [number, number, number];
  if (options.image instanceof tf.Tensor) {
    if (options.image.rank !== 3) {
      throw new MetricInputError(
        METRIC,
        `image has shape [${options.image.shape.join(', ')}]; it must be [height, width, channels]`,
      );
    }
    shape = [...options.image.shape] as [number, number, number];
    pixels = Float32Array.from(await options.image.data());
  } else if (options.image instanceof Float32Array) {
    if (!options.imageShape) {
      throw new MetricInputError(
        METRIC,
        'imageShape [height, width, channels] is required when image is a Float32Array',
      );
    }
    shape = [...options.imageShape] as [number, number, number];
    shape.forEach((v, i) => checkPositiveInteger(`imageShape[${i}]`, v));
    if (options.image.length !== shape[0] * shape[1] * shape[2]) {
      throw new MetricInputError(
        METRIC,
        `image has ${options.image.length} values but imageShape [${shape.join(', ')}] needs ${shape[0] * shape[1] * shape[2]}`,
      );
    }
    pixels = options.image;
  } else {
    throw new MetricInputError(METRIC, 'image must be a Float32Array (with imageShape) or a tf.Tensor3D');
  }
  for (let i = 0; i < pixels.length; i++) {
    if (!Number.isFinite(pixels[i])) {
      throw new MetricInputError(METRIC, `image value ${i} is ${String(pixels[i])}; pixels must be finite`);
    }
  }
  return { pixels, shape };
}

function substrateImage(kind: DeletionInsertionSubstrate, image: Float32Array, shape: [number, number, number], blur: BlurOptions): Float32Array {
  const channels = shape[2];
  if (kind === 'zero') return new Float32Array(image.length);
  if (kind === 'blur') return riseBlur(image, shape, blur);
  const means = new Float64Array(channels);
  for (let i = 0; i < image.length; i++) means[i % channels] += image[i];
  const pixelCount = image.length / channels;
  const filled = new Float32Array(image.length);
  for (let i = 0; i < image.length; i++) filled[i] = means[i % channels] / pixelCount;
  return filled;
}

/** Pixel indices by descending saliency; ties keep row-major order so the result is reproducible. */
function salientOrder(saliency: Float32Array): Uint32Array {
  const order = new Uint32Array(saliency.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => saliency[b] - saliency[a] || a - b);
}

/** Runs `predict` on `count` images and returns every row (checked) as plain arrays. */
async function predictRows(
  predict: DeletionInsertionOptions['predict'],
  pixels: Float32Array,
  count: number,
  shape: [number, number, number],
): Promise<{ values: Float32Array; classes: number }> {
  const output = tf.tidy(() => {
    const result = predict(tf.tensor4d(pixels, [count, ...shape]));
    if (!(result instanceof tf.Tensor) || result.rank !== 2 || result.shape[0] !== count) {
      const got = result instanceof tf.Tensor ? `shape [${result.shape.join(', ')}]` : String(result);
      throw new MetricInputError(
        METRIC,
        `predict must return probabilities [${count}, classes] for ${count} image(s), got ${got}`,
      );
    }
    return result;
  });
  try {
    const values = (await output.data()) as Float32Array;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        throw new MetricInputError(METRIC, `predict returned ${String(values[i])}; scores must be finite`);
      }
    }
    return { values, classes: output.shape[1] };
  } finally {
    output.dispose();
  }
}

/** The deletion or insertion curve of one image and its saliency map, and the curve's AUC. */
export async function deletionInsertion(options: DeletionInsertionOptions): Promise<DeletionInsertionResult> {
  const { mode, step, saliency, predict } = options;
  if (mode !== 'deletion' && mode !== 'insertion') {
    throw new MetricInputError(METRIC, `mode is ${String(mode)}; it must be 'deletion' or 'insertion'`);
  }
  const substrate = options.substrate ?? (mode === 'deletion' ? 'zero' : 'blur');
  if (!['zero', 'mean', 'blur'].includes(substrate)) {
    throw new MetricInputError(METRIC, `substrate is ${String(substrate)}; it must be 'zero', 'mean' or 'blur'`);
  }
  const batchSize = options.batchSize ?? DEFAULT_DELETION_INSERTION_BATCH_SIZE;
  checkPositiveInteger('step', step);
  checkPositiveInteger('batchSize', batchSize);
  if (typeof predict !== 'function') {
    throw new MetricInputError(METRIC, 'predict must be a function from images [B, H, W, C] to probabilities [B, K]');
  }
  const { pixels: image, shape } = await readImage(options);
  const [height, width, channels] = shape;
  const pixelCount = height * width;
  if (!(saliency instanceof Float32Array) || saliency.length !== pixelCount) {
    throw new MetricInputError(
      METRIC,
      `saliency must be a Float32Array of height × width = ${pixelCount} values (got ${saliency?.length})`,
    );
  }
  for (let i = 0; i < pixelCount; i++) {
    if (!Number.isFinite(saliency[i])) {
      throw new MetricInputError(METRIC, `saliency[${i}] is ${String(saliency[i])}; it must be finite`);
    }
  }

  const original = await predictRows(predict, image, 1, shape);
  let target = options.target;
  if (target === undefined) {
    target = 0;
    for (let k = 1; k < original.classes; k++) if (original.values[k] > original.values[target]) target = k;
  } else if (!Number.isInteger(target) || target < 0 || target >= original.classes) {
    throw new MetricInputError(
      METRIC,
      `target is ${String(target)}, but predict gives ${original.classes} classes (0–${original.classes - 1})`,
    );
  }

  const substituted = substrateImage(substrate, image, shape, options.blur ?? {});
  const [start, finish] = mode === 'deletion' ? [image, substituted] : [substituted, image];
  const order = salientOrder(saliency);
  const steps = Math.ceil(pixelCount / step);
  const imageSize = pixelCount * channels;
  const current = Float32Array.from(start);
  const curve: number[] = [];
  let batch = new Float32Array(Math.min(batchSize, steps + 1) * imageSize);
  let filled = 0;
  for (let i = 0; i <= steps; i++) {
    batch.set(current, filled * imageSize);
    filled++;
    if (filled * imageSize === batch.length || i === steps) {
      const { values, classes } = await predictRows(predict, batch.subarray(0, filled * imageSize), filled, shape);
      for (let b = 0; b < filled; b++) curve.push(values[b * classes + target]);
      // A fresh buffer per pass: a backend may keep a reference to the array it was given.
      batch = new Float32Array(Math.min(batchSize, steps - i) * imageSize);
      filled = 0;
    }
    const end = Math.min(pixelCount, (i + 1) * step);
    for (let j = i * step; j < end; j++) {
      const offset = order[j] * channels;
      for (let ch = 0; ch < channels; ch++) current[offset + ch] = finish[offset + ch];
    }
  }
  return { curve, auc: curveAuc(curve), target, steps, mode, substrate };
}
