import * as tf from '@tensorflow/tfjs-core';
import { resetTorchFallbacks, torchFallbacks } from './cpu-fallback';
import { type Plain, assertClose, plainCopies, seededValues, startTorchAndCpu } from './testing/backends';
import { describeNative } from './testing/describe-native';

/**
 * The torch backend's gradients (native convolution, pooling, ReLU, matmul and resize gradients)
 * against central finite differences of L(x) = Σ r·f(x), with f evaluated on tfjs's cpu backend:
 * ∂L/∂x_i ≈ (L(x + h·e_i) − L(x − h·e_i)) / 2h. Inputs of piecewise-linear functions are kept
 * further than h from their kinks, so the differences are exact up to float32 rounding.
 */

const H = 1e-2;

interface Case {
  name: string;
  shapes: number[][];
  f: (...xs: tf.Tensor[]) => tf.Tensor;
  /** Distinct values 0.05 apart (no ties, no kink within h). */
  distinct?: boolean;
}

const t4 = (x: tf.Tensor) => x as tf.Tensor4D;

const CASES: Case[] = [
  { name: 'conv2d 4×4 same stride 2 (uneven padding)', shapes: [[1, 7, 6, 2], [4, 4, 2, 2]], f: (x, w) => tf.conv2d(t4(x), t4(w), 2, 'same') },
  { name: 'conv2d 3×3 explicit padding, stride 1, batch 2', shapes: [[2, 5, 4, 1], [3, 3, 1, 2]], f: (x, w) => tf.conv2d(t4(x), t4(w), 1, [[0, 0], [2, 0], [1, 1], [0, 0]]) },
  { name: 'depthwise 3×3 valid stride 2, multiplier 2', shapes: [[1, 7, 7, 2], [3, 3, 2, 2]], f: (x, w) => tf.depthwiseConv2d(t4(x), t4(w), 2, 'valid') },
  { name: 'max-pool 3×3 stride 2 same (cached indices)', shapes: [[2, 7, 5, 2]], f: (x) => tf.maxPool(t4(x), 3, 2, 'same'), distinct: true },
  { name: 'max-pool 2×2 stride 2 valid, odd size', shapes: [[1, 7, 9, 3]], f: (x) => tf.maxPool(t4(x), 2, 2, 'valid'), distinct: true },
  { name: 'avg-pool 2×2 stride 2 valid, odd size', shapes: [[1, 7, 5, 2]], f: (x) => tf.avgPool(t4(x), 2, 2, 'valid') },
  { name: 'relu (threshold backward)', shapes: [[4, 30]], f: (x) => tf.relu(x), distinct: true },
  { name: 'matMul with both operands transposed', shapes: [[4, 5], [3, 4]], f: (a, b) => tf.matMul(a, b, true, true) },
  { name: 'resize bilinear, half-pixel centres', shapes: [[1, 4, 5, 2]], f: (x) => tf.image.resizeBilinear(t4(x), [7, 3], false, true) },
  { name: 'resize bilinear, align corners', shapes: [[1, 5, 4, 1]], f: (x) => tf.image.resizeBilinear(t4(x), [9, 7], true) },
  { name: 'resize nearest neighbour, half-pixel centres', shapes: [[1, 5, 4, 2]], f: (x) => tf.image.resizeNearestNeighbor(t4(x), [7, 9], false, true) },
];

function startValues(c: Case, index: number, i: number, size: number): number[] {
  if (!c.distinct) return seededValues(100 * index + i + 1, size);
  // A seeded shuffle of −size/2·0.05 … size/2·0.05, offset so none is within h of 0.
  const keys = seededValues(100 * index + i + 1, size);
  return Array.from({ length: size }, (_, k) => k)
    .sort((a, b) => keys[a]! - keys[b]!)
    .map((rank) => (rank - size / 2) * 0.05 + 0.025);
}

describeNative('torch backend gradients against finite differences', () => {
  beforeAll(startTorchAndCpu);

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, index) => {
    const starts = c.shapes.map((shape, i) => startValues(c, index, i, shape.reduce((a, b) => a * b, 1)));
    const weightsFor = (y: tf.Tensor) => tf.tensor(seededValues(999, y.size), y.shape);
    const loss = (...xs: tf.Tensor[]) => {
      const y = c.f(...xs);
      return tf.sum(tf.mul(y, weightsFor(y)));
    };

    await tf.setBackend('torch');
    resetTorchFallbacks();
    const analytic: Plain[] = plainCopies(() => tf.grads(loss)(starts.map((v, i) => tf.tensor(v, c.shapes[i]))));
    expect(torchFallbacks().calls).toBe(0);

    await tf.setBackend('cpu');
    const at = (values: number[][]) => tf.tidy(() => loss(...values.map((v, i) => tf.tensor(v, c.shapes[i]))).dataSync()[0]!);
    starts.forEach((start, i) => {
      const numeric = start.map((value, k) => {
        const point = starts.map((s) => s.slice());
        point[i]![k] = value + H;
        const up = at(point);
        point[i]![k] = value - H;
        return (up - at(point)) / (2 * H);
      });
      assertClose(analytic[i]!, { shape: c.shapes[i]!, dtype: 'float32', values: numeric }, `${c.name}, input ${i}`, 2e-3, 2e-3);
    });
  });
});
