import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findTorchPython } from './find-torch-python';
import { parseTorchReferenceOutput, type TorchReferenceResult } from './torch-reference-result';

export type { TorchReferenceResult } from './torch-reference-result';

export interface TorchReferenceOptions {
  threads: number;
  /** Minimum timed training steps (the script's default when omitted). */
  trainSteps?: number;
  /** Each measurement also runs at least this long (the script's default when omitted). */
  minSeconds?: number;
  /** Untimed steps before each measurement, and the minimum timed inference and Grad-CAM batches (the script's defaults when omitted). */
  warmupSteps?: number;
  inferSteps?: number;
  gradcamSteps?: number;
  /** Use exactly this interpreter; otherwise PROTOSCOPE_PYTHON, python3, /usr/bin/python3 are tried. */
  python?: string;
}

// This file sits in tools/protoscope/src/bench/; the script lives at the workspace root's bench/torch/.
export const TORCH_REFERENCE_SCRIPT = path.resolve(__dirname, '../../../../bench/torch/engine_reference.py');

// A default run takes ~10–20 s; the bound only guards against a hung interpreter.
const RUN_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs the reference workload in PyTorch. Resolves to `{unavailable}` when no interpreter can import
 * torch (a normal situation, e.g. in CI); rejects only when torch is there but the run itself fails,
 * which is a bug in the script or the machine, not a missing optional dependency.
 */
export async function runTorchReference(
  options: TorchReferenceOptions,
): Promise<TorchReferenceResult | { unavailable: string }> {
  assertPositiveInteger('threads', options.threads);
  for (const name of ['trainSteps', 'inferSteps', 'gradcamSteps'] as const) {
    if (options[name] !== undefined) assertPositiveInteger(name, options[name]);
  }
  if (options.warmupSteps !== undefined && !(Number.isInteger(options.warmupSteps) && options.warmupSteps >= 0)) {
    throw new RangeError(`warmupSteps must be a whole number >= 0, got ${options.warmupSteps}`);
  }
  if (options.minSeconds !== undefined && !(options.minSeconds >= 0)) {
    throw new RangeError(`minSeconds must be a number >= 0, got ${options.minSeconds}`);
  }
  if (!existsSync(TORCH_REFERENCE_SCRIPT)) {
    throw new Error(`PyTorch reference script not found at ${TORCH_REFERENCE_SCRIPT}`);
  }

  const found = await findTorchPython(options.python);
  if ('unavailable' in found) return found;

  const args = [TORCH_REFERENCE_SCRIPT, '--threads', String(options.threads)];
  if (options.trainSteps !== undefined) args.push('--train-steps', String(options.trainSteps));
  if (options.minSeconds !== undefined) args.push('--min-seconds', String(options.minSeconds));
  if (options.warmupSteps !== undefined) args.push('--warmup-steps', String(options.warmupSteps));
  if (options.inferSteps !== undefined) args.push('--infer-steps', String(options.inferSteps));
  if (options.gradcamSteps !== undefined) args.push('--gradcam-steps', String(options.gradcamSteps));
  const stdout = await runPython(found.python, args, options.threads);
  return parseTorchReferenceOutput(stdout);
}

/** Runs a PyTorch script with its thread pools sized to `threads`; resolves to its stdout. */
export function runPython(python: string, args: string[], threads: number): Promise<string> {
  // OpenMP/MKL size their pools at startup; matching them to --threads avoids oversubscribing the cores.
  const threadEnv = String(threads);
  const env = { ...process.env, OMP_NUM_THREADS: threadEnv, MKL_NUM_THREADS: threadEnv };
  return new Promise((resolve, reject) => {
    execFile(
      python,
      args,
      { env, timeout: RUN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve(String(stdout));
          return;
        }
        const how = error.killed ? 'timed out' : `exit code ${String(error.code)}`;
        const tail = String(stderr).trim().split('\n').slice(-5).join('\n');
        reject(new Error(`PyTorch reference run failed (${python} ${args.join(' ')}: ${how})\n${tail}`));
      },
    );
  });
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}
