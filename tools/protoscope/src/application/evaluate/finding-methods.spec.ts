import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initEngine } from '@protoscope/engine';
import { generateDataset } from '@protoscope/datasets';
import { decodeHeatmap } from '@protoscope/render';
import { openStore, type Store } from '@protoscope/tracking';
import { explainWithStore } from '../explain/explain-run';
import { ImageSet } from '../runs/image-set';
import { loadSelectedImages } from '../runs/select-images';
import { trainRun } from '../train/train-run';
import { evaluateWithStore } from './evaluate-run';

const TINY = { backbone: { name: 'small-cnn', options: { widths: [4, 8] } } };
const KINDS = ['drusen', 'haemorrhage', 'exudate', 'scar'];

let root: string;
let fundus: string;
let cxr: string;
let store: Store;
let lesionRun: string;
let hamRun: { runId: string; metrics: Record<string, number> };

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-findings-'));
  fundus = path.join(root, 'fundus');
  cxr = path.join(root, 'cxr');
  await generateDataset('fundus-lesions', { n: 40, seed: 3, size: 24, options: {} }, fundus);
  await generateDataset('cxr-multisource', { n: 40, seed: 3, size: 16, options: { 'finding-types': 3, 'box-fraction': 0.5, prevalence: '0.6' } }, cxr);
  const storeUrl = `sqlite:${path.join(root, 'store.db')}`;
  const common = { epochs: 1, seed: 1, batchSize: 16, augment: false, store: storeUrl };
  lesionRun = (await trainRun({ ...common, data: fundus, method: 'lesion-linked', methodConfig: TINY })).runId;
  hamRun = await trainRun({ ...common, data: cxr, method: 'ham', methodConfig: TINY });
  store = await openStore(storeUrl);
}, 120_000);

afterAll(async () => {
  await store?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('methods with maps of their own per finding', () => {
  it('ham trains on findings with boxes on some images and logs every loss term', () => {
    expect(Object.keys(hamRun.metrics)).toEqual(expect.arrayContaining(['train/abnormal', 'train/classification', 'train/box', 'train/bound', 'train/union']));
  });

  it('explain stores the union and each lesion map, scored against that kind’s lesions', async () => {
    await explainWithStore(store, { runId: lesionRun, methods: ['finding-maps'], images: { split: 'val' }, limit: 5 });
    const rows = await store.saliency.list(lesionRun);
    expect(new Set(rows.map((r) => r.method))).toEqual(new Set(['finding-maps', ...KINDS.map((k) => `finding-maps:${k}`)]));
    const manifest = JSON.parse(fs.readFileSync(path.join(fundus, 'manifest.json'), 'utf8')) as { images: Array<{ id: string; lesions?: Array<{ kind: string }> }> };
    for (const row of rows.filter((r) => r.method !== 'finding-maps')) {
      const kind = row.method.slice('finding-maps:'.length);
      expect(row.params['finding']).toBe(kind);
      const record = manifest.images.find((r) => r.id === row.imageId)!;
      expect('pointingGame' in row.metrics).toBe((record.lesions ?? []).some((l) => l.kind === kind));
      const map = decodeHeatmap(await store.artifacts.get(row.heatmap)).map;
      expect(map.every((v) => v >= 0 && v <= 1 + 1e-6)).toBe(true);
      // Each lesion map carries its lesion's presence, the same as the union's list of them.
      const union = rows.find((r) => r.method === 'finding-maps' && r.imageId === row.imageId)!;
      expect(row.params['presence']).toBe((union.params['presences'] as Record<string, number>)[kind]);
    }
    // The diagnosis is the lesion → grade rule on the stored presences (severity drusen 1, haemorrhage 2,
    // exudate 3, scar 4; one lesion type per grade): P(0) = Π(1 − p_k), P(g) = p_g · Π_{s_k > g}(1 − p_k).
    for (const union of rows.filter((r) => r.method === 'finding-maps')) {
      const p = KINDS.map((k) => (union.params['presences'] as Record<string, number>)[k]!);
      const noneFrom = (severity: number) => p.slice(severity - 1).reduce((product, v) => product * (1 - v), 1);
      const grade = union.params['predicted'] as number;
      expect(union.params['probability']).toBeCloseTo(grade === 0 ? noneFrom(1) : p[grade - 1]! * noneFrom(grade + 1), 4);
    }
  }, 60_000);

  it('evaluate scores each lesion map as a weak segmentation (Dice of the map at ≥ 0.5, checked by hand)', async () => {
    const result = await evaluateWithStore(store, { runId: lesionRun, suites: ['lesions'], images: { split: 'val' }, limit: 5 });
    await explainWithStore(store, { runId: lesionRun, methods: ['finding-maps'], images: { split: 'val' }, limit: 5 });
    const images = new ImageSet(loadSelectedImages({ data: fundus, selection: { split: 'val' }, limit: 5, size: 24, channels: 3, batchSize: 8 }));
    const rows = await store.saliency.list(lesionRun);
    for (const kind of KINDS) {
      const withKind = images.items.filter((item) => item.lesionMasks?.[kind]);
      expect((result.metrics['lesionImages'] as Record<string, number>)[kind]).toBe(withKind.length);
      if (withKind.length === 0) continue;
      const dices = await Promise.all(
        withKind.map(async (item) => {
          const row = rows.filter((r) => r.method === `finding-maps:${kind}` && r.imageId === item.id).at(-1)!;
          const map = decodeHeatmap(await store.artifacts.get(row.heatmap)).map;
          const truth = item.lesionMasks![kind]!;
          let both = 0;
          let predicted = 0;
          let actual = 0;
          map.forEach((v, p) => {
            const inside = v >= 0.5 ? 1 : 0;
            predicted += inside;
            actual += truth[p]!;
            both += inside & truth[p]!;
          });
          return { dice: (2 * both) / (predicted + actual), iou: both / (predicted + actual - both) };
        }),
      );
      // The stored PNG keeps 16 bits: a value at the threshold may round across it, hence the tolerance.
      const dice = (result.metrics['lesionDice'] as Record<string, { mean: number }>)[kind]!.mean;
      expect(dice).toBeCloseTo(dices.reduce((a, b) => a + b.dice, 0) / dices.length, 2);
      // HAM's T(IoU) at 0.1: the fraction of those images whose map reaches IoU 0.1.
      const tIoU = (result.metrics['lesionTIoU'] as Record<string, Record<string, number>>)[kind]!['0.1']!;
      expect(tIoU).toBeCloseTo(dices.filter((d) => d.iou >= 0.1).length / dices.length, 1);
    }
    expect(Object.keys(result.metrics)).toEqual(expect.arrayContaining(['lesionPresenceAuc', 'lesionDice', 'lesionIou', 'lesionPointingGame']));
  }, 60_000);

  it('ham: localisation scores its abnormal CAM (ham) beside Grad-CAM, and the lesions suite its per-finding maps', async () => {
    const result = await evaluateWithStore(store, { runId: hamRun.runId, suites: ['localisation', 'lesions'], methods: ['ham', 'gradcam'], images: { split: 'val' } });
    expect(Object.keys(result.metrics['tIoU'] as object).sort()).toEqual(['gradcam', 'ham']);
    expect(Object.keys(result.metrics['lesionPresenceAuc'] as object).sort()).toEqual(['effusion', 'nodule', 'opacity']);
  }, 60_000);
});
