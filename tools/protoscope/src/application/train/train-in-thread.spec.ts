import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDataset } from '@protoscope/datasets';
import { openStore } from '@protoscope/tracking';
import { UserFacingError } from '../../user-facing-error';
import { trainRunInThread } from './train-in-thread';
import type { TrainProgressUpdate } from './train-run';

/**
 * `protoscope train` trains in a worker thread: while its steps compute, this thread's event loop keeps
 * running. A 20 ms timer's worst lag during training must stay far below the slowest training step
 * (on the main thread, a timer waits for the whole step) and under a generous 1 s.
 */

// 96 px images, batch 32, two conv layers of 32 and 64 channels: steps of a few hundred ms on two cores.
const CONFIG = { backbone: { name: 'small-cnn', options: { widths: [32, 64] } } };
const TICK_MS = 20;

let root: string;
let data: string;
let storeUrl: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-train-thread-'));
  data = path.join(root, 'data');
  await generateDataset('mammo-two-view', { n: 96, seed: 4, size: 96, options: {} }, data);
  storeUrl = `sqlite:${path.join(root, 'store.db')}`;
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('trainRunInThread', () => {
  it(
    'trains in its own thread: the run is recorded, progress arrives, and this event loop stays responsive',
    async () => {
      const progressAt: number[] = [];
      const updates: TrainProgressUpdate[] = [];
      let runCreated: string | undefined;
      let worstLag = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        worstLag = Math.max(worstLag, now - last - TICK_MS);
        last = now;
      }, TICK_MS);
      let result;
      try {
        result = await trainRunInThread({
          data,
          epochs: 1,
          seed: 1,
          batchSize: 32,
          augment: false,
          store: storeUrl,
          method: 'global',
          methodConfig: CONFIG,
          onRunCreated: (runId) => {
            runCreated = runId;
            last = performance.now();
          },
          onProgress: (update) => {
            progressAt.push(performance.now());
            updates.push(update);
          },
        });
      } finally {
        clearInterval(timer);
      }
      expect(result.status).toBe('finished');
      expect(runCreated).toBe(result.runId);
      expect(updates.length).toBeGreaterThanOrEqual(2);
      expect(updates.at(-1)).toMatchObject({ epoch: 0, epochs: 1, step: updates.at(-1)!.of });

      const store = await openStore(storeUrl);
      try {
        expect((await store.runs.get(result.runId)).status).toBe('finished');
      } finally {
        await store.close();
      }

      // The slowest step as seen from here: the gap between two progress reports.
      const slowestStep = Math.max(...progressAt.slice(1).map((t, i) => t - progressAt[i]!));
      expect({ worstLag: worstLag < 1000 ? 'under 1 s' : worstLag }).toEqual({ worstLag: 'under 1 s' });
      expect(worstLag).toBeLessThan(slowestStep / 2);
    },
    300_000,
  );

  it('reports a bad input as a one-line user-facing error from the thread', async () => {
    await expect(
      trainRunInThread({ data: path.join(root, 'missing'), epochs: 1, seed: 1, batchSize: 8, augment: false, store: storeUrl, method: 'global', methodConfig: {} }),
    ).rejects.toThrow(UserFacingError);
  }, 120_000);
});
