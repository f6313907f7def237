import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { Activation } from './activation';
import { MaxPool2d } from './max-pool2d';
import { Sequential } from './sequential';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

// Rows: [-1 -2 -3 -4], [-5 -6 -7 -8], [-9 -1 -2 -3], [-4 -5 -6 -7]: all negative, so zero padding would win.
const negative = () => tf.tensor4d([-1, -2, -3, -4, -5, -6, -7, -8, -9, -1, -2, -3, -4, -5, -6, -7], [1, 4, 4, 1]);

describe('MaxPool2d', () => {
  test('3×3 stride 2 padding 1: padding never wins, and the gradient goes to the first maximum (wasm)', () => {
    const pool = new MaxPool2d({ kernel: 3, stride: 2, padding: 1 });
    const x = negative();
    expect(tf.tidy(() => Array.from(pool.apply(x).dataSync()))).toEqual([-1, -2, -1, -1]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(pool.apply(v)))(x);
    const expected = new Array(16).fill(0);
    expected[0] = 1;
    expected[1] = 1;
    expected[9] = 2; // the −1 at (2, 1) wins two windows
    expect(Array.from(g.dataSync())).toEqual(expected);
    tf.dispose([x, g]);
  });

  test('defaults: stride = kernel, valid padding, floor of odd sizes', () => {
    const pool = new MaxPool2d({ kernel: 2 });
    expect(pool.geometry).toEqual([{ kernel: 2, stride: 2, padding: 'valid', dilation: 1 }]);
    const x = tf.tensor4d(Array.from({ length: 25 }, (_, i) => i), [1, 5, 5, 1]);
    const y = pool.apply(x);
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(y.dataSync())).toEqual([6, 8, 16, 18]);
    tf.dispose([x, y]);
  });
});

describe('Activation and Sequential', () => {
  test('relu, sigmoid and exact GELU values', () => {
    const x = tf.tensor1d([-1, 0, 1]);
    const at = (kind: 'relu' | 'sigmoid' | 'gelu') => tf.tidy(() => Array.from(new Activation(kind).apply(x).dataSync()));
    expect(at('relu')).toEqual([0, 0, 1]);
    at('sigmoid').forEach((v, i) => expect(v).toBeCloseTo([0.2689414, 0.5, 0.7310586][i]!, 5));
    at('gelu').forEach((v, i) => expect(v).toBeCloseTo([-0.1586553, 0, 0.8413447][i]!, 5));
    x.dispose();
  });

  test('Sequential applies in order and concatenates geometry', () => {
    const seq = new Sequential([new MaxPool2d({ kernel: 2 }), new Activation('relu'), new MaxPool2d({ kernel: 3, stride: 1, padding: 'same' })]);
    expect(seq.geometry.map((g) => g.kernel)).toEqual([2, 3]);
    const x = negative();
    const y = seq.apply(x, { training: false });
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(y.dataSync())).toEqual([0, 0, 0, 0]);
    tf.dispose([x, y]);
  });
});
