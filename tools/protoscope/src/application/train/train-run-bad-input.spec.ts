/**
 * `protoscope train` on bad input (an unknown method, a config the method refuses, a folder that is
 * not a dataset) fails with the error naming it and leaves nothing behind: no store, no folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MethodConfigError } from '@protoscope/core-models';
import { DatasetError, generateDataset } from '@protoscope/datasets';
import { trainRun } from './train-run';

let root: string;
let data: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-train-bad-input-'));
  data = path.join(root, 'data');
  await generateDataset('mammo-two-view', { n: 12, seed: 2, size: 32, options: {} }, data);
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const settings = { epochs: 1, seed: 0, batchSize: 4, augment: false };

describe('trainRun on bad input', () => {
  it.each([
    ['an unknown method', { method: 'no-such-method', methodConfig: {}, data: () => data }, MethodConfigError, /unknown method 'no-such-method'/],
    ['a config key the method does not have', { method: 'global', methodConfig: { noSuchKey: 1 }, data: () => data }, MethodConfigError, /noSuchKey/],
    ['a folder without a manifest', { method: 'global', methodConfig: {}, data: () => path.join(root, 'empty') }, DatasetError, /is not a dataset/],
  ])('refuses %s before creating the store', async (_case, input, errorType, message) => {
    fs.mkdirSync(path.join(root, 'empty'), { recursive: true });
    const storeDir = path.join(root, `store-${input.method}-${Object.keys(input.methodConfig).length}-${path.basename(input.data())}`);
    const attempt = trainRun({ ...settings, method: input.method, methodConfig: input.methodConfig, data: input.data(), store: `sqlite:${path.join(storeDir, 'store.db')}` });
    await expect(attempt).rejects.toThrow(errorType);
    await expect(attempt).rejects.toThrow(message);
    expect(fs.existsSync(storeDir)).toBe(false);
  });
});
