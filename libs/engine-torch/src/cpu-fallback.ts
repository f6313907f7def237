import * as tf from '@tensorflow/tfjs-core';
import type { DataId, KernelBackend, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

/** Kernel calls that ran on the cpu backend because no native kernel covered them, by kernel name. */
const fallbackCalls = new Map<string, number>();

/** The fallback count since the last reset: `calls` is what `bench engine` reports as `fallbackKernels`. */
export function torchFallbacks(): { calls: number; kernels: Record<string, number> } {
  let calls = 0;
  for (const count of fallbackCalls.values()) calls += count;
  return { calls, kernels: Object.fromEntries(fallbackCalls) };
}

export function resetTorchFallbacks(): void {
  fallbackCalls.clear();
}

/** What the fallback needs from the torch backend: its values out, new tensors in. */
export interface FallbackHost extends KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType, values: tf.BackendValues): TensorInfo;
}

/**
 * Runs one kernel on the cpu backend: copies the inputs there, runs tfjs's own cpu kernel, copies
 * the outputs back and frees every cpu buffer it made. Counted, so a workload's fallbacks are visible.
 */
export function runOnCpu(kernelName: string, inputs: Record<string, TensorInfo | undefined | null>, attrs: NamedAttrMap, host: FallbackHost): TensorInfo | TensorInfo[] {
  const kernel = tf.getKernel(kernelName, 'cpu');
  if (!kernel) throw new Error(`torch backend: kernel ${kernelName} is neither native nor available on the cpu backend`);
  const cpu = tf.engine().findBackend('cpu');
  if (!cpu) throw new Error(`torch backend: the cpu backend is needed for kernel ${kernelName} and could not start`);
  fallbackCalls.set(kernelName, (fallbackCalls.get(kernelName) ?? 0) + 1);
  const made = new Set<DataId>();
  const cpuInputs: Record<string, TensorInfo> = {};
  for (const [name, info] of Object.entries(inputs)) {
    if (info == null) continue;
    const dataId = cpu.write(host.readSync(info.dataId), info.shape, info.dtype);
    made.add(dataId);
    cpuInputs[name] = { dataId, shape: info.shape, dtype: info.dtype };
  }
  try {
    const result = kernel.kernelFunc({ inputs: cpuInputs, attrs, backend: cpu });
    const outputs = Array.isArray(result) ? result : [result];
    for (const output of outputs) made.add(output.dataId);
    const moved = outputs.map((output) => host.makeOutput(output.shape, output.dtype, cpu.readSync(output.dataId)));
    return Array.isArray(result) ? moved : moved[0]!;
  } finally {
    for (const dataId of made) cpu.disposeData(dataId, true);
  }
}
