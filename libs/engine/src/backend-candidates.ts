import * as tf from '@tensorflow/tfjs-core';

/** The compute backends Protoscope knows, in the order it prefers them (DESIGN §3). */
export const BACKEND_NAMES = ['torch-cuda', 'torch', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Loads an npm package by name; injectable so tests can pretend a package is missing. */
export type PackageLoader = (packageName: string) => unknown;

export interface BackendCandidate {
  name: BackendName;
  /** The npm package that provides it. */
  packageName: string;
  /** The tfjs backend id it registers. */
  tfBackend: string;
  /** Loads the package (which registers the backend) and says whether this machine can run it. */
  probe(load: PackageLoader): Promise<boolean>;
  /** After the engine's gradients are registered: the backend's own (torch replaces a few with native ones). */
  afterGradients?(load: PackageLoader): void;
  /** Threads the backend computes with, when it is not one. */
  threads?(load: PackageLoader): number;
  /** The native library under the backend, e.g. `libtorch 1.13.0, CPU`. */
  library?(load: PackageLoader): string;
}

/** What the engine needs of @protoscope/engine-torch, loaded by name so a missing addon is only a skipped tier. */
interface EngineTorchPackage {
  registerTorchBackend(options: { device: 'cpu' | 'cuda' }): { device: string; threads: number; torchVersion: string };
  torchCudaDevices(): number;
  registerTorchGradients(): void;
}

const ENGINE_TORCH = '@protoscope/engine-torch';
const engineTorch = (load: PackageLoader) => load(ENGINE_TORCH) as EngineTorchPackage;

function torchCandidate(name: 'torch-cuda' | 'torch', device: 'cpu' | 'cuda'): BackendCandidate {
  return {
    name,
    packageName: ENGINE_TORCH,
    tfBackend: 'torch',
    async probe(load) {
      const torch = engineTorch(load);
      // The CUDA tier needs a libtorch built with CUDA and a device that answers; CPU libtorch reports 0.
      if (device === 'cuda' && torch.torchCudaDevices() === 0) return false;
      torch.registerTorchBackend({ device });
      return true;
    },
    afterGradients: (load) => engineTorch(load).registerTorchGradients(),
    threads: (load) => engineTorch(load).registerTorchBackend({ device }).threads,
    library: (load) => `libtorch ${engineTorch(load).registerTorchBackend({ device }).torchVersion}, ${device === 'cuda' ? 'CUDA' : 'CPU'}`,
  };
}

async function cudaAnswers(): Promise<boolean> {
  // tfjs-node-gpu loads even without a GPU and silently computes on the CPU, so ask the device list.
  const { execFileSync } = await import('node:child_process');
  try {
    const out = execFileSync('nvidia-smi', ['-L'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /GPU \d+/.test(out);
  } catch {
    return false;
  }
}

export const BACKEND_CANDIDATES: BackendCandidate[] = [
  torchCandidate('torch-cuda', 'cuda'),
  torchCandidate('torch', 'cpu'),
  {
    name: 'tensorflow-gpu',
    packageName: '@tensorflow/tfjs-node-gpu',
    tfBackend: 'tensorflow',
    async probe(load) {
      if (!(await cudaAnswers())) return false;
      load('@tensorflow/tfjs-node-gpu');
      return true;
    },
  },
  {
    name: 'tensorflow',
    packageName: '@tensorflow/tfjs-node',
    tfBackend: 'tensorflow',
    async probe(load) {
      load('@tensorflow/tfjs-node');
      return true;
    },
  },
  {
    name: 'wasm',
    packageName: '@tensorflow/tfjs-backend-wasm',
    tfBackend: 'wasm',
    async probe(load) {
      load('@tensorflow/tfjs-backend-wasm');
      return tf.findBackendFactory('wasm') != null;
    },
  },
  {
    name: 'cpu',
    packageName: '@tensorflow/tfjs-backend-cpu',
    tfBackend: 'cpu',
    async probe(load) {
      load('@tensorflow/tfjs-backend-cpu');
      return tf.findBackendFactory('cpu') != null;
    },
  },
];
