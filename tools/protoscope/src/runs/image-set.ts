import * as tf from '@tensorflow/tfjs-core';
import { disposeBatch, type BatchLoader, type Keypoint, type PreparedSample } from '@protoscope/datasets';
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
 * loader decodes through its cache, so repeated passes do not re-read files).
 */
export class ImageSet {
  readonly items: ImageItem[];
  readonly height: number;
  readonly width: number;

  constructor(readonly loader: BatchLoader) {
    this.height = loader.height;
    this.width = loader.width;
    this.items = [];
    for (const batch of loader.batches(0)) {
      const masks = batch.masks ? (batch.masks.dataSync() as Float32Array) : undefined;
      const size = this.height * this.width;
      batch.samples.forEach((sample, i) => {
        const mask = masks ? Uint8Array.from(masks.subarray(i * size, (i + 1) * size), (v) => (v > 0.5 ? 1 : 0)) : undefined;
        this.items.push({
          id: sample.record.id,
          label: (batch.labels.dataSync() as Int32Array)[i]!,
          mask: mask && mask.some((v) => v === 1) ? mask : undefined,
          lesionMasks: lesionMasksByKind(sample),
          lesionKinds: [...new Set((sample.record.lesions ?? []).map((l) => l.kind))],
          source: sample.record.source,
          keypoints: sample.keypoints,
        });
      });
      disposeBatch(batch);
    }
  }

  /** Batches of images [B, H, W, C] with the index of their first item; the caller disposes each. */
  *batches(): Generator<{ images: tf.Tensor4D; offset: number }> {
    let offset = 0;
    for (const batch of this.loader.batches(0)) {
      // The caller owns the images; the rest of the batch is ground truth already read.
      tf.dispose([batch.labels, ...(batch.masks ? [batch.masks] : []), ...(batch.labelMask ? [batch.labelMask] : [])]);
      const { images } = batch;
      yield { images, offset };
      offset += images.shape[0];
    }
  }

  /** The model's class probabilities and predicted class for every item, in item order. */
  predict(model: MethodModel): Predictions {
    const probabilities: number[][] = [];
    for (const { images } of this.batches()) {
      const rows = tf.tidy(() => tf.softmax(model.forward({ images, labels: tf.zeros([images.shape[0]], 'int32') as tf.Tensor1D }, { training: false }).logits).arraySync() as number[][]);
      probabilities.push(...rows);
      images.dispose();
    }
    return { probabilities, predicted: probabilities.map((row) => row.indexOf(Math.max(...row))) };
  }
}
