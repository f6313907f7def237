import * as tf from '@tensorflow/tfjs-core';
import { type Plain, type TestBackend, assertSameResult, runOn, startTorchBackend, startWasmEngine } from '../testing/backends';
import { assertClose } from '../testing/compare';
import { seededRng, uniform } from '../testing/random';
import { PROTOTYPE_DISTANCES_KERNEL, prototypeDistances } from './prototype-distances';

/**
 * prototypeDistances on the composed path (cpu, wasm) and, where the addon is built, on torch's native
 * kernels, against the distances written out in float64 as Σ (z − p)² (not the expansion the op uses)
 * and central finite differences of L = Σ r·d on them (h = 1e-4; d is quadratic, so the differences are
 * exact up to float64 rounding).
 */

const torch = startTorchBackend();

interface Case {
  name: string;
  n: number;
  m: number;
  d: number;
  z: number[];
  prototypes: number[];
}

const random = (seed: number, count: number) => uniform(seededRng(seed), count, -1, 1);

function randomCase(name: string, n: number, m: number, d: number, seed: number): Case {
  return { name, n, m, d, z: random(seed, n * d), prototypes: random(seed + 1, m * d) };
}

// Rows 0 and 2 of z ARE prototypes 0 and 1, with large norms: the expansion Σz² − 2 z·p + Σp² loses
// ≈ 1e-3 to rounding there and can come out below 0, where the clamp must hold it at 0.
const COINCIDENT: Case = (() => {
  const p = [-2.2, 63.6, 65.5, -70.3, -65.4, -36.1, -79.5, -13.7];
  return { name: 'coincident rows with large norms (the clamp)', n: 3, m: 2, d: 4, z: [...p.slice(0, 4), 1, 2, 3, 4, ...p.slice(4)], prototypes: p };
})();

const CASES: Case[] = [
  randomCase('odd sizes 7×5, depth 3', 7, 5, 3, 1),
  randomCase('one feature vector (N = 1)', 1, 4, 6, 11),
  randomCase('one prototype (M = 1)', 6, 1, 5, 21),
  randomCase('product large enough for oneDNN, 130×20, depth 64', 130, 20, 64, 31),
  COINCIDENT,
];

/** d[n][m] = Σ_k (z[n][k] − p[m][k])² in float64. */
function reference(c: Case, z: number[], p: number[]): number[] {
  const d: number[] = [];
  for (let i = 0; i < c.n; i++) {
    for (let j = 0; j < c.m; j++) {
      let sum = 0;
      for (let k = 0; k < c.d; k++) sum += (z[i * c.d + k]! - p[j * c.d + k]!) ** 2;
      d.push(sum);
    }
  }
  return d;
}

/**
 * Central differences of L = Σ r·d. Moving z[i][k] changes row i of d only, and p[j][k] column j, so
 * each difference evaluates those terms alone (the others cancel exactly).
 */
function finiteDifferences(c: Case, r: number[]): { dz: number[]; dp: number[] } {
  const h = 1e-4;
  const term = (zRow: number[], pRow: number[]) => zRow.reduce((sum, v, k) => sum + (v - pRow[k]!) ** 2, 0);
  const row = (values: number[], i: number) => values.slice(i * c.d, (i + 1) * c.d);
  const central = (f: (delta: number) => number) => (f(h) - f(-h)) / (2 * h);
  const moved = (values: number[], k: number, delta: number) => values.map((v, i) => (i === k ? v + delta : v));
  const dz = c.z.map((_, index) => {
    const i = Math.floor(index / c.d);
    const k = index % c.d;
    return central((delta) => Array.from({ length: c.m }, (_, j) => r[i * c.m + j]! * term(moved(row(c.z, i), k, delta), row(c.prototypes, j))).reduce((a, b) => a + b, 0));
  });
  const dp = c.prototypes.map((_, index) => {
    const j = Math.floor(index / c.d);
    const k = index % c.d;
    return central((delta) => Array.from({ length: c.n }, (_, i) => r[i * c.m + j]! * term(row(c.z, i), moved(row(c.prototypes, j), k, delta))).reduce((a, b) => a + b, 0));
  });
  return { dz, dp };
}

