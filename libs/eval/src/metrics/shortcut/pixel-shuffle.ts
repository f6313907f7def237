/**
 * Pixel shuffling for the acquisition-bias estimate of Ong Ly et al. (Data-Bias-Analysis): a model
 * trained on images whose pixel positions are scrambled can no longer see anatomy or lesions, only
 * what survives scrambling — intensity histograms, noise, the scanner's and site's fingerprints.
 * One permutation of pixel positions is drawn from the seed and applied to every image, channels of a
 * pixel kept together. Its AUC, P_shuffled, estimates how much of the original AUC P_source the
 * acquisition alone explains (see `acquisitionCorrectedAuc`).
 */
import { mulberry32 } from '../classification/bootstrap';
import { MetricInputError } from '../errors';

export type PixelArray = Float32Array | Float64Array | Uint8Array | Uint16Array | Int32Array;

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

function checkSeed(metric: string, seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new MetricInputError(metric, `seed is ${String(seed)}; it must be an integer in [0, 4294967295]`);
  }
}

/** A seeded permutation of 0 … pixelCount − 1 (Fisher–Yates); output pixel p takes input pixel perm[p]. */
export function pixelPermutation(pixelCount: number, seed: number): Uint32Array {
  const metric = 'pixelPermutation';
  if (!Number.isInteger(pixelCount) || pixelCount < 1) {
    throw new MetricInputError(metric, `pixelCount is ${String(pixelCount)}; it must be a positive integer`);
  }
  checkSeed(metric, seed);
  const random = mulberry32(seed);
  const permutation = new Uint32Array(pixelCount);
  for (let i = 0; i < pixelCount; i++) permutation[i] = i;
  for (let i = pixelCount - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = permutation[i];
    permutation[i] = permutation[j];
    permutation[j] = swap;
  }
  return permutation;
}

/** Every image (row-major height × width × channels) with the same seeded pixel permutation. */
export function pixelShuffle<T extends PixelArray>(images: readonly T[], shape: ImageShape, seed: number): T[] {
  const metric = 'pixelShuffle';
  const { height, width, channels } = shape;
  if (![height, width, channels].every((v) => Number.isInteger(v) && v >= 1)) {
    throw new MetricInputError(
      metric,
      `shape is ${JSON.stringify(shape)}; height, width and channels must be positive integers`,
    );
  }
  if (!Array.isArray(images) || images.length === 0) {
    throw new MetricInputError(metric, 'images is empty; pass at least one image');
  }
  const size = height * width * channels;
  images.forEach((image, i) => {
    if (!ArrayBuffer.isView(image) || (image as PixelArray).length !== size) {
      throw new MetricInputError(
        metric,
        `images[${i}] must be a typed array of height × width × channels = ${size} values`,
      );
    }
  });
  const permutation = pixelPermutation(height * width, seed);
  return images.map((image) => {
    const shuffled = image.slice() as T;
    for (let p = 0; p < permutation.length; p++) {
      const from = permutation[p] * channels;
      for (let ch = 0; ch < channels; ch++) shuffled[p * channels + ch] = image[from + ch];
    }
    return shuffled;
  });
}
