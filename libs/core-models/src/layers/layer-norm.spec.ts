import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { ParameterSet } from '../parameters/parameter-set';
import { LayerNorm } from './layer-norm';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

test('LayerNorm normalises each row over its last axis, then scales and shifts per feature', () => {
  const params = new ParameterSet();
  const ln = new LayerNorm(params, 'ln', { features: 4 }, 1);
  tf.tidy(() => {
    ln.gamma.assign(tf.tensor1d([1, 2, 1, 1]));
    ln.beta.assign(tf.tensor1d([0, 0, 0, 10]));
  });
  const x = tf.tensor3d([1, 2, 3, 4, 5, 5, 5, 5], [1, 2, 4]);
  const y = tf.tidy(() => Array.from(ln.apply(x).dataSync()));
  const s = 1 / Math.sqrt(1.25 + 1e-5); // row 1: mean 2.5, var 1.25
  [-1.5 * s, 2 * -0.5 * s, 0.5 * s, 1.5 * s + 10, 0, 0, 0, 10].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 4));
  expect(params.names()).toEqual(['ln/gamma', 'ln/beta']);
  x.dispose();
  params.dispose();
});
