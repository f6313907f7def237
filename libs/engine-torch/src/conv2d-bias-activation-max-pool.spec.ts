import * as tf from '@tensorflow/tfjs-core';
import { resetTorchFallbacks, torchFallbacks } from './cpu-fallback';
import { CONV2D_BIAS_ACTIVATION_MAX_POOL, CONV2D_BIAS_ACTIVATION_MAX_POOL_GRAD } from './kernels';
import { assertClose, plainCopies, seededValues, startTorchAndCpu } from './testing/backends';
import { describeNative } from './testing/describe-native';
import { type ConvolutionCase, referenceConvolution, referenceMaxPool } from './testing/reference-convolution';

/**
 * The kernel Conv2DBiasActivationMaxPool (convolution + bias + activation, then max-pooling, the batch
 * in cache-sized slices) against the same written out in float64: the convolution, then the pooling
 * over its output; and its gradient (dz from the recorded maxima where windows do not overlap, the
 * maxima found again where they do) against central finite differences of L = Σ r·y on that float64
 * reference (h = 1e-6).
 */

interface Case extends ConvolutionCase {
  name: string;
  pool: { size: number; stride: number; pad: 'same' | 'valid' | number };
  /** Too large for finite differences of the float64 reference in a test's time. */
  valuesOnly?: boolean;
}

const CASES: Case[] = [
  // 64×64×32 floats is 512 KB an image: with one thread's 1 MB the 5 images go as slices of 2, 2, 1.
  {
    name: "the reference workload's first block, 5 images in three slices",
    x: [5, 64, 64, 1], filter: [3, 3, 1, 32], stride: 1, pad: 'same', dilation: 1, activation: 'relu',
    pool: { size: 2, stride: 2, pad: 'valid' },
    valuesOnly: true,
  },
  // 32×32×128 floats is 512 KB an image too, from a 1×1 convolution cheap enough to differentiate.
  {
    name: '1×1 from 1 to 128 channels, 3 images in slices of 2 and 1',
    x: [3, 32, 32, 1], filter: [1, 1, 1, 128], stride: 1, pad: 'valid', dilation: 1, activation: 'relu',
    pool: { size: 2, stride: 2, pad: 'valid' },
  },
  {
    name: 'odd 7×9, convolution valid stride 2, sigmoid, batch 3',
    x: [3, 7, 9, 2], filter: [3, 3, 2, 3], stride: 2, pad: 'valid', dilation: 1, activation: 'sigmoid',
    pool: { size: 2, stride: 2, pad: 'valid' },
  },
  {
    name: "uneven 'same' convolution 4×4 stride 2, overlapping 3×3 stride 2 'same' pooling",
    x: [2, 9, 8, 2], filter: [4, 4, 2, 5], stride: 2, pad: 'same', dilation: 1, activation: 'relu',
    pool: { size: 3, stride: 2, pad: 'same' },
  },
  {
    name: 'linear (every maximum may be negative), pooling stride 3 beyond its 2×2 window',
    x: [2, 8, 8, 3], filter: [3, 3, 3, 4], stride: 1, pad: 1, dilation: 1, activation: 'linear',
    pool: { size: 2, stride: 3, pad: 'valid' },
  },
  {
    name: 'dilation 2, 3×3 pooling stride 1 padded by 1',
    x: [1, 9, 7, 2], filter: [3, 3, 2, 3], stride: 1, pad: 'same', dilation: 2, activation: 'relu',
    pool: { size: 3, stride: 1, pad: 1 },
  },
  {
    name: "batch 1, 1×1 from 19 to 33 channels, 2×2 'same' pooling of an odd 5×7",
    x: [1, 5, 7, 19], filter: [1, 1, 19, 33], stride: 1, pad: 'valid', dilation: 1, activation: 'relu',
    pool: { size: 2, stride: 2, pad: 'same' },
  },
];

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function startValues(c: Case, index: number): [number[], number[], number[]] {
  return [seededValues(10 * index + 1, size(c.x)), seededValues(10 * index + 2, size(c.filter), -0.5, 0.5), seededValues(10 * index + 3, c.filter[3], -0.2, 0.2)];
}

function referenceOutput(c: Case, x: number[], w: number[], b: number[]): { y: number[]; shape: number[] } {
  const convolved = referenceConvolution(c, x, w, b);
  return referenceMaxPool(convolved.y, convolved.shape, c.pool.size, c.pool.stride, c.pool.pad);
}

/** Every index below `count`, or `sample` of them spread evenly (the large case's finite differences cost a convolution each). */
function coordinates(count: number, sample: number): number[] {
  if (count <= sample) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: sample }, (_, i) => Math.floor(((i + 0.5) * count) / sample));
}

