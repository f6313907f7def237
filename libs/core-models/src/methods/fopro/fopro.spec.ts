import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { generateDataset } from '@protoscope/datasets';
import { initEngine } from '@protoscope/engine';
import { datasetSources, DatasetSourceError } from '../../training/dataset-sources';
import { trainLoop } from '../../training/train-loop';
import { createMethodModel, methodDataNeeds } from '../registry';
import { squaresSource } from '../testing/squares-source';
import { cleanByRelation, cleanBySoftTarget, CleaningTally } from './cleaning';
import type { FoProModel } from './fopro-method';
import { hardSoftCrossEntropy, infoNce, marginCosineLogits, maskedMean, rowCrossEntropy } from './fopro-losses';
import { enqueueRows, polishPrototypes, realisticPrototypes } from './realistic-prototypes';

let root: string;

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-fopro-'));
  await generateDataset('web-noisy', { n: 80, seed: 4, size: 16, options: { 'few-shot': 2, 'label-noise': 0.3, 'ood-fraction': 0.1 } }, path.join(root, 'web'));
  await generateDataset('parts', { n: 24, seed: 4, size: 16, options: {} }, path.join(root, 'parts'));
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const value = (t: tf.Tensor) => Array.from(t.dataSync());

describe('fopro losses, by hand', () => {
  it('InfoNCE: −log softmax of the positive among the queue negatives', () => {
    // q·k = 0.6, q·queue = [0, −1]; T = 0.5 → logits [1.2, 0, −2].
    const loss = infoNce(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.6, 0.8]]), tf.tensor2d([[0, 1], [-1, 0]]), 0.5);
    expect(value(loss)[0]).toBeCloseTo(-Math.log(Math.exp(1.2) / (Math.exp(1.2) + 1 + Math.exp(-2))), 5);
  });

  it('cosine logits with an additive margin at the target of the rows that take it', () => {
    // Class vectors normalise to e1 and e2; z = e1 → cosines [1, 0]; margin 0.5 on the target, scale 10.
    const logits = marginCosineLogits(tf.tensor2d([[1, 0], [1, 0]]), tf.tensor2d([[2, 0], [0, 3]]), tf.tensor2d([[1, 0], [1, 0]]), tf.tensor1d([1, 0]), 0.5, 10);
    expect(value(logits)).toEqual([5, 0, 10, 0].map((v) => expect.closeTo(v, 5)));
  });

  it('hard/soft cross-entropy weighs the hard label by the soft score at it', () => {
    // softmax([0, ln 3]) = [0.25, 0.75]; soft target [0.4, 0.6] → gt = 0.6.
    const loss = hardSoftCrossEntropy(tf.tensor2d([[0, Math.log(3)]]), tf.tensor2d([[0, 1]]), tf.tensor2d([[0.4, 0.6]]));
    const hard = -Math.log(0.75);
    const soft = -(0.4 * Math.log(0.25) + 0.6 * Math.log(0.75));
    expect(value(loss)[0]).toBeCloseTo(0.6 * hard + 0.4 * soft, 5);
  });

  it('cross-entropy per row against a soft or one-hot target (the relation module’s loss over classes)', () => {
    const loss = rowCrossEntropy(tf.tensor2d([[0, Math.log(3)], [0, Math.log(3)]]), tf.tensor2d([[0, 1], [0.5, 0.5]]));
    expect(value(loss)).toEqual([-Math.log(0.75), -0.5 * Math.log(0.25) - 0.5 * Math.log(0.75)].map((v) => expect.closeTo(v, 5)));
  });

  it('means over the clean rows only, and 0 when there are none', () => {
    expect(value(maskedMean(tf.tensor1d([1, 2, 3]), tf.tensor1d([1, 0, 1])))[0]).toBeCloseTo(2, 6);
    expect(value(maskedMean(tf.tensor1d([1, 2]), tf.tensor1d([0, 0])))[0]).toBe(0);
  });
});

