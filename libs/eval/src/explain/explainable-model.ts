import * as tf from '@tensorflow/tfjs-core';
import type { MethodModel } from '@protoscope/core-models';
import type { ExplainableModel } from './explainer';

/**
 * A trained method model as explanation methods see it: logits in inference mode and the model's
 * explain hooks. The forward pass wants labels; inference ignores them, so a batch of zeros stands in.
 * `name` (the method id) only makes error messages specific.
 */
export function explainableModel(model: MethodModel, classes: number, name?: string): ExplainableModel {
  return {
    classes,
    hooks: model.explain,
    name,
    // tidy frees the forward pass's extras (feature maps, distances); the tape keeps what gradients need.
    logits: (images) =>
      tf.tidy(() => model.forward({ images, labels: tf.zeros([images.shape[0]], 'int32') as tf.Tensor1D }, { training: false }).logits),
  };
}
