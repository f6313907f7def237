import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initEngine } from '@protoscope/engine';
import { generateDataset, openDataset } from '@protoscope/datasets';
import { openStore } from '@protoscope/tracking';
import { trainRun } from './train-run';

let root: string;
let data: string;

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-multiview-run-'));
  data = path.join(root, 'mammo');
  // Seed 7 puts all three classes in the 3-case val split, so the val AUC is defined.
  await generateDataset('mammo-two-view', { n: 40, seed: 7, size: 20, options: {} }, data);
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('protoscope train --method multiview', () => {
  it('trains on the CC/MLO pairs of a generated dataset folder and logs val/auc every epoch', async () => {
    const records = openDataset(data).manifest.images;
    const count = (split: string) => records.filter((r) => r.split === split).length;
    const messages: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      messages.push(String(chunk));
      return true;
    });
    const store = `sqlite:${path.join(root, 'store.db')}`;
    let result;
    try {
      result = await trainRun({
        method: 'multiview',
        methodConfig: { backbone: { name: 'small-cnn', options: { widths: [8, 16] } }, heads: 4 },
        data,
        epochs: 2,
        seed: 1,
        batchSize: 8,
        augment: true,
        store,
      });
    } finally {
      write.mockRestore();
    }
    expect(result.status).toBe('finished');
    // Every case has both views: train examples = train images (two per pair), 8 per batch, 2 epochs.
    expect(result.globalStep).toBe(2 * Math.ceil(count('train') / 8));
    expect(messages.join('')).toContain(`train: ${count('train') / 2} CC/MLO pairs → ${count('train')} examples; 0 unpaired images left out`);
    expect(messages.join('')).toContain(`val: ${count('val') / 2} CC/MLO pairs → ${count('val')} examples`);
    const opened = await openStore(store);
    try {
      const auc = await opened.metrics.history(result.runId, 'val/auc');
      expect(auc.map((p) => p.epoch)).toEqual([0, 1]);
      for (const p of auc) {
        expect(p.value).toBeGreaterThanOrEqual(0);
        expect(p.value).toBeLessThanOrEqual(1);
      }
      const consistency = await opened.metrics.history(result.runId, 'train/consistency');
      expect(consistency).toHaveLength(2);
      for (const p of consistency) expect(p.value).toBeGreaterThanOrEqual(-1);
    } finally {
      await opened.close();
    }
  }, 60_000);
});
