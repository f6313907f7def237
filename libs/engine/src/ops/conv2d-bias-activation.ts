import * as tf from '@tensorflow/tfjs-core';

/**
 * The kernel a backend may supply for convolution + bias + activation recorded as ONE op, with a
 * registered gradient: inputs `x` [B, H, W, Cin] (NHWC), `filter` [KH, KW, Cin, Cout], `bias` [Cout];
 * attributes `strides`, `pad`, `dilations`, `activation`. The torch backend supplies it (libtorch's
 * convolution with the bias, the activation in place; backward from the saved output). tfjs's own
 * `fused.conv2d` unfuses itself while gradients are recorded, so training would otherwise pay a
 * separate bias add, its gradient sum and the activation with its gradient per layer.
 */
export const CONV2D_BIAS_ACTIVATION_KERNEL = 'Conv2DBiasActivation';

/** The activations fused into the convolution (their gradients follow from the output alone). */
export const FUSED_CONV_ACTIVATIONS = ['linear', 'relu', 'sigmoid'] as const;
export type FusedConvActivation = (typeof FUSED_CONV_ACTIVATIONS)[number];

export interface Conv2dBiasActivationArgs {
  x: tf.Tensor4D;
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
  strides: number | [number, number];
  /** 'same', 'valid', or the same number of rows/columns on every side. */
  pad: 'same' | 'valid' | number;
  dilations?: number | [number, number];
  activation?: FusedConvActivation;
}

/** A per-axis argument given as one number for both axes or as [rows, columns]. */
export const axisPair = (value: number | [number, number]): [number, number] => (typeof value === 'number' ? [value, value] : value);

/** Throws a RangeError naming `where` when the arguments do not describe one NHWC convolution. */
export function validateConv2dBiasActivation(args: Conv2dBiasActivationArgs, activation: string, where = 'conv2dBiasActivation'): void {
  const { x, filter, bias } = args;
  if (x.rank !== 4) throw new RangeError(`${where}: x must be NHWC of rank 4, got shape [${x.shape.join(', ')}]`);
  if (filter.rank !== 4) throw new RangeError(`${where}: filter must be [KH, KW, in, out], got shape [${filter.shape.join(', ')}]`);
  if (filter.shape[2] !== x.shape[3]) throw new RangeError(`${where}: filter takes ${filter.shape[2]} input channels, x has ${x.shape[3]}`);
  if (bias.rank !== 1 || bias.shape[0] !== filter.shape[3]) {
    throw new RangeError(`${where}: bias must be [${filter.shape[3]}] (one per output channel), got shape [${bias.shape.join(', ')}]`);
  }
  if (!(FUSED_CONV_ACTIVATIONS as readonly string[]).includes(activation)) {
    throw new RangeError(`${where}: activation must be one of ${FUSED_CONV_ACTIVATIONS.join(', ')}, got '${activation}'`);
  }
  const strides = axisPair(args.strides);
  const dilations = axisPair(args.dilations ?? 1);
  if ([...strides, ...dilations].some((v) => !(Number.isInteger(v) && v > 0))) {
    throw new RangeError(`${where}: strides and dilations must be positive integers, got [${strides.join(', ')}] and [${dilations.join(', ')}]`);
  }
  // tfjs's conv2d (the fallback below) takes strides or dilations above 1, never both.
  if (strides.some((v) => v > 1) && dilations.some((v) => v > 1)) throw new RangeError(`${where}: strides [${strides.join(', ')}] with dilations [${dilations.join(', ')}] are not supported`);
  if (typeof args.pad === 'number' && !(Number.isInteger(args.pad) && args.pad >= 0)) throw new RangeError(`${where}: pad must be 'same', 'valid' or an integer ≥ 0, got ${args.pad}`);
}

/**
 * activation(conv2d(x, filter) + bias). Where the backend has the `Conv2DBiasActivation` kernel and
 * its gradient, it is one kernel forward and one (plus the input gradient when x needs one)
 * backward; elsewhere it is tfjs's conv2d, add and activation, as recorded before.
 */
export function conv2dBiasActivation(args: Conv2dBiasActivationArgs): tf.Tensor4D {
  const activation = args.activation ?? 'linear';
  validateConv2dBiasActivation(args, activation);
  const { x, filter, bias, strides, pad } = args;
  const dilations = args.dilations ?? 1;
  if (tf.getKernel(CONV2D_BIAS_ACTIVATION_KERNEL, tf.getBackend()) && tf.getGradient(CONV2D_BIAS_ACTIVATION_KERNEL)) {
    return tf.engine().runKernel(CONV2D_BIAS_ACTIVATION_KERNEL, { x, filter, bias }, { strides, pad, dilations, activation }) as tf.Tensor4D;
  }
  // tidy: the convolution and the sum before the activation are freed at once, not by the caller's tidy.
  return tf.tidy(() => {
    const z = tf.add(tf.conv2d(x, filter, strides, pad, 'NHWC', dilations), bias) as tf.Tensor4D;
    if (activation === 'relu') return tf.relu(z);
    if (activation === 'sigmoid') return tf.sigmoid(z);
    return z;
  });
}
