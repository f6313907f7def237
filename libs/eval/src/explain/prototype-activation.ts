import * as tf from '@tensorflow/tfjs-core';
import { resizeBicubic } from '@protoscope/engine';
import { percentile as percentileOf } from '@protoscope/core-models';
import { batchRanges, resolveBatchSize } from './batches';
import { ExplainInputError } from './errors';
import type { AttributeOptions, Explainer, ExplainableModel, Heatmaps } from './explainer';
import { latentMap, logitsOf, prototypeHooksOf, readPrototypeEvidence, strongestOwnPrototype, type PrototypeEvidence } from './prototype-evidence';
import { requestedTargets } from './targets';
import { normaliseMinMax } from './upsample-normalise';

const METHOD = 'prototypes';

export interface PrototypeActivationOptions {
  /**
   * If given, pixels below this percentile of the scaled map are set to 0, leaving ProtoPNet's
   * high-activation region (95 in the paper) — a sparse map for localisation scores. Default: the
   * whole map.
   */
  percentile?: number;
}

/**
 * ProtoPNet's prototype activation map as a heat map: for each image, the similarity map of the
 * target class's prototype that contributes most to the target logit (map maximum × its class weight),
 * bicubically upsampled to the input size (as ProtoPNet does) and min-max scaled to [0, 1].
 *
 * Why contribution and not similarity alone: the explanation should show the evidence the class score
 * actually rests on; a prototype that matches strongly but carries little weight says less about the
 * decision. Only the target class's own, unpruned prototypes are candidates, since ProtoPNet reads a
 * class's prototypes as that class's parts.
 */
export function createPrototypeActivationExplainer(model: ExplainableModel, options: PrototypeActivationOptions = {}): Explainer {
  prototypeHooksOf(METHOD, model);
  const { percentile } = options;
  if (percentile !== undefined && !(percentile >= 0 && percentile <= 100)) {
    throw new ExplainInputError(METHOD, `percentile must lie in [0, 100], got ${percentile}`);
  }
  return {
    id: METHOD,
    async attribute(images: tf.Tensor4D, attributeOptions: AttributeOptions = {}): Promise<Heatmaps> {
      const [count, height, width, channels] = images.shape;
      const batchSize = resolveBatchSize(METHOD, attributeOptions.batchSize);
      const requested = requestedTargets(METHOD, attributeOptions.target, count, model.classes);
      const maps: Float32Array[] = [];
      const targets: number[] = [];
      for (const [start, size] of batchRanges(count, batchSize)) {
        const chunk = tf.slice(images, [start, 0, 0, 0], [size, height, width, channels]);
        let evidence: PrototypeEvidence;
        try {
          evidence = readPrototypeEvidence(METHOD, model, chunk);
        } finally {
          chunk.dispose();
        }
        const [h, w] = evidence.mapSize;
        const latent = new Float32Array(size * h * w);
        for (let b = 0; b < size; b++) {
          const target = requested?.[start + b] ?? logitsOf(evidence, b).predicted;
          const best = strongestOwnPrototype(evidence, b, target);
          if (best < 0) throw new ExplainInputError(METHOD, `class ${target} has no active prototype (all pruned); explain another class`);
          latent.set(latentMap(evidence, b, best), b * h * w);
          targets.push(target);
        }
        const scaled = tf.tidy(() => {
          const upsampled = resizeBicubic(tf.tensor4d(latent, [size, h, w, 1]), [height, width]);
          return normaliseMinMax(tf.reshape(upsampled, [size, height, width])).dataSync() as Float32Array;
        });
        for (let b = 0; b < size; b++) {
          const map = scaled.slice(b * height * width, (b + 1) * height * width);
          if (percentile !== undefined) {
            const threshold = percentileOf(map, percentile);
            for (let i = 0; i < map.length; i++) if (map[i]! < threshold) map[i] = 0;
          }
          maps.push(map);
        }
        attributeOptions.onProgress?.(start + size, count);
      }
      return { maps, height, width, targets, scale: 'unit' };
    },
  };
}
