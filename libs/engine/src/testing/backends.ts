import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../engine';
import { assertClose, assertShape, type CloseOptions } from './compare';

/**
 * The backends the engine's tests compare: the supplemented wasm backend, tfjs's pure-JS reference, and
 * the native torch backend where its addon is built (see `startTorchBackend`).
 */
export type TestBackend = 'wasm' | 'cpu' | 'torch';

/** What the tests use of @protoscope/engine-torch, loaded by name as the engine loads it (it is optional). */
export interface TorchForTests {
  torchFallbacks(): { calls: number; kernels: Record<string, number> };
  resetTorchFallbacks(): void;
}

/**
 * Registers the torch backend beside the running engine (one libtorch thread: tests share the cores
 * with other test workers), or returns undefined when the addon is not built here.
 */
export function startTorchBackend(): TorchForTests | undefined {
  const name = '@protoscope/engine-torch';
  type Package = TorchForTests & { torchAddonBuilt(): boolean; registerTorchBackend(options: { threads: number }): unknown };
  let torch: Package;
  try {
    torch = require(name) as Package;
  } catch {
    return undefined;
  }
  if (!torch.torchAddonBuilt()) return undefined;
  torch.registerTorchBackend({ threads: 1 });
  return torch;
}

/** A tensor read back as plain data, so nothing crosses from one backend to the other. */
export interface Plain {
  shape: number[];
  dtype: tf.DataType;
  values: number[];
}

/**
 * Starts the engine on wasm (installing Protoscope's kernels and gradients), silently. The cpu
 * backend is registered too, by the `@tensorflow/tfjs` import the engine makes.
 */
export async function startWasmEngine(): Promise<void> {
  await initEngine({ backend: 'wasm', log: () => undefined });
  if (tf.findBackendFactory('cpu') == null) throw new Error('the cpu backend is not registered');
}

/**
 * Runs `build` on the named backend: it must create its inputs itself, from plain arrays, so they live
 * on that backend. Returns the results as plain arrays and frees every tensor it made.
 */
export async function runOn(backend: TestBackend, build: () => tf.Tensor | tf.Tensor[]): Promise<Plain[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`could not switch to the ${backend} backend`);
  const before = tf.memory().numTensors;
  const outputs = tf.tidy(build);
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const plain = list.map((t) => ({ shape: [...t.shape], dtype: t.dtype, values: Array.from(t.dataSync()) }));
  tf.dispose(list);
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`${backend}: ${leaked} tensor(s) left behind by the computation`);
  return plain;
}

/** Asserts that two plain results agree in shape and dtype, and in value within tolerance. */
export function assertSameResult(actual: Plain, expected: Plain, options: CloseOptions = {}): void {
  const label = options.label ?? 'result';
  assertShape(actual.shape, expected.shape, `${label} shape`);
  if (actual.dtype !== expected.dtype) throw new Error(`${label}: dtype ${actual.dtype}, expected ${expected.dtype}`);
  assertClose(actual.values, expected.values, { ...options, label });
}

/**
 * Runs `build` on cpu and on wasm and asserts the outputs agree (tolerance relative to magnitude);
 * returns both, so a test can check them further.
 */
export async function assertWasmMatchesCpu(
  build: () => tf.Tensor | tf.Tensor[],
  options: CloseOptions & { names?: string[] } = {},
): Promise<{ cpu: Plain[]; wasm: Plain[] }> {
  const cpu = await runOn('cpu', build);
  const wasm = await runOn('wasm', build);
  if (cpu.length !== wasm.length) throw new Error(`wasm gave ${wasm.length} outputs, cpu ${cpu.length}`);
  cpu.forEach((expected, i) =>
    assertSameResult(wasm[i]!, expected, { ...options, label: `${options.label ?? 'wasm vs cpu'}: ${options.names?.[i] ?? `output ${i}`}` }),
  );
  return { cpu, wasm };
}
