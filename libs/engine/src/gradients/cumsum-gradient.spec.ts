import * as tf from '@tensorflow/tfjs-core';
import { Cumsum } from '@tensorflow/tfjs-core';
import { startWasmEngine } from '../testing/backends';
import { seededRng, uniform } from '../testing/random';
import { dot, strides } from '../testing/reference';
import { checkGradientsAgainstReference, forEachIndex, sizeOf } from './gradient-check';
import { cumsumGradConfig } from './cumsum-gradient';

/** The Cumsum gradient against central differences of a float64 reference, on every axis and flag combination. */

/** y[…, j, …] = Σ x[…, i, …] over i ≤ j (i < j if exclusive; i ≥ j, i > j if reversed). */
function cumsumReference(x: ArrayLike<number>, shape: number[], axis: number, exclusive: boolean, reverse: boolean): Float64Array {
  const s = strides(shape);
  const y = new Float64Array(x.length);
  forEachIndex(shape, (index, flat) => {
    const j = index[axis]!;
    const base = flat - j * s[axis]!;
    for (let i = 0; i < shape[axis]!; i++) {
      const included = reverse ? (exclusive ? i > j : i >= j) : exclusive ? i < j : i <= j;
      if (included) y[flat]! += x[base + i * s[axis]!]!;
    }
  });
  return y;
}

const SHAPE = [3, 4, 5];
const CASES = [0, 1, 2].flatMap((axis) =>
  [false, true].flatMap((exclusive) => [false, true].map((reverse) => ({ axis, exclusive, reverse }))),
);

beforeAll(startWasmEngine);

describe('Cumsum gradient vs float64 central differences', () => {
  test.each(CASES.map((c, i) => ({ ...c, seed: 4200 + i })))('axis $axis, exclusive $exclusive, reverse $reverse', async (c) => {
    const rng = seededRng(c.seed);
    const x = uniform(rng, sizeOf(SHAPE));
    const r = uniform(rng, sizeOf(SHAPE));
    await checkGradientsAgainstReference(
      [{ name: 'x', shape: SHAPE, values: x }],
      ([values]) => dot(cumsumReference(values!, SHAPE, c.axis, c.exclusive, c.reverse), r),
      (t) => tf.sum(tf.mul(tf.cumsum(t, c.axis, c.exclusive, c.reverse), tf.tensor(r, SHAPE))),
    );
  });

  test('is the registered Cumsum gradient', () => {
    expect(tf.getGradient(Cumsum)).toBe(cumsumGradConfig);
  });
});
