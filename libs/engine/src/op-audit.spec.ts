import * as tf from '@tensorflow/tfjs-core';
import { batchNormTraining, resizeBicubic } from './ops';
import { assertSameResult, runOn, startTorchBackend, startWasmEngine, type TorchForTests } from './testing/backends';
import { awayFromZero, distinct, integers, type Rng, seededRng, uniform } from './testing/random';

/**
 * Op audit: every op the methods (docs/methods.md) train through must have a gradient on
 * wasm. For each, a scalar function of small random inputs is differentiated on wasm and on cpu and
 * the values and gradients compared; separately, the wasm gradient is checked against central
 * differences of the wasm forward pass along random directions, which also catches gradients that are
 * wrong in tfjs itself (identical on every backend, so invisible to the comparison). Nothing is worked
 * around here: an op that fails is a finding.
 *
 * tfjs's per-kernel leak check (`IS_TEST`, set by the Jest setup) is switched off in this file: it
 * reports the tensors a custom-gradient op saves for its backward pass (tf.losses.softmaxCrossEntropy,
 * tf.logSoftmax on wasm) as leaks although nothing grows. Memory is measured directly in memory.spec.ts.
 */

type Generator = 'uniform' | 'distinct' | 'awayFromZero' | 'positive';

interface Input {
  shape: number[];
  gen?: Generator;
}

