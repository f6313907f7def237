import * as tf from '@tensorflow/tfjs-core';
import { requireHooks } from './base-cam';
import { UnsupportedModelError } from './errors';
import type { AttributeOptions, ExplainableModel, Explainer, Heatmaps } from './explainer';
import { resolveTargets } from './targets';
import { normaliseMinMax, toHeatmaps, upsampleBilinear } from './upsample-normalise';

/** Explainers whose maps lie on the other view of a pair, not on the explained image. */
export const OTHER_VIEW_EXPLAINERS: readonly string[] = ['cross-attention'];

/**
 * Where a two-view model looks in the other view: the cross-attention weights of every main-view cell
 * (averaged over heads), averaged over the main view's cells, on the other view's grid — bilinearly
 * upsampled to the image and min-max normalised. The map lies on the **other** view (the one the model
 * was bound to); it does not depend on the explained class. Needs a bound two-view model.
 */
export class CrossAttentionMap implements Explainer {
  readonly id = 'cross-attention';

  constructor(private readonly model: ExplainableModel) {}

  async attribute(images: tf.Tensor4D, options: AttributeOptions = {}): Promise<Heatmaps> {
    const hooks = requireHooks(this.id, this.model);
    const other = this.model.otherView;
    if (!other) throw new UnsupportedModelError(this.id, this.model.name ?? 'unnamed', 'second view (cross-attention maps come from two-view models such as multiview, on view pairs)');
    const [, height, width] = images.shape;
    const targets = resolveTargets(this.id, this.model, images, { target: options.target, batchSize: images.shape[0] });
    const maps = tf.tidy(() => {
      const weights = other.attention(hooks.features(images));
      const [b] = weights.shape;
      const looked = tf.reshape(tf.mean(weights, 1), [b, other.grid[0], other.grid[1]]) as tf.Tensor3D;
      return normaliseMinMax(upsampleBilinear(looked, [height, width]));
    });
    return toHeatmaps(maps, targets, 'unit');
  }
}

export function createCrossAttentionMap(model: ExplainableModel): CrossAttentionMap {
  return new CrossAttentionMap(model);
}
