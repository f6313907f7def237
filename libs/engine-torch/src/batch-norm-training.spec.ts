import * as tf from '@tensorflow/tfjs-core';
import { resetTorchFallbacks, torchFallbacks } from './cpu-fallback';
import { BATCH_NORM_TRAINING } from './kernels';
import { seededValues, startTorchAndCpu } from './testing/backends';
import { describeNative } from './testing/describe-native';

/**
 * The native batch norm (training mode) against a float64 reference written out here: per channel
 * (last axis) μ = mean, σ² = biased variance, y = γ·(x − μ)/√(σ² + ε) + β; its gradients (one native
 * backward kernel) against central finite differences of L = Σ r·y of that reference.
 */

const EPSILON = 1e-5;

interface Reference {
  y: number[];
  mean: number[];
  variance: number[];
}

function referenceBatchNorm(x: number[], gamma: number[], beta: number[]): Reference {
  const c = gamma.length;
  const n = x.length / c;
  const mean = gamma.map((_, k) => x.filter((_, i) => i % c === k).reduce((a, b) => a + b, 0) / n);
  const variance = gamma.map((_, k) => x.filter((_, i) => i % c === k).reduce((a, v) => a + (v - mean[k]!) ** 2, 0) / n);
  const y = x.map((v, i) => (gamma[i % c]! * (v - mean[i % c]!)) / Math.sqrt(variance[i % c]! + EPSILON) + beta[i % c]!);
  return { y, mean, variance };
}

const batchNorm = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) =>
  tf.engine().runKernel(BATCH_NORM_TRAINING, { x, gamma, beta }, { epsilon: EPSILON }) as tf.Tensor[];

function expectClose(actual: ArrayLike<number>, expected: number[], label: string, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    if (!(Math.abs(actual[i]! - e) <= tolerance * (1 + Math.abs(e)))) throw new Error(`${label}: element ${i} is ${actual[i]}, expected ${e}`);
  });
}

const CASES: { name: string; shape: number[] }[] = [
  { name: 'NHWC maps [2, 5, 3, 4]', shape: [2, 5, 3, 4] },
  { name: 'batch 1, odd map [1, 3, 5, 2]', shape: [1, 3, 5, 2] },
  { name: 'vectors [7, 3]', shape: [7, 3] },
];

describeNative('torch batch norm (training)', () => {
  beforeAll(startTorchAndCpu);

  it.each(CASES.map((c, i) => [c.name, c.shape, i] as const))('%s: forward and gradients', async (_name, shape, index) => {
    await tf.setBackend('torch');
    const channels = shape[shape.length - 1]!;
    const size = shape.reduce((a, b) => a * b, 1);
    const x = seededValues(10 * index + 1, size, -2, 3);
    const gamma = seededValues(10 * index + 2, channels, 0.5, 1.5);
    const beta = seededValues(10 * index + 3, channels, -1, 1);
    const weights = seededValues(10 * index + 4, size);
    const before = tf.memory().numTensors;
    resetTorchFallbacks();

    const [y, mean, variance] = tf.tidy(() => batchNorm(tf.tensor(x, shape), tf.tensor1d(gamma), tf.tensor1d(beta)).map((t) => tf.keep(t)));
    const expected = referenceBatchNorm(x, gamma, beta);
    expectClose(y!.dataSync(), expected.y, 'y', 1e-5);
    expectClose(mean!.dataSync(), expected.mean, 'mean', 1e-6);
    expectClose(variance!.dataSync(), expected.variance, 'variance', 1e-5);
    expect(y!.shape).toEqual(shape);
    tf.dispose([y!, mean!, variance!]);

    const grads = tf.tidy(() =>
      tf.grads((xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(batchNorm(xs, g, b)[0]!, tf.tensor(weights, shape))))([
        tf.tensor(x, shape),
        tf.tensor1d(gamma),
        tf.tensor1d(beta),
      ]),
    );
    const analytic = grads.map((g) => Array.from(g.dataSync()));
    tf.dispose(grads);
    expect(torchFallbacks().calls).toBe(0);
    expect(tf.memory().numTensors).toBe(before);

    // Central differences of the float64 reference: L(p + h) − L(p − h) over 2h.
    const loss = (xs: number[], g: number[], b: number[]) => referenceBatchNorm(xs, g, b).y.reduce((a, v, i) => a + v * weights[i]!, 0);
    const h = 1e-4;
    const numeric = [x, gamma, beta].map((values, which) =>
      values.map((_, k) => {
        const shifted = (delta: number) => {
          const args = [x.slice(), gamma.slice(), beta.slice()];
          args[which]![k]! += delta;
          return loss(args[0]!, args[1]!, args[2]!);
        };
        return (shifted(h) - shifted(-h)) / (2 * h);
      }),
    );
    ['dx', 'dgamma', 'dbeta'].forEach((label, i) => expectClose(analytic[i]!, numeric[i]!, label, 2e-4));
  });

  it('names a wrong epsilon', async () => {
    await tf.setBackend('torch');
    expect(() => tf.tidy(() => tf.engine().runKernel(BATCH_NORM_TRAINING, { x: tf.ones([2, 2]), gamma: tf.ones([2]), beta: tf.zeros([2]) }, { epsilon: 0 }))).toThrow(
      /epsilon must be a number > 0, got 0/,
    );
  });
});
