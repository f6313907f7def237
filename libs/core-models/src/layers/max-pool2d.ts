import * as tf from '@tensorflow/tfjs-core';
import { assertPositiveInteger, tfPadding, type Layer, type LayerGeometry, type Padding } from './layer';

export interface MaxPool2dOptions {
  kernel: number;
  /** Default: the kernel size (non-overlapping windows). */
  stride?: number;
  /** Default 'valid'. Padding never wins the max (it acts as −∞), as in PyTorch. */
  padding?: Padding;
}

/** Max pooling over NHWC maps; no parameters, but it moves the grid, so it has geometry. */
export class MaxPool2d implements Layer {
  readonly geometry: readonly LayerGeometry[];

  constructor(options: MaxPool2dOptions) {
    const { kernel, stride = kernel, padding = 'valid' } = options;
    assertPositiveInteger(kernel, 'max-pool kernel');
    assertPositiveInteger(stride, 'max-pool stride');
    tfPadding(padding);
    this.geometry = [{ kernel, stride, padding, dilation: 1 }];
  }

  apply(x: tf.Tensor): tf.Tensor4D {
    const g = this.geometry[0]!;
    return tf.maxPool(x as tf.Tensor4D, g.kernel, g.stride, tfPadding(g.padding));
  }
}
