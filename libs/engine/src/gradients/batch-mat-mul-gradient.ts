import * as tf from '@tensorflow/tfjs-core';
import { BatchMatMul, type BatchMatMulAttrs, type GradConfig } from '@tensorflow/tfjs-core';

/**
 * Sums a gradient of the broadcast shape [...batch, r, c] back to an input's shape [...inputBatch, r, c]:
 * over the leading axes the input lacks and over the batch axes where it has size 1.
 */
function sumToShape(gradient: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const lead = gradient.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < gradient.rank - 2; i++) {
    if (i < lead || (shape[i - lead] === 1 && gradient.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? tf.sum(gradient, axes) : gradient;
  return tf.reshape(summed, [...shape]);
}

/**
 * Gradient of BatchMatMul (tf.matMul) with broadcast batch dimensions, e.g. tokens [B, T, C] times a
 * shared weight [C, D]. tfjs uses the right per-batch formulas but never sums over the batch axes an
 * input was broadcast along, so such an input gets a gradient of the output's batch shape (rejected
 * by tfjs's backprop as a shape mismatch). Here the full-shape products are summed back to each input.
 */
export const batchMatMulGradConfig: GradConfig = {
  kernelName: BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dyOrDys, saved, attrs) => {
    const dy = dyOrDys as tf.Tensor;
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    // With y = op(a)·op(b): d op(a) = dy·op(b)ᵀ and d op(b) = op(a)ᵀ·dy, then undo each op.
    let da: () => tf.Tensor;
    let db: () => tf.Tensor;
    if (!transposeA && !transposeB) {
      da = () => tf.matMul(dy, b, false, true);
      db = () => tf.matMul(a, dy, true, false);
    } else if (!transposeA && transposeB) {
      da = () => tf.matMul(dy, b, false, false);
      db = () => tf.matMul(dy, a, true, false);
    } else if (transposeA && !transposeB) {
      da = () => tf.matMul(b, dy, false, true);
      db = () => tf.matMul(a, dy, false, false);
    } else {
      da = () => tf.matMul(b, dy, true, true);
      db = () => tf.matMul(dy, a, true, true);
    }
    return { a: () => sumToShape(da(), a.shape), b: () => sumToShape(db(), b.shape) };
  },
};
