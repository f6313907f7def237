import * as tf from '@tensorflow/tfjs-core';

/** Rows scaled to unit L2 length. */
export function l2Rows<T extends tf.Tensor>(x: T, epsilon = 1e-12): T {
  return tf.tidy(() => tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), -1, true), epsilon))) as T);
}

/**
 * MoCo's InfoNCE: for each query q_i (unit length), the positive is its own key k_i and the negatives
 * are the queue's keys; −log softmax of q_i·k_i / T among [q_i·k_i, q_i·queue_j / T …]. Per row [B].
 */
export function infoNce(queries: tf.Tensor2D, keys: tf.Tensor2D, queue: tf.Tensor2D, temperature: number): tf.Tensor1D {
  return tf.tidy(() => {
    const positive = tf.sum(tf.mul(queries, keys), 1, true);
    const negatives = tf.matMul(queries, queue, false, true);
    const logits = tf.div(tf.concat([positive, negatives], 1), temperature);
    return tf.neg(tf.squeeze(tf.slice(tf.logSoftmax(logits), [0, 0], [-1, 1]), [1])) as tf.Tensor1D;
  });
}

/**
 * Cosine logits with an additive margin: scale·(cos(z, w_k) − margin·[k = target]·marginRows), for
 * unit-length rows z [B, D] and class vectors w [K, D] (normalised here). `marginRows` [B] says
 * which rows get the margin (1) and which not (0).
 */
export function marginCosineLogits(z: tf.Tensor2D, classVectors: tf.Tensor2D, targets: tf.Tensor2D, marginRows: tf.Tensor1D, margin: number, scale: number): tf.Tensor2D {
  return tf.tidy(() => {
    const cosine = tf.matMul(z, l2Rows(classVectors), false, true);
    const penalty = tf.mul(targets, tf.mul(tf.expandDims(marginRows, 1), margin));
    return tf.mul(tf.sub(cosine, penalty), scale) as tf.Tensor2D;
  });
}

/** Cross-entropy per row [B] of logits against target distributions (one-hot or soft) [B, K]. */
export function rowCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1)) as tf.Tensor1D);
}

/** Mean of `values` [B] over the rows where `mask` [B] is 1 (0 when no row is). */
export function maskedMean(values: tf.Tensor1D, mask: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(tf.mul(values, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar);
}

/**
 * FoPro's classifier loss per row: gt·CE(logits, hard target) + (1 − gt)·CE(logits, soft target),
 * gt = the soft target's score at the hard target (confident rows learn their label, doubtful ones
 * the soft mixture).
 */
export function hardSoftCrossEntropy(logits: tf.Tensor2D, hard: tf.Tensor2D, soft: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const gt = tf.sum(tf.mul(soft, hard), 1);
    return tf.add(tf.mul(gt, rowCrossEntropy(logits, hard)), tf.mul(tf.sub(1, gt), rowCrossEntropy(logits, soft))) as tf.Tensor1D;
  });
}
