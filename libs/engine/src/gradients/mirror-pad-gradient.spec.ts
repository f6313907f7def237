import * as tf from '@tensorflow/tfjs-core';
import { MirrorPad } from '@tensorflow/tfjs-core';
import { runOn, startWasmEngine } from '../testing/backends';
import { seededRng, uniform } from '../testing/random';
import { dot, strides } from '../testing/reference';
import { checkGradientsAgainstReference, forEachIndex, sizeOf } from './gradient-check';
import { mirrorPadGradConfig } from './mirror-pad-gradient';

/** The MirrorPad gradient against central differences of a float64 reference, and one case by hand. */

type Mode = 'reflect' | 'symmetric';

/** The source index of padded position p along an axis of length n padded by `before`. */
function source(p: number, n: number, before: number, mode: Mode): number {
  const i = p - before;
  if (i < 0) return mode === 'reflect' ? -i : -i - 1;
  if (i >= n) return mode === 'reflect' ? 2 * n - 2 - i : 2 * n - 1 - i;
  return i;
}

function mirrorPadReference(x: ArrayLike<number>, shape: number[], paddings: [number, number][], mode: Mode): Float64Array {
  const outShape = shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const s = strides(shape);
  const out = new Float64Array(sizeOf(outShape));
  forEachIndex(outShape, (index, flat) => {
    out[flat] = x[index.reduce((o, p, axis) => o + source(p, shape[axis]!, paddings[axis]![0], mode) * s[axis]!, 0)]!;
  });
  return out;
}

interface PadCase {
  name: string;
  shape: number[];
  paddings: [number, number][];
}

const CASES: PadCase[] = [
  { name: 'NHWC, H and W (the op audit case)', shape: [1, 4, 5, 2], paddings: [[0, 0], [2, 1], [1, 2], [0, 0]] },
  // 'reflect' allows at most n − 1 per side, 'symmetric' n; every case here is valid for both.
  { name: 'rank 1, widest reflect pads', shape: [4], paddings: [[3, 3]] },
  { name: 'rank 3, every axis, asymmetric', shape: [3, 4, 2], paddings: [[1, 2], [0, 3], [1, 0]] },
  { name: 'batch 2, one side only', shape: [2, 5, 3, 1], paddings: [[0, 0], [0, 2], [2, 0], [0, 0]] },
];

beforeAll(startWasmEngine);

describe('MirrorPad gradient vs float64 central differences', () => {
  test.each(
    CASES.flatMap((c) => (['reflect', 'symmetric'] as Mode[]).map((mode) => ({ ...c, mode }))).map((c, i) => ({ ...c, seed: 4400 + i })),
  )('$mode: $name', async (c) => {
    const { paddings } = c;
    const outShape = c.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
    const rng = seededRng(c.seed);
    const x = uniform(rng, sizeOf(c.shape));
    const r = uniform(rng, sizeOf(outShape));
    await checkGradientsAgainstReference(
      [{ name: 'x', shape: c.shape, values: x }],
      ([values]) => dot(mirrorPadReference(values!, c.shape, paddings, c.mode), r),
      (t) => tf.sum(tf.mul(tf.mirrorPad(t, paddings, c.mode), tf.tensor(r, outShape))),
    );
  });

  test.each([
    // [a b c] reflect [2, 1] → [c b a b c b]: a once, b three times, c twice.
    { mode: 'reflect' as Mode, expected: [1, 3, 2] },
    // [a b c] symmetric [2, 1] → [b a a b c c]: a twice, b twice, c twice.
    { mode: 'symmetric' as Mode, expected: [2, 2, 2] },
  ])('$mode by hand: each element’s gradient counts its copies', async ({ mode, expected }) => {
    for (const backend of ['wasm', 'cpu'] as const) {
      const [g] = await runOn(backend, () => tf.grad((t: tf.Tensor) => tf.sum(tf.mirrorPad(t, [[2, 1]], mode)))(tf.tensor1d([1, 2, 3])));
      expect(g!.values).toEqual(expected);
    }
  });

  test('is the registered MirrorPad gradient', () => {
    expect(tf.getGradient(MirrorPad)).toBe(mirrorPadGradConfig);
  });
});
