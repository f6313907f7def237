import * as tf from '@tensorflow/tfjs-core';
import { MaxPoolGrad } from '@tensorflow/tfjs-core';
import { assertWasmMatchesCpu, runOn, startWasmEngine } from '../testing/backends';
import { assertClose } from '../testing/compare';
import { integers, seededRng, uniform } from '../testing/random';
import { geometry, maxPool, maxPoolGrad, type Padding, type Shape4 } from '../testing/reference';
import { maxPoolGradConfig } from './max-pool-grad';

/**
 * The replaced wasm MaxPoolGrad kernel against the cpu backend's kernel and a float64 reference:
 * overlapping windows, 'same' padding (padding never wins, even over negative values), and ties,
 * where the first maximum in row-major order receives the gradient.
 */

interface Case {
  name: string;
  shape: Shape4;
  size: [number, number];
  strides: [number, number];
  pad: Padding;
  values: 'uniform' | 'negative' | 'ties' | 'constant';
}

const CASES: Case[] = [
  { name: '3×3 stride 2 same (overlapping), batch 1, 7×5', shape: [1, 7, 5, 3], size: [3, 3], strides: [2, 2], pad: 'same', values: 'uniform' },
  { name: '3×3 stride 2 valid, batch 2, 9×11', shape: [2, 9, 11, 2], size: [3, 3], strides: [2, 2], pad: 'valid', values: 'uniform' },
  { name: '2×2 stride 2 valid, odd size 7×5, batch 3', shape: [3, 7, 5, 2], size: [2, 2], strides: [2, 2], pad: 'valid', values: 'uniform' },
  { name: '3×3 stride 1 same, batch 2, 7×5', shape: [2, 7, 5, 2], size: [3, 3], strides: [1, 1], pad: 'same', values: 'uniform' },
  { name: '3×3 stride 2 explicit pad 1, batch 2, 9×9', shape: [2, 9, 9, 2], size: [3, 3], strides: [2, 2], pad: 1, values: 'uniform' },
  { name: '2×3 strides [1, 2] same, 8×7', shape: [1, 8, 7, 2], size: [2, 3], strides: [1, 2], pad: 'same', values: 'uniform' },
  { name: 'all values negative, 3×3 stride 2 same (padding must not win)', shape: [2, 7, 5, 2], size: [3, 3], strides: [2, 2], pad: 'same', values: 'negative' },
  { name: 'ties (values in {0, 1, 2}), 3×3 stride 2 same, batch 2, 9×11', shape: [2, 9, 11, 3], size: [3, 3], strides: [2, 2], pad: 'same', values: 'ties' },
  { name: 'ties (values in {0, 1, 2}), 2×2 stride 1 valid, 7×5', shape: [1, 7, 5, 4], size: [2, 2], strides: [1, 1], pad: 'valid', values: 'ties' },
  { name: 'constant input (every window is one big tie), 3×3 stride 2 same', shape: [1, 7, 5, 2], size: [3, 3], strides: [2, 2], pad: 'same', values: 'constant' },
];

function inputs(c: Case, seed: number): number[] {
  const rng = seededRng(seed);
  const n = c.shape.reduce((a, b) => a * b);
  switch (c.values) {
    case 'uniform':
      return uniform(rng, n);
    case 'negative':
      return uniform(rng, n, -2, -0.5);
    case 'ties':
      return integers(rng, n, 0, 2);
    case 'constant':
      return new Array<number>(n).fill(0.75);
  }
}

beforeAll(startWasmEngine);

describe.each(CASES.map((c, i) => ({ ...c, seed: 300 + i })))('MaxPoolGrad: $name', (c) => {
  const spec = { size: c.size, strides: c.strides, dilations: [1, 1] as [number, number], pad: c.pad };
  const g = geometry(c.shape[1], c.shape[2], spec);
  const dyShape: Shape4 = [c.shape[0], g.outHeight, g.outWidth, c.shape[3]];
  const x = inputs(c, c.seed);
  // dy in [0.5, 1.5) so a gradient sent to the wrong pixel cannot cancel out.
  const dy = uniform(seededRng(c.seed + 1), dyShape.reduce((a, b) => a * b), 0.5, 1.5);

  test('wasm matches cpu and the float64 reference (first maximum in row-major order)', async () => {
    const build = () => {
      const input = tf.tensor4d(x, c.shape);
      const output = tf.maxPool(input, c.size, c.strides, c.pad as 'same');
      const dx = tf.engine().runKernel(MaxPoolGrad, { dy: tf.tensor4d(dy, dyShape), input, output }, {
        filterSize: c.size,
        strides: c.strides,
        pad: c.pad,
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
      return [output, dx];
    };
    const { wasm } = await assertWasmMatchesCpu(build, { names: ['max pool', 'dx'] });
    assertClose(wasm[0]!.values, maxPool(x, c.shape, spec).values, { label: 'forward vs reference' });
    assertClose(wasm[1]!.values, maxPoolGrad(x, c.shape, dy, spec).values, { label: 'dx vs reference' });
    // Every window passes its whole gradient on, to exactly one pixel of its own.
    const total = wasm[1]!.values.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(dy.reduce((a, b) => a + b, 0), 3);
  });

  test('tf.grad of tf.maxPool on wasm matches cpu', async () => {
    const build = () =>
      tf.grad((input: tf.Tensor) => tf.maxPool(input as tf.Tensor4D, c.size, c.strides, c.pad as 'same').mul(tf.tensor4d(dy, dyShape)).sum())(tf.tensor4d(x, c.shape));
    await assertWasmMatchesCpu(build, { names: ['dx'] });
  });
});

describe('MaxPoolGrad tie-breaking', () => {
  test('in one window with the maximum at (0, 2) and (1, 0), (0, 2) gets the gradient on both backends', async () => {
    // Row-major order visits (0, 2) before (1, 0); a column-major scan would pick (1, 0).
    const x = [0, 0, 5, 5, 0, 0, 0, 0, 0];
    const build = () => tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 3, 1, 'valid').mul(3).sum())(tf.tensor4d(x, [1, 3, 3, 1]));
    for (const backend of ['cpu', 'wasm'] as const) {
      const [dx] = await runOn(backend, build);
      expect(dx!.values).toEqual([0, 0, 3, 0, 0, 0, 0, 0, 0]);
    }
  });

  test('the wasm kernel under test is the one the engine registered', () => {
    expect(tf.getKernel(MaxPoolGrad, 'wasm')?.kernelFunc).toBe(maxPoolGradConfig.kernelFunc);
  });
});
