import * as tf from '@tensorflow/tfjs-core';
import { BaseCam, type CamInput } from './base-cam';
import type { ExplainableModel } from './explainer';

/**
 * Layer-CAM (Jiang et al.): every cell weighs its own features by their positive gradient, so the map
 * keeps the detail a channel-wide weight averages away: map_ij = ReLU(Σ_k ReLU(g^k_ij) · A^k_ij).
 */
export class LayerCam extends BaseCam {
  readonly id = 'layercam';

  protected weightedMap({ features, gradients }: CamInput): tf.Tensor3D {
    return tf.tidy(() => tf.sum(tf.mul(tf.relu(gradients()), features), 3) as tf.Tensor3D);
  }
}

export function createLayerCam(model: ExplainableModel): LayerCam {
  return new LayerCam(model, {});
}
