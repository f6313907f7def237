import * as tf from '@tensorflow/tfjs-core';
import { assertSameResult, runOn, startTorchBackend, startWasmEngine } from '../testing/backends';
import { seededRng, uniform } from '../testing/random';
import { CONV2D_BIAS_ACTIVATION_KERNEL, type Conv2dBiasActivationArgs } from './conv2d-bias-activation';
import { CONV2D_BIAS_ACTIVATION_MAX_POOL_KERNEL, type MaxPoolArgs, conv2dBiasActivationMaxPool } from './conv2d-bias-activation-max-pool';

/**
 * conv2dBiasActivationMaxPool: composed (conv2dBiasActivation, then maxPool) on cpu and wasm; on
 * torch the one kernel, under a gradient tape too where the pooling windows do not overlap. A case worked by hand, the backends
 * against each other, and which kernels run where. (The torch kernel itself is checked against
 * float64 in engine-torch.)
 */

const torch = startTorchBackend();

type Geometry = Pick<Conv2dBiasActivationArgs, 'strides' | 'pad' | 'activation'>;

const CASES: { name: string; x: [number, number, number, number]; filter: [number, number, number, number]; conv: Geometry; pool: MaxPoolArgs }[] = [
  { name: '3×3 same, relu, 2×2 pooling, batch 3', x: [3, 8, 6, 2], filter: [3, 3, 2, 4], conv: { strides: 1, pad: 'same', activation: 'relu' }, pool: { size: 2, strides: 2, pad: 'valid' } },
  { name: "valid stride 2, sigmoid, 3×3 'same' pooling stride 2", x: [1, 11, 9, 3], filter: [3, 3, 3, 2], conv: { strides: 2, pad: 'valid', activation: 'sigmoid' }, pool: { size: 3, strides: 2, pad: 'same' } },
  { name: 'linear, padding 1, pooling [2, 3] stride [2, 1]', x: [2, 6, 7, 1], filter: [3, 3, 1, 3], conv: { strides: 1, pad: 1 }, pool: { size: [2, 3], strides: [2, 1], pad: 'valid' } },
];

function inputs(c: (typeof CASES)[number], index: number): [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D] {
  return [
    tf.tensor(uniform(seededRng(index * 3 + 1), c.x.reduce((a, b) => a * b, 1), -1, 1), c.x) as tf.Tensor4D,
    tf.tensor(uniform(seededRng(index * 3 + 2), c.filter.reduce((a, b) => a * b, 1), -0.5, 0.5), c.filter) as tf.Tensor4D,
    tf.tensor1d(uniform(seededRng(index * 3 + 3), c.filter[3], -0.2, 0.2)),
  ];
}

const apply = (c: (typeof CASES)[number], x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor) =>
  conv2dBiasActivationMaxPool({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, bias: bias as tf.Tensor1D, ...c.conv }, c.pool);

/** The value in inference, then the value and the gradients under a tape. */
function valueAndGradients(c: (typeof CASES)[number], index: number): () => tf.Tensor[] {
  return () => {
    const [x, filter, bias] = inputs(c, index);
    const y = apply(c, x, filter, bias);
    const r = tf.tensor(uniform(seededRng(99), y.size, -1, 1), y.shape);
    const { value, grads } = tf.valueAndGrads((a, w, b) => tf.sum(tf.mul(apply(c, a!, w!, b!), r)))([x, filter, bias]);
    return [y, value, ...grads];
  };
}

const LABELS = ['y', 'loss', 'dx', 'dfilter', 'dbias'];

