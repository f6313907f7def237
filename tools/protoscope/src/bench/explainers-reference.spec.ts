import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { type EngineInfo, initEngine } from '@protoscope/engine';
import { ReferenceWorkload } from '@protoscope/core-models';
import { parseNpy } from '@protoscope/datasets';
import { resetTorchFallbacks, torchFallbacks } from '@protoscope/engine-torch';
import { type ExplainerWorkload, explainerImages, explainerInputs, mdmInitialLogits, runExplainerBenchmark, writeExplainerInputs } from './explainer-benchmark';
import { runExplainersTorchReference } from './explainers-torch-reference';
import { torchPythonCandidates } from './find-torch-python';

/**
 * The PyTorch MDM and RISE of bench/torch/ are the same algorithms as ours: with our network's weights,
 * our images, RISE masks and MDM start, they give the same heat maps. That makes their images/s a fair
 * reference for ours.
 */

const torchPython = torchPythonCandidates().find((python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 20_000 }).status === 0);
const itWithTorch = torchPython === undefined ? it.skip : it;
const torchNote = torchPython === undefined ? `SKIPPED: no Python with torch among ${torchPythonCandidates().join(', ')}` : `with ${torchPython}`;

const TINY: ExplainerWorkload = {
  imageSize: 16,
  batchSize: 8,
  rise: { images: 2, masks: 20, cells: 4, keepProbability: 0.5 },
  mdm: { images: 3, iterations: 3, scales: [2, 4], learningRate: 0.1, areaWeight: 3, smoothnessWeight: 1 },
};

describe('explainer benchmark', () => {
  let engine: EngineInfo;
  beforeAll(async () => {
    engine = await initEngine({ log: () => undefined });
  });

  it('lays out MDM’s initial logits per image, scale after scale (s² each), scaled by 0.1', () => {
    const values = mdmInitialLogits(5, 2, [2, 4]);
    expect(values).toHaveLength(2 * (4 + 16));
    // Different streams per (image, scale): no two rows or blocks repeat.
    expect(Array.from(values.slice(0, 4))).not.toEqual(Array.from(values.slice(20, 24)));
    const spread = Math.sqrt(values.reduce((a, v) => a + v * v, 0) / values.length);
    expect(spread).toBeGreaterThan(0.05);
    expect(spread).toBeLessThan(0.2);
  });

  itWithTorch(
    `PyTorch's MDM and RISE give our maps on the same network, images, masks and start (${torchNote})`,
    async () => {
      const directory = mkdtempSync(path.join(os.tmpdir(), 'protoscope-explainers-'));
      const network = new ReferenceWorkload(3);
      const images = explainerImages(TINY, 3);
      try {
        const inputs = explainerInputs(TINY, 3);
        writeExplainerInputs(directory, TINY, inputs, { weights: network.weights(), images });
        resetTorchFallbacks();
        const ours = await runExplainerBenchmark(TINY, inputs, { seed: 3, model: network, images });
        // On the native backend, MDM and RISE run without a kernel falling back to cpu.
        if (engine.backend === 'torch') expect(torchFallbacks()).toEqual({ calls: 0, kernels: {} });
        const theirs = await runExplainersTorchReference({ threads: 1, workload: TINY, inputsDir: directory, shareNetwork: true, mapsOut: path.join(directory, 'maps'), python: torchPython });
        if ('unavailable' in theirs) throw new Error(`expected a run, got: ${theirs.unavailable}`);
        expect(theirs.riseMasks).toBe(TINY.rise.masks);
        for (const [name, maps] of [['rise', ours.riseMaps], ['mdm', ours.mdmMaps]] as const) {
          const reference = parseNpy(new Uint8Array(readFileSync(path.join(directory, 'maps', `${name}.npy`))));
          expect(reference.shape).toEqual([maps.length, TINY.imageSize, TINY.imageSize]);
          let worst = 0;
          maps.forEach((map, i) => map.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - Number(reference.data[i * map.length + k]))))));
          // Maps are min-max scaled to [0, 1]; float32 kernels summing in different orders stay far below 1e-3.
          expect({ name, worst: worst < 1e-3 ? 'below 1e-3' : worst }).toEqual({ name, worst: 'below 1e-3' });
        }
        expect(ours.riseImgPerSec).toBeGreaterThan(0);
        expect(ours.mdmImgPerSec).toBeGreaterThan(0);
      } finally {
        network.dispose();
        tf.dispose(images);
        rmSync(directory, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
