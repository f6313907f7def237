import * as tf from '@tensorflow/tfjs-core';
import { chainStep } from '@protoscope/engine';
import { BatchNorm } from '../layers/batch-norm';
import { applyConvBlock } from '../layers/conv-block';
import { Conv2d } from '../layers/conv2d';
import type { ApplyOptions, Layer, LayerGeometry } from '../layers/layer';
import { joinName } from '../parameters/names';
import type { ParameterSet } from '../parameters/parameter-set';

export interface BasicBlockOptions {
  inChannels: number;
  outChannels: number;
  stride: number;
}

/**
 * ResNet's BasicBlock: conv3×3(stride) → BN → ReLU → conv3×3 → BN, plus the input — through a
 * 1×1 conv(stride) + BN projection when the stride or width changes — then ReLU. Names follow
 * torchvision (conv1, bn1, conv2, bn2, downsample/conv, downsample/bn) so weight maps read naturally.
 */
export class BasicBlock implements Layer {
  readonly geometry: readonly LayerGeometry[];
  private readonly conv1: Conv2d;
  private readonly bn1: BatchNorm;
  private readonly conv2: Conv2d;
  private readonly bn2: BatchNorm;
  private readonly downsample: { conv: Conv2d; bn: BatchNorm } | undefined;

  constructor(params: ParameterSet, readonly name: string, options: BasicBlockOptions, seed: number) {
    const { inChannels, outChannels, stride } = options;
    const conv = (n: string, cin: number, kernel: number, s: number) =>
      new Conv2d(params, joinName(name, n), { inChannels: cin, outChannels, kernel, stride: s, padding: (kernel - 1) / 2, bias: false }, seed);
    const bn = (n: string) => new BatchNorm(params, joinName(name, n), { channels: outChannels }, seed);
    this.conv1 = conv('conv1', inChannels, 3, stride);
    this.bn1 = bn('bn1');
    this.conv2 = conv('conv2', outChannels, 3, 1);
    this.bn2 = bn('bn2');
    if (stride !== 1 || inChannels !== outChannels) {
      this.downsample = { conv: conv('downsample/conv', inChannels, 1, stride), bn: bn('downsample/bn') };
    }
    // The shortcut's field (1×1) lies inside the main path's, so the main path is the block's geometry.
    this.geometry = [...this.conv1.geometry, ...this.conv2.geometry];
  }

  apply(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    // In inference each batch norm is folded into its convolution (conv-block.ts).
    const convBn = (input: tf.Tensor, conv: Conv2d, batchNorm: BatchNorm, activation: 'relu' | 'linear'): tf.Tensor => {
      if (!options.training) return applyConvBlock(input, { conv, batchNorm, activation });
      const y = batchNorm.apply(conv.apply(input), options);
      return activation === 'relu' ? tf.relu(y) : y;
    };
    const h = chainStep(convBn(x, this.conv1, this.bn1, 'relu'), x, (h1) => convBn(h1, this.conv2, this.bn2, 'linear'));
    const shortcut = this.downsample ? convBn(x, this.downsample.conv, this.downsample.bn, 'linear') : x;
    return tf.relu(tf.add(h, shortcut));
  }
}
