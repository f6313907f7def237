import * as tf from '@tensorflow/tfjs-core';

/** The compute backends Protoscope knows, in the order it prefers them (DESIGN §3). */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
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