interface AuditCase {
  name: string;
  inputs: Input[];
  /** The scalar function; `r(shape)` gives a fixed random weighting tensor (the same on every backend). */
  f: (r: (shape: number[]) => tf.Tensor, ...xs: tf.Tensor[]) => tf.Scalar;
  /** Finite-difference step (smaller for piecewise-linear functions). */
  h?: number;
  /** Whether the cpu backend can serve as the oracle (default true). */
  cpuOracle?: boolean;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Σ y ⊙ R: a scalar whose gradient is R pulled back through y. */
const weighted = (r: (shape: number[]) => tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(y, r(y.shape))) as tf.Scalar;

function generate(rng: Rng, input: Input): number[] {
  const n = size(input.shape);
  switch (input.gen ?? 'uniform') {
    case 'uniform':
      return uniform(rng, n);
    case 'distinct':
      return distinct(rng, n);
    case 'awayFromZero':
      return awayFromZero(rng, n);
    case 'positive':
      return uniform(rng, n, 0.5, 1.5);
  }
}

const CASES: AuditCase[] = [
  // Convolutions.
  { name: 'conv2d stride 2 same', inputs: [{ shape: [2, 7, 6, 3] }, { shape: [3, 3, 3, 4] }], f: (r, x, w) => weighted(r, tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same')) },
  { name: 'conv2d stride 1 valid dilation 2', inputs: [{ shape: [1, 9, 8, 2] }, { shape: [3, 3, 2, 3] }], f: (r, x, w) => weighted(r, tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid', 'NHWC', 2)) },
  { name: 'conv2d stride 1 explicit pad 1', inputs: [{ shape: [2, 5, 7, 2] }, { shape: [3, 3, 2, 2] }], f: (r, x, w) => weighted(r, tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 1)) },
  { name: 'depthwiseConv2d multiplier 2 stride 2 same', inputs: [{ shape: [2, 7, 6, 3] }, { shape: [3, 3, 3, 2] }], f: (r, x, w) => weighted(r, tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same')) },
  { name: 'depthwiseConv2d dilation 2 same', inputs: [{ shape: [1, 8, 7, 2] }, { shape: [3, 3, 2, 1] }], f: (r, x, w) => weighted(r, tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same', 'NHWC', 2)) },
  {
    name: 'separableConv2d multiplier 2, dilation 2',
    inputs: [{ shape: [2, 7, 7, 2] }, { shape: [3, 3, 2, 2] }, { shape: [1, 1, 4, 3] }],
    f: (r, x, dw, pw) => weighted(r, tf.separableConv2d(x as tf.Tensor4D, dw as tf.Tensor4D, pw as tf.Tensor4D, 1, 'same', 2)),
  },
  // Pooling.
  { name: 'maxPool 3×3 stride 2 same', inputs: [{ shape: [2, 7, 5, 3], gen: 'distinct' }], f: (r, x) => weighted(r, tf.maxPool(x as tf.Tensor4D, 3, 2, 'same')), h: 1e-3 },
  { name: 'avgPool 3×3 stride 2 same', inputs: [{ shape: [2, 7, 5, 3] }], f: (r, x) => weighted(r, tf.avgPool(x as tf.Tensor4D, 3, 2, 'same')) },
  { name: 'avgPool 2×2 stride 2 valid', inputs: [{ shape: [1, 6, 7, 2] }], f: (r, x) => weighted(r, tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid')) },
  { name: 'global max pool (max over H, W)', inputs: [{ shape: [2, 5, 4, 3], gen: 'distinct' }], f: (r, x) => weighted(r, tf.max(x, [1, 2])), h: 1e-3 },
  { name: 'LSE pooling, r = 6: (logSumExp(r·F over HW) − log HW) / r', inputs: [{ shape: [2, 5, 5, 3] }], f: (r, x) => weighted(r, tf.logSumExp(tf.reshape(tf.mul(x, 6), [2, 25, 3]), 1).sub(Math.log(25)).div(6)) },
  // Normalisation.
  {
    name: 'batchNorm with tf.moments over batch and space',
    inputs: [{ shape: [2, 4, 3, 3] }, { shape: [3] }, { shape: [3], gen: 'positive' }],
    f: (r, x, offset, scale) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      return weighted(r, tf.batchNorm(x, mean, variance, offset, scale, 1e-3));
    },
  },
  {
    name: 'layer norm (moments over the last axis, keepDims)',
    inputs: [{ shape: [2, 5, 6] }, { shape: [6], gen: 'positive' }, { shape: [6] }],
    f: (r, x, gamma, beta) => {
      const { mean, variance } = tf.moments(x, -1, true);
      return weighted(r, x.sub(mean).div(tf.sqrt(variance.add(1e-5))).mul(gamma).add(beta));
    },
  },
  // Resizing.
  { name: 'resizeBilinear ×2 up 4×4 → 8×8, half-pixel centres', inputs: [{ shape: [1, 4, 4, 2] }], f: (r, x) => weighted(r, tf.image.resizeBilinear(x as tf.Tensor4D, [8, 8], false, true)) },
  { name: 'resizeBilinear up 3×3 → 7×7, align corners, batch 2', inputs: [{ shape: [2, 3, 3, 2] }], f: (r, x) => weighted(r, tf.image.resizeBilinear(x as tf.Tensor4D, [7, 7], true)) },
  { name: 'resizeBilinear down 8×8 → 3×3', inputs: [{ shape: [1, 8, 8, 2] }], f: (r, x) => weighted(r, tf.image.resizeBilinear(x as tf.Tensor4D, [3, 3])) },
  {
    // Non-square: the cpu backend's ResizeBilinearGrad returns shape [B, W, H, C] (a tfjs-backend-cpu
    // bug), so it is no oracle here; the wasm gradient is still checked against finite differences.
    name: 'resizeBilinear non-square 4×5 → 8×10, half-pixel centres',
    inputs: [{ shape: [1, 4, 5, 2] }],
    f: (r, x) => weighted(r, tf.image.resizeBilinear(x as tf.Tensor4D, [8, 10], false, true)),
    cpuOracle: false,
  },
  { name: 'resizeBicubic (engine op) 4×5 → 9×11', inputs: [{ shape: [1, 4, 5, 2] }], f: (r, x) => weighted(r, resizeBicubic(x as tf.Tensor4D, [9, 11])) },
  // Indexing.
  { name: 'gather axis 0, repeated indices', inputs: [{ shape: [6, 4] }], f: (r, x) => weighted(r, tf.gather(x, tf.tensor1d([0, 3, 3, 5, 1, 3], 'int32'))) },
  { name: 'gather axis 1', inputs: [{ shape: [3, 5, 2] }], f: (r, x) => weighted(r, tf.gather(x, tf.tensor1d([4, 0, 4], 'int32'), 1)) },
  // Attention and dense layers.
  {
    name: 'cross-attention softmax(QKᵀ/√d)V, batched',
    inputs: [{ shape: [2, 4, 8] }, { shape: [2, 6, 8] }, { shape: [2, 6, 8] }],
    f: (r, q, k, v) => weighted(r, tf.matMul(tf.softmax(tf.matMul(q, k, false, true).div(Math.sqrt(8))), v)),
  },
  {
    name: 'multi-head cross-attention, 2 heads (rank-4 batched matMul)',
    inputs: [{ shape: [2, 4, 8] }, { shape: [2, 6, 8] }, { shape: [2, 6, 8] }],
    f: (r, q, k, v) => {
      const heads = (t: tf.Tensor, n: number) => tf.transpose(tf.reshape(t, [2, n, 2, 4]), [0, 2, 1, 3]);
      const scores = tf.softmax(tf.matMul(heads(q, 4), heads(k, 6), false, true).div(2));
      return weighted(r, tf.matMul(scores, heads(v, 6)));
    },
  },
  {
    name: 'linear projection of tokens: matMul([B, T, C], [C, D]) with a shared weight',
    inputs: [{ shape: [2, 5, 4] }, { shape: [4, 3] }],
    f: (r, tokens, w) => weighted(r, tf.matMul(tokens, w)),
  },
  {
    name: 'dense layer: fused matMul + bias + relu',
    inputs: [{ shape: [5, 4] }, { shape: [4, 3] }, { shape: [3] }],
    f: (r, x, w, b) => weighted(r, tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b, activation: 'relu' })),
    h: 1e-3,
  },
  {
    name: 'prototype layer: squared L2 distances, min over space, log((d + 1)/(d + 1e-4))',
    inputs: [{ shape: [2, 4, 4, 3] }, { shape: [5, 3] }],
    f: (r, z, p) => {
      const zz = tf.sum(tf.square(z), -1, true);
      const zp = tf.conv2d(z as tf.Tensor4D, tf.reshape(tf.transpose(p), [1, 1, 3, 5]) as tf.Tensor4D, 1, 'valid');
      const pp = tf.sum(tf.square(p), -1);
      const d = tf.relu(zz.sub(zp.mul(2)).add(pp));
      const dMin = tf.min(d, [1, 2]);
      return weighted(r, tf.log(dMin.add(1).div(dMin.add(1e-4))));
    },
    h: 1e-3,
  },
  // Activations.
  { name: 'GELU via erf: 0.5·x·(1 + erf(x/√2))', inputs: [{ shape: [3, 7] }], f: (r, x) => weighted(r, x.mul(0.5).mul(tf.erf(x.div(Math.SQRT2)).add(1))) },
  { name: 'sigmoid', inputs: [{ shape: [3, 7] }], f: (r, x) => weighted(r, tf.sigmoid(x.mul(3))) },
  { name: 'relu', inputs: [{ shape: [3, 7], gen: 'awayFromZero' }], f: (r, x) => weighted(r, tf.relu(x)), h: 1e-3 },
  { name: 'elu', inputs: [{ shape: [3, 7], gen: 'awayFromZero' }], f: (r, x) => weighted(r, tf.elu(x)) },
  { name: 'softmax over the last axis', inputs: [{ shape: [3, 6] }], f: (r, x) => weighted(r, tf.softmax(x.mul(2))) },
  { name: 'logSoftmax over the last axis', inputs: [{ shape: [3, 6] }], f: (r, x) => weighted(r, tf.logSoftmax(x.mul(2))) },
  { name: 'logSumExp over axis 1', inputs: [{ shape: [3, 6, 2] }], f: (r, x) => weighted(r, tf.logSumExp(x.mul(2), 1)) },
  // Losses.
  {
    name: 'softmax cross-entropy',
    inputs: [{ shape: [4, 3] }],
    f: (_r, logits) => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([0, 2, 1, 2], 'int32'), 3), logits.mul(2)) as tf.Scalar,
  },
  {
    name: 'sigmoid cross-entropy (BCE on logits)',
    inputs: [{ shape: [4, 3] }],
    f: (_r, logits) => tf.losses.sigmoidCrossEntropy(tf.tensor2d([1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0], [4, 3]), logits.mul(2)) as tf.Scalar,
  },
  {
    name: 'cosine similarity (L2-normalised dot product)',
    inputs: [{ shape: [3, 5] }, { shape: [3, 5] }],
    f: (r, a, b) => weighted(r, tf.sum(tf.mul(a.div(tf.norm(a, 2, -1, true)), b.div(tf.norm(b, 2, -1, true))), -1)),
  },
  { name: 'hinge max(0, ·) via tf.maximum', inputs: [{ shape: [4, 3], gen: 'awayFromZero' }], f: (r, x) => weighted(r, tf.maximum(x, 0)), h: 1e-3 },
  // Reductions.
  { name: 'max reduction over axis 1', inputs: [{ shape: [3, 6, 2], gen: 'distinct' }], f: (r, x) => weighted(r, tf.max(x, 1)), h: 1e-3 },
  { name: 'min reduction over axes [1, 2]', inputs: [{ shape: [2, 4, 5], gen: 'distinct' }], f: (r, x) => weighted(r, tf.min(x, [1, 2])), h: 1e-3 },
  { name: 'mean over batch and space', inputs: [{ shape: [2, 4, 5, 3] }], f: (r, x) => weighted(r, tf.mean(x, [0, 1, 2])) },
  // Shape ops.
  { name: 'pad (constant)', inputs: [{ shape: [2, 4, 3] }], f: (r, x) => weighted(r, tf.pad(x, [[0, 0], [1, 2], [2, 1]], 0.5)) },
  { name: 'mirrorPad reflect', inputs: [{ shape: [1, 4, 5, 2] }], f: (r, x) => weighted(r, tf.mirrorPad(x, [[0, 0], [2, 1], [1, 2], [0, 0]], 'reflect')) },
  { name: 'mirrorPad symmetric', inputs: [{ shape: [1, 4, 5, 2] }], f: (r, x) => weighted(r, tf.mirrorPad(x, [[0, 0], [2, 1], [1, 2], [0, 0]], 'symmetric')) },
  {
    name: 'concat and slice',
    inputs: [{ shape: [2, 5, 3] }, { shape: [2, 2, 3] }],
    f: (r, a, b) => weighted(r, tf.concat([tf.slice(a, [0, 1, 0], [2, 3, 3]), b, tf.slice(a, [0, 0, 1], [2, 1, 2]).pad([[0, 0], [0, 0], [0, 1]])], 1)),
  },
  { name: 'stridedSlice with strides [1, 2, 2, 1]', inputs: [{ shape: [1, 7, 6, 2] }], f: (r, x) => weighted(r, tf.stridedSlice(x, [0, 1, 0, 0], [1, 7, 6, 2], [1, 2, 2, 1])) },
  { name: 'cumsum along the last axis', inputs: [{ shape: [3, 6] }], f: (r, x) => weighted(r, tf.cumsum(x, 1)) },
  { name: 'cumsum along the last axis, exclusive and reverse', inputs: [{ shape: [3, 6] }], f: (r, x) => weighted(r, tf.cumsum(x, 1, true, true)) },
  { name: 'cumsum along axis 0 (not the last)', inputs: [{ shape: [4, 3] }], f: (r, x) => weighted(r, tf.cumsum(x, 0)) },
  // Last, so that the cases above keep their seeds (seed = 1000 + index).
  {
    name: 'batchNormTraining (the BatchNorm layer in training; one native kernel each way on torch)',
    inputs: [{ shape: [2, 4, 3, 3] }, { shape: [3], gen: 'positive' }, { shape: [3] }],
    f: (r, x, gamma, beta) => weighted(r, batchNormTraining(x, gamma as tf.Tensor1D, beta as tf.Tensor1D, 1e-5).y),
  },
];

let isTest = false;
// The native backend, where built: every op must run there with no kernel falling back to cpu.
const torch: TorchForTests | undefined = startTorchBackend();
beforeAll(async () => {
  await startWasmEngine();
  isTest = tf.env().getBool('IS_TEST');
  tf.env().set('IS_TEST', false);
});
afterAll(() => tf.env().set('IS_TEST', isTest));

describe.each(CASES.map((c, i) => ({ ...c, seed: 1000 + i })))('op audit: $name', (c) => {
  const rng = seededRng(c.seed);
  const inputs = c.inputs.map((input) => generate(rng, input));
  // Fixed weightings R, drawn on first use by shape, identical for every run and backend.
  const weights = new Map<string, number[]>();
  const weightRng = seededRng(c.seed + 50_000);
  const r = (shape: number[]) => {
    const key = shape.join('×');
    if (!weights.has(key)) weights.set(key, uniform(weightRng, size(shape)));
    return tf.tensor(weights.get(key)!, shape);
  };
  const valueAndGradients = () => {
    const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => c.f(r, ...xs))(inputs.map((v, i) => tf.tensor(v, c.inputs[i]!.shape)));
    return [value, ...grads];
  };

  if (c.cpuOracle !== false) {
    test('value and gradients on wasm match cpu', async () => {
      const cpu = await runOn('cpu', valueAndGradients);
      const wasm = await runOn('wasm', valueAndGradients);
      cpu.forEach((expected, i) => assertSameResult(wasm[i]!, expected, { label: i === 0 ? 'value' : `gradient of input ${i - 1}`, rtol: 1e-4, allowZero: i === 0 }));
    });
  }

  (torch ? test : test.skip)('value and gradients on torch match wasm, with no kernel falling back to cpu', async () => {
    const wasm = await runOn('wasm', valueAndGradients);
    torch!.resetTorchFallbacks();
    const native = await runOn('torch', valueAndGradients);
    expect(torch!.torchFallbacks()).toEqual({ calls: 0, kernels: {} });
    wasm.forEach((expected, i) => assertSameResult(native[i]!, expected, { label: i === 0 ? 'value' : `gradient of input ${i - 1}`, rtol: 1e-4, allowZero: i === 0 }));
  });

  test('the wasm gradient matches central differences along random directions', async () => {
    const h = c.h ?? 1e-2;
    const [value, ...grads] = await runOn('wasm', valueAndGradients);
    const loss = async (point: number[][]) => (await runOn('wasm', () => c.f(r, ...point.map((v, i) => tf.tensor(v, c.inputs[i]!.shape)))))[0]!.values[0]!;
    const dirRng = seededRng(c.seed + 90_000);
    for (let k = 0; k < 3; k++) {
      const directions = inputs.map((v) => uniform(dirRng, v.length));
      const plus = inputs.map((v, i) => v.map((t, j) => Math.fround(t + h * directions[i]![j]!)));
      const minus = inputs.map((v, i) => v.map((t, j) => Math.fround(t - h * directions[i]![j]!)));
      const difference = ((await loss(plus)) - (await loss(minus))) / (2 * h);
      // The direction actually taken, after rounding the points to float32.
      let analytic = 0;
      let scale = 0;
      grads.forEach((g, i) =>
        g.values.forEach((gj, j) => {
          const step = (plus[i]![j]! - minus[i]![j]!) / (2 * h);
          analytic += gj * step;
          scale += Math.abs(gj * step);
        }),
      );
      // Correct gradients here agree to ~1e-4 of `scale` at worst; a wrong one is off by 1e-2 or more.
      const tolerance = 1e-3 * scale + (1e-6 * (Math.abs(value!.values[0]!) + 1)) / h;
      if (!(Math.abs(difference - analytic) <= tolerance)) {
        throw new Error(
          `direction ${k}: central difference ${difference.toPrecision(6)}, analytic gradient · direction ${analytic.toPrecision(6)} ` +
            `(|difference| ${Math.abs(difference - analytic).toExponential(2)} > tolerance ${tolerance.toExponential(2)})`,
        );
      }
    }
  });
});

describe('op audit: top-k forward', () => {
  test('tf.topk values and indices on wasm match cpu (distinct values)', async () => {
    const x = distinct(seededRng(1999), 4 * 10);
    const build = () => {
      const { values, indices } = tf.topk(tf.tensor2d(x, [4, 10]), 3);
      return [values, indices];
    };
    const cpu = await runOn('cpu', build);
    const wasm = await runOn('wasm', build);
    assertSameResult(wasm[0]!, cpu[0]!, { label: 'values', rtol: 0 });
    assertSameResult(wasm[1]!, cpu[1]!, { label: 'indices', rtol: 0 });
    // And they are the three largest, in descending order.
    for (let row = 0; row < 4; row++) {
      const expected = x.slice(row * 10, row * 10 + 10).sort((a, b) => b - a).slice(0, 3);
      expect(wasm[0]!.values.slice(row * 3, row * 3 + 3)).toEqual(expected);
    }
  });

  test('tf.topk of int32 values on wasm matches cpu', async () => {
    const x = integers(seededRng(1998), 12, -100, 100);
    const build = () => tf.topk(tf.tensor1d(x, 'int32'), 4).values;
    const [cpu] = await runOn('cpu', build);
    const [wasm] = await runOn('wasm', build);
    expect(wasm!.dtype).toBe('int32');
    expect(wasm!.values).toEqual(cpu!.values);
  });

  test('tf.topk with ties: equal values come lowest index first, on both backends', async () => {
    // TensorFlow's contract; values in {0, 1, 2} make many ties.
    const x = integers(seededRng(1997), 3 * 12, 0, 2);
    const build = () => tf.topk(tf.tensor2d(x, [3, 12]), 5).indices;
    for (const backend of ['cpu', 'wasm'] as const) {
      const [indices] = await runOn(backend, build);
      for (let row = 0; row < 3; row++) {
        const values = x.slice(row * 12, row * 12 + 12);
        const expected = values.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v || a.i - b.i).slice(0, 5).map((e) => e.i);
        expect({ backend, row, indices: indices!.values.slice(row * 5, row * 5 + 5) }).toEqual({ backend, row, indices: expected });
      }
    }
  });
});
