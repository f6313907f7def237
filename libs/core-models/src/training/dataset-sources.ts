import * as tf from '@tensorflow/tfjs-core';
import { type AugmentConfigInput, createBatchLoader, DecodeCache, openDataset, type Batch, type BatchLoader } from '@protoscope/datasets';
import type { MethodBatch } from '../methods/method';
import type { BatchSource } from './train-loop';

export interface DatasetSourcesOptions {
  batchSize: number;
  seed: number;
  /** Square side the images are resized to; default: the dataset's largest image side. */
  size?: number;
  /** Training augmentation (the dataset library's settings); default on. */
  augment?: boolean | AugmentConfigInput;
  task?: string;
  trainSplit?: string;
  valSplit?: string;
}

export interface DatasetSources {
  datasetId: string;
  classes: string[];
  inputShape: [number, number, number];
  train: BatchSource;
  /** The training split in a fixed order without augmentation (push, evaluation of train). */
  unaugmentedTrain: BatchSource;
  val?: BatchSource;
}

export class DatasetSourceError extends Error {
  override name = 'DatasetSourceError';
}

function toMethodBatch(batch: Batch): MethodBatch {
  tf.dispose([...(batch.masks ? [batch.masks] : []), ...(batch.labelMask ? [batch.labelMask] : [])]);
  return { images: batch.images, labels: batch.labels as tf.Tensor1D, ids: batch.samples.map((s) => s.record.id) };
}

function source(loader: BatchLoader): BatchSource {
  return {
    batchCount: loader.numBatches,
    *batches(epoch: number) {
      for (const batch of loader.batches(epoch)) yield toMethodBatch(batch);
    },
  };
}

/**
 * A dataset folder (manifest + images) as the training loop's sources: seeded shuffled, augmented
 * train batches; the same images unaugmented in a fixed order; val batches. One decode cache serves
 * all three, so every image is decoded once per run.
 */
export function datasetSources(dir: string, options: DatasetSourcesOptions): DatasetSources {
  const dataset = openDataset(dir);
  const { manifest } = dataset;
  const taskName = options.task ?? manifest.primaryTask;
  const task = manifest.tasks[taskName];
  if (!task) throw new DatasetSourceError(`${dir}: no task '${taskName}' (tasks: ${Object.keys(manifest.tasks).join(', ')})`);
  if (task.kind === 'multi-label') {
    throw new DatasetSourceError(`${dir}: task '${taskName}' is multi-label; the training methods take one class per image — choose a single-label task with --task`);
  }
  const trainSplit = options.trainSplit ?? 'train';
  const valSplit = options.valSplit ?? 'val';
  const size = options.size ?? Math.max(...manifest.images.map((r) => Math.max(r.width, r.height)));
  const cache = new DecodeCache();
  const common = { size, batchSize: options.batchSize, seed: options.seed, task: taskName, cache };
  const train = createBatchLoader(dataset, { ...common, split: trainSplit, shuffle: true, augment: options.augment ?? true });
  if (train.records.length === 0) throw new DatasetSourceError(`${dir}: no labelled images in split '${trainSplit}'`);
  const unaugmented = createBatchLoader(dataset, { ...common, split: trainSplit, channels: train.channels });
  const val = createBatchLoader(dataset, { ...common, split: valSplit, channels: train.channels });
  return {
    datasetId: manifest.id,
    classes: task.classes,
    inputShape: [size, size, train.channels],
    train: source(train),
    unaugmentedTrain: source(unaugmented),
    val: val.records.length > 0 ? source(val) : undefined,
  };
}
