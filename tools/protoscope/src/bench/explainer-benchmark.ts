import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ReferenceWorkload, seededRandom, streamKey } from '@protoscope/core-models';
import { encodeNpy } from '@protoscope/datasets';
import { createMdm, createRise, type ExplainableModel, riseMasks } from '@protoscope/eval';

/**
 * MDM and RISE on the reference workload's network, at a size a benchmark can afford: RISE with 256
 * masks per image (its default is 4000) and MDM with 10 Adam steps (default 150). Both are that many
 * identical steps, so images/s at the defaults is these figures divided by 4000/256 and 150/10.
 */
export interface ExplainerWorkload {
  imageSize: number;
  /** Masked copies per forward pass (the explainers' batchSize). */
  batchSize: number;
  rise: { images: number; masks: number; cells: number; keepProbability: number };
  mdm: { images: number; iterations: number; scales: number[]; learningRate: number; areaWeight: number; smoothnessWeight: number };
}

export const EXPLAINER_WORKLOAD: ExplainerWorkload = {
  imageSize: 64,
  batchSize: 32,
  rise: { images: 2, masks: 256, cells: 8, keepProbability: 0.5 },
  // 8 images × 4 scales fill one forward batch of 32 rows, as MDM batches a longer run.
  mdm: { images: 8, iterations: 10, scales: [2, 4, 8, 16], learningRate: 0.1, areaWeight: 3, smoothnessWeight: 1 },
};

/** What both sides of the comparison start from: RISE's masks and MDM's initial mask logits. */
export interface ExplainerInputs {
  /** [masks, H, W]: our RISE mask generator's masks for the workload's seed. */
  riseMasks: Float32Array;
  /** [images, Σ s²]: MDM's seeded initial logits, laid out as MDM lays them out. */
  mdmLogits: Float32Array;
}

/**
 * MDM's initial logits as `Mdm.attribute` draws them: for image i and scale s, s² normals × 0.1 from the
 * stream `mdm-i-s` of the seed, the scales one after another in a row.
 */
export function mdmInitialLogits(seed: number, images: number, scales: readonly number[]): Float32Array {
  const rowLength = scales.reduce((sum, s) => sum + s * s, 0);
  const values = new Float32Array(images * rowLength);
  for (let i = 0; i < images; i++) {
    let offset = i * rowLength;
    for (const s of scales) {
      const random = seededRandom(streamKey(seed, `mdm-${i}-${s}`));
      for (let j = 0; j < s * s; j++) values[offset++] = 0.1 * random.normal();
    }
  }
  return values;
}

/** The workload's inputs, computed once on the current backend so every backend and PyTorch share them. */
export function explainerInputs(workload: ExplainerWorkload, seed: number): ExplainerInputs {
  const { imageSize: size, rise, mdm } = workload;
  const masks = riseMasks(seed, rise.cells, rise.keepProbability)(0, rise.masks, size, size);
  const values = masks.dataSync() as Float32Array;
  masks.dispose();
  return { riseMasks: values, mdmLogits: mdmInitialLogits(seed, mdm.images, mdm.scales) };
}

/** The workload's images, [n, size, size, 1], the same values on every backend (seeded in JS). */
export function explainerImages(workload: ExplainerWorkload, seed: number): tf.Tensor4D {
  const count = Math.max(workload.rise.images, workload.mdm.images);
  return tf.randomUniform([count, workload.imageSize, workload.imageSize, 1], 0, 1, 'float32', seed + 7) as tf.Tensor4D;
}

export interface ExplainerFigures {
  riseImgPerSec: number;
  mdmImgPerSec: number;
  /** The maps, [images][H·W], for the parity test. */
  riseMaps: Float32Array[];
  mdmMaps: Float32Array[];
}

/** Times RISE and MDM (our libs/eval explainers) on the current backend, on the reference network. */
export async function runExplainerBenchmark(
  workload: ExplainerWorkload,
  inputs: ExplainerInputs,
  options: { seed: number; model?: ReferenceWorkload; images?: tf.Tensor4D },
): Promise<ExplainerFigures> {
  const { imageSize: size, rise, mdm, batchSize } = workload;
  const network = options.model ?? new ReferenceWorkload(options.seed);
  const images = options.images ?? explainerImages(workload, options.seed);
  const model: ExplainableModel = { logits: (x) => network.logits(x), classes: 2, name: 'reference workload' };
  const masks = tf.tensor3d(inputs.riseMasks, [rise.masks, size, size]);
  try {
    const riseImages = tf.slice(images, 0, rise.images);
    let start = process.hrtime.bigint();
    const riseMaps = await createRise(model).attribute(riseImages, {
      masks: rise.masks,
      cells: rise.cells,
      keepProbability: rise.keepProbability,
      batchSize,
      maskSource: (first, count) => tf.slice(masks, [first, 0, 0], [count, size, size]),
    });
    const riseSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    riseImages.dispose();

    const mdmImages = tf.slice(images, 0, mdm.images);
    start = process.hrtime.bigint();
    const mdmMaps = await createMdm(model).attribute(mdmImages, { ...mdm, batchSize, seed: options.seed });
    const mdmSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    mdmImages.dispose();
    return { riseImgPerSec: rise.images / riseSeconds, mdmImgPerSec: mdm.images / mdmSeconds, riseMaps: riseMaps.maps, mdmMaps: mdmMaps.maps };
  } finally {
    masks.dispose();
    if (!options.images) images.dispose();
    if (!options.model) network.dispose();
  }
}

/** Writes the inputs (and optionally the network's weights and the images) as .npy files for the PyTorch side. */
export function writeExplainerInputs(directory: string, workload: ExplainerWorkload, inputs: ExplainerInputs, extra: { weights?: tf.Tensor[]; images?: tf.Tensor4D } = {}): void {
  mkdirSync(directory, { recursive: true });
  const save = (name: string, data: Float32Array, shape: number[]) => writeFileSync(path.join(directory, name), encodeNpy({ dtype: '<f4', shape, data }));
  const rowLength = workload.mdm.scales.reduce((sum, s) => sum + s * s, 0);
  save('rise-masks.npy', inputs.riseMasks, [workload.rise.masks, workload.imageSize, workload.imageSize]);
  save('mdm-logits.npy', inputs.mdmLogits, [workload.mdm.images, rowLength]);
  if (extra.weights) {
    mkdirSync(path.join(directory, 'weights'), { recursive: true });
    extra.weights.forEach((w, i) => save(path.join('weights', `w${i}.npy`), w.dataSync() as Float32Array, w.shape));
  }
  if (extra.images) save('images.npy', extra.images.dataSync() as Float32Array, extra.images.shape);
}
