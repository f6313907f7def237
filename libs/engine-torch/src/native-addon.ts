import fs from 'node:fs';
import path from 'node:path';

/** The tfjs dtypes libtorch holds natively, as the addon encodes them. */
export const DTYPE_CODES = { float32: 0, int32: 1, bool: 2 } as const;
export type NativeDtype = keyof typeof DTYPE_CODES;
export const DTYPE_NAMES: readonly NativeDtype[] = ['float32', 'int32', 'bool'];

/** The N-API surface of native/addon.cc. */
export interface TorchAddon {
  write(values: Float32Array | Int32Array | Uint8Array, shape: number[], dtype: number): number;
  read(id: number): Float32Array | Int32Array | Uint8Array;
  dispose(id: number): void;
  liveTensors(): number;
  /** Per output: id, dtype code, rank, then the shape. */
  run(kernel: string, inputIds: number[], attrs: number[]): number[];
  kernels(): string[];
  setThreads(threads: number): void;
  threads(): number;
  cudaDevices(): number;
  useDevice(device: 'cpu' | 'cuda'): void;
  torchVersion: string;
  hardwareThreads: number;
  /**
   * Whether loading set glibc to keep freed memory for reuse and gave tensors of 2 to 32 MB
   * transparent huge pages (not when PROTOSCOPE_TORCH_MALLOC=default).
   */
  allocatorTuned: boolean;
  /** Whether large matrix products run as oneDNN convolutions (libtorch without MKL: its BLAS is the system's). */
  matmulOnOneDnn: boolean;
}

export class TorchAddonMissingError extends Error {
  override name = 'TorchAddonMissingError';
}

/** Where the install script's node-gyp build puts the addon. */
export const ADDON_PATH = path.resolve(__dirname, '..', 'build', 'Release', 'protoscope_torch.node');

let loaded: TorchAddon | undefined;

/** Loads the addon once; throws a one-line reason when it was not built or cannot load. */
export function loadTorchAddon(): TorchAddon {
  if (loaded) return loaded;
  if (!fs.existsSync(ADDON_PATH)) {
    const log = path.resolve(__dirname, '..', 'build-error.log');
    throw new TorchAddonMissingError(
      fs.existsSync(log)
        ? `the libtorch addon failed to build at install (see ${log})`
        : 'the libtorch addon is not built (no libtorch was found at install; see docs/engine.md)',
    );
  }
  // How libtorch's OpenMP threads wait between kernels, chosen before libgomp loads with the addon.
  // libgomp's default spins ≈ 5 ms after each parallel region, which on cores shared with other work
  // (a server, test workers) stalled a training step 5×; passive waiting instead puts them to sleep at
  // once, and waking them costs ≈ 0.1 ms per kernel (a 2 k × 64 sum took 97 µs on 2 threads, 28 on
  // one). 10 000 spins (≈ 0.2 ms) bridge the gap between one kernel and the next. An explicit
  // OMP_WAIT_POLICY or GOMP_SPINCOUNT wins.
  if (process.env['OMP_WAIT_POLICY'] === undefined && process.env['GOMP_SPINCOUNT'] === undefined) process.env['GOMP_SPINCOUNT'] = '10000';
  try {
    loaded = require(ADDON_PATH) as TorchAddon;
  } catch (error) {
    throw new TorchAddonMissingError(`the libtorch addon does not load: ${(error as Error).message.split('\n')[0]}`);
  }
  return loaded;
}

/** Whether the addon is built here (tests skip the native suites when it is not). */
export function torchAddonBuilt(): boolean {
  return fs.existsSync(ADDON_PATH);
}
