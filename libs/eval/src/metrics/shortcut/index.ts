/**
 * Shortcut audit for data pooled from several sites (hospitals, scanners, source datasets), where a
 * classifier can learn the site instead of the disease when prevalence differs between sites.
 *
 * - Site predictability: out-of-fold AUC of a seeded k-fold L2 logistic-regression probe that
 *   predicts the site from per-image features (macro one-vs-rest for more than two sites).
 * - Per-site AUC of the classifier, and its AUC with every site re-weighted to the same prevalence
 *   (importance weights; `weightedRocAuc` is the tie-aware weighted Mann–Whitney AUC).
 * - Pixel shuffle (one seeded permutation of pixel positions for all images) and
 *   P_est = P_source − P_shuffled + ½.
 */
export { weightedRocAuc } from './weighted-auc';
export {
  perSiteRocAuc,
  prevalenceBalancedRocAuc,
  prevalenceBalancingWeights,
  type PrevalenceBalanceOptions,
  type SiteAuc,
} from './site-auc';
export {
  DEFAULT_PROBE_L2,
  fitLogisticRegression,
  logisticDecision,
  type LogisticRegressionModel,
  type LogisticRegressionOptions,
} from './logistic-regression';
export { sitePredictability, type SitePredictability, type SitePredictabilityOptions } from './site-predictability';
export { pixelPermutation, pixelShuffle, type ImageShape, type PixelArray } from './pixel-shuffle';
export { acquisitionCorrectedAuc } from './acquisition-corrected-auc';
