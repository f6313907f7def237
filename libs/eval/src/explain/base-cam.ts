import * as tf from '@tensorflow/tfjs-core';
import type { ExplainHooks } from '@protoscope/core-models';
import { batchRanges, resolveBatchSize } from './batches';
import { UnsupportedModelError } from './errors';
import type { AttributeOptions, ExplainableModel, Explainer, Heatmaps } from './explainer';
import { requestedTargets, targetSelector } from './targets';
import { normaliseMinMax, toHeatmaps, upsampleBilinear } from './upsample-normalise';

/** What a CAM variant gets to weigh: one chunk of images at the model's last feature layer. */
export interface CamInput {
  /** Feature maps A [B, h, w, C]. */
  features: tf.Tensor4D;
  /** ∂y_target/∂A [B, h, w, C] of each image's target logit; computed on first call only. */
  gradients(): tf.Tensor4D;
  /** Each image's target class. */
  targets: number[];
  hooks: ExplainHooks;
}

/** The model's explain hooks, or an error that says the method needs them. */
export function requireHooks(method: string, model: ExplainableModel): ExplainHooks {
  if (!model.hooks) {
    throw new UnsupportedModelError(
      method,
      model.name ?? 'unnamed',
      'explain hooks (a feature layer to weigh); use a model-agnostic method (rise, occlusion, mdm, ig)',
    );
  }
  return model.hooks;
}

/** Σ_k w_bk · A_bijk: the channels of each image's features weighed by its row of `weights` [B, C] → [B, h, w]. */
export function weighChannels(features: tf.Tensor4D, weights: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, , , channels] = features.shape;
    return tf.sum(tf.mul(features, tf.reshape(weights, [batch, 1, 1, channels])), 3) as tf.Tensor3D;
  });
}

/**
 * Class activation maps in the manner of pytorch-grad-cam: this class splits the model at its feature
 * layer, takes the gradient of the target logit there (tfjs differentiates with respect to a function's
 * inputs, hence the hooks), applies the ReLU, upsamples to the input (bilinear, half-pixel centres) and
 * min-max normalises; a variant says only how it combines features and gradients into one map per image.
 * `Options` are the variant's own settings, given at construction and overridable per call.
 */
export abstract class BaseCam<Options extends object = object> implements Explainer {
  abstract readonly id: string;

  constructor(
    protected readonly model: ExplainableModel,
    protected readonly defaults: Options,
  ) {}

  /** The per-cell map before the ReLU [B, h, w] (Grad-CAM: Σ_k w_k A_k). */
  protected abstract weightedMap(input: CamInput, options: Options): tf.Tensor3D;

  /** Work after normalisation (HAM's sharpening), if the variant has any. */
  protected refine?(maps: tf.Tensor3D, options: Options): tf.Tensor3D;

  /** Checks the model has what the variant needs, before any work; throws `UnsupportedModelError`. */
  protected checkModel?(hooks: ExplainHooks): void;

  async attribute(images: tf.Tensor4D, options: AttributeOptions & Partial<Options> = {}): Promise<Heatmaps> {
    const settings = { ...this.defaults, ...options } as Options & AttributeOptions;
    const hooks = requireHooks(this.id, this.model);
    this.checkModel?.(hooks);
    const [batch, height, width] = images.shape;
    const batchSize = resolveBatchSize(this.id, settings.batchSize);
    const requested = requestedTargets(this.id, settings.target, batch, this.model.classes);
    const targets: number[] = [];
    const chunks = batchRanges(batch, batchSize).map(([start, size]) =>
      tf.tidy(() => {
        const features = hooks.features(tf.slice(images, start, size));
        const chunkTargets = requested?.slice(start, start + size) ?? Array.from(tf.argMax(hooks.logitsFromFeatures(features), 1).dataSync());
        targets.push(...chunkTargets);
        const selector = targetSelector(chunkTargets, this.model.classes);
        // Images do not interact in inference mode, so the gradient of Σ_b y_b,target_b gives every image its own.
        const targetSum = (a: tf.Tensor) => tf.sum(tf.mul(hooks.logitsFromFeatures(a as tf.Tensor4D), selector));
        let gradients: tf.Tensor4D | undefined;
        const input: CamInput = {
          features,
          targets: chunkTargets,
          hooks,
          gradients: () => (gradients ??= tf.grad(targetSum)(features) as tf.Tensor4D),
        };
        const cam = tf.relu(this.weightedMap(input, settings)) as tf.Tensor3D;
        const normalised = normaliseMinMax(upsampleBilinear(cam, [height, width]));
        const maps = this.refine ? this.refine(normalised, settings) : normalised;
        settings.onProgress?.(start + size, batch);
        return maps;
      }),
    );
    const maps = chunks.length === 1 ? chunks[0]! : (tf.concat(chunks, 0) as tf.Tensor3D);
    if (chunks.length > 1) chunks.forEach((chunk) => chunk.dispose());
    return toHeatmaps(maps, targets, 'unit');
  }
}
