import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { initEngine } from '@protoscope/engine';
import { Conv2d } from '../layers/conv2d';
import { Linear } from '../layers/linear';
import { ParameterSet } from '../parameters/parameter-set';
import { importWeights, readTfjsWeights, WeightImportError } from './import-weights';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'protoscope-weights-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const kernel = Array.from({ length: 3 * 3 * 1 * 2 }, (_, i) => i / 10 - 0.5);
const bias = [0.25, -0.75];
const dense = [1, 2, 3, 4, 5, 6]; // [2, 3], stored uint8-quantised: q · 0.5 − 1
const quantised = dense.map((v) => (v + 1) / 0.5);

/**
 * A LayersModel-style model.json: group 1 (conv kernel + bias) split over two shards mid-value (byte 30),
 * group 2 one uint8-quantised dense kernel and an unused weight.
 */
function writeModel(): string {
  const group1 = new Float32Array([...kernel, ...bias]);
  const bytes = Buffer.from(group1.buffer);
  writeFileSync(path.join(dir, 'group1-shard1of2.bin'), bytes.subarray(0, 30));
  writeFileSync(path.join(dir, 'group1-shard2of2.bin'), bytes.subarray(30));
  writeFileSync(path.join(dir, 'group2-shard1of1.bin'), Buffer.concat([Buffer.from(Uint8Array.from(quantised)), Buffer.from(new Float32Array([9]).buffer)]));
  const manifest = [
    {
      paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'],
      weights: [
        { name: 'conv2d/kernel', shape: [3, 3, 1, 2], dtype: 'float32' },
        { name: 'conv2d/bias', shape: [2], dtype: 'float32' },
      ],
    },
    {
      paths: ['group2-shard1of1.bin'],
      weights: [
        { name: 'dense/kernel', shape: [2, 3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
        { name: 'extra/scalar', shape: [], dtype: 'float32' },
      ],
    },
  ];
  const file = path.join(dir, 'model.json');
  writeFileSync(file, JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: manifest }));
  return file;
}

function model(): { params: ParameterSet; conv: Conv2d; fc: Linear } {
  const params = new ParameterSet();
  const conv = new Conv2d(params, 'backbone/stem/conv', { inChannels: 1, outChannels: 2, kernel: 3 }, 1);
  const fc = new Linear(params, 'head/fc', { inFeatures: 2, outFeatures: 3, bias: false }, 1);
  return { params, conv, fc };
}

const nameMap = { 'conv2d/kernel': 'backbone/stem/conv/filter', 'conv2d/bias': 'backbone/stem/conv/bias', 'dense/kernel': 'head/fc/weight' };

describe('importing tfjs weights', () => {
  test('reads both groups across shards and dequantises', async () => {
    const weights = await readTfjsWeights(writeModel());
    expect(Object.keys(weights).sort()).toEqual(['conv2d/bias', 'conv2d/kernel', 'dense/kernel', 'extra/scalar']);
    Array.from(weights['conv2d/kernel']!.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(kernel[i]!, 6));
    expect(Array.from(weights['conv2d/bias']!.dataSync())).toEqual(bias);
    expect(Array.from(weights['dense/kernel']!.dataSync())).toEqual(dense);
    expect(Array.from(weights['extra/scalar']!.dataSync())).toEqual([9]);
    tf.dispose(weights);
  });

  test('assigns mapped weights, reports the rest, and frees what it read', async () => {
    const file = writeModel();
    const { params, conv, fc } = model();
    const before = tf.memory().numTensors;
    const report = await importWeights(params, file, nameMap);
    expect(tf.memory().numTensors).toBe(before);
    expect(report).toEqual({ assigned: Object.values(nameMap), unusedInFile: ['extra/scalar'], notCovered: [] });
    Array.from(conv.filter.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(kernel[i]!, 6));
    expect(Array.from(conv.bias!.dataSync())).toEqual(bias);
    expect(Array.from(fc.weight.dataSync())).toEqual(dense);
    params.dispose();
  });

  test('checks everything before assigning anything', async () => {
    const file = writeModel();
    const { params, conv } = model();
    const original = Array.from(conv.filter.dataSync());
    await expect(importWeights(params, file, { 'conv2d/kernel': 'backbone/stem/conv/filter', 'dense/kernel': 'backbone/stem/conv/bias' })).rejects.toThrow(
      "weight 'dense/kernel' [2, 3] does not fit parameter 'backbone/stem/conv/bias' [2]",
    );
    await expect(importWeights(params, file, { ...nameMap, 'conv2d/missing': 'head/fc/weight' })).rejects.toThrow(/has no weight 'conv2d\/missing'/);
    await expect(importWeights(params, file, { 'conv2d/kernel': 'backbone/nope' })).rejects.toThrow(/'backbone\/nope', which is not a parameter/);
    await expect(importWeights(params, file, { 'conv2d/bias': 'head/fc/weight', 'dense/kernel': 'head/fc/weight' })).rejects.toThrow(WeightImportError);
    expect(Array.from(conv.filter.dataSync())).toEqual(original);
    params.dispose();
  });

  test('a missing shard, a short shard or a file that is not a model are readable errors', async () => {
    const file = writeModel();
    rmSync(path.join(dir, 'group1-shard2of2.bin'));
    await expect(readTfjsWeights(file)).rejects.toThrow(/weight shard 'group1-shard2of2.bin' of group 0 cannot be read \(ENOENT\)/);
    writeFileSync(path.join(dir, 'group1-shard2of2.bin'), Buffer.alloc(4));
    await expect(readTfjsWeights(file)).rejects.toThrow(/weight group 0 needs 80 bytes, its shards hold 34/);
    writeFileSync(file, '{"modelTopology": {}}');
    await expect(readTfjsWeights(file)).rejects.toThrow(/not a tfjs model.json \(it has no weightsManifest array\)/);
  });
});