describe('conv2dBiasActivationMaxPool', () => {
  beforeAll(startWasmEngine);
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('is maxPool(relu(conv + bias)), worked by hand, with its gradient through the maxima', async () => {
    const [y, dx, dw, db] = await runOn('cpu', () => {
      // One 2×4 image of 1…8, a 1×1 filter of 1 and a bias of −4: relu gives 0 0 0 0 / 1 2 3 4.
      const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 4, 1]);
      const filter = tf.tensor4d([1], [1, 1, 1, 1]);
      const bias = tf.tensor1d([-4]);
      const f = (a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
        conv2dBiasActivationMaxPool({ x: a as tf.Tensor4D, filter: w as tf.Tensor4D, bias: b as tf.Tensor1D, strides: 1, pad: 'valid', activation: 'relu' }, { size: 2, strides: 2, pad: 'valid' });
      return [f(x, filter, bias), ...tf.grads((a, w, b) => tf.sum(f(a!, w!, b!)))([x, filter, bias])];
    });
    // The two 2×2 windows' maxima are relu(6 − 4) = 2 and relu(8 − 4) = 4.
    expect(y!.values).toEqual([2, 4]);
    // Each output's gradient goes to its window's maximum only: x = 6 and x = 8.
    expect(dx!.values).toEqual([0, 0, 0, 0, 0, 1, 0, 1]);
    // ∂/∂w = 6 + 8 (the inputs at the maxima), ∂/∂b = 2 (two active maxima).
    expect(dw!.values).toEqual([14]);
    expect(db!.values).toEqual([2]);
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s: wasm equals cpu, value and gradients', async (_name, c, index) => {
    const expected = await runOn('cpu', valueAndGradients(c, index));
    const actual = await runOn('wasm', valueAndGradients(c, index));
    LABELS.forEach((label, i) => assertSameResult(actual[i]!, expected[i]!, { label: `${c.name} ${label}`, rtol: 1e-4 }));
  });

  (torch ? it.each(CASES.map((c, i) => [c.name, c, i] as const)) : it.skip.each([['skipped: the libtorch addon is not built here', CASES[0]!, 0] as const]))(
    '%s: torch equals cpu; one kernel in inference, and under a tape where the windows do not overlap',
    async (_name, c, index) => {
      const expected = await runOn('cpu', valueAndGradients(c, index));
      torch!.resetTorchFallbacks();
      const actual = await runOn('torch', valueAndGradients(c, index));
      expect(torch!.torchFallbacks().calls).toBe(0);
      LABELS.forEach((label, i) => assertSameResult(actual[i]!, expected[i]!, { label: `${c.name} ${label}`, rtol: 1e-4 }));

      await tf.setBackend('torch');
      const [x, filter, bias] = inputs(c, index);
      const inference = await tf.profile(() => tf.dispose(apply(c, x, filter, bias)));
      expect(inference.kernelNames).toEqual([CONV2D_BIAS_ACTIVATION_MAX_POOL_KERNEL]);
      const training = await tf.profile(() => tf.dispose(tf.grads((a) => tf.sum(apply(c, a!, filter, bias)))([x])));
      const size = typeof c.pool.size === 'number' ? [c.pool.size, c.pool.size] : c.pool.size;
      const strides = typeof c.pool.strides === 'number' ? [c.pool.strides, c.pool.strides] : c.pool.strides;
      if (strides[0]! >= size[0]! && strides[1]! >= size[1]!) {
        expect(training.kernelNames).toContain(CONV2D_BIAS_ACTIVATION_MAX_POOL_KERNEL);
        expect(training.kernelNames).not.toContain('MaxPool');
      } else {
        // Overlapping windows: a pixel may be two windows' maximum, so the op records the two parts.
        expect(training.kernelNames).toEqual(expect.arrayContaining([CONV2D_BIAS_ACTIVATION_KERNEL, 'MaxPool', 'MaxPoolGrad']));
        expect(training.kernelNames).not.toContain(CONV2D_BIAS_ACTIVATION_MAX_POOL_KERNEL);
      }
      tf.dispose([x, filter, bias]);
    },
  );

  it('frees the convolution’s output in inference on the composed path', async () => {
    await tf.setBackend('cpu');
    const [x, filter, bias] = inputs(CASES[0]!, 0);
    const before = tf.memory().numTensors;
    const y = apply(CASES[0]!, x, filter, bias);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([x, filter, bias, y]);
  });

  it('names what is wrong with its arguments', async () => {
    await tf.setBackend('cpu');
    const call = (conv: Partial<Conv2dBiasActivationArgs>, pool: Partial<MaxPoolArgs> = {}) => () =>
      tf.tidy(() =>
        conv2dBiasActivationMaxPool(
          { x: tf.zeros([1, 4, 4, 2]) as tf.Tensor4D, filter: tf.zeros([3, 3, 2, 3]) as tf.Tensor4D, bias: tf.zeros([3]) as tf.Tensor1D, strides: 1, pad: 'same', ...conv },
          { size: 2, strides: 2, pad: 'valid', ...pool },
        ),
      );
    expect(call({ bias: tf.zeros([2]) as tf.Tensor1D })).toThrow('conv2dBiasActivationMaxPool: bias must be [3] (one per output channel), got shape [2]');
    expect(call({}, { size: 0 })).toThrow('conv2dBiasActivationMaxPool: pool size and strides must be positive integers, got 0 and 2');
    expect(call({}, { strides: [2, 1.5] })).toThrow('conv2dBiasActivationMaxPool: pool size and strides must be positive integers, got 2 and [2,1.5]');
    expect(call({}, { pad: -1 })).toThrow("conv2dBiasActivationMaxPool: pool pad must be 'same', 'valid' or an integer ≥ 0, got -1");
  });
});
