import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { ParameterSet } from '../parameters/parameter-set';
import { BatchNorm } from './batch-norm';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

// Two channels, four values each: channel 0 = [1, 2, 3, 4], channel 1 = [2, 2, 2, 6].
const input = () => tf.tensor4d([1, 2, 2, 2, 3, 2, 4, 6], [2, 1, 2, 2]);
const values = (t: tf.Tensor) => Array.from(t.dataSync());

function setup(): { bn: BatchNorm; params: ParameterSet } {
  const params = new ParameterSet();
  const bn = new BatchNorm(params, 'bn', { channels: 2 }, 1);
  tf.tidy(() => {
    bn.gamma.assign(tf.tensor1d([2, 1]));
    bn.beta.assign(tf.tensor1d([0, 1]));
  });
  return { bn, params };
}

describe('BatchNorm', () => {
  test('training normalises by the batch mean and biased variance', () => {
    const { bn, params } = setup();
    const x = input();
    const y = tf.tidy(() => values(bn.apply(x, { training: true })));
    const s0 = 2 / Math.sqrt(1.25 + 1e-5); // channel 0: mean 2.5, var 1.25, gamma 2
    const s1 = 1 / Math.sqrt(3 + 1e-5); // channel 1: mean 3, var 3, beta 1
    const expected = [(1 - 2.5) * s0, (2 - 3) * s1 + 1, (2 - 2.5) * s0, (2 - 3) * s1 + 1, (3 - 2.5) * s0, (2 - 3) * s1 + 1, (4 - 2.5) * s0, (6 - 3) * s1 + 1];
    y.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    x.dispose();
    params.dispose();
  });

  test('each training step moves the statistics by momentum 0.1 towards the batch mean and unbiased variance', () => {
    const { bn, params } = setup();
    const x = input();
    tf.tidy(() => bn.apply(x, { training: true }));
    // mean: 0.9·0 + 0.1·[2.5, 3]; var: 0.9·1 + 0.1·(4/3)·[1.25, 3]
    expect(values(bn.movingMean)).toEqual([expect.closeTo(0.25, 6), expect.closeTo(0.3, 6)]);
    expect(values(bn.movingVar)).toEqual([expect.closeTo(0.9 + 0.1 * (1.25 * 4) / 3, 6), expect.closeTo(1.3, 6)]);
    tf.tidy(() => bn.apply(x, { training: true }));
    expect(values(bn.movingMean)).toEqual([expect.closeTo(0.9 * 0.25 + 0.25, 6), expect.closeTo(0.9 * 0.3 + 0.3, 6)]);
    x.dispose();
    params.dispose();
  });

  test('training output ignores the moving statistics; inference uses them and leaves them alone', () => {
    const { bn, params } = setup();
    const x = input();
    const trained = tf.tidy(() => values(bn.apply(x, { training: true })));
    tf.tidy(() => {
      bn.movingMean.assign(tf.tensor1d([1, -1]));
      bn.movingVar.assign(tf.tensor1d([4, 0.25]));
    });
    const again = tf.tidy(() => values(bn.apply(x, { training: true })));
    again.forEach((v, i) => expect(v).toBeCloseTo(trained[i]!, 5));

    tf.tidy(() => {
      bn.movingMean.assign(tf.tensor1d([1, -1]));
      bn.movingVar.assign(tf.tensor1d([4, 0.25]));
    });
    const inferred = tf.tidy(() => values(bn.apply(x, { training: false })));
    const raw = values(x);
    raw.forEach((v, i) => {
      const expected = i % 2 === 0 ? ((v - 1) / Math.sqrt(4 + 1e-5)) * 2 : (v + 1) / Math.sqrt(0.25 + 1e-5) + 1;
      expect(inferred[i]).toBeCloseTo(expected, 4);
    });
    expect(values(bn.movingMean)).toEqual([1, -1]);
    expect(values(bn.movingVar)).toEqual([4, 0.25]);
    x.dispose();
    params.dispose();
  });

  test('works on [B, C] vectors, keeps moving statistics out of the trainable set, refuses one value per channel', () => {
    const { bn, params } = setup();
    expect(params.trainable()).toEqual([bn.gamma, bn.beta]);
    expect(params.state()).toEqual([bn.movingMean, bn.movingVar]);
    const v = tf.tensor2d([0, 10, 2, 20], [2, 2]);
    const y = tf.tidy(() => values(bn.apply(v, { training: true })));
    expect(y[0]).toBeCloseTo(-2 / Math.sqrt(1 + 1e-5), 5);
    expect(y[3]).toBeCloseTo(1 + 5 / Math.sqrt(25 + 1e-5), 5);
    const single = tf.zeros([1, 1, 1, 2]);
    expect(() => bn.apply(single, { training: true })).toThrow(/more than one value per channel/);
    expect(() => bn.apply(tf.zeros([2, 3]), { training: true })).toThrow(/expected 2 channels/);
    tf.dispose([v, single]);
    params.dispose();
  });

  test('inside a gradient computation: gamma and beta get gradients, the statistics update once, nothing leaks', () => {
    const { bn, params } = setup();
    const x = input();
    const target = tf.tensor4d([1, 0, 0, 1, 1, 1, 0, 0], [2, 1, 2, 2]);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(bn.apply(x, { training: true }), target)), params.trainable());
    expect(Object.keys(grads)).toHaveLength(2);
    for (const g of Object.values(grads)) expect(tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]!)).toBeGreaterThan(0);
    expect(values(bn.movingMean)[0]).toBeCloseTo(0.25, 6);
    tf.dispose([value, grads]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, target]);
    params.dispose();
  });
});
