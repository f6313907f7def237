import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { generateDataset, openDataset, ViewPairingError, writeManifest } from '@protoscope/datasets';
import { initEngine } from '@protoscope/engine';
import type { MethodBatch } from '../methods/method';
import { datasetSources, DatasetSourceError } from './dataset-sources';

let dir: string;

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-sources-')), 'mammo');
  await generateDataset('mammo-two-view', { n: 40, seed: 3, size: 32, options: {} }, dir);
});

afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

describe('datasetSources', () => {
  it('turns a dataset folder into train/val batch sources with class indices and record ids', () => {
    const sources = datasetSources(dir, { batchSize: 8, seed: 1 });
    expect(sources.inputShape).toEqual([32, 32, 1]);
    expect(sources.classes.length).toBeGreaterThanOrEqual(2);
    const before = tf.memory().numTensors;
    const batches = [...sources.train.batches(0)];
    expect(batches.length).toBe(sources.train.batchCount);
    const first = batches[0]!;
    expect(first.images.shape).toEqual([8, 32, 32, 1]);
    expect(first.labels.dtype).toBe('int32');
    expect(first.ids).toHaveLength(8);
    expect(Math.max(...first.labels.dataSync())).toBeLessThan(sources.classes.length);
    batches.forEach((b) => tf.dispose([b.images, b.labels]));
    expect(tf.memory().numTensors).toBe(before);
    expect(sources.val).toBeDefined();
  });

  it('keeps the unaugmented training order fixed and the augmented one seeded', () => {
    const sources = datasetSources(dir, { batchSize: 8, seed: 1 });
    const ids = (it: Iterable<{ ids?: string[]; images: tf.Tensor; labels: tf.Tensor }>) =>
      [...it].flatMap((b) => {
        tf.dispose([b.images, b.labels]);
        return b.ids!;
      });
    expect(ids(sources.unaugmentedTrain.batches(0))).toEqual(ids(sources.unaugmentedTrain.batches(5)));
    expect(ids(sources.train.batches(1))).toEqual(ids(datasetSources(dir, { batchSize: 8, seed: 1 }).train.batches(1)));
    expect(ids(sources.train.batches(1))).not.toEqual(ids(sources.train.batches(2)));
  });

  it('names the problem when a task or split is unusable', () => {
    expect(() => datasetSources(dir, { batchSize: 8, seed: 1, task: 'nope' })).toThrow(DatasetSourceError);
    expect(() => datasetSources(dir, { batchSize: 8, seed: 1, trainSplit: 'nope' })).toThrow(/no labelled images in split 'nope'/);
  });
});

/** Grey pixels of an 8-bit PNG in [0, 1], read with pngjs directly. */
function pngPixels(file: string): number[] {
  const png = PNG.sync.read(fs.readFileSync(file));
  return Array.from({ length: png.width * png.height }, (_, i) => png.data[i * 4]! / 255);
}

const disposeAll = (batches: MethodBatch[]) => batches.forEach((b) => tf.dispose([b.images, b.labels, ...(b.pairedImages ? [b.pairedImages] : [])]));

describe('datasetSources with view-pair inputs', () => {
  const manifestOf = () => openDataset(dir).manifest;

  it('yields each CC/MLO pair of a split twice, the other view row-aligned as pairedImages, with the breast label', () => {
    const sources = datasetSources(dir, { batchSize: 8, seed: 1, inputs: 'view-pair' });
    const records = manifestOf().images;
    const trainRecords = records.filter((r) => r.split === 'train');
    // mammo-two-view writes both views of every case, so every training image is in exactly one pair.
    expect(sources.pairing!.train).toEqual({ pairs: trainRecords.length / 2, examples: trainRecords.length, unpaired: 0, unpairedByReason: {} });
    const before = tf.memory().numTensors;
    const batches = [...sources.unaugmentedTrain.batches(0)];
    expect(batches.length).toBe(sources.unaugmentedTrain.batchCount);
    const ids = batches.flatMap((b) => b.ids!);
    expect([...ids].sort()).toEqual(trainRecords.map((r) => r.id).sort());
    const byId = new Map(records.map((r) => [r.id, r]));
    // The partner of case-…-L-CC is case-…-L-MLO (and back): same case, same side, other view.
    const partnerOf = (id: string) => (id.endsWith('-CC') ? id.replace(/-CC$/, '-MLO') : id.replace(/-MLO$/, '-CC'));
    let checked = 0;
    for (const batch of batches) {
      expect(batch.pairedImages!.shape).toEqual(batch.images.shape);
      const main = batch.images.arraySync();
      const paired = batch.pairedImages!.arraySync();
      const labels = Array.from(batch.labels.dataSync());
      batch.ids!.forEach((id, row) => {
        const partner = byId.get(partnerOf(id))!;
        expect(labels[row]).toBe(byId.get(id)!.labels['pathology']);
        expect(labels[row]).toBe(partner.labels['pathology']);
        if (checked++ >= 6) return;
        const file = (recordId: string) => path.join(dir, 'images', `${recordId}.png`);
        expect(main[row]!.flat(2)).toEqual(pngPixels(file(id)).map((v) => expect.closeTo(v, 6)));
        expect(paired[row]!.flat(2)).toEqual(pngPixels(file(partner.id)).map((v) => expect.closeTo(v, 6)));
      });
    }
    disposeAll(batches);
    expect(tf.memory().numTensors).toBe(before);
    expect(sources.pairing!.val!.examples).toBe(records.filter((r) => r.split === 'val').length);
  });

  it('shuffles the augmented pair examples per epoch (seeded) and keeps the pairs together', () => {
    const sources = datasetSources(dir, { batchSize: 8, seed: 1, inputs: 'view-pair' });
    const epoch = (e: number) => {
      const batches = [...sources.train.batches(e)];
      const out = { ids: batches.flatMap((b) => b.ids!), shapes: batches.map((b) => b.pairedImages!.shape.join('x') === b.images.shape.join('x')) };
      disposeAll(batches);
      return out;
    };
    const one = epoch(1);
    expect(one.shapes.every(Boolean)).toBe(true);
    expect(epoch(1).ids).toEqual(one.ids);
    expect(epoch(2).ids).not.toEqual(one.ids);
    expect([...epoch(2).ids].sort()).toEqual([...one.ids].sort());
  });

  it('names the problem when the dataset has no view information', () => {
    const copy = path.join(path.dirname(dir), 'no-views');
    fs.mkdirSync(copy);
    const manifest = manifestOf();
    writeManifest(copy, { ...manifest, dataRoot: dir, images: manifest.images.map((r) => ({ ...r, view: undefined })) });
    expect(() => datasetSources(copy, { batchSize: 8, seed: 1, inputs: 'view-pair' })).toThrow(ViewPairingError);
    expect(() => datasetSources(copy, { batchSize: 8, seed: 1, inputs: 'view-pair' })).toThrow(/split 'train': none of its \d+ images has a view \(CC\/MLO\)/);
    // Single-image methods do not need views.
    expect(datasetSources(copy, { batchSize: 8, seed: 1 }).pairing).toBeUndefined();
  });
});
