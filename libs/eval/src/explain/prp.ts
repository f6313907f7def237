import * as tf from '@tensorflow/tfjs-core';
import { batchRanges, resolveBatchSize } from './batches';
import { ExplainInputError, UnsupportedModelError } from './errors';
import type { AttributeOptions, Explainer, ExplainableModel, Heatmaps } from './explainer';
import { latentPeak, logitsOf, prototypeHooksOf, readPrototypeEvidence, strongestOwnPrototype } from './prototype-evidence';
import { requestedTargets } from './targets';

const METHOD = 'prp';

export interface PrpOptions {
  /** Explain this prototype (an index into the model's prototypes) on every image, whatever the target. */
  prototype?: number;
  /** Stabiliser ε of the ε-rule denominators (default 1e-6); the relevance it absorbs is the only leak. */
  epsilon?: number;
}

/** PRP as an `Explainer` whose call also takes its own options. */
export interface PrpExplainer extends Explainer {
  attribute(images: tf.Tensor4D, options?: AttributeOptions & PrpOptions): Promise<Heatmaps>;
}

const stabilised = (value: number, epsilon: number) => value + (value >= 0 ? epsilon : -epsilon);

/**
 * Prototypical relevance propagation: the relevance of one prototype's evidence (its peak similarity
 * s on the image) carried back to the pixels with LRP-style rules, signed and in similarity units.
 *
 * 1. Max pooling, winner takes all: s sits on the peak cell (h*, w*) of the prototype's similarity map.
 * 2. Similarity → latent channels: ‖z − p‖² = ‖z‖² − 2 z·p + ‖p‖², and only the cross term couples the
 *    image with the prototype, so s is shared over the channels as a linear layer with weights p is
 *    under the ε-rule: R_c = s · z_c p_c / (Σ_c' z_c' p_c' ± ε).
 * 3. Latent → pixels through the add-on and the backbone: the ε-rule as a modified gradient,
 *    R_x = x ⊙ ∂/∂x Σ_c [R_c / (z_c ± ε)] z_c(x) with the bracket held constant. For networks of
 *    ReLU and bias-free linear layers this is exactly LRP-0/ε layer by layer (Montavon et al. 2019,
 *    gradient × input); biases, batch norm and the add-on's sigmoid absorb or add relevance, which
 *    `convergenceDelta` reports (Σ R_x − s, per image).
 *
 * The map is R_x summed over channels (`scale: 'signed'`). The explained prototype is the target
 * class's active prototype with the largest contribution (peak similarity × class weight), as for
 * `prototypes`, or the one given by `prototype`.
 */
export function createPrp(model: ExplainableModel, options: PrpOptions = {}): PrpExplainer {
  const { hooks, prototypes } = prototypeHooksOf(METHOD, model);
  const { latent, vectors } = prototypes;
  if (!latent || !vectors) {
    throw new UnsupportedModelError(METHOD, model.name ?? 'unnamed', 'latent space with prototype vectors (PRP needs an L2-distance prototype layer)');
  }
  return {
    id: METHOD,
    async attribute(images: tf.Tensor4D, attributeOptions: AttributeOptions & PrpOptions = {}): Promise<Heatmaps> {
      const settings = { ...options, ...attributeOptions };
      const epsilon = settings.epsilon ?? 1e-6;
      if (!(epsilon > 0)) throw new ExplainInputError(METHOD, `epsilon must be positive, got ${epsilon}`);
      const [count, height, width, channels] = images.shape;
      const batchSize = resolveBatchSize(METHOD, settings.batchSize);
      const requested = requestedTargets(METHOD, settings.target, count, model.classes);
      const maps: Float32Array[] = [];
      const targets: number[] = [];
      const convergenceDelta: number[] = [];
      for (const [start, size] of batchRanges(count, batchSize)) {
        const chunk = tf.slice(images, [start, 0, 0, 0], [size, height, width, channels]);
        try {
          const evidence = readPrototypeEvidence(METHOD, model, chunk);
          const [h, w] = evidence.mapSize;
          const chosen: { prototype: number; cell: number; similarity: number }[] = [];
          for (let b = 0; b < size; b++) {
            const target = requested?.[start + b] ?? logitsOf(evidence, b).predicted;
            let prototype = settings.prototype ?? strongestOwnPrototype(evidence, b, target);
            if (settings.prototype !== undefined && !(Number.isInteger(prototype) && prototype >= 0 && prototype < evidence.prototypeCount)) {
              throw new ExplainInputError(METHOD, `prototype ${settings.prototype} is not an index in [0, ${evidence.prototypeCount - 1}]`);
            }
            if (prototype < 0) throw new ExplainInputError(METHOD, `class ${target} has no active prototype (all pruned); explain another class`);
            prototype = Math.trunc(prototype);
            const peak = latentPeak(evidence, b, prototype);
            chosen.push({ prototype, cell: peak.h * w + peak.w, similarity: peak.similarity });
            targets.push(target);
          }
          const relevance = tf.tidy(() => {
            const z = latent(hooks.features(chunk));
            const depth = z.shape[3];
            const zValues = z.dataSync();
            const p = vectors();
            const pValues = p.dataSync();
            // Step 2 on the host (one D-vector per image), then the modified-gradient weights at the peak cell.
            const weights = new Float32Array(size * h * w * depth);
            chosen.forEach(({ prototype, cell, similarity }, b) => {
              const at = (b * h * w + cell) * depth;
              let cross = 0;
              for (let c = 0; c < depth; c++) cross += zValues[at + c]! * pValues[prototype * depth + c]!;
              const share = similarity / stabilised(cross, epsilon);
              for (let c = 0; c < depth; c++) {
                const zc = zValues[at + c]!;
                const channelRelevance = share * zc * pValues[prototype * depth + c]!;
                weights[at + c] = channelRelevance / stabilised(zc, epsilon);
              }
            });
            const held = tf.tensor4d(weights, [size, h, w, depth]);
            const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(latent(hooks.features(x as tf.Tensor4D)), held)))(chunk);
            return tf.sum(tf.mul(chunk, gradient), 3);
          });
          const values = relevance.dataSync() as Float32Array;
          relevance.dispose();
          for (let b = 0; b < size; b++) {
            const map = values.slice(b * height * width, (b + 1) * height * width);
            let total = 0;
            for (const v of map) total += v;
            maps.push(map);
            convergenceDelta.push(total - chosen[b]!.similarity);
          }
        } finally {
          chunk.dispose();
        }
        settings.onProgress?.(start + size, count);
      }
      return { maps, height, width, targets, scale: 'signed', convergenceDelta };
    },
  };
}