describe('fopro cleaning rule on constructed scores', () => {
  it('soft target: relabel above τ, keep above chance, else drop', () => {
    expect(cleanBySoftTarget([0.1, 0.85, 0.05], 0, 0.8)).toEqual({ decision: 'relabel', target: 1 });
    expect(cleanBySoftTarget([0.9, 0.05, 0.05], 0, 0.8)).toEqual({ decision: 'keep', target: 0 });
    // 0.34 > 1/3 keeps the label though another class scores higher (under τ).
    expect(cleanBySoftTarget([0.34, 0.6, 0.06], 0, 0.8)).toEqual({ decision: 'keep', target: 0 });
    expect(cleanBySoftTarget([0.3, 0.5, 0.2], 0, 0.8)).toEqual({ decision: 'drop', target: 0 });
  });

  it('relation distribution: keep when the label’s own score passes τ, else relabel to a class that does, else drop', () => {
    expect(cleanByRelation([0.85, 0.15], 0, 0.8)).toEqual({ decision: 'keep', target: 0 });
    expect(cleanByRelation([0.1, 0.85, 0.05], 0, 0.8)).toEqual({ decision: 'relabel', target: 1 });
    // The label scores above chance but under τ: unlike phase 1, that is not enough.
    expect(cleanByRelation([0.4, 0.35, 0.25], 0, 0.8)).toEqual({ decision: 'drop', target: 0 });
  });

  it('counts decisions and scores the flags against the true noise', () => {
    const tally = new CleaningTally();
    tally.add('keep', 'clean');
    tally.add('keep', 'wrong-label');
    tally.add('relabel', 'wrong-label');
    tally.add('drop', 'out-of-distribution');
    tally.add('drop', 'clean');
    tally.add('drop', undefined);
    // Flagged with known truth: 3, of which noisy 2; noisy: 3, of which flagged 2.
    expect(tally.metrics()).toEqual({ 'cleaning/kept': 2, 'cleaning/relabelled': 1, 'cleaning/dropped': 3, 'cleaning/precision': 2 / 3, 'cleaning/recall': 2 / 3 });
    expect(new CleaningTally().metrics()).toEqual({ 'cleaning/kept': 0, 'cleaning/relabelled': 0, 'cleaning/dropped': 0 });
  });
});

describe('fopro prototypes and queue', () => {
  it('realistic prototypes are the normalised class means of the few-shot keys', () => {
    const p = realisticPrototypes([Float32Array.of(1, 0), Float32Array.of(0, 1), Float32Array.of(0, 2)], [0, 0, 1], 2);
    expect(Array.from(p)).toEqual([Math.SQRT1_2, Math.SQRT1_2, 0, 1].map((v) => expect.closeTo(v, 6)));
    expect(() => realisticPrototypes([Float32Array.of(1, 0)], [0], 3, (k) => `'c${k}'`)).toThrow("fopro: the few-shot split has no image of class 'c1'");
  });

  it('polishing moves the target prototype towards each clean key and re-normalises it', () => {
    const p = Float32Array.of(1, 0, 0, 1);
    polishPrototypes(p, [Float32Array.of(0, 1)], [0], 0.5);
    expect(Array.from(p)).toEqual([Math.SQRT1_2, Math.SQRT1_2, 0, 1].map((v) => expect.closeTo(v, 6)));
  });

  it('the queue is a ring buffer', () => {
    const queue = Float32Array.of(0, 0, 0);
    expect(enqueueRows(queue, 2, [Float32Array.of(7), Float32Array.of(8)])).toBe(1);
    expect(Array.from(queue)).toEqual([8, 0, 7]);
  });
});

