import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initEngine } from '@protoscope/engine';
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

  it('explain: per-view Grad-CAM against the explained view, cross-attention against the other view of its breast, with kind, view, pair and query point', async () => {
    const result = await explainWithStore(store, { runId, methods: ['gradcam', 'cross-attention'], images: { split: 'val' }, queryGrid: 2 });
    const records = manifest().images;
    const val = records.filter((r) => r.split === 'val');
    const breasts = new Set(val.map((r) => `${r.patientId}/${r.laterality}`));
    // Each breast with both views in val gives two pair examples.
    const paired = [...breasts].filter((b) => val.filter((r) => `${r.patientId}/${r.laterality}` === b).length === 2);
    expect(result.images).toBe(2 * paired.length);
    const rows = await store.saliency.list(runId);
    for (const row of rows) {
      const image = records.find((r) => r.id === row.imageId)!;
      const partner = records.find((r) => r.id === row.pairedImageId)!;
      expect(row.view).toBe(image.view);
      expect(row.kind).toBe(row.method === 'cross-attention' ? 'attention' : 'saliency');
      // Same breast, the other view.
      expect(partner.patientId).toBe(image.patientId);
      expect(partner.laterality).toBe(image.laterality);
      expect(partner.view).not.toBe(image.view);
      // Scores only where the image the map lies on has a lesion.
      expect('pointingGame' in row.metrics).toBe((image.lesions?.length ?? 0) > 0);
    }
    const attention = await store.saliency.list(runId, { kind: 'attention' });
    // From the whole main view: one per pair example; from the 2 × 2 grid: four; from the main view's lesion: one per example with a lesion there.
    expect(attention.filter((r) => r.query === null)).toHaveLength(result.images);
    const grid = attention.filter((r) => r.params['queryFrom'] === 'grid');
    expect(grid).toHaveLength(4 * result.images);
    expect(new Set(grid.map((r) => `${r.query!.x},${r.query!.y}`))).toEqual(new Set(['4,4', '12,4', '4,12', '12,12']));
    const withLesion = val.filter((r) => (r.lesions?.length ?? 0) > 0 && paired.includes(`${r.patientId}/${r.laterality}`));
    const fromLesion = attention.filter((r) => r.params['queryFrom'] === 'lesion');
    expect(fromLesion.map((r) => r.pairedImageId).sort()).toEqual(withLesion.map((r) => r.id).sort());
    for (const row of fromLesion) expect(row.query!.x >= 0 && row.query!.x < 16 && row.query!.y >= 0 && row.query!.y < 16).toBe(true);
    expect(result.methods.map((m) => m.method)).toEqual(['gradcam', 'cross-attention', 'cross-attention@grid', ...(withLesion.length ? ['cross-attention@lesion'] : [])]);
    // Maps of one pair, both ways: queryable by the image they lie on and by the image they pair with.
    const first = withLesion[0] ?? val.find((r) => paired.includes(`${r.patientId}/${r.laterality}`))!;
    const onIt = await store.saliency.list(runId, { imageId: first.id });
    const pairedWithIt = await store.saliency.list(runId, { pairedImageId: first.id });
    const partner = val.find((r) => r.patientId === first.patientId && r.laterality === first.laterality && r.id !== first.id)!;
    // Either way: Grad-CAM, cross-attention from the whole view, four from the grid, and one from the lesion of the query image when it has one.
    expect(onIt).toHaveLength(6 + (withLesion.includes(partner) ? 1 : 0));
    expect(pairedWithIt).toHaveLength(6 + (withLesion.includes(first) ? 1 : 0));
  }, 60_000);

  it('evaluate: classification over pair examples, localisation of both map kinds; other suites refused', async () => {
    const result = await evaluateWithStore(store, { runId, suites: ['classification', 'localisation'], methods: ['gradcam', 'cross-attention'], images: { split: 'val' } });
    expect(result.metrics['numCases']).toBe(result.images);
    const pointing = result.metrics['pointingGame'] as Record<string, number>;
    expect(Object.keys(pointing).sort()).toEqual(['cross-attention', 'cross-attention@lesion', 'gradcam']);
    // Per view: the two views' case counts add up to the cases of the method, and the overall rate is their weighted mean (one class scored per lesion: malignant and benign both count).
    const byView = result.metrics['pointingGameByView'] as Record<string, Record<string, { mean: number; n: number }>>;
    const overall = result.metrics['pointingGameCi'] as Record<string, { mean: number; n: number }>;
    for (const method of ['gradcam', 'cross-attention', 'cross-attention@lesion']) {
      const views = byView[method]!;
      expect(Object.keys(views).sort()).toEqual(['CC', 'MLO']);
      expect(views['CC']!.n + views['MLO']!.n).toBe(overall[method]!.n);
      expect((views['CC']!.mean * views['CC']!.n + views['MLO']!.mean * views['MLO']!.n) / overall[method]!.n).toBeCloseTo(overall[method]!.mean, 10);
    }
    // From the lesion: only pairs with a lesion in both views.
    expect(overall['cross-attention@lesion']!.n).toBeLessThanOrEqual(overall['cross-attention']!.n);
    expect(Object.keys(result.metrics['iouByView'] as object).sort()).toEqual(['cross-attention', 'cross-attention@lesion', 'gradcam']);
    await expect(evaluateWithStore(store, { runId, suites: ['faithfulness'] })).rejects.toThrow('suite faithfulness cannot score a two-view run (multiview) yet; use classification, localisation');
  }, 60_000);
});
