import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initEngine } from '@protoscope/engine';
import { generateDataset } from '@protoscope/datasets';
import { openStore } from '@protoscope/tracking';
import { loadRun } from '../runs/load-run';
import { trainRun } from './train-run';

let root: string;
let store: string;
const backbone = { name: 'small-cnn', options: { widths: [8, 12] } };
const quiet = () => jest.spyOn(process.stderr, 'write').mockImplementation(() => true);

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-teacher-run-'));
  store = `sqlite:${path.join(root, 'store.db')}`;
  // The same images twice: labelled by every part (4 classes), and by head colour alone (2 classes).
  await generateDataset('parts', { n: 40, seed: 2, size: 16, options: {} }, path.join(root, 'class'));
  await generateDataset('parts', { n: 40, seed: 2, size: 16, options: { 'label-space': 'head' } }, path.join(root, 'head'));
}, 60_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const train = (method: string, data: string, methodConfig: object, size?: number) =>
  trainRun({ method, methodConfig, data: path.join(root, data), epochs: 1, seed: 1, batchSize: 8, augment: false, store, size });

describe('protoscope train --method proc-kd', () => {
  it('loads the teacher run from the store, trains the student of another label space, and loads the student back', async () => {
    const write = quiet();
    try {
      const teacher = await train('global', 'class', { backbone });
      for (const distillation of ['prototype', 'logit']) {
        const result = await train('proc-kd', 'head', { backbone, teacher: teacher.runId, distillation });
        expect(result.status).toBe('finished');
        expect(Number.isFinite(result.metrics['train/ce'])).toBe(true);
        const opened = await openStore(store);
        try {
          const loaded = await loadRun(opened, result.runId);
          expect(loaded.classes).toEqual(['red-head', 'blue-head']);
          loaded.model.dispose();
        } finally {
          await opened.close();
        }
      }
    } finally {
      write.mockRestore();
    }
  }, 120_000);

  it('says which teacher run is missing, and when its input shape differs', async () => {
    const write = quiet();
    try {
      await expect(train('proc-kd', 'head', { backbone, teacher: 'no-such-run' })).rejects.toThrow(/no-such-run/);
      const teacher = await train('global', 'class', { backbone }, 20);
      await expect(train('proc-kd', 'head', { backbone, teacher: teacher.runId })).rejects.toThrow(`teacher run ${teacher.runId} takes images of 20×20×3, this model 16×16×3; train with --size 20 or choose a teacher of this size`);
    } finally {
      write.mockRestore();
    }
  }, 120_000);
});
