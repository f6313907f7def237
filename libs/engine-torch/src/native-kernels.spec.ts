import * as tf from '@tensorflow/tfjs-core';
import { resetTorchFallbacks, torchFallbacks } from './cpu-fallback';
import { type Plain, assertClose, onBackend, seededValues, startTorchAndCpu } from './testing/backends';
import { describeNative } from './testing/describe-native';

/**
 * Every native kernel of the torch backend against tfjs's cpu backend on the same inputs: forward
 * values and, through tf.grads of a random weighting of the output, the gradient kernels. Each case
 * must run with zero cpu fallbacks. Shapes cover strides, 'same'/'valid'/explicit paddings,
 * dilations, odd sizes, batch 1 and ties.
 */

interface Case {
  name: string;
  /** Shapes of the float inputs, filled with seeded values in [lo, hi]. */
  inputs: number[][];
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
  /** Also compare the gradients with respect to every input. */
  grad?: boolean;
  lo?: number;
  hi?: number;
  /** Integer-valued inputs (ties in max-pooling, arg-max, top-k). */
  integers?: boolean;
  rtol?: number;
}

const t4 = (x: tf.Tensor) => x as tf.Tensor4D;
const int = (values: number[], shape: number[]) => tf.tensor(values, shape, 'int32');

const CASES: Case[] = [
  // Convolutions (Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter).
  { name: 'conv2d 3×3 same stride 1, batch 1, 7×5', inputs: [[1, 7, 5, 2], [3, 3, 2, 3]], f: (x, w) => tf.conv2d(t4(x), t4(w), 1, 'same'), grad: true },
  { name: 'conv2d 3×3 valid stride 2, 9×8', inputs: [[2, 9, 8, 3], [3, 3, 3, 4]], f: (x, w) => tf.conv2d(t4(x), t4(w), 2, 'valid'), grad: true },
  { name: 'conv2d 4×4 same stride 2 (uneven padding), 7×6', inputs: [[2, 7, 6, 2], [4, 4, 2, 3]], f: (x, w) => tf.conv2d(t4(x), t4(w), 2, 'same'), grad: true },
  { name: 'conv2d 3×3 dilation 2 same', inputs: [[1, 9, 7, 2], [3, 3, 2, 2]], f: (x, w) => tf.conv2d(t4(x), t4(w), 1, 'same', 'NHWC', 2) },
  { name: 'conv2d 2×3 explicit padding, strides 2×1', inputs: [[2, 6, 5, 1], [2, 3, 1, 2]], f: (x, w) => tf.conv2d(t4(x), t4(w), [2, 1], [[0, 0], [1, 2], [2, 0], [0, 0]]), grad: true },
  { name: 'conv2d 1×1', inputs: [[3, 4, 4, 5], [1, 1, 5, 2]], f: (x, w) => tf.conv2d(t4(x), t4(w), 1, 'valid'), grad: true },
  // One input channel (a grayscale image's first layer): the input gradient is the engine's own loop,
  // over 16-channel blocks and a scalar tail (33 and 40 channels), strides and paddings (a dilated one
  // is in conv2d-bias-activation.spec.ts: tfjs has no gradient for dilated convolutions).
  { name: 'conv2d one input channel, 3×3 same, 33 channels, batch 2', inputs: [[2, 9, 7, 1], [3, 3, 1, 33]], f: (x, w) => tf.conv2d(t4(x), t4(w), 1, 'same'), grad: true },
  { name: 'conv2d one input channel, 4×4 stride 2 same (uneven padding), 16 channels', inputs: [[1, 7, 8, 1], [4, 4, 1, 16]], f: (x, w) => tf.conv2d(t4(x), t4(w), 2, 'same'), grad: true },
  { name: 'conv2d one input channel, 5×3 valid strides 3×2, 40 channels', inputs: [[1, 11, 9, 1], [5, 3, 1, 40]], f: (x, w) => tf.conv2d(t4(x), t4(w), [3, 2], 'valid'), grad: true },
  {
    name: 'fused conv2d + bias + relu (inference)',
    inputs: [[2, 6, 6, 3], [3, 3, 3, 4], [4]],
    f: (x, w, b) => tf.fused.conv2d({ x: t4(x), filter: t4(w), bias: b, strides: 1, pad: 'same', activation: 'relu' }),
  },
  {
    name: 'fused conv2d + bias + relu6, stride 2 valid',
    inputs: [[1, 7, 7, 2], [3, 3, 2, 3], [3]],
    f: (x, w, b) => tf.fused.conv2d({ x: t4(x), filter: t4(w), bias: b, strides: 2, pad: 'valid', activation: 'relu6' }),
    lo: -4,
    hi: 4,
  },
  // Fused convolutions run as one oneDNN primitive with the activation as a post-op where the addon is
  // built against the system oneDNN (linear, relu, relu6, sigmoid); the others take the libtorch path.
  {
    name: 'fused conv2d + bias + relu, 4×4 stride 2 same (uneven padding), 7×6, 19 → 33 channels',
    inputs: [[2, 7, 6, 19], [4, 4, 19, 33], [33]],
    f: (x, w, b) => tf.fused.conv2d({ x: t4(x), filter: t4(w), bias: b, strides: 2, pad: 'same', activation: 'relu' }),
    grad: true,
  },
  {
    name: 'fused conv2d 1×1 + bias + sigmoid',
    inputs: [[3, 4, 5, 8], [1, 1, 8, 6], [6]],
    f: (x, w, b) => tf.fused.conv2d({ x: t4(x), filter: t4(w), bias: b, strides: 1, pad: 'valid', activation: 'sigmoid' }),
    grad: true,
    lo: -3,
    hi: 3,
  },
  {
    name: 'fused conv2d without bias, linear, dilation 2 same, batch 1',
    inputs: [[1, 9, 7, 3], [3, 3, 3, 4]],
    f: (x, w) => tf.fused.conv2d({ x: t4(x), filter: t4(w), strides: 1, pad: 'same', dilations: 2 }),
  },
  {
    name: 'fused conv2d + bias + relu, explicit padding, strides 2×1',
    inputs: [[2, 6, 5, 2], [2, 3, 2, 3], [3]],
    f: (x, w, b) => tf.fused.conv2d({ x: t4(x), filter: t4(w), bias: b, strides: [2, 1], pad: [[0, 0], [1, 2], [2, 0], [0, 0]], activation: 'relu' }),
  },
  {
    name: 'fused conv2d + bias + leaky relu and prelu (not post-ops)',
    inputs: [[2, 5, 5, 2], [3, 3, 2, 3], [3], [3]],
    f: (x, w, b, a) => [
      tf.fused.conv2d({ x: t4(x), filter: t4(w), bias: b, strides: 1, pad: 'same', activation: 'leakyrelu', leakyreluAlpha: 0.2 }),
      tf.fused.conv2d({ x: t4(x), filter: t4(w), bias: b, strides: 1, pad: 'same', activation: 'prelu', preluActivationWeights: a }),
    ],
  },
  // Depthwise convolutions and their gradients.
  { name: 'depthwise 3×3 same, multiplier 2', inputs: [[2, 6, 5, 3], [3, 3, 3, 2]], f: (x, w) => tf.depthwiseConv2d(t4(x), t4(w), 1, 'same'), grad: true },
  { name: 'depthwise 3×3 valid stride 2, batch 1', inputs: [[1, 9, 8, 2], [3, 3, 2, 1]], f: (x, w) => tf.depthwiseConv2d(t4(x), t4(w), 2, 'valid'), grad: true },
  { name: 'depthwise dilation 2', inputs: [[1, 8, 8, 2], [3, 3, 2, 1]], f: (x, w) => tf.depthwiseConv2d(t4(x), t4(w), 1, 'same', 'NHWC', 2) },
  // Pooling (MaxPool, MaxPoolGrad with cached indices, AvgPool, AvgPoolGrad).
  { name: 'max-pool 2×2 stride 2 valid', inputs: [[2, 8, 6, 3]], f: (x) => tf.maxPool(t4(x), 2, 2, 'valid'), grad: true },
  { name: 'max-pool 3×3 stride 2 same (uneven padding), 7×5', inputs: [[1, 7, 5, 2]], f: (x) => tf.maxPool(t4(x), 3, 2, 'same'), grad: true },
  { name: 'max-pool 3×3 stride 1 same', inputs: [[2, 5, 5, 1]], f: (x) => tf.maxPool(t4(x), 3, 1, 'same'), grad: true },
  { name: 'max-pool with ties: the first maximum takes the gradient', inputs: [[2, 6, 6, 2]], f: (x) => tf.maxPool(t4(x), 2, 2, 'valid'), grad: true, integers: true, lo: 0, hi: 2 },
  // The AvgPoolGrad kernel keeps tfjs's contract (dy divided by the whole window, padding included);
  // the engine's AvgPool gradient corrects for the padding on every backend.
  { name: 'avg-pool 3×3 stride 2 same (padding left out of the mean)', inputs: [[2, 7, 6, 2]], f: (x) => tf.avgPool(t4(x), 3, 2, 'same'), grad: true },
  { name: 'avg-pool 2×2 valid', inputs: [[1, 6, 4, 3]], f: (x) => tf.avgPool(t4(x), 2, 2, 'valid'), grad: true },
  // Activations and their gradients (ReLU's is the native threshold backward).
  { name: 'relu and its gradient', inputs: [[3, 17]], f: (x) => tf.relu(x), grad: true },
  { name: 'relu6, leaky relu, elu, selu, prelu', inputs: [[4, 9], [9]], f: (x, a) => [tf.relu6(x.mul(5)), tf.leakyRelu(x, 0.1), tf.elu(x), tf.selu(x), tf.prelu(x, a)], grad: true, lo: -2, hi: 2 },
  { name: 'sigmoid, tanh, softplus, exp, square', inputs: [[5, 7]], f: (x) => [tf.sigmoid(x), tf.tanh(x), tf.softplus(x), tf.exp(x), tf.square(x)], grad: true, lo: -3, hi: 3 },
  { name: 'log, sqrt, rsqrt, reciprocal, log1p on positives', inputs: [[6, 5]], f: (x) => [tf.log(x), tf.sqrt(x), tf.rsqrt(x), tf.reciprocal(x), tf.log1p(x)], grad: true, lo: 0.2, hi: 3 },
  {
    name: 'trigonometry, rounding, sign, abs, neg, erf',
    inputs: [[4, 6]],
    f: (x) => [tf.sin(x), tf.cos(x), tf.tan(x), tf.asin(x.mul(0.9)), tf.acos(x.mul(0.9)), tf.atan(x), tf.sinh(x), tf.cosh(x), tf.asinh(x), tf.atanh(x.mul(0.9)), tf.floor(x.mul(3)), tf.ceil(x.mul(3)), tf.round(x.mul(3)), tf.sign(x), tf.abs(x), tf.neg(x), tf.erf(x), tf.expm1(x)],
    grad: true,
  },
  { name: 'clip and step', inputs: [[3, 8]], f: (x) => [tf.clipByValue(x, -0.3, 0.4), tf.step(x, 0.25)] },
  { name: 'step keeps NaN, and gives alpha at 0', inputs: [[3, 8]], f: (x) => tf.step(tf.concat([tf.div(x.round(), x.round()), x.round(), x], 1), -1.5), integers: true, lo: -2, hi: 2 },
  // Binary operations with broadcasting, comparisons, logic, select.
  {
    name: 'arithmetic with broadcasting',
    inputs: [[2, 3, 4], [3, 1]],
    f: (a, b) => [tf.add(a, b), tf.sub(a, b), tf.mul(a, b), tf.div(a, b.add(2))],
    grad: true,
  },
  // tfjs's gradients of these do not reduce over broadcast axes: forward with broadcasting, gradients without.
  {
    name: 'maximum, minimum, atan2, pow, squared difference with broadcasting',
    inputs: [[2, 3, 4], [3, 1]],
    f: (a, b) => [tf.maximum(a, b), tf.minimum(a, b), tf.atan2(a, b), tf.pow(a.abs().add(0.5), b), tf.squaredDifference(a, b)],
  },
  {
    name: 'maximum, minimum, atan2, pow, squared difference gradients',
    inputs: [[3, 4], [3, 4]],
    f: (a, b) => [tf.maximum(a, b), tf.minimum(a, b), tf.atan2(a, b), tf.pow(a.abs().add(0.5), b), tf.squaredDifference(a, b)],
    grad: true,
  },
  { name: 'floor division and mod keep the divisor sign', inputs: [[3, 5], [5]], f: (a, b) => [tf.floorDiv(a.mul(10), b.mul(3).add(4)), tf.mod(a.mul(10), b.mul(3).add(4))] },
  {
    name: 'comparisons, logic and select',
    inputs: [[3, 4], [4]],
    f: (a, b) => {
      const m = tf.greater(a, b);
      return [tf.equal(a.round(), b.round()), tf.notEqual(a, b), m, tf.greaterEqual(a, b), tf.less(a, b), tf.lessEqual(a, b), tf.logicalAnd(m, tf.less(a, 0.5)), tf.logicalOr(m, tf.less(a, -0.5)), tf.logicalNot(m), tf.logicalXor(m, tf.less(a, 0)), tf.where(m, a, b.broadcastTo([3, 4])), tf.isNaN(tf.div(a, a.round()))];
    },
  },

  { name: 'cast between float, int and bool', inputs: [[3, 5]], f: (x) => [tf.cast(x.mul(4), 'int32'), tf.cast(x.round(), 'bool'), tf.cast(tf.cast(x.mul(4), 'int32'), 'float32')] },
  { name: 'add-n, ones-like, zeros-like', inputs: [[2, 3], [2, 3], [2, 3]], f: (a, b, c) => [tf.addN([a, b, c]), tf.onesLike(a), tf.zerosLike(b)], grad: true },
  // Matrix products (BatchMatMul, _FusedMatMul).
  { name: 'matMul, every transpose combination', inputs: [[5, 3], [3, 4]], f: (a, b) => [tf.matMul(a, b), tf.matMul(a.transpose(), b.transpose(), true, true), tf.matMul(a, a, false, true), tf.matMul(b, b, true, false)], grad: true },
  { name: 'batched matMul', inputs: [[2, 3, 4], [2, 4, 5]], f: (a, b) => tf.matMul(a, b), grad: true },
  { name: 'batched matMul with a broadcast batch (forward)', inputs: [[2, 3, 4], [1, 4, 5]], f: (a, b) => tf.matMul(a, b) },
  { name: 'fused matMul + bias + relu (inference)', inputs: [[4, 6], [6, 3], [3]], f: (a, b, c) => tf.fused.matMul({ a, b, bias: c, activation: 'relu' }) },
  // Reductions, softmax, scans, top-k, arg-max.
  {
    name: 'sum, mean, max, min, prod over axes',
    inputs: [[3, 4, 5]],
    f: (x) => [tf.sum(x), tf.sum(x, [0, 2]), tf.mean(x, 1, true), tf.max(x, 2), tf.min(x, [0, 1]), tf.prod(x.add(1.5), 1), tf.sum(x, -1, true)],
    grad: true,
  },
  { name: 'integer and boolean reductions', inputs: [[4, 5]], f: (x) => [tf.sum(tf.cast(x.mul(5), 'int32'), 1), tf.all(tf.greater(x, -0.8), 0), tf.any(tf.greater(x, 0.8), 1)] },
  { name: 'arg-max and arg-min with ties take the first', inputs: [[4, 6]], f: (x) => [tf.argMax(x, 1), tf.argMin(x, 0)], integers: true, lo: 0, hi: 2 },
  { name: 'softmax and log-softmax', inputs: [[3, 7]], f: (x) => [tf.softmax(x.mul(3)), tf.logSoftmax(x)], grad: true },
  { name: 'cumsum: inclusive, exclusive, reversed', inputs: [[3, 6]], f: (x) => [tf.cumsum(x, 1), tf.cumsum(x, 1, true), tf.cumsum(x, 0, false, true), tf.cumsum(x, 1, true, true)] },
  { name: 'top-k with ties keeps the lower index first', inputs: [[3, 8]], f: (x) => { const { values, indices } = tf.topk(x, 3); return [values, indices]; }, integers: true, lo: 0, hi: 3 },
  // Shapes, slices, gathers.
  { name: 'expandDims at 0, 1, 2 and −1', inputs: [[2, 3]], f: (x) => [tf.expandDims(x, 0), tf.expandDims(x, 1), tf.expandDims(x, 2), tf.expandDims(x, -1)], grad: true },
  { name: 'reshape, transpose, broadcast, tile, reverse', inputs: [[2, 3, 4]], f: (x) => [x.reshape([4, -1]), x.transpose([2, 0, 1]), tf.broadcastTo(x.slice([0, 0, 0], [1, 3, 4]), [3, 3, 4]), tf.tile(x, [1, 2, 3]), tf.reverse(x, [0, 2])], grad: true },
  { name: 'concat, stack, unstack, split', inputs: [[2, 3], [2, 5]], f: (a, b) => [tf.concat([a, b], 1), tf.stack([a, a], 2), ...tf.unstack(b, 1), ...tf.split(b, [2, 3], 1)], grad: true },
  { name: 'slice and strided slice', inputs: [[4, 6, 3]], f: (x) => [tf.slice(x, [1, 2, 0], [2, -1, 2]), tf.stridedSlice(x, [0, 1, 0], [4, 6, 3], [2, 2, 1]), tf.stridedSlice(x, [1, 0], [3, 0], [1, 1], 0, 2, 0, 0, 1)] },
  { name: 'slice gradient', inputs: [[4, 6, 3]], f: (x) => tf.slice(x, [1, 2, 0], [2, -1, 2]), grad: true },
  { name: 'pad with a constant, mirror pad reflect and symmetric', inputs: [[2, 4, 3]], f: (x) => [tf.pad(x, [[0, 1], [2, 1], [1, 0]], 0.5), tf.mirrorPad(x, [[0, 0], [2, 1], [1, 2]], 'reflect'), tf.mirrorPad(x, [[1, 0], [2, 3], [0, 1]], 'symmetric')], grad: true },
  { name: 'gather along an axis (and its segment-sum gradient)', inputs: [[5, 4, 3]], f: (x) => [tf.gather(x, int([4, 0, 2, 2], [2, 2]), 0), tf.gather(x, int([3, 1], [2]), 1)], grad: true },
  { name: 'gather-nd, scatter-nd adding duplicates, segment sums', inputs: [[5, 4, 3], [3, 4], [6, 2]], f: (x, u, s) => [tf.gatherND(x, int([1, 2, 4, 0, 0, 3], [3, 2])), tf.scatterND(int([1, 3, 1], [3, 1]), u, [5, 4]), tf.unsortedSegmentSum(s, int([2, 0, 2, 1, 0, 2], [6]) as tf.Tensor1D, 4)] },
  { name: 'one-hot, range, fill, linspace-free building', inputs: [[1]], f: () => [tf.oneHot(int([0, 3, -1, 2], [4]), 4), tf.oneHot(int([1, 0], [2]), 3, 5, -2), tf.range(0, 10, 3), tf.range(5, 1, -1.5), tf.range(3, 3), tf.fill([2, 3], 7.5), tf.fill([2], 3, 'int32')] },
  // Resizing and its gradients.
  { name: 'resize bilinear, legacy corners', inputs: [[2, 5, 4, 2]], f: (x) => tf.image.resizeBilinear(t4(x), [8, 7]) },
  { name: 'resize bilinear, align corners, downsampling', inputs: [[1, 9, 7, 1]], f: (x) => tf.image.resizeBilinear(t4(x), [4, 3], true) },
  // The cpu kernel labels its result [B, W, H, C] (values laid out NHWC), hence the reshape.
  {
    name: 'resize bilinear gradient kernel, legacy and align corners',
    inputs: [[2, 5, 4, 2], [2, 8, 7, 2], [1, 9, 7, 1], [1, 4, 3, 1]],
    f: (x, dy, x2, dy2) => [
      tf.reshape(tf.engine().runKernel('ResizeBilinearGrad', { images: x, dy }, { alignCorners: false, halfPixelCenters: false }) as tf.Tensor, x.shape),
      tf.reshape(tf.engine().runKernel('ResizeBilinearGrad', { images: x2, dy: dy2 }, { alignCorners: true, halfPixelCenters: false }) as tf.Tensor, x2.shape),
    ],
  },
  { name: 'resize bilinear 8×8 → 64×64 (Grad-CAM upsampling), 1×1 and one-row images', inputs: [[2, 8, 8, 1], [2, 1, 1, 3], [1, 1, 6, 2]], f: (a, b, c) => [tf.image.resizeBilinear(t4(a), [64, 64]), tf.image.resizeBilinear(t4(b), [3, 2]), tf.image.resizeBilinear(t4(c), [4, 3], true)] },
  { name: 'resize bilinear, half-pixel centres (forward)', inputs: [[1, 4, 5, 3]], f: (x) => tf.image.resizeBilinear(t4(x), [9, 6], false, true) },
  { name: 'resize nearest neighbour: legacy, align corners, half-pixel', inputs: [[1, 5, 4, 2]], f: (x) => [tf.image.resizeNearestNeighbor(t4(x), [8, 9]), tf.image.resizeNearestNeighbor(t4(x), [3, 7], true), tf.image.resizeNearestNeighbor(t4(x), [7, 3], false, true)] },
  { name: 'resize nearest neighbour gradient, legacy corners', inputs: [[1, 5, 4, 2]], f: (x) => tf.image.resizeNearestNeighbor(t4(x), [8, 9]), grad: true },
  // Batch normalisation.
  { name: 'batch norm with offset and scale', inputs: [[2, 3, 3, 4], [4], [4], [4], [4]], f: (x, m, v, o, s) => tf.batchNorm(x, m, v.abs().add(0.1), o, s, 1e-3), grad: true },
];

