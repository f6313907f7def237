import * as tf from '@tensorflow/tfjs-core';
import type { ExplainHooks } from '@protoscope/core-models';
import { BaseCam, weighChannels, type CamInput } from './base-cam';
import { UnsupportedModelError } from './errors';
import type { ExplainableModel } from './explainer';

export interface HamOptions {
  /**
   * HAM's refinement of the normalised map: sigmoid(100·(A − 0.4)) (default true). False
   * gives the plain class activation map, which for a GAP + linear head is Grad-CAM's.
   */
  refine?: boolean;
}

/** HAM's refinement constants (oyxhust/HAM): maps ≥ 0.999 after it are its predicted boxes. */
export const HAM_SHARPNESS = 100;
export const HAM_THRESHOLD = 0.4;

/**
 * HAM's attention maps (Ouyang et al. 2021): the class activation map of the pooled linear head,
 * A_c = ReLU(Σ_k w_kc A_k) (bias left out, head weights fixed), bilinearly upsampled to the input,
 * min-max normalised, then sharpened to sigmoid(100·(A − 0.4)). Needs the model's `pooledClassifier`.
 */
export class Ham extends BaseCam<HamOptions> {
  readonly id = 'ham';

  protected override checkModel(hooks: ExplainHooks): void {
    if (!hooks.pooledClassifier) {
      throw new UnsupportedModelError(
        this.id,
        this.model.name ?? 'unnamed',
        'pooled linear classifier (a global-average-pooling + linear head) to take class weights from; use gradcam instead',
      );
    }
  }

  protected weightedMap({ features, targets, hooks }: CamInput): tf.Tensor3D {
    return tf.tidy(() => {
      const { weights, bias } = hooks.pooledClassifier!();
      bias.dispose();
      const perImage = tf.gather(tf.transpose(weights), tf.tensor1d(targets, 'int32')) as tf.Tensor2D;
      weights.dispose();
      return weighChannels(features, perImage);
    });
  }

  protected override refine(maps: tf.Tensor3D, options: HamOptions): tf.Tensor3D {
    if (options.refine === false) return tf.clone(maps);
    return tf.tidy(() => tf.sigmoid(tf.mul(tf.sub(maps, HAM_THRESHOLD), HAM_SHARPNESS)) as tf.Tensor3D);
  }
}

export function createHam(model: ExplainableModel, options: HamOptions = {}): Ham {
  return new Ham(model, options);
}
