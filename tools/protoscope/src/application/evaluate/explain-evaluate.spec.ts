import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initEngine } from '@protoscope/engine';
import { generateDataset } from '@protoscope/datasets';
import { decodeHeatmap } from '@protoscope/render';
import { openStore, type Store } from '@protoscope/tracking';
import { explainRun, explainWithStore } from '../explain/explain-run';
import { trainRun } from '../train/train-run';
import { evaluateRun, evaluateWithStore } from './evaluate-run';

const TINY = { backbone: { name: 'small-cnn', options: { widths: [4, 8] } } };

let root: string;
let data: string;
let storeUrl: string;
let store: Store;
let globalRun: string;
let protoRun: string;

/** Mann–Whitney AUC of one class against the rest, ties counted ½ — written out here, independently of the library. */
function oneVsRestAuc(scores: number[], positive: boolean[]): number {
  let u = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (!positive[i]) return;
    scores.forEach((t, j) => {
      if (positive[j]) return;
      pairs++;
      u += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return u / pairs;
}

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-explain-'));
  data = path.join(root, 'data');
  await generateDataset('mammo-two-view', { n: 60, seed: 2, size: 16, options: {} }, data);
  storeUrl = `sqlite:${path.join(root, 'store.db')}`;
  const common = { data, epochs: 1, seed: 1, batchSize: 16, augment: false, store: storeUrl };
  globalRun = (await trainRun({ ...common, method: 'global', methodConfig: TINY })).runId;
  protoRun = (
    await trainRun({
      ...common,
      method: 'protopnet',
      methodConfig: { ...TINY, prototypesPerClass: 2, prototypeDepth: 4, warmupEpochs: 0, pushStart: 0, pushEvery: 1, lastLayerIterations: 1 },
    })
  ).runId;
  store = await openStore(storeUrl);
}, 120_000);

