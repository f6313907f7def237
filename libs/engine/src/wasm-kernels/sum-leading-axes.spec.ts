import * as tf from '@tensorflow/tfjs-core';
import { Sum } from '@tensorflow/tfjs-core';
import { assertWasmMatchesCpu, startWasmEngine } from '../testing/backends';
import { integers, seededRng, uniform } from '../testing/random';
import { rememberOriginal } from './wasm-backend';

/**
 * The replaced wasm Sum kernel: sums over leading axes take the fast path, every other reduction
 * (inner axes, all axes, int32 data) falls back to the backend's own kernel; all must agree with cpu.
 */

const SHAPE = [3, 5, 4, 6];

const CASES: { name: string; shape: number[]; axis?: number | number[]; keepDims: boolean; dtype?: 'float32' | 'int32' }[] = [
  { name: 'axis 0', shape: SHAPE, axis: 0, keepDims: false },
  { name: 'axis 0, keepDims', shape: SHAPE, axis: 0, keepDims: true },
  { name: 'axes [0, 1]', shape: SHAPE, axis: [0, 1], keepDims: false },
  { name: 'axes [0, 1], keepDims', shape: SHAPE, axis: [0, 1], keepDims: true },
  { name: 'axes [0, 1, 2] (a bias gradient: batch and space)', shape: SHAPE, axis: [0, 1, 2], keepDims: false },
  { name: 'axes [0, 1, 2], keepDims', shape: SHAPE, axis: [0, 1, 2], keepDims: true },
  { name: 'negative axes [-4, -3]', shape: SHAPE, axis: [-4, -3], keepDims: false },
  { name: 'unsorted axes [1, 0]', shape: SHAPE, axis: [1, 0], keepDims: true },
  { name: 'rank 2, axis 0 (a dense bias gradient), 37 rows', shape: [37, 5], axis: 0, keepDims: false },
  { name: 'rank 2, axis 0, 1000 rows (one long window)', shape: [1000, 3], axis: 0, keepDims: false },
  { name: 'axes [0, 1] over 64 × 33 (a large 2-D window)', shape: [64, 33, 5], axis: [0, 1], keepDims: false },
  { name: 'axes [0, 1] with a size-1 inner axis', shape: [7, 1, 5], axis: [0, 1], keepDims: true },
  { name: 'fallback: inner axis 1', shape: SHAPE, axis: 1, keepDims: false },
  { name: 'fallback: inner axes [2, 3], keepDims', shape: SHAPE, axis: [2, 3], keepDims: true },
  { name: 'fallback: non-contiguous axes [0, 2]', shape: SHAPE, axis: [0, 2], keepDims: false },
  { name: 'fallback: last axis', shape: SHAPE, axis: -1, keepDims: false },
  { name: 'fallback: all axes', shape: SHAPE, axis: undefined, keepDims: false },
  { name: 'fallback: int32 data over axis 0', shape: SHAPE, axis: 0, keepDims: false, dtype: 'int32' },
];

beforeAll(startWasmEngine);

describe('Sum on wasm', () => {
  test.each(CASES.map((c, i) => ({ ...c, seed: 500 + i })))('$name: wasm matches cpu', async (c) => {
    const rng = seededRng(c.seed);
    const size = c.shape.reduce((a, b) => a * b);
    const dtype = c.dtype ?? 'float32';
    const x = dtype === 'int32' ? integers(rng, size, -20, 20) : uniform(rng, size);
    const { wasm } = await assertWasmMatchesCpu(() => tf.sum(tf.tensor(x, c.shape, dtype), c.axis, c.keepDims), { names: ['sum'], rtol: 1e-5 });
    expect(wasm[0]!.dtype).toBe(dtype);
  });

  test('a bias gradient (Sum over batch and space) on wasm matches cpu', async () => {
    const rng = seededRng(599);
    const x = uniform(rng, 2 * 7 * 5 * 3);
    const b = uniform(rng, 3);
    const r = uniform(rng, 2 * 7 * 5 * 3);
    const build = () =>
      tf.grads((t: tf.Tensor, bias: tf.Tensor) => tf.relu(t.add(bias)).mul(tf.tensor(r, [2, 7, 5, 3])).sum())([tf.tensor4d(x, [2, 7, 5, 3]), tf.tensor1d(b)]);
    await assertWasmMatchesCpu(build, { names: ['dx', 'dbias'] });
  });

  test('the registered wasm Sum is the replacement, not the backend original', () => {
    const registered = tf.getKernel(Sum, 'wasm');
    expect(registered).toBeDefined();
    expect(registered).not.toBe(rememberOriginal(Sum));
  });
});
