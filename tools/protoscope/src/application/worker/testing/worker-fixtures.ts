import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDataset } from '@protoscope/datasets';

/** A small-cnn of widths [4, 8]: trains on 16 px images in well under a second per epoch. */
export const TINY_CONFIG = { backbone: { name: 'small-cnn', options: { widths: [4, 8] } } };

/** A temporary home with a store URL and a 24-image, 16 px two-view mammography dataset. */
export async function tinyWorkspace(): Promise<{ root: string; storeUrl: string; data: string; remove(): void }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-worker-'));
  const data = path.join(root, 'data');
  await generateDataset('mammo-two-view', { n: 24, seed: 1, size: 16, options: {} }, data);
  return { root, storeUrl: `sqlite:${path.join(root, 'home', 'store.db')}`, data, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
