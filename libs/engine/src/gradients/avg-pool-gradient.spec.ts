import * as tf from '@tensorflow/tfjs-core';
import { AvgPool } from '@tensorflow/tfjs-core';
import { runOn, startWasmEngine, type TestBackend } from '../testing/backends';
import { seededRng, uniform } from '../testing/random';
import { dot, geometry, type Geometry, type Pair, type Shape4 } from '../testing/reference';
import { avgPoolGradConfig } from './avg-pool-gradient';
import { checkGradientsAgainstReference, sizeOf } from './gradient-check';

/**
 * The AvgPool gradient against central differences of a float64 reference that averages each window
 * over its in-image pixels (TensorFlow's convention), and one padded case by hand.
 */

function avgPoolReference(x: ArrayLike<number>, [B, H, W, C]: Shape4, size: Pair, strides: Pair, g: Geometry): Float64Array {
  const out = new Float64Array(B * g.outHeight * g.outWidth * C);
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let c = 0; c < C; c++) {
          let sum = 0;
          let count = 0;
          for (let kh = 0; kh < size[0]; kh++) {
            const ih = oh * strides[0] - g.top + kh;
            if (ih < 0 || ih >= H) continue;
            for (let kw = 0; kw < size[1]; kw++) {
              const iw = ow * strides[1] - g.left + kw;
              if (iw < 0 || iw >= W) continue;
              sum += x[((b * H + ih) * W + iw) * C + c]!;
              count++;
            }
          }
          out[((b * g.outHeight + oh) * g.outWidth + ow) * C + c] = sum / count;
        }
  return out;
}

type Explicit = [[number, number], [number, number], [number, number], [number, number]];

interface PoolCase {
  name: string;
  x: Shape4;
  size: Pair;
  strides: Pair;
  pad: 'same' | 'valid' | number | Explicit;
  rounding?: 'floor' | 'ceil' | 'round';
  /**
   * The wasm AvgPool forward is wrong with ceil rounding (tfjs-backend-wasm hands XNNPACK only the
   * symmetric padding, so it fills the floor-rounded output and leaves the extra row and column
   * unset); there only the gradient, which does not depend on the forward values, is checked.
   */
  wasmForwardWrong?: boolean;
}

function poolGeometry(c: PoolCase): Geometry {
  if (typeof c.pad !== 'object') return geometry(c.x[1], c.x[2], { size: c.size, strides: c.strides, dilations: [1, 1], pad: c.pad, rounding: c.rounding });
  const [, [top, bottom], [left, right]] = c.pad;
  return {
    outHeight: Math.floor((c.x[1] + top + bottom - c.size[0]) / c.strides[0]) + 1,
    outWidth: Math.floor((c.x[2] + left + right - c.size[1]) / c.strides[1]) + 1,
    top,
    left,
  };
}

const CASES: PoolCase[] = [
  { name: '3×3 stride 2 same (the op audit case)', x: [2, 7, 5, 3], size: [3, 3], strides: [2, 2], pad: 'same' },
  { name: '2×2 stride 1 same (padding after only)', x: [1, 5, 6, 2], size: [2, 2], strides: [1, 1], pad: 'same' },
  { name: '3×2 stride [1, 2] same, non-square window', x: [1, 6, 7, 2], size: [3, 2], strides: [1, 2], pad: 'same' },
  { name: '3×3 stride 1 explicit pad 1', x: [1, 5, 5, 2], size: [3, 3], strides: [1, 1], pad: 1 },
  { name: '3×3 stride 2 pad 1, ceil rounding (a partial last window)', x: [1, 6, 6, 2], size: [3, 3], strides: [2, 2], pad: 1, rounding: 'ceil', wasmForwardWrong: true },
  { name: 'explicit asymmetric padding', x: [1, 5, 6, 2], size: [3, 3], strides: [2, 1], pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  { name: '2×2 stride 2 valid (no padding, scale 1)', x: [1, 6, 7, 2], size: [2, 2], strides: [2, 2], pad: 'valid' },
];

beforeAll(startWasmEngine);

describe('AvgPool gradient vs float64 central differences', () => {
  test.each(CASES.map((c, i) => ({ ...c, seed: 4500 + i })))('$name', async (c) => {
    const g = poolGeometry(c);
    const yShape: Shape4 = [c.x[0], g.outHeight, g.outWidth, c.x[3]];
    const rng = seededRng(c.seed);
    const x = uniform(rng, sizeOf(c.x));
    const r = uniform(rng, sizeOf(yShape));
    const check = (backends: TestBackend[], checkValue: boolean) =>
      checkGradientsAgainstReference(
        [{ name: 'x', shape: c.x, values: x }],
        ([values]) => dot(avgPoolReference(values!, c.x, c.size, c.strides, g), r),
        (t) => tf.sum(tf.mul(tf.avgPool(t as tf.Tensor4D, c.size, c.strides, c.pad, c.rounding), tf.tensor4d(r, yShape))),
        { backends, checkValue },
      );
    if (c.wasmForwardWrong) {
      await check(['cpu'], true);
      await check(['wasm'], false);
    } else {
      await check(['wasm', 'cpu'], true);
    }
  });

  test('by hand: 2×2 stride 2 same on 3×3, where windows hold 4, 2, 2 and 1 pixels', async () => {
    // Output windows (rows × cols): {0,1}×{0,1}, {0,1}×{2}, {2}×{0,1}, {2}×{2}; each spreads 1/count.
    const expected = [0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1];
    for (const backend of ['wasm', 'cpu'] as const) {
      const [dx] = await runOn(backend, () => tf.grad((t: tf.Tensor) => tf.sum(tf.avgPool(t as tf.Tensor4D, 2, 2, 'same')))(tf.ones([1, 3, 3, 1])));
      expect(dx!.values).toEqual(expected);
    }
  });

  test('is the registered AvgPool gradient', () => {
    expect(tf.getGradient(AvgPool)).toBe(avgPoolGradConfig);
  });
});
