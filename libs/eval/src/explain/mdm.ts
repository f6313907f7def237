import * as tf from '@tensorflow/tfjs-core';
import { Adam, seededRandom, streamKey } from '@protoscope/core-models';
import { batchRanges, resolveBatchSize } from './batches';
import { ExplainInputError } from './errors';
import type { AttributeOptions, ExplainableModel, Explainer, Heatmaps } from './explainer';
import { gaussianBlur } from './gaussian-blur';
import { resolveTargets, targetSelector } from './targets';
import { normaliseMinMax, toHeatmaps } from './upsample-normalise';

export interface MdmOptions {
  /** Mask grid sizes s (an s×s mask each); default 2, 4, 8, 16 — those no larger than the image. */
  scales?: readonly number[];
  /** Adam steps per image (default 150). */
  iterations?: number;
  /** Adam learning rate on the mask logits (default 0.1). */
  learningRate?: number;
  /** λ_area, weight of the mask's mean value (default 3). */
  areaWeight?: number;
  /** λ_tv, weight of the mask's total variation (default 1). */
  smoothnessWeight?: number;
  /** What removed pixels become: 'blur' (default: the image blurred with σ = `blurSigma`) or a constant. */
  baseline?: 'blur' | number;
  /** σ of the blur baseline in pixels (default max(1, min(H, W)/20) — ≈ 11 px on 224² images). */
  blurSigma?: number;
}

const DEFAULT_SCALES = [2, 4, 8, 16];

/** Mean absolute difference between neighbouring pixels of masks [N, H, W, 1], per mask → [N]. */
function totalVariation(masks: tf.Tensor4D): tf.Tensor1D {
  const [, height, width] = masks.shape;
  const parts: tf.Tensor1D[] = [];
  if (height > 1) {
    const down = tf.sub(tf.slice(masks, [0, 1, 0, 0], [-1, height - 1, -1, -1]), tf.slice(masks, [0, 0, 0, 0], [-1, height - 1, -1, -1]));
    parts.push(tf.mean(tf.abs(down), [1, 2, 3]) as tf.Tensor1D);
  }
  if (width > 1) {
    const right = tf.sub(tf.slice(masks, [0, 0, 1, 0], [-1, -1, width - 1, -1]), tf.slice(masks, [0, 0, 0, 0], [-1, -1, width - 1, -1]));
    parts.push(tf.mean(tf.abs(right), [1, 2, 3]) as tf.Tensor1D);
  }
  return parts.length ? (tf.addN(parts) as tf.Tensor1D) : (tf.zeros([masks.shape[0]]) as tf.Tensor1D);
}

/**
 * MDM — Multiple Dynamic Masks (after Peng et al. 2022, whose loss is unpublished; this is our own,
 * model-agnostic design — it calls only `logits`). For every image and every scale s, a mask
 * M_s = up(σ(m_s)) is learnt: m_s ∈ ℝ^{s×s} logits, σ the sigmoid, `up` bilinear upsampling to the input.
 * The perturbed input keeps the image where M = 1 and shows the baseline b where M = 0:
 * x̃_s = x ⊙ M_s + b ⊙ (1 − M_s). Each mask minimises
 *
 *   L(m_s) = −log softmax_target(f(x̃_s))  +  λ_area · mean(M_s)  +  λ_tv · TV(M_s)
 *
 * — the first term is the "activation consistency" constraint (the masked input must keep the
 * decision), the second the "mask value" constraint (keep as little as possible, so what stays is what
 * the decision needs), the third asks for few, compact regions (TV = mean |∇M| over neighbouring pixels).
 * Coarse masks find the region robustly, fine masks its shape; the map is the mean of the scales'
 * masks (they share units: the fraction of each pixel kept), min-max normalised. Optimised by Adam
 * from seeded logits N(0, 0.1²) (masks ≈ ½), every (image, scale) a row of one forward batch.
 * Why these terms and defaults: docs/explanations.md.
 */
export class Mdm implements Explainer {
  readonly id = 'mdm';

  constructor(
    private readonly model: ExplainableModel,
    private readonly defaults: MdmOptions = {},
  ) {}

