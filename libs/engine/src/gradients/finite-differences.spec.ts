import * as tf from '@tensorflow/tfjs-core';
import { runOn, startWasmEngine, type TestBackend } from '../testing/backends';
import { assertClose } from '../testing/compare';
import { centralDifferences } from '../testing/finite-differences';
import { distinct, integers, seededRng, uniform } from '../testing/random';
import { conv2d, depthwiseConv2d, dot, gather, geometry, maxPool, type Padding, type Shape4 } from '../testing/reference';

/**
 * tfjs's analytic gradients (the engine's Conv2D / depthwise gradients and the kernels they call; the
 * max-pool gradient; gather's, which is UnsortedSegmentSum) against central finite differences of
 * the same scalar loss L = Σ f(θ) ⊙ R, computed in float64 from the naive reference implementations,
 * so the check does not depend on tfjs at all.
 */

interface Param {
  name: string;
  shape: number[];
  values: number[];
}

/**
 * Checks, on both backends, the loss value against the float64 reference and every parameter's
 * gradient against central differences of the reference loss.
 */
async function checkAgainstFiniteDifferences(
  params: Param[],
  referenceLoss: (values: ArrayLike<number>[]) => number,
  tfLoss: (...tensors: tf.Tensor[]) => tf.Scalar,
  h = 1e-3,
): Promise<void> {
  const values = params.map((p) => p.values);
  const expectedLoss = referenceLoss(values);
  const fd = params.map((p, i) =>
    centralDifferences((theta) => referenceLoss(values.map((v, j) => (j === i ? theta : v))), p.values, h),
  );
  for (const backend of ['wasm', 'cpu'] as TestBackend[]) {
    const [loss, ...grads] = await runOn(backend, () => {
      const { value, grads } = tf.valueAndGrads(tfLoss)(params.map((p) => tf.tensor(p.values, p.shape)));
      return [value, ...grads];
    });
    expect(loss!.values[0]).toBeCloseTo(expectedLoss, 3);
    params.forEach((p, i) => {
      expect(grads[i]!.shape).toEqual(p.shape);
      assertClose(grads[i]!.values, fd[i]!, { label: `${backend}: ∂L/∂${p.name} vs central differences`, rtol: 1e-4 });
    });
  }
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

beforeAll(startWasmEngine);

interface ConvCase {
  name: string;
  x: Shape4;
  filter: Shape4;
  strides: [number, number];
  dilations: [number, number];
  pad: Padding;
}

describe('conv2d gradients vs float64 central differences', () => {
  const cases: ConvCase[] = [
    { name: 'stride 1 same', x: [1, 6, 5, 2], filter: [3, 3, 2, 3], strides: [1, 1], dilations: [1, 1], pad: 'same' },
    { name: 'stride 2 same, batch 2', x: [2, 7, 5, 2], filter: [3, 3, 2, 2], strides: [2, 2], dilations: [1, 1], pad: 'same' },
    { name: 'stride 2 valid', x: [1, 7, 6, 3], filter: [3, 3, 3, 2], strides: [2, 2], dilations: [1, 1], pad: 'valid' },
    { name: 'stride 2 explicit pad 1', x: [1, 7, 5, 2], filter: [3, 3, 2, 2], strides: [2, 2], dilations: [1, 1], pad: 1 },
    { name: 'dilation 2 valid, batch 2', x: [2, 7, 7, 2], filter: [3, 3, 2, 3], strides: [1, 1], dilations: [2, 2], pad: 'valid' },
    { name: 'dilation 2 same', x: [1, 6, 7, 2], filter: [3, 3, 2, 2], strides: [1, 1], dilations: [2, 2], pad: 'same' },
  ];
  test.each(cases.map((c, i) => ({ ...c, seed: 700 + i })))('$name: ∂L/∂x and ∂L/∂W', async (c) => {
    const rng = seededRng(c.seed);
    const spec = { strides: c.strides, dilations: c.dilations, pad: c.pad };
    const g = geometry(c.x[1], c.x[2], { ...spec, size: [c.filter[0], c.filter[1]] });
    const yShape: Shape4 = [c.x[0], g.outHeight, g.outWidth, c.filter[3]];
    const r = uniform(rng, size(yShape));
    await checkAgainstFiniteDifferences(
      [
        { name: 'x', shape: c.x, values: uniform(rng, size(c.x)) },
        { name: 'W', shape: c.filter, values: uniform(rng, size(c.filter)) },
      ],
      ([x, w]) => dot(conv2d(x!, c.x, w!, c.filter, spec).values, r),
      (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad as 'same', 'NHWC', c.dilations).mul(tf.tensor4d(r, yShape)).sum(),
    );
  });
});

describe('depthwiseConv2d gradients vs float64 central differences', () => {
  const cases: ConvCase[] = [
    { name: 'multiplier 1, stride 1 same', x: [1, 6, 5, 3], filter: [3, 3, 3, 1], strides: [1, 1], dilations: [1, 1], pad: 'same' },
    { name: 'multiplier 2, stride 2 same, batch 2', x: [2, 7, 5, 2], filter: [3, 3, 2, 2], strides: [2, 2], dilations: [1, 1], pad: 'same' },
    { name: 'multiplier 2, stride 2 valid', x: [1, 7, 6, 2], filter: [3, 3, 2, 2], strides: [2, 2], dilations: [1, 1], pad: 'valid' },
    { name: 'multiplier 2, dilation 2 valid', x: [1, 7, 7, 2], filter: [3, 3, 2, 2], strides: [1, 1], dilations: [2, 2], pad: 'valid' },
    { name: 'multiplier 1, dilation 2 same, batch 2', x: [2, 6, 7, 3], filter: [3, 3, 3, 1], strides: [1, 1], dilations: [2, 2], pad: 'same' },
  ];
  test.each(cases.map((c, i) => ({ ...c, seed: 720 + i })))('$name: ∂L/∂x and ∂L/∂W', async (c) => {
    const rng = seededRng(c.seed);
    const spec = { strides: c.strides, dilations: c.dilations, pad: c.pad };
    const g = geometry(c.x[1], c.x[2], { ...spec, size: [c.filter[0], c.filter[1]] });
    const yShape: Shape4 = [c.x[0], g.outHeight, g.outWidth, c.filter[2] * c.filter[3]];
    const r = uniform(rng, size(yShape));
    await checkAgainstFiniteDifferences(
      [
        { name: 'x', shape: c.x, values: uniform(rng, size(c.x)) },
        { name: 'W', shape: c.filter, values: uniform(rng, size(c.filter)) },
      ],
      ([x, w]) => dot(depthwiseConv2d(x!, c.x, w!, c.filter, spec).values, r),
      (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad as 'same', 'NHWC', c.dilations).mul(tf.tensor4d(r, yShape)).sum(),
    );
  });
});

describe('maxPool gradient vs float64 central differences', () => {
  // Distinct inputs 0.05 apart, so a step of h = 1e-3 never changes a window's winner.
  test.each([
    { name: '3×3 stride 2 same (overlapping)', x: [1, 7, 5, 2] as Shape4, size: [3, 3] as [number, number], strides: [2, 2] as [number, number], pad: 'same' as Padding },
    { name: '2×2 stride 2 valid, batch 2', x: [2, 6, 6, 2] as Shape4, size: [2, 2] as [number, number], strides: [2, 2] as [number, number], pad: 'valid' as Padding },
    { name: '3×3 stride 1 valid', x: [1, 7, 7, 1] as Shape4, size: [3, 3] as [number, number], strides: [1, 1] as [number, number], pad: 'valid' as Padding },
    { name: '3×3 stride 2 explicit pad 1', x: [1, 7, 7, 3] as Shape4, size: [3, 3] as [number, number], strides: [2, 2] as [number, number], pad: 1 as Padding },
  ].map((c, i) => ({ ...c, seed: 740 + i })))('$name: ∂L/∂x', async (c) => {
    const rng = seededRng(c.seed);
    const spec = { size: c.size, strides: c.strides, dilations: [1, 1] as [number, number], pad: c.pad };
    const g = geometry(c.x[1], c.x[2], spec);
    const yShape: Shape4 = [c.x[0], g.outHeight, g.outWidth, c.x[3]];
    const r = uniform(rng, size(yShape));
    await checkAgainstFiniteDifferences(
      [{ name: 'x', shape: c.x, values: distinct(rng, size(c.x)) }],
      ([x]) => dot(maxPool(x!, c.x, spec).values, r),
      (x) => tf.maxPool(x as tf.Tensor4D, c.size, c.strides, c.pad as 'same').mul(tf.tensor4d(r, yShape)).sum(),
    );
  });
});

describe('gather gradient (UnsortedSegmentSum) vs float64 central differences', () => {
  test.each([
    { name: 'axis 0, repeated indices', shape: [6, 3], indices: [0, 2, 2, 5, 1, 2], axis: 0 },
    { name: 'axis 1, repeated indices', shape: [3, 5, 2], indices: [4, 4, 0], axis: 1 },
    { name: 'axis 2, repeated indices', shape: [2, 4, 3], indices: [2, 0, 2, 2], axis: 2 },
    { name: 'axis 0, 12 random indices into 5 rows', shape: [5, 4], indices: 'random' as const, axis: 0 },
  ].map((c, i) => ({ ...c, seed: 760 + i })))('$name: ∂L/∂x', async (c) => {
    const rng = seededRng(c.seed);
    const indices = c.indices === 'random' ? integers(rng, 12, 0, c.shape[c.axis]! - 1) : c.indices;
    const outShape = [...c.shape];
    outShape[c.axis] = indices.length;
    const r = uniform(rng, size(outShape));
    await checkAgainstFiniteDifferences(
      [{ name: 'x', shape: c.shape, values: uniform(rng, size(c.shape)) }],
      ([x]) => dot(gather(x!, c.shape, indices, c.axis).values, r),
      (x) => tf.gather(x, tf.tensor1d(indices, 'int32'), c.axis).mul(tf.tensor(r, outShape)).sum(),
    );
  });
});
