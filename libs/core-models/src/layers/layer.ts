import type * as tf from '@tensorflow/tfjs-core';

export interface ApplyOptions {
  /** Batch statistics (and their moving-average update) in batch norm; dropout-like layers would key on it too. */
  training: boolean;
}

/** Padding as PyTorch counts it (the same on every side), or TensorFlow's 'same' / 'valid'. */
export type Padding = number | 'same' | 'valid';

/** How a spatial layer maps its input grid to its output grid (square kernels, equal strides on both axes). */
export interface LayerGeometry {
  kernel: number;
  stride: number;
  padding: Padding;
  dilation: number;
}

/**
 * A building block: a pure function of its input and its parameters (held in a ParameterSet).
 * `geometry` lists the spatial layers on its main path, in order, for receptive-field arithmetic;
 * it is empty for layers that do not change the grid (batch norm, activations, dense).
 */
export interface Layer {
  readonly geometry: readonly LayerGeometry[];
  apply(x: tf.Tensor, options: ApplyOptions): tf.Tensor;
}

/** tfjs's padding argument for a conv or pool op. */
export function tfPadding(padding: Padding): 'same' | 'valid' | number {
  if (typeof padding === 'number' && !(Number.isInteger(padding) && padding >= 0)) {
    throw new RangeError(`padding must be 'same', 'valid' or a non-negative integer, got ${padding}`);
  }
  return padding;
}

export function assertPositiveInteger(value: number, what: string): void {
  if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`${what} must be a positive integer, got ${value}`);
}
