import type * as tf from '@tensorflow/tfjs-core';
import type { ApplyOptions, Layer, LayerGeometry } from './layer';

/** Layers applied in order; its geometry is theirs, concatenated. */
export class Sequential implements Layer {
  readonly geometry: readonly LayerGeometry[];

  constructor(readonly layers: readonly Layer[]) {
    this.geometry = layers.flatMap((layer) => layer.geometry);
  }

  apply(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    return this.layers.reduce((h, layer) => layer.apply(h, options), x);
  }
}
