import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initEngine } from '@protoscope/engine';
import { generateDataset } from '@protoscope/datasets';
import { openDataset, resolveDataPath } from '@protoscope/datasets';
import { openStore } from '@protoscope/tracking';
import { writePrevalenceBalancedSubset } from './prevalence-balanced-subset';
import { absoluteShareInside, auditShortcut, type SignatureRelevance } from './shortcut-audit';

const TINY = { backbone: { name: 'small-cnn', options: { widths: [4, 8] } }, prototypesPerClass: 2, prototypeDepth: 4, warmupEpochs: 0, pushStart: 0, pushEvery: 1, lastLayerIterations: 1 };

let root: string;

beforeAll(async () => {
  await initEngine({ backend: 'wasm', log: () => undefined });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'protoscope-audit-'));
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('absoluteShareInside', () => {
  it('is the share of absolute relevance in the region, and null for an empty map', () => {
    // |1| + |−3| inside, |2| + |−2| outside → 4 / 8.
    expect(absoluteShareInside(Float32Array.from([1, -3, 2, -2]), Uint8Array.from([1, 1, 0, 0]))).toBeCloseTo(0.5, 12);
    expect(absoluteShareInside(Float32Array.from([0, 0]), Uint8Array.from([1, 0]))).toBeNull();
  });
});

describe('writePrevalenceBalancedSubset', () => {
  it('keeps, per site and split, as many positives as negatives (the first in manifest order) and points at the original images', async () => {
    const data = path.join(root, 'small');
    await generateDataset('cxr-multisource', { n: 60, seed: 5, size: 16, options: { prevalence: '0.2,0.8' } }, data);
    const out = path.join(root, 'small-balanced');
    const { kept, perSite } = writePrevalenceBalancedSubset(data, out);
    // Expected counts, from the original manifest: Σ over (site, split) of 2 · min(positives, negatives).
    const original = openDataset(data).manifest.images;
    const groups = new Map<string, [number, number]>();
    for (const r of original) {
      const key = `${r.source}/${r.split}`;
      const [pos, neg] = groups.get(key) ?? [0, 0];
      groups.set(key, r.labels['finding'] === 1 ? [pos + 1, neg] : [pos, neg + 1]);
    }
    const expected = [...groups.values()].reduce((s, [pos, neg]) => s + 2 * Math.min(pos, neg), 0);
    expect(kept).toBe(expected);
    expect(perSite['site-0']! + perSite['site-1']!).toBe(expected);
    const subset = openDataset(out);
    expect(subset.manifest.images).toHaveLength(expected);
    for (const site of ['site-0', 'site-1']) {
      const members = subset.manifest.images.filter((r) => r.source === site);
      expect(members.filter((r) => r.labels['finding'] === 1).length * 2).toBe(members.length);
    }
    for (const r of subset.manifest.images) expect(fs.existsSync(resolveDataPath(subset, r.image.path))).toBe(true);
  });

  it('refuses a dataset that is not binary', async () => {
    const parts = path.join(root, 'parts-only');
    await generateDataset('parts', { n: 8, seed: 1, size: 16, options: {} }, parts);
    expect(() => writePrevalenceBalancedSubset(parts, path.join(root, 'parts-balanced'))).toThrow(/prevalence balancing needs a binary primary task/);
  });
});

describe('protoscope audit shortcut', () => {
  it('trains a prototype model, reports the shortcut numbers and relevance on the marker, and stores the evaluation', async () => {
    const data = path.join(root, 'cxr');
    await generateDataset('cxr-multisource', { n: 480, seed: 3, size: 16, options: {} }, data);
    const store = `sqlite:${path.join(root, 'store.db')}`;
    const result = await auditShortcut({ data, store, method: 'protopnet', methodConfig: TINY, epochs: 1, seed: 1 });
    expect(result.trained).toBe(true);
    for (const key of ['siteAuc', 'balancedAuc', 'shuffledAuc', 'shortcutEstimate']) {
      expect(result.metrics[key]).toBeGreaterThanOrEqual(0);
      expect(result.metrics[key]).toBeLessThanOrEqual(1);
    }
    const relevance = result.metrics['signatureRelevance'] as Record<string, SignatureRelevance>;
    for (const method of ['prp', 'prototypes']) {
      const r = relevance[method]!;
      expect(r.share).toBeGreaterThanOrEqual(0);
      expect(r.share).toBeLessThanOrEqual(1);
      // 16 px images: the marker is max(2, round(16/16)) = 2 px square → 4 of 256 pixels.
      expect(r.areaShare).toBeCloseTo(4 / 256, 12);
      expect(r.enrichment).toBeCloseTo(r.share / r.areaShare, 9);
      expect(Object.keys(r.perSite).sort()).toEqual(['site-0', 'site-1']);
    }
    // The second run: trained on the prevalence-balanced subset, audited on its own validation split.
    const balanced = result.balanced!;
    expect(balanced.runId).not.toBe(result.runId);
    expect(balanced.data).toBe(`${data}-prevalence-balanced`);
    expect(balanced.relevance['prp']).toBeDefined();
    expect(result.report).toMatch(/^# Shortcut audit/);
    expect(result.report).toMatch(/\| measure \| as given \| prevalence balanced \| reading \|/);
    expect(result.report).toMatch(/prevalence-balanced AUC/);
    expect(result.report).toMatch(/prp relevance on the site marker/);
    const opened = await openStore(store);
    try {
      const evaluations = await opened.evaluations.list(result.runId, { name: 'shortcut-audit' });
      const stored = evaluations.find((e) => e.name === 'shortcut-audit');
      expect(stored?.metrics['balancedAuc']).toBe(result.metrics['balancedAuc']);
    } finally {
      await opened.close();
    }
    // Auditing the same run again takes it instead of training.
    const again = await auditShortcut({ data, store, runId: result.runId, seed: 1 });
    expect(again.trained).toBe(false);
    expect(again.balanced).toBeUndefined();
    expect(again.metrics['siteAuc']).toBe(result.metrics['siteAuc']);
  }, 300_000);

  it('refuses data with another label space', async () => {
    const parts = path.join(root, 'parts');
    await generateDataset('parts', { n: 8, seed: 1, size: 16, options: {} }, parts);
    const store = `sqlite:${path.join(root, 'store.db')}`;
    const opened = await openStore(store);
    const [run] = await opened.runs.list();
    await opened.close();
    await expect(auditShortcut({ data: parts, store, runId: run!.id })).rejects.toThrow(/has classes \[.*\], run .* was trained on \[normal, opacity\]/);
  }, 120_000);
});
