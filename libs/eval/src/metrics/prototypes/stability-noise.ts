/**
 * The perturbation of EvalProtoPNet's stability score: Gaussian noise N(0, 0.2²) per element,
 * clipped to [−0.25, 0.25], added to the already mean/std-normalised input tensor. Seeded and
 * generated on the CPU (mulberry32 + Box–Muller) so the same seed gives the same noise on every
 * backend and machine.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../classification/bootstrap';
import { MetricInputError } from '../errors';

export const STABILITY_NOISE_STD = 0.2;
export const STABILITY_NOISE_BOUND = 0.25;

export interface StabilityNoiseOptions {
  /** Standard deviation before clipping; default 0.2. */
  std?: number;
  /** Noise is clipped to [−bound, bound]; default 0.25. */
  bound?: number;
}

function checkNoiseArguments(metric: string, seed: number, options: StabilityNoiseOptions): { std: number; bound: number } {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new MetricInputError(metric, `seed is ${String(seed)}; it must be an integer in [0, 4294967295]`);
  }
  const std = options.std ?? STABILITY_NOISE_STD;
  const bound = options.bound ?? STABILITY_NOISE_BOUND;
  if (!Number.isFinite(std) || std < 0) {
    throw new MetricInputError(metric, `std is ${String(std)}; it must be a non-negative number`);
  }
  if (!Number.isFinite(bound) || bound < 0) {
    throw new MetricInputError(metric, `bound is ${String(bound)}; it must be a non-negative number`);
  }
  return { std, bound };
}

/** `length` clipped Gaussian values, reproducible from `seed`. */
export function stabilityNoise(length: number, seed: number, options: StabilityNoiseOptions = {}): Float32Array {
  const metric = 'stabilityNoise';
  if (!Number.isInteger(length) || length < 0) {
    throw new MetricInputError(metric, `length is ${String(length)}; it must be a non-negative integer`);
  }
  const { std, bound } = checkNoiseArguments(metric, seed, options);
  const random = mulberry32(seed);
  const noise = new Float32Array(length);
  for (let i = 0; i < length; i += 2) {
    // Box–Muller: two independent standard normals from two uniforms; 1 − u keeps the log finite.
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    noise[i] = Math.min(bound, Math.max(-bound, std * radius * Math.cos(angle)));
    if (i + 1 < length) noise[i + 1] = Math.min(bound, Math.max(-bound, std * radius * Math.sin(angle)));
  }
  return noise;
}

/** The normalised images plus seeded clipped noise (a new tensor; the input is left alone). */
export function addStabilityNoise<T extends tf.Tensor>(normalisedImages: T, seed: number, options: StabilityNoiseOptions = {}): T {
  if (!(normalisedImages instanceof tf.Tensor)) {
    throw new MetricInputError('addStabilityNoise', 'normalisedImages must be a tf.Tensor');
  }
  const noise = stabilityNoise(normalisedImages.size, seed, options);
  return tf.tidy(() => tf.add(normalisedImages, tf.tensor(noise, normalisedImages.shape)) as T);
}
