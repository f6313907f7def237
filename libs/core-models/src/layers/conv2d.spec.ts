import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@protoscope/engine';
import { initializers } from '../parameters/initializers';
import { ParameterSet } from '../parameters/parameter-set';
import { Activation } from './activation';
import { Conv2d, type Conv2dOptions } from './conv2d';
import { Sequential } from './sequential';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

const x3x3 = () => tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);

function conv(options: Conv2dOptions, filter: number[], bias?: number[]): { layer: Conv2d; params: ParameterSet } {
  const params = new ParameterSet();
  const layer = new Conv2d(params, 'c', options, 1);
  tf.tidy(() => layer.filter.assign(tf.tensor(filter, layer.filter.shape)));
  if (bias) tf.tidy(() => layer.bias!.assign(tf.tensor1d(bias)));
  return { layer, params };
}

const run = (layer: Conv2d, x: tf.Tensor4D) => tf.tidy(() => {
  const y = layer.apply(x);
  return { shape: y.shape, values: Array.from(y.dataSync()) };
});

describe('Conv2d', () => {
  test('valid 2×2 with bias, by hand', () => {
    const { layer, params } = conv({ inChannels: 1, outChannels: 1, kernel: 2, padding: 'valid' }, [1, 2, 3, 4], [0.5]);
    const x = x3x3();
    // [1 2; 4 5]·[1 2; 3 4] = 1 + 4 + 12 + 20 = 37, and so on, plus 0.5.
    expect(run(layer, x)).toEqual({ shape: [1, 2, 2, 1], values: [37.5, 47.5, 67.5, 77.5] });
    x.dispose();
    params.dispose();
  });

  test('numeric padding 1 with stride 2 pads every side with zeros (PyTorch padding=1)', () => {
    const { layer, params } = conv({ inChannels: 1, outChannels: 1, kernel: 3, stride: 2, padding: 1, bias: false }, Array(9).fill(1));
    const x = x3x3();
    expect(run(layer, x)).toEqual({ shape: [1, 2, 2, 1], values: [12, 16, 24, 28] });
    expect(layer.geometry).toEqual([{ kernel: 3, stride: 2, padding: 1, dilation: 1 }]);
    x.dispose();
    params.dispose();
  });

  test('dilation 2 takes the corner taps of a 3×3 window', () => {
    const { layer, params } = conv({ inChannels: 1, outChannels: 1, kernel: 2, dilation: 2, padding: 'valid', bias: false }, [1, 2, 3, 4]);
    const x = x3x3();
    expect(run(layer, x)).toEqual({ shape: [1, 1, 1, 1], values: [1 * 1 + 2 * 3 + 3 * 7 + 4 * 9] });
    x.dispose();
    params.dispose();
  });

  test("'same' keeps ⌈n/s⌉ and mixes input channels into each output channel", () => {
    // Two input channels, two outputs: out0 = ch0 + 10·ch1 (centre tap only), out1 = ch1.
    const filter = new Array(3 * 3 * 2 * 2).fill(0);
    const at = (kh: number, kw: number, cin: number, cout: number) => ((kh * 3 + kw) * 2 + cin) * 2 + cout;
    filter[at(1, 1, 0, 0)] = 1;
    filter[at(1, 1, 1, 0)] = 10;
    filter[at(1, 1, 1, 1)] = 1;
    const { layer, params } = conv({ inChannels: 2, outChannels: 2, kernel: 3, stride: 2, bias: false }, filter);
    const x = tf.tensor4d(Array.from({ length: 4 * 4 * 2 }, (_, i) => i), [1, 4, 4, 2]);
    const { shape, values } = run(layer, x);
    expect(shape).toEqual([1, 2, 2, 2]);
    // 4 px, stride 2: one pixel of padding in all, which TensorFlow puts after (bottom/right), so the
    // windows start at pixels 0 and 2 and are centred on pixels 1 and 3.
    const pixel = (r: number, c: number) => [(r * 4 + c) * 2, (r * 4 + c) * 2 + 1] as const;
    const expected = [pixel(1, 1), pixel(1, 3), pixel(3, 1), pixel(3, 3)].flatMap(([a, b]) => [a + 10 * b, b]);
    expect(values).toEqual(expected);
    x.dispose();
    params.dispose();
  });

  test('parameters: names, shapes, He fan_out init by default, no bias when asked', () => {
    const params = new ParameterSet();
    new Conv2d(params, 'net/conv', { inChannels: 3, outChannels: 8, kernel: 5 }, 1);
    new Conv2d(params, 'net/nobias', { inChannels: 3, outChannels: 8, kernel: 1, bias: false }, 1);
    expect(params.names()).toEqual(['net/conv/filter', 'net/conv/bias', 'net/nobias/filter']);
    expect(params.get('net/conv/filter').shape).toEqual([5, 5, 3, 8]);
    expect(Array.from(params.get('net/conv/bias').dataSync())).toEqual(new Array(8).fill(0));
    const big = new Conv2d(params, 'big', { inChannels: 64, outChannels: 256, kernel: 3, init: initializers.heNormal({ mode: 'fan_out' }) }, 1);
    const std = tf.tidy(() => Math.sqrt(tf.moments(big.filter).variance.dataSync()[0]!));
    expect(Math.abs(std / Math.sqrt(2 / (9 * 256)) - 1)).toBeLessThan(0.01);
    params.dispose();
  });

  test('rejects stride with dilation and bad sizes', () => {
    const params = new ParameterSet();
    expect(() => new Conv2d(params, 'a', { inChannels: 1, outChannels: 1, kernel: 3, stride: 2, dilation: 2 }, 1)).toThrow(/stride 2 with dilation 2/);
    expect(() => new Conv2d(params, 'b', { inChannels: 0, outChannels: 1, kernel: 3 }, 1)).toThrow(/inChannels/);
    expect(() => new Conv2d(params, 'c', { inChannels: 1, outChannels: 1, kernel: 3, padding: -1 }, 1)).toThrow(/padding/);
    params.dispose();
  });

  test('gradients reach the filter and the bias on wasm (dilated too)', () => {
    const params = new ParameterSet();
    const layer = new Conv2d(params, 'c', { inChannels: 2, outChannels: 3, kernel: 3, dilation: 2, padding: 2 }, 4);
    const x = tf.randomUniform([2, 7, 7, 2], -1, 1, 'float32', 3) as tf.Tensor4D;
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x))), params.trainable());
    for (const g of Object.values(grads)) expect(tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]!)).toBeGreaterThan(0);
    tf.dispose([x, grads]);
    params.dispose();
  });

  test('activation option: relu and sigmoid after the bias, by hand', () => {
    const relu = conv({ inChannels: 1, outChannels: 1, kernel: 2, padding: 'valid', activation: 'relu' }, [1, 0, 0, -1], [0.5]);
    const sigmoid = conv({ inChannels: 1, outChannels: 1, kernel: 1, padding: 'valid', activation: 'sigmoid' }, [1], [0]);
    const x = tf.tensor4d([1, 2, 3, 4, 9, 6, 7, 8, 0], [1, 3, 3, 1]);
    // x[r][c] − x[r+1][c+1] + 0.5: 1 − 9, 2 − 6, 4 − 8, 9 − 0, each + 0.5, then ReLU.
    expect(run(relu.layer, x)).toEqual({ shape: [1, 2, 2, 1], values: [0, 0, 0, 9.5] });
    expect(run(sigmoid.layer, x).values[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
    expect(() => conv({ inChannels: 1, outChannels: 1, kernel: 1, activation: 'gelu' as never }, [1])).toThrow("c: activation must be one of linear, relu, sigmoid, got 'gelu'");
    tf.dispose(x);
    relu.params.dispose();
    sigmoid.params.dispose();
  });

  test('a Sequential of a biased conv and a ReLU fuses them, with the same values and gradients', () => {
    const params = new ParameterSet();
    const first = new Conv2d(params, 'a', { inChannels: 2, outChannels: 3, kernel: 3, stride: 2 }, 5);
    const second = new Conv2d(params, 'b', { inChannels: 3, outChannels: 2, kernel: 1, padding: 'valid' }, 6);
    tf.tidy(() => first.bias!.assign(tf.tensor1d([0.3, -0.2, 0.1])));
    const fused = new Sequential([first, new Activation('relu'), second, new Activation('sigmoid')]);
    const separate = (x: tf.Tensor) => tf.sigmoid(second.apply(tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, first.filter as tf.Tensor4D, 2, 'same'), first.bias!))));
    const x = tf.randomUniform([2, 7, 6, 2], -1, 1, 'float32', 3) as tf.Tensor4D;
    const lossOf = (f: (x: tf.Tensor) => tf.Tensor) => () => tf.sum(tf.mul(f(x), tf.linspace(-1, 1, 2 * 4 * 3 * 2).reshape([2, 4, 3, 2]))) as tf.Scalar;
    const ours = tf.variableGrads(lossOf((h) => fused.apply(h, { training: true })), params.trainable());
    const theirs = tf.variableGrads(lossOf(separate), params.trainable());
    expect(ours.value.dataSync()[0]).toBeCloseTo(theirs.value.dataSync()[0]!, 5);
    for (const name of Object.keys(theirs.grads)) {
      const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(ours.grads[name]!, theirs.grads[name]!))).dataSync()[0]!);
      const scale = tf.tidy(() => tf.max(tf.abs(theirs.grads[name]!)).dataSync()[0]!);
      expect(scale).toBeGreaterThan(0);
      expect(difference).toBeLessThan(1e-5 * scale + 1e-7);
    }
    tf.dispose([x, ours.value, theirs.value, ours.grads, theirs.grads]);
    params.dispose();
  });
});
