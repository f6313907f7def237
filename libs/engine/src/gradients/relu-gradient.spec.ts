import * as tf from '@tensorflow/tfjs-core';
import { Relu } from '@tensorflow/tfjs-core';
import { initEngine } from '../engine';
import { reluGradConfig } from './relu-gradient';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('ReLU gradient', () => {
  it('is the registered one, and passes dy where x > 0 (0 at x ≤ 0, as tfjs and PyTorch define it)', () => {
    expect(tf.getGradient(Relu)).toBe(reluGradConfig);
    const x = tf.tensor1d([-2, -0, 0, 1e-7, 3]);
    const dy = tf.tensor1d([5, 6, 7, 8, 9]);
    const [g] = tf.grads((a: tf.Tensor) => tf.mul(tf.relu(a), dy))([x]);
    expect(Array.from(g!.dataSync())).toEqual([0, 0, 0, 8, 9]);
  });

  it('handles int32 inputs', () => {
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.relu(a)))(tf.tensor1d([-1, 2], 'int32'));
    expect(Array.from(g.dataSync())).toEqual([0, 1]);
  });
});
