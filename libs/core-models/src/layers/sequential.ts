import type * as tf from '@tensorflow/tfjs-core';
import { chainStep } from '@protoscope/engine';
import { applyConvBlock, matchConvBlock } from './conv-block';
import type { ApplyOptions, Layer, LayerGeometry } from './layer';

/**
 * Layers applied in order; its geometry is theirs, concatenated. A convolution and the layers after
 * it that fuse with it (a batch norm in inference, a ReLU or sigmoid, a max-pooling: conv-block.ts)
 * run as one engine op, so training records one kernel each way instead of the convolution, the bias
 * add and the activation, and inference makes one pass over the block's output.
 * Outside a gradient tape each intermediate is freed once the next layer has read it (chainStep).
 */
export class Sequential implements Layer {
  readonly geometry: readonly LayerGeometry[];

  constructor(readonly layers: readonly Layer[]) {
    this.geometry = layers.flatMap((layer) => layer.geometry);
  }

  apply(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    let h = x;
    for (let i = 0; i < this.layers.length; i++) {
      const matched = matchConvBlock(this.layers, i, options);
      if (matched) {
        h = chainStep(h, x, (input) => applyConvBlock(input, matched.block));
        i += matched.length - 1;
        continue;
      }
      const layer = this.layers[i]!;
      h = chainStep(h, x, (input) => layer.apply(input, options));
    }
    return h;
  }
}
