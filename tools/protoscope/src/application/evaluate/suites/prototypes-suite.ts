import * as tf from '@tensorflow/tfjs-core';
import {
  addStabilityNoise,
  prototypeConsistency,
  prototypeSourceDiversity,
  prototypeStability,
  prototypeVectorDiversity,
  type PairedPartActivation,
  type PartKeypoint,
} from '@protoscope/eval';
import type { EvaluationContext } from '../evaluation-context';
import { format, type EvaluationSuite, type SuiteResult } from './suite';

/** Per-channel standard deviation of the selected images' pixels, as a [C] tensor. */
function channelStds(context: EvaluationContext): tf.Tensor1D {
  let sum: number[] | undefined;
  let squares: number[] | undefined;
  let count = 0;
  for (const { images } of context.images.batches()) {
    const [b, h, w] = images.shape;
    const [s1, s2] = tf.tidy(() => [tf.sum(images, [0, 1, 2]).arraySync() as number[], tf.sum(tf.square(images), [0, 1, 2]).arraySync() as number[]]);
    sum = sum ? sum.map((v, c) => v + s1![c]!) : s1;
    squares = squares ? squares.map((v, c) => v + s2![c]!) : s2;
    count += b * h * w;
    images.dispose();
  }
  return tf.tensor1d(sum!.map((v, c) => Math.sqrt(Math.max(0, squares![c]! / count - (v / count) ** 2))));
}

/** Latent similarity maps [B, h, w, M] of the selected images, clean and with EvalProtoPNet's noise. */
function latentMaps(context: EvaluationContext, seed: number): { clean: Float32Array[][]; noisy: Float32Array[][]; mapSize: { height: number; width: number } } {
  const hooks = context.explainable.hooks!;
  const clean: Float32Array[][] = [];
  const noisy: Float32Array[][] = [];
  let mapSize = { height: 0, width: 0 };
  const perPrototype = (maps: tf.Tensor4D): Float32Array[][] => {
    const [b, h, w, m] = maps.shape;
    mapSize = { height: h, width: w };
    const data = maps.dataSync() as Float32Array;
    return Array.from({ length: b }, (_, i) =>
      Array.from({ length: m }, (_, j) => {
        const map = new Float32Array(h * w);
        for (let cell = 0; cell < h * w; cell++) map[cell] = data[(i * h * w + cell) * m + j]!;
        return map;
      }),
    );
  };
  const scale = channelStds(context);
  for (const { images, offset } of context.images.batches()) {
    // EvalProtoPNet adds its noise to mean/std-standardised inputs; ours are [0, 1], so the noise is
    // scaled by each channel's standard deviation: the same perturbation in standardised units.
    const perturbed = tf.tidy(() => tf.add(images, tf.mul(tf.sub(addStabilityNoise(images, seed + offset), images), scale)) as tf.Tensor4D);
    for (const [target, input] of [
      [clean, images],
      [noisy, perturbed],
    ] as const) {
      const maps = tf.tidy(() => hooks.prototypes!.similarityMaps(hooks.features(input)));
      target.push(...perPrototype(maps));
      maps.dispose();
    }
    tf.dispose([images, perturbed]);
  }
  scale.dispose();
  return { clean, noisy, mapSize };
}

/** EvalProtoPNet's consistency and stability over the images of each prototype's class that have part keypoints. */
async function partScores(context: EvaluationContext): Promise<Pick<SuiteResult, 'metrics' | 'rows'>> {
  const hooks = context.explainable.hooks!.prototypes!;
  const { items, height, width } = context.images;
  const { clean, noisy, mapSize } = latentMaps(context, context.seed);
  const active = hooks.active();
  const options = { mapSize, imageSize: { height, width } };
  const perPrototype: PairedPartActivation[][] = [];
  hooks.classOf.forEach((classIndex, j) => {
    if (!active[j]) return;
    const own = items.flatMap((item, i) => (item.label === classIndex && item.keypoints ? [i] : []));
    if (own.length === 0) return;
    perPrototype.push(
      own.map((i) => ({
        clean: clean[i]![j]!,
        noisy: noisy[i]![j]!,
        parts: items[i]!.keypoints!.map((k): PartKeypoint => ({ x: k.x, y: k.y, visible: k.visible })),
      })),
    );
  });
  if (perPrototype.length === 0) return { metrics: {}, rows: [] };
  const consistency = await prototypeConsistency(
    perPrototype.map((images) => images.map((a) => ({ map: a.clean, parts: a.parts }))),
    options,
  );
  const stability = await prototypeStability(perPrototype, options);
  return {
    metrics: { consistency: consistency.score, stability: stability.score, consistencyPrototypes: perPrototype.length },
    rows: [
      ['consistency', format(consistency.score, 2)],
      ['stability', format(stability.score, 2)],
    ],
  };
}

/**
 * Prototype models: how diverse the last push's prototypes are (distinct source images, pairwise
 * distances, near-duplicates), and — on images with part keypoints — EvalProtoPNet's consistency and
 * stability scores (72 px box at 224 px, scaled to the input size; threshold 0.8; noise N(0, 0.2²)
 * clipped to ±0.25 in standardised units).
 */
export const prototypesSuite: EvaluationSuite = {
  id: 'prototypes',
  async run(context) {
    if (!context.explainable.hooks?.prototypes) {
      return { metrics: {}, rows: [], notes: [`prototypes: ${context.loaded.run.method} has no prototypes`] };
    }
    const notes: string[] = [];
    const metrics: Record<string, unknown> = {};
    const rows: Array<[string, string]> = [];
    const stored = await context.store.prototypes.list(context.loaded.run.id);
    if (stored.length > 0) {
      const sources = prototypeSourceDiversity(stored.map((p) => p.sourceImageId ?? `#${p.index}`));
      metrics['prototypeDistinctImages'] = sources.distinctSources;
      metrics['prototypeDistinctFraction'] = sources.fraction;
      metrics['prototypeSharedSources'] = sources.sharedSources;
      rows.push(['prototypeDistinctImages', `${sources.distinctSources}/${sources.prototypes}`]);
      const vectors = stored.flatMap((p) => (p.vector ? [p.vector] : []));
      if (vectors.length > 1) {
        const diversity = prototypeVectorDiversity(vectors);
        metrics['prototypeMeanDistance'] = diversity.meanPairwiseDistance;
        metrics['prototypeNearDuplicates'] = diversity.nearDuplicates.length;
        rows.push(['prototypeMeanDistance', format(diversity.meanPairwiseDistance)], ['prototypeNearDuplicates', String(diversity.nearDuplicates.length)]);
      }
    } else {
      notes.push('prototypes: the run stored no push (diversity needs pushed prototypes)');
    }
    if (context.images.items.some((item) => item.keypoints)) {
      const parts = await partScores(context);
      Object.assign(metrics, parts.metrics);
      rows.push(...parts.rows);
    } else {
      notes.push('prototypes: the selected images have no part keypoints (consistency and stability need them)');
    }
    return { metrics, rows, notes };
  },
};
