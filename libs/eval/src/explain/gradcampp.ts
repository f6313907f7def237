import * as tf from '@tensorflow/tfjs-core';
import { BaseCam, weighChannels, type CamInput } from './base-cam';
import type { ExplainableModel } from './explainer';

/** Keeps α finite where the denominator vanishes (pytorch-grad-cam's value). */
const EPSILON = 1e-6;

/**
 * Grad-CAM++ (Chattopadhay et al.), in the closed form for an exponential output that pytorch-grad-cam
 * uses: with g = ∂y_c/∂A^k_ij, α^k_ij = g² / (2g² + (Σ_ab A^k_ab)·g³ + ε), and α = 0 where g = 0;
 * w_k = Σ_ij α^k_ij · ReLU(g); map = ReLU(Σ_k w_k A^k).
 */
export class GradCamPlusPlus extends BaseCam {
  readonly id = 'gradcampp';

  protected weightedMap({ features, gradients }: CamInput): tf.Tensor3D {
    return tf.tidy(() => {
      const g = gradients();
      const g2 = tf.square(g);
      const g3 = tf.mul(g2, g);
      const channelSums = tf.sum(features, [1, 2], true);
      const alpha = tf.div(g2, tf.add(tf.add(tf.mul(g2, 2), tf.mul(channelSums, g3)), EPSILON));
      const alphaWhereGradient = tf.where(tf.notEqual(g, 0), alpha, tf.zerosLike(alpha));
      const weights = tf.sum(tf.mul(alphaWhereGradient, tf.relu(g)), [1, 2]) as tf.Tensor2D;
      return weighChannels(features, weights);
    });
  }
}

export function createGradCamPlusPlus(model: ExplainableModel): GradCamPlusPlus {
  return new GradCamPlusPlus(model, {});
}
