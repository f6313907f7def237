/**
 * Site predictability: can a linear probe tell which site (hospital, scanner, source dataset) an
 * image came from, given per-image feature vectors (pooled backbone features, pooled saliency, …)?
 * An AUC near 1 means the features carry the site, so a classifier can use it as a shortcut; near ½
 * means they do not (at least not linearly).
 *
 * Protocol: seeded stratified k-fold (each site's cases shuffled and dealt round-robin to the folds);
 * on each training fold, an L2 logistic regression (`logistic-regression.ts`) per site against the
 * rest — one probe for two sites; its decision values on the held-out fold are pooled over folds
 * (out-of-fold predictions for every case), then scored: binary AUC of the second site against the
 * first for two sites, macro one-vs-rest AUC (`oneVsRestRocAuc`) for more.
 */
import { MetricInputError } from '../errors';
import { oneVsRestRocAuc, rocAuc, type ClassAuc } from '../classification/auc';
import { mulberry32 } from '../classification/bootstrap';
import { checkFeatureRows, fitLogisticRows, logisticDecisionRows, type LogisticRegressionOptions } from './logistic-regression';
import { casesBySite, checkSites } from './sites';

export interface SitePredictabilityOptions extends LogisticRegressionOptions {
  /** Number of folds; default 5. Every site needs at least this many cases. */
  folds?: number;
  /** Seed of the fold assignment; default 0. */
  seed?: number;
}

export interface SitePredictability {
  /** Out-of-fold site AUC: binary for two sites, macro one-vs-rest for more. */
  auc: number;
  /** Site ids in column order of `outOfFoldScores`. */
  sites: number[];
  /** One-vs-rest AUC per site (more than two sites only). */
  perSite: ClassAuc[] | null;
  /** Per case: the probe's held-out log-odds — one column (second site vs first) or one per site. */
  outOfFoldScores: number[][];
  /** Fold of each case. */
  foldOf: Int32Array;
  /** False when some probe stopped at maxIterations before its gradient tolerance. */
  converged: boolean;
}

/** Stratified, seeded fold assignment. */
export function stratifiedFolds(groups: ReadonlyArray<{ indices: number[] }>, cases: number, folds: number, seed: number): Int32Array {
  const random = mulberry32(seed);
  const foldOf = new Int32Array(cases);
  let dealt = 0;
  for (const { indices } of groups) {
    const shuffled = [...indices];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    // Dealing continues where the previous site stopped, so fold sizes differ by at most one.
    for (const index of shuffled) foldOf[index] = dealt++ % folds;
  }
  return foldOf;
}

function selectRows(rows: Float64Array, d: number, indices: number[]): Float64Array {
  const out = new Float64Array(indices.length * d);
  indices.forEach((index, k) => out.set(rows.subarray(index * d, (index + 1) * d), k * d));
  return out;
}

export function sitePredictability(
  features: ReadonlyArray<ArrayLike<number>>,
  sites: ArrayLike<number>,
  options: SitePredictabilityOptions = {},
): SitePredictability {
  const metric = 'sitePredictability';
  const { rows, n, d } = checkFeatureRows(metric, features);
  const checkedSites = checkSites(metric, sites, n);
  const folds = options.folds ?? 5;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(folds) || folds < 2) {
    throw new MetricInputError(metric, `folds is ${String(folds)}; it must be an integer ≥ 2`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new MetricInputError(metric, `seed is ${String(seed)}; it must be an integer in [0, 4294967295]`);
  }
  const groups = casesBySite(checkedSites);
  if (groups.length < 2) {
    throw new MetricInputError(
      metric,
      `all cases come from site ${groups[0].site}; site predictability needs at least two sites`,
    );
  }
  const small = groups.find((g) => g.indices.length < folds);
  if (small) {
    throw new MetricInputError(
      metric,
      `site ${small.site} has ${small.indices.length} case(s), fewer than the ${folds} folds; use fewer folds or more cases`,
    );
  }
  const siteIds = groups.map((g) => g.site);
  const column = new Map(siteIds.map((site, k) => [site, k]));
  const siteIndex = Array.from(checkedSites, (site) => column.get(site)!);
  // Two sites need one probe (second vs first); more need one per site.
  const probes = siteIds.length === 2 ? [1] : siteIds.map((_, k) => k);
  const foldOf = stratifiedFolds(groups, n, folds, seed);
  const scores = Array.from({ length: n }, () => new Array<number>(probes.length).fill(0));
  let converged = true;
  for (let fold = 0; fold < folds; fold++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === fold ? test : train).push(i);
    const trainRows = selectRows(rows, d, train);
    const testRows = selectRows(rows, d, test);
    probes.forEach((target, p) => {
      const labels = Uint8Array.from(train, (i) => (siteIndex[i] === target ? 1 : 0));
      const model = fitLogisticRows(trainRows, train.length, d, labels, options);
      converged &&= model.converged;
      const decision = logisticDecisionRows(model, testRows, test.length);
      test.forEach((i, k) => (scores[i][p] = decision[k]));
    });
  }
  if (probes.length === 1) {
    const labels = siteIndex.map((k) => (k === 1 ? 1 : 0));
    return { auc: rocAuc(scores.map((row) => row[0]), labels), sites: siteIds, perSite: null, outOfFoldScores: scores, foldOf, converged };
  }
  const { perClass, macro } = oneVsRestRocAuc(scores, siteIndex);
  return { auc: macro!, sites: siteIds, perSite: perClass, outOfFoldScores: scores, foldOf, converged };
}
