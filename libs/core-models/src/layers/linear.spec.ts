import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { ParameterSet } from '../parameters/parameter-set';
import { Linear } from './linear';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

describe('Linear', () => {
  test('x·W + b by hand, on [B, in] and on [B, T, in]', () => {
    const params = new ParameterSet();
    const layer = new Linear(params, 'fc', { inFeatures: 3, outFeatures: 2 }, 1);
    tf.tidy(() => {
      layer.weight.assign(tf.tensor2d([1, 0, 0, 1, 2, -1], [3, 2]));
      layer.bias!.assign(tf.tensor1d([0.5, -0.5]));
    });
    const x = tf.tensor2d([1, 2, 3, -1, 0, 1], [2, 3]);
    // [1 2 3]·W = [1 + 6, 2 − 3] = [7, −1]; [−1 0 1]·W = [1, −1]
    expect(tf.tidy(() => Array.from(layer.apply(x).dataSync()))).toEqual([7.5, -1.5, 1.5, -1.5]);
    const tokens = tf.reshape(x, [1, 2, 3]);
    const y = layer.apply(tokens);
    expect(y.shape).toEqual([1, 2, 2]);
    expect(Array.from(y.dataSync())).toEqual([7.5, -1.5, 1.5, -1.5]);
    expect(() => layer.apply(tf.zeros([2, 4]))).toThrow(/expected \[\.\.\., 3\]/);
    tf.dispose([x, tokens, y]);
    params.dispose();
  });

  test('without bias there is no bias parameter; default init lies within ±1/√in', () => {
    const params = new ParameterSet();
    const layer = new Linear(params, 'fc', { inFeatures: 100, outFeatures: 50, bias: false }, 9);
    expect(params.names()).toEqual(['fc/weight']);
    const w = Array.from(layer.weight.dataSync());
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(0.1);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.09);
    const x = tf.ones([1, 100]);
    const sum = tf.tidy(() => tf.sum(layer.apply(x), 1).dataSync()[0]!);
    expect(sum).toBeCloseTo(w.reduce((a, b) => a + b, 0), 3);
    x.dispose();
    params.dispose();
  });
});
