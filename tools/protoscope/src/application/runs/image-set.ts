import * as tf from '@tensorflow/tfjs-core';
import type { Keypoint, PairExample } from '@protoscope/datasets';
import { disposeBatch, type Batch, type BatchLoader, type PreparedSample } from '@protoscope/datasets/tensors';
import type { MethodModel } from '@protoscope/core-models';

/** One selected image with what the evaluations need of it, at the model's input size. */
export interface ImageItem {
  id: string;
  label: number;
  /** Lesion union (1 inside), row-major height × width; absent when the image has no lesion. */
  mask?: Uint8Array;
  /** One mask per lesion kind present (lesions of that kind with a mask), same layout. */
  lesionMasks?: Record<string, Uint8Array>;
  /** The kinds of the image's lesions (with or without masks). */
  lesionKinds?: string[];
  /** Pair examples (two-view models): the other view of the breast and its lesion union. */
  other?: { id: string; mask?: Uint8Array };
  /** Acquisition source or site, when the dataset records it. */
  source?: string;
  /** Part keypoints in model-input pixels, when the dataset has them. */
  keypoints?: Keypoint[];
}

/** The sample's lesion label map (value k + 1 = lesion k) split by lesion kind; undefined without one. */
function lesionMasksByKind(sample: PreparedSample): Record<string, Uint8Array> | undefined {
  const { lesionMap } = sample;
  const lesions = sample.record.lesions ?? [];
  if (!lesionMap || lesions.length === 0) return undefined;
  const out: Record<string, Uint8Array> = {};
  lesionMap.data.forEach((value, p) => {
    const kind = value > 0 ? lesions[value - 1]?.kind : undefined;
    if (kind === undefined) return;
    (out[kind] ??= new Uint8Array(lesionMap.data.length))[p] = 1;
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

export interface Predictions {
  probabilities: number[][];
  predicted: number[];
}

/**
 * The images a command works on: their ground truth up front, their pixels batch by batch (the
 * loader decodes through its cache, so repeated passes do not re-read files). With `pairs` (two-view
 * models) an item is a pair example — its main view, with `other` the other view of its breast — and
 * batches carry both views.
 */
export class ImageSet {
  readonly items: ImageItem[];
  readonly height: number;
  readonly width: number;

  constructor(
    readonly loader: BatchLoader,
    readonly options: { pairs?: readonly PairExample[] } = {},
  ) {
    this.height = loader.height;
    this.width = loader.width;
    this.items = [];
    for (const { main, other } of this.loaderBatches()) {
      const otherItems = other ? this.itemsOf(other) : undefined;
      this.itemsOf(main).forEach((item, i) => this.items.push(otherItems ? { ...item, other: { id: otherItems[i]!.id, mask: otherItems[i]!.mask } } : item));
      disposeBatch(main);
      if (other) disposeBatch(other);
    }
  }

  /** The loader's batches, or for pairs a batch of main views and one of their other views. */
  private *loaderBatches(): Generator<{ main: Batch; other?: Batch }> {
    const { pairs } = this.options;
    if (!pairs) {
      for (const main of this.loader.batches(0)) yield { main };
      return;
    }
    const { batchSize } = this.loader.options;
    for (let start = 0; start < pairs.length; start += batchSize) {
      const slice = pairs.slice(start, start + batchSize);
      yield {
        main: this.loader.makeBatch(slice.map((p) => this.loader.prepareSample(p.main))),
        other: this.loader.makeBatch(slice.map((p) => this.loader.prepareSample(p.auxiliary))),
      };
    }
  }

  private itemsOf(batch: Batch): ImageItem[] {
    const masks = batch.masks ? (batch.masks.dataSync() as Float32Array) : undefined;
    const labels = batch.labels.dataSync() as Int32Array;
    const size = this.height * this.width;
    return batch.samples.map((sample, i) => {
      const mask = masks ? Uint8Array.from(masks.subarray(i * size, (i + 1) * size), (v) => (v > 0.5 ? 1 : 0)) : undefined;
      return {
        id: sample.record.id,
        label: labels[i]!,
        mask: mask && mask.some((v) => v === 1) ? mask : undefined,
        lesionMasks: lesionMasksByKind(sample),
        lesionKinds: [...new Set((sample.record.lesions ?? []).map((l) => l.kind))],
        source: sample.record.source,
        keypoints: sample.keypoints,
      };
    });
  }

  /** Batches of images [B, H, W, C] with the index of their first item (and, for pairs, the other views); the caller disposes the images. */
  *batches(): Generator<{ images: tf.Tensor4D; offset: number; otherImages?: tf.Tensor4D }> {
    let offset = 0;
    for (const { main, other } of this.loaderBatches()) {
      // The caller owns the images; the rest of the batch is ground truth already read.
      const rest = (b: Batch) => [b.labels, ...(b.masks ? [b.masks] : []), ...(b.labelMask ? [b.labelMask] : [])];
      tf.dispose([...rest(main), ...(other ? rest(other) : [])]);
      yield { images: main.images, offset, ...(other ? { otherImages: other.images } : {}) };
      offset += main.images.shape[0];
    }
  }

  /** The model's class probabilities and predicted class for every item, in item order. */
  predict(model: MethodModel): Predictions {
    const probabilities: number[][] = [];
    for (const { images, otherImages } of this.batches()) {
      const batch = { images, labels: tf.zeros([images.shape[0]], 'int32') as tf.Tensor1D, ...(otherImages ? { pairedImages: otherImages } : {}) };
      const rows = tf.tidy(() => tf.softmax(model.forward(batch, { training: false }).logits).arraySync() as number[][]);
      tf.dispose([images, batch.labels, ...(otherImages ? [otherImages] : [])]);
      probabilities.push(...rows);
    }
    return { probabilities, predicted: probabilities.map((row) => row.indexOf(Math.max(...row))) };
  }
}
