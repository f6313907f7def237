import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { Adam } from './adam';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

/** Adam written out in float64 for one scalar parameter, independently of the tensor code. */
function adamByHand(theta: number, grads: number[], lr: number, wd: number): number {
  let m = 0;
  let v = 0;
  grads.forEach((g0, t) => {
    const g = g0 + wd * theta;
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    const mHat = m / (1 - 0.9 ** (t + 1));
    const vHat = v / (1 - 0.999 ** (t + 1));
    theta -= (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
  });
  return theta;
}

describe('Adam', () => {
  it('matches the update rule worked in float64, with weight decay and a learning-rate change', () => {
    const w = tf.variable(tf.tensor1d([0.5, -2]));
    const adam = new Adam([w], { learningRate: 0.1, weightDecay: 0.01 });
    const grads = [[0.3, -1], [0.1, 2], [-0.4, 0.5]];
    grads.forEach((g) => adam.apply([tf.tensor1d(g)]));
    const got = w.dataSync();
    expect(got[0]).toBeCloseTo(adamByHand(0.5, grads.map((g) => g[0]!), 0.1, 0.01), 5);
    expect(got[1]).toBeCloseTo(adamByHand(-2, grads.map((g) => g[1]!), 0.1, 0.01), 5);
    // The first step moves each weight by ≈ lr against the sign of its gradient (m̂/√v̂ = ±1).
    const fresh = tf.variable(tf.tensor1d([0, 0]));
    new Adam([fresh], { learningRate: 0.05 }).apply([tf.tensor1d([3, -0.001])]);
    expect(Array.from(fresh.dataSync())).toEqual([expect.closeTo(-0.05, 6), expect.closeTo(0.05, 4)]);
  });

  it('resumes exactly from exported state', () => {
    const make = () => tf.variable(tf.tensor1d([1, 2, 3]));
    const grads = (k: number) => tf.tensor1d([0.1 * k, -0.2, 0.05 * k * k]);
    const a = make();
    const straight = new Adam([a], { learningRate: 0.01 });
    for (let k = 1; k <= 4; k++) straight.apply([grads(k)]);

    const b = make();
    const first = new Adam([b], { learningRate: 0.01 });
    for (let k = 1; k <= 2; k++) first.apply([grads(k)]);
    const saved = { state: first.exportState(), weights: b.dataSync().slice() };
    const c = tf.variable(tf.tensor1d(Array.from(saved.weights)));
    const resumed = new Adam([c], { learningRate: 0.01 });
    resumed.importState(saved.state);
    for (let k = 3; k <= 4; k++) resumed.apply([grads(k)]);
    expect(Array.from(c.dataSync())).toEqual(Array.from(a.dataSync()));
  });

  it('leaves a variable without a gradient unchanged and leaks no tensors', () => {
    const w = tf.variable(tf.tensor1d([1]));
    const frozen = tf.variable(tf.tensor1d([7]));
    const adam = new Adam([w, frozen], { learningRate: 0.1 });
    adam.apply([tf.tensor1d([1]), undefined]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const g = tf.tensor1d([1]);
      adam.apply([g, undefined]);
      g.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(frozen.dataSync()[0]).toBe(7);
  });
});
