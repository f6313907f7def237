import { execFile } from 'node:child_process';

/** A Python interpreter in which `import torch` works, with the version torch reports. */
export interface TorchPython {
  python: string;
  torchVersion: string;
}

/** Why no interpreter qualified, one clause per candidate tried. */
export interface NoTorchPython {
  unavailable: string;
}

// Importing torch takes 1–2 s on an idle machine; leave room for a busy one.
const PROBE_TIMEOUT_MS = 60_000;

/**
 * The interpreters to try, in order. An explicit `python` is the only candidate: the caller asked for
 * that interpreter, and silently benchmarking another one would mislabel the figures.
 * Otherwise PROTOSCOPE_PYTHON, then `python3` on PATH (often a pyenv or venv Python without torch),
 * then Debian's `/usr/bin/python3`, where `apt-get install python3-torch` puts PyTorch.
 */
export function torchPythonCandidates(explicit?: string, env: NodeJS.ProcessEnv = process.env): string[] {
  if (explicit !== undefined) return [explicit];
  const candidates = [env['PROTOSCOPE_PYTHON'], 'python3', '/usr/bin/python3'].filter(
    (candidate): candidate is string => candidate !== undefined && candidate !== '',
  );
  return [...new Set(candidates)];
}

/** Resolves to the first candidate that imports torch; never rejects. */
export async function findTorchPython(explicit?: string): Promise<TorchPython | NoTorchPython> {
  const reasons: string[] = [];
  for (const python of torchPythonCandidates(explicit)) {
    const probe = await probeTorch(python);
    if ('torchVersion' in probe) return probe;
    reasons.push(`${python}: ${probe.unavailable}`);
  }
  return { unavailable: `no Python with PyTorch found (${reasons.join('; ')})` };
}

function probeTorch(python: string): Promise<TorchPython | NoTorchPython> {
  return new Promise((resolve) => {
    execFile(
      python,
      ['-c', 'import torch; print(torch.__version__)'],
      { timeout: PROBE_TIMEOUT_MS, windowsHide: true },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ python, torchVersion: String(stdout).trim() });
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') resolve({ unavailable: 'not found' });
        else if (error.killed) resolve({ unavailable: `timed out after ${PROBE_TIMEOUT_MS / 1000} s` });
        else resolve({ unavailable: `cannot import torch (${lastLine(String(stderr)) || error.message})` });
      },
    );
  });
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.trim() ?? '';
}
