import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Registers the ops' gradients (tfjs-core alone registers none).
import '@tensorflow/tfjs';
import { bicubicResampleMatrix, resizeBicubic } from './resize-bicubic';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('bicubic resampling matrix', () => {
  it('gives Keys cubic weights (a = −0.75) at a quarter-pixel offset, worked by hand', () => {
    // Upsampling 4 → 8: output 3 sits at source (3.5)·0.5 − 0.5 = 1.25, so t = 0.25 from pixel 1.
    // Keys, a = −0.75: w(x) = (a+2)x³ − (a+3)x² + 1 for x ≤ 1, a(x³ − 5x² + 8x − 4) for 1 < x < 2:
    // w(1.25) = −0.10546875, w(0.25) = 0.87890625, w(0.75) = 0.26171875, w(1.75) = −0.03515625.
    const m = bicubicResampleMatrix(4, 8);
    const row = Array.from(m.slice(3 * 4, 4 * 4));
    [-0.10546875, 0.87890625, 0.26171875, -0.03515625].forEach((w, i) => expect(row[i]).toBeCloseTo(w, 7));
  });

  it('rows sum to one, so a constant image stays constant', () => {
    const m = bicubicResampleMatrix(7, 13);
    for (let o = 0; o < 13; o++) {
      const sum = m.slice(o * 7, (o + 1) * 7).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 6);
    }
  });

  it('is the identity at equal sizes', () => {
    const m = bicubicResampleMatrix(5, 5);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(m[i * 5 + j]).toBeCloseTo(i === j ? 1 : 0, 7);
  });
});

describe('resizeBicubic', () => {
  it('passes through the source pixels where an output lands exactly on one (w(0) = 1, w(±1) = w(±2) = 0)', () => {
    // Upsampling ×3: output o samples source (o + 0.5)/3 − 0.5, an integer i for o = 3i + 1.
    const image = tf.randomUniform([1, 4, 5, 2], 0, 1, 'float32', 11) as tf.Tensor4D;
    const source = image.arraySync()[0]!;
    const up = resizeBicubic(image, [12, 15]).arraySync()[0]!;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 5; j++) for (let c = 0; c < 2; c++) {
      expect(up[3 * i + 1]![3 * j + 1]![c]).toBeCloseTo(source[i]![j]![c]!, 5);
    }
  });

  it('resamples rows and columns independently and keeps channels apart', () => {
    const image = tf.randomUniform([2, 5, 6, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const out = resizeBicubic(image, [9, 4]);
    expect(out.shape).toEqual([2, 9, 4, 3]);
    const rows = tf.tensor2d(bicubicResampleMatrix(5, 9), [9, 5]);
    const cols = tf.tensor2d(bicubicResampleMatrix(6, 4), [4, 6]);
    // Independent check for one image and channel: R · X · Cᵀ.
    const x = tf.reshape(tf.slice(image, [1, 0, 0, 2], [1, 5, 6, 1]), [5, 6]) as tf.Tensor2D;
    const expected = tf.matMul(tf.matMul(rows, x), cols, false, true).arraySync() as number[][];
    const got = tf.reshape(tf.slice(out, [1, 0, 0, 2], [1, 9, 4, 1]), [9, 4]).arraySync() as number[][];
    expected.forEach((r, i) => r.forEach((v, j) => expect(got[i]![j]).toBeCloseTo(v, 5)));
  });

  it('is differentiable: the gradient of the sum is the column sums of the resampling matrices', () => {
    const image = tf.randomUniform([1, 4, 4, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const grad = tf.grad((x: tf.Tensor) => tf.sum(resizeBicubic(x as tf.Tensor4D, [8, 8])))(image).reshape([4, 4]).arraySync() as number[][];
    const m = bicubicResampleMatrix(4, 8);
    const colSum = (i: number) => Array.from({ length: 8 }, (_, o) => m[o * 4 + i]!).reduce((a, b) => a + b, 0);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(grad[i]![j]).toBeCloseTo(colSum(i) * colSum(j), 5);
  });
});
