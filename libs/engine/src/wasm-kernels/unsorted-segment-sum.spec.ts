import * as tf from '@tensorflow/tfjs-core';
import { UnsortedSegmentSum } from '@tensorflow/tfjs-core';
import { assertSameResult, assertWasmMatchesCpu, runOn, startWasmEngine } from '../testing/backends';
import { assertClose } from '../testing/compare';
import { integers, seededRng, uniform } from '../testing/random';
import { segmentSum } from '../testing/reference';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum';

/**
 * The supplied wasm UnsortedSegmentSum kernel (the gradient of gather) against the cpu backend and a
 * float64 reference: repeated ids, empty segments, ids outside [0, numSegments) (dropped), multi-axis
 * ids, float32 and int32 data.
 */

interface Case {
  name: string;
  xShape: number[];
  idsShape: number[];
  ids: number[] | 'random';
  numSegments: number;
  dtype: 'float32' | 'int32';
}

const CASES: Case[] = [
  { name: 'float32, repeated ids, an empty segment', xShape: [8, 3], idsShape: [8], ids: [0, 2, 2, 1, 0, 4, 2, 1], numSegments: 5, dtype: 'float32' },
  { name: 'float32, ids out of range (negative and ≥ numSegments) are dropped', xShape: [6, 4], idsShape: [6], ids: [-1, 0, 5, 2, 7, 2], numSegments: 5, dtype: 'float32' },
  { name: 'float32, rank-3 data', xShape: [6, 2, 3], idsShape: [6], ids: [3, 0, 3, 3, 1, 0], numSegments: 4, dtype: 'float32' },
  { name: 'float32, 2-D ids over the two leading axes', xShape: [2, 3, 4], idsShape: [2, 3], ids: [1, 0, 1, 2, 2, 1], numSegments: 3, dtype: 'float32' },
  { name: 'float32, 1-D data (rows of one value)', xShape: [7], idsShape: [7], ids: [0, 1, 0, 1, 2, 9, 0], numSegments: 3, dtype: 'float32' },
  { name: 'float32, one segment', xShape: [5, 2], idsShape: [5], ids: [0, 0, 0, 0, 0], numSegments: 1, dtype: 'float32' },
  { name: 'float32, 40 rows into 10 segments at random', xShape: [40, 6], idsShape: [40], ids: 'random', numSegments: 10, dtype: 'float32' },
  { name: 'int32, repeated and out-of-range ids', xShape: [8, 3], idsShape: [8], ids: [0, 2, 2, -3, 0, 4, 6, 1], numSegments: 5, dtype: 'int32' },
  { name: 'int32, rank-3 data', xShape: [6, 2, 2], idsShape: [6], ids: [1, 1, 0, 2, 0, 1], numSegments: 3, dtype: 'int32' },
];

beforeAll(startWasmEngine);

describe.each(CASES.map((c, i) => ({ ...c, seed: 400 + i })))('UnsortedSegmentSum: $name', (c) => {
  const rng = seededRng(c.seed);
  const size = c.xShape.reduce((a, b) => a * b);
  const x = c.dtype === 'int32' ? integers(rng, size, -50, 50) : uniform(rng, size);
  const ids = c.ids === 'random' ? integers(rng, c.idsShape.reduce((a, b) => a * b), 0, c.numSegments - 1) : c.ids;
  const outShape = [c.numSegments, ...c.xShape.slice(c.idsShape.length)];
  const expected = segmentSum(x, ids, c.numSegments);
  const build = () =>
    tf.engine().runKernel(
      UnsortedSegmentSum,
      { x: tf.tensor(x, c.xShape, c.dtype), segmentIds: tf.tensor(ids, c.idsShape, 'int32') },
      { numSegments: c.numSegments },
    ) as tf.Tensor;

  test(`wasm matches ${c.idsShape.length === 1 ? 'the cpu backend and ' : ''}the float64 reference`, async () => {
    const rtol = c.dtype === 'int32' ? 0 : 1e-5;
    const [wasm] = await runOn('wasm', build);
    // TensorFlow's contract: the sums have the data's dtype and shape [numSegments, ...x.shape[ids.rank:]].
    expect(wasm!.dtype).toBe(c.dtype);
    expect(wasm!.shape).toEqual(outShape);
    assertClose(wasm!.values, expected, { label: 'wasm vs reference', rtol });
    // The cpu kernel handles 1-D ids only (gather's gradient always flattens them); with 1-D ids it is
    // a second oracle. Its dtype for int32 data is float32 (it multiplies by a float mask), so only
    // shapes and values are compared with it.
    if (c.idsShape.length === 1) {
      const [cpu] = await runOn('cpu', build);
      assertClose(cpu!.values, expected, { label: 'cpu vs reference', rtol });
      assertSameResult({ ...wasm!, dtype: cpu!.dtype }, cpu!, { label: 'wasm vs cpu', rtol: 1e-5 });
    }
  });
});

describe('UnsortedSegmentSum as the gradient of gather', () => {
  test.each([
    { name: 'axis 0 with repeated indices', shape: [6, 4], indices: [0, 2, 2, 5, 1, 2, 0], axis: 0 },
    { name: 'axis 1 with repeated indices', shape: [3, 5, 2], indices: [4, 4, 0, 1, 4], axis: 1 },
  ])('tf.grad of tf.gather, $name: wasm matches cpu', async ({ shape, indices, axis }) => {
    const rng = seededRng(47);
    const x = uniform(rng, shape.reduce((a, b) => a * b));
    const outShape = [...shape];
    outShape[axis] = indices.length;
    const r = uniform(rng, outShape.reduce((a, b) => a * b));
    const build = () => tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor1d(indices, 'int32'), axis).mul(tf.tensor(r, outShape)).sum())(tf.tensor(x, shape));
    await assertWasmMatchesCpu(build, { names: ['dx'] });
  });

  test('the wasm kernel under test is the one the engine registered', () => {
    expect(tf.getKernel(UnsortedSegmentSum, 'wasm')?.kernelFunc).toBe(unsortedSegmentSumConfig.kernelFunc);
  });
});
