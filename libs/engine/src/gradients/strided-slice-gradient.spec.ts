import * as tf from '@tensorflow/tfjs-core';
import { StridedSlice } from '@tensorflow/tfjs-core';
import { runOn, startWasmEngine } from '../testing/backends';
import { seededRng, uniform } from '../testing/random';
import { dot, strides } from '../testing/reference';
import { checkGradientsAgainstReference, forEachIndex, sizeOf } from './gradient-check';
import { stridedSliceGradConfig } from './strided-slice-gradient';

/**
 * The StridedSlice gradient against central differences of a float64 reference. The reference reads
 * x at hand-written index lists per axis (what NumPy-style indexing such as x[1:, ::-2] selects),
 * so it shares nothing with tfjs's mask parsing.
 */

interface SliceCase {
  name: string;
  shape: number[];
  begin: number[];
  end: number[];
  strides: number[];
  masks?: { begin?: number; end?: number; ellipsis?: number; newAxis?: number; shrink?: number };
  /** The input indices read along each axis, in output order. */
  picks: number[][];
  /** The output shape (new axes and shrunk axes included or dropped as tfjs does). */
  outShape: number[];
}

const range = (start: number, stop: number, step = 1) => Array.from({ length: Math.max(0, Math.ceil((stop - start) / step)) }, (_, k) => start + k * step);

/** Σ_k x[picks(k)] · r_k over the picked elements in row-major output order. */
function referenceLoss(x: ArrayLike<number>, shape: number[], picks: number[][], r: number[]): number {
  const s = strides(shape);
  const picked: number[] = [];
  forEachIndex(
    picks.map((p) => p.length),
    (index) => picked.push(x[index.reduce((flat, k, axis) => flat + picks[axis]![k]! * s[axis]!, 0)]!),
  );
  return dot(picked, r);
}

const CASES: SliceCase[] = [
  { name: 'x[:, 1::2, ::2, :] (the op audit case)', shape: [1, 7, 6, 2], begin: [0, 1, 0, 0], end: [1, 7, 6, 2], strides: [1, 2, 2, 1], picks: [[0], [1, 3, 5], [0, 2, 4], [0, 1]], outShape: [1, 3, 3, 2] },
  {
    name: 'negative strides x[4:0:-1, ::-2]',
    shape: [5, 6],
    begin: [4, 0],
    end: [0, 0],
    strides: [-1, -2],
    masks: { begin: 0b10, end: 0b10 },
    picks: [[4, 3, 2, 1], [5, 3, 1]],
    outShape: [4, 3],
  },
  {
    name: 'negative begin and end x[-2:-6:-3, -4:]',
    shape: [6, 5],
    begin: [-2, -4],
    end: [-6, 5],
    strides: [-3, 1],
    picks: [[4, 1], [1, 2, 3, 4]],
    outShape: [2, 4],
  },
  {
    name: 'begin and end masks x[1:, :4:3, :]',
    shape: [4, 5, 3],
    begin: [1, 7, 9],
    end: [9, 4, 9],
    strides: [1, 3, 1],
    masks: { begin: 0b110, end: 0b101 },
    picks: [[1, 2, 3], [0, 3], [0, 1, 2]],
    outShape: [3, 2, 3],
  },
  {
    name: 'ellipsis, new axis and shrink x[..., newaxis, 2]',
    shape: [3, 4, 5],
    begin: [0, 0, 2],
    end: [0, 0, 3],
    strides: [1, 1, 1],
    masks: { ellipsis: 0b001, newAxis: 0b010, shrink: 0b100 },
    picks: [range(0, 3), range(0, 4), [2]],
    outShape: [3, 4, 1],
  },
  {
    name: 'shrink with a negative index and an ellipsis x[1, ..., -1]',
    shape: [3, 4, 5],
    begin: [1, 0, -1],
    end: [2, 0, 0],
    strides: [1, 1, 1],
    masks: { ellipsis: 0b010, shrink: 0b101 },
    picks: [[1], range(0, 4), [4]],
    outShape: [4],
  },
  { name: 'out-of-range bounds are clamped x[-100:100:4]', shape: [10], begin: [-100], end: [100], strides: [4], picks: [[0, 4, 8]], outShape: [3] },
  {
    name: 'rank 5 with three strided axes (needs no pad above rank 4)',
    shape: [2, 5, 4, 3, 2],
    begin: [0, 1, 0, 2, 0],
    end: [2, 5, 4, 0, 2],
    strides: [1, 2, 3, -2, 1],
    masks: { end: 0b01000 },
    picks: [[0, 1], [1, 3], [0, 3], [2, 0], [0, 1]],
    outShape: [2, 2, 2, 2, 2],
  },
];

beforeAll(startWasmEngine);

describe('StridedSlice gradient vs float64 central differences', () => {
  test.each(CASES.map((c, i) => ({ ...c, seed: 4100 + i })))('$name', async (c) => {
    const rng = seededRng(c.seed);
    const x = uniform(rng, sizeOf(c.shape));
    const r = uniform(rng, sizeOf(c.outShape));
    const m = c.masks ?? {};
    const slice = (t: tf.Tensor) => tf.stridedSlice(t, c.begin, c.end, c.strides, m.begin ?? 0, m.end ?? 0, m.ellipsis ?? 0, m.newAxis ?? 0, m.shrink ?? 0);
    // The forward pass itself agrees with the hand-written picks (shape and values).
    const [y] = await runOn('wasm', () => slice(tf.tensor(x, c.shape)));
    expect(y!.shape).toEqual(c.outShape);
    await checkGradientsAgainstReference(
      [{ name: 'x', shape: c.shape, values: x }],
      ([values]) => referenceLoss(values!, c.shape, c.picks, r),
      (t) => tf.sum(tf.mul(slice(t), tf.tensor(r, c.outShape))),
    );
  });

  test.each(['wasm', 'cpu'] as const)('an empty slice x[2:2, :] has an all-zero gradient of x’s shape on %s', async (backend) => {
    const [g] = await runOn(backend, () => tf.grad((t: tf.Tensor) => tf.sum(tf.stridedSlice(t, [2, 0], [2, 3], [1, 1])))(tf.ones([4, 3])));
    expect(g!.shape).toEqual([4, 3]);
    expect(g!.values).toEqual(new Array(12).fill(0));
  });

  test('is the registered StridedSlice gradient', () => {
    expect(tf.getGradient(StridedSlice)).toBe(stridedSliceGradConfig);
  });
});
