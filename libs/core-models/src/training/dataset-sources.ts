import * as tf from '@tensorflow/tfjs-core';
import {
  type AugmentConfigInput,
  countUnpaired,
  DecodeCache,
  hashSeed,
  openDataset,
  pairExamples,
  pairViews,
  SeededRandom,
  type PairExample,
  type UnpairedReason,
} from '@protoscope/datasets';
import { createBatchLoader, type Batch, type BatchLoader } from '@protoscope/datasets/tensors';
import type { MethodBatch, MethodDataNeeds, MethodInputs } from '../methods/method';
import { findingSource, findingTargets, type FindingSource } from './finding-targets';
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
  /** What the method takes (its definition's `inputs`); `view-pair` builds CC/MLO pair batches. Default `single`. */
  inputs?: MethodInputs;
  /** What else the method reads (its definition's `dataNeeds`): findings labels and boxes. */
  needs?: MethodDataNeeds;
}

/** How a split's images became pair examples (view-pair inputs). */
export interface SplitPairing {
  pairs: number;
  /** Two per pair: each view once as the main image. */
  examples: number;
  /** Images of the split left out of every pair, and why. */
  unpaired: number;
  unpairedByReason: Partial<Record<UnpairedReason, number>>;
}

export interface DatasetSources {
  datasetId: string;
  classes: string[];
  inputShape: [number, number, number];
  train: BatchSource;
  /** The training split in a fixed order without augmentation (push, evaluation of train). */
  unaugmentedTrain: BatchSource;
  val?: BatchSource;
  /** Class names of the findings task, when the method asked for one. */
  findings?: string[];
  /** Present for view-pair inputs. */
  pairing?: { train: SplitPairing; val?: SplitPairing };
}

export class DatasetSourceError extends Error {
  override name = 'DatasetSourceError';
}

function toMethodBatch(batch: Batch, findings?: FindingSource, fewShotSplit?: string): MethodBatch {
  tf.dispose([...(batch.masks ? [batch.masks] : []), ...(batch.labelMask ? [batch.labelMask] : [])]);
  const [, height, width] = batch.images.shape;
  const extra = findings ? findingTargets(batch.samples, findings, height, width) : {};
  const fewShot = fewShotSplit === undefined ? {} : { fewShot: batch.samples.map((s) => s.record.split === fewShotSplit), noiseStatus: batch.samples.map((s) => s.record.noise?.status) };
  return { images: batch.images, labels: batch.labels as tf.Tensor1D, ids: batch.samples.map((s) => s.record.id), ...extra, ...fewShot };
}

function source(loader: BatchLoader, findings?: FindingSource, fewShotSplit?: string): BatchSource {
  return {
    batchCount: loader.numBatches,
    *batches(epoch: number) {
      for (const batch of loader.batches(epoch)) yield toMethodBatch(batch, findings, fewShotSplit);
    },
  };
}

/**
 * Batches of pair examples: `images` the main views, `pairedImages` the other view of each one's
 * breast (row-aligned), `labels` the breast's label, `ids` the main images' ids. Order: a seeded
 * shuffle of the examples per epoch (by seed and epoch), or the pairing's order. Each image is
 * prepared by the loader as in single-image training, so its augmentation comes from its own stream
 * (seed, epoch, image id): the two views of a pair are augmented independently of each other (own
 * flip, rotation, crop, intensity), and an image looks the same in an epoch whether it is the main
 * or the auxiliary view.
 */
function pairSource(loader: BatchLoader, examples: PairExample[], shuffle: { seed: number } | undefined): BatchSource {
  const { batchSize } = loader.options;
  return {
    batchCount: Math.ceil(examples.length / batchSize),
    *batches(epoch: number) {
      const order = shuffle ? new SeededRandom(hashSeed(shuffle.seed, 'pair-order', epoch)).shuffle([...examples]) : examples;
      for (let start = 0; start < order.length; start += batchSize) {
        const slice = order.slice(start, start + batchSize);
        const main = loader.makeBatch(slice.map((e) => loader.prepareSample(e.main, epoch)));
        const auxiliary = toMethodBatch(loader.makeBatch(slice.map((e) => loader.prepareSample(e.auxiliary, epoch))));
        auxiliary.labels.dispose();
        yield { ...toMethodBatch(main), pairedImages: auxiliary.images };
      }
    },
  };
}

