import * as tf from '@tensorflow/tfjs-core';
import { requireHooks } from './base-cam';
import { ExplainInputError, UnsupportedModelError } from './errors';
import type { AttributeOptions, ExplainableModel, Explainer, Heatmaps } from './explainer';
import { resolveTargets } from './targets';
import { normaliseMinMax, toHeatmaps, upsampleBilinear } from './upsample-normalise';

/** Explainers whose maps lie on the other view of a pair, not on the explained image. */
export const OTHER_VIEW_EXPLAINERS: readonly string[] = ['cross-attention'];

export interface CrossAttentionOptions {
  /**
   * A point of the main view in pixels (x right, y down): the map is the attention row of the feature
   * cell holding it — where the model looks from there. Default: the mean over every main-view cell.
   */
  query?: { x: number; y: number };
}

/**
 * Where a two-view model looks in the other view: the cross-attention weights of the main-view cells
 * (averaged over heads) — of the cell holding `query`, or averaged over all of them — on the other
 * view's grid, bilinearly upsampled to the image and min-max normalised. The map lies on the **other**
 * view (the one the model was bound to); it does not depend on the explained class. Needs a bound
 * two-view model.
 */
export class CrossAttentionMap implements Explainer {
  readonly id = 'cross-attention';

  constructor(
    private readonly model: ExplainableModel,
    private readonly options: CrossAttentionOptions = {},
  ) {}

  async attribute(images: tf.Tensor4D, options: AttributeOptions = {}): Promise<Heatmaps> {
    const hooks = requireHooks(this.id, this.model);
    const other = this.model.otherView;
    if (!other) throw new UnsupportedModelError(this.id, this.model.name ?? 'unnamed', 'second view (cross-attention maps come from two-view models such as multiview, on view pairs)');
    const [, height, width] = images.shape;
    const { query } = this.options;
    if (query && !(query.x >= 0 && query.x < width && query.y >= 0 && query.y < height)) {
      throw new ExplainInputError(this.id, `query (${query.x}, ${query.y}) lies outside the ${width} × ${height} main view`);
    }
    const targets = resolveTargets(this.id, this.model, images, { target: options.target, batchSize: images.shape[0] });
    const maps = tf.tidy(() => {
      const features = hooks.features(images);
      const weights = other.attention(features);
      const [b] = weights.shape;
      const rows = query ? tf.squeeze(tf.slice(weights, [0, queryCell(query, [height, width], [features.shape[1], features.shape[2]]), 0], [b, 1, -1]), [1]) : tf.mean(weights, 1);
      const looked = tf.reshape(rows, [b, other.grid[0], other.grid[1]]) as tf.Tensor3D;
      return normaliseMinMax(upsampleBilinear(looked, [height, width]));
    });
    return toHeatmaps(maps, targets, 'unit');
  }
}

/** Row-major index of the feature cell of an h × w grid that holds a pixel of an H × W image. */
export function queryCell(point: { x: number; y: number }, [height, width]: [number, number], [h, w]: [number, number]): number {
  const row = Math.min(h - 1, Math.floor((point.y * h) / height));
  const column = Math.min(w - 1, Math.floor((point.x * w) / width));
  return row * w + column;
}

export function createCrossAttentionMap(model: ExplainableModel, options: CrossAttentionOptions = {}): CrossAttentionMap {
  return new CrossAttentionMap(model, options);
}
