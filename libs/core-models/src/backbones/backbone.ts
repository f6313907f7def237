import * as tf from '@tensorflow/tfjs-core';
import { chainStep } from '@protoscope/engine';
import type { ApplyOptions, Layer, LayerGeometry } from '../layers/layer';
import type { ParameterSet } from '../parameters/parameter-set';
import { receptiveField, type ReceptiveField } from './receptive-field';

/**
 * A convolutional feature extractor: images [B, H, W, C] → feature map [B, h, w, C'] for any H, W
 * large enough for its downsampling. Its parameters live in a (possibly shared) ParameterSet under
 * `prefix`, so a method's optimiser can pick them with `params.trainable(prefix)`.
 */
export interface Backbone {
  readonly kind: string;
  readonly params: ParameterSet;
  readonly prefix: string;
  readonly inChannels: number;
  readonly outChannels: number;
  /** Spatial layers of the main path, in order (see receptive-field.ts). */
  readonly layerGeometry: readonly LayerGeometry[];
  /** Stage names in order (e.g. stem, layer1 … layer4); `applyStages` returns one map per stage. */
  readonly stageNames: readonly string[];
  apply(images: tf.Tensor4D, options: ApplyOptions): tf.Tensor4D;
  /** Every stage's output, in order; the last is `apply`'s result (shallow maps for EvalProtoPNet's SDFA). */
  applyStages(images: tf.Tensor4D, options: ApplyOptions): tf.Tensor4D[];
  /** Fields of the output grid's cells for an input of this size, or of stage `stage`'s grid. */
  receptiveField(inputSize: number | readonly [number, number], stage?: number): ReceptiveField;
  /** The feature map's [h, w] for an input of this size. */
  outputSize(inputSize: number | readonly [number, number]): [number, number];
}

/** Images that do not fit a backbone (wrong rank, channels or dtype). */
export class BackboneInputError extends Error {
  override name = 'BackboneInputError';
}

/** A backbone as named stages applied in order: the shared plumbing of every backbone here. */
export abstract class StagedBackbone implements Backbone {
  abstract readonly kind: string;
  readonly layerGeometry: readonly LayerGeometry[];
  readonly stageNames: readonly string[];
  private readonly stageLayers: readonly Layer[];

  protected constructor(
    readonly params: ParameterSet,
    readonly prefix: string,
    readonly inChannels: number,
    readonly outChannels: number,
    stages: readonly { name: string; layer: Layer }[],
  ) {
    this.stageNames = stages.map((s) => s.name);
    this.stageLayers = stages.map((s) => s.layer);
    this.layerGeometry = this.stageLayers.flatMap((l) => l.geometry);
  }

  apply(images: tf.Tensor4D, options: ApplyOptions): tf.Tensor4D {
    this.check(images);
    return this.stageLayers.reduce<tf.Tensor>((h, layer) => chainStep(h, images, (input) => layer.apply(input, options)), images) as tf.Tensor4D;
  }

  applyStages(images: tf.Tensor4D, options: ApplyOptions): tf.Tensor4D[] {
    this.check(images);
    const outputs: tf.Tensor4D[] = [];
    let h: tf.Tensor = images;
    for (const layer of this.stageLayers) {
      h = layer.apply(h, options);
      outputs.push(h as tf.Tensor4D);
    }
    return outputs;
  }

  receptiveField(inputSize: number | readonly [number, number], stage = this.stageLayers.length - 1): ReceptiveField {
    if (!(Number.isInteger(stage) && stage >= 0 && stage < this.stageLayers.length)) {
      throw new RangeError(`${this.kind}: stage ${stage} does not exist (0…${this.stageLayers.length - 1}: ${this.stageNames.join(', ')})`);
    }
    return receptiveField(inputSize, this.stageLayers.slice(0, stage + 1).flatMap((l) => l.geometry));
  }

  outputSize(inputSize: number | readonly [number, number]): [number, number] {
    return this.receptiveField(inputSize).outputSize;
  }

  private check(images: tf.Tensor): void {
    if (images.rank !== 4 || images.shape[3] !== this.inChannels) {
      throw new BackboneInputError(
        `${this.kind} expects images [batch, height, width, ${this.inChannels}], got [${images.shape.join(', ')}]; ` +
          `set the backbone's inChannels to the dataset's channel count`,
      );
    }
    if (images.dtype !== 'float32') throw new BackboneInputError(`${this.kind} expects float32 images, got ${images.dtype}`);
    // Throws a readable error when the input is too small for the downsampling.
    this.outputSize([images.shape[1]!, images.shape[2]!]);
  }
}
