import * as tf from '@tensorflow/tfjs-core';
import { ResizeBilinear } from '@tensorflow/tfjs-core';
import { runOn, startWasmEngine } from '../testing/backends';
import { seededRng, uniform } from '../testing/random';
import { dot } from '../testing/reference';
import { checkGradientsAgainstReference, sizeOf } from './gradient-check';
import { bilinearHalfPixelMatrix, resizeBilinearGradConfig } from './resize-bilinear-gradient';

/**
 * The ResizeBilinear gradient against central differences of a float64 per-pixel reference of tfjs's
 * forward pass (all three coordinate conventions, square and non-square), and the half-pixel
 * resampling matrix and one gradient by hand.
 */

type Convention = 'halfPixel' | 'alignCorners' | 'legacy';

/** The two source neighbours of output o and the weight of the upper one, as tfjs's forward kernels take them. */
function neighbours(o: number, inSize: number, outSize: number, convention: Convention): [number, number, number] {
  let source: number;
  if (convention === 'alignCorners' && outSize > 1) source = (o * (inSize - 1)) / (outSize - 1);
  else if (convention === 'halfPixel') source = ((o + 0.5) * inSize) / outSize - 0.5;
  else source = (o * inSize) / outSize;
  const lower = Math.max(0, Math.floor(source));
  return [lower, Math.min(inSize - 1, Math.ceil(source)), source - lower];
}

function resizeReference(x: ArrayLike<number>, [B, H, W, C]: number[], [outH, outW]: [number, number], convention: Convention): Float64Array {
  const out = new Float64Array(B! * outH * outW * C!);
  const at = (b: number, h: number, w: number, c: number) => x[((b * H! + h) * W! + w) * C! + c]!;
  for (let b = 0; b < B!; b++)
    for (let oh = 0; oh < outH; oh++) {
      const [top, bottom, dr] = neighbours(oh, H!, outH, convention);
      for (let ow = 0; ow < outW; ow++) {
        const [left, right, dc] = neighbours(ow, W!, outW, convention);
        for (let c = 0; c < C!; c++) {
          const upper = at(b, top, left, c) + (at(b, top, right, c) - at(b, top, left, c)) * dc;
          const lower = at(b, bottom, left, c) + (at(b, bottom, right, c) - at(b, bottom, left, c)) * dc;
          out[((b * outH + oh) * outW + ow) * C! + c] = upper + (lower - upper) * dr;
        }
      }
    }
  return out;
}

interface ResizeCase {
  name: string;
  x: number[];
  size: [number, number];
  convention: Convention;
}

const CASES: ResizeCase[] = [
  { name: '×2 up 4×4 → 8×8 (the op audit case)', x: [1, 4, 4, 2], size: [8, 8], convention: 'halfPixel' },
  { name: 'non-square 4×5 → 8×10', x: [1, 4, 5, 2], size: [8, 10], convention: 'halfPixel' },
  { name: 'down 8×6 → 3×4', x: [1, 8, 6, 1], size: [3, 4], convention: 'halfPixel' },
  { name: 'up in H, down in W, 3×5 → 7×4, batch 2', x: [2, 3, 5, 2], size: [7, 4], convention: 'halfPixel' },
  { name: 'to and from a single pixel, 1×3 → 4×1', x: [1, 1, 3, 2], size: [4, 1], convention: 'halfPixel' },
  { name: 'non-square 3×4 → 7×9, batch 2', x: [2, 3, 4, 2], size: [7, 9], convention: 'alignCorners' },
  { name: 'non-square 5×4 → 3×7', x: [1, 5, 4, 2], size: [3, 7], convention: 'legacy' },
];

beforeAll(startWasmEngine);

describe('ResizeBilinear gradient vs float64 central differences', () => {
  test.each(CASES.map((c, i) => ({ ...c, seed: 4600 + i })))('$convention: $name', async (c) => {
    const yShape = [c.x[0]!, c.size[0], c.size[1], c.x[3]!];
    const rng = seededRng(c.seed);
    const x = uniform(rng, sizeOf(c.x));
    const r = uniform(rng, sizeOf(yShape));
    await checkGradientsAgainstReference(
      [{ name: 'images', shape: c.x, values: x }],
      ([values]) => dot(resizeReference(values!, c.x, c.size, c.convention), r),
      (t) => tf.sum(tf.mul(tf.image.resizeBilinear(t as tf.Tensor4D, c.size, c.convention === 'alignCorners', c.convention === 'halfPixel'), tf.tensor(r, yShape))),
    );
  });

  test('rank-3 images (the op adds and removes the batch axis)', async () => {
    const rng = seededRng(4690);
    const x = uniform(rng, 3 * 4 * 2);
    const r = uniform(rng, 5 * 6 * 2);
    await checkGradientsAgainstReference(
      [{ name: 'images', shape: [3, 4, 2], values: x }],
      ([values]) => dot(resizeReference(values!, [1, 3, 4, 2], [5, 6], 'halfPixel'), r),
      (t) => tf.sum(tf.mul(tf.image.resizeBilinear(t as tf.Tensor3D, [5, 6], false, true), tf.tensor3d(r, [5, 6, 2]))),
    );
  });

  test('the half-pixel matrix for 2 → 4, by hand', () => {
    // Sources −0.25, 0.25, 0.75, 1.25: the outer two clamp onto the edge pixels.
    expect(Array.from(bilinearHalfPixelMatrix(2, 4))).toEqual([1, 0, 0.75, 0.25, 0.25, 0.75, 0, 1]);
  });

  test('by hand: output (0, 1) of a 2×2 → 4×4 half-pixel resize pulls back onto row 0 as 0.75, 0.25', async () => {
    const weight = new Array<number>(16).fill(0);
    weight[1] = 1;
    for (const backend of ['wasm', 'cpu'] as const) {
      const [dx] = await runOn(backend, () =>
        tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeBilinear(t as tf.Tensor4D, [4, 4], false, true), tf.tensor4d(weight, [1, 4, 4, 1]))))(tf.ones([1, 2, 2, 1])),
      );
      expect(dx!.values).toEqual([0.75, 0.25, 0, 0]);
    }
  });

  test('is the registered ResizeBilinear gradient', () => {
    expect(tf.getGradient(ResizeBilinear)).toBe(resizeBilinearGradConfig);
  });
});
