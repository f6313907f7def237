import * as tf from '@tensorflow/tfjs-core';
import { type FusedConvActivation, conv2dBiasActivation, conv2dBiasActivationMaxPool } from '@protoscope/engine';
import { Activation } from './activation';
import { BatchNorm } from './batch-norm';
import { Conv2d } from './conv2d';
import { tfPadding, type ApplyOptions, type Layer } from './layer';
import { MaxPool2d } from './max-pool2d';

/**
 * A convolution with what follows it, run as one engine op: a batch norm in inference (its moving
 * statistics folded into the filter and bias), an activation, a max-pooling. Inference then makes
 * one pass over the block's output instead of up to five (convolution, scale, shift, activation,
 * pooling), and on torch the pooling reads the convolution's output while it is still in cache.
 */
export interface ConvBlock {
  conv: Conv2d;
  /** Folded into the filter and bias: only in inference, where it is an affine map per channel. */
  batchNorm?: BatchNorm;
  activation: FusedConvActivation;
  pool?: MaxPool2d;
}

const FUSABLE_ACTIVATIONS: readonly string[] = ['relu', 'sigmoid'];

/**
 * The block that starts at layers[start] and how many layers it takes, or null when the layer there
 * runs on its own: not a convolution, nothing after it to fuse, or no bias to fuse into (a
 * convolution without a bias, not followed by a batch norm in inference).
 */
export function matchConvBlock(layers: readonly Layer[], start: number, options: ApplyOptions): { block: ConvBlock; length: number } | null {
  const conv = layers[start];
  if (!(conv instanceof Conv2d)) return null;
  let next = start + 1;
  let activation = conv.activation;
  let batchNorm: BatchNorm | undefined;
  const atNext = () => layers[next];
  if (!options.training && activation === 'linear' && atNext() instanceof BatchNorm) batchNorm = layers[next++] as BatchNorm;
  const following = atNext();
  if (activation === 'linear' && following instanceof Activation && FUSABLE_ACTIVATIONS.includes(following.kind)) {
    activation = following.kind as FusedConvActivation;
    next++;
  }
  const pool = atNext() instanceof MaxPool2d ? (layers[next++] as MaxPool2d) : undefined;
  if ((!conv.bias && !batchNorm) || next === start + 1) return null;
  return { block: { conv, batchNorm, activation, pool }, length: next - start };
}

/**
 * The block's output: pool(act(conv(x)·s + t)) with s, t the batch norm's scale and shift (s = 1 and
 * t = the convolution's bias without one), as conv2dBiasActivation(x, filter·s, bias·s + t), pooled
 * in the same op where the backend can.
 */
export function applyConvBlock(x: tf.Tensor, block: ConvBlock): tf.Tensor4D {
  const { conv, batchNorm, activation, pool } = block;
  if (!conv.bias && !batchNorm) throw new RangeError(`${conv.name}: a convolution block needs a bias or a batch norm to fuse into`);
  return tf.tidy(() => {
    let filter = conv.filter as tf.Tensor4D;
    let bias = conv.bias as tf.Tensor1D | undefined;
    if (batchNorm) {
      const { scale, shift } = batchNorm.inferenceScaleShift();
      // [KH, KW, in, out] · [out]: each output channel's weights by its scale.
      filter = tf.mul(filter, scale);
      bias = bias ? (tf.add(tf.mul(bias, scale), shift) as tf.Tensor1D) : shift;
    }
    const g = conv.geometry[0]!;
    const args = { x: x as tf.Tensor4D, filter, bias: bias!, strides: g.stride, pad: tfPadding(g.padding), dilations: g.dilation, activation };
    if (!pool) return conv2dBiasActivation(args);
    const p = pool.geometry[0]!;
    return conv2dBiasActivationMaxPool(args, { size: p.kernel, strides: p.stride, pad: tfPadding(p.padding) });
  });
}
