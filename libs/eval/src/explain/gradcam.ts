import * as tf from '@tensorflow/tfjs-core';
import { BaseCam, weighChannels, type CamInput } from './base-cam';
import type { ExplainableModel } from './explainer';

/** Grad-CAM (Selvaraju et al.): w_k = mean_ij ∂y_c/∂A^k_ij; map = ReLU(Σ_k w_k A^k). */
export class GradCam extends BaseCam {
  readonly id = 'gradcam';

  protected weightedMap({ features, gradients }: CamInput): tf.Tensor3D {
    return tf.tidy(() => weighChannels(features, tf.mean(gradients(), [1, 2]) as tf.Tensor2D));
  }
}

export function createGradCam(model: ExplainableModel): GradCam {
  return new GradCam(model, {});
}
