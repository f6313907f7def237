import type * as tf from '@tensorflow/tfjs-core';
import { chainStep } from '@protoscope/engine';
import { Activation } from './activation';
import { Conv2d } from './conv2d';
import type { ApplyOptions, Layer, LayerGeometry } from './layer';

/**
 * Layers applied in order; its geometry is theirs, concatenated. A linear convolution with a bias
 * followed by a ReLU or sigmoid layer runs as one fused op (the engine's conv2dBiasActivation), so
 * training records one kernel each way instead of the convolution, the bias add and the activation.
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
      const layer = this.layers[i]!;
      const next = this.layers[i + 1];
      if (layer instanceof Conv2d && layer.bias && layer.activation === 'linear' && next instanceof Activation && (next.kind === 'relu' || next.kind === 'sigmoid')) {
        const kind = next.kind;
        h = chainStep(h, x, (input) => layer.applyWithActivation(input, kind));
        i++;
        continue;
      }
      h = chainStep(h, x, (input) => layer.apply(input, options));
    }
    return h;
  }
}
