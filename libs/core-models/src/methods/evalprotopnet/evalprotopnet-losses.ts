import * as tf from '@tensorflow/tfjs-core';
import { nearestMaskedDistance, ownClassMask } from '../protopnet/prototype-losses';
import { stopGradient } from '../stop-gradient';

/** x / √(Σx² + ε) along the last axis: unit rows, and all-zero rows stay zero (with a finite gradient). */
export function l2Normalize<T extends tf.Tensor>(x: T, epsilon = 1e-12): T {
  return tf.tidy(() => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), -1, true), epsilon))) as T);
}

/** What the cosine prototype layer gives for a latent map [B, h, w, D] and prototypes [M, D]. */
export interface CosinePrototypeOutput {
  /** z·p̂_j per cell, [B, h, w, M] — a 1×1 convolution of the (un-normalised) latent map with the unit prototypes. */
  activationMaps: tf.Tensor4D;
  /** Class evidence: the global max of each map, [B, M]. */
  activations: tf.Tensor2D;
  /** −max over cells of cos(z, p̂_j), [B, M] (what the cluster and separation costs use). */
  cosineDistances: tf.Tensor2D;
}

/**
 * EvalProtoPNet's prototype layer. The prototypes are normalised here (whatever the stored vectors),
 * the latent cells only for the cosine distances — the activation maps keep z's length, as the reference.
 */
export function cosinePrototypeLayer(latent: tf.Tensor4D, prototypes: tf.Tensor2D, epsilon = 1e-12): CosinePrototypeOutput {
  return tf.tidy(() => {
    const [b, h, w, d] = latent.shape;
    const m = prototypes.shape[0];
    const cells = tf.reshape(latent, [b * h * w, d]);
    const projections = tf.matMul(cells, l2Normalize(prototypes, epsilon), false, true); // [B·h·w, M]
    const cosines = tf.div(projections, tf.sqrt(tf.add(tf.sum(tf.square(cells), 1, true), epsilon)));
    return {
      activationMaps: tf.reshape(projections, [b, h, w, m]) as tf.Tensor4D,
      activations: tf.max(tf.reshape(projections, [b, h * w, m]), 1) as tf.Tensor2D,
      cosineDistances: tf.neg(tf.max(tf.reshape(cosines, [b, h * w, m]), 1)) as tf.Tensor2D,
    };
  });
}

/**
 * ProtoPNet's cluster and separation costs on cosine distances: the batch means of each image's
 * smallest distance to an own-class and to an other-class prototype. Distances lie in [−1, 1], so 1
 * serves as the "max distance" of ProtoPNet's masked minimum (any bound ≥ 1 gives the same values).
 */
export function cosineClusterSeparation(cosineDistances: tf.Tensor2D, labels: tf.Tensor1D, prototypeClass: tf.Tensor2D): { cluster: tf.Scalar; separation: tf.Scalar } {
  return tf.tidy(() => {
    const own = ownClassMask(labels, prototypeClass);
    return {
      cluster: nearestMaskedDistance(cosineDistances, own, 1),
      separation: nearestMaskedDistance(cosineDistances, tf.sub(1, own) as tf.Tensor2D, 1),
    };
  });
}

/**
 * SA's per-prototype weights [M]: for each class, the softmax of `a` over that class's `perClass`
 * prototypes (j ∈ class ⌊j / perClass⌋), times `perClass` — so a class's weights sum to `perClass`
 * and start at 1 each when a = 1.
 */
export function scoreAggregationWeights(a: tf.Tensor1D, perClass: number): tf.Tensor1D {
  return tf.tidy(() => {
    const classes = a.shape[0] / perClass;
    return tf.reshape(tf.mul(tf.softmax(tf.reshape(a, [classes, perClass])), perClass), [classes * perClass]) as tf.Tensor1D;
  });
}

