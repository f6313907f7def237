import * as tf from '@tensorflow/tfjs-core';
import { acquisitionCorrectedAuc, perSiteRocAuc, pixelShuffle, prevalenceBalancedRocAuc, rocAuc, sitePredictability } from '@protoscope/eval';
import type { EvaluationContext } from '../evaluation-context';
import { format, type EvaluationSuite } from './suite';

const HISTOGRAM_BINS = 16;

/** Globally average-pooled backbone features of every selected image (what the classifier head sees). */
function pooledFeatures(context: EvaluationContext): number[][] {
  const hooks = context.explainable.hooks;
  if (!hooks) throw new Error(`${context.loaded.run.method} exposes no feature map`);
  const rows: number[][] = [];
  for (const { images } of context.images.batches()) {
    rows.push(...(tf.tidy(() => tf.mean(hooks.features(images), [1, 2]).arraySync()) as number[][]));
    images.dispose();
  }
  return rows;
}

/**
 * What survives pixel shuffling: the intensity distribution. Each image is shuffled with one seeded
 * permutation (as the protocol trains on shuffled images) and described by a 16-bin histogram plus
 * mean and standard deviation — a probe on these sees exactly what a network trained on shuffled
 * images can use, at a fraction of the cost of training one.
 */
function shuffledIntensityFeatures(context: EvaluationContext, seed: number): number[][] {
  const rows: number[][] = [];
  for (const { images } of context.images.batches()) {
    const [b, h, w, c] = images.shape;
    const data = images.dataSync() as Float32Array;
    const perImage = Array.from({ length: b }, (_, i) => data.slice(i * h * w * c, (i + 1) * h * w * c));
    for (const pixels of pixelShuffle(perImage, { height: h, width: w, channels: c }, seed)) {
      const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
      let sum = 0;
      let squares = 0;
      for (const v of pixels) {
        histogram[Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(v * HISTOGRAM_BINS)))]! += 1 / pixels.length;
        sum += v;
        squares += v * v;
      }
      const mean = sum / pixels.length;
      rows.push([...histogram, mean, Math.sqrt(Math.max(0, squares / pixels.length - mean * mean))]);
    }
    images.dispose();
  }
  return rows;
}

/**
 * Shortcut audit for multi-source data: how well the acquisition site can be told from the model's
 * features (5-fold logistic probe AUC; 0.5 = not at all), the classifier's AUC within each site and
 * with every site re-weighted to one prevalence, and the pixel-shuffle estimate
 * P_est = P_source − P_shuffled + 0.5 (a binary task's AUC corrected for what acquisition alone gives).
 */
export const shortcutSuite: EvaluationSuite = {
  id: 'shortcut',
  async run(context) {
    const { items } = context.images;
    const siteNames = [...new Set(items.flatMap((item) => (item.source ? [item.source] : [])))].sort();
    if (siteNames.length < 2 || items.some((item) => !item.source)) {
      return { metrics: {}, rows: [], notes: [`shortcut: needs every image's source and at least two sources (found ${siteNames.length})`] };
    }
    const sites = items.map((item) => siteNames.indexOf(item.source!));
    const labels = items.map((item) => item.label);
    const site = sitePredictability(pooledFeatures(context), sites, { seed: context.seed });
    const metrics: Record<string, unknown> = { siteAuc: site.auc, sites: siteNames };
    const rows: Array<[string, string]> = [['siteAuc', format(site.auc)]];
    const notes: string[] = [];
    if (context.loaded.classes.length === 2) {
      const scores = context.predictions.probabilities.map((row) => row[1]!);
      const sourceAuc = rocAuc(scores, labels);
      const perSite = perSiteRocAuc(scores, labels, sites).map((s) => ({ ...s, site: siteNames[s.site] }));
      const balancedAuc = prevalenceBalancedRocAuc(scores, labels, sites);
      const shuffledAuc = sitePredictability(shuffledIntensityFeatures(context, context.seed), labels, { seed: context.seed }).auc;
      Object.assign(metrics, { perSiteAuc: perSite, balancedAuc, shuffledAuc, shortcutEstimate: acquisitionCorrectedAuc(sourceAuc, shuffledAuc) });
      rows.push(
        ...perSite.map((s): [string, string] => [`auc at ${s.site}`, format(s.auc)]),
        ['balancedAuc', format(balancedAuc)],
        ['shuffledAuc', format(shuffledAuc)],
        ['shortcutEstimate', format(metrics['shortcutEstimate'] as number)],
      );
    } else {
      notes.push('shortcut: per-site, balanced and pixel-shuffle AUCs are defined for binary tasks');
    }
    return { metrics, rows, notes };
  },
};
