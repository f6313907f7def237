import * as tf from '@tensorflow/tfjs-core';
// The union package registers every op's gradient (tfjs-core's CommonJS bundle registers none).
import '@tensorflow/tfjs';
import { BACKEND_CANDIDATES, BACKEND_NAMES, type BackendName, type PackageLoader } from './backend-candidates';
import { registerEngineGradients } from './gradients';
import { registerWasmKernels } from './wasm-kernels';

/** What the engine chose; recorded with every run so its numbers can be reproduced on the same backend. */
export interface EngineInfo {
  backend: BackendName;
  /** The tfjs backend id (`tensorflow`, `wasm`, `cpu`). */
  tfBackend: string;
  packageName: string;
  packageVersion: string;
  /** WebAssembly SIMD, for the wasm backend. */
  simd?: boolean;
  /** The native library under the backend (`libtorch 1.13.0, CPU`), for torch. */
  library?: string;
  threads: number;
  /** Preferred backends that were passed over, and why. */
  skipped: { backend: BackendName; reason: string }[];
}

export interface EngineOptions {
  /** Force a backend; otherwise `PROTOSCOPE_BACKEND`, otherwise the first that works. */
  backend?: BackendName | 'auto';
  /** How packages are loaded (tests replace it to simulate missing packages). */
  load?: PackageLoader;
  /** Where the one-line choice is reported; stderr by default, so stdout stays machine-readable. */
  log?: (line: string) => void;
}

export class EngineError extends Error {
  override name = 'EngineError';
}

let current: EngineInfo | undefined;

const defaultLoad: PackageLoader = (name) => require(name);

function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Cannot find module/.test(message)) return 'package not installed';
  return message.split('\n')[0] ?? message;
}

function packageVersion(load: PackageLoader, name: string): string {
  try {
    return (load(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function requestedBackend(options: EngineOptions): BackendName | undefined {
  const requested = options.backend ?? process.env['PROTOSCOPE_BACKEND'] ?? 'auto';
  if (requested === 'auto' || requested === '') return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(requested)) {
    throw new EngineError(
      `unknown backend '${requested}' (from ${options.backend ? 'the backend option' : 'PROTOSCOPE_BACKEND'}); ` +
        `use one of: auto, ${BACKEND_NAMES.join(', ')}`,
    );
  }
  return requested as BackendName;
}

/**
 * Chooses the compute backend once per process: the first of torch-cuda → torch → tensorflow-gpu →
 * tensorflow → wasm → cpu
 * that loads and answers, or the one forced by `PROTOSCOPE_BACKEND`. Installs the kernels and gradients
 * Protoscope supplies, and logs the choice once.
 */
export async function initEngine(options: EngineOptions = {}): Promise<EngineInfo> {
  const forced = requestedBackend(options);
  if (current && (!forced || forced === current.backend)) return current;

  const load = options.load ?? defaultLoad;
  const candidates = forced ? BACKEND_CANDIDATES.filter((c) => c.name === forced) : BACKEND_CANDIDATES;
  const skipped: EngineInfo['skipped'] = [];
  for (const candidate of candidates) {
    let usable = false;
    try {
      usable = await candidate.probe(load);
      if (!usable) skipped.push({ backend: candidate.name, reason: 'no device answered' });
    } catch (error) {
      skipped.push({ backend: candidate.name, reason: describeFailure(error) });
    }
    if (!usable) continue;
    if (candidate.tfBackend === 'wasm') registerWasmKernels();
    registerEngineGradients();
    candidate.afterGradients?.(load);
    if (!(await tf.setBackend(candidate.tfBackend))) {
      skipped.push({ backend: candidate.name, reason: `tfjs could not initialise '${candidate.tfBackend}'` });
      continue;
    }
    await tf.ready();
    // Production mode silences tfjs's own console banners; the engine reports its choice itself.
    tf.env().set('PROD', true);
    current = {
      backend: candidate.name,
      tfBackend: candidate.tfBackend,
      packageName: candidate.packageName,
      packageVersion: packageVersion(load, candidate.packageName),
      simd: candidate.tfBackend === 'wasm' ? tf.env().getBool('WASM_HAS_SIMD_SUPPORT') : undefined,
      library: candidate.library?.(load),
      threads: candidate.threads?.(load) ?? 1,
      skipped,
    };
    (options.log ?? ((line) => process.stderr.write(`${line}\n`)))(describeEngine(current));
    return current;
  }
  const reasons = skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ');
  throw new EngineError(
    forced
      ? `the backend '${forced}' forced by PROTOSCOPE_BACKEND is not usable here (${reasons})`
      : `no compute backend could be started (${reasons})`,
  );
}

/** The engine chosen so far, if any. */
export function currentEngine(): EngineInfo | undefined {
  return current;
}

/** One line for logs and run records: `wasm (SIMD, 1 thread) via @tensorflow/tfjs-backend-wasm@4.22.0`. */
export function describeEngine(info: EngineInfo): string {
  const features = [info.library, info.simd === undefined ? undefined : info.simd ? 'SIMD' : 'no SIMD', `${info.threads} thread${info.threads === 1 ? '' : 's'}`]
    .filter(Boolean)
    .join(', ');
  const passedOver = info.skipped.length ? `; passed over ${info.skipped.map((s) => `${s.backend} (${s.reason})`).join(', ')}` : '';
  return `protoscope: compute backend ${info.backend} (${features}) via ${info.packageName}@${info.packageVersion}${passedOver}`;
}

/** Forgets the choice (tests only), so the next initEngine chooses again. */
export function resetEngineForTests(): void {
  current = undefined;
}

/** Whether the torch backend's native addon is built here: tests run their torch cases only then. */
export function torchAddonBuiltForTests(): boolean {
  try {
    return (defaultLoad('@protoscope/engine-torch') as { torchAddonBuilt(): boolean }).torchAddonBuilt();
  } catch {
    return false;
  }
}
