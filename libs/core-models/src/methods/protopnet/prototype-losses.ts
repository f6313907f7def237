import * as tf from '@tensorflow/tfjs-core';

/**
 * [B, M] mask: 1 where prototype j belongs to image i's class. `prototypeClass` is the fixed
 * one-hot identity [M, K]; labels are int32 [B].
 */
export function ownClassMask(labels: tf.Tensor1D, prototypeClass: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(tf.oneHot(labels, prototypeClass.shape[1]), prototypeClass, false, true) as tf.Tensor2D);
}

/**
 * Mean over the batch of the smallest distance among the masked prototypes — ProtoPNet computes it as
 * maxDist − max((maxDist − d)·mask) so that masked-out prototypes can never win.
 * With the own-class mask it is the cluster cost; with its complement, the separation cost.
 */
export function nearestMaskedDistance(minDistances: tf.Tensor2D, mask: tf.Tensor2D, maxDist: number): tf.Scalar {
  return tf.tidy(() => {
    const inverted = tf.mul(tf.sub(maxDist, minDistances), mask);
    return tf.mean(tf.sub(maxDist, tf.max(inverted, 1))) as tf.Scalar;
  });
}

/** L1 norm of the last layer's wrong-class connections (weights [M, K]; identity [M, K]). */
export function wrongClassL1(lastLayer: tf.Tensor2D, prototypeClass: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.abs(tf.mul(lastLayer, tf.sub(1, prototypeClass)))) as tf.Scalar);
}

/** The fixed prototype → class identity [M, K]: prototype j belongs to class ⌊j / perClass⌋. */
export function prototypeClassIdentity(classes: number, perClass: number): tf.Tensor2D {
  const values = new Float32Array(classes * perClass * classes);
  for (let j = 0; j < classes * perClass; j++) values[j * classes + Math.floor(j / perClass)] = 1;
  return tf.tensor2d(values, [classes * perClass, classes]);
}

/** ProtoPNet's last-layer start: +1 to the own class, −0.5 (`incorrectStrength`) to the others. */
export function initialLastLayer(prototypeClass: tf.Tensor2D, incorrectStrength = -0.5): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(prototypeClass, 1 - incorrectStrength), incorrectStrength) as tf.Tensor2D);
}
