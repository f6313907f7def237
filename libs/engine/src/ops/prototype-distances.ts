import * as tf from '@tensorflow/tfjs-core';

/**
 * The kernel a backend may supply for ProtoPNet's prototype distances as ONE op, with a registered
 * gradient: inputs `z` [N, D] (feature vectors) and `prototypes` [M, D], output [N, M]. The torch
 * backend supplies it (one native call forward, one per input gradient backward, saving z, the
 * prototypes and the output). Composed, the distances record nine ops forward, each with its gradient
 * and the tensors the tape saves for it.
 */
export const PROTOTYPE_DISTANCES_KERNEL = 'PrototypeDistances';

function validate(z: tf.Tensor, prototypes: tf.Tensor): void {
  const where = 'prototypeDistances';
  if (z.rank !== 2) throw new RangeError(`${where}: z must be [N, D] of rank 2, got shape [${z.shape.join(', ')}]`);
  if (prototypes.rank !== 2) throw new RangeError(`${where}: prototypes must be [M, D] of rank 2, got shape [${prototypes.shape.join(', ')}]`);
  if (z.shape[1] !== prototypes.shape[1]) throw new RangeError(`${where}: prototypes have depth ${prototypes.shape[1]}, z has ${z.shape[1]}`);
  for (const [name, t] of [['z', z], ['prototypes', prototypes]] as const) {
    if (t.dtype !== 'float32') throw new RangeError(`${where}: ${name} must be float32, got ${t.dtype}`);
  }
}

/**
 * Squared L2 distances ‖zₙ − pₘ‖² [N, M] as Σz² − 2 z·pᵀ + Σp² (one matrix product instead of an
 * [N, M, D] difference), clamped at 0 where rounding makes them negative. Where the backend has the
 * `PrototypeDistances` kernel and its gradient, one kernel forward; elsewhere the composed ops.
 */
export function prototypeDistances(z: tf.Tensor2D, prototypes: tf.Tensor2D): tf.Tensor2D {
  validate(z, prototypes);
  if (tf.getKernel(PROTOTYPE_DISTANCES_KERNEL, tf.getBackend()) && tf.getGradient(PROTOTYPE_DISTANCES_KERNEL)) {
    return tf.engine().runKernel(PROTOTYPE_DISTANCES_KERNEL, { z, prototypes }, {}) as tf.Tensor2D;
  }
  return tf.tidy(() => {
    const zz = tf.sum(tf.square(z), 1, true);
    const pp = tf.sum(tf.square(prototypes), 1);
    const cross = tf.matMul(z, prototypes, false, true);
    return tf.relu(tf.add(tf.sub(zz, tf.mul(cross, 2)), pp)) as tf.Tensor2D;
  });
}