const weights = (c: Case) => random(999, c.n * c.m);

function valueAndGradients(c: Case): () => tf.Tensor[] {
  return () => {
    const z = tf.tensor2d(c.z, [c.n, c.d]);
    const p = tf.tensor2d(c.prototypes, [c.m, c.d]);
    const r = tf.tensor2d(weights(c), [c.n, c.m]);
    const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(prototypeDistances(a as tf.Tensor2D, b as tf.Tensor2D), r));
    return [prototypeDistances(z, p), ...tf.grads(loss)([z, p])];
  };
}

function checkAgainstReference(c: Case, [y, dz, dp]: Plain[], backend: string): void {
  const expected = reference(c, c.z, c.prototypes);
  const fd = finiteDifferences(c, weights(c));
  // float32 expansion: the rounding scales with Σz² + Σp², not with the distance.
  const scale = Math.max(...c.z.map(Math.abs), ...c.prototypes.map(Math.abs)) ** 2 * c.d;
  expect(y!.shape).toEqual([c.n, c.m]);
  assertClose(y!.values, expected, { label: `${backend} ${c.name}: distances`, rtol: 1e-5, atol: 1e-6 * scale });
  expect(Math.min(...y!.values)).toBeGreaterThanOrEqual(0);
  assertClose(dz!.values, fd.dz, { label: `${backend} ${c.name}: dz`, rtol: 1e-4, atol: 1e-6 * scale, allowZero: true });
  assertClose(dp!.values, fd.dp, { label: `${backend} ${c.name}: dprototypes`, rtol: 1e-4, atol: 1e-6 * scale, allowZero: true });
}

