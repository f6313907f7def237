import * as tf from '@tensorflow/tfjs-core';
import { _FusedMatMul, BatchMatMul } from '@tensorflow/tfjs-core';
import { assertWasmMatchesCpu, runOn, startWasmEngine } from '../testing/backends';
import { seededRng, uniform } from '../testing/random';
import { rememberOriginal } from './wasm-backend';

/**
 * The replaced wasm BatchMatMul and _FusedMatMul kernels (transposes made explicit) against cpu:
 * every transpose combination, 2-D, batched and batch-broadcast operands, and the fused variant
 * with bias and activations; plus the gradients, whose products carry transpose flags.
 */

interface Case {
  name: string;
  /** Shapes of the untransposed product: a [..., M, K] @ b [..., K, N]. */
  a: number[];
  b: number[];
}

const SHAPES: Case[] = [
  { name: '2-D 5×7 @ 7×3', a: [5, 7], b: [7, 3] },
  { name: 'batched 2×5×7 @ 2×7×3', a: [2, 5, 7], b: [2, 7, 3] },
  { name: 'batch broadcast 2×5×7 @ 1×7×3', a: [2, 5, 7], b: [1, 7, 3] },
  { name: 'rank 4 2×3×4×5 @ 2×3×5×6', a: [2, 3, 4, 5], b: [2, 3, 5, 6] },
];

const FLAGS = [
  { transposeA: false, transposeB: false },
  { transposeA: true, transposeB: false },
  { transposeA: false, transposeB: true },
  { transposeA: true, transposeB: true },
];

const CASES = SHAPES.flatMap((s, i) => FLAGS.map((f, j) => ({ ...s, ...f, seed: 600 + 4 * i + j })));

/** The stored shape of an operand given its transpose flag. */
function stored(shape: number[], transpose: boolean): number[] {
  if (!transpose) return shape;
  const s = [...shape];
  [s[s.length - 2], s[s.length - 1]] = [s[s.length - 1]!, s[s.length - 2]!];
  return s;
}

function operands(c: (typeof CASES)[number]) {
  const rng = seededRng(c.seed);
  const aShape = stored(c.a, c.transposeA);
  const bShape = stored(c.b, c.transposeB);
  const n = c.b[c.b.length - 1]!;
  return {
    aShape,
    bShape,
    a: uniform(rng, aShape.reduce((x, y) => x * y)),
    b: uniform(rng, bShape.reduce((x, y) => x * y)),
    bias: uniform(rng, n),
    n,
  };
}

beforeAll(startWasmEngine);

describe('BatchMatMul on wasm', () => {
  test.each(CASES)('$name, transposeA $transposeA, transposeB $transposeB: wasm matches cpu', async (c) => {
    const o = operands(c);
    await assertWasmMatchesCpu(() => tf.matMul(tf.tensor(o.a, o.aShape), tf.tensor(o.b, o.bShape), c.transposeA, c.transposeB), {
      names: ['product'],
      rtol: 1e-5,
    });
  });

  // Equal batch dims only: tfjs-core's BatchMatMul gradient does not reduce over broadcast batch dims
  // on any backend (op-audit.spec.ts covers that as an op the methods need).
  test.each(CASES.filter((c) => c.a.length <= 3 && !c.name.startsWith('batch broadcast')))('gradients of $name, transposeA $transposeA, transposeB $transposeB: wasm matches cpu', async (c) => {
    const o = operands(c);
    const rng = seededRng(c.seed + 1000);
    const batch = c.a.slice(0, -2).map((d, i) => Math.max(d, c.b[i]!));
    const outShape = [...batch, c.a[c.a.length - 2]!, o.n];
    const r = uniform(rng, outShape.reduce((x, y) => x * y));
    const build = () =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, c.transposeA, c.transposeB).mul(tf.tensor(r, outShape)).sum())([
        tf.tensor(o.a, o.aShape),
        tf.tensor(o.b, o.bShape),
      ]);
    await assertWasmMatchesCpu(build, { names: ['da', 'db'], rtol: 1e-5 });
  });
});

describe('_FusedMatMul on wasm', () => {
  const fusedCases = CASES.filter((c) => c.a.length <= 3 && c.name !== 'batch broadcast 2×5×7 @ 1×7×3');

  test.each(fusedCases)('$name, transposeA $transposeA, transposeB $transposeB, bias + relu: wasm matches cpu', async (c) => {
    const o = operands(c);
    await assertWasmMatchesCpu(
      () => tf.fused.matMul({ a: tf.tensor(o.a, o.aShape), b: tf.tensor(o.b, o.bShape), transposeA: c.transposeA, transposeB: c.transposeB, bias: tf.tensor1d(o.bias), activation: 'relu' }),
      { names: ['product'], rtol: 1e-5 },
    );
  });

  test.each(fusedCases.filter((c) => c.transposeA || c.transposeB))(
    '$name, transposeA $transposeA, transposeB $transposeB, prelu with weights and no bias: wasm matches cpu',
    async (c) => {
      const o = operands(c);
      const alpha = uniform(seededRng(c.seed + 2000), o.n, 0.05, 0.3);
      await assertWasmMatchesCpu(
        () =>
          tf.fused.matMul({
            a: tf.tensor(o.a, o.aShape),
            b: tf.tensor(o.b, o.bShape),
            transposeA: c.transposeA,
            transposeB: c.transposeB,
            activation: 'prelu',
            preluActivationWeights: tf.tensor1d(alpha),
          }),
        { names: ['product'], rtol: 1e-5 },
      );
    },
  );

  test.each(fusedCases.filter((c) => c.a.length === 2))('gradients of $name, transposeA $transposeA, transposeB $transposeB, bias + relu: wasm matches cpu', async (c) => {
    const o = operands(c);
    const r = uniform(seededRng(c.seed + 3000), c.a[0]! * o.n);
    const build = () =>
      tf.grads((a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) =>
        tf.fused
          .matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, transposeA: c.transposeA, transposeB: c.transposeB, bias, activation: 'relu' })
          .mul(tf.tensor2d(r, [c.a[0]!, o.n]))
          .sum(),
      )([tf.tensor(o.a, o.aShape), tf.tensor(o.b, o.bShape), tf.tensor1d(o.bias)]);
    await assertWasmMatchesCpu(build, { names: ['da', 'db', 'dbias'], rtol: 1e-5 });
  });

  test.each([
    { batch: 2, m: 2, n: 3 },
    { batch: 3, m: 4, n: 2 },
  ])('batched operands ($batch × $m × 1 @ $batch × 1 × $n) with a bias: every row gets bias[j] in column j', async ({ batch, m, n }) => {
    // With zero operands the product is the bias broadcast over batch and rows, by definition.
    const bias = Array.from({ length: n }, (_, j) => 10 * (j + 1));
    const expected = Array.from({ length: batch * m * n }, (_, i) => bias[i % n]!);
    const build = () => tf.fused.matMul({ a: tf.zeros([batch, m, 1]), b: tf.zeros([batch, 1, n]), bias: tf.tensor1d(bias) });
    for (const backend of ['cpu', 'wasm'] as const) {
      const [out] = await runOn(backend, build);
      expect({ backend, values: out!.values }).toEqual({ backend, values: expected });
    }
  });

  test('the registered wasm kernels are the replacements, not the backend originals', () => {
    for (const name of [BatchMatMul, _FusedMatMul]) {
      const registered = tf.getKernel(name, 'wasm');
      expect(registered).toBeDefined();
      expect(registered).not.toBe(rememberOriginal(name));
    }
  });
});
