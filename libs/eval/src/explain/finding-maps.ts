import * as tf from '@tensorflow/tfjs-core';
import { requireHooks } from './base-cam';
import { batchRanges, resolveBatchSize } from './batches';
import { ExplainInputError, UnsupportedModelError } from './errors';
import type { AttributeOptions, ExplainableModel, Explainer, Heatmaps } from './explainer';
import { resolveTargets } from './targets';
import { normaliseMinMax, toHeatmaps, upsampleBilinear } from './upsample-normalise';

export interface FindingMapOptions {
  /** Index of the finding whose map to give; absent = the union (pixel-wise max) of every finding's map. */
  finding?: number;
}

/**
 * The model's own map of a finding (HAM's per-disease attention, lesion-linked's lesion activation
 * maps), bilinearly upsampled to the input. Probability maps keep their values (a cell's presence
 * probability, so ≥ 0.5 is the weak segmentation); activation maps are min-max normalised per image.
 * The map does not depend on the explained class; the targets are recorded as for any method.
 */
export class FindingMaps implements Explainer {
  readonly id = 'finding-maps';

  constructor(
    private readonly model: ExplainableModel,
    private readonly defaults: FindingMapOptions,
  ) {}

  async attribute(images: tf.Tensor4D, options: AttributeOptions & FindingMapOptions = {}): Promise<Heatmaps> {
    const settings = { ...this.defaults, ...options };
    const hooks = requireHooks(this.id, this.model);
    const own = hooks.findingMaps;
    if (!own) throw new UnsupportedModelError(this.id, this.model.name ?? 'unnamed', 'maps of its own per finding (methods ham and lesion-linked have them)');
    const { finding } = settings;
    if (finding !== undefined && !(Number.isInteger(finding) && finding >= 0 && finding < own.names.length)) {
      throw new ExplainInputError(this.id, `finding ${finding} is not an index of the model's findings (0–${own.names.length - 1}: ${own.names.join(', ')})`);
    }
    const [batch, height, width] = images.shape;
    const batchSize = resolveBatchSize(this.id, settings.batchSize);
    const targets = resolveTargets(this.id, this.model, images, { target: settings.target, batchSize });
    const chunks = batchRanges(batch, batchSize).map(([start, size]) =>
      tf.tidy(() => {
        const maps = own.maps(hooks.features(tf.slice(images, start, size)));
        const chosen = (finding === undefined ? tf.max(maps, 3) : tf.squeeze(tf.slice(maps, [0, 0, 0, finding], [-1, -1, -1, 1]), [3])) as tf.Tensor3D;
        const up = upsampleBilinear(chosen, [height, width]);
        settings.onProgress?.(start + size, batch);
        return own.scale === 'probability' ? (tf.clipByValue(up, 0, 1) as tf.Tensor3D) : normaliseMinMax(tf.relu(up) as tf.Tensor3D);
      }),
    );
    const maps = chunks.length === 1 ? chunks[0]! : (tf.concat(chunks, 0) as tf.Tensor3D);
    if (chunks.length > 1) chunks.forEach((chunk) => chunk.dispose());
    return toHeatmaps(maps, targets, 'unit');
  }
}

export function createFindingMaps(model: ExplainableModel, options: FindingMapOptions = {}): FindingMaps {
  return new FindingMaps(model, options);
}
