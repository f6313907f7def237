import * as tf from '@tensorflow/tfjs-core';
import { mapInBatches } from './batches';
import { ExplainInputError } from './errors';
import type { AttributeOptions, ExplainableModel } from './explainer';

/** Each image's predicted class (argmax of its logits), computed `batchSize` images at a time. */
export function predictedClasses(model: ExplainableModel, images: tf.Tensor4D, batchSize: number): number[] {
  const predicted = mapInBatches(images.shape[0], batchSize, (start, size) =>
    tf.tidy(() => tf.argMax(model.logits(tf.slice(images, start, size)), 1)),
  );
  const classes = Array.from(predicted.dataSync());
  predicted.dispose();
  return classes;
}

/**
 * The classes the caller asked for, checked — one per image — or undefined when `target` is absent
 * (then each image is explained for its predicted class, which the method computes as it goes).
 */
export function requestedTargets(method: string, target: AttributeOptions['target'], batch: number, classes: number): number[] | undefined {
  if (target === undefined) return undefined;
  const targets = typeof target === 'number' ? new Array<number>(batch).fill(target) : [...target];
  if (targets.length !== batch) {
    throw new ExplainInputError(method, `got ${targets.length} targets for ${batch} images; give one class, or one per image`);
  }
  targets.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0 || t >= classes) {
      throw new ExplainInputError(method, `target ${t} of image ${i} is not a class index in [0, ${classes - 1}]`);
    }
  });
  return targets;
}

/** The class each image is explained for: as requested, or (default) the model's predicted class. */
export function resolveTargets(
  method: string,
  model: ExplainableModel,
  images: tf.Tensor4D,
  options: Pick<AttributeOptions, 'target'> & { batchSize: number },
): number[] {
  return (
    requestedTargets(method, options.target, images.shape[0], model.classes) ?? predictedClasses(model, images, options.batchSize)
  );
}

/**
 * [N, classes] float matrix with a 1 at each row's target: multiplied with logits and summed over classes
 * it picks each row's target score. (tf.oneHot refuses a depth of 1, which a single-logit model has.)
 */
export function targetSelector(targets: readonly number[], classes: number): tf.Tensor2D {
  const values = new Float32Array(targets.length * classes);
  targets.forEach((t, i) => (values[i * classes + t] = 1));
  return tf.tensor2d(values, [targets.length, classes]);
}
