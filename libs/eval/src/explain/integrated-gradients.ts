import * as tf from '@tensorflow/tfjs-core';
import { batchRanges, mapInBatches, resolveBatchSize } from './batches';
import { ExplainInputError } from './errors';
import type { AttributeOptions, ExplainableModel, Explainer, Heatmaps } from './explainer';
import { gaussLegendre } from './gauss-legendre';
import { resolveTargets, targetSelector } from './targets';
import { toHeatmaps } from './upsample-normalise';

export interface IntegratedGradientsOptions {
  /** Quadrature nodes along the path (Captum's `n_steps`, default 50). */
  steps?: number;
  /** The reference input x': a number, or a tensor broadcastable to the images (default 0, Captum's). */
  baseline?: number | tf.Tensor;
}

/** A reference input the shape of `images`. */
export function broadcastBaseline(method: string, baseline: number | tf.Tensor | undefined, images: tf.Tensor4D): tf.Tensor4D {
  if (baseline === undefined || typeof baseline === 'number') return tf.fill(images.shape, baseline ?? 0) as tf.Tensor4D;
  try {
    return tf.broadcastTo(baseline, images.shape) as tf.Tensor4D;
  } catch {
    throw new ExplainInputError(method, `baseline of shape [${baseline.shape.join(', ')}] does not broadcast to the images [${images.shape.join(', ')}]`);
  }
}

/** The target logit of each image, `batchSize` images at a time → [B]. */
export function targetLogits(model: ExplainableModel, images: tf.Tensor4D, targets: number[], batchSize: number): tf.Tensor1D {
  return mapInBatches(images.shape[0], batchSize, (start, size) =>
    tf.tidy(() => {
      const selector = targetSelector(targets.slice(start, start + size), model.classes);
      return tf.sum(tf.mul(model.logits(tf.slice(images, start, size)), selector), 1) as tf.Tensor1D;
    }),
  );
}

/**
 * Integrated Gradients (Sundararajan et al.) with Captum's defaults: IG_i = (x_i − x'_i)·∫₀¹ ∂f(x' + α(x − x'))/∂x_i dα
 * for the target logit f, the integral by 50-node Gauss–Legendre quadrature, baseline x' = 0. Maps are
 * the attributions summed over channels, signed and in logit units; `convergenceDelta` holds, per image,
 * Σ IG − (f(x) − f(x')) (completeness says it is 0). Every (image, node) pair is one row of a forward
 * batch, so a batch can mix images.
 */
export class IntegratedGradients implements Explainer {
  readonly id = 'ig';

  constructor(
    private readonly model: ExplainableModel,
    private readonly defaults: IntegratedGradientsOptions = {},
  ) {}

  async attribute(images: tf.Tensor4D, options: AttributeOptions & IntegratedGradientsOptions = {}): Promise<Heatmaps> {
    const settings = { ...this.defaults, ...options };
    const steps = settings.steps ?? 50;
    if (!Number.isInteger(steps) || steps < 1) throw new ExplainInputError(this.id, `steps must be a positive integer, got ${steps}`);
    const batchSize = resolveBatchSize(this.id, settings.batchSize);
    const batch = images.shape[0];
    const targets = resolveTargets(this.id, this.model, images, { target: settings.target, batchSize });
    const { nodes, weights } = gaussLegendre(steps);
    const baseline = broadcastBaseline(this.id, settings.baseline, images);
    const difference = tf.sub(images, baseline) as tf.Tensor4D;

    // Row r is image ⌊r / steps⌋ at node r mod steps.
    const rows = batch * steps;
    let integral = tf.zerosLike(images) as tf.Tensor4D;
    for (const [start, size] of batchRanges(rows, batchSize)) {
      const next = tf.tidy(() => {
        const rowImages = Array.from({ length: size }, (_, i) => Math.floor((start + i) / steps));
        const rowNodes = Array.from({ length: size }, (_, i) => nodes[(start + i) % steps]!);
        const rowWeights = Array.from({ length: size }, (_, i) => weights[(start + i) % steps]!);
        const imageIndex = tf.tensor1d(rowImages, 'int32');
        const alpha = tf.reshape(tf.tensor1d(rowNodes), [size, 1, 1, 1]);
        const path = tf.add(tf.gather(baseline, imageIndex), tf.mul(alpha, tf.gather(difference, imageIndex))) as tf.Tensor4D;
        const selector = targetSelector(rowImages.map((b) => targets[b]!), this.model.classes);
        // Rows do not interact in inference mode, so one gradient of the summed target logits gives each row its own.
        const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(this.model.logits(x as tf.Tensor4D), selector)))(path);
        const weighted = tf.mul(tf.reshape(gradient, [size, -1]), tf.reshape(tf.tensor1d(rowWeights), [size, 1]));
        // Σ over the rows of each image: the [rows, B] indicator of row → image, transposed, times the weighted gradients.
        const perImage = tf.matMul(targetSelector(rowImages, batch), weighted, true);
        return tf.add(integral, tf.reshape(perImage, images.shape)) as tf.Tensor4D;
      });
      integral.dispose();
      integral = next;
      settings.onProgress?.(start + size, rows);
    }

    const [maps, delta] = tf.tidy(() => {
      const attributions = tf.mul(difference, integral);
      const total = tf.sum(attributions, [1, 2, 3]);
      const gain = tf.sub(targetLogits(this.model, images, targets, batchSize), targetLogits(this.model, baseline, targets, batchSize));
      return [tf.sum(attributions, 3) as tf.Tensor3D, tf.sub(total, gain)];
    });
    tf.dispose([integral, baseline, difference]);
    const convergenceDelta = Array.from((await delta.data()) as Float32Array);
    delta.dispose();
    return toHeatmaps(maps, targets, 'signed', { convergenceDelta });
  }
}

export function createIntegratedGradients(model: ExplainableModel, options: IntegratedGradientsOptions = {}): IntegratedGradients {
  return new IntegratedGradients(model, options);
}