afterAll(async () => {
  await store?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('explain', () => {
  it('stores one decodable heat map and one overlay per image and method, with pointing-game hits that match the map', async () => {
    const result = await explainWithStore(store, { runId: globalRun, methods: ['gradcam', 'occlusion'], images: { split: 'val' }, limit: 6 });
    expect(result.images).toBe(6);
    const maps = await store.saliency.list(globalRun);
    expect(maps).toHaveLength(12);
    for (const row of maps) {
      const decoded = decodeHeatmap(await store.artifacts.get(row.heatmap));
      expect([decoded.height, decoded.width]).toEqual([16, 16]);
      const overlay = await store.artifacts.get(String(row.params['overlay']));
      expect(overlay.subarray(1, 4).toString('latin1')).toBe('PNG');
      if (row.method === 'gradcam') {
        expect(Math.min(...decoded.map)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...decoded.map)).toBeLessThanOrEqual(1 + 1e-6);
      }
    }
    // Images without a lesion carry no localisation score; with one, the hit agrees with the map's argmax.
    const manifest = JSON.parse(fs.readFileSync(path.join(data, 'manifest.json'), 'utf8')) as { images: Array<{ id: string; lesions?: unknown[] }> };
    for (const row of maps.filter((m) => m.method === 'gradcam')) {
      const record = manifest.images.find((r) => r.id === row.imageId)!;
      expect('pointingGame' in row.metrics).toBe((record.lesions?.length ?? 0) > 0);
    }
  }, 120_000);

  it('explains a prototype model with its prototype activation maps and refuses a method the model cannot support', async () => {
    const result = await explainWithStore(store, { runId: protoRun, methods: ['prototypes'], images: { split: 'val' }, limit: 3 });
    expect(result.methods[0]!.images).toBe(3);
    // "This looks like that": the listed prototypes, largest contribution first, each similarity × weight.
    for (const row of await store.saliency.list(protoRun, { method: 'prototypes' })) {
      const top = row.params['topPrototypes'] as Array<{ similarity: number; weight: number; contribution: number }>;
      expect(top.length).toBeGreaterThan(0);
      top.forEach((p, i) => {
        expect(p.contribution).toBeCloseTo(p.similarity * p.weight, 5);
        if (i > 0) expect(p.contribution).toBeLessThanOrEqual(top[i - 1]!.contribution);
      });
    }
    await expect(explainWithStore(store, { runId: protoRun, methods: ['ham'], images: { split: 'val' }, limit: 2 })).rejects.toThrow(/protopnet/);
  }, 60_000);
});

describe('evaluate', () => {
  it('reports the AUC of the per-image scores it writes, under the contract keys, and stores the evaluation', async () => {
    const csv = path.join(root, 'out', 'predictions.csv');
    // A unique prefix of the run id is enough, as with git's short hashes.
    const result = await evaluateWithStore(store, { runId: globalRun.slice(0, 8), suites: ['classification'], predictionsCsv: csv });
    expect(result.runId).toBe(globalRun);
    const [header, ...lines] = fs.readFileSync(csv, 'utf8').trim().split('\n');
    expect(header).toBe('id,label,score,p_normal,p_benign,p_malignant');
    expect(lines).toHaveLength(result.images);
    const rows = lines.map((line) => line.split(','));
    const labels = rows.map((r) => Number(r[1]));
    // Macro one-vs-rest AUC over the classes present, from the CSV's probabilities.
    const present = [0, 1, 2].filter((k) => labels.includes(k) && labels.some((l) => l !== k));
    const expected = present.reduce((sum, k) => sum + oneVsRestAuc(rows.map((r) => Number(r[3 + k])), labels.map((l) => l === k)), 0) / present.length;
    expect(result.metrics['auc']).toBeCloseTo(expected, 10);
    expect(Object.keys(result.metrics)).toEqual(expect.arrayContaining(['auc', 'aucCi95', 'accuracy', 'balancedAccuracy', 'confusionMatrix', 'ece']));
    const stored = await store.evaluations.list(globalRun, { name: 'classification' });
    expect(stored.at(-1)!.metrics['auc']).toBe(result.metrics['auc']);
    expect((await store.predictions.list(globalRun, { split: 'val' })).length).toBe(result.images);
  }, 60_000);

  it('scores localisation against lesion masks and prototype diversity from the stored push', async () => {
    const result = await evaluateWithStore(store, { runId: protoRun, suites: ['localisation', 'prototypes'], limit: 12 });
    const pointing = result.metrics['pointingGame'] as Record<string, number>;
    expect(Object.keys(pointing).sort()).toEqual(['gradcam', 'prototypes']);
    for (const value of Object.values(pointing)) expect(value).toBeGreaterThanOrEqual(0);
    expect(result.metrics['prototypeDistinctImages']).toBeGreaterThanOrEqual(1);
    expect(result.metrics['prototypeDistinctImages']).toBeLessThanOrEqual(6);
  }, 120_000);

  it('refuses data with another label space and unknown suites, naming them', async () => {
    const other = path.join(root, 'parts');
    await generateDataset('parts', { n: 8, seed: 1, size: 16, options: {} }, other);
    await expect(evaluateWithStore(store, { runId: globalRun, suites: ['classification'], data: other })).rejects.toThrow(/classes \[.*\], the run was trained on \[normal, benign, malignant\]/);
    await expect(evaluateWithStore(store, { runId: globalRun, suites: ['calibration'] })).rejects.toThrow(/unknown suite calibration/);
  }, 60_000);
});

describe('commands that must not report success on bad input', () => {
  it('explain refuses data with another label space and stores no map', async () => {
    const other = path.join(root, 'parts-explain');
    await generateDataset('parts', { n: 8, seed: 1, size: 16, options: {} }, other);
    const before = (await store.saliency.list(globalRun)).length;
    await expect(explainWithStore(store, { runId: globalRun, methods: ['gradcam'], data: other })).rejects.toThrow(
      /parts-explain has classes \[.*\], the run was trained on \[normal, benign, malignant\]; explain on data with the same label space/,
    );
    expect((await store.saliency.list(globalRun)).length).toBe(before);
  }, 60_000);

  it('evaluate --limit stores its predictions apart and keeps those of the whole split', async () => {
    await evaluateWithStore(store, { runId: globalRun, suites: ['classification'] });
    const whole = await store.predictions.list(globalRun, { split: 'val' });
    await evaluateWithStore(store, { runId: globalRun, suites: ['classification'], limit: 2 });
    expect(await store.predictions.list(globalRun, { split: 'val' })).toEqual(whole);
    expect(whole.length).toBeGreaterThan(2);
    const limited = await store.predictions.list(globalRun, { split: 'val[limit=2]' });
    expect(limited).toHaveLength(2);
    for (const p of limited) expect(whole.map((w) => w.imageId)).toContain(p.imageId);
  }, 60_000);

  it('a store that does not exist is refused by explain, evaluate and train --resume, and nothing is created', async () => {
    const missing = path.join(root, 'no', 'such', 'dir', 's.db');
    await expect(explainRun({ runId: globalRun, methods: ['gradcam'], store: `sqlite:${missing}` })).rejects.toThrow(`there is no store at ${missing}`);
    await expect(evaluateRun({ runId: globalRun, suites: ['classification'], store: `sqlite:${missing}` })).rejects.toThrow(`there is no store at ${missing}`);
    await expect(trainRun({ resumeRunId: globalRun, store: `sqlite:${missing}` })).rejects.toThrow(`there is no store at ${missing}`);
    expect(fs.existsSync(path.join(root, 'no'))).toBe(false);
  });
});

describe('evaluate on multi-source data', () => {
  it('scores faithfulness per method and audits sources, with the shortcut estimate from the run’s own AUC', async () => {
    const cxr = path.join(root, 'cxr');
    await generateDataset('cxr-multisource', { n: 80, seed: 3, size: 16, options: {} }, cxr);
    const { runId } = await trainRun({ data: cxr, epochs: 1, seed: 1, batchSize: 16, augment: false, store: storeUrl, method: 'global', methodConfig: TINY });
    const csv = path.join(root, 'cxr.csv');
    const result = await evaluateWithStore(store, { runId, suites: ['faithfulness', 'shortcut'], methods: ['gradcam'], images: { all: true }, limit: 40, predictionsCsv: csv });
    for (const key of ['deletionAuc', 'insertionAuc']) {
      const summary = (result.metrics[key] as Record<string, { mean: number; lower: number; upper: number }>)['gradcam']!;
      expect(summary.mean).toBeGreaterThanOrEqual(0);
      expect(summary.mean).toBeLessThanOrEqual(1);
      expect(summary.lower).toBeLessThanOrEqual(summary.mean);
      expect(summary.upper).toBeGreaterThanOrEqual(summary.mean);
    }
    const rows = fs.readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const sourceAuc = oneVsRestAuc(rows.map((r) => Number(r[2])), rows.map((r) => r[1] === '1'));
    expect(result.metrics['shortcutEstimate']).toBeCloseTo(sourceAuc - (result.metrics['shuffledAuc'] as number) + 0.5, 10);
    expect(result.metrics['siteAuc']).toBeGreaterThanOrEqual(0);
    expect((result.metrics['sites'] as string[]).length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});

describe('evaluate on part data', () => {
  it('scores consistency and stability over each prototype’s own-class images with keypoints', async () => {
    const parts = path.join(root, 'parts-data');
    await generateDataset('parts', { n: 48, seed: 6, size: 16, options: {} }, parts);
    const { runId } = await trainRun({
      data: parts,
      epochs: 1,
      seed: 1,
      batchSize: 16,
      augment: false,
      store: storeUrl,
      method: 'protopnet',
      methodConfig: { ...TINY, prototypesPerClass: 2, prototypeDepth: 4, warmupEpochs: 0, pushStart: 0, pushEvery: 1, lastLayerIterations: 1 },
    });
    const result = await evaluateWithStore(store, { runId, suites: ['prototypes'], images: { all: true } });
    const manifest = JSON.parse(fs.readFileSync(path.join(parts, 'manifest.json'), 'utf8')) as { images: Array<{ labels: Record<string, number>; keypoints?: unknown[] }> };
    // Prototype j belongs to class ⌊j / 2⌋; it is scored when some image of its class has keypoints.
    const classesWithParts = new Set(manifest.images.filter((r) => r.keypoints?.length).map((r) => Object.values(r.labels)[0]));
    const scored = [0, 1, 2, 3, 4, 5, 6, 7].filter((j) => classesWithParts.has(Math.floor(j / 2))).length;
    expect(result.metrics['consistencyPrototypes']).toBe(scored);
    const consistency = result.metrics['consistency'] as number;
    const stability = result.metrics['stability'] as number;
    // 100 × (consistent prototypes / scored prototypes): a whole multiple of 100 / scored.
    expect((consistency * scored) / 100).toBeCloseTo(Math.round((consistency * scored) / 100), 9);
    expect(stability).toBeGreaterThanOrEqual(0);
    expect(stability).toBeLessThanOrEqual(100);
  }, 120_000);
});
