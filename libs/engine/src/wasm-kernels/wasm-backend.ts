import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * The slice of the wasm backend's surface the supplied kernels use. The package does not export its
 * class from the main entry, so this is declared here structurally.
 */
export interface WasmBackend {
  wasm: { HEAPF32: Float32Array; HEAP32: Int32Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** A kernel function of the wasm backend, as registered with tfjs. */
export type WasmKernelFunc = (args: { inputs: NamedTensorInfoMap; backend: WasmBackend; attrs?: NamedAttrMap }) => TensorInfo;

const originals = new Map<string, tf.KernelConfig>();

/** Remembers the backend's own kernel before an override replaces it, so the override can delegate. */
export function rememberOriginal(kernelName: string): tf.KernelConfig | undefined {
  if (!originals.has(kernelName)) {
    const config = tf.getKernel(kernelName, 'wasm');
    if (config) originals.set(kernelName, config);
  }
  return originals.get(kernelName);
}

/** Runs one of the wasm backend's own kernels (the original, even where Protoscope overrides it). */
export function runWasmKernel(
  kernelName: string,
  backend: WasmBackend,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = originals.get(kernelName) ?? tf.getKernel(kernelName, 'wasm');
  if (!config) throw new Error(`wasm backend has no kernel '${kernelName}'`);
  return (config.kernelFunc as unknown as WasmKernelFunc)({ inputs, backend, attrs });
}

/** Frees intermediate results made inside a kernel (reshapes share data and only drop a reference). */
export function disposeAll(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export function reshape(backend: WasmBackend, x: TensorInfo, shape: number[]): TensorInfo {
  return runWasmKernel('Reshape', backend, { x }, { shape });
}

export function transpose(backend: WasmBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return runWasmKernel('Transpose', backend, { x }, { perm });
}

/** a @ b on rank-3 (batched) operands, without transposes (the fast path of the backend's GEMM). */
export function matMul(backend: WasmBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  return runWasmKernel('BatchMatMul', backend, { a, b }, { transposeA: false, transposeB: false });
}

/** Offset, in float32 elements, of a tensor inside the wasm heap. */
export function heapIndex(backend: WasmBackend, info: TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (!data) throw new Error('tensor is not on the wasm backend');
  return data.memoryOffset / 4;
}

/**
 * The wasm heap as float32. Read it again after every allocation: a growing heap replaces its buffer,
 * leaving earlier views empty.
 */
export function heapF32(backend: WasmBackend): Float32Array {
  return backend.wasm.HEAPF32;
}

/** Converts an NCHW tensor to NHWC (and back with `fromNhwc`), for kernels written for NHWC. */
export function toNhwc(backend: WasmBackend, x: TensorInfo): TensorInfo {
  return transpose(backend, x, [0, 2, 3, 1]);
}

export function fromNhwc(backend: WasmBackend, x: TensorInfo): TensorInfo {
  return transpose(backend, x, [0, 3, 1, 2]);
}
