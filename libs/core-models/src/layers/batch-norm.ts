import * as tf from '@tensorflow/tfjs-core';
import { batchNormTraining } from '@protoscope/engine';
import { initializers } from '../parameters/initializers';
import { joinName } from '../parameters/names';
import type { ParameterSet } from '../parameters/parameter-set';
import { assertPositiveInteger, type ApplyOptions, type Layer } from './layer';

export interface BatchNormOptions {
  /** Size of the last (channel) axis. */
  channels: number;
  /** PyTorch's meaning: the weight of the new batch statistic, moving = (1 − m)·moving + m·batch. Default 0.1. */
  momentum?: number;
  /** Default 1e-5 (PyTorch). */
  eps?: number;
}

/**
 * Batch normalisation over every axis but the last (NHWC maps or [B, C] vectors), as PyTorch does it:
 * - training: normalise by the batch mean and biased variance, and move the moving statistics towards
 *   the batch mean and the *unbiased* variance (n/(n−1)·var, n = values per channel);
 * - inference: normalise by the moving statistics.
 * gamma/beta are trainable; moving_mean/moving_var are state (not trainable, but in snapshots).
 */
export class BatchNorm implements Layer {
  readonly geometry = [];
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly movingMean: tf.Variable;
  readonly movingVar: tf.Variable;
  readonly momentum: number;
  readonly eps: number;

  constructor(params: ParameterSet, readonly name: string, options: BatchNormOptions, seed: number) {
    assertPositiveInteger(options.channels, `${name}: channels`);
    this.momentum = options.momentum ?? 0.1;
    this.eps = options.eps ?? 1e-5;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new RangeError(`${name}: momentum must be in [0, 1], got ${this.momentum}`);
    const shape = [options.channels];
    this.gamma = params.create(joinName(name, 'gamma'), shape, initializers.ones(), { seed });
    this.beta = params.create(joinName(name, 'beta'), shape, initializers.zeros(), { seed });
    this.movingMean = params.create(joinName(name, 'moving_mean'), shape, initializers.zeros(), { seed, trainable: false });
    this.movingVar = params.create(joinName(name, 'moving_var'), shape, initializers.ones(), { seed, trainable: false });
  }

  apply(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    const channels = this.gamma.shape[0]!;
    if (x.shape[x.rank - 1] !== channels) throw new RangeError(`${this.name}: expected ${channels} channels, got shape [${x.shape.join(', ')}]`);
    if (!options.training) {
      const { scale, shift } = this.inferenceScaleShift();
      return tf.add(tf.mul(x, scale), shift);
    }
    const n = x.size / channels;
    if (n < 2) throw new RangeError(`${this.name}: training needs more than one value per channel, got shape [${x.shape.join(', ')}]`);
    // One native kernel each way where the backend has it (torch), composed ops elsewhere.
    const { y, mean, variance } = batchNormTraining(x, this.gamma as tf.Tensor1D, this.beta as tf.Tensor1D, this.eps);
    this.updateMovingStatistics(mean, variance, n);
    return y;
  }

  /**
   * Inference as one affine map per channel, y = x·scale + shift, from the moving statistics: two
   * elementwise passes over x here, or nothing at all where a convolution before it takes them into
   * its filter and bias (conv-block.ts).
   */
  inferenceScaleShift(): { scale: tf.Tensor1D; shift: tf.Tensor1D } {
    const scale = tf.mul(this.gamma, tf.rsqrt(tf.add(this.movingVar, this.eps))) as tf.Tensor1D;
    const shift = tf.sub(this.beta, tf.mul(this.movingMean, scale)) as tf.Tensor1D;
    return { scale, shift };
  }

  private updateMovingStatistics(mean: tf.Tensor, variance: tf.Tensor, n: number): void {
    const m = this.momentum;
    this.movingMean.assign(tf.add(tf.mul(this.movingMean, 1 - m), tf.mul(mean, m)));
    this.movingVar.assign(tf.add(tf.mul(this.movingVar, 1 - m), tf.mul(variance, (m * n) / (n - 1))));
  }
}
