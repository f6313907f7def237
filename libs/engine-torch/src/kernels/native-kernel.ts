import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

/** One native kernel call: the input tensors in the order the C++ kernel reads them, and its numeric attributes. */
export interface NativeCall {
  inputs: TensorInfo[];
  attrs: number[];
  /** The native kernel to run, when not the tfjs kernel of the same name. */
  kernel?: string;
}

type Inputs = Record<string, TensorInfo | undefined | null>;

/**
 * Turns a tfjs kernel's named inputs and attributes into a native call, or `null` when this call is
 * outside what the native kernel covers (it then falls back to the cpu backend and is counted).
 */
export type NativeEncoder = (inputs: Inputs, attrs: NamedAttrMap) => NativeCall | null;

/** The input of a kernel by name; a missing required input is a clear error, not a crash in C++. */
export function input(inputs: Inputs, name: string): TensorInfo {
  const info = inputs[name];
  if (info == null) throw new Error(`torch backend: kernel input '${name}' is missing`);
  return info;
}

export const flag = (value: unknown): number => (value ? 1 : 0);

/** Kernels whose inputs are named tensors and that take no attributes. */
export function plain(...names: string[]): NativeEncoder {
  return (inputs) => ({ inputs: names.map((name) => input(inputs, name)), attrs: [] });
}

/** Kernels that take every input in order (concat, stack, add-n). */
export function allInputs(inputs: Inputs): TensorInfo[] {
  return Object.keys(inputs)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => input(inputs, key));
}
