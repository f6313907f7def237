import { spawnSync } from 'node:child_process';
import { torchPythonCandidates } from './find-torch-python';
import { runTorchReference } from './torch-reference';
import { parseTorchReferenceOutput } from './torch-reference-result';

// Decided once at collection time (Jest cannot skip from inside a running test), so the skip and its
// reason show up in the report.
const torchPython = torchPythonCandidates().find(
  (python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 20_000 }).status === 0,
);
const itWithTorch = torchPython === undefined ? it.skip : it;
const torchNote =
  torchPython === undefined
    ? `SKIPPED: no Python with torch among ${torchPythonCandidates().join(', ')}`
    : `with ${torchPython}`;

const validLine = {
  framework: 'pytorch',
  version: '1.13.0',
  threads: 2,
  channelsLast: true,
  batch: 32,
  trainImgPerSec: 400,
  inferImgPerSec: 1500,
  gradcamMsPerImg: 1.2,
  trainSteps: 20,
  inferSteps: 20,
  gradcamSteps: 10,
  finalLoss: 0.7,
};

describe('runTorchReference', () => {
  it('reports an interpreter that does not exist as unavailable instead of throwing', async () => {
    const result = await runTorchReference({ threads: 1, python: '/nonexistent/python' });
    expect(result).toEqual({ unavailable: expect.stringContaining('/nonexistent/python: not found') });
  });

  it('reports an interpreter that cannot import torch as unavailable', async () => {
    // Node is an executable that exists but is not Python: `-c` fails, as a Python without torch would.
    const result = await runTorchReference({ threads: 1, python: process.execPath });
    expect(result).toEqual({ unavailable: expect.stringContaining('cannot import torch') });
  });

  it('rejects invalid options before starting anything', async () => {
    await expect(runTorchReference({ threads: 0 })).rejects.toThrow(RangeError);
    await expect(runTorchReference({ threads: 1, minSeconds: -1 })).rejects.toThrow(RangeError);
    await expect(runTorchReference({ threads: 1, warmupSteps: -1 })).rejects.toThrow(/warmupSteps must be a whole number >= 0, got -1/);
    await expect(runTorchReference({ threads: 1, gradcamSteps: 0 })).rejects.toThrow(/gradcamSteps must be a positive integer, got 0/);
  });

  itWithTorch(
    `runs the workload and reports positive, finite figures (${torchNote})`,
    async () => {
      // The least work that still runs every measurement once: a loaded machine needs seconds for it.
      const result = await runTorchReference({ threads: 1, trainSteps: 1, inferSteps: 1, gradcamSteps: 1, warmupSteps: 0, minSeconds: 0, python: torchPython });
      if ('unavailable' in result) throw new Error(`expected a run, got: ${result.unavailable}`);
      expect(result.framework).toBe('pytorch');
      expect(result.threads).toBe(1);
      expect(result.trainSteps).toBe(1);
      for (const figure of [result.trainImgPerSec, result.inferImgPerSec, result.gradcamMsPerImg]) {
        expect(Number.isFinite(figure) && figure > 0).toBe(true);
      }
      expect(Number.isFinite(result.finalLoss)).toBe(true);
    },
    // Importing torch alone took over 10 s at load average 20; the bound only catches a hung interpreter.
    180_000,
  );
});

describe('parseTorchReferenceOutput', () => {
  it('takes the last JSON line and ignores anything printed before it', () => {
    const stdout = `warning: something\n${JSON.stringify({ ...validLine, trainImgPerSec: 1 })}\n${JSON.stringify(validLine)}\n`;
    expect(parseTorchReferenceOutput(stdout)).toEqual(validLine);
  });

  it('rejects a missing key, a non-positive figure and a diverged loss', () => {
    const missing: Partial<typeof validLine> = { ...validLine };
    delete missing.gradcamMsPerImg;
    expect(() => parseTorchReferenceOutput(JSON.stringify(missing))).toThrow(/gradcamMsPerImg/);
    expect(() => parseTorchReferenceOutput(JSON.stringify({ ...validLine, inferImgPerSec: 0 }))).toThrow(
      /inferImgPerSec/,
    );
    expect(() => parseTorchReferenceOutput(JSON.stringify({ ...validLine, finalLoss: null }))).toThrow(/finalLoss/);
  });

  it('rejects output without a JSON object', () => {
    expect(() => parseTorchReferenceOutput('Traceback (most recent call last):\n')).toThrow(/no JSON object/);
  });
});
