import * as tf from '@tensorflow/tfjs-core';

function unitRows<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), -1, true), 1e-12))) as T);
}

/** Cosine of every cell [N, C] with every prototype [M, C] → [N, M]. */
export function cellCosines(cells: tf.Tensor2D, prototypes: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(unitRows(cells), unitRows(prototypes), false, true) as tf.Tensor2D);
}

/** Soft assignment of cells to prototypes: softmax over prototypes of cosine / τ, [N, M]. */
export function softAssignment(cosines: tf.Tensor2D, temperature: number): tf.Tensor2D {
  return tf.tidy(() => tf.softmax(tf.div(cosines, temperature)) as tf.Tensor2D);
}

/**
 * Prototype loss: the mean over teacher cells of Σ_m a_m·‖t̂ − p̂_m‖² = Σ_m a_m·(2 − 2·cos_m) — a soft
 * k-means of the teacher's unit-length local features, so each prototype becomes a typical local
 * pattern of the teacher.
 */
export function prototypeLoss(cosines: tf.Tensor2D, assignment: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sum(tf.mul(assignment, tf.sub(2, tf.mul(cosines, 2))), 1)) as tf.Scalar);
}

/** KL(p ‖ q) per row, averaged: Σ_m p_m·(log p_m − log q_m), with p the target distribution. */
export function meanKl(target: tf.Tensor2D, logQ: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sum(tf.mul(target, tf.sub(tf.log(tf.maximum(target, 1e-12)), logQ)), 1)) as tf.Scalar);
}

/**
 * Hinton's logit distillation: τ²·KL(softmax(teacher/τ) ‖ softmax(student/τ)), averaged over rows
 * (τ² keeps the gradient's scale independent of τ).
 */
export function logitDistillation(teacherLogits: tf.Tensor2D, studentLogits: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => tf.mul(meanKl(tf.softmax(tf.div(teacherLogits, temperature)) as tf.Tensor2D, tf.logSoftmax(tf.div(studentLogits, temperature)) as tf.Tensor2D), temperature * temperature) as tf.Scalar);
}

export { unitRows };
