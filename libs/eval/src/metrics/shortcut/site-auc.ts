/**
 * The classifier's AUC per site, and its AUC once every site has the same prevalence.
 *
 * A model that recognises the *site* gets credit for disease wherever prevalence differs between
 * sites: pooled AUC rises although within-site ranking is no better. Re-weighting the cases so that
 * every site has the same positive rate π removes that credit. Weights (importance weights, each
 * site keeping its total weight n_s):
 *   positive in site s: π · n_s / P_s,   negative in site s: (1 − π) · n_s / N_s,
 * with π the pooled prevalence unless given. A classifier that scores only the site then has AUC ½.
 * Every site needs both classes; otherwise its prevalence cannot be changed by weighting.
 */
import { MetricInputError, UndefinedMetricError, type UndefinedMetricReason } from '../errors';
import { rocAuc } from '../classification/auc';
import { checkBinary } from '../classification/inputs';
import { casesBySite, checkSites } from './sites';
import { weightedRocAuc } from './weighted-auc';

export interface SiteAuc {
  site: number;
  cases: number;
  positives: number;
  /** Null when the site lacks positives or negatives. */
  auc: number | null;
  undefinedReason?: UndefinedMetricReason;
}

/** `rocAuc` within each site (ascending site id). */
export function perSiteRocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>, sites: ArrayLike<number>): SiteAuc[] {
  const metric = 'perSiteRocAuc';
  const input = checkBinary(metric, scores, labels);
  const checkedSites = checkSites(metric, sites, input.labels.length);
  return casesBySite(checkedSites).map(({ site, indices }) => {
    const siteScores = indices.map((i) => input.scores[i]);
    const siteLabels = indices.map((i) => input.labels[i]);
    const positives = siteLabels.reduce((sum: number, label) => sum + label, 0);
    try {
      return { site, cases: indices.length, positives, auc: rocAuc(siteScores, siteLabels) };
    } catch (error) {
      if (!(error instanceof UndefinedMetricError)) throw error;
      return { site, cases: indices.length, positives, auc: null, undefinedReason: error.reason };
    }
  });
}

export interface PrevalenceBalanceOptions {
  /** Positive rate every site is weighted to; default the pooled prevalence. Must be in (0, 1). */
  targetPrevalence?: number;
}

/** Importance weights that give every site the same prevalence (see the file comment). */
export function prevalenceBalancingWeights(
  labels: ArrayLike<number>,
  sites: ArrayLike<number>,
  options: PrevalenceBalanceOptions = {},
): Float64Array {
  const metric = 'prevalenceBalancingWeights';
  const input = checkBinary(metric, new Float64Array(labels.length), labels);
  return balancingWeights(metric, input.labels, checkSites(metric, sites, input.labels.length), options);
}

function balancingWeights(metric: string, labels: Uint8Array, sites: Int32Array, options: PrevalenceBalanceOptions): Float64Array {
  const pooled = labels.reduce((sum: number, label) => sum + label, 0) / labels.length;
  const target = options.targetPrevalence ?? pooled;
  if (!Number.isFinite(target) || target <= 0 || target >= 1) {
    throw new MetricInputError(metric, `targetPrevalence is ${String(target)}; it must be strictly between 0 and 1`);
  }
  const weights = new Float64Array(labels.length);
  for (const { site, indices } of casesBySite(sites)) {
    const positives = indices.filter((i) => labels[i] === 1).length;
    const negatives = indices.length - positives;
    if (positives === 0 || negatives === 0) {
      const missing = positives === 0 ? 'positive' : 'negative';
      throw new UndefinedMetricError(
        metric,
        positives === 0 ? 'no-positive-cases' : 'no-negative-cases',
        `site ${site} has no ${missing} case, so its prevalence cannot be re-weighted; leave the site out or report its cases separately`,
      );
    }
    for (const i of indices) {
      weights[i] = labels[i] === 1 ? (target * indices.length) / positives : ((1 - target) * indices.length) / negatives;
    }
  }
  return weights;
}

/** Weighted AUC with every site re-weighted to the same prevalence. */
export function prevalenceBalancedRocAuc(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  sites: ArrayLike<number>,
  options: PrevalenceBalanceOptions = {},
): number {
  const metric = 'prevalenceBalancedRocAuc';
  const input = checkBinary(metric, scores, labels);
  const weights = balancingWeights(metric, input.labels, checkSites(metric, sites, input.labels.length), options);
  return weightedRocAuc(input.scores, input.labels, weights);
}
