import * as tf from '@tensorflow/tfjs-core';
import type { MethodModel, PairExplainHooks } from '@protoscope/core-models';
import type { ExplainableModel } from './explainer';

/** A two-view model with its other view fixed to `other` [1, H, W, C]: every row of a batch is paired with it. */
function boundToOtherView(pair: PairExplainHooks, classes: number, other: tf.Tensor4D, name?: string): ExplainableModel & { dispose(): void } {
  if (other.shape[0] !== 1) throw new RangeError(`the other view must be one image, got a batch of ${other.shape[0]}`);
  const featuresOther = tf.keep(pair.features(other));
  const [, h, w] = featuresOther.shape;
  const repeat = (rows: number) => tf.tile(featuresOther, [rows, 1, 1, 1]) as tf.Tensor4D;
  const logitsFromFeatures = (features: tf.Tensor4D) => tf.tidy(() => pair.logitsFromFeatures(features, repeat(features.shape[0])));
  return {
    classes,
    name,
    hooks: { features: pair.features, logitsFromFeatures, receptiveField: pair.receptiveField },
    logits: (images) => tf.tidy(() => logitsFromFeatures(pair.features(images))),
    otherView: { attention: (features) => tf.tidy(() => pair.crossAttention(features, repeat(features.shape[0]))), grid: [h, w] },
    dispose: () => featuresOther.dispose(),
  };
}

/**
 * A trained method model as explanation methods see it: logits in inference mode and the model's
 * explain hooks. The forward pass wants labels; inference ignores them, so a batch of zeros stands in.
 * `name` (the method id) only makes error messages specific.
 */
export function explainableModel(model: MethodModel, classes: number, name?: string): ExplainableModel {
  const pair = model.pairExplain;
  return {
    ...(pair ? { bindOtherView: (other: tf.Tensor4D) => boundToOtherView(pair, classes, other, name) } : {}),
    classes,
    hooks: model.explain,
    name,
    // tidy frees the forward pass's extras (feature maps, distances); the tape keeps what gradients need.
    logits: (images) =>
      tf.tidy(() => model.forward({ images, labels: tf.zeros([images.shape[0]], 'int32') as tf.Tensor1D }, { training: false }).logits),
  };
}
