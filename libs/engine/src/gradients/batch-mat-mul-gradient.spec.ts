import * as tf from '@tensorflow/tfjs-core';
import { BatchMatMul } from '@tensorflow/tfjs-core';
import { startWasmEngine } from '../testing/backends';
import { seededRng, uniform } from '../testing/random';
import { dot, strides } from '../testing/reference';
import { batchMatMulGradConfig } from './batch-mat-mul-gradient';
import { checkGradientsAgainstReference, forEachIndex, sizeOf } from './gradient-check';

/**
 * The BatchMatMul gradient against central differences of a float64 reference, with batch dimensions
 * broadcast from either side (missing leading axes and axes of size 1) and every transpose combination.
 * Only broadcasts where one operand has a single batch in all are checked: tfjs's forward kernels pair
 * batch bi with a[bi mod batchA] and b[bi mod batchB], which is wrong when both sides broadcast
 * (e.g. [2, 1, T, C] · [3, C, D]); the gradient's summing handles that case too.
 */

/** op(a)·op(b) with NumPy broadcasting of the batch axes; op transposes the last two axes when asked. */
function matMulReference(a: ArrayLike<number>, aShape: number[], b: ArrayLike<number>, bShape: number[], transposeA: boolean, transposeB: boolean) {
  const [ar, ac] = aShape.slice(-2) as [number, number];
  const [br, bc] = bShape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const n = transposeB ? br : bc;
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  const rank = Math.max(aBatch.length, bBatch.length);
  const padded = (batch: number[]) => [...new Array<number>(rank - batch.length).fill(1), ...batch];
  const [pa, pb] = [padded(aBatch), padded(bBatch)];
  const batch = pa.map((d, i) => Math.max(d, pb[i]!));
  const [sa, sb] = [strides(pa), strides(pb)];
  const outShape = [...batch, m, n];
  const out = new Float64Array(sizeOf(outShape));
  forEachIndex(batch, (index, flat) => {
    const aOffset = index.reduce((o, v, i) => o + (pa[i] === 1 ? 0 : v) * sa[i]!, 0) * ar * ac;
    const bOffset = index.reduce((o, v, i) => o + (pb[i] === 1 ? 0 : v) * sb[i]!, 0) * br * bc;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let t = 0; t < k; t++) {
          const av = a[aOffset + (transposeA ? t * ac + i : i * ac + t)]!;
          const bv = b[bOffset + (transposeB ? j * bc + t : t * bc + j)]!;
          sum += av * bv;
        }
        out[(flat * m + i) * n + j] = sum;
      }
  });
  return { shape: outShape, values: out };
}

interface MatMulCase {
  name: string;
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
}

const CASES: MatMulCase[] = [
  { name: '[B, T, C] · [C, D] (shared weight)', a: [2, 3, 4], b: [4, 5] },
  { name: '[B, T, C] · [1, C, D]', a: [2, 3, 4], b: [1, 4, 5] },
  { name: '[T, C] · [B, C, D] (shared left operand)', a: [3, 4], b: [2, 4, 5] },
  { name: '[2, 3, T, C] · [1, C, D] (rank 4 · rank 3)', a: [2, 3, 3, 4], b: [1, 4, 5] },
  { name: '[B, T, C] · [B, C, D] (no broadcasting)', a: [2, 3, 4], b: [2, 4, 5] },
  { name: 'transposeA: [B, C, T]ᵀ · [C, D]', a: [2, 4, 3], b: [4, 5], transposeA: true },
  { name: 'transposeB: [B, T, C] · [D, C]ᵀ', a: [2, 3, 4], b: [5, 4], transposeB: true },
  { name: 'both: [B, C, T]ᵀ · [1, D, C]ᵀ', a: [2, 4, 3], b: [1, 5, 4], transposeA: true, transposeB: true },
  { name: 'both, left broadcast: [C, T]ᵀ · [2, 2, D, C]ᵀ', a: [4, 3], b: [2, 2, 5, 4], transposeA: true, transposeB: true },
];

beforeAll(startWasmEngine);

describe('BatchMatMul gradient vs float64 central differences', () => {
  test.each(CASES.map((c, i) => ({ ...c, seed: 4300 + i })))('$name', async (c) => {
    const rng = seededRng(c.seed);
    const a = uniform(rng, sizeOf(c.a));
    const b = uniform(rng, sizeOf(c.b));
    const { transposeA = false, transposeB = false } = c;
    const outShape = matMulReference(a, c.a, b, c.b, transposeA, transposeB).shape;
    const r = uniform(rng, sizeOf(outShape));
    await checkGradientsAgainstReference(
      [
        { name: 'a', shape: c.a, values: a },
        { name: 'b', shape: c.b, values: b },
      ],
      ([av, bv]) => dot(matMulReference(av!, c.a, bv!, c.b, transposeA, transposeB).values, r),
      (ta, tb) => tf.sum(tf.mul(tf.matMul(ta, tb, transposeA, transposeB), tf.tensor(r, outShape))),
    );
  });

  test('is the registered BatchMatMul gradient', () => {
    expect(tf.getGradient(BatchMatMul)).toBe(batchMatMulGradConfig);
  });
});
