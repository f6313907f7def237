import * as tf from '@tensorflow/tfjs-core';

/**
 * The kernel a backend may supply for one Adam step of one variable: inputs `variable`, `gradient`,
 * `first`, `second` (the moments); attributes `learningRate`, `beta1`, `beta2`, `epsilon`,
 * `weightDecay`, `correction1` = 1 − β1ᵗ, `correction2` = 1 − β2ᵗ; outputs θ', m', v'. The torch
 * backend supplies it (one native call instead of a dozen elementwise kernels).
 */
export const ADAM_UPDATE_KERNEL = 'AdamUpdate';

export interface AdamUpdateSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** L2 penalty added to the gradient (PyTorch's Adam `weight_decay`). */
  weightDecay: number;
  /** The step being taken, from 1 (for the bias corrections). */
  step: number;
}

export interface AdamUpdateResult {
  variable: tf.Tensor;
  first: tf.Tensor;
  second: tf.Tensor;
}

/**
 * One Adam step (Kingma & Ba, with PyTorch's bias correction and epsilon placement):
 * g ← g + wd·θ; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; θ ← θ − lr·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε).
 * Returns the new θ, m and v; the caller assigns them. One kernel where the backend has `AdamUpdate`.
 */
export function adamUpdate(variable: tf.Tensor, gradient: tf.Tensor, first: tf.Tensor, second: tf.Tensor, settings: AdamUpdateSettings): AdamUpdateResult {
  const { learningRate, beta1, beta2, epsilon, weightDecay, step } = settings;
  if (!(Number.isInteger(step) && step >= 1)) throw new RangeError(`adamUpdate: step must be an integer ≥ 1, got ${step}`);
  for (const [name, t] of [['gradient', gradient], ['first moment', first], ['second moment', second]] as const) {
    if (!tf.util.arraysEqual(t.shape, variable.shape)) throw new RangeError(`adamUpdate: ${name} has shape [${t.shape.join(', ')}], the variable [${variable.shape.join(', ')}]`);
  }
  const correction1 = 1 - beta1 ** step;
  const correction2 = 1 - beta2 ** step;
  if (tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend())) {
    const [theta, m, v] = tf
      .engine()
      .runKernel(ADAM_UPDATE_KERNEL, { variable, gradient, first, second }, { learningRate, beta1, beta2, epsilon, weightDecay, correction1, correction2 }) as tf.Tensor[];
    return { variable: theta!, first: m!, second: v! };
  }
  const g = weightDecay ? tf.add(gradient, tf.mul(variable, weightDecay)) : gradient;
  const m = tf.add(tf.mul(first, beta1), tf.mul(g, 1 - beta1));
  const v = tf.add(tf.mul(second, beta2), tf.mul(tf.square(g), 1 - beta2));
  const denominator = tf.add(tf.sqrt(tf.div(v, correction2)), epsilon);
  return { variable: tf.sub(variable, tf.mul(tf.div(tf.div(m, correction1), denominator), learningRate)), first: m, second: v };
}