describe('fopro model', () => {
  const small = { backbone: { name: 'small-cnn', options: { widths: [8, 16] } }, projectionHidden: 16, embeddingDim: 8, relationHidden: 8, queueSize: 16 };

  it('soft target = α·softmax(classifier) + (1 − α)·softmax(cos / T); few-shot rows keep their one-hot label', () => {
    const { model } = createMethodModel('fopro', small, { inputShape: [16, 16, 1], classes: 2, seed: 1 });
    const soft = (model as FoProModel).softTarget(tf.tensor2d([[0, Math.log(3)], [0, 0]]), tf.tensor2d([[0.1, 0], [0.1, 0]]), tf.tensor2d([[0, 1], [1, 0]]), tf.tensor1d([0, 1]));
    const e = Math.E;
    expect(value(soft)).toEqual([0.5 * 0.25 + 0.5 * (e / (e + 1)), 0.5 * 0.75 + 0.5 * (1 / (e + 1)), 1, 0].map((v) => expect.closeTo(v, 5)));
    model.dispose();
  });

  it('relation logits = z·P_c / T + the MLP correction on concat[z, P_c]', () => {
    const { model } = createMethodModel('fopro', { ...small, embeddingDim: 2, relationHidden: 1 }, { inputShape: [16, 16, 1], classes: 2, seed: 1 });
    const fopro = model as FoProModel;
    const set = (name: string, values: number[][] | number[]) => fopro.params.get(name).assign(tf.tensor(values));
    // MLP: h = relu(z₀ + P₀ + 0.5) (weights [1, 0, 1, 0]), correction = 2·h − 1.
    set('head/relation/fc1/weight', [[1], [0], [1], [0]]);
    set('head/relation/fc1/bias', [0.5]);
    set('head/relation/fc2/weight', [[2]]);
    set('head/relation/fc2/bias', [-1]);
    const z = [0.6, 0.8];
    const P = [[1, 0], [0, 1]];
    const logits = value(fopro.relationLogits(tf.tensor2d([z]), tf.tensor2d(P)));
    const expected = P.map((p) => (z[0]! * p[0]! + z[1]! * p[1]!) / 0.1 + 2 * Math.max(0, z[0]! + p[0]! + 0.5) - 1);
    expect(logits).toEqual(expected.map((v) => expect.closeTo(v, 4)));
    model.dispose();
  });

  it('asks the data path for the few-shot split; data without one is refused in one line', () => {
    expect(methodDataNeeds('fopro', {})).toEqual({ fewShotSplit: 'few-shot' });
    expect(() => datasetSources(path.join(root, 'parts'), { batchSize: 8, seed: 1, needs: methodDataNeeds('fopro', {}) })).toThrow(DatasetSourceError);
    expect(() => datasetSources(path.join(root, 'parts'), { batchSize: 8, seed: 1, needs: methodDataNeeds('fopro', {}) })).toThrow(/needs a 'few-shot' split of clean labelled images and this dataset has none/);
  });

  it('refuses to build prototypes from batches without few-shot flags', async () => {
    const { model } = createMethodModel('fopro', { ...small, warmupEpochs: 1 }, { inputShape: [16, 16, 1], classes: 2, seed: 1 });
    const source = squaresSource(3, 2);
    await expect(trainLoop({ model, train: source, unaugmentedTrain: source, epochs: 1, evaluate: () => ({}), onEvent: () => undefined })).rejects.toThrow(/carry no few-shot flags/);
    model.dispose();
  });

  it('trains on generated web-noisy data through the real loop: prototypes, cleaning counts, no leaked tensors', async () => {
    const sources = datasetSources(path.join(root, 'web'), { batchSize: 16, seed: 2, augment: false, needs: methodDataNeeds('fopro', {}) });
    const flags = [...sources.unaugmentedTrain.batches(0)].flatMap((b) => {
      tf.dispose([b.images, b.labels]);
      return b.fewShot!.map((f, i) => ({ f, status: b.noiseStatus![i] }));
    });
    // 2 few-shot images per class, all clean; the rest web images with some noise.
    expect(flags.filter((x) => x.f)).toHaveLength(2 * sources.classes.length);
    expect(flags.some((x) => x.status !== 'clean')).toBe(true);
    const web = flags.filter((x) => !x.f).length;
    const { model } = createMethodModel('fopro', { ...small, warmupEpochs: 1, relationFromEpoch: 2 }, { inputShape: sources.inputShape, classes: sources.classes.length, seed: 2 });
    const before = tf.memory().numTensors;
    const epochs: Record<string, number>[] = [];
    await trainLoop({ model, train: sources.train, unaugmentedTrain: sources.unaugmentedTrain, epochs: 3, evaluate: () => ({}), onEvent: (e) => void (e.kind === 'metrics' && epochs.push(e.values)) });
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2);
    expect((model as FoProModel).ready).toBe(true);
    // Warm-up epoch: no cleaning. Afterwards every web image is counted once per epoch, in phase 1 (soft) and phase 2 (relation).
    expect(epochs[0]!['cleaning/kept']).toBeUndefined();
    for (const m of epochs.slice(1)) expect(m['cleaning/kept']! + m['cleaning/relabelled']! + m['cleaning/dropped']!).toBe(web);
    expect(epochs[2]!['train/relation']).toBeGreaterThan(0);
    for (const key of ['train/ce', 'train/contrast', 'train/reconstruction', 'train/cosine', 'train/prototype']) expect(Number.isFinite(epochs[2]![key])).toBe(true);
    model.dispose();
   }, 60_000);
});
