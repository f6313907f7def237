import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initEngine } from '@protoscope/core-models';
import { generateDataset } from '@protoscope/datasets';
import { openStore, type Store } from '@protoscope/tracking';
import { explainWithStore } from '../explain/explain-run';
import { trainRun } from '../train/train-run';
import { evaluateWithStore } from './evaluate-run';

let root: string;
let data: string;
let store: Store;
let runId: string;

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-pairs-'));
  data = path.join(root, 'mammo');
  await generateDataset('mammo-two-view', { n: 40, seed: 4, size: 16, options: {} }, data);
  const storeUrl = `sqlite:${path.join(root, 'store.db')}`;
  const config = { backbone: { name: 'small-cnn', options: { widths: [4, 8] } }, heads: 2 };
  runId = (await trainRun({ data, epochs: 1, seed: 1, batchSize: 16, augment: false, store: storeUrl, method: 'multiview', methodConfig: config })).runId;
  store = await openStore(storeUrl);
}, 120_000);

afterAll(async () => {
  await store?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('two-view runs in explain and evaluate', () => {
  const manifest = () => JSON.parse(fs.readFileSync(path.join(data, 'manifest.json'), 'utf8')) as { images: Array<{ id: string; split?: string; view: string; patientId: string; laterality: string; lesions?: unknown[] }> };

  it('explain: per-view Grad-CAM against the explained view, cross-attention against the other view of its breast', async () => {
    const result = await explainWithStore(store, { runId, methods: ['gradcam', 'cross-attention'], images: { split: 'val' } });
    const records = manifest().images;
    const val = records.filter((r) => r.split === 'val');
    const breasts = new Set(val.map((r) => `${r.patientId}/${r.laterality}`));
    // Each breast with both views in val gives two pair examples.
    const paired = [...breasts].filter((b) => val.filter((r) => `${r.patientId}/${r.laterality}` === b).length === 2);
    expect(result.images).toBe(2 * paired.length);
    const rows = await store.saliency(runId);
    for (const row of rows) {
      const image = records.find((r) => r.id === row.imageId)!;
      const partner = records.find((r) => r.id === row.params['pairedWith'])!;
      // Same breast, the other view.
      expect(partner.patientId).toBe(image.patientId);
      expect(partner.laterality).toBe(image.laterality);
      expect(partner.view).not.toBe(image.view);
      // Scores only where the image the map lies on has a lesion.
      expect('pointingGame' in row.metrics).toBe((image.lesions?.length ?? 0) > 0);
    }
    expect(rows.filter((r) => r.method === 'cross-attention')).toHaveLength(result.images);
  }, 60_000);

  it('evaluate: classification over pair examples, localisation of both map kinds; other suites refused', async () => {
    const result = await evaluateWithStore(store, { runId, suites: ['classification', 'localisation'], methods: ['gradcam', 'cross-attention'], images: { split: 'val' } });
    expect(result.metrics['numCases']).toBe(result.images);
    expect(Object.keys(result.metrics['pointingGame'] as object).sort()).toEqual(['cross-attention', 'gradcam']);
    await expect(evaluateWithStore(store, { runId, suites: ['faithfulness'] })).rejects.toThrow('suite faithfulness cannot score a two-view run (multiview) yet; use classification, localisation');
  }, 60_000);
});
