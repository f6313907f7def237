import * as tf from '@tensorflow/tfjs-core';

/**
 * The lesion → grade rule of `lesion-linked`: each lesion type has a severity 1 … K−1, and the grade
 * is the highest severity among the lesions present (0 when none is) — the grading rule of
 * fundus-lesions, and monotone: adding a lesion never lowers the grade.
 */
export function gradeFromPresence(present: readonly boolean[], severity: readonly number[]): number {
  return present.reduce((grade, p, k) => (p ? Math.max(grade, severity[k]!) : grade), 0);
}

/**
 * The same rule on presence probabilities p_k = σ(z_k), lesions independent:
 * P(grade ≥ g) = 1 − Π_{s_k ≥ g}(1 − p_k), so
 * log P(grade = g) = Σ_{s_k > g} log σ(−z_k) + log(1 − Π_{s_k = g} σ(−z_k))   (g ≥ 1),
 * log P(grade = 0) = Σ_k log σ(−z_k).
 * A grade no lesion type maps to has probability 0 (log floored at −1e4, so softmax gives ~0).
 * presenceLogits [B, L] → grade log-probabilities [B, grades]. With 0/1 presences (z → ±∞) the
 * distribution is one-hot at gradeFromPresence.
 */
export function gradeLogProbabilities(presenceLogits: tf.Tensor2D, severity: readonly number[], grades: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [b, l] = presenceLogits.shape;
    if (l !== severity.length) throw new RangeError(`grade rule: ${l} presence logits for ${severity.length} lesion severities`);
    // log σ(−z) = −softplus(z): the log-probability that lesion k is absent.
    const absent = tf.neg(tf.softplus(presenceLogits));
    const columns: tf.Tensor1D[] = [];
    for (let g = 0; g < grades; g++) {
      const above = severity.map((s) => (s > g ? 1 : 0));
      const at = severity.map((s) => (s === g ? 1 : 0));
      const logNoneAbove = tf.sum(tf.mul(absent, tf.tensor1d(above)), 1);
      if (g === 0) {
        columns.push(logNoneAbove as tf.Tensor1D);
        continue;
      }
      if (!at.some((v) => v === 1)) {
        columns.push(tf.fill([b], -1e4) as tf.Tensor1D);
        continue;
      }
      // log(1 − e^S) for S = Σ_{s_k = g} log σ(−z_k) < 0; S is kept below −1e-7 so the log stays finite.
      const s = tf.minimum(tf.sum(tf.mul(absent, tf.tensor1d(at)), 1), -1e-7);
      columns.push(tf.add(logNoneAbove, tf.log(tf.sub(1, tf.exp(s)))) as tf.Tensor1D);
    }
    return tf.stack(columns, 1) as tf.Tensor2D;
  });
}
