import * as tf from '@tensorflow/tfjs-core';

/** HAM's refinement and soft-mask constants (methods reference §6). */
export const HAM_REFINE = { sharpness: 100, threshold: 0.4 } as const;
export const HAM_SOFT_MASK = { sharpness: 100, threshold: 0.75 } as const;
const EPS = 1e-6;

/** Each map [N, h, w] scaled to [0, 1] by its own min and max (a flat map becomes 0). */
export function minMaxPerMap(maps: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const lo = tf.min(maps, [1, 2], true);
    const hi = tf.max(maps, [1, 2], true);
    return tf.div(tf.sub(maps, lo), tf.add(tf.sub(hi, lo), EPS)) as tf.Tensor3D;
  });
}

/** HAM's refined attention: bilinear to `size`, per-map min-max, then sigmoid(100·(A − 0.4)). Maps [N, h, w]. */
export function refineMaps(maps: tf.Tensor3D, size: readonly [number, number]): tf.Tensor3D {
  return tf.tidy(() => {
    const up = tf.squeeze(tf.image.resizeBilinear(tf.expandDims(maps, 3) as tf.Tensor4D, [size[0], size[1]], false, true), [3]) as tf.Tensor3D;
    return tf.sigmoid(tf.mul(tf.sub(minMaxPerMap(up), HAM_REFINE.threshold), HAM_REFINE.sharpness)) as tf.Tensor3D;
  });
}

/** Binary cross-entropy on logits, averaged over the entries where `known` is 1 (0 when none is). */
export function maskedBinaryCrossEntropy(logits: tf.Tensor, targets: tf.Tensor, known: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    // softplus(z) − t·z = −[t·log σ(z) + (1 − t)·log(1 − σ(z))], stable for large |z|.
    const perEntry = tf.sub(tf.softplus(logits), tf.mul(targets, logits));
    return tf.div(tf.sum(tf.mul(perEntry, known)), tf.maximum(tf.sum(known), 1)) as tf.Scalar;
  });
}

/**
 * HAM's box loss: for every (image, finding) that has a ground-truth box,
 * Σ(Â − M)² / Σ(Â + M) over pixels (Â the refined map, M the filled boxes), averaged over those
 * pairs; 0 when the batch has none, so images without boxes still train on the other terms.
 * refined, boxes: [B, H, W, F]; boxKnown: [B, F].
 */
export function boxLoss(refined: tf.Tensor4D, boxes: tf.Tensor4D, boxKnown: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const numerator = tf.sum(tf.square(tf.sub(refined, boxes)), [1, 2]);
    const denominator = tf.add(tf.sum(tf.add(refined, boxes), [1, 2]), EPS);
    return tf.div(tf.sum(tf.mul(tf.div(numerator, denominator), boxKnown)), tf.maximum(tf.sum(boxKnown), 1)) as tf.Scalar;
  });
}

/**
 * How much of `inner` lies outside `container`, per map pair [N, h, w] → [N], in [0, 1]:
 * (ΣA − Σ min(A, C)·σ(C̃)) / ΣA, where C̃ is the container min-max normalised and
 * σ(x) = sigmoid(100·(x − 0.75)) its soft core. 0 when A is under C and only where C is strong;
 * 1 when the two do not overlap. An empty inner map counts 0 (nothing lies outside).
 */
export function outsideFraction(inner: tf.Tensor3D, container: tf.Tensor3D): tf.Tensor1D {
  return tf.tidy(() => {
    const core = tf.sigmoid(tf.mul(tf.sub(minMaxPerMap(container), HAM_SOFT_MASK.threshold), HAM_SOFT_MASK.sharpness));
    const mass = tf.sum(inner, [1, 2]);
    const covered = tf.sum(tf.mul(tf.minimum(inner, container), core), [1, 2]);
    return tf.div(tf.sub(mass, covered), tf.add(mass, EPS)) as tf.Tensor1D;
  });
}

/**
 * The first ordinal constraint: each positive finding's map inside the abnormal map. Mean of
 * outsideFraction(A_c, A_abn) over the (image, finding) pairs labelled positive; 0 when none.
 * findingMaps [B, h, w, F], abnormalMap [B, h, w], positives [B, F] (0/1).
 */
export function boundLoss(findingMaps: tf.Tensor4D, abnormalMap: tf.Tensor3D, positives: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const [b, h, w, f] = findingMaps.shape;
    const inner = tf.reshape(tf.transpose(findingMaps, [0, 3, 1, 2]), [b * f, h, w]) as tf.Tensor3D;
    const container = tf.reshape(tf.tile(tf.expandDims(abnormalMap, 1), [1, f, 1, 1]), [b * f, h, w]) as tf.Tensor3D;
    const gates = tf.reshape(positives, [b * f]);
    return tf.div(tf.sum(tf.mul(outsideFraction(inner, container), gates)), tf.maximum(tf.sum(gates), 1)) as tf.Scalar;
  });
}

/**
 * The second ordinal constraint: the abnormal map covered by the union (pixel-wise max) of the
 * positive findings' maps. Mean of outsideFraction(A_abn, max_c A_c) over images with at least
 * one positive finding; 0 when none has.
 */
export function unionLoss(findingMaps: tf.Tensor4D, abnormalMap: tf.Tensor3D, positives: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const [b, , , f] = findingMaps.shape;
    // Maps are ReLU outputs (≥ 0), so zeroing the negatives' maps leaves the max over positives.
    const union = tf.max(tf.mul(findingMaps, tf.reshape(positives, [b, 1, 1, f])), 3) as tf.Tensor3D;
    const gates = tf.cast(tf.greater(tf.sum(positives, 1), 0), 'float32');
    return tf.div(tf.sum(tf.mul(outsideFraction(abnormalMap, union), gates)), tf.maximum(tf.sum(gates), 1)) as tf.Scalar;
  });
}