/** SA's logits [B, K]: logit_c = Σ_{j ∈ c} weight_j · act_j — a class sees only its own prototypes. */
export function scoreAggregation(activations: tf.Tensor2D, a: tf.Tensor1D, perClass: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [b, m] = activations.shape;
    const weighted = tf.mul(activations, scoreAggregationWeights(a, perClass));
    return tf.sum(tf.reshape(weighted, [b, m / perClass, perClass]), 2) as tf.Tensor2D;
  });
}

/**
 * Orthogonality of each class's prototypes: Σ_c ‖P_c P_cᵀ − I‖₁ (entrywise L1), P_c the perClass × D
 * block of class c. Applied to the stored vectors, as the reference (they are unit after every step).
 */
export function orthogonalityLoss(prototypes: tf.Tensor2D, perClass: number): tf.Scalar {
  return tf.tidy(() => {
    const [m, d] = prototypes.shape;
    const blocks = tf.reshape(prototypes, [m / perClass, perClass, d]);
    const gram = tf.matMul(blocks, blocks, false, true);
    return tf.sum(tf.abs(tf.sub(gram, tf.eye(perClass)))) as tf.Scalar;
  });
}

export interface SdfaInputs {
  /** Activation maps over the deep grid's N = h·w cells, [B, N, M] (their argmax picks the rows). */
  activationMaps: tf.Tensor3D;
  /** The shallow map already on the deep grid (space-to-depth), [B, h, w, C_s]; detached here. */
  shallow: tf.Tensor4D;
  /** The deep map (backbone output, before the add-on), [B, h, w, C_d]. */
  deep: tf.Tensor4D;
  labels: tf.Tensor1D;
  perClass: number;
  /** τ. */
  margin: number;
  epsilon?: number;
}

/**
 * Shallow-deep feature alignment. For every image i and each of its own class's prototypes j, at the
 * cell ℓ where j's activation map peaks (first maximum), take row ℓ of the cosine self-similarity
 * matrix of the cells in deep space and in (detached) shallow space — N entries each — and charge
 * mean ReLU(|S_deep − S_shallow| − τ) over all images, own prototypes and entries. Only the deep map
 * receives a gradient: the shallow map is a fixed target and the peak locations are indices.
 */
export function sdfaLoss(inputs: SdfaInputs): tf.Scalar {
  const { activationMaps, labels, perClass, margin } = inputs;
  const epsilon = inputs.epsilon ?? 1e-12;
  return tf.tidy(() => {
    const [b, n, m] = activationMaps.shape;
    const [, h, w] = inputs.deep.shape;
    if (h * w !== n || inputs.shallow.shape[1] !== h || inputs.shallow.shape[2] !== w) {
      throw new RangeError(`SDFA: activation maps over ${n} cells, deep map ${h}×${w}, shallow map ${inputs.shallow.shape[1]}×${inputs.shallow.shape[2]}`);
    }
    // Each image's own-class maps [B, N, perClass], picked with a one-hot of its label.
    const classes = m / perClass;
    const ownMask = tf.reshape(tf.oneHot(tf.cast(labels, 'int32'), classes), [b, 1, classes, 1]);
    const ownMaps = tf.sum(tf.mul(tf.reshape(activationMaps, [b, n, classes, perClass]), ownMask), 2);
    // Their peak cells (first maximum) as one-hot rows [B, perClass, N]. Kept in float32 from here on:
    // argMax and oneHot have zero gradients, whereas int32 index arithmetic would break backprop.
    const peaks = tf.oneHot(tf.argMax(tf.transpose(ownMaps, [0, 2, 1]), 2), n);
    const similarityRows = (map: tf.Tensor4D) => {
      const cells = l2Normalize(tf.reshape(map, [b, n, map.shape[3]]), epsilon);
      return tf.matMul(tf.matMul(peaks, cells), cells, false, true); // [B, perClass, N]
    };
    const deepRows = similarityRows(inputs.deep);
    const shallowRows = similarityRows(stopGradient(inputs.shallow));
    return tf.mean(tf.relu(tf.sub(tf.abs(tf.sub(deepRows, shallowRows)), margin))) as tf.Scalar;
  });
}