/** Pairs a split's records (see pairViews) and summarises the pairing. */
function pairSplit(loader: BatchLoader, where: string): { examples: PairExample[]; summary: SplitPairing } {
  const { pairs, unpaired } = pairViews(loader.records, { task: loader.taskName, label: where });
  const examples = pairExamples(pairs);
  return { examples, summary: { pairs: pairs.length, examples: examples.length, unpaired: unpaired.length, unpairedByReason: countUnpaired(unpaired) } };
}

/**
 * A dataset folder (manifest + images) as the training loop's sources: seeded shuffled, augmented
 * train batches; the same images unaugmented in a fixed order; val batches. One decode cache serves
 * all three, so every image is decoded once per run. With `inputs: 'view-pair'` every source yields
 * pair examples instead (pairSource): each CC/MLO pair of a split twice, so train and val metrics
 * are over pair examples, two per breast.
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
  const valSplit = options.valSplit ?? 'val';
  // A method that learns from trusted few-shot images trains on them together with the training split.
  const fewShotSplit = options.needs?.fewShotSplit;
  if (fewShotSplit !== undefined && !manifest.images.some((r) => r.split === fewShotSplit && r.labels[taskName] !== undefined)) {
    throw new DatasetSourceError(`${dir}: the method needs a '${fewShotSplit}' split of clean labelled images and this dataset has none (generate one with 'protoscope data generate web-noisy')`);
  }
  if (fewShotSplit !== undefined && options.inputs === 'view-pair') throw new DatasetSourceError(`${dir}: a few-shot split is not available for view-pair methods`);
  const trainSplit = fewShotSplit === undefined ? (options.trainSplit ?? 'train') : [options.trainSplit ?? 'train', fewShotSplit];
  const size = options.size ?? Math.max(...manifest.images.map((r) => Math.max(r.width, r.height)));
  const cache = new DecodeCache();
  const common = { size, batchSize: options.batchSize, seed: options.seed, task: taskName, cache };
  const train = createBatchLoader(dataset, { ...common, split: trainSplit, shuffle: true, augment: options.augment ?? true });
  if (train.records.length === 0) throw new DatasetSourceError(`${dir}: no labelled images in split '${trainSplit}'`);
  const unaugmented = createBatchLoader(dataset, { ...common, split: trainSplit, channels: train.channels });
  const val = createBatchLoader(dataset, { ...common, split: valSplit, channels: train.channels });
  const findings = options.needs?.findingsTask ? findingSource(manifest.tasks, options.needs.findingsTask, options.needs.findingBoxes ?? false, dir) : undefined;
  if (findings && options.inputs === 'view-pair') throw new DatasetSourceError(`${dir}: findings labels are not available for view-pair methods`);
  if (options.inputs === 'view-pair') {
    const trainPairs = pairSplit(train, `${dir}: split '${trainSplit}'`);
    const valPairs = val.records.length > 0 ? pairSplit(val, `${dir}: split '${valSplit}'`) : undefined;
    return {
      datasetId: manifest.id,
      classes: task.classes,
      inputShape: [size, size, train.channels],
      train: pairSource(train, trainPairs.examples, { seed: options.seed }),
      unaugmentedTrain: pairSource(unaugmented, trainPairs.examples, undefined),
      val: valPairs ? pairSource(val, valPairs.examples, undefined) : undefined,
      pairing: { train: trainPairs.summary, val: valPairs?.summary },
    };
  }
  return {
    datasetId: manifest.id,
    classes: task.classes,
    inputShape: [size, size, train.channels],
    train: source(train, findings, fewShotSplit),
    unaugmentedTrain: source(unaugmented, findings, fewShotSplit),
    val: val.records.length > 0 ? source(val, findings) : undefined,
    ...(findings ? { findings: [...findings.names] } : {}),
  };
}
