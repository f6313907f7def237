import * as tf from '@tensorflow/tfjs-core';
import { AugmentConfigSchema, type AugmentConfig, type AugmentConfigInput } from '../augment/augment-config';
import { augmentSample, type AugmentParameters } from '../augment/augment-sample';
import { DatasetOptionError } from '../errors';
import type { DicomWindowing } from '../image/dicom-codec';
import type { LabelMap, Raster } from '../image/raster';
import type { OpenedDataset } from '../manifest/manifest-file';
import type { Box, ImageRecord, Keypoint, Task } from '../manifest/schema';
import { SeededRandom, hashSeed } from '../random/seeded-random';
import { ArrayStore } from './array-store';
import { DecodeCache } from './decode-cache';
import { decodeRecord } from './decode-record';
import { normalisationConstants, type Normalisation } from './normalisation';

export interface BatchLoaderOptions {
  /** Output size in pixels: a square side, or width and height. */
  size: number | { width: number; height: number };
  batchSize: number;
  /** 1 (grey) or 3 (RGB); default: 3 if any selected image has colour, else 1. */
  channels?: 1 | 3;
  /** Only these splits (default: all records). */
  split?: string | string[];
  /** The task whose labels go into `labels` (default: the manifest's primary task). */
  task?: string;
  /** Shuffle the order each epoch (seeded by seed and epoch). Default false. */
  shuffle?: boolean;
  seed?: number;
  /** true = the defaults of AugmentConfigSchema; an object overrides some; false/absent = none. */
  augment?: boolean | AugmentConfigInput;
  normalisation?: Normalisation;
  /** Include `masks` (lesion union, B×H×W×1) in each batch. */
  withMasks?: boolean;
  /** Drop a last, smaller batch. */
  dropRemainder?: boolean;
  windowing?: DicomWindowing;
  /** Share a cache between loaders (e.g. train and val of one dataset). */
  cache?: DecodeCache;
  /** Keep only records for which this returns true. */
  filter?: (record: ImageRecord) => boolean;
}

/** One sample after decoding and augmentation, with ground truth in output pixel coordinates. */
export interface PreparedSample {
  record: ImageRecord;
  image: Raster;
  lesionMap?: LabelMap;
  partMap?: LabelMap;
  /** One entry per record.lesions (undefined when the lesion has neither mask nor box, or left the image). */
  lesionBoxes: Array<Box | undefined>;
  keypoints?: Keypoint[];
  /** Absent when not augmented. */
  augmentation?: AugmentParameters;
}

/**
 * A batch of tensors. The caller owns them: dispose with `disposeBatch` (or inside tf.tidy).
 * images: B×H×W×C float32 normalised; labels: int32 [B] (single-label / ordinal) or float32 B×K
 * (multi-label) with labelMask B×K (0 where the label is unknown); masks: B×H×W×1 in {0, 1}.
 */
export interface Batch {
  images: tf.Tensor4D;
  labels: tf.Tensor;
  labelMask?: tf.Tensor2D;
  masks?: tf.Tensor4D;
  samples: PreparedSample[];
}

export function disposeBatch(batch: Batch): void {
  tf.dispose([batch.images, batch.labels, ...(batch.labelMask ? [batch.labelMask] : []), ...(batch.masks ? [batch.masks] : [])]);
}

/**
 * Turns a dataset into batches of tensors: select split and task, decode (once, through the cache),
 * augment with a per-sample seed (seed, epoch, record id: the same run gives the same pixels whatever
 * the batch order), normalise, stack.
 */
export class BatchLoader {
  readonly records: ImageRecord[];
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly taskName: string;
  readonly task: Task;
  readonly cache: DecodeCache;
  private readonly augment?: AugmentConfig;
  private readonly arrays = new ArrayStore();
  private readonly mean: number[];
  private readonly std: number[];

  constructor(
    readonly dataset: OpenedDataset,
    readonly options: BatchLoaderOptions,
  ) {
    const { manifest } = dataset;
    if (!(options.batchSize >= 1)) throw new DatasetOptionError(`batchSize must be at least 1, got ${options.batchSize}`);
    this.width = typeof options.size === 'number' ? options.size : options.size.width;
    this.height = typeof options.size === 'number' ? options.size : options.size.height;
    this.taskName = options.task ?? manifest.primaryTask;
    const task = manifest.tasks[this.taskName];
    if (!task) throw new DatasetOptionError(`task '${this.taskName}' not in this dataset (tasks: ${Object.keys(manifest.tasks).join(', ')})`);
    this.task = task;
    const splits = options.split === undefined ? undefined : Array.isArray(options.split) ? options.split : [options.split];
    this.records = manifest.images.filter(
      (r) =>
        (splits === undefined || (r.split !== undefined && splits.includes(r.split))) &&
        r.labels[this.taskName] !== undefined &&
        (options.filter?.(r) ?? true),
    );
    this.channels = options.channels ?? (this.records.some((r) => r.channels >= 3) ? 3 : 1);
    this.cache = options.cache ?? new DecodeCache();
    if (options.augment) this.augment = AugmentConfigSchema.parse(options.augment === true ? {} : options.augment);
    ({ mean: this.mean, std: this.std } = normalisationConstants(options.normalisation ?? 'unit', this.channels));
  }

