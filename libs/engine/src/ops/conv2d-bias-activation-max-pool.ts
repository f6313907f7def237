import * as tf from '@tensorflow/tfjs-core';
import { isRecordingGradients } from './chain-step';
import { axisPair, conv2dBiasActivation, validateConv2dBiasActivation, type Conv2dBiasActivationArgs } from './conv2d-bias-activation';

/**
 * The kernel a backend may supply for a convolution block: convolution + bias + activation, then
 * max-pooling, as ONE kernel (inputs `x`, `filter`, `bias`; the convolution's attributes, and the
 * pooling's `poolSize`, `poolStrides`, `poolPad`). The torch backend convolves the batch in slices
 * that fit in cache and pools each slice at once, so the block's full-size activation never goes to
 * memory and back. With a registered gradient it is also recorded under a tape when the pooling
 * windows do not overlap (the gradient then needs only where each maximum was); otherwise the op
 * records the convolution and the pooling as two ops.
 */
export const CONV2D_BIAS_ACTIVATION_MAX_POOL_KERNEL = 'Conv2DBiasActivationMaxPool';

export interface MaxPoolArgs {
  /** The window, [height, width] or one number for both. */
  size: number | [number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
}

function validatePool(pool: MaxPoolArgs): void {
  const values = [pool.size, pool.strides].flatMap((v) => (typeof v === 'number' ? [v] : v));
  if (values.some((v) => !(Number.isInteger(v) && v > 0))) {
    throw new RangeError(`conv2dBiasActivationMaxPool: pool size and strides must be positive integers, got ${JSON.stringify(pool.size)} and ${JSON.stringify(pool.strides)}`);
  }
  if (typeof pool.pad === 'number' && !(Number.isInteger(pool.pad) && pool.pad >= 0)) {
    throw new RangeError(`conv2dBiasActivationMaxPool: pool pad must be 'same', 'valid' or an integer ≥ 0, got ${pool.pad}`);
  }
}

/** Whether no input pixel lies in two pooling windows. */
function disjointWindows(pool: MaxPoolArgs): boolean {
  const size = axisPair(pool.size);
  const strides = axisPair(pool.strides);
  return strides[0] >= size[0] && strides[1] >= size[1];
}

/**
 * maxPool(activation(conv2d(x, filter) + bias)): one kernel where the backend has it (under a gradient
 * tape too, when it has the kernel's gradient and the windows do not overlap); elsewhere
 * `conv2dBiasActivation` then `tf.maxPool` (the convolution's output freed at once outside a tape).
 */
export function conv2dBiasActivationMaxPool(conv: Conv2dBiasActivationArgs, pool: MaxPoolArgs): tf.Tensor4D {
  const activation = conv.activation ?? 'linear';
  validateConv2dBiasActivation(conv, activation, 'conv2dBiasActivationMaxPool');
  validatePool(pool);
  const recording = isRecordingGradients();
  const fused =
    tf.getKernel(CONV2D_BIAS_ACTIVATION_MAX_POOL_KERNEL, tf.getBackend()) && (!recording || (tf.getGradient(CONV2D_BIAS_ACTIVATION_MAX_POOL_KERNEL) && disjointWindows(pool)));
  if (fused) {
    const { x, filter, bias, strides, pad } = conv;
    const attrs = { strides, pad, dilations: conv.dilations ?? 1, activation, poolSize: pool.size, poolStrides: pool.strides, poolPad: pool.pad };
    return tf.engine().runKernel(CONV2D_BIAS_ACTIVATION_MAX_POOL_KERNEL, { x, filter, bias }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  }
  const activated = conv2dBiasActivation(conv);
  const pooled = tf.maxPool(activated, pool.size, pool.strides, pool.pad);
  if (!recording) activated.dispose();
  return pooled;
}