function inputsFor(c: Case, index: number): tf.Tensor[] {
  return c.inputs.map((shape, i) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = seededValues(1000 * index + i + 1, size, c.lo ?? -1, c.hi ?? 1).map((v) => (c.integers ? Math.floor(v) : v));
    return tf.tensor(values, shape);
  });
}

function run(c: Case, index: number): tf.Tensor[] {
  const xs = inputsFor(c, index);
  const forward = c.f(...xs);
  const outputs = Array.isArray(forward) ? forward : [forward];
  if (!c.grad) return outputs;
  // Gradient of Σ r·f(x) for a fixed random r per output.
  const weighted = (...inputs: tf.Tensor[]) => {
    const ys = c.f(...inputs);
    return tf.addN((Array.isArray(ys) ? ys : [ys]).map((y, k) => tf.sum(tf.mul(tf.cast(y, 'float32'), tf.tensor(seededValues(77 + k, y.size), y.shape)))));
  };
  return [...outputs, ...tf.grads(weighted)(xs)];
}

describeNative('torch backend kernels against the cpu backend', () => {
  beforeAll(startTorchAndCpu);

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, index) => {
    const expected: Plain[] = await onBackend('cpu', () => run(c, index));
    resetTorchFallbacks();
    const actual = await onBackend('torch', () => run(c, index));
    expect(torchFallbacks()).toEqual({ calls: 0, kernels: {} });
    expect(actual).toHaveLength(expected.length);
    actual.forEach((a, k) => assertClose(a, expected[k]!, `${c.name}, output ${k}`, c.rtol ?? 2e-4, 2e-5));
  });
});