describe('prototypeDistances', () => {
  beforeAll(startWasmEngine);
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('is ‖z − p‖², worked by hand', async () => {
    const [y, dz, dp] = await runOn('cpu', () => {
      // z = (1, 2), (0, 0); prototypes (1, 0), (3, 2).
      const z = tf.tensor2d([1, 2, 0, 0], [2, 2]);
      const p = tf.tensor2d([1, 0, 3, 2], [2, 2]);
      return [prototypeDistances(z, p), ...tf.grads((a, b) => tf.sum(prototypeDistances(a as tf.Tensor2D, b as tf.Tensor2D)))([z, p])];
    });
    // (0² + 2², 2² + 0²; 1² + 0², 3² + 2²)
    expect(y!.values).toEqual([4, 4, 1, 13]);
    // ∂/∂zₙ = Σₘ 2(zₙ − pₘ): (2·(0, 2) + 2·(−2, 0), 2·(−1, 0) + 2·(−3, −2)).
    expect(dz!.values).toEqual([-4, 4, -8, -4]);
    // ∂/∂pₘ = Σₙ 2(pₘ − zₙ): (2·(0, −2) + 2·(1, 0), 2·(2, 0) + 2·(3, 2)).
    expect(dp!.values).toEqual([2, -4, 10, 4]);
  });

  it('clamps at 0 where the expansion rounds below it (the composed value is negative here)', async () => {
    const c = COINCIDENT;
    const [unclamped] = await runOn('cpu', () => {
      const z = tf.tensor2d(c.z, [c.n, c.d]);
      const p = tf.tensor2d(c.prototypes, [c.m, c.d]);
      return tf.add(tf.sub(tf.sum(tf.square(z), 1, true), tf.mul(tf.matMul(z, p, false, true), 2)), tf.sum(tf.square(p), 1));
    });
    expect(Math.min(unclamped!.values[0]!, unclamped!.values[5]!)).toBeLessThan(0);
    const [y] = await runOn('cpu', () => prototypeDistances(tf.tensor2d(c.z, [c.n, c.d]), tf.tensor2d(c.prototypes, [c.m, c.d])));
    expect([y!.values[0], y!.values[5]]).toEqual([0, 0]);
  });

  const backends: TestBackend[] = ['cpu', 'wasm'];
  it.each(backends.flatMap((backend) => CASES.map((c) => [backend, c.name, c] as const)))('%s, %s: values and gradients against float64', async (backend, _name, c) => {
    checkAgainstReference(c, await runOn(backend, valueAndGradients(c)), backend);
  });

  (torch ? it.each(CASES.map((c) => [c.name, c] as const)) : it.skip.each([['skipped: the libtorch addon is not built here', CASES[0]!] as const]))(
    'torch, %s: values and gradients against float64 and the cpu backend, one kernel each way, no fallback',
    async (_name, c) => {
      const cpu = await runOn('cpu', valueAndGradients(c));
      torch!.resetTorchFallbacks();
      const actual = await runOn('torch', valueAndGradients(c));
      expect(torch!.torchFallbacks().calls).toBe(0);
      checkAgainstReference(c, actual, 'torch');
      const scale = Math.max(...c.z.map(Math.abs), ...c.prototypes.map(Math.abs)) ** 2 * c.d;
      ['distances', 'dz', 'dprototypes'].forEach((label, i) => assertSameResult(actual[i]!, cpu[i]!, { label: `${c.name} ${label}`, rtol: 1e-4, atol: 1e-6 * scale }));
    },
  );

  (torch ? it : it.skip)('torch records one kernel forward and one per input gradient asked for', async () => {
    await tf.setBackend('torch');
    const z = tf.tensor2d(random(5, 12), [4, 3]);
    const p = tf.tensor2d(random(6, 6), [2, 3]);
    const count = (info: { kernels: { name: string }[] }, name: string) => info.kernels.filter((k) => k.name === name).length;
    const forward = await tf.profile(() => tf.dispose(prototypeDistances(z, p)));
    expect(forward.kernels.map((k) => k.name)).toEqual([PROTOTYPE_DISTANCES_KERNEL]);
    // Grad-CAM's case: the features are differentiated, the prototypes are not.
    const featuresOnly = await tf.profile(() => tf.dispose(tf.grad((a: tf.Tensor) => tf.sum(prototypeDistances(a as tf.Tensor2D, p)))(z)));
    expect(count(featuresOnly, PROTOTYPE_DISTANCES_KERNEL)).toBe(1);
    expect(count(featuresOnly, 'PrototypeDistancesGrad')).toBe(1);
    expect(featuresOnly.kernelNames.filter((k) => ['BatchMatMul', 'Square', 'Relu', 'ThresholdBackward'].includes(k))).toEqual([]);
    // Training's case: both.
    const both = await tf.profile(() => tf.dispose(tf.grads((a, b) => tf.sum(prototypeDistances(a as tf.Tensor2D, b as tf.Tensor2D)))([z, p])));
    expect(count(both, 'PrototypeDistancesGrad')).toBe(2);
    tf.dispose([z, p]);
  });

  it('names what is wrong with its arguments', async () => {
    await tf.setBackend('cpu');
    const call = (zShape: number[], pShape: number[], dtype: 'float32' | 'int32' = 'float32') => () =>
      tf.tidy(() => prototypeDistances(tf.zeros<tf.Rank>(zShape, dtype) as tf.Tensor2D, tf.zeros<tf.Rank>(pShape) as tf.Tensor2D));
    expect(call([2, 3, 1], [4, 3])).toThrow('prototypeDistances: z must be [N, D] of rank 2, got shape [2, 3, 1]');
    expect(call([2, 3], [3])).toThrow('prototypeDistances: prototypes must be [M, D] of rank 2, got shape [3]');
    expect(call([2, 3], [4, 5])).toThrow('prototypeDistances: prototypes have depth 5, z has 3');
    expect(call([2, 3], [4, 3], 'int32')).toThrow('prototypeDistances: z must be float32, got int32');
  });
});