  async attribute(images: tf.Tensor4D, options: AttributeOptions & MdmOptions = {}): Promise<Heatmaps> {
    const settings = { ...this.defaults, ...options };
    const [batch, height, width] = images.shape;
    const scales = settings.scales ?? DEFAULT_SCALES.filter((s) => s <= Math.min(height, width));
    const iterations = settings.iterations ?? 150;
    const learningRate = settings.learningRate ?? 0.1;
    const areaWeight = settings.areaWeight ?? 3;
    const smoothnessWeight = settings.smoothnessWeight ?? 1;
    if (scales.length === 0 || scales.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new ExplainInputError(this.id, `scales must be positive whole numbers, got [${scales.join(', ')}]`);
    }
    if (!Number.isInteger(iterations) || iterations < 1) throw new ExplainInputError(this.id, `iterations must be a positive integer, got ${iterations}`);
    const batchSize = resolveBatchSize(this.id, settings.batchSize);
    const targets = resolveTargets(this.id, this.model, images, { target: settings.target, batchSize });
    const baselineChoice = settings.baseline ?? 'blur';
    const baseline =
      baselineChoice === 'blur'
        ? gaussianBlur(images, settings.blurSigma ?? Math.max(1, Math.min(height, width) / 20))
        : (tf.fill(images.shape, baselineChoice) as tf.Tensor4D);
    const seed = settings.seed ?? 0;

    // A chunk optimises all scales of `perChunk` images together: rows = scales × images.
    const perChunk = Math.max(1, Math.floor(batchSize / scales.length));
    const chunks = batchRanges(batch, perChunk);
    const results: tf.Tensor3D[] = [];
    for (const [chunkIndex, [start, size]] of chunks.entries()) {
      // All scales' logits of an image in one row [Σ s²] of one variable: one Adam update per step.
      const offsets = scales.map((_, i) => scales.slice(0, i).reduce((sum, s) => sum + s * s, 0));
      const rowLength = scales.reduce((sum, s) => sum + s * s, 0);
      const values = new Float32Array(size * rowLength);
      for (let i = 0; i < size; i++) {
        scales.forEach((s, k) => {
          // One stream per (image, scale): an image's masks do not depend on how the run is batched.
          const random = seededRandom(streamKey(seed, `mdm-${start + i}-${s}`));
          for (let j = 0; j < s * s; j++) values[i * rowLength + offsets[k]! + j] = 0.1 * random.normal();
        });
      }
      const logits = tf.tidy(() => tf.variable(tf.tensor2d(values, [size, rowLength]), true));
      const adam = new Adam([logits], { learningRate });
      const image = tf.slice(images, start, size);
      const reference = tf.slice(baseline, start, size);
      const selector = targetSelector(Array.from({ length: scales.length }, () => targets.slice(start, start + size)).flat(), this.model.classes);
      // [scales·size, H, W, 1], scale-major: rows k·size … (k + 1)·size − 1 are scale k's masks.
      const masksOf = () =>
        tf.tidy(() => {
          const kept = tf.sigmoid(logits);
          const perScale = scales.map((s, k) => {
            const grid = tf.reshape(tf.slice(kept, [0, offsets[k]!], [size, s * s]), [size, s, s, 1]) as tf.Tensor4D;
            return tf.image.resizeBilinear(grid, [height, width], false, true);
          });
          return tf.concat(perScale, 0) as tf.Tensor4D;
        });
      const tiled = (x: tf.Tensor4D) => tf.tile(x, [scales.length, 1, 1, 1]) as tf.Tensor4D;
      for (let iteration = 0; iteration < iterations; iteration++) {
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => {
            const masks = masksOf();
            const perturbed = tf.add(tf.mul(tiled(image), masks), tf.mul(tiled(reference), tf.sub(1, masks))) as tf.Tensor4D;
            const logProbability = tf.sum(tf.mul(tf.logSoftmax(this.model.logits(perturbed)), selector), 1);
            const area = tf.mean(masks, [1, 2, 3]);
            const perRow = tf.add(tf.neg(logProbability), tf.add(tf.mul(area, areaWeight), tf.mul(totalVariation(masks), smoothnessWeight)));
            return tf.sum(perRow) as tf.Scalar;
          }, [logits]);
          adam.apply([grads[logits.name]]);
        });
        settings.onProgress?.(chunkIndex * iterations + iteration + 1, chunks.length * iterations);
      }
      results.push(
        tf.tidy(() => {
          const perScale = tf.reshape(masksOf(), [scales.length, size, height, width]);
          return tf.mean(perScale, 0) as tf.Tensor3D;
        }),
      );
      adam.dispose();
      tf.dispose([logits, image, reference, selector]);
    }
    baseline.dispose();
    const maps = tf.tidy(() => normaliseMinMax(results.length === 1 ? results[0]! : (tf.concat(results, 0) as tf.Tensor3D)));
    tf.dispose(results);
    return toHeatmaps(maps, targets, 'unit');
  }
}

export function createMdm(model: ExplainableModel, options: MdmOptions = {}): Mdm {
  return new Mdm(model, options);
}
