import * as tf from '@tensorflow/tfjs-core';
import { Conv2D, DepthwiseConv2dNative } from '@tensorflow/tfjs-core';
import { runOn, startWasmEngine } from '../testing/backends';
import { seededRng, uniform } from '../testing/random';
import { conv2DGradConfig } from './conv2d-gradient';
import { depthwiseConv2dGradConfig } from './depthwise-conv2d-gradient';
import { dilateFilter, dilationPair, undilateFilter } from './dilate-filter';
import { registerEngineGradients } from './index';

/** Registration of the engine's Conv2D / DepthwiseConv2dNative gradients, and the filter dilation they use. */

beforeAll(startWasmEngine);

describe('registerEngineGradients', () => {
  test("replaces tfjs's Conv2D and DepthwiseConv2dNative gradients, and is idempotent", () => {
    expect(tf.getGradient(Conv2D)).toBe(conv2DGradConfig);
    expect(tf.getGradient(DepthwiseConv2dNative)).toBe(depthwiseConv2dGradConfig);
    registerEngineGradients();
    registerEngineGradients();
    expect(tf.getGradient(Conv2D)).toBe(conv2DGradConfig);
    expect(tf.getGradient(DepthwiseConv2dNative)).toBe(depthwiseConv2dGradConfig);
  });

  test.each(['cpu', 'wasm'] as const)('dilated convolutions have gradients on %s', async (backend) => {
    const rng = seededRng(3);
    const x = uniform(rng, 7 * 7 * 2);
    const w = uniform(rng, 3 * 3 * 2 * 2);
    const out = await runOn(backend, () =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.add(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same', 'NHWC', 2).square().sum(), tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid', 'NHWC', 2).square().sum()),
      )([tf.tensor4d(x, [1, 7, 7, 2]), tf.tensor4d(w, [3, 3, 2, 2])]),
    );
    expect(out.map((o) => o.shape)).toEqual([
      [1, 7, 7, 2],
      [3, 3, 2, 2],
    ]);
    for (const o of out) expect(o.values.some((v) => v !== 0) && o.values.every(Number.isFinite)).toBe(true);
  });
});

describe('dilateFilter / undilateFilter', () => {
  test.each([
    { shape: [2, 3, 2, 1] as [number, number, number, number], dilation: [2, 3] as [number, number] },
    { shape: [3, 3, 1, 2] as [number, number, number, number], dilation: [2, 2] as [number, number] },
    { shape: [3, 2, 2, 2] as [number, number, number, number], dilation: [1, 2] as [number, number] },
  ])('$shape with dilation $dilation: taps every d apart, zeros between, and undilate inverts it', async ({ shape, dilation }) => {
    const [kh, kw, a, b] = shape;
    const values = Array.from({ length: kh * kw * a * b }, (_, i) => i + 1);
    const [dilated, restored] = await runOn('wasm', () => {
      const d = dilateFilter(tf.tensor4d(values, shape), dilation);
      return [d, undilateFilter(d, dilation)];
    });
    const h = (kh - 1) * dilation[0] + 1;
    const w = (kw - 1) * dilation[1] + 1;
    expect(dilated!.shape).toEqual([h, w, a, b]);
    const expected = new Array<number>(h * w * a * b).fill(0);
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++)
        for (let k = 0; k < a * b; k++) expected[((i * dilation[0]) * w + j * dilation[1]) * a * b + k] = values[(i * kw + j) * a * b + k]!;
    expect(dilated!.values).toEqual(expected);
    expect(restored!.shape).toEqual(shape);
    expect(restored!.values).toEqual(values);
  });

  test('dilationPair reads a number, a pair or nothing', () => {
    expect(dilationPair(undefined)).toEqual([1, 1]);
    expect(dilationPair(2)).toEqual([2, 2]);
    expect(dilationPair([2, 3])).toEqual([2, 3]);
  });
});
