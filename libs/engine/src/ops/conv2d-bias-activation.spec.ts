import * as tf from '@tensorflow/tfjs-core';
import { assertSameResult, runOn, startTorchBackend, startWasmEngine } from '../testing/backends';
import { seededRng, uniform } from '../testing/random';
import { CONV2D_BIAS_ACTIVATION_KERNEL, type Conv2dBiasActivationArgs, conv2dBiasActivation } from './conv2d-bias-activation';

/**
 * conv2dBiasActivation on the composed path (cpu, wasm: tfjs's conv2d, add, activation) and, where the
 * addon is built, on torch's fused kernel: the same values and gradients, and a case worked by hand.
 * (The fused kernel itself is checked against float64 finite differences in engine-torch.)
 */

const torch = startTorchBackend();

type Geometry = Pick<Conv2dBiasActivationArgs, 'strides' | 'pad' | 'dilations' | 'activation'>;

const CASES: { name: string; x: [number, number, number, number]; filter: [number, number, number, number]; geometry: Geometry }[] = [
  { name: '3×3 same, relu, batch 2', x: [2, 6, 5, 3], filter: [3, 3, 3, 4], geometry: { strides: 1, pad: 'same', activation: 'relu' } },
  { name: '3×3 valid stride 2, sigmoid, odd 7×7', x: [1, 7, 7, 2], filter: [3, 3, 2, 3], geometry: { strides: 2, pad: 'valid', activation: 'sigmoid' } },
  { name: '1×1, linear, batch 1', x: [1, 4, 4, 5], filter: [1, 1, 5, 2], geometry: { strides: 1, pad: 'valid' } },
  { name: '3×3 padding 1, relu', x: [2, 5, 4, 2], filter: [3, 3, 2, 2], geometry: { strides: 1, pad: 1, activation: 'relu' } },
];

function valueAndGradients(c: (typeof CASES)[number], index: number): () => tf.Tensor[] {
  return () => {
    const x = tf.tensor(uniform(seededRng(index * 3 + 1), c.x.reduce((a, b) => a * b, 1), -1, 1), c.x) as tf.Tensor4D;
    const filter = tf.tensor(uniform(seededRng(index * 3 + 2), c.filter.reduce((a, b) => a * b, 1), -0.5, 0.5), c.filter) as tf.Tensor4D;
    const bias = tf.tensor1d(uniform(seededRng(index * 3 + 3), c.filter[3], -0.2, 0.2));
    const f = (a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => conv2dBiasActivation({ x: a as tf.Tensor4D, filter: w as tf.Tensor4D, bias: b as tf.Tensor1D, ...c.geometry });
    const y = f(x, filter, bias);
    const r = tf.tensor(uniform(seededRng(99), y.size, -1, 1), y.shape);
    return [y, ...tf.grads((a, w, b) => tf.sum(tf.mul(f(a!, w!, b!), r)))([x, filter, bias])];
  };
}

describe('conv2dBiasActivation', () => {
  beforeAll(startWasmEngine);
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('is relu(conv + bias), worked by hand (composed path)', async () => {
    const [y, dx, dw, db] = await runOn('cpu', () => {
      // 2×2 image, one channel; a 1×1 filter of 2 into two channels with biases −3 and 1.
      const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
      const filter = tf.tensor4d([2, 2], [1, 1, 1, 2]);
      const bias = tf.tensor1d([-3, 1]);
      const f = (a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => conv2dBiasActivation({ x: a as tf.Tensor4D, filter: w as tf.Tensor4D, bias: b as tf.Tensor1D, strides: 1, pad: 'valid', activation: 'relu' });
      return [f(x, filter, bias), ...tf.grads((a, w, b) => tf.sum(f(a!, w!, b!)))([x, filter, bias])];
    });
    // channel 0: relu(2x − 3) = 0, 1, 3, 5; channel 1: 2x + 1 = 3, 5, 7, 9.
    expect(y!.values).toEqual([0, 3, 1, 5, 3, 7, 5, 9]);
    // ∂/∂x: 2 (channel 1) plus 2 where channel 0 is active (x ≥ 2).
    expect(dx!.values).toEqual([2, 4, 4, 4]);
    // ∂/∂w: Σ x over the active pixels: channel 0 2+3+4, channel 1 1+2+3+4; ∂/∂b: active pixel counts.
    expect(dw!.values).toEqual([9, 10]);
    expect(db!.values).toEqual([3, 4]);
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s: wasm equals cpu, values and gradients', async (_name, c, index) => {
    const expected = await runOn('cpu', valueAndGradients(c, index));
    const actual = await runOn('wasm', valueAndGradients(c, index));
    ['y', 'dx', 'dfilter', 'dbias'].forEach((label, i) => assertSameResult(actual[i]!, expected[i]!, { label: `${c.name} ${label}`, rtol: 1e-4 }));
  });

  (torch ? it.each(CASES.map((c, i) => [c.name, c, i] as const)) : it.skip.each([['skipped: the libtorch addon is not built here', CASES[0]!, 0] as const]))(
    '%s: torch (one fused kernel each way) equals cpu, with no fallback',
    async (_name, c, index) => {
      const expected = await runOn('cpu', valueAndGradients(c, index));
      torch!.resetTorchFallbacks();
      const actual = await runOn('torch', valueAndGradients(c, index));
      expect(torch!.torchFallbacks().calls).toBe(0);
      ['y', 'dx', 'dfilter', 'dbias'].forEach((label, i) => assertSameResult(actual[i]!, expected[i]!, { label: `${c.name} ${label}`, rtol: 1e-4 }));
      await tf.setBackend('torch');
      const profile = await tf.profile(() => tf.dispose(valueAndGradients(c, index)()));
      expect(profile.kernelNames).toContain(CONV2D_BIAS_ACTIVATION_KERNEL);
      expect(profile.kernelNames).not.toContain('Conv2D');
    },
  );

  it('names what is wrong with its arguments', async () => {
    await tf.setBackend('cpu');
    const call = (over: Partial<Conv2dBiasActivationArgs>) => () =>
      tf.tidy(() => conv2dBiasActivation({ x: tf.zeros([1, 4, 4, 2]) as tf.Tensor4D, filter: tf.zeros([3, 3, 2, 3]) as tf.Tensor4D, bias: tf.zeros([3]) as tf.Tensor1D, strides: 1, pad: 'same', ...over }));
    expect(call({ bias: tf.zeros([2]) as tf.Tensor1D })).toThrow('conv2dBiasActivation: bias must be [3] (one per output channel), got shape [2]');
    expect(call({ filter: tf.zeros([3, 3, 1, 3]) as tf.Tensor4D })).toThrow('conv2dBiasActivation: filter takes 1 input channels, x has 2');
    expect(call({ activation: 'tanh' as never })).toThrow("conv2dBiasActivation: activation must be one of linear, relu, sigmoid, got 'tanh'");
    expect(call({ strides: 2, dilations: 2 })).toThrow('conv2dBiasActivation: strides [2, 2] with dilations [2, 2] are not supported');
    expect(call({ pad: -1 })).toThrow("conv2dBiasActivation: pad must be 'same', 'valid' or an integer ≥ 0, got -1");
  });
});
