import * as tf from '@tensorflow/tfjs-core';
// The union package registers every op's gradient and the cpu backend.
import '@tensorflow/tfjs';
import { registerTorchBackend } from '../register-torch-backend';

export interface Plain {
  shape: number[];
  dtype: tf.DataType;
  values: number[];
}

export const toPlain = (t: tf.Tensor): Plain => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync() as ArrayLike<number>) });

/** Runs `fn` inside tidy, copies what it returned to plain values, and frees it. */
export function plainCopies(fn: () => tf.Tensor[]): Plain[] {
  const out = tf.tidy(fn);
  const plain = out.map(toPlain);
  tf.dispose(out);
  return plain;
}

/**
 * Registers the torch backend (the caller skips when the addon is not built) and starts cpu too.
 * One libtorch thread: tests run beside other test workers, where a second OpenMP thread only waits.
 */
export async function startTorchAndCpu(): Promise<void> {
  registerTorchBackend({ threads: 1 });
  await tf.setBackend('cpu');
  await tf.setBackend('torch');
}

/** Runs `fn` on one backend inside tidy and returns plain copies of what it returned. */
export async function onBackend(backend: 'cpu' | 'torch', fn: () => tf.Tensor | tf.Tensor[]): Promise<Plain[]> {
  await tf.setBackend(backend);
  return plainCopies(() => {
    const out = fn();
    return Array.isArray(out) ? out : [out];
  });
}

/** Seeded uniform values (a small LCG: reproducible, independent of any backend). */
export function seededValues(seed: number, count: number, lo = -1, hi = 1): number[] {
  let state = (seed * 2654435761) >>> 0 || 1;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out.push(lo + ((state >>> 8) / 0x1000000) * (hi - lo));
  }
  return out;
}

/** Max |a − e| ≤ atol + rtol·|e| element-wise, with a message naming the first offending index. */
export function assertClose(actual: Plain, expected: Plain, label: string, rtol = 1e-4, atol = 1e-5): void {
  if (actual.shape.join(',') !== expected.shape.join(',')) throw new Error(`${label}: shape [${actual.shape}] differs from [${expected.shape}]`);
  if (actual.dtype !== expected.dtype) throw new Error(`${label}: dtype ${actual.dtype} differs from ${expected.dtype}`);
  for (let i = 0; i < expected.values.length; i++) {
    const a = actual.values[i]!;
    const e = expected.values[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) throw new Error(`${label}: element ${i} is ${a}, expected ${e}`);
  }
}
