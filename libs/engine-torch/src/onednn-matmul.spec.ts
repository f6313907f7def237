import * as tf from '@tensorflow/tfjs-core';
import { resetTorchFallbacks, torchFallbacks } from './cpu-fallback';
import { type Plain, assertClose, onBackend, plainCopies, seededValues, startTorchAndCpu } from './testing/backends';
import { describeNative } from './testing/describe-native';

/**
 * Matrix products large enough (≥ 2¹⁷ multiply-adds, at least 8 rows and columns) to run as oneDNN convolutions where libtorch's
 * BLAS is the system's generic one (native/onednn-matmul.h): a product worked out by hand, every
 * transpose combination, broadcast batches and the fused bias + activation against the cpu backend,
 * forward and through tf.grads, and the gradients against central finite differences.
 */

const seeded = (seed: number, shape: number[]) => tf.tensor(seededValues(seed, shape.reduce((a, b) => a * b, 1)), shape);

interface Case {
  name: string;
  shapes: number[][];
  f: (...xs: tf.Tensor[]) => tf.Tensor;
  /** tfjs's BatchMatMul gradient does not reduce a broadcast batch: forward only. */
  forwardOnly?: boolean;
}

// M·K·N ≥ 2¹⁷ and at least 8 rows and columns in every product below and in their gradients' products.
const CASES: Case[] = [
  { name: '[300, 40]·[40, 20]', shapes: [[300, 40], [40, 20]], f: (a, b) => tf.matMul(a, b) },
  { name: '[300, 40]·[20, 40]ᵀ (the prototype distances)', shapes: [[300, 40], [20, 40]], f: (a, b) => tf.matMul(a, b, false, true) },
  { name: '[40, 300]ᵀ·[40, 20]', shapes: [[40, 300], [40, 20]], f: (a, b) => tf.matMul(a, b, true, false) },
  { name: '[40, 300]ᵀ·[20, 40]ᵀ', shapes: [[40, 300], [20, 40]], f: (a, b) => tf.matMul(a, b, true, true) },
  { name: '[16, 40]·[40, 256] (wide: computed as (bᵀ·aᵀ)ᵀ)', shapes: [[16, 40], [40, 256]], f: (a, b) => tf.matMul(a, b) },
  { name: 'batched [3, 200, 30]·[3, 30, 24]', shapes: [[3, 200, 30], [3, 30, 24]], f: (a, b) => tf.matMul(a, b) },
  { name: 'batched with a broadcast batch [2, 200, 30]·[1, 30, 24]', shapes: [[2, 200, 30], [1, 30, 24]], f: (a, b) => tf.matMul(a, b), forwardOnly: true },
  {
    name: 'fused [300, 40]·[40, 20] + bias, relu',
    shapes: [[300, 40], [40, 20], [20]],
    f: (a, b, c) => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: c, activation: 'relu' }),
  },
];

function inputs(c: Case, index: number): tf.Tensor[] {
  return c.shapes.map((shape, i) => seeded(100 * index + i + 1, shape));
}

/** Outputs and the gradients of Σ r·f(x) for a fixed random r. */
function withGradients(c: Case, index: number): tf.Tensor[] {
  const xs = inputs(c, index);
  const y = c.f(...xs);
  if (c.forwardOnly) return [y];
  const r = seeded(77, y.shape);
  return [y, ...tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(c.f(...args), r)))(xs)];
}

describeNative('torch backend large matrix products', () => {
  beforeAll(startTorchAndCpu);

  it('a product worked out by hand: a_ik = i, b_kj = j gives c_ij = K·i·j', async () => {
    const [m, k, n] = [64, 64, 32];
    const a = Array.from({ length: m * k }, (_, at) => Math.floor(at / k));
    const b = Array.from({ length: k * n }, (_, at) => at % n);
    await tf.setBackend('torch');
    resetTorchFallbacks();
    const [c] = plainCopies(() => [tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n]))]);
    expect(torchFallbacks().calls).toBe(0);
    expect(c!.shape).toEqual([m, n]);
    c!.values.forEach((value, at) => expect(value).toBe(k * Math.floor(at / n) * (at % n)));
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s: values and gradients equal the cpu backend', async (_name, c, index) => {
    const expected: Plain[] = await onBackend('cpu', () => withGradients(c, index));
    resetTorchFallbacks();
    const actual = await onBackend('torch', () => withGradients(c, index));
    expect(torchFallbacks()).toEqual({ calls: 0, kernels: {} });
    expect(actual).toHaveLength(expected.length);
    actual.forEach((a, k) => assertClose(a, expected[k]!, `${c.name}, output ${k}`, 2e-4, 2e-4));
  });

  it.each(CASES.slice(0, 4).map((c, i) => [c.name, c, i] as const))('%s: gradients against central finite differences', async (_name, c, index) => {
    // L is linear in each operand, so the central difference is exact up to float32 rounding of L;
    // 24 sampled entries per operand keep the check cheap on the cpu backend.
    const H = 1e-1;
    const starts = c.shapes.map((shape, i) => seededValues(100 * index + i + 1, shape.reduce((a, b) => a * b, 1)));
    const loss = (...xs: tf.Tensor[]) => {
      const y = c.f(...xs);
      return tf.sum(tf.mul(y, seeded(77, y.shape)));
    };
    await tf.setBackend('torch');
    const analytic = plainCopies(() => tf.grads(loss)(starts.map((v, i) => tf.tensor(v, c.shapes[i]))));
    await tf.setBackend('cpu');
    const at = (values: number[][]) => tf.tidy(() => loss(...values.map((v, i) => tf.tensor(v, c.shapes[i]))).dataSync()[0]!);
    starts.forEach((start, i) => {
      const picks = seededValues(500 + i, 24, 0, start.length).map(Math.floor);
      for (const p of picks) {
        const point = starts.map((s) => s.slice());
        point[i]![p] = start[p]! + H;
        const up = at(point);
        point[i]![p] = start[p]! - H;
        const numeric = (up - at(point)) / (2 * H);
        const value = analytic[i]!.values[p]!;
        if (!(Math.abs(value - numeric) <= 2e-2 + 2e-3 * Math.abs(numeric))) throw new Error(`${c.name}, input ${i}, entry ${p}: ${value} against ${numeric}`);
      }
    });
  });
});
