import * as tf from '@tensorflow/tfjs-core';

/**
 * Squared L2 distances between every latent cell z[b,h,w,:] and every 1×1 prototype p_j, as ProtoPNet
 * computes them: ‖z‖² − 2·z·p + ‖p‖², clamped at 0 against rounding. One GEMM instead of M
 * convolutions. Returns [B, H, W, M].
 */
export function prototypeDistances(latent: tf.Tensor4D, prototypes: tf.Tensor2D): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, d] = latent.shape;
    const flat = tf.reshape(latent, [b * h * w, d]);
    const zz = tf.sum(tf.square(flat), 1, true);
    const pp = tf.sum(tf.square(prototypes), 1);
    const cross = tf.matMul(flat, prototypes, false, true);
    return tf.reshape(tf.relu(tf.add(tf.sub(zz, tf.mul(cross, 2)), pp)), [b, h, w, prototypes.shape[0]]) as tf.Tensor4D;
  });
}

/** Min-pooling over the grid: each prototype's distance to its nearest latent cell, [B, M]. */
export function minDistances(distances: tf.Tensor4D): tf.Tensor2D {
  const [b, h, w, m] = distances.shape;
  return tf.min(tf.reshape(distances, [b, h * w, m]), 1) as tf.Tensor2D;
}

/** ProtoPNet's similarity: log((d + 1) / (d + ε)) — large for small distances, 0 as d → ∞. */
export function logSimilarity(distances: tf.Tensor, epsilon = 1e-4): tf.Tensor {
  return tf.tidy(() => tf.log(tf.div(tf.add(distances, 1), tf.add(distances, epsilon))));
}