  get numBatches(): number {
    const n = this.records.length / this.options.batchSize;
    return this.options.dropRemainder ? Math.floor(n) : Math.ceil(n);
  }

  /** Decodes (via the cache) and augments one record for an epoch. */
  prepareSample(record: ImageRecord, epoch = 0): PreparedSample {
    const key = `${record.id}@${this.width}x${this.height}x${this.channels}`;
    const decoded = this.cache.getOrDecode(key, () =>
      decodeRecord(this.dataset, record, { width: this.width, height: this.height, channels: this.channels, windowing: this.options.windowing }, this.arrays),
    );
    const { scaleX, scaleY } = decoded;
    const boxes = (record.lesions ?? []).map((l) =>
      l.box ? { x: l.box.x * scaleX, y: l.box.y * scaleY, width: l.box.width * scaleX, height: l.box.height * scaleY } : undefined,
    );
    const keypoints = record.keypoints?.map((k) => ({ ...k, x: k.x * scaleX, y: k.y * scaleY }));
    if (!this.augment) {
      return {
        record,
        image: decoded.image,
        lesionMap: decoded.lesionMap,
        partMap: decoded.partMap,
        lesionBoxes: boxes,
        keypoints,
      };
    }
    const rng = new SeededRandom(hashSeed(this.options.seed ?? 0, epoch, record.id));
    const out = augmentSample({ image: decoded.image, lesionMap: decoded.lesionMap, partMap: decoded.partMap, keypoints, boxes }, this.augment, rng);
    return {
      record,
      image: out.image,
      lesionMap: out.lesionMap,
      partMap: out.partMap,
      lesionBoxes: out.boxes ?? [],
      keypoints: out.keypoints,
      augmentation: out.parameters,
    };
  }

  /** The record order for an epoch (seeded shuffle if asked). */
  order(epoch = 0): ImageRecord[] {
    const list = [...this.records];
    return this.options.shuffle ? new SeededRandom(hashSeed(this.options.seed ?? 0, 'order', epoch)).shuffle(list) : list;
  }

  /** Yields the epoch's batches. Dispose each one when done with it. */
  *batches(epoch = 0): Generator<Batch> {
    const order = this.order(epoch);
    const { batchSize } = this.options;
    for (let start = 0; start < order.length; start += batchSize) {
      const slice = order.slice(start, start + batchSize);
      if (slice.length < batchSize && this.options.dropRemainder) break;
      yield this.makeBatch(slice.map((r) => this.prepareSample(r, epoch)));
    }
  }

  /** Stacks prepared samples into tensors. */
  makeBatch(samples: PreparedSample[]): Batch {
    const b = samples.length;
    const { width: w, height: h, channels: c } = this;
    const pixels = new Float32Array(b * h * w * c);
    samples.forEach((s, i) => {
      const offset = i * h * w * c;
      for (let p = 0; p < h * w * c; p++) {
        const k = p % c;
        pixels[offset + p] = (s.image.data[p]! - this.mean[k]!) / this.std[k]!;
      }
    });
    const images = tf.tensor4d(pixels, [b, h, w, c]);
    let labels: tf.Tensor;
    let labelMask: tf.Tensor2D | undefined;
    if (this.task.kind === 'multi-label') {
      const k = this.task.classes.length;
      const values = new Float32Array(b * k);
      const known = new Float32Array(b * k);
      samples.forEach((s, i) => {
        const v = s.record.labels[this.taskName] as Array<0 | 1 | null>;
        for (let j = 0; j < k; j++) {
          values[i * k + j] = v[j] ?? 0;
          known[i * k + j] = v[j] === null ? 0 : 1;
        }
      });
      labels = tf.tensor2d(values, [b, k]);
      labelMask = tf.tensor2d(known, [b, k]);
    } else {
      labels = tf.tensor1d(samples.map((s) => s.record.labels[this.taskName] as number), 'int32');
    }
    let masks: tf.Tensor4D | undefined;
    if (this.options.withMasks) {
      const m = new Float32Array(b * h * w);
      samples.forEach((s, i) => {
        if (!s.lesionMap) return;
        for (let p = 0; p < h * w; p++) m[i * h * w + p] = s.lesionMap.data[p]! > 0 ? 1 : 0;
      });
      masks = tf.tensor4d(m, [b, h, w, 1]);
    }
    return { images, labels, labelMask, masks, samples };
  }
}

export function createBatchLoader(dataset: OpenedDataset, options: BatchLoaderOptions): BatchLoader {
  return new BatchLoader(dataset, options);
}