const convolutionMaxPool = (c: Case, x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor) =>
  tf.engine().runKernel(
    CONV2D_BIAS_ACTIVATION_MAX_POOL,
    { x, filter, bias },
    { strides: c.stride, pad: c.pad, dilations: c.dilation, activation: c.activation, poolSize: c.pool.size, poolStrides: c.pool.stride, poolPad: c.pool.pad },
  ) as tf.Tensor;

describeNative('torch convolution + bias + activation + max-pooling (one inference kernel)', () => {
  beforeAll(startTorchAndCpu);

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s: equals the float64 convolution, then pooling', async (_name, c, index) => {
    const [x, w, b] = startValues(c, index);
    const expected = referenceOutput(c, x, w, b);

    await tf.setBackend('torch');
    resetTorchFallbacks();
    const before = tf.memory().numTensors;
    const [actual] = plainCopies(() => [convolutionMaxPool(c, tf.tensor(x, c.x), tf.tensor(w, c.filter), tf.tensor(b, [c.filter[3]]))]);
    expect(tf.memory().numTensors).toBe(before);
    expect(torchFallbacks().calls).toBe(0);
    assertClose(actual!, { shape: expected.shape, dtype: 'float32', values: expected.y }, c.name, 1e-4, 1e-5);
  });

  it.each(CASES.filter((c) => !c.valuesOnly).map((c) => [c.name, c, CASES.indexOf(c)] as const))('%s: gradients against float64 finite differences', async (_name, c, index) => {
    const [x, w, b] = startValues(c, index);
    const expected = referenceOutput(c, x, w, b);
    const r = seededValues(999, size(expected.shape));
    const loss = (values: number[][]) => referenceOutput(c, values[0]!, values[1]!, values[2]!).y.reduce((sum, y, i) => sum + r[i]! * y, 0);

    await tf.setBackend('torch');
    resetTorchFallbacks();
    const before = tf.memory().numTensors;
    let grads: ReturnType<typeof plainCopies> = [];
    const kernels = (
      await tf.profile(() => {
        grads = plainCopies(() =>
          tf.grads((xt, wt, bt) => tf.sum(tf.mul(convolutionMaxPool(c, xt!, wt!, bt!), tf.tensor(r, expected.shape))))([tf.tensor(x, c.x), tf.tensor(w, c.filter), tf.tensor(b, [c.filter[3]])]),
        );
      })
    ).kernelNames;
    expect(tf.memory().numTensors).toBe(before);
    expect(torchFallbacks().calls).toBe(0);
    // One kernel each way: no separate pooling or activation gradient.
    expect(kernels).toContain(CONV2D_BIAS_ACTIVATION_MAX_POOL_GRAD);
    expect(kernels).not.toContain('MaxPoolGrad');

    const h = 1e-6;
    const starts = [x, w, b];
    starts.forEach((start, i) => {
      // Large references are slow: fewer coordinates there.
      const picked = coordinates(start.length, size(c.x) > 1000 ? 8 : 24);
      const numeric = picked.map((k) => {
        const up = starts.map((v) => v.slice());
        const down = starts.map((v) => v.slice());
        up[i]![k] = start[k]! + h;
        down[i]![k] = start[k]! - h;
        return (loss(up) - loss(down)) / (2 * h);
      });
      const analytic = picked.map((k) => grads[i]!.values[k]!);
      assertClose({ shape: [picked.length], dtype: 'float32', values: analytic }, { shape: [picked.length], dtype: 'float32', values: numeric }, `${c.name}: gradient ${['x', 'filter', 'bias'][i]}`, 1e-3, 1e-4);
    });
  });

  it('takes an empty batch', async () => {
    await tf.setBackend('torch');
    const [actual] = plainCopies(() => [convolutionMaxPool(CASES[0]!, tf.zeros([0, 64, 64, 1]), tf.zeros([3, 3, 1, 32]), tf.zeros([32]))]);
    expect(actual!.shape).toEqual([0, 32, 32, 32]);
  });

  it('names a bias that does not fit', async () => {
    await tf.setBackend('torch');
    const call = () => tf.tidy(() => convolutionMaxPool(CASES[1]!, tf.zeros([1, 7, 9, 2]), tf.zeros([3, 3, 2, 3]), tf.zeros([2])));
    expect(call).toThrow(`torch backend: ${CONV2D_BIAS_ACTIVATION_MAX_POOL} needs a bias of [3], got [2]`);
  });
});
