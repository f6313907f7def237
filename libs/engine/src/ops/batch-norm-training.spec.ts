import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Registers the ops' gradients (tfjs-core alone registers none).
import '@tensorflow/tfjs';
import { startTorchBackend } from '../testing/backends';
import { BATCH_NORM_TRAINING_KERNEL, batchNormTraining } from './batch-norm-training';

/**
 * batchNormTraining on the composed path (cpu) and, where the addon is built, on torch's one kernel
 * each way: the same y, statistics and gradients, and against values worked out by hand.
 */

const torch = startTorchBackend();

function run() {
  return tf.tidy(() => {
    // Channel 0: 1, 2, 3, 6 (mean 3, biased variance 3.5); channel 1: 0, 0, 4, 4 (mean 2, variance 4).
    const x = tf.tensor4d([1, 0, 2, 0, 3, 4, 6, 4], [1, 2, 2, 2]);
    const gamma = tf.tensor1d([2, 1]);
    const beta = tf.tensor1d([0.5, -1]);
    const { y, mean, variance } = batchNormTraining(x, gamma, beta, 1e-5);
    const r = tf.tensor4d([1, 2, -1, 0, 0.5, 1, 3, -2], [1, 2, 2, 2]);
    const grads = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(batchNormTraining(a, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5).y, r)))([x, gamma, beta]);
    return { values: [y, mean, variance, ...grads].map((t) => Array.from(t.dataSync())) };
  });
}

describe('batchNormTraining', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('normalises by the batch statistics (cpu, composed), worked by hand', async () => {
    await tf.setBackend('cpu');
    const { values } = run();
    const [y, mean, variance, dx, dgamma, dbeta] = values;
    expect(mean![0]).toBeCloseTo(3, 6);
    expect(mean![1]).toBeCloseTo(2, 6);
    expect(variance![0]).toBeCloseTo(3.5, 5);
    expect(variance![1]).toBeCloseTo(4, 5);
    // y of x = 6 in channel 0: 2·(6 − 3)/√3.5 + 0.5; of x = 4 in channel 1: (4 − 2)/2 − 1 = 0.
    expect(y![6]).toBeCloseTo((2 * 3) / Math.sqrt(3.5 + 1e-5) + 0.5, 4);
    expect(y![7]).toBeCloseTo(0, 4);
    // dβ = Σ r per channel; dγ = Σ r·x̂.
    expect(dbeta![0]).toBeCloseTo(1 - 1 + 0.5 + 3, 5);
    expect(dbeta![1]).toBeCloseTo(2 + 0 + 1 - 2, 5);
    const xHat0 = [1, 2, 3, 6].map((v) => (v - 3) / Math.sqrt(3.5 + 1e-5));
    expect(dgamma![0]).toBeCloseTo([1, -1, 0.5, 3].reduce((a, r, i) => a + r * xHat0[i]!, 0), 4);
    // Σ dx over a channel is 0: shifting x by a constant does not change y.
    expect(dx![0]! + dx![2]! + dx![4]! + dx![6]!).toBeCloseTo(0, 4);
  });

  it('rejects statistics of the wrong size, naming the shapes', async () => {
    await tf.setBackend('cpu');
    expect(() => batchNormTraining(tf.ones([2, 3]), tf.ones([2]), tf.zeros([3]), 1e-5)).toThrow(/x \[2, 3\] needs gamma and beta of \[3\], got \[2\] and \[3\]/);
    expect(() => batchNormTraining(tf.ones([2, 3]), tf.ones([3]), tf.zeros([3]), 0)).toThrow(/epsilon must be > 0, got 0/);
  });

  (torch ? it : it.skip)('runs as one native kernel on torch, with the same values and gradients as the composed path', async () => {
    await tf.setBackend('cpu');
    const composed = run().values;
    await tf.setBackend('torch');
    torch!.resetTorchFallbacks();
    const profile = await tf.profile(() => {
      run();
    });
    const native = run().values;
    expect(profile.kernelNames).toContain(BATCH_NORM_TRAINING_KERNEL);
    expect(profile.kernelNames).not.toContain('Mean');
    expect(torch!.torchFallbacks().calls).toBe(0);
    native.forEach((values, i) => values.forEach((v, k) => expect(v).toBeCloseTo(composed[i]![k]!, 4)));
  });
});
