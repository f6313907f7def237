import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { runOnCpu } from './cpu-fallback';
import { ADAM_UPDATE, BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, NATIVE_KERNELS, type NativeEncoder } from './kernels';
import { loadTorchAddon } from './native-addon';
import { TorchBackend, isNativeDtype } from './torch-backend';
import { registerTorchGradients } from './torch-gradients';

/** The tfjs backend id. */
export const TORCH_BACKEND = 'torch';

/** Kernels that return a list of tensors even when it holds one. */
const MULTI_OUTPUT = new Set(['Unpack', 'SplitV', 'TopK', BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, ADAM_UPDATE]);

export interface TorchBackendOptions {
  /** `cuda` places every tensor on the first CUDA device (the torch-cuda tier). */
  device?: 'cpu' | 'cuda';
  /** libtorch's intra-op threads; otherwise PROTOSCOPE_TORCH_THREADS, otherwise every core. */
  threads?: number;
}

/** The thread count asked for, checked: a bad PROTOSCOPE_TORCH_THREADS is an error naming it. */
function requestedThreads(options: TorchBackendOptions): number {
  if (options.threads !== undefined) {
    if (!Number.isInteger(options.threads) || options.threads < 1) throw new RangeError(`torch backend: threads must be a whole number ≥ 1, got ${options.threads}`);
    return options.threads;
  }
  const fromEnv = process.env['PROTOSCOPE_TORCH_THREADS'];
  if (fromEnv === undefined || fromEnv === '') return os.availableParallelism();
  const threads = Number(fromEnv);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`PROTOSCOPE_TORCH_THREADS must be a whole number ≥ 1, got '${fromEnv}'`);
  return threads;
}

export interface TorchBackendInfo {
  device: 'cpu' | 'cuda';
  threads: number;
  torchVersion: string;
  nativeKernels: number;
}

type Inputs = Record<string, TensorInfo | undefined | null>;

function nativeKernel(name: string, encode: NativeEncoder): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const torch = backend as TorchBackend;
    const named = inputs as Inputs;
    const native = Object.values(named).every((info) => info == null || isNativeDtype(info.dtype));
    const call = native ? encode(named, attrs as NamedAttrMap) : null;
    if (call === null) return runOnCpu(name, named, attrs as NamedAttrMap, torch);
    const outputs = torch.runNative(call.kernel ?? name, call.inputs, call.attrs);
    return MULTI_OUTPUT.has(name) ? outputs : outputs[0]!;
  };
}

const fallbackKernel =
  (name: string): KernelFunc =>
  ({ inputs, attrs, backend }) =>
    runOnCpu(name, inputs as Inputs, attrs as NamedAttrMap, backend as TorchBackend);

let registered: TorchBackendInfo | undefined;

/**
 * Registers the `torch` backend and its kernels: the native ones, and for every other kernel the cpu
 * backend has, a counted fallback. Throws TorchAddonMissingError (one line) when the addon is not built.
 * Idempotent; the device is fixed by the first call.
 */
export function registerTorchBackend(options: TorchBackendOptions = {}): TorchBackendInfo {
  const addon = loadTorchAddon();
  if (registered) {
    if (options.device && options.device !== registered.device) {
      throw new Error(`torch backend: already running on ${registered.device}, cannot switch to ${options.device}`);
    }
    return registered;
  }
  const device = options.device ?? 'cpu';
  if (device === 'cuda') addon.useDevice('cuda');
  addon.setThreads(requestedThreads(options));
  tf.registerBackend(TORCH_BACKEND, () => new TorchBackend(addon), 0);
  for (const [name, encode] of Object.entries(NATIVE_KERNELS)) {
    tf.registerKernel({ kernelName: name, backendName: TORCH_BACKEND, kernelFunc: nativeKernel(name, encode) });
  }
  for (const { kernelName } of tf.getKernelsForBackend('cpu')) {
    if (kernelName in NATIVE_KERNELS) continue;
    tf.registerKernel({ kernelName, backendName: TORCH_BACKEND, kernelFunc: fallbackKernel(kernelName) });
  }
  registerTorchGradients();
  registered = { device, threads: addon.threads(), torchVersion: addon.torchVersion, nativeKernels: Object.keys(NATIVE_KERNELS).length };
  return registered;
}

/** How many CUDA devices the addon's libtorch sees (0 for a CPU-only libtorch or no addon). */
export function torchCudaDevices(): number {
  return loadTorchAddon().cudaDevices();
}

/** The addon's live libtorch tensors (the memory test watches it). */
export function torchLiveTensors(): number {
  return loadTorchAddon().liveTensors();
}
